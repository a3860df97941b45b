"""The Change view's and the What-if panel's pure parts, without a browser: periods in the link,
default periods, movers against a plain sort, the change network against brute-force counts, the
callbacks on Pleven against the library's comparison, and a hand-built bridge whose removal cuts
three NGOs off every public body."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pandas as pd
import pytest

from dashboards import create_app
from dashboards.change import default_periods, movers, status_text
from dashboards.figures.change import change_elements, community_change_elements
from dashboards.layout.whatif import ngos_losing_public, whatif_answer
from dashboards.state import FilterState, UrlState, decode_query, encode_query
from stakeholder_graph.network.change import compare, parse_period
from stakeholder_graph.network.graph import graph_from_edges
from stakeholder_graph.network.whatif import what_if
from tests.unit.test_dashboard_scale import _random_network

FILTERS = [[], [], [], [], [], None, []]


@pytest.fixture(scope="module")
def pleven_app():
    return create_app("pleven", warm=False)


@pytest.fixture(scope="module")
def pleven_compare(pleven_app):
    data = pleven_app.server.config["STAKEHOLDER_GRAPH_DASHBOARD"]
    return compare(data.network, parse_period("2023"), parse_period("2024"))


def test_periods_round_trip_through_the_link():
    state = UrlState(FilterState(sectors=("civil",)), before="2023", after="2024-01-01:")
    query = encode_query(state)
    assert query == "?sector=civil&before=2023&after=2024-01-01%3A"
    back = decode_query(query)
    assert (back.before, back.after, back.filters.sectors) == ("2023", "2024-01-01:", ("civil",))
    assert decode_query("?sector=civil").before is None


def test_default_periods_are_the_last_two_complete_years():
    dates = pd.Series(pd.to_datetime(["2021-07-01", "2025-06-30"]))
    assert default_periods(dates) == ("2023", "2024")
    assert default_periods(pd.Series(pd.to_datetime(["2023-02-01", "2024-12-31"]))) == (
        "2023",
        "2024",
    )
    assert default_periods(pd.Series(pd.to_datetime(["2024-02-01", "2024-12-31"]))) == (None, None)


def test_movers_match_a_plain_sort(pleven_app, pleven_compare):
    data = pleven_app.server.config["STAKEHOLDER_GRAPH_DASHBOARD"]
    view = data.view(FilterState())
    rows, changed = movers(pleven_compare, view, "strength", limit=10)
    orgs = pleven_compare["organizations"]
    moved = orgs[orgs["strength_change"].fillna(0) != 0]
    assert changed == len(moved)
    expected = moved.assign(size=moved["strength_change"].abs()).sort_values(
        ["size", "name"], ascending=[False, True]
    )
    assert rows["id"].tolist() == expected["id"].head(10).tolist()
    assert np.allclose(rows["change"], rows["after"] - rows["before"])
    # the organization filters restrict the movers to what is shown
    civil = data.view(FilterState(sectors=("civil",)))
    rows, _ = movers(pleven_compare, civil, "degree")
    assert set(rows["sector"]) == {"civil"}


def test_status_words():
    frame = pd.DataFrame(
        {
            "entered": [True, False],
            "left": [False, False],
            "became_isolated": [False, True],
            "stopped_isolated": [False, False],
            "moved": [False, True],
        }
    )
    assert status_text(frame).tolist() == ["entered", "lost every tie; changed community"]


def test_change_elements_draw_every_changed_tie_once():
    nodes, edges = _random_network()
    gained = edges.iloc[::3].rename(columns={"source": "a", "target": "b"})
    lost = edges.iloc[1::3].rename(columns={"source": "a", "target": "b"})
    elements = change_elements(nodes, gained, lost)
    ties = [e for e in elements if "source" in e["data"]]
    assert sum("gained" in e["classes"] for e in ties) == len(gained)
    assert sum("lost" in e["classes"] for e in ties) == len(lost)
    ends = set(gained["a"]) | set(gained["b"]) | set(lost["a"]) | set(lost["b"])
    assert {e["data"]["id"] for e in elements if "source" not in e["data"]} == ends


def test_community_change_counts_match_brute_force():
    nodes, edges = _random_network(n=80, m=400, seed=5)
    gained = edges.iloc[::2].rename(columns={"source": "a", "target": "b"})
    lost = edges.iloc[1::2].rename(columns={"source": "a", "target": "b"})
    elements = community_change_elements(nodes, gained, lost)
    of = dict(zip(nodes["id"], nodes["community"], strict=True))
    for kind, frame in (("gained", gained), ("lost", lost)):
        between: dict[tuple[int, int], int] = {}
        inside: dict[int, int] = {}
        for a, b in frame[["a", "b"]].itertuples(index=False):
            ca, cb = of[a], of[b]
            if ca == cb:
                inside[ca] = inside.get(ca, 0) + 1
            else:
                key = (min(ca, cb), max(ca, cb))
                between[key] = between.get(key, 0) + 1
        drawn = {
            (int(e["data"]["source"].split(":")[1]), int(e["data"]["target"].split(":")[1])): e[
                "data"
            ]["ties"]
            for e in elements
            if "source" in e["data"] and kind in e["classes"]
        }
        assert drawn == between
        sign = "+" if kind == "gained" else "−"
        for e in elements:
            if "source" in e["data"]:
                continue
            c = int(e["data"]["id"].split(":")[1])
            assert f"{sign}{inside.get(c, 0):,}" in e["data"]["label"]


def test_render_change_on_pleven_agrees_with_compare(pleven_app, pleven_compare):
    from dashboards.callbacks.change import render_change

    with pleven_app.server.app_context():
        out = render_change("2023", "2024", "degree", *FILTERS)
        gained = len(pleven_compare["ties_gained"])
        lost = len(pleven_compare["ties_lost"])
        assert f"{gained:,} ties gained and {lost:,} lost" in out[2]
        ties = [e for e in out[4] if "source" in e["data"]]
        assert len(ties) == gained + lost
        assert out[6][0]["id"] in set(pleven_compare["organizations"]["id"])
        bad = render_change("2023", "2024-13-01:", "degree", *FILTERS)
        assert "cannot be compared" in bad[0] and bad[1] == {"display": "block"}


def _bridge():
    """Public body 0 — broker 1 — NGOs 2, 3, 4 (and a business 5 tied to 0): removing the
    broker cuts the three NGOs off every public body and out of the largest component."""
    edges = [(0, 1), (1, 2), (1, 3), (1, 4), (2, 3), (0, 5)]
    sectors = ["public", "civil", "civil", "civil", "social_economy", "private"]
    return graph_from_edges(edges, sectors=sectors)


def test_whatif_panel_on_a_bridge():
    g = _bridge()
    result = what_if(g, ["o1"], betweenness=False)
    assert ngos_losing_public(result)["id"].tolist() == ["o2", "o3", "o4"]
    answer = str(whatif_answer("Broker", result))
    assert "3 NGOs lose every path to a public body, 3 organizations leave" in answer
    assert "lose every path to a business" in answer
    # skipping betweenness changes nothing else
    full = what_if(g, ["o1"])
    pd.testing.assert_frame_equal(result["cut_off"], full["cut_off"])
    assert result["organizations"]["betweenness_norm_after"].isna().all()
    assert result["summary"]["betweenness"] == {"method": "not computed"}
    skipped = {k: v for k, v in result["summary"].items() if k != "betweenness"}
    assert skipped == {k: v for k, v in full["summary"].items() if k != "betweenness"}


def test_whatif_callback_answers_for_the_selected_organization(pleven_app):
    from dashboards.callbacks.whatif import run_whatif

    with pleven_app.server.app_context():
        answer = str(run_whatif(1, "pl-adm-social", *FILTERS))
        assert "If Дирекция „Социални дейности и здравеопазване“ left" in answer
        assert "1 NGO loses every path to a public body" in answer
        assert "not in the analysed network" in str(run_whatif(1, "nobody", *FILTERS))


def test_whatif_pairs_checked_by_brute_force():
    """On a random graph, every removal's cut-off NGOs equal a component search."""
    import networkx as nx

    rng = np.random.default_rng(4)
    n = 30
    pairs = {tuple(sorted(p)) for p in rng.integers(0, n, (36, 2)).tolist() if p[0] != p[1]}
    sectors = rng.choice(["public", "civil", "private", "social_economy"], n).tolist()
    g = graph_from_edges(sorted(pairs), n=n, sectors=sectors)
    base = nx.Graph(sorted(pairs))
    base.add_nodes_from(range(n))
    public = {i for i in range(n) if sectors[i] == "public"}

    def reach(graph):
        return {i for comp in nx.connected_components(graph) for i in comp if (public & comp) - {i}}

    for r in itertools.islice(range(n), 12):
        graph = base.copy()
        graph.remove_node(r)
        lost = (reach(base) - reach(graph)) - {r}
        expected = sorted(f"o{i}" for i in lost if sectors[i] in ("civil", "social_economy"))
        got = ngos_losing_public(what_if(g, [f"o{r}"], betweenness=False))["id"].tolist()
        assert sorted(got) == expected


