"""Callbacks of the Change view: the periods ↔ the link, and the comparison's parts."""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State, ctx, html, no_update
from dash.exceptions import MissingCallbackContextException, PreventUpdate

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data, records
from dashboards.change import (
    GLOSSARY_KEYS,
    MEASURE_LABELS,
    check_periods,
    comparison,
    comparisons,
    default_periods,
    estimate_note,
    is_estimate,
    movers,
    period_text,
    summary_rows,
    tie_changes,
    window_words,
)
from dashboards.data import LARGE_NETWORK, View
from dashboards.figures.change import (
    change_elements,
    community_change_elements,
    sector_change_heatmap,
)
from dashboards.figures.charts import empty_figure, kpi
from dashboards.figures.communities import COMMUNITY_PREFIX
from dashboards.glossary import explain
from dashboards.privacy import TRUST_CHANGE_NOTE
from dashboards.state import UrlState, decode_query, encode_query

POLL = "chg-poll.n_intervals"
SHOW = {"display": "block"}
HIDE = {"display": "none"}


def sync_periods(search: str | None, before: Any, after: Any) -> tuple[Any, Any, Any]:
    """The period boxes and the link's ``before``/``after`` keys, kept in step.

    When the page opens (or the link changes) the link fills the boxes — the last two complete
    years when it names no period; a period typed in a box is written into the link (every other
    key kept), so the comparison can be shared or bookmarked.
    """
    state = decode_query(search)
    triggered = ctx.triggered_prop_ids
    typed = not ("chg-url.search" in triggered or (before is None and after is None))
    if not typed:
        default = default_periods(get_data().network.interactions["date"])
        new_before = state.before or default[0]
        new_after = state.after or default[1]
        return (
            new_before if new_before != before else no_update,
            new_after if new_after != after else no_update,
            no_update,
        )
    current = UrlState(
        filters=state.filters,
        org=state.org,
        size_by=state.size_by,
        before=period_text(before),
        after=period_text(after),
    )
    query = encode_query(current)
    return no_update, no_update, query if query != (search or "") else no_update


def _summary_table(rows: list[dict[str, Any]]) -> html.Table:
    def cell(value: Any, kind: str, signed: bool = False) -> html.Td:
        text = kpi(value, kind)
        if signed and value is not None and value > 0:
            text = "+" + text
        return html.Td(text, className="num")

    body = []
    for row in rows:
        key = row["key"]
        tip = explain(key) or explain(GLOSSARY_KEYS.get(key, ""))
        label = row["label"] + (" ⓘ" if tip else "")
        body.append(
            html.Tr(
                [
                    html.Th(label, title=tip or None, scope="row"),
                    cell(row["before"], row["kind"]),
                    cell(row["after"], row["kind"]),
                    cell(row["change"], row["kind"], signed=True),
                ],
                id=f"chg-row-{key}",
            )
        )
    head = html.Tr([html.Th(""), html.Th("before"), html.Th("after"), html.Th("change")])
    return html.Table([html.Thead(head), html.Tbody(body)], className="summary-table")


def _network(view: View, gained: Any, lost: Any) -> tuple[list[dict[str, Any]], str]:
    if view.is_large:
        elements = community_change_elements(view.nodes, gained, lost)
        count = sum(1 for e in elements if "source" not in e["data"])
        note = (
            f"{len(view.nodes):,} organizations in {count:,} communities (more than "
            f"{LARGE_NETWORK:,} are too many to draw one by one). Between two communities, "
            "one line for the ties gained and one for the ties lost, as wide as their number; "
            "the label counts the changes inside. Click a community to open it."
        )
        return elements, note
    elements = change_elements(view.nodes, gained, lost)
    shown = sum(1 for e in elements if "source" not in e["data"])
    note = (
        f"{shown:,} organizations with a tie gained or lost, at their place on the network "
        "view; the most changed are named (hover for the others)."
    )
    return elements, note


def _polled() -> bool:
    try:
        return POLL in ctx.triggered_prop_ids
    except MissingCallbackContextException:  # called directly (tests)
        return False


