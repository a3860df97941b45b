"""Callbacks of the network view: the graph, the WebGL fallback, selection and the side panel."""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import ALL, Input, Output, Patch, ctx, html, no_update

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data
from dashboards.data import View
from dashboards.figures.network import ego_stylesheet, network_elements, scattergl_figure
from dashboards.layout.panel import organization_panel
from dashboards.state import DEFAULT_SIZE
from dashboards.summaries import neighbours, organization_profile

SHOW = {"display": "block"}
BUTTON = {"display": "inline-block"}
HIDE = {"display": "none"}
CYTO_STYLE = {"width": "100%", "height": "680px"}
GL_STYLE = {"height": "680px"}


def _search_options(nodes) -> list[dict[str, str]]:
    """Dropdown options: every visible organization by name."""
    order = nodes["name"].astype(str).str.lower().argsort(kind="stable")
    return [
        {"label": name, "value": oid}
        for oid, name in zip(
            nodes["id"].iloc[order].astype(str).tolist(),
            nodes["name"].iloc[order].astype(str).tolist(),
            strict=True,
        )
    ]


def render_network(*args: Any) -> tuple[Any, ...]:
    """Elements of the visible network (or an empty graph when it is too large), its mode note
    and the search options. Arguments: the six filter values, then the size measure."""
    *filters, size_by = args
    data = get_data()
    state = filter_state(*filters)
    size_by = size_by or DEFAULT_SIZE
    view = data.view(state)
    nodes = view.nodes
    options = data.memo(("search", state), lambda: _search_options(nodes))
    if view.is_large:
        note = (
            f"{len(nodes):,} organizations: shown as a fast WebGL scatter (click a dot to select it). "
            "Narrow the filters below 2,000 organizations for the interactive graph."
        )
        # the PNG of this view comes from the plot's own camera button
        return [], {**CYTO_STYLE, **HIDE}, {**GL_STYLE, **SHOW}, note, options, HIDE
    if nodes.empty:
        note = "No organization matches the filters."
    else:
        note = (
            f"{len(nodes):,} organizations and {len(view.edges):,} ties. Node size: "
            f"{size_by}; edge width: tie weight. Click a node to open its profile."
        )
    elements = data.memo(
        ("elements", state, size_by), lambda: network_elements(nodes, view.edges, size_by)
    )
    return elements, {**CYTO_STYLE, **SHOW}, {**GL_STYLE, **HIDE}, note, options, BUTTON


def _ring(view: View, org: str | None) -> dict[str, list[Any]]:
    """Coordinates and ids of the selected organization and its partners."""
    if not org:
        return {"x": [], "y": [], "customdata": []}
    partners = neighbours(view, org)["id"].tolist()
    ring = view.nodes[view.nodes["id"].isin(partners) | (view.nodes["id"] == org)]
    return {
        "x": ring["x"].round(1).tolist(),
        "y": ring["y"].round(1).tolist(),
        "customdata": ring["id"].tolist(),
    }


def render_webgl(*args: Any) -> Any:
    """The WebGL figure for large networks; on a selection change only the highlight is patched.

    Arguments: the six filter values, the size measure, the selected organization. The figure
    of a filter state and size measure is built once; its last trace is the selection ring.
    """
    *filters, size_by, org = args
    data = get_data()
    state = filter_state(*filters)
    view = data.view(state)
    if not view.is_large:
        return go.Figure() if ctx.triggered_id != "selected-org" else no_update
    ring = _ring(view, org)
    if ctx.triggered_id == "selected-org":
        patch = Patch()
        for key, values in ring.items():
            patch["data"][-1][key] = values
        return patch
    size_by = size_by or DEFAULT_SIZE
    figure = data.memo(
        ("webgl", state, size_by),
        lambda: scattergl_figure(view.nodes, view.edges, size_by),
    )
    last = {**figure["data"][-1], **ring}
    return {"data": [*figure["data"][:-1], last], "layout": figure["layout"]}


def select_organization(org: str | None, *filters: Any) -> tuple[Any, Any]:
    """The ego-network highlight and the side panel of the selected organization."""
    view = get_data().view(filter_state(*filters))
    if not org:
        return ego_stylesheet(None, []), html.Div(
            "Click an organization, or search for one, to see its profile, partners, trust, "
            "brokerage role and potential allies.",
            className="placeholder",
        )
    profile = organization_profile(view, org)
    if profile is None:
        return ego_stylesheet(None, []), html.Div(
            "This organization is not in the data.", className="placeholder"
        )
    partners = profile["partners"]["id"].tolist()
    return ego_stylesheet(org, partners), organization_panel(profile, view)


def pick_organization(node: Any, gl_click: Any, search: Any) -> Any:
    """The organization clicked on the graph or chosen in the search box."""
    if len(ctx.triggered_prop_ids) != 1:
        return no_update  # the components were just created: nothing was picked
    trigger = ctx.triggered_id
    if trigger == "net-cyto" and node:
        return node.get("id")
    if trigger == "net-gl" and gl_click:
        point = gl_click["points"][0]
        return point.get("customdata") or no_update
    if trigger == "net-search":
        return search or None
    return no_update


def pick_from_panel(clicks: list[int | None], clear: int | None) -> Any:
    """A partner or ally clicked in the side panel becomes the selection; *clear* unselects.

    The panel's buttons are created with ``n_clicks=0``; their appearance is not a click.
    """
    trigger = ctx.triggered_id
    if trigger == "panel-clear":
        return None if clear else no_update
    if isinstance(trigger, dict):
        value = ctx.triggered[0].get("value") if ctx.triggered else None
        if value:
            return trigger.get("org")
    return no_update


def register(app: dash.Dash) -> None:
    """Attach the network view's callbacks to ``app``."""
    app.callback(
        Output("net-cyto", "elements"),
        Output("net-cyto", "style"),
        Output("net-gl", "style"),
        Output("net-note", "children"),
        Output("net-search", "options"),
        Output("net-png", "style"),
        *FILTER_INPUTS,
        Input("net-size", "value"),
    )(render_network)
    app.callback(
        Output("net-gl", "figure"),
        *FILTER_INPUTS,
        Input("net-size", "value"),
        Input("selected-org", "data"),
    )(render_webgl)
    app.callback(
        Output("net-cyto", "stylesheet"),
        Output("net-panel", "children"),
        Input("selected-org", "data"),
        *FILTER_INPUTS,
    )(select_organization)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Input("net-cyto", "tapNodeData"),
        Input("net-gl", "clickData"),
        Input("net-search", "value"),
        prevent_initial_call=True,
    )(pick_organization)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Input({"type": "pick", "org": ALL}, "n_clicks"),
        Input("panel-clear", "n_clicks"),
        prevent_initial_call=True,
    )(pick_from_panel)
    app.clientside_callback(
        """function(n) {
            if (!n) { return window.dash_clientside.no_update; }
            return {type: 'png', action: 'download', filename: 'network', options: {full: true, scale: 2, bg: '#ffffff'}};
        }""",
        Output("net-cyto", "generateImage"),
        Input("net-png", "n_clicks"),
        prevent_initial_call=True,
    )
