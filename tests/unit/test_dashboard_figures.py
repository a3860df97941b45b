"""Dashboard pieces that need no browser: figures, URL state, the analysis cache, summaries,
and the exposure rules of ``stakeholder-graph dashboard``."""

from __future__ import annotations

import base64

import flask
import numpy as np
import pandas as pd
import pytest

import dashboards.precompute as precompute_module
from dashboards.auth import check_exposure, install_basic_auth, is_loopback, read_credentials
from dashboards.data import DashboardData, compute_layout
from dashboards.figures import charts
from dashboards.figures.network import (
    MAX_SIZE,
    MIN_SIZE,
    ally_elements,
    ego_stylesheet,
    network_elements,
    scale_sizes,
    scale_widths,
    scattergl_network,
)
from dashboards.state import FilterState, UrlState, decode_query, encode_query, view_from_path
from dashboards.summaries import (
    neighbours,
    overview_numbers,
    sector_pair_ties,
    shared_partners,
    yearly_trend,
)
from dashboards.theme import SECTOR_COLOURS
from stakeholder_graph.analysis import Analysis, AnalysisParams
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.errors import InputError
from stakeholder_graph.network.graph import build_graph

SCRIPT = "<script>alert(1)</script>"


# -- a small network and a stand-in analysis -------------------------------------------------
@pytest.fixture
def network() -> NetworkData:
    """Five organizations: a public hub tied to two NGOs and a company; one NGO without ties."""
    orgs = coerce_table(
        "organizations",
        pd.DataFrame(
            {
                "id": ["p1", "c1", "c2", "b1", "c3"],
                "name": ["Община Плевен", SCRIPT, "Ærø Forening", "Győr Kft.", "Lonely NGO"],
                "sector": ["public", "civil", "civil", "private", "civil"],
                "type": ["municipality", "ngo", "ngo", "company", "ngo"],
                "municipality": ["Pleven", "Pleven", "Ærø", "Győr", "Pleven"],
                "themes": ["youth;culture", "youth", "culture", "youth", "sport"],
            }
        ),
    )
    inter = coerce_table(
        "interactions",
        pd.DataFrame(
            {
                "id": ["i1", "i2", "i3", "i4", "i5"],
                "source": ["p1", "p1", "c1", "p1", "c1"],
                "target": ["c1", "c2", "c2", "b1", "p1"],
                "type": ["grant", "grant", "joint_project", "partnership", "grant"],
                "date": ["2021-03-01", "2022-05-01", "2022-06-01", "2022-07-01", "2022-08-01"],
                "stage": ["planning", "implementation", "implementation", "implementation", ""],
                "initiator": ["source"] * 5,
                "weight": [1.0, 1.0, 2.0, 1.0, 1.0],
            }
        ),
    )
    return NetworkData(orgs, inter, name="tiny")


def stand_in_analyze(calls: list[AnalysisParams]):
    """An ``analyze`` that records its calls and returns the graph with a few tables."""

    def analyze(data: NetworkData, params: AnalysisParams | None = None) -> Analysis:
        params = params or AnalysisParams()
        calls.append(params)
        g = build_graph(data, params.graph)
        base = pd.DataFrame({"id": g.ids, "name": g.names, "sector": g.sector})
        centrality = base.assign(degree=np.asarray(g.graph.degree()), betweenness_norm=0.0)
        allies = pd.DataFrame(
            {
                "a": ["c2"],
                "b": ["b1"],
                "a_name": ["Ærø Forening"],
                "b_name": ["Győr Kft."],
                "a_sector": ["civil"],
                "b_sector": ["private"],
                "score": [0.5],
                "reasons": ["both work with Община Плевен"],
            }
        )
        return Analysis(g, params, {"centrality": centrality, "allies": allies}, {})

    return analyze


@pytest.fixture
def dash_data(network, monkeypatch) -> tuple[DashboardData, list[AnalysisParams]]:
    calls: list[AnalysisParams] = []
    monkeypatch.setattr(precompute_module, "analyze", stand_in_analyze(calls))
    return DashboardData(network), calls


