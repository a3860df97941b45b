"""A year window not analysed yet, in a network large enough for the quick first pass.

The window is answered by a quick analysis (sampled betweenness, closeness and harmonic); a notice
says which measures are estimates and the rankings count repeats it; when the full analysis lands
in the background the notice goes and the views show its exact values by themselves.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from dashboards import create_app
from dashboards.state import FilterState
from stakeholder_graph.analysis import AnalysisParams, analyze
from stakeholder_graph.dataset.generate import generate_network
from tests.browser.test_dashboard import _no_console_errors
from tests.browser.test_dashboard_scale import _quiet

pytestmark = pytest.mark.browser


def watch_texts(element_id: str, store: str) -> str:
    """JS recording in ``window[store]`` every text the element shows, however briefly
    (installed before the action that changes it)."""
    return f"""
window.{store} = [];
const box = document.getElementById('{element_id}');
new MutationObserver(() => {{ if (box.style.display !== 'none' && box.textContent) {{
  window.{store}.push(box.textContent); }} }}).observe(box, {{attributes: true, childList: true,
  subtree: true, characterData: true}});
"""


WATCH_STATUS = watch_texts("analysis-status", "sgStatus")
SLIDER = """
const thumb = document.querySelectorAll('#f-years [role=slider]')[0];
thumb.focus();
thumb.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
"""
TOP_ROW = "#rankings-box .ag-row[row-index='0'] [col-id='name']"


def test_new_window_shows_estimates_labelled_then_exact_values(dash_duo):
    network = generate_network(400, seed=2)
    params = AnalysisParams(srm_max_answers=0)
    app = create_app(network, params=params, quick_above=0)
    data = app.server.config["STAKEHOLDER_GRAPH_DASHBOARD"]
    try:
        dash_duo.start_server(app)
        dash_duo.driver.get(dash_duo.server_url + "/rankings")
        dash_duo.wait_for_element("#rankings-box .ag-row", timeout=60)
        _quiet(dash_duo)
        assert not dash_duo.find_element("#analysis-status").is_displayed()
        dash_duo.driver.execute_script(WATCH_STATUS)
        dash_duo.driver.execute_script(SLIDER)
        until(lambda: "from=" in dash_duo.driver.current_url, timeout=30)
        year_from = data.options.years[0] + 1
        # the quick pass was shown, labelled
        until(lambda: dash_duo.driver.execute_script("return window.sgStatus.length"), timeout=60)
        seen = " ".join(dash_duo.driver.execute_script("return window.sgStatus"))
        assert "estimates from 256 sampled organizations" in seen
        assert "being computed" in seen
        # then the full analysis replaces it: notice hidden, rankings without "estimates"
        until(
            lambda: (
                not dash_duo.find_element("#analysis-status").is_displayed()
                and data.analyses.generation > 0
            ),
            timeout=180,
        )
        until(lambda: "estimates" not in dash_duo.find_element("#rankings-count").text, 60)
        _quiet(dash_duo)
        exact = analyze(network, data.analysis_params(FilterState(year_from=year_from)))
        table = exact.tables["centrality"]
        top = table.sort_values("betweenness_norm", ascending=False, kind="stable").iloc[0]
        assert dash_duo.find_element(TOP_ROW).text == top["name"]
        assert f"from={year_from}" in dash_duo.driver.current_url
        _no_console_errors(dash_duo)
    finally:
        data.analyses.close()