def render_change(before: Any, after: Any, measure: str | None, *args: Any) -> tuple[Any, ...]:
    """Every part of the Change view for two periods and the sidebar's filters.

    Arguments after the measure: the seven filter values, then (optionally) the poll's count.
    A quick comparison (a new pair in a large network, see :class:`dashboards.change.ComparisonStore`)
    shows the estimate notice and starts the poll; a poll tick re-renders only once the exact
    comparison has replaced it.
    """
    filters = args[: len(FILTER_INPUTS)]
    before, after = period_text(before), period_text(after)
    if before is None and after is None:
        raise PreventUpdate  # the boxes are filled from the link first
    problem = check_periods(before, after)
    if problem:
        return (
            f"These periods cannot be compared: {problem}.",
            SHOW,
            *([no_update] * 11),
        )
    data = get_data()
    state = filter_state(*filters).with_(year_from=None, year_to=None)
    if _polled() and not comparisons(data).is_settled(before, after, state.interaction_types):
        raise PreventUpdate  # still refining: the quick figures stay
    measure = measure if measure in MEASURE_LABELS else "degree"
    view = data.view(state)
    result = comparison(data, before, after, state.interaction_types)
    estimate = estimate_note(result)
    summary = result["summary"]
    gained, lost = tie_changes(result, view)
    key = ("change-net", before, after, state)
    elements, net_note = data.memo(key, lambda: _network(view, gained, lost))
    rows, changed = movers(result, view, measure)
    scope = " among the organizations the filters show" if state.has_org_filter() else ""
    note = (
        f"Before: {window_words(summary['before']['window'])}; after: "
        f"{window_words(summary['after']['window'])}. {len(gained):,} ties gained and "
        f"{len(lost):,} lost{scope}; {summary['entered']:,} organizations entered, "
        f"{summary['left']:,} left, {summary['moved_community']:,} changed community. The "
        "year filter does not apply here: the two periods choose the ties."
    )
    count = f"{len(rows):,} of {changed:,} organizations whose {MEASURE_LABELS[measure]} changed"
    return (
        "",
        HIDE,
        note,
        _summary_table(summary_rows(result)),
        elements,
        net_note,
        records(rows),
        count,
        sector_change_heatmap(result["sectors"], "trust")
        if data.analyst
        else empty_figure(TRUST_CHANGE_NOTE),
        sector_change_heatmap(result["sectors"], "ties"),
        estimate,
        SHOW if estimate else HIDE,
        not is_estimate(result),
    )


def open_mover(cell: dict[str, Any] | None) -> tuple[Any, Any]:
    """A clicked movers row opens its organization on the network view."""
    if not cell or not cell.get("rowId"):
        return no_update, no_update
    return cell["rowId"], "/network"


def open_community(node: Any, _current: Any) -> Any:
    """A tapped community of the change network becomes the community filter."""
    ident = str((node or {}).get("id", ""))
    if not ident.startswith(COMMUNITY_PREFIX):
        return no_update
    return [ident[len(COMMUNITY_PREFIX) :]]


def register(app: dash.Dash) -> None:
    """Attach the Change view's callbacks to ``app``."""
    # the page's own location (chg-url) reads and writes the link; every dcc.Location follows it
    app.callback(
        Output("chg-before", "value"),
        Output("chg-after", "value"),
        Output("chg-url", "search"),
        Input("chg-url", "search"),
        Input("chg-before", "value"),
        Input("chg-after", "value"),
    )(sync_periods)
    app.callback(
        Output("chg-error", "children"),
        Output("chg-error", "style"),
        Output("chg-note", "children"),
        Output("chg-summary", "children"),
        Output("chg-cyto", "elements"),
        Output("chg-net-note", "children"),
        Output({"type": "grid", "name": "movers"}, "rowData"),
        Output("movers-count", "children"),
        Output("chg-trust", "figure"),
        Output("chg-ties", "figure"),
        Output("chg-status", "children"),
        Output("chg-status", "style"),
        Output("chg-poll", "disabled"),
        Input("chg-before", "value"),
        Input("chg-after", "value"),
        Input("chg-measure", "value"),
        *FILTER_INPUTS,
        Input("chg-poll", "n_intervals"),
    )(render_change)
    app.clientside_callback(
        ClientsideFunction(namespace="sg", function_name="labels"),
        Output("chg-labels", "data"),
        Input("chg-cyto", "elements"),
        State("chg-cyto", "id"),
    )
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Output("url", "pathname", allow_duplicate=True),
        Input({"type": "grid", "name": "movers"}, "cellClicked"),
        prevent_initial_call=True,
    )(open_mover)
    app.callback(
        Output("f-community", "value", allow_duplicate=True),
        Input("chg-cyto", "tapNodeData"),
        State("f-community", "value"),
        prevent_initial_call=True,
    )(open_community)