# -- pure figure functions -------------------------------------------------------------------
def test_sizes_are_area_proportional_and_bounded():
    sizes = scale_sizes([0.0, 0.25, 1.0, np.nan, -1.0], 10, 30)
    assert sizes.tolist() == [10.0, 20.0, 30.0, 10.0, 10.0]
    assert scale_sizes([0, 0]).tolist() == [MIN_SIZE, MIN_SIZE]


def test_widths_grow_with_weight():
    widths = scale_widths([1.0, 3.0, 7.0], 1, 5)
    assert widths[0] == 1 and widths[-1] == 5 and widths[0] < widths[1] < widths[2]


def test_network_elements_carry_positions_sizes_and_names_as_text():
    nodes = pd.DataFrame(
        {
            "id": ["a", "b"],
            "name": [SCRIPT, "Б"],
            "sector": ["civil", "public"],
            "x": [1.0, 2.0],
            "y": [3.0, 4.0],
            "pagerank": [0.2, 0.8],
        }
    )
    edges = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [4.0]})
    els = network_elements(nodes, edges, "pagerank")
    a, b, e = els
    assert a["data"]["name"] == SCRIPT and a["position"] == {"x": 1.0, "y": 3.0}
    assert b["data"]["size"] == MAX_SIZE and a["data"]["size"] < b["data"]["size"]
    assert a["classes"] == "sector-civil"
    assert e["data"]["source"] == "a" and e["data"]["target"] == "b"


def test_ego_stylesheet_highlights_partners_and_escapes_quotes():
    styles = ego_stylesheet('x"1', ["p", "q"])
    selectors = " ".join(s["selector"] for s in styles)
    assert 'node[id = "x\\"1"]' in selectors
    assert 'node[id = "p"]' in selectors and 'node[id = "q"]' in selectors
    assert 'edge[source = "x\\"1"]' in selectors


def test_scattergl_escapes_names_and_keeps_selection_ring_last():
    nodes = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": [SCRIPT, "B", "C"],
            "sector": ["civil", "public", "civil"],
            "x": [0.0, 1.0, 2.0],
            "y": [0.0, 1.0, 0.0],
            "degree": [1, 2, 1],
        }
    )
    edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, 2.0]})
    fig = scattergl_network(nodes, edges, "degree", selected="b", partner_ids=["a"])
    civil = next(t for t in fig.data if t.name == "Civil society")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in civil.hovertext
    assert civil.marker.color == SECTOR_COLOURS["civil"]
    assert sorted(fig.data[-1].customdata) == ["a", "b"]


def test_ally_elements_mark_the_missing_tie():
    shared = pd.DataFrame({"id": ["p", "q"], "name": ["P", "Q"], "sector": ["public", "civil"]})
    els = ally_elements(("a", "A", "civil"), ("b", "B", "private"), shared)
    potential = [e for e in els if e.get("classes") == "potential"]
    assert [(e["data"]["source"], e["data"]["target"]) for e in potential] == [("a", "b")]
    assert sum("source" in e["data"] for e in els) == 5  # two per shared partner + the missing tie


def test_trust_heatmap_rows_are_raters_and_asymmetry_is_centred():
    st = pd.DataFrame(
        {
            "rater_sector": ["public", "civil"],
            "ratee_sector": ["civil", "public"],
            "trust": [3.5, 2.0],
            "n": [4, 6],
            "asymmetry": [1.5, -1.5],
        }
    )
    heat = charts.trust_heatmap(st).data[0]
    assert list(heat.y) == ["Public", "Civil society"]
    assert heat.z[0][1] == 3.5 and heat.z[1][0] == 2.0
    asym = charts.asymmetry_heatmap(st).data[0]
    assert asym.zmid == 0 and asym.zmax == 1.5


