"""The dashboard at regional scale (a generated 5,000-organization network) and explaining itself.

One 5k network per session (generated in about a second); each test starts its own server. The
Isolated view must paint within the 1.5 s budget (it froze the tab for minutes when its chart drew
a tick per integer), the network of communities must open a community as a fitted graph, and a
graph filled after a mode switch must be re-fitted into view.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from dashboards import create_app
from dashboards.glossary import glossary
from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.jobs.isolated import JobParams, run_isolated_job
from tests.browser.test_dashboard import FIND_CY, _no_console_errors, _shot

pytestmark = pytest.mark.browser

BUDGET_S = 1.5

# Wait until no callback is in flight and the last answer painted (dashboards/assets/ready.js).
QUIET = """
const s = window.sgReady;
return s && s.inflight === 0 && s.requests > 0 && performance.now() - s.lastPaint > 600
    ? s.lastPaint : null;
"""

IN_VIEW = """
const cy = window.__cy, box = cy.container().getBoundingClientRect();
const nodes = cy.nodes().filter(n => n.visible());
const out = nodes.filter(n => { const p = n.renderedPosition();
  return p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height; });
return [nodes.length, out.length];
"""


@pytest.fixture(scope="session")
def network_5k():
    return generate_network(5000, seed=1)


@pytest.fixture(scope="session")
def job_out(tmp_path_factory, network_5k):
    """The isolated-NGO job run twice (a quarter apart) on the 5k network: a real history."""
    out = tmp_path_factory.mktemp("job")
    for as_of, now in (
        ("2025-03-31", datetime(2025, 4, 1, 6, tzinfo=UTC)),
        ("2025-06-30", datetime(2025, 7, 1, 6, tzinfo=UTC)),
    ):
        run_isolated_job(JobParams(source="5k", as_of=as_of, out=out), network_5k, now=now)
    return out


def _quiet(dash_duo, timeout: float = 60) -> float:
    # one read of the marker: a second read could fall into the next request and see None
    seen: list[float] = []

    def settled() -> bool:
        value = dash_duo.driver.execute_script(QUIET)
        if value is None:
            return False
        seen.append(float(value))
        return True

    until(settled, timeout=timeout)
    return seen[-1]


def _cy(dash_duo) -> None:
    dash_duo.wait_for_element("#net-cyto", timeout=60)
    until(lambda: dash_duo.driver.execute_script(FIND_CY, "net-cyto"), timeout=30)


def test_isolated_view_at_5k_paints_in_budget_with_window_and_history(
    dash_duo, network_5k, job_out, screenshots
):
    dash_duo.start_server(create_app(network_5k, job_out=job_out))
    dash_duo.driver.get(dash_duo.server_url + "/overview")
    dash_duo.wait_for_element("#kpi-orgs", timeout=60)
    _quiet(dash_duo)
    # the best of three openings: a shared 2-core CI machine can stall any single one, while a
    # view that draws a tick per integer (minutes) or recomputes on every visit fails all three
    timings = []
    for attempt in range(3):
        if attempt:
            dash_duo.find_element("#nav-overview").click()
            dash_duo.wait_for_element("#kpi-orgs", timeout=60)
            _quiet(dash_duo)
        start = dash_duo.driver.execute_script(
            "const t = performance.now(); document.querySelector('#nav-isolated').click();"
            " return t;"
        )
        dash_duo.wait_for_element("#isolated-box .ag-row", timeout=60)
        timings.append((_quiet(dash_duo) - start) / 1000)
        if timings[-1] <= BUDGET_S:
            break
    assert min(timings) <= BUDGET_S, f"isolated view painted in {timings} s"
    # the window and the as-of date are stated at the top
    text = dash_duo.find_element("#iso-window-text").text
    assert "Flagged on the 365 days from 2024-06-30 to 2025-06-30" in text
    # the flags chart has a handful of ticks, not one per integer
    ticks = dash_duo.driver.execute_script(
        "return document.querySelectorAll('#iso-bar .xtick').length"
    )
    assert 2 <= ticks <= 12
    # the job's history: the counts of its report.json
    import json

    report = json.loads((job_out / "report.json").read_text())
    for ident, key in (("iso-new", "newly_isolated"), ("iso-still", "still_isolated")):
        assert dash_duo.find_element(f"#{ident}").text == f"{report['counts'][key]:,}"
    assert report["counts"]["newly_isolated"] + report["counts"]["still_isolated"] > 0
    # flags are badges with readable labels
    badge = dash_duo.find_element("#isolated-box .badge")
    assert "_" not in badge.text
    _shot(dash_duo, screenshots, "5k-isolated-window-history")
    # a row click opens the organization on the network view
    first = dash_duo.find_element("#isolated-box .ag-row [col-id='name']")
    name = first.text
    first.click()
    until(lambda: "/network" in dash_duo.driver.current_url, timeout=30)
    dash_duo.wait_for_text_to_equal("#panel-name", name, timeout=60)
    _no_console_errors(dash_duo)


def test_community_network_at_5k_opens_a_community_fitted(dash_duo, network_5k, screenshots):
    app = create_app(network_5k)
    data = app.server.config["STAKEHOLDER_GRAPH_DASHBOARD"]
    from dashboards.state import FilterState

    nodes = data.view(FilterState()).nodes
    sizes = nodes["community"].value_counts()
    sizes = sizes[sizes >= 2]  # organizations without a tie are not drawn
    drawn = len(sizes)
    dash_duo.start_server(app)
    dash_duo.driver.get(dash_duo.server_url + "/network")
    _cy(dash_duo)
    until(
        lambda: (
            dash_duo.driver.execute_script("return window.__cy.nodes('.community').length") == drawn
        ),
        timeout=60,
    )
    _quiet(dash_duo)
    assert "communities" in dash_duo.find_element("#net-note").text
    shown, outside = dash_duo.driver.execute_script(IN_VIEW)
    assert shown == drawn and outside == 0
    # at the default zoom the communities carry labels naming their most central members,
    # placed without overlap: the largest community is labelled first
    until(lambda: dash_duo.driver.execute_script("return window.sgLabelled || 0") > 0, timeout=30)
    labelled = dict(
        dash_duo.driver.execute_script(
            "return window.__cy.nodes('.community.labelled').map(n => [n.id(), n.data('label')])"
        )
    )
    biggest = int(sizes.index[0])
    members = nodes[nodes["community"] == biggest]
    top = members.sort_values(["betweenness_norm", "name"], ascending=[False, True]).iloc[0]
    assert str(top["name"]) in labelled[f"community:{biggest}"]
    assert len(labelled) >= min(drawn, 5)
    boxes = dash_duo.driver.execute_script(LABEL_BOXES)
    assert len(boxes) == len(labelled)
    for (a, *p), (b, *q) in itertools.combinations(boxes, 2):
        assert p[2] < q[0] or p[0] > q[2] or p[3] < q[1] or p[1] > q[3], (a, b)
    _shot(dash_duo, screenshots, "5k-network-communities")
    # open a mid-sized community: its members become the interactive graph, fitted to view
    community = int(sizes.index[len(sizes) // 2])
    dash_duo.driver.execute_script(
        "window.__cy.getElementById(arguments[0]).emit('tap')", f"community:{community}"
    )
    until(lambda: f"community={community}" in dash_duo.driver.current_url, timeout=30)
    until(
        lambda: (
            dash_duo.driver.execute_script("return window.__cy.nodes().length")
            == int(sizes[community])
        ),
        timeout=60,
    )
    _quiet(dash_duo)
    time.sleep(0.5)
    shown, outside = dash_duo.driver.execute_script(IN_VIEW)
    assert shown == int(sizes[community]) and outside == 0
    _shot(dash_duo, screenshots, "5k-network-community-opened")
    _no_console_errors(dash_duo)


def test_graph_is_refitted_after_switching_from_webgl(dash_duo, network_5k):
    orgs = network_5k.organizations
    public = int((orgs["sector"] == "public").sum())
    dash_duo.start_server(create_app(network_5k))
    dash_duo.driver.get(dash_duo.server_url + "/network")
    dash_duo.wait_for_element("#net-mode input[value='all']", timeout=60)
    dash_duo.find_element("#net-mode input[value='all']").click()
    dash_duo.wait_for_element("#net-gl", timeout=60)  # created when shown
    until(
        lambda: dash_duo.find_element("#net-gl").value_of_css_property("display") == "block",
        timeout=60,
    )
    _quiet(dash_duo)
    # one sector is under the interactive threshold: the graph appears, fitted into view
    dash_duo.find_element("#f-sector input[value='public']").click()
    _cy(dash_duo)
    until(
        lambda: dash_duo.driver.execute_script("return window.__cy.nodes().length") == public,
        timeout=60,
    )
    _quiet(dash_duo)
    time.sleep(0.5)
    shown, outside = dash_duo.driver.execute_script(IN_VIEW)
    assert shown == public and outside == 0
    _no_console_errors(dash_duo)


def test_glossary_and_explained_headers(dash_duo, screenshots):
    dash_duo.start_server(create_app("pleven"))
    dash_duo.driver.get(dash_duo.server_url + "/glossary")
    dash_duo.wait_for_element("#glossary", timeout=30)
    entry = glossary()["coreness"]
    term = dash_duo.find_element("#term-coreness")
    text = term.find_element(By.XPATH, "following-sibling::dd").text
    assert entry.definition in text and entry.reading in text
    _shot(dash_duo, screenshots, "glossary")
    # a measure's column header explains it rather than repeating its name
    dash_duo.driver.get(dash_duo.server_url + "/rankings")
    dash_duo.wait_for_element("#rankings-box .ag-row", timeout=30)
    header = dash_duo.find_element("#rankings-box .ag-header-cell[col-id='coreness']")
    assert "ⓘ" in header.text
    # codes read as words; the server path is not in the header
    sector = dash_duo.find_element("#rankings-box .ag-row [col-id='sector']").text
    assert sector in ("Public", "Private", "Civil society", "Social economy")
    assert "/" not in dash_duo.find_element(".header").text
    _no_console_errors(dash_duo)


def test_unknown_link_values_are_reported_and_csv_cells_are_safe(dash_duo):
    dash_duo.start_server(create_app("pleven"))
    dash_duo.driver.get(dash_duo.server_url + "/overview?sector=martian")
    dash_duo.wait_for_element("#link-notice", timeout=30)
    until(lambda: "sector=martian" in dash_duo.find_element("#link-notice").text, timeout=30)
    # the grids' CSV downloads follow the project's rule (stakeholder_graph/csvsafe.py)
    from stakeholder_graph.csvsafe import is_dangerous

    cells = ["=1+2", "+31 55", "-3.5", "@SUM(A1)", "\tx", "\rx", " =x", "\uff1dx", "Плевен", "1e5"]
    safe = dash_duo.driver.execute_script(
        "return arguments[0].map(window.dashAgGridFunctions.sgSafe);", cells
    )
    assert safe == [("'" + c if is_dangerous(c) else c) for c in cells]
    assert safe[0] == "'=1+2" and safe[2] == "-3.5"
    assert dash_duo.driver.execute_script("return window.dashAgGridFunctions.sgSafe(12)") == 12
    _no_console_errors(dash_duo)


LABEL_BOXES = """
const cy = window.__cy;
return cy.nodes('.labelled').map(n => {
  const b = n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
  return [n.id(), b.x1, b.y1, b.x2, b.y2];
});
"""


def test_labels_never_overlap_and_downloads_carry_the_view(dash_duo, tmp_path):
    import io

    import networkx as nx

    from stakeholder_graph.sources import read_network

    network = read_network("pleven")
    civil = set(network.organizations.loc[network.organizations["sector"] == "civil", "id"])
    dash_duo.start_server(create_app(network))
    dash_duo.driver.get(dash_duo.server_url + "/network?sector=civil")
    _cy(dash_duo)
    until(lambda: dash_duo.driver.execute_script("return window.sgLabelled || 0") > 0, timeout=30)
    _quiet(dash_duo)
    time.sleep(0.5)
    boxes = dash_duo.driver.execute_script(LABEL_BOXES)
    assert len(boxes) >= 3
    for (a, *p), (b, *q) in itertools.combinations(boxes, 2):
        overlap = not (p[2] < q[0] or p[0] > q[2] or p[3] < q[1] or p[1] > q[3])
        assert not overlap, (a, b)
    # zooming in names more organizations
    before = len(boxes)
    dash_duo.driver.execute_script("window.__cy.zoom(window.__cy.zoom() * 2.5)")
    until(lambda: dash_duo.driver.execute_script("return window.sgLabelled") != before, timeout=10)
    # GraphML of the filtered view: the civil organizations and their ties
    dash_duo.find_element("#net-graphml").click()
    target = Path(dash_duo.download_path) / "pleven-network.graphml"
    until(lambda: target.is_file() and target.stat().st_size > 0, timeout=30)
    graph = nx.read_graphml(io.BytesIO(target.read_bytes()))
    assert set(graph.nodes) == civil
    # the slide picture is drawn and downloaded by the browser
    dash_duo.find_element("#net-png").click()
    until(lambda: dash_duo.driver.execute_script("return window.sgPictures || 0") == 1, timeout=30)
    until(lambda: (Path(dash_duo.download_path) / "pleven-network.png").is_file(), timeout=30)
    # the council report of the shown (civil) organizations
    dash_duo.find_element("#net-report").click()
    report = Path(dash_duo.download_path) / "pleven-report.html"
    until(lambda: report.is_file() and report.stat().st_size > 0, timeout=90)
    text = report.read_text(encoding="utf-8")
    assert "Civil society" in text and "Кмет на Община Плевен" not in text
    _no_console_errors(dash_duo)
