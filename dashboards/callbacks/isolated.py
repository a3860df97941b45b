"""Callbacks of the Isolated NGOs view: the window statement, the job history, chart and table."""

from __future__ import annotations

from typing import Any

import dash
import pandas as pd
from dash import Input, Output, html

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data, records
from dashboards.data import View
from dashboards.figures import charts
from dashboards.history import JobHistory

FLAG_COLUMNS = tuple(charts.ISOLATION_FLAGS)


def window_statement(view: View) -> list[Any]:
    """Which days the flags read, and what the graph beside them shows.

    >>> # e.g. "Flagged on the 365 days from 2024-07-01 to 2025-06-30 (as of 2025-06-30) …"
    """
    window = view.analysis.summary.get("isolation_window") or {}
    days, start, as_of = window.get("days"), window.get("start"), window.get("as_of")
    explicit = view.analysis.params.as_of is not None or view.state.year_to is not None
    source = "" if explicit else ", the latest interaction in the data"
    if as_of:
        head = (
            f"Flagged on the {days} days from {start} to {as_of} (as of {as_of}{source}); "
            f"the previous window is the {days} days before."
        )
    else:
        head = "No dated interaction: every interaction counts in the window."
    return [
        html.Strong("Isolation window. ", className="window-label"),
        html.Span(head, id="iso-window-text"),
        html.Span(
            " The flags read every interaction up to that date whatever the year and "
            "interaction-type filters; the network view shows the ties of the selected years, "
            "so an organization can have partners there and still be flagged here.",
            className="note",
        ),
    ]


def history_card(history: JobHistory | None) -> Any:
    """Newly isolated, still isolated and recovered in the scheduled job's latest run."""
    if history is None:
        return html.Div(
            "No job history: start the dashboard with --job-out DIR (the isolated-NGO job's "
            "out folder), or on --source neo4j after flag-isolated --write-back, to see what "
            "changed since the job's previous run.",
            className="note",
            id="iso-history-none",
        )
    counts = history.counts
    recovered = ", ".join(name or oid for oid, name in history.recovered[:12])
    more = " …" if len(history.recovered) > 12 else ""
    since = (
        f" against the run of {_when(history.previous_run_at)}" if history.previous_run_at else ""
    )
    return html.Div(
        [
            html.H3(f"Scheduled job: what changed (from {history.origin})", className="card-title"),
            html.P(
                f"Latest run {_when(history.run_at)} (as of {history.as_of}, "
                f"{history.window_days}-day window){since}.",
                className="note",
            ),
            html.Div(
                [
                    _tally("iso-new", counts.get("newly_isolated", 0), "newly isolated", "new"),
                    _tally("iso-still", counts.get("still_isolated", 0), "still isolated", "still"),
                    _tally("iso-recovered", counts.get("recovered", 0), "recovered", "recovered"),
                ],
                className="tallies",
            ),
            html.P(f"Recovered: {recovered}{more}", className="note") if recovered else None,
            _runs_table(history),
        ],
        className="card",
        id="iso-history-card",
    )


def _runs_table(history: JobHistory) -> Any:
    """The last runs recorded in Neo4j, newest first (nothing for a single run)."""
    if len(history.runs) < 2:
        return None
    head = ["run", "as of", "flagged", "newly isolated", "still isolated", "recovered"]
    keys = ("isolated", "newly_isolated", "still_isolated", "recovered")
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Td(_when(run["run_at"])), html.Td(str(run.get("as_of") or ""))]
                        + [html.Td(f"{run[k]:,}", className="num") for k in keys]
                    )
                    for run in history.runs
                ]
            ),
        ],
        className="summary-table",
        id="iso-runs",
    )


def _when(stamp: str) -> str:
    """``2025-07-01T06:00:00.000000Z`` as ``2025-07-01 06:00 UTC``.

    >>> _when("2025-07-01T06:00:00.000000Z"), _when("")
    ('2025-07-01 06:00 UTC', '')
    """
    try:
        moment = pd.Timestamp(stamp)
    except (TypeError, ValueError):
        return stamp
    if pd.isna(moment):
        return stamp
    zone = " UTC" if moment.tzinfo is not None else ""
    return moment.strftime("%Y-%m-%d %H:%M") + zone


def _tally(ident: str, n: int, text: str, kind: str) -> html.Div:
    return html.Div(
        [html.Span(f"{n:,}", id=ident, className="tally-value"), html.Span(text)],
        className=f"tally tally-{kind}",
    )


def flag_list(table: pd.DataFrame) -> pd.Series:
    """The flags of each row as a ``;``-list of codes (``no_public_tie;single_tie``)."""
    present = [f for f in FLAG_COLUMNS if f in table.columns]
    if not present or table.empty:
        return pd.Series([""] * len(table), index=table.index, dtype=object)
    bits = table[present].fillna(False).astype(bool)
    return bits.apply(lambda row: ";".join(row.index[row.to_numpy()]), axis=1)


def isolated(*filters: Any) -> tuple[Any, ...]:
    """Window statement, job history, the flags chart, the rows and their count."""
    data = get_data()
    state = filter_state(*filters)
    # the flags alone: a window not analysed yet is answered by its first look
    view = data.view(state, first=True)
    return data.memo(("isolated", state), lambda: _outputs(view, data.history))


def _outputs(view: View, history: JobHistory | None) -> tuple[Any, ...]:
    table = view.table("isolated")
    rows = table.assign(flags=flag_list(table))
    if history is not None:
        rows["status"] = rows["id"].map(history.status).fillna("")
    total = len(table)
    return (
        window_statement(view),
        history_card(history),
        charts.isolation_bar(table),
        records(rows),
        f"{total:,} organization" + ("" if total == 1 else "s"),
    )


def open_isolated(cell: dict[str, Any] | None) -> tuple[Any, Any]:
    """A clicked row opens its organization on the network view."""
    if not cell or not cell.get("rowId"):
        return dash.no_update, dash.no_update
    return cell["rowId"], "/network"


def register(app: dash.Dash) -> None:
    """Attach the isolated view's callbacks to ``app``."""
    app.callback(
        Output("iso-window", "children"),
        Output("iso-history", "children"),
        Output("iso-bar", "figure"),
        Output({"type": "grid", "name": "isolated"}, "rowData"),
        Output("isolated-count", "children"),
        *FILTER_INPUTS,
    )(isolated)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Output("url", "pathname", allow_duplicate=True),
        Input({"type": "grid", "name": "isolated"}, "cellClicked"),
        prevent_initial_call=True,
    )(open_isolated)
