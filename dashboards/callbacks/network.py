"""Callbacks of the network view: the graph, the WebGL fallback, selection and the side panel."""

from __future__ import annotations

from typing import Any

import dash
import numpy as np
import pandas as pd
from dash import ALL, ClientsideFunction, Input, Output, Patch, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data
from dashboards.data import LARGE_NETWORK, View
from dashboards.figures.communities import (
    COMMUNITY_PREFIX,
    MAX_LINKS,
    community_elements,
    community_options,
)
from dashboards.figures.network import (
    ego_stylesheet,
    network_elements,
    scattergl_figure,
    strongest_edges,
)
from dashboards.layout.panel import organization_panel
from dashboards.precompute import estimate_note
from dashboards.state import DEFAULT_SIZE
from dashboards.summaries import neighbours, organization_profile

SHOW = {"display": "block"}
BUTTON = {"display": "inline-flex"}
HIDE = {"display": "none"}
CYTO_STYLE = {"width": "100%", "height": "680px"}
GL_STYLE = {"height": "680px"}


INTERACTIVE_EDGES = 600
"""Ties drawn by the interactive graph: the heaviest ones (a browser without a graphics card
restyles and redraws 2,000 ties of 500 organizations in about two seconds, 300 in well under
one; the profile lists every partner)."""

INTERACTIVE_NODES = 1_000
"""Organizations drawn by the interactive graph: the largest by the size measure, and the selected
one with its partners (software rendering draws and styles 2,000 organizations in about three
seconds, 1,000 in half that; search and the profile still reach every organization)."""

PATH_MEASURES = ("betweenness_norm", "harmonic")
"""Size measures that are estimates when the analysis sampled its path searches."""

SEARCH_MATCHES = 50
"""Options the search box offers for a typed text in a large network."""

SEARCH_ALL = 500
"""Up to this many visible organizations the search box is sent every name; above, only the
names matching the typed text (2,000 names are 120 KB for a box nobody has opened yet)."""


def _search_options(nodes) -> list[dict[str, str]]:
    """Dropdown options: the given organizations by name."""
    order = nodes["name"].astype(str).str.lower().argsort(kind="stable")
    return [
        {"label": name, "value": oid}
        for oid, name in zip(
            nodes["id"].iloc[order].astype(str).tolist(),
            nodes["name"].iloc[order].astype(str).tolist(),
            strict=True,
        )
    ]


MODE_BOX = {"display": "flex"}

WEBGL_EDGES = 5_000
"""Ties drawn by the "all organizations" scatter: the heaviest ones (software WebGL, as in a
browser without a graphics card, draws 20,000 segments in about three seconds, 5,000 in under
half a second; the dots themselves take about as long)."""


def _size_label(size_by: str) -> str:
    from dashboards.layout.shell import SIZE_LABELS

    return SIZE_LABELS.get(size_by, size_by)


def _largest(view: View, size_by: str, org: str | None) -> pd.DataFrame:
    """The :data:`INTERACTIVE_NODES` organizations of the view largest by ``size_by``, and
    ``org`` with its partners when ``org`` is in the view."""
    nodes = view.nodes
    values = nodes[size_by] if size_by in nodes.columns else pd.Series(0.0, index=nodes.index)
    keep = np.zeros(len(nodes), dtype=bool)
    order = np.argsort(-values.fillna(0.0).to_numpy(float), kind="stable")
    keep[order[:INTERACTIVE_NODES]] = True
    if org and (nodes["id"] == org).any():
        keep |= nodes["id"].isin([org, *neighbours(view, org)["id"].tolist()]).to_numpy()
    return nodes[keep]


def render_network(*args: Any) -> tuple[Any, ...]:
    """Elements of the visible network and its mode note.

    Arguments: the seven filter values, the size measure, the large-network mode. Under
    ``LARGE_NETWORK`` organizations the interactive graph of organizations (at most
    :data:`INTERACTIVE_NODES` of them drawn); above it the network of communities
    (``mode == "communities"``, the default) or the WebGL scatter of all organizations
    (``mode == "all"``).
    """
    return _render_network(args, None)


def render_network_with(*args: Any) -> tuple[Any, ...]:
    """:func:`render_network` with the selected organization last: when not every organization
    is drawn, it is drawn with its partners (a link naming it opens on it)."""
    *rest, org = args
    return _render_network(tuple(rest), org)


