"""The Isolated NGOs view's year change on a window not analysed yet, in a network large enough
for the quick first pass: the view shows the window's *first look* (its graph and isolation
flags, the full analysis's own) with a notice saying the other measures are being computed;
the notice goes when the full analysis lands, and the flags stay what they were.
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
from tests.browser.test_dashboard_window import SLIDER, WATCH_STATUS

pytestmark = pytest.mark.browser


def test_isolated_year_change_shows_first_look_then_exact(dash_duo):
    network = generate_network(400, seed=2)
    app = create_app(network, params=AnalysisParams(srm_max_answers=0), quick_above=0)
    data = app.server.config["STAKEHOLDER_GRAPH_DASHBOARD"]
    try:
        dash_duo.start_server(app)
        dash_duo.driver.get(dash_duo.server_url + "/isolated")
        dash_duo.wait_for_element("#isolated-box .ag-row", timeout=60)
        _quiet(dash_duo)
        dash_duo.driver.execute_script(WATCH_STATUS)
        dash_duo.driver.execute_script(SLIDER)
        until(lambda: "from=" in dash_duo.driver.current_url, timeout=30)
        state = FilterState(year_from=data.options.years[0] + 1)
        expected = analyze(network, data.analysis_params(state)).tables["isolated"]
        count = f"{len(expected):,} organization" + ("" if len(expected) == 1 else "s")
        # the first look, labelled, with the window's own flags
        until(lambda: dash_duo.driver.execute_script("return window.sgStatus.length"), timeout=60)
        seen = " ".join(dash_duo.driver.execute_script("return window.sgStatus"))
        assert "isolation flags of these years are shown first" in seen
        assert "being computed" in seen
        until(lambda: dash_duo.find_element("#isolated-count").text == count, timeout=60)
        # then the full analysis: notice hidden, the same flags
        until(
            lambda: (
                not dash_duo.find_element("#analysis-status").is_displayed()
                and data.analyses.is_settled(state.analysis_key())
            ),
            timeout=120,
        )
        _quiet(dash_duo)
        assert dash_duo.find_element("#isolated-count").text == count
        first = dash_duo.find_element("#isolated-box .ag-row[row-index='0'] [col-id='name']").text
        assert first in set(expected["name"])
        _no_console_errors(dash_duo)
    finally:
        data.analyses.close()
