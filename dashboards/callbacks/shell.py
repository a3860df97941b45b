"""Callbacks of the frame: URL ↔ filters, the router, navigation links, CSV export."""

from __future__ import annotations

from typing import Any

import dash
from dash import MATCH, Input, Output, ctx, no_update

from dashboards.callbacks.common import FILTER_IDS, FILTER_INPUTS, filter_state, get_data
from dashboards.layout import page
from dashboards.state import (
    DEFAULT_SIZE,
    VIEWS,
    UrlState,
    decode_query,
    encode_query,
    view_from_path,
)


def sync_url(
    search: str | None,
    sectors: Any,
    org_types: Any,
    themes: Any,
    municipalities: Any,
    itypes: Any,
    years: Any,
    communities: Any,
    size_by: str | None,
    org: str | None,
    reset: int | None,
) -> tuple[Any, ...]:
    """Keep the controls and the URL's query string in step, both ways.

    On page load and browser navigation the URL sets the controls; a change of a control, of the
    size measure or of the selected organization rewrites the URL (without reloading).
    """
    data = get_data()
    bounds = data.options.years
    triggered = ctx.triggered_prop_ids
    # on page load several inputs fire at once; the URL wins
    from_url = not triggered or "url.search" in triggered
    reset_now = "reset-filters.n_clicks" in triggered and bool(reset) and not from_url
    if from_url and not reset_now:
        shown = filter_state(sectors, org_types, themes, municipalities, itypes, years, communities)
        current = encode_query(UrlState(shown, org or None, size_by or DEFAULT_SIZE))
        if current == (search or ""):
            # the URL was written from these controls (or the page opened on the defaults):
            # setting them again would re-run every view for nothing
            return tuple([no_update] * 10)
    if from_url or reset_now:
        trigger = "reset-filters" if reset_now else "url"
        state = decode_query(search) if trigger != "reset-filters" else UrlState()
        f = state.filters
        year_value = [
            f.year_from if f.year_from is not None else (bounds[0] if bounds else 0),
            f.year_to if f.year_to is not None else (bounds[1] if bounds else 0),
        ]
        controls = (
            list(f.sectors),
            list(f.org_types),
            list(f.themes),
            list(f.municipalities),
            list(f.interaction_types),
            year_value,
            list(f.communities),
            state.size_by,
            state.org,
        )
        url = no_update if trigger != "reset-filters" else ""
        return (*controls, url)
    filters = filter_state(sectors, org_types, themes, municipalities, itypes, years, communities)
    current = decode_query(search)  # the Change view's periods stay in the link
    query = encode_query(
        UrlState(
            filters=filters,
            org=org or None,
            size_by=size_by or DEFAULT_SIZE,
            before=current.before,
            after=current.after,
        )
    )
    if query == (search or ""):
        query = no_update
    return (*([no_update] * 9), query)


def route(pathname: str | None) -> tuple[Any, ...]:
    """The page of the current path, the active navigation link and the size control."""
    view = view_from_path(pathname)
    classes = ["nav-link active" if v == view else "nav-link" for v in VIEWS]
    size_style = {"display": "block"} if view == "network" else {"display": "none"}
    return (page(view, get_data().analyst), *classes, size_style)


def nav_hrefs(search: str | None) -> list[str]:
    """Navigation links that keep the current filters."""
    return [f"/{v}{search or ''}" for v in VIEWS]


def filter_summary(*values: Any) -> str:
    """How many organizations and ties the filters leave."""
    view = get_data().view(filter_state(*values), first=True)  # counts: a first look will do
    total = len(get_data().network.organizations)
    shown = len(view.nodes)
    of = f" of {total:,}" if shown != total else ""
    return f"{shown:,}{of} organizations · {len(view.edges):,} ties"


def link_notice(search: str | None) -> tuple[Any, Any]:
    """A visible notice naming the link's values the data does not have (``?sector=martian``)."""
    state = decode_query(search)
    options = get_data().options
    known = {
        "sector": (state.filters.sectors, options.sectors),
        "type": (state.filters.org_types, options.org_types),
        "theme": (state.filters.themes, options.themes),
        "municipality": (state.filters.municipalities, options.municipalities),
        "itype": (state.filters.interaction_types, options.interaction_types),
    }
    unknown = [
        f"{key}={value}"
        for key, (values, allowed) in known.items()
        for value in values
        if value not in allowed
    ]
    if not unknown:
        return "", {"display": "none"}
    text = (
        "This link asks for values the data does not have, so nothing matches them: "
        + ", ".join(unknown)
        + ". Use Reset filters, or choose from the filters on the left."
    )
    return text, {"display": "block"}


def register(app: dash.Dash) -> None:
    """Attach the frame's callbacks to ``app``."""
    app.callback(
        *[Output(i, "value") for i in FILTER_IDS],
        Output("net-size", "value"),
        Output("selected-org", "data"),
        Output("url", "search"),
        Input("url", "search"),
        *FILTER_INPUTS,
        Input("net-size", "value"),
        Input("selected-org", "data"),
        Input("reset-filters", "n_clicks"),
    )(sync_url)
    app.callback(
        Output("page-content", "children"),
        *[Output(f"nav-{v}", "className") for v in VIEWS],
        Output("size-box", "style"),
        Input("url", "pathname"),
    )(route)
    app.callback(*[Output(f"nav-{v}", "href") for v in VIEWS], Input("url", "search"))(nav_hrefs)
    app.callback(Output("filter-summary", "children"), *FILTER_INPUTS)(filter_summary)
    app.callback(
        Output("link-notice", "children"),
        Output("link-notice", "style"),
        Input("url", "search"),
    )(link_notice)
    app.clientside_callback(
        "function(n) { return n > 0; }",
        Output({"type": "grid", "name": MATCH}, "exportDataAsCsv"),
        Input({"type": "csv", "name": MATCH}, "n_clicks"),
        prevent_initial_call=True,
    )
