"""Callback of the organization panel's "What if it left?" block (see
:mod:`dashboards.layout.whatif`)."""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, ctx, html, no_update

from dashboards.callbacks.common import FILTER_IDS, clicked_org, filter_state, get_data
from dashboards.layout.whatif import whatif_answer
from stakeholder_graph.network.whatif import what_if


def departure(org: str, *filters: Any) -> tuple[str, dict[str, Any]]:
    """The name of ``org`` and :func:`what_if` of its removal from the graph of the filters'
    window and interaction types (once per window and organization; no betweenness)."""
    data = get_data()
    state = filter_state(*filters)
    analysis = data.analysis(state)
    graph = analysis.graph
    key = ("whatif", state.analysis_key(), org)
    result = data.memo(key, lambda: what_if(graph, [org], betweenness=False))
    index = graph.index_of([org])[0]
    return str(graph.names[index]), result


def run_whatif(clicks: int | None, org: str | None, *filters: Any) -> Any:
    """Answer the button: who is cut off if the selected organization left."""
    if not clicks or not org:
        return no_update
    data = get_data()
    state = filter_state(*filters)
    if data.analysis(state).graph.index_of([org])[0] < 0:
        return html.P("This organization is not in the analysed network.", className="muted")
    name, result = departure(org, *filters)
    return whatif_answer(name, result)


def pick_listed(clicks: list[int | None]) -> Any:
    """A name listed in the answer, clicked, becomes the selection (its appearance is not a
    click: the buttons are created with ``n_clicks=0``)."""
    return clicked_org(ctx)


def register(app: dash.Dash) -> None:
    """Attach the what-if callback to ``app``."""
    app.callback(
        Output("whatif-result", "children"),
        Input("whatif-run", "n_clicks"),
        State("selected-org", "data"),
        *[State(i, "value") for i in FILTER_IDS],
        prevent_initial_call=True,
    )(run_whatif)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Input({"type": "whatif-pick", "org": ALL, "group": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )(pick_listed)
