"""The analysis status notice: says when path measures are estimates, and swaps in the exact
values when the background analysis lands.

A window asked for on the spot in a large network is first answered by a quick analysis (see
:mod:`dashboards.precompute`). While its full analysis is computed in the background, a notice
above every view says which measures are estimates, and a poll (``analysis-poll``, once a second,
only while something is being refined) asks whether the full analysis has arrived; when it has,
the poll hands the year filter its own value again, which makes every view re-read the analysis.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, ctx, no_update

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data
from dashboards.precompute import estimate_note, is_quick
from dashboards.state import view_from_path

POLL = "analysis-poll.n_intervals"
SHOW = {"display": "block"}
HIDE = {"display": "none"}


def analysis_status(*args: Any) -> tuple[Any, Any, Any, Any]:
    """The notice's text and style, whether to poll, and (once refined) the year filter again.

    Arguments: the seven filter values, the poll's count and the page's path (the Isolated
    NGOs view reads a window's first look, every other view its quick or full analysis).
    """
    *filters, _ticks, path = args
    data = get_data()
    state = filter_state(*filters)
    if POLL in ctx.triggered_prop_ids:
        if not data.analyses.is_settled(state.analysis_key()):
            return no_update, no_update, no_update, no_update
        years = filters[5]
        # the full analysis has landed: views re-read it when the year filter fires again
        return "", HIDE, True, years if years is not None else no_update
    analysis = data.analysis(state, first=view_from_path(path) == "isolated")
    note = estimate_note(analysis)
    polling = is_quick(analysis)
    return note, SHOW if note else HIDE, not polling, no_update


def register(app: dash.Dash) -> None:
    """Attach the status notice's callback to ``app``."""
    app.callback(
        Output("analysis-status", "children"),
        Output("analysis-status", "style"),
        Output("analysis-poll", "disabled"),
        Output("f-years", "value", allow_duplicate=True),
        *FILTER_INPUTS,
        Input("analysis-poll", "n_intervals"),
        Input("url", "pathname"),
        prevent_initial_call="initial_duplicate",
    )(analysis_status)
