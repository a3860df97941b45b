"""The dashboard in real headless Chromium: every view, filters, selection, deep links, text.

Runs on the bundled Pleven dataset (its planted patterns are known) and on a small dataset of
names in Cyrillic, Danish and Hungarian — one of them ``<script>alert(1)</script>``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By

from dashboards import create_app
from stakeholder_graph.resources import bundled_dataset
from stakeholder_graph.sources import read_network

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
NAMES = HERE / "data" / "names"
SCRIPT = "<script>alert(1)</script>"
VIEWS = ("overview", "network", "trust", "allies", "isolated", "rankings")
READY = {
    "overview": "#kpi-orgs",
    "network": "#net-cyto canvas",
    "trust": "#trust-heat .main-svg",
    "allies": "#allies-box .ag-row",
    "isolated": "#isolated-box .ag-row",
    "rankings": "#rankings-box .ag-row",
}


def _main_source() -> str:
    pleven = bundled_dataset("pleven")
    if pleven is not None:
        return str(pleven)
    return str(HERE.parent / "data" / "tiny")


MAIN = _main_source()

FIND_CY = """
const root = document.getElementById('net-cyto') || document.getElementById(arguments[0]);
function find(node) {
  if (node._cyreg && node._cyreg.cy) { return node._cyreg.cy; }
  for (const child of node.children) { const cy = find(child); if (cy) { return cy; } }
  return null;
}
window.__cy = find(root);
return window.__cy !== null;
"""

# A node whose rendered box overlaps no other node, with its viewport coordinates.
FREE_NODE = """
const cy = window.__cy;
const box = cy.container().getBoundingClientRect();
const nodes = cy.nodes().filter(n => n.visible());
for (const n of nodes.toArray().sort((a, b) => b.renderedWidth() - a.renderedWidth())) {
  const p = n.renderedPosition();
  if (p.x < 20 || p.y < 20 || p.x > box.width - 20 || p.y > box.height - 20) { continue; }
  const clear = nodes.every(m => m.id() === n.id() ||
      Math.hypot(m.renderedPosition().x - p.x, m.renderedPosition().y - p.y) >
      (m.renderedWidth() + n.renderedWidth()) / 2 + 2);
  if (clear) { return [n.id(), n.data('name'), box.left + p.x, box.top + p.y]; }
}
return null;
"""


@pytest.fixture(scope="module")
def main_network():
    return read_network(MAIN)


def _start(dash_duo, source) -> None:
    dash_duo.start_server(create_app(source))


def _go(dash_duo, path: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + path)


def _text(dash_duo, selector: str) -> str:
    return dash_duo.find_element(selector).text


def _wait_ready(dash_duo, view: str) -> None:
    dash_duo.wait_for_element(READY[view], timeout=30)
    if view == "overview":
        until(lambda: _text(dash_duo, "#kpi-orgs") not in ("", "–"), timeout=30)


def _no_console_errors(dash_duo) -> None:
    severe = [e for e in dash_duo.get_logs() if e.get("level") == "SEVERE"]
    assert severe == [], severe


def _shot(dash_duo, folder: Path, name: str) -> None:
    """Save the whole page (the window grows to the page's height for the picture)."""
    driver = dash_duo.driver
    time.sleep(0.8)  # let transitions and the graph layout settle
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(size["width"], min(max(int(height) + 40, size["height"]), 4000))
    time.sleep(0.5)
    try:
        driver.save_screenshot(str(folder / f"{name}.png"))
    finally:
        driver.set_window_size(size["width"], size["height"])


def test_every_view_renders(dash_duo, main_network, screenshots):
    _start(dash_duo, main_network)
    for view in VIEWS:
        _go(dash_duo, f"/{view}")
        _wait_ready(dash_duo, view)
        active = dash_duo.find_element(f"#nav-{view}")
        assert "active" in active.get_attribute("class")
        _shot(dash_duo, screenshots, f"{main_network.name}-{view}")
    _no_console_errors(dash_duo)


def test_sector_filter_changes_counts_and_url(dash_duo, main_network):
    orgs = main_network.organizations
    total, civil = len(orgs), int((orgs["sector"] == "civil").sum())
    _start(dash_duo, main_network)
    _go(dash_duo, "/overview")
    _wait_ready(dash_duo, "overview")
    assert _text(dash_duo, "#kpi-orgs") == f"{total:,}"
    ties_before = _text(dash_duo, "#kpi-ties")
    dash_duo.find_element("#f-sector input[value='civil']").click()
    until(lambda: _text(dash_duo, "#kpi-orgs") == f"{civil:,}", timeout=20)
    assert _text(dash_duo, "#kpi-ties") != ties_before
    assert _text(dash_duo, "#filter-summary").startswith(f"{civil:,} of {total:,} organizations")
    until(lambda: "sector=civil" in dash_duo.driver.current_url, timeout=10)
    # the filter follows to another view through the navigation bar
    dash_duo.find_element("#nav-rankings").click()
    dash_duo.wait_for_element("#rankings-box .ag-row", timeout=30)
    until(lambda: _text(dash_duo, "#rankings-count").startswith(f"{civil:,} "), timeout=20)
    # and *Reset filters* brings everything back
    dash_duo.find_element("#reset-filters").click()
    until(lambda: _text(dash_duo, "#rankings-count").startswith(f"{total:,} "), timeout=20)
    until(lambda: "sector=" not in dash_duo.driver.current_url, timeout=10)
    _no_console_errors(dash_duo)


def test_clicking_an_organization_opens_its_panel(dash_duo, main_network, screenshots):
    _start(dash_duo, main_network)
    _go(dash_duo, "/network")
    _wait_ready(dash_duo, "network")
    until(lambda: dash_duo.driver.execute_script(FIND_CY, "net-cyto"), timeout=20)
    until(
        lambda: dash_duo.driver.execute_script("return window.__cy.nodes().length") > 0, timeout=20
    )
    time.sleep(1.0)  # the preset layout fits the viewport
    target = dash_duo.driver.execute_script(FREE_NODE)
    assert target is not None, "no node free of overlap to click"
    org_id, name, x, y = target
    actions = ActionBuilder(dash_duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).click()
    actions.perform()
    dash_duo.wait_for_text_to_equal("#panel-name", name, timeout=20)
    panel = _text(dash_duo, "#net-panel")
    for heading in ("FLAGS", "BROKERAGE", "TRUST", "POTENTIAL ALLIES", "PARTNERS"):
        assert heading in panel.upper()
    # its ego network is highlighted: a dark ring on it, the rest faded
    until(
        lambda: (
            dash_duo.driver.execute_script(
                "return window.__cy.getElementById(arguments[0]).style('border-width')", org_id
            )
            == "4px"
        ),
        timeout=10,
    )
    until(lambda: f"org={org_id}" in dash_duo.driver.current_url, timeout=10)
    _shot(dash_duo, screenshots, f"{main_network.name}-network-selected")
    _no_console_errors(dash_duo)


def test_search_box_selects_an_organization(dash_duo, main_network):
    row = main_network.organizations.iloc[-1]
    _start(dash_duo, main_network)
    _go(dash_duo, "/network")
    _wait_ready(dash_duo, "network")
    dash_duo.find_element("#net-search").click()  # Dash 4 dropdown: a popover with a search box
    dash_duo.find_element(".dash-dropdown-content input.dash-dropdown-search").send_keys(
        row["name"][:12]
    )
    dash_duo.wait_for_element(".dash-dropdown-content .dash-dropdown-option", timeout=10)
    options = dash_duo.driver.find_elements(
        By.CSS_SELECTOR, ".dash-dropdown-content .dash-dropdown-option"
    )
    next(o for o in options if o.text == row["name"]).click()
    dash_duo.wait_for_text_to_equal("#panel-name", row["name"], timeout=20)
    _no_console_errors(dash_duo)


def test_selecting_an_ally_row_shows_the_pair(dash_duo, main_network, screenshots):
    _start(dash_duo, main_network)
    _go(dash_duo, "/allies")
    _wait_ready(dash_duo, "allies")
    first = dash_duo.find_element("#allies-box .ag-row[row-index='0'] [col-id='a_name']")
    a_name = first.text
    b_name = dash_duo.find_element("#allies-box .ag-row[row-index='0'] [col-id='b_name']").text
    first.click()
    dash_duo.wait_for_text_to_equal("#ally-a", a_name, timeout=20)
    assert _text(dash_duo, "#ally-b") == b_name
    until(
        lambda: dash_duo.driver.execute_script(
            FIND_CY.replace("net-cyto", "ally-cyto"), "ally-cyto"
        ),
        timeout=10,
    )
    names = dash_duo.driver.execute_script("return window.__cy.nodes().map(n => n.data('name'))")
    assert a_name in names and b_name in names
    _shot(dash_duo, screenshots, f"{main_network.name}-allies-selected")
    _no_console_errors(dash_duo)


RECORD_REQUESTS = """
const fetch = window.fetch;
window.__bodies = [];
window.fetch = function (input, init) {
  if (init && typeof init.body === 'string') { window.__bodies.push(init.body); }
  return fetch.apply(this, arguments);
};
"""


def test_deep_link_restores_view_filters_and_selection(dash_duo, main_network):
    orgs = main_network.organizations
    civil = orgs[orgs["sector"] == "civil"]
    org = civil.iloc[0]
    _start(dash_duo, main_network)
    _go(dash_duo, f"/network?sector=civil&org={org['id']}")
    for attempt in ("load", "reload"):
        if attempt == "reload":
            dash_duo.driver.refresh()
        dash_duo.wait_for_text_to_equal("#panel-name", org["name"], timeout=30)
        assert "active" in dash_duo.find_element("#nav-network").get_attribute("class")
        assert dash_duo.find_element("#f-sector input[value='civil']").is_selected()
        assert not dash_duo.find_element("#f-sector input[value='public']").is_selected()
        until(
            lambda: _text(dash_duo, "#filter-summary").startswith(f"{len(civil):,} of"), timeout=20
        )
        assert "sector=civil" in dash_duo.driver.current_url
    # a partner named in the panel becomes the selection, Clear unselects; the new panel's
    # buttons (created with n_clicks 0) ask the server nothing: the pick is answered in the page
    dash_duo.driver.execute_script(RECORD_REQUESTS)
    button = dash_duo.find_element('#net-panel button[id*=\'"type":"pick"\']')
    partner = button.text.strip()
    assert partner and partner != org["name"]
    button.click()
    dash_duo.wait_for_text_to_equal("#panel-name", partner, timeout=20)
    partner_id = orgs.loc[orgs["name"] == partner, "id"].iloc[0]
    until(lambda: f"org={partner_id}" in dash_duo.driver.current_url, timeout=10)
    until(lambda: dash_duo.driver.execute_script(QUIET_PAGE), timeout=30)
    dash_duo.find_element("#panel-clear").click()
    dash_duo.wait_for_element("#net-panel .placeholder", timeout=20)
    until(lambda: "org=" not in dash_duo.driver.current_url, timeout=10)
    bodies = dash_duo.driver.execute_script("return window.__bodies")
    assert any('"selected-org.data"' in b for b in bodies)  # the recorder saw the answers
    assert not any('"pick"' in b for b in bodies), "a panel button asked the server"
    _no_console_errors(dash_duo)


def test_tables_download_as_csv(dash_duo, main_network):
    _start(dash_duo, main_network)
    _go(dash_duo, "/rankings")
    _wait_ready(dash_duo, "rankings")
    dash_duo.find_element("#rankings-box button").click()
    target = Path(dash_duo.download_path) / "rankings.csv"
    until(lambda: target.exists() and target.stat().st_size > 0, timeout=20)
    text = target.read_text(encoding="utf-8-sig")
    assert text.count("\n") >= len(main_network.organizations)
    _no_console_errors(dash_duo)


def test_names_are_text_in_every_script(dash_duo, screenshots):
    network = read_network(str(NAMES))
    _start(dash_duo, network)
    _go(dash_duo, "/network?org=civ-x")
    dash_duo.wait_for_text_to_equal("#panel-name", SCRIPT, timeout=30)
    with pytest.raises(NoAlertPresentException):
        dash_duo.driver.switch_to.alert.text  # noqa: B018 - no script ran
    _shot(dash_duo, screenshots, "names-network")
    _go(dash_duo, "/rankings")
    _wait_ready(dash_duo, "rankings")
    cells = [
        c.text
        for c in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#rankings-box [col-id='name']")
    ]
    for name in (SCRIPT, "Община Плевен", "Ærø Kommune", "Győri Ifjúsági Egyesület", "Őrség Kft."):
        assert name in cells
    assert 'Fondation "Quotes & Ampersands"' in cells
    _shot(dash_duo, screenshots, "names-rankings")
    _no_console_errors(dash_duo)


@pytest.mark.slow
def test_large_network_uses_webgl(dash_duo, screenshots):
    generate = pytest.importorskip("stakeholder_graph.dataset.generate")
    network = generate.generate_network(2100, seed=5)
    _start(dash_duo, network)
    _go(dash_duo, "/network")
    # above the threshold the network of communities comes first; "All organizations" is WebGL
    # the mode box exists hidden from the start: wait until the network's answer shows it
    until(lambda: dash_duo.find_element("#net-mode-box").is_displayed(), timeout=60)
    dash_duo.find_element("#net-mode input[value='all']").click()
    dash_duo.wait_for_element("#net-gl .main-svg", timeout=60)
    until(lambda: dash_duo.find_element("#net-gl").is_displayed(), timeout=30)
    assert not dash_duo.find_element("#net-cyto").is_displayed()
    assert "WebGL" in _text(dash_duo, "#net-note")
    _shot(dash_duo, screenshots, f"{network.name}-network-webgl")
    _no_console_errors(dash_duo)


PLOTLY_LOADS = """
return performance.getEntriesByType('resource')
    .filter(e => e.name.indexOf(arguments[0] || 'plotly') >= 0).length;
"""
FULL_PLOTLY = "package_data/plotly.min.js"
"""The full plotly.js bundle the renderer would load; the dashboard loads its own smaller one."""
CHARTS_DRAWN = """
const s = window.sgReady;
return s && s.inflight === 0 && s.plots >= arguments[0]
    && document.querySelectorAll('.js-plotly-plot .main-svg').length >= arguments[0]
    && performance.now() - s.lastPaint > 600;
"""


def test_charts_count_until_drawn_and_plotly_loads_once(dash_duo, main_network):
    """plotly.js loads early on a page with charts, once (dcc.Graph waits for that load), the
    ready marker counts each chart until it is drawn, and a Network page does not load it. The
    bundle is the dashboard's own (assets/vendor, only the trace types it draws), never the full
    one."""
    _start(dash_duo, main_network)
    _go(dash_duo, "/overview")
    # the overview's four charts: each counted in flight until plotly.js has drawn it
    until(lambda: dash_duo.driver.execute_script(CHARTS_DRAWN, 4), timeout=60)
    assert dash_duo.driver.execute_script(PLOTLY_LOADS) == 1
    assert dash_duo.driver.execute_script(PLOTLY_LOADS, "vendor/plotly-dashboard.min.js") == 1
    assert dash_duo.driver.execute_script(PLOTLY_LOADS, FULL_PLOTLY) == 0
    # the Trust view's heatmap is drawn by that bundle too (no second load)
    dash_duo.find_element("#nav-trust").click()
    dash_duo.wait_for_element("#trust-heat .main-svg .heatmaplayer image", timeout=60)
    assert dash_duo.driver.execute_script(PLOTLY_LOADS) == 1
    dash_duo.driver.get("about:blank")
    _go(dash_duo, "/network")
    _wait_ready(dash_duo, "network")
    until(lambda: dash_duo.driver.execute_script(QUIET_PAGE), timeout=30)
    assert dash_duo.driver.execute_script("return window.Plotly === undefined")
    assert dash_duo.driver.execute_script(PLOTLY_LOADS) == 0
    _no_console_errors(dash_duo)


QUIET_PAGE = """
const s = window.sgReady;
return s && s.inflight === 0 && s.requests > 0 && performance.now() - s.lastPaint > 600;
"""