def test_sector_and_initiative_bars_use_sector_colours():
    bar = charts.sector_bar({"public": 2, "civil": 7}).data[0]
    assert list(bar.marker.color) == [SECTOR_COLOURS["public"], SECTOR_COLOURS["civil"]]
    si = pd.DataFrame(
        {
            "a_sector": ["civil"],
            "b_sector": ["public"],
            "n": [10],
            "share_a": [0.9],
            "share_b": [0.1],
            "share_joint": [0.0],
            "one_sided": [True],
            "initiator": ["civil"],
        }
    )
    fig = charts.initiative_bars(si)
    assert list(fig.data[0].marker.color) == [SECTOR_COLOURS["civil"]]
    assert fig.data[0].y[0].endswith("★")


def test_kpi_formats():
    assert charts.kpi(0.5, "pct") == "50.0%" and charts.kpi(12345) == "12,345"
    assert charts.kpi(float("nan")) == "–"


# -- URL state ---------------------------------------------------------------------------------
def test_filter_state_is_canonical_and_open_at_the_data_bounds():
    a = FilterState.make(sectors=["public", "civil"], years=[2019, 2024], bounds=(2019, 2024))
    b = FilterState.make(sectors=["civil", "public", "civil"], years=None)
    assert a == b and hash(a) == hash(b)
    c = FilterState.make(years=[2020, 2024], bounds=(2019, 2024))
    assert (c.year_from, c.year_to) == (2020, None)
    assert c.since == pd.Timestamp("2020-01-01") and c.until is None


def test_query_round_trip_with_non_ascii_and_markup():
    state = UrlState(
        FilterState.make(themes=["културa", "ældre"], municipalities=["Győr"], years=[1990, 2023]),
        org=SCRIPT,
        size_by="pagerank",
    )
    query = encode_query(state)
    assert "<" not in query and " " not in query
    assert decode_query(query) == state
    assert decode_query("?size=bogus&from=x").size_by == "betweenness_norm"
    assert decode_query("?size=bogus&from=x").filters.year_from is None


def test_view_from_path():
    assert view_from_path("/allies") == "allies"
    assert view_from_path("/prefix/isolated") == "isolated"
    assert view_from_path(None) == view_from_path("/x") == "overview"


# -- the analysis cache and views ----------------------------------------------------------------
def test_organization_filters_share_one_analysis(dash_data):
    data, calls = dash_data
    data.view(FilterState(sectors=("civil",)))
    data.view(FilterState(sectors=("public",)))
    data.view(FilterState(municipalities=("Pleven",)))
    assert len(calls) == 1
    data.view(FilterState(year_from=2022))
    assert len(calls) == 2
    assert calls[1].graph.since == pd.Timestamp("2022-01-01")
    data.view(FilterState(year_from=2022, sectors=("civil",)))
    data.analysis(FilterState())
    assert len(calls) == 2
    assert data.cache_info()["analysis"]["misses"] == 2


def test_interaction_type_filter_reaches_the_analysis(dash_data):
    data, calls = dash_data
    view = data.view(FilterState(interaction_types=("grant",)))
    assert calls[-1].graph.types == ("grant",)
    assert len(view.edges) == 2  # p1–c1 (two grants) and p1–c2


def test_view_keeps_ties_between_visible_organizations(dash_data):
    data, _ = dash_data
    full = data.view(FilterState())
    civil = data.view(FilterState(sectors=("civil",)))
    assert len(full.nodes) == 5 and len(full.edges) == 4
    assert sorted(civil.nodes["id"]) == ["c1", "c2", "c3"]
    assert civil.edges[["source", "target"]].values.tolist() == [["c1", "c2"]]
    youth = data.view(FilterState(themes=("youth",)))
    assert sorted(youth.nodes["id"]) == ["b1", "c1", "p1"]
    # a pair table keeps a row only when both organizations are visible
    assert len(civil.table("allies")) == 0 and len(full.table("allies")) == 1


