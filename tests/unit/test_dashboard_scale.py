"""The dashboard's pure parts for large networks and self-explanation: the network of
communities (checked against a brute-force count), the glossary (against docs/metrics.md), the
job history, the flag badges and the community filter's round trip through a link."""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pandas as pd
import pytest

from dashboards.callbacks.isolated import flag_list
from dashboards.figures.charts import isolation_bar
from dashboards.figures.communities import community_elements, community_table
from dashboards.glossary import explain, glossary, sections
from dashboards.history import read_history
from dashboards.state import FilterState, UrlState, decode_query, encode_query
from stakeholder_graph.resources import metrics_doc


def _random_network(n: int = 60, m: int = 200, seed: int = 3):
    rng = np.random.default_rng(seed)
    nodes = pd.DataFrame(
        {
            "id": [f"o{i}" for i in range(n)],
            "name": [f"Org {i}" for i in range(n)],
            "community": rng.integers(0, 6, n),
            "sector": rng.choice(["public", "private", "civil", "social_economy"], n),
            "betweenness_norm": rng.random(n),
            "x": rng.random(n) * 100,
            "y": rng.random(n) * 100,
        }
    )
    pairs = {tuple(sorted(p)) for p in rng.integers(0, n, (m, 2)).tolist() if p[0] != p[1]}
    edges = pd.DataFrame(
        [(f"o{a}", f"o{b}") for a, b in sorted(pairs)], columns=["source", "target"]
    )
    return nodes, edges


def test_community_table_matches_brute_force():
    nodes, edges = _random_network()
    groups, links = community_table(nodes, edges)
    of = dict(zip(nodes["id"], nodes["community"], strict=True))
    expected: dict[tuple[int, int], int] = {}
    for s, t in zip(edges["source"], edges["target"], strict=True):
        a, b = sorted((of[s], of[t]))
        if a != b:
            expected[(a, b)] = expected.get((a, b), 0) + 1
    assert {(int(a), int(b)): int(t) for a, b, t in links.itertuples(index=False)} == expected
    for row in groups.itertuples(index=False):
        members = nodes[nodes["community"] == row.community]
        assert row.members == len(members)
        assert row.x == pytest.approx(members["x"].mean())
        counts = members["sector"].value_counts()
        assert counts[row.sector] == counts.max()
        top = members.sort_values("betweenness_norm", ascending=False)["name"].head(2)
        assert row.names == ", ".join(top)


def test_community_elements_one_node_per_community():
    nodes, edges = _random_network()
    elements = community_elements(nodes, edges)
    node_ids = [e["data"]["id"] for e in elements if "source" not in e["data"]]
    assert sorted(node_ids) == sorted(f"community:{c}" for c in nodes["community"].unique())
    sizes = {e["data"]["id"]: e["data"]["size"] for e in elements if "size" in e["data"]}
    biggest = nodes["community"].value_counts().idxmax()
    assert sizes[f"community:{biggest}"] == max(sizes.values())
    # an organization without a tie (a community of its own) is not drawn
    alone = pd.DataFrame(
        {"id": ["z"], "name": ["Z"], "community": [99], "sector": ["civil"]}
        | {"betweenness_norm": [0.0], "x": [0.0], "y": [0.0]}
    )
    more = community_elements(pd.concat([nodes, alone], ignore_index=True), edges)
    assert "community:99" not in {e["data"]["id"] for e in more}


def test_community_elements_draw_only_the_links_with_most_ties(monkeypatch):
    import dashboards.figures.communities as communities

    nodes, edges = _random_network()
    _, links = community_table(nodes, edges, min_members=2)
    assert len(links) > 3
    monkeypatch.setattr(communities, "MAX_LINKS", 3)
    drawn = [e for e in community_elements(nodes, edges) if "source" in e["data"]]
    assert len(drawn) == 3
    weights = sorted((e["data"]["weight"] for e in drawn), reverse=True)
    assert weights == sorted(links["ties"].tolist(), reverse=True)[:3]