def _render_network(args: tuple[Any, ...], org: str | None) -> tuple[Any, ...]:
    *filters, size_by, mode = args
    data = get_data()
    state = filter_state(*filters)
    size_by = size_by or DEFAULT_SIZE
    view = data.view(state)
    nodes = view.nodes
    if view.is_large:
        if mode == "all":
            drawn = (
                f"the {WEBGL_EDGES:,} strongest of its {len(view.edges):,} ties drawn"
                if len(view.edges) > WEBGL_EDGES
                else f"{len(view.edges):,} ties"
            )
            note = (
                f"{len(nodes):,} organizations: all of them as a fast WebGL scatter, {drawn} "
                "(click a dot to select it). Switch to Communities, or narrow the filters below "
                f"{LARGE_NETWORK:,} organizations, for the interactive graph."
            )
            return [], {**CYTO_STYLE, **HIDE}, {**GL_STYLE, **SHOW}, note, BUTTON, MODE_BOX
        elements = data.memo(("communities", state), lambda: community_elements(nodes, view.edges))
        count = sum(1 for e in elements if "source" not in e["data"])
        links = community_link_count(nodes, view.edges, data, state)
        alone = int((nodes["degree"].fillna(0) == 0).sum()) if "degree" in nodes else 0
        note = (
            f"{len(nodes):,} organizations in {count:,} communities (groups that cooperate more "
            "among themselves). Node size: members; colour: the dominant sector; label: the "
            "most central members. Click a community to open it as the interactive graph."
            + (
                f" {alone:,} organizations without a tie in these years are not drawn."
                if alone
                else ""
            )
            + (f" Links: the {MAX_LINKS:,} strongest of {links:,}." if links > MAX_LINKS else "")
        )
        return (
            elements,
            {**CYTO_STYLE, **SHOW},
            {**GL_STYLE, **HIDE},
            note,
            BUTTON,
            MODE_BOX,
        )
    shown, edges = nodes, view.edges
    if len(nodes) > INTERACTIVE_NODES:
        shown = _largest(view, size_by, org)
        ids = shown["id"]
        edges = edges[edges["source"].isin(ids) & edges["target"].isin(ids)]
    drawn = strongest_edges(edges, INTERACTIVE_EDGES)
    if nodes.empty:
        note = "No organization matches the filters."
    else:
        estimated = size_by in PATH_MEASURES and bool(estimate_note(view.analysis))
        some = len(shown) < len(nodes)
        note = (
            f"{len(nodes):,} organizations and {len(view.edges):,} ties"
            + (
                f": the {INTERACTIVE_NODES:,} largest by {_size_label(size_by).lower()}"
                + (
                    " and the selected organization's partners"
                    if len(shown) > INTERACTIVE_NODES
                    else ""
                )
                + f" drawn, with the {len(drawn):,} strongest ties among them (search finds "
                "every organization; the profile lists every partner)"
                if some
                else (
                    f" (the {len(drawn):,} strongest drawn; the profile lists every partner)"
                    if len(drawn) < len(view.edges)
                    else ""
                )
            )
            + ". Node size: "
            f"{_size_label(size_by)}{' (estimated)' if estimated else ''}; edge width: tie weight. Labels: the most central; hover or "
            "zoom in for the others. Click a node to open its profile."
        )
    key = tuple(shown["id"]) if len(shown) < len(nodes) else ()
    elements = data.memo(
        ("elements", state, size_by, key), lambda: network_elements(shown, drawn, size_by)
    )
    return elements, {**CYTO_STYLE, **SHOW}, {**GL_STYLE, **HIDE}, note, BUTTON, HIDE


def community_link_count(nodes, edges, data, state) -> int:
    """Pairs of communities with ties between them in the view (drawn or not)."""
    from dashboards.figures.communities import community_table

    return data.memo(
        ("community-links", state), lambda: len(community_table(nodes, edges, min_members=2)[1])
    )


def search_options(search: str | None, value: str | None, *filters: Any) -> list[dict[str, str]]:
    """The search box's options: every visible organization up to :data:`SEARCH_ALL` of them;
    in a larger view (thousands of names are megabytes on every render) the first
    :data:`SEARCH_MATCHES` names containing the typed text, and the chosen organization.
    """
    data = get_data()
    state = filter_state(*filters)
    view = data.view(state)
    nodes = view.nodes
    if len(nodes) <= SEARCH_ALL:
        return data.memo(("search", state), lambda: _search_options(nodes))
    names = nodes["name"].astype(str)
    hits = np.zeros(len(nodes), dtype=bool)
    text = (search or "").strip().lower()
    if text:
        hits = names.str.lower().str.contains(text, regex=False).to_numpy()
        hits &= np.cumsum(hits) <= SEARCH_MATCHES
    if value:
        hits |= (nodes["id"] == value).to_numpy()
    return _search_options(nodes[hits])


def open_community(node: Any, communities: Any) -> Any:
    """A tapped community node becomes the community filter (the community opens)."""
    ident = str((node or {}).get("id", ""))
    if not ident.startswith(COMMUNITY_PREFIX):
        return no_update
    return [ident[len(COMMUNITY_PREFIX) :]]


def community_filter_options(*filters: Any) -> list[dict[str, str]]:
    """Options of the community filter: the communities of the current window and types."""
    data = get_data()
    state = filter_state(*filters, None).with_(
        sectors=(), org_types=(), themes=(), municipalities=()
    )
    view = data.view(state, first=True)
    if "community" not in view.nodes.columns:
        raise PreventUpdate  # a first look: the options follow with the window's analysis
    return data.memo(("community-options", state), lambda: community_options(view.nodes))


def hover_label(node: Any) -> str:
    """The name of the node under the pointer (for nodes without a permanent label)."""
    if not node:
        return ""
    return str(node.get("detail") or node.get("name") or "")


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


