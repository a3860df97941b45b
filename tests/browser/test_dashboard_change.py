"""The Change view and the What-if panel in real headless Chromium, driven as a coordinator would.

On the bundled Pleven network (2023 against 2024, its planted changes known to the library's
tests): the periods come from the link and go back into it, gained and lost ties are drawn in
their two colours, the movers table and its CSV download carry the comparison's numbers. The
What-if panel of Pleven's social-affairs directorate names the NGO that loses its last path to a
public body. At 5,000 organizations the Change view draws the network of communities.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
import pytest
from dash.testing.wait import until

from dashboards import create_app
from stakeholder_graph.network.change import compare, parse_period
from tests.browser.test_dashboard import FIND_CY, MAIN, _no_console_errors, _shot
from tests.browser.test_dashboard_window import watch_texts

pytestmark = pytest.mark.browser

QUIET = """
const s = window.sgReady;
return s && s.inflight === 0 && s.requests > 0 && performance.now() - s.lastPaint > 500
    ? s.lastPaint : null;
"""


def _quiet(dash_duo, timeout: float = 90) -> None:
    until(lambda: dash_duo.driver.execute_script(QUIET) is not None, timeout=timeout)


def _edges(dash_duo, kind: str) -> int:
    return dash_duo.driver.execute_script(f"return window.__cy.edges('.{kind}').length")


@pytest.fixture(scope="module")
def network():
    from stakeholder_graph.sources import read_network

    return read_network(MAIN)


def test_change_view_compares_two_periods_from_a_link(dash_duo, network, screenshots):
    expected = compare(network, parse_period("2023"), parse_period("2024"))
    gained, lost = len(expected["ties_gained"]), len(expected["ties_lost"])
    assert gained > 0 and lost > 0
    dash_duo.start_server(create_app(network))
    dash_duo.driver.get(dash_duo.server_url + "/change?before=2023&after=2024")
    dash_duo.wait_for_element("#movers-box .ag-row", timeout=60)
    _quiet(dash_duo)
    assert dash_duo.find_element("#chg-before").get_attribute("value") == "2023"
    assert dash_duo.find_element("#chg-after").get_attribute("value") == "2024"
    note = dash_duo.find_element("#chg-note").text
    assert f"{gained:,} ties gained and {lost:,} lost" in note
    assert "2023-01-01 – 2023-12-31" in note
    # gained and lost ties on the network, in two colours, with a legend
    until(lambda: dash_duo.driver.execute_script(FIND_CY, "chg-cyto"), timeout=30)
    until(lambda: _edges(dash_duo, "gained") == gained, timeout=30)
    assert _edges(dash_duo, "lost") == lost
    colours = dash_duo.driver.execute_script(
        "const cy = window.__cy; return [cy.edges('.gained')[0].style('line-color'),"
        " cy.edges('.lost')[0].style('line-color'), cy.edges('.lost')[0].style('line-style')]"
    )
    assert colours[0] != colours[1] and colours[2] == "dashed"
    assert "tie gained" in dash_duo.find_element("#chg-legend").text
    # names placed without overlap, the most changed first (as on the network view)
    until(lambda: dash_duo.driver.execute_script("return window.sgLabelled || 0") > 0, timeout=30)
    named = dash_duo.driver.execute_script(
        "return window.__cy.nodes('.labelled').map(n => n.data('name'))"
    )
    assert named and set(named) <= set(network.organizations["name"])
    # the summary before / after, explained by the glossary
    density = dash_duo.find_element("#chg-row-density th")
    assert "ⓘ" in density.text and "share of all possible ties" in density.get_attribute("title")
    cells = [c.text for c in dash_duo.find_elements("#chg-row-ties td")]
    s = expected["summary"]
    assert cells[:2] == [f"{s['before']['ties']:,}", f"{s['after']['ties']:,}"]
    # the biggest mover (partners) first
    orgs = expected["organizations"]
    change = orgs["degree_change"].to_numpy(float)
    top = orgs.iloc[np.lexsort((orgs["name"].astype(str), -np.abs(change)))[0]]
    first = dash_duo.find_element("#movers-box .ag-row[row-index='0'] [col-id='name']").text
    assert first == str(top["name"])
    _shot(dash_duo, screenshots, "change-view")
    # the CSV download carries raw values
    dash_duo.find_element("#movers-box button").click()
    target = Path(dash_duo.download_path) / "movers.csv"
    until(lambda: target.is_file() and target.stat().st_size > 0, timeout=30)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0]["organization"] == str(top["name"])
    assert rows[0]["id"] == str(top["id"])
    assert float(rows[0]["change ⓘ"]) == pytest.approx(float(top["degree_change"]))
    # another period typed in a box goes into the link, other keys kept
    box = dash_duo.find_element("#chg-before")
    box.clear()
    box.send_keys("2022-01-01:2022-12-31\n")
    until(lambda: "before=2022-01-01%3A2022-12-31" in dash_duo.driver.current_url, timeout=30)
    assert "after=2024" in dash_duo.driver.current_url
    until(lambda: "2022-01-01 – 2022-12-31" in dash_duo.find_element("#chg-note").text, 60)
    # a period that does not read says so
    box = dash_duo.find_element("#chg-after")
    box.clear()
    box.send_keys("20x4\n")
    until(lambda: "cannot be compared" in dash_duo.find_element("#chg-error").text, timeout=30)
    _no_console_errors(dash_duo)


def test_whatif_panel_names_the_ngo_cut_off(dash_duo, network, screenshots):
    # the expected answer by brute force: remove the directorate, then which NGOs share no
    # component with a public body although they did before
    import networkx as nx

    from stakeholder_graph.analysis import AnalysisParams
    from stakeholder_graph.network.graph import build_graph

    g = build_graph(network, AnalysisParams().graph)
    nxg = nx.Graph()
    nxg.add_nodes_from(range(g.n))
    e = g.undirected_edges
    nxg.add_edges_from(zip(e["u"].tolist(), e["v"].tolist(), strict=True))
    org = "pl-adm-social"
    me = int(g.index_of([org])[0])
    public = {i for i in range(g.n) if g.sector[i] == "public"}

    def reaches(graph):
        out = set()
        for comp in nx.connected_components(graph):
            for i in comp:
                if (public & comp) - {i}:
                    out.add(i)
        return out

    before = reaches(nxg)
    nxg.remove_node(me)
    after = reaches(nxg)
    ngo = {i for i in range(g.n) if g.sector[i] in ("civil", "social_economy")}
    cut = sorted(str(g.names[i]) for i in (before - after - {me}) & ngo)
    assert cut, "the directorate should cut some NGO off"

    dash_duo.start_server(create_app(network))
    dash_duo.driver.get(dash_duo.server_url + f"/network?org={org}")
    dash_duo.wait_for_element("#whatif-run", timeout=60)
    _quiet(dash_duo)
    dash_duo.find_element("#whatif-run").click()
    dash_duo.wait_for_element("#whatif-sentence", timeout=60)
    n = len(cut)
    sentence = dash_duo.find_element("#whatif-sentence").text
    assert sentence.startswith(f"{n} NGO{'' if n == 1 else 's'} lose")
    listed = [li.text for li in dash_duo.find_elements("#whatif-ngos li")]
    assert listed == cut
    _shot(dash_duo, screenshots, "whatif-panel")
    # a listed NGO is a link: clicking it selects that organization
    dash_duo.find_element("#whatif-ngos button").click()
    dash_duo.wait_for_text_to_equal("#panel-name", cut[0], timeout=30)
    _no_console_errors(dash_duo)


@pytest.mark.skipif(
    not os.environ.get("SG_BROWSER_LONG"),
    reason="about a minute (a 5k comparison); set SG_BROWSER_LONG=1 to run it",
)
def test_change_view_at_5k_draws_communities(dash_duo, screenshots):
    from stakeholder_graph.dataset.generate import generate_network

    network = generate_network(5000, seed=1)
    dash_duo.start_server(create_app(network))
    dash_duo.driver.get(dash_duo.server_url + "/change")
    dash_duo.wait_for_element("#movers-box .ag-row", timeout=120)
    _quiet(dash_duo, timeout=120)
    # the default periods: the last two complete years (the data ends in mid-2025)
    assert "before=2023" in dash_duo.driver.current_url or (
        dash_duo.find_element("#chg-before").get_attribute("value") == "2023"
    )
    until(lambda: dash_duo.driver.execute_script(FIND_CY, "chg-cyto"), timeout=30)
    communities = dash_duo.driver.execute_script("return window.__cy.nodes('.community').length")
    assert communities > 5
    assert _edges(dash_duo, "gained") > 0 and _edges(dash_duo, "lost") > 0
    assert "communities" in dash_duo.find_element("#chg-net-note").text
    until(lambda: dash_duo.driver.execute_script("return window.sgLabelled || 0") > 0, timeout=30)
    assert "inside" in dash_duo.driver.execute_script(
        "return window.__cy.nodes('.community.labelled')[0].data('label')"
    )
    _shot(dash_duo, screenshots, "change-view-5k")
    _no_console_errors(dash_duo)


WATCH_CHANGE_STATUS = watch_texts("chg-status", "sgChange")


def _settled(dash_duo, data, before: str, after: str) -> bool:
    from dashboards.change import comparisons

    return (
        comparisons(data).is_settled(before, after)
        and not dash_duo.find_element("#chg-status").is_displayed()
    )


def test_new_period_pair_shows_estimates_then_the_exact_comparison(dash_duo):
    from stakeholder_graph.analysis import AnalysisParams
    from stakeholder_graph.dataset.generate import generate_network

    network = generate_network(400, seed=2)  # above the 256 sampled sources: paths estimated
    app = create_app(network, params=AnalysisParams(srm_max_answers=0), quick_above=0)
    data = app.server.config["STAKEHOLDER_GRAPH_DASHBOARD"]
    try:
        dash_duo.start_server(app)
        dash_duo.driver.get(dash_duo.server_url + "/change?before=2023&after=2024")
        dash_duo.wait_for_element("#movers-box .ag-row", timeout=60)
        until(lambda: _settled(dash_duo, data, "2023", "2024"), timeout=120)
        _quiet(dash_duo)
        dash_duo.driver.execute_script(WATCH_CHANGE_STATUS)
        dash_duo.driver.execute_script(
            "window.dash_clientside.set_props('chg-measure', {value: 'betweenness_norm'})"
        )
        dash_duo.driver.execute_script(
            "window.dash_clientside.set_props('chg-before', {value: '2022'})"
        )
        # the quick comparison: only the new period (2022) estimated, and it says so
        until(lambda: dash_duo.driver.execute_script("return window.sgChange.length"), 60)
        seen = " ".join(dash_duo.driver.execute_script("return window.sgChange"))
        assert "of the before period (2022-01-01 – 2022-12-31) are estimates from 256" in seen
        assert "after period" not in seen  # 2024 was measured exactly already
        assert "being computed" in seen
        # then the exact comparison replaces it by itself (the poll), notice hidden
        until(lambda: _settled(dash_duo, data, "2022", "2024"), timeout=120)
        _quiet(dash_duo)
        expected = compare(network, parse_period("2022"), parse_period("2024"))
        orgs = expected["organizations"]
        change = orgs["betweenness_norm_change"].to_numpy(float)
        moved = np.isfinite(change) & (change != 0)
        top = orgs[moved].iloc[
            np.lexsort((orgs["name"][moved].astype(str), -np.abs(change[moved])))
        ]
        until(lambda: "2022-01-01 – 2022-12-31" in dash_duo.find_element("#chg-note").text, 30)
        names = [
            dash_duo.find_element(f"#movers-box .ag-row[row-index='{i}'] [col-id='name']").text
            for i in range(3)
        ]
        assert names == [str(n) for n in top["name"].iloc[:3]]
        _no_console_errors(dash_duo)
    finally:
        from dashboards.change import comparisons

        comparisons(data).close()
        data.analyses.close()