def test_glossary_is_read_from_the_metrics_document():
    text = metrics_doc().read_text(encoding="utf-8")
    entries = glossary()
    headings = re.findall(r"^### (\w+)\s*$", text, flags=re.M)
    assert {"strength", "coreness", "constraint", "eigenvector"} <= set(headings)
    for key in headings:
        assert entries[key.lower()].definition, key
    # every sentence shown is in the document (code marks and emphasis removed)
    flat = re.sub(r"[*`]", "", re.sub(r"\s+", " ", text))
    for entry in sections():
        assert entry.definition.rstrip(":")[1:60] in flat
        assert entry.reading[1:60] in flat
    assert explain("betweenness_norm") == explain("betweenness") != ""
    assert explain("no_such_measure") == ""


def test_history_reads_the_jobs_report(tmp_path):
    assert read_history(tmp_path) is None
    report = {
        "run": {"started_at": "2026-01-02T03:04:05Z"},
        "parameters": {"window_days": 365, "as_of_date": "2025-06-30"},
        "previous_run": {"run_at": "2026-01-01T03:04:05Z"},
        "counts": {"newly_isolated": 1, "still_isolated": 2, "recovered": 1, "by_flag": {}},
        "flags": [
            {"id": "a", "name": "A", "status": "new"},
            {"id": "b", "name": "B", "status": "still"},
        ],
        "diff": {"recovered": [{"id": "c", "name": "C"}]},
    }
    (tmp_path / "report.json").write_text(json.dumps(report))
    history = read_history(tmp_path)
    assert history.counts == {"newly_isolated": 1, "still_isolated": 2, "recovered": 1}
    assert history.status == {"a": "new", "b": "still"}
    assert history.recovered == (("c", "C"),)
    assert history.window_days == 365 and history.as_of == "2025-06-30"


def test_flag_list_and_readable_chart_at_any_count():
    table = pd.DataFrame(
        {
            "no_interaction": [True, False],
            "no_public_tie": [True, True],
            "civil_only": [False, True],
            "single_tie": [False, False],
            "declining": [True, False],
        }
    )
    assert flag_list(table).tolist() == [
        "no_interaction;no_public_tie;declining",
        "no_public_tie;civil_only",
    ]
    big = pd.concat([table] * 700, ignore_index=True)
    axis = isolation_bar(big).layout.xaxis
    assert axis.dtick is None and axis.nticks <= 10


@pytest.mark.parametrize(
    "state",
    [
        UrlState(FilterState(communities=("3",))),
        UrlState(FilterState(sectors=("civil",), communities=("1", "12"), year_from=2022), org="x"),
    ],
)
def test_community_filter_round_trips_through_a_link(state):
    assert decode_query(encode_query(state)) == state


def test_filter_state_with_communities_is_an_org_filter():
    assert FilterState(communities=("2",)).has_org_filter()
    assert list(
        itertools.islice(FilterState.make(communities=["2", "2", "10"]).communities, 3)
    ) == [
        "10",
        "2",
    ]


def test_exports_carry_the_filtered_view():
    import io

    import networkx as nx

    from dashboards.callbacks.exports import graph_file, picture
    from dashboards.data import DashboardData
    from stakeholder_graph.sources import read_network

    data = DashboardData(read_network("pleven"))
    view = data.view(FilterState(sectors=("civil",)))
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = read(io.BytesIO(graph_file(view, fmt)))
        assert set(graph.nodes) == set(view.nodes["id"])
        pairs = {frozenset(e) for e in graph.edges}
        assert pairs == {
            frozenset(p) for p in zip(view.edges["source"], view.edges["target"], strict=True)
        }
        assert all(graph.nodes[n]["sector"] == "civil" for n in graph.nodes)
    fig = picture(view, "degree", None, "pleven", data.options.years)
    title = fig["layout"]["title"]["text"]
    assert f"{len(view.nodes)} organizations" in title and "Civil society" in title
    legend = [t["name"] for t in fig["data"] if t.get("mode") == "markers"]
    assert legend == ["Civil society"]


