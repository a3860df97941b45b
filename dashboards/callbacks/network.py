"""Callbacks of the network view: the graph, the WebGL fallback, selection and the side panel."""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import ALL, Input, Output, Patch, ctx, html, no_update

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data
from dashboards.figures.network import ego_stylesheet, network_elements, scattergl_network
from dashboards.layout.panel import organization_panel
from dashboards.state import DEFAULT_SIZE
from dashboards.summaries import neighbours, organization_profile

SHOW = {"display": "block"}
HIDE = {"display": "none"}
CYTO_STYLE = {"width": "100%", "height": "680px"}
GL_STYLE = {"height": "680px"}


def render_network(*args: Any) -> tuple[Any, ...]:
    """Elements of the visible network (or an empty graph when it is too large), its mode note
    and the search options. Arguments: the six filter values, then the size measure."""
    *filters, size_by = args
    view = get_data().view(filter_state(*filters))
    nodes = view.nodes
    options = [
        {"label": name, "value": oid}
        for oid, name in sorted(
            zip(nodes["id"], nodes["name"], strict=True), key=lambda p: str(p[1]).lower()
        )
    ]
    if view.is_large:
        note = (
            f"{len(nodes):,} organizations: shown as a fast WebGL scatter (click a dot to select it). "
            "Narrow the filters below 2,000 organizations for the interactive graph."
        )
        return [], {**CYTO_STYLE, **HIDE}, {**GL_STYLE, **SHOW}, note, options
    if nodes.empty:
        note = "No organization matches the filters."
    else:
        note = (
            f"{len(nodes):,} organizations and {len(view.edges):,} ties. Node size: "
            f"{size_by or DEFAULT_SIZE}; edge width: tie weight. Click a node to open its profile."
        )
    elements = network_elements(nodes, view.edges, size_by or DEFAULT_SIZE)
    return elements, {**CYTO_STYLE, **SHOW}, {**GL_STYLE, **HIDE}, note, options


def render_webgl(*args: Any) -> Any:
    """The WebGL figure for large networks; on a selection change only the highlight is patched.

    Arguments: the six filter values, the size measure, the selected organization.
    """
    *filters, size_by, org = args
    view = get_data().view(filter_state(*filters))
    if not view.is_large:
        return go.Figure() if ctx.triggered_id != "selected-org" else no_update
    partners = neighbours(view, org)["id"].tolist() if org else []
    if ctx.triggered_id == "selected-org":
        ring = view.nodes[view.nodes["id"].isin(partners) | (view.nodes["id"] == org)]
        patch = Patch()
        patch["data"][-1]["x"] = ring["x"].tolist()
        patch["data"][-1]["y"] = ring["y"].tolist()
        patch["data"][-1]["customdata"] = ring["id"].tolist()
        return patch
    return scattergl_network(view.nodes, view.edges, size_by or DEFAULT_SIZE, org or "", partners)


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