def test_layout_is_deterministic_and_puts_lonely_nodes_below(network, dash_data):
    data, _ = dash_data
    pos = data.positions
    assert list(pos.index) == ["p1", "c1", "c2", "b1", "c3"]
    assert pos.loc["c3", "y"] > pos.drop(index="c3")["y"].max()
    again = compute_layout(4, np.array([[0, 1], [1, 2], [2, 3]]), np.ones(3))
    assert np.allclose(again, compute_layout(4, np.array([[0, 1], [1, 2], [2, 3]]), np.ones(3)))


def test_overview_numbers_and_trend(dash_data):
    data, _ = dash_data
    view = data.view(FilterState())
    numbers = overview_numbers(view)
    assert numbers["organizations"] == 5 and numbers["ties"] == 4
    assert numbers["density"] == pytest.approx(4 / 10)
    assert numbers["cross_sector_share"] == pytest.approx(3 / 4)  # only c1–c2 is inside a sector
    assert numbers["stage_shares"]["planning"] == pytest.approx(1 / 4)
    trend = yearly_trend(view).set_index("year")
    assert trend.loc[2021, "ties"] == 1 and trend.loc[2022, "ties"] == 4
    assert trend.loc[2022, "organizations_active"] == 4
    assert trend.loc[2021, "planning_share"] == 1.0


def test_ties_between_sectors(dash_data):
    data, _ = dash_data
    pairs = sector_pair_ties(data.view(FilterState()))
    counts = {(a, b): n for a, b, n in pairs.itertuples(index=False)}
    assert counts == {("public", "private"): 1, ("public", "civil"): 2, ("civil", "civil"): 1}
    fig = charts.sector_pair_heatmap(pairs).data[0]
    assert fig.z[0][2] == fig.z[2][0] == 2  # symmetric: public–civil both ways


def test_partners_and_shared_partners(dash_data):
    data, _ = dash_data
    view = data.view(FilterState())
    partners = neighbours(view, "p1")
    assert partners["id"].tolist()[0] == "c1"  # two interactions: the heaviest tie
    assert sorted(partners["id"]) == ["b1", "c1", "c2"]
    assert shared_partners(view, "c2", "b1")["id"].tolist() == ["p1"]
    assert neighbours(view, "nobody").empty


# -- exposure rules of `stakeholder-graph dashboard` ----------------------------------------------
def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("127.8.0.1") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5") and not is_loopback("::")


def test_non_loopback_host_needs_auth_or_no_auth():
    check_exposure("127.0.0.1", None, False)
    check_exposure("0.0.0.0", "u:f", False)
    check_exposure("0.0.0.0", None, True)
    with pytest.raises(InputError, match="--auth"):
        check_exposure("0.0.0.0", None, False)
    with pytest.raises(InputError, match="exclude"):
        check_exposure("127.0.0.1", "u:f", True)


def test_cli_refuses_an_open_public_host(capsys):
    from stakeholder_graph.cli import cli

    assert run_guarded(cli, ["dashboard", "--host", "0.0.0.0"]) == 2
    assert "--no-auth" in capsys.readouterr().err
    assert run_guarded(cli, ["dashboard", "--host", "0.0.0.0", "--auth", "only-user"]) == 2


def test_credentials_from_file(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n", encoding="utf-8")
    assert read_credentials(f"ana:{secret}") == ("ana", "s3cret")
    (tmp_path / "empty").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_credentials(f"ana:{tmp_path / 'empty'}")
    with pytest.raises(InputError, match="cannot read"):
        read_credentials(f"ana:{tmp_path / 'missing'}")


def test_basic_auth_guards_every_request():
    server = flask.Flask("t")
    server.add_url_rule("/", "index", lambda: "ok")
    install_basic_auth(server, "ana", "pässword")
    client = server.test_client()

    def header(user: str, password: str) -> dict[str, str]:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    denied = client.get("/")
    assert denied.status_code == 401 and "Basic" in denied.headers["WWW-Authenticate"]
    assert client.get("/", headers=header("ana", "wrong")).status_code == 401
    assert client.get("/", headers=header("bob", "pässword")).status_code == 401
    ok = client.get("/", headers=header("ana", "pässword"))
    assert ok.status_code == 200 and ok.data == b"ok"