def test_report_download_covers_the_filtered_view():
    """The network view's Report button gives the council report of what is shown: with only
    civil society ticked, the report's network holds the civil organizations alone."""
    import html as html_lib
    import re

    from dashboards.callbacks.exports import report_file
    from dashboards.data import DashboardData
    from stakeholder_graph.sources import read_network

    data = DashboardData(read_network("pleven"))
    view = data.view(FilterState(sectors=("civil",)))
    text = html_lib.unescape(report_file(view, "pleven", data.options.years))
    assert text.lstrip().lower().startswith("<!doctype html")
    assert "pleven: " in text and "Civil society" in text
    assert "Център за развитие на гражданското общество" in text  # a civil broker
    assert "Кмет на Община Плевен" not in text  # the mayor's office is public: filtered out
    headline = re.search(r'class="value">(\d+)</td><td><b>Organizations</b>', text)
    assert headline and int(headline.group(1)) == len(view.nodes)
    whole = html_lib.unescape(report_file(data.view(FilterState()), "pleven", None))
    assert "Кмет на Община Плевен" in whole


def test_prefetched_window_equals_the_analysis_made_on_the_spot():
    import time

    from dashboards.data import DashboardData
    from stakeholder_graph.analysis import analyze
    from stakeholder_graph.sources import read_network

    data = DashboardData(read_network("pleven"), role="analyst")  # unredacted, as analysed
    key = (2023, None, ())
    try:
        data.analyses.prefetch([key])
        deadline = time.monotonic() + 120
        while data.analyses.pending() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert data.analyses.info()["prefetched"] == 1
        got = data.analysis(FilterState(year_from=2023))
        info = data.analyses.info()
        assert info["misses"] == 0 and info["hits"] == 1
    finally:
        data.analyses.close()
    fresh = analyze(data.network, data.analysis_params(FilterState(year_from=2023)))
    pd.testing.assert_frame_equal(got.organization_metrics(), fresh.organization_metrics())
    assert got.params.graph.since == pd.Timestamp("2023-01-01")


def test_partial_years_are_marked_and_axes_start_at_zero():
    from dashboards.callbacks.views import _count
    from dashboards.figures.charts import partial_years, trend_figure

    dates = pd.Series(pd.to_datetime(["2021-07-01", "2022-05-05", "2023-06-30"]))
    assert partial_years(dates) == {2021: "from 2021-07-01", 2023: "to 2023-06-30"}
    assert partial_years(pd.Series(pd.to_datetime(["2021-01-10", "2021-12-20"]))) == {}
    trend = pd.DataFrame(
        {
            "year": [2021, 2022, 2023],
            "ties": [5, 40, 12],
            "density": [0.0498, 0.0521, 0.0503],
            "cross_sector_share": [0.5, 0.4, 0.45],
            "planning_share": [0.1, 0.2, 0.1],
            "implementation_share": [0.8, 0.7, 0.8],
        }
    )
    fig = trend_figure(trend, partial_years(dates))
    assert list(fig.data[0].marker.symbol) == ["circle-open", "circle", "circle-open"]
    assert fig.layout.yaxis2.rangemode == "tozero"
    assert "partial years" in fig.layout.annotations[-1].text
    assert (_count(1, noun="pairs"), _count(2, noun="pairs")) == ("1 pair", "2 pairs")


def test_ally_score_text_matches_the_documented_weights():
    from dashboards.layout.allies import ALLY_SCORE

    text = metrics_doc().read_text(encoding="utf-8")
    block = text[text.index("score = (√") :].split("specificity =")[0]
    assert (
        re.findall(r"\d\.\d+", block)
        == re.findall(r"\d\.\d+", ALLY_SCORE)
        == [
            "0.1",
            "0.01",
            "0.05",
        ]
    )