def _assert_same_comparison(got: dict, want: dict, skip: tuple[str, ...] = ()) -> None:
    for name in ("ties_gained", "ties_lost", "sectors"):
        pd.testing.assert_frame_equal(got[name], want[name])
    keep = [c for c in want["organizations"].columns if not c.startswith(skip)] if skip else None
    pd.testing.assert_frame_equal(
        got["organizations"][keep] if keep else got["organizations"],
        want["organizations"][keep] if keep else want["organizations"],
    )
    for part in ("before", "after", "change"):
        a, b = got["summary"][part], want["summary"][part]
        assert {k: v for k, v in a.items() if k not in skip} == {
            k: v for k, v in b.items() if k not in skip
        }


def test_new_period_pair_quick_then_exact_as_compare():
    """A new pair in a large network: paths estimated in the periods not measured yet (named by
    the notice), everything else exact; then the exact comparison, ``compare``'s own, replaces
    it; a pair sharing a measured period estimates only the other."""
    from dashboards.change import ComparisonStore, estimate_note, is_estimate
    from dashboards.data import DashboardData
    from stakeholder_graph.analysis import AnalysisParams
    from stakeholder_graph.dataset.generate import generate_network

    network = generate_network(400, seed=2)  # more than the 256 sampled sources
    data = DashboardData(network, AnalysisParams(srm_max_answers=0), quick_above=0, role="analyst")
    store = ComparisonStore(data)
    assert store.quick
    exact = compare(network, parse_period("2022"), parse_period("2024"))
    try:
        quick = store.get("2022", "2024")
        assert is_estimate(quick) and set(quick["estimate"]) == {"before", "after"}
        note = estimate_note(quick)
        assert "of the before period (2022-01-01 – 2022-12-31) are estimates from 256" in note
        assert "of the after period (2024-01-01 – 2024-12-31)" in note
        assert "being computed" in note
        paths = ("betweenness", "harmonic", "betweenness_centralization")
        _assert_same_comparison(quick, exact, skip=paths)
        rho = quick["organizations"]["betweenness_norm_after"].corr(
            exact["organizations"]["betweenness_norm_after"], method="spearman"
        )
        assert rho > 0.9, rho
        deadline = time.monotonic() + 120
        while not store.is_settled("2022", "2024") and time.monotonic() < deadline:
            time.sleep(0.1)
        settled = store.get("2022", "2024")
        assert not is_estimate(settled) and estimate_note(settled) == ""
        _assert_same_comparison(settled, exact)
        # 2024 is measured now: only the new before period is estimated
        other = store.get("2023", "2024")
        assert set(other["estimate"]) == {"before"}
        assert "after period" not in estimate_note(other)
    finally:
        store.close()
        data.analyses.close()