GL_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "toImageButtonOptions": {"filename": "network"},
}


def render_webgl(*args: Any) -> list[Any]:
    """The WebGL scatter of a large network in "all organizations" mode, else nothing.

    Arguments: the filter values, the size measure, the mode, the selected organization. The
    figure of a filter state and size measure is built once; its last trace is the selection
    ring. The graph is created only when shown, so plotly.js is not loaded for a page without it.
    """
    *filters, size_by, mode, org = args
    data = get_data()
    state = filter_state(*filters)
    view = data.view(state)
    if not view.is_large or mode != "all":
        return []
    size_by = size_by or DEFAULT_SIZE
    figure = data.memo(
        ("webgl", state, size_by),
        lambda: scattergl_figure(view.nodes, view.edges, size_by, max_edges=WEBGL_EDGES),
    )
    last = {**figure["data"][-1], **_ring(view, org)}
    shown = {"data": [*figure["data"][:-1], last], "layout": figure["layout"]}
    return [dcc.Graph(id="net-gl", figure=shown, style=GL_STYLE, config=GL_CONFIG)]


def highlight_webgl(org: str | None, *filters: Any) -> Any:
    """On a selection change only the WebGL scatter's ring (its last trace) is patched."""
    view = get_data().view(filter_state(*filters))
    patch = Patch()
    for key, values in _ring(view, org).items():
        patch["data"][-1][key] = values
    return patch


def pick_from_webgl(click: Any) -> Any:
    """The organization clicked on the WebGL scatter."""
    if not click or not click.get("points"):
        return no_update
    return click["points"][0].get("customdata") or no_update


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


def pick_organization(node: Any, search: Any) -> Any:
    """The organization clicked on the graph or chosen in the search box."""
    if len(ctx.triggered_prop_ids) != 1:
        return no_update  # the components were just created: nothing was picked
    trigger = ctx.triggered_id
    if trigger == "net-cyto" and node:
        if str(node.get("id", "")).startswith(COMMUNITY_PREFIX):
            return no_update
        return node.get("id")
    if trigger == "net-search":
        return search or None
    return no_update


def register(app: dash.Dash) -> None:
    """Attach the network view's callbacks to ``app``."""
    app.callback(
        Output("net-cyto", "elements"),
        Output("net-cyto", "style"),
        Output("net-gl-box", "style"),
        Output("net-note", "children"),
        Output("net-downloads", "style"),
        Output("net-mode-box", "style"),
        *FILTER_INPUTS,
        Input("net-size", "value"),
        Input("net-mode", "value"),
        State("selected-org", "data"),
    )(render_network_with)
    app.callback(
        Output("net-search", "options"),
        Input("net-search", "search_value"),
        Input("net-search", "value"),
        *FILTER_INPUTS,
    )(search_options)
    app.callback(
        Output("f-community", "value", allow_duplicate=True),
        Input("net-cyto", "tapNodeData"),
        State("f-community", "value"),
        prevent_initial_call=True,
    )(open_community)
    app.callback(Output("f-community", "options"), *FILTER_INPUTS[:-1])(community_filter_options)
    app.callback(Output("net-hover", "children"), Input("net-cyto", "mouseoverNodeData"))(
        hover_label
    )
    app.clientside_callback(
        ClientsideFunction(namespace="sg", function_name="labels"),
        Output("net-labels", "data"),
        Input("net-cyto", "elements"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="sg", function_name="egoFit"),
        Output("net-ego", "data"),
        Input("selected-org", "data"),
        prevent_initial_call=True,
    )
    # a graph filled while hidden (or switched from the WebGL scatter) is fitted to the view
    app.clientside_callback(
        ClientsideFunction(namespace="sg", function_name="refit"),
        Output("net-fit", "data"),
        Input("net-cyto", "elements"),
        Input("net-cyto", "style"),
    )
    app.callback(
        Output("net-gl-box", "children"),
        *FILTER_INPUTS,
        Input("net-size", "value"),
        Input("net-mode", "value"),
        State("selected-org", "data"),
    )(render_webgl)
    app.callback(
        Output("net-gl", "figure"),
        Input("selected-org", "data"),
        *[State(i.component_id, i.component_property) for i in FILTER_INPUTS],
        prevent_initial_call=True,
    )(highlight_webgl)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Input("net-gl", "clickData"),
        prevent_initial_call=True,
    )(pick_from_webgl)
    app.callback(
        Output("net-cyto", "stylesheet"),
        Output("net-panel", "children"),
        Input("selected-org", "data"),
        *FILTER_INPUTS,
    )(select_organization)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Input("net-cyto", "tapNodeData"),
        Input("net-search", "value"),
        prevent_initial_call=True,
    )(pick_organization)
    # a partner or ally clicked in the side panel becomes the selection; *clear* unselects
    app.clientside_callback(
        ClientsideFunction(namespace="sg", function_name="pickFromPanel"),
        Output("selected-org", "data", allow_duplicate=True),
        Input({"type": "pick", "org": ALL}, "n_clicks"),
        Input("panel-clear", "n_clicks"),
        prevent_initial_call=True,
    )