def test_clicked_org_is_the_org_of_a_clicked_button_only():
    from types import SimpleNamespace

    from dash import no_update

    from dashboards.callbacks.common import clicked_org

    def ctx(trigger, value):
        return SimpleNamespace(triggered_id=trigger, triggered=[{"value": value}])

    button = {"type": "pick", "org": "o7"}
    assert clicked_org(ctx(button, 1)) == "o7"
    assert clicked_org(ctx({"type": "whatif-pick", "org": "o3", "group": "public"}, 2)) == "o3"
    assert clicked_org(ctx(button, 0)) is no_update  # created with n_clicks=0: not a click
    assert clicked_org(ctx(button, None)) is no_update
    assert clicked_org(ctx("panel-clear", 1)) is no_update
    assert clicked_org(SimpleNamespace(triggered_id=None, triggered=[])) is no_update


def test_search_box_gets_every_name_only_in_a_small_view(monkeypatch):
    """Up to SEARCH_ALL organizations the search box is sent every name (sorted); above, only the
    names containing the typed text (case-insensitive) and the chosen organization."""
    import flask

    from dashboards.callbacks import network as cb
    from dashboards.callbacks.common import DATA_KEY
    from dashboards.data import DashboardData
    from stakeholder_graph.sources import read_network

    data = DashboardData(read_network("pleven"))
    app = flask.Flask(__name__)
    app.config[DATA_KEY] = data
    nodes = data.view(FilterState()).nodes
    names = nodes["name"].astype(str)
    none = ([], [], [], [], [], None, [])
    with app.app_context():
        every = cb.search_options(None, None, *none)
        assert [o["label"] for o in every] == sorted(names, key=str.lower)
        monkeypatch.setattr(cb, "SEARCH_ALL", len(nodes) - 1)
        assert cb.search_options(None, None, *none) == []
        text = "ОБЩИНА"
        found = cb.search_options(text, None, *none)
        expected = sorted((n for n in names if text.lower() in n.lower()), key=str.lower)
        assert expected and [o["label"] for o in found] == expected
        chosen = nodes.iloc[0]
        kept = cb.search_options(None, str(chosen["id"]), *none)
        assert kept == [{"label": str(chosen["name"]), "value": str(chosen["id"])}]


def test_interactive_graph_draws_the_largest_and_the_selected_with_its_partners(monkeypatch):
    """Above INTERACTIVE_NODES organizations the graph draws the largest by the size measure
    plus the selected organization and its partners, and only ties among those."""
    import flask

    from dashboards.callbacks import network as cb
    from dashboards.callbacks.common import DATA_KEY
    from dashboards.data import DashboardData
    from stakeholder_graph.sources import read_network

    data = DashboardData(read_network("pleven"))
    app = flask.Flask(__name__)
    app.config[DATA_KEY] = data
    view = data.view(FilterState())
    nodes, edges = view.nodes, view.edges
    none = ([], [], [], [], [], None, [])
    with app.app_context():
        whole = cb.render_network_with(*none, "degree", "communities", None)[0]
        assert sum("source" not in e["data"] for e in whole) == len(nodes)
        monkeypatch.setattr(cb, "INTERACTIVE_NODES", 10)
        # the organization with the fewest partners among those that have some
        degree = nodes.set_index("id")["degree"]
        org = degree[degree > 0].sort_values(kind="stable").index[0]
        elements, _, _, note, *_ = cb.render_network_with(*none, "degree", "communities", org)
    drawn = {e["data"]["id"] for e in elements if "source" not in e["data"]}
    largest = set(nodes.sort_values("degree", ascending=False, kind="stable")["id"].head(10))
    partners = set(edges.loc[edges["source"] == org, "target"]) | set(
        edges.loc[edges["target"] == org, "source"]
    )
    assert org not in largest and partners
    assert drawn == largest | {org} | partners
    ties = [(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]]
    assert ties and all(a in drawn and b in drawn for a, b in ties)
    among = edges["source"].isin(drawn) & edges["target"].isin(drawn)
    assert len(ties) == min(int(among.sum()), cb.INTERACTIVE_EDGES)
    assert f"{len(nodes):,} organizations" in note and "the 10 largest by degree" in note
