"""Callbacks of the overview, trust, allies, isolated-NGO and rankings views."""

from __future__ import annotations

from typing import Any

import dash
import numpy as np
import pandas as pd
from dash import Input, Output, html

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data, records
from dashboards.data import View
from dashboards.figures import charts
from dashboards.figures.network import ally_elements
from dashboards.layout.rankings import columns as ranking_columns
from dashboards.precompute import estimate_note
from dashboards.privacy import sector_pairs
from dashboards.summaries import (
    overview_numbers,
    sector_pair_ties,
    shared_partners,
    yearly_trend,
)


def _grid(name: str) -> dict[str, str]:
    return {"type": "grid", "name": name}


def _count(n: int, total: int | None = None, noun: str = "rows") -> str:
    """``"3 pairs"``, ``"1 pair"``, ``"500 of 1,234 pairs"``."""
    shown = total if total is not None else n
    word = noun[:-1] if shown == 1 and noun.endswith("s") else noun
    return f"{n:,} {word}" if total is None or total == n else f"{n:,} of {total:,} {word}"


def trust_scope(view: View) -> str:
    """What the sector matrices and the tables of the trust view cover."""
    head = (
        "Survey scale 1–4 (reliability, mission support, openness), answers in the chosen years. "
    )
    if view.state.sectors:
        from dashboards.theme import sector_label

        names = ", ".join(sector_label(s) for s in view.state.sectors)
        return (
            head + f"The sector matrices show only the rows and columns of {names} (the sector "
            "filter); each cell still averages every answer between two sectors, whatever the "
            "other filters. Tables follow every filter."
        )
    if view.state.has_org_filter():
        return (
            head + "The sector matrices average every answer between two sectors (the type, "
            "theme, municipality and community filters do not narrow them); tables follow every "
            "filter."
        )
    return head + "The sector matrices and the tables cover the whole network."


def _with_names(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``a_name, a_sector, b_name, b_sector`` to a pair table."""
    graph = view.analysis.graph
    names = pd.Series(graph.names, index=graph.ids)
    sectors = pd.Series(graph.sector, index=graph.ids)
    out = frame.copy()
    for end in ("a", "b"):
        if f"{end}_name" not in out:
            out[f"{end}_name"] = out[end].map(names)
        if f"{end}_sector" not in out:
            out[f"{end}_sector"] = out[end].map(sectors)
    return out


def overview(*filters: Any) -> tuple[Any, ...]:
    """Headline numbers, sectors, stages and the yearly trend of the visible network."""
    data = get_data()
    state = filter_state(*filters)
    return data.memo(("overview", state), lambda: _overview_outputs(data.view(state)))


def _overview_outputs(view: View) -> tuple[Any, ...]:
    numbers = overview_numbers(view)
    trend = yearly_trend(view)
    isolated = view.table("isolated")
    stage_note = f"{numbers['stage_known']:,} of {numbers['interactions']:,} interactions have a recorded stage."
    return (
        charts.kpi(numbers["organizations"]),
        charts.kpi(numbers["ties"]),
        charts.kpi(numbers["density"], "float"),
        charts.kpi(numbers["cross_sector_share"], "pct"),
        charts.kpi(numbers["stage_shares"].get("planning", 0.0), "pct"),
        charts.kpi(len(isolated)),
        charts.sector_bar(numbers["per_sector"]),
        charts.stage_bar(numbers["stage_shares"]),
        stage_note,
        charts.sector_pair_heatmap(sector_pair_ties(view)),
        charts.trend_figure(
            trend, charts.partial_years(view.analysis.graph.data.interactions["date"])
        ),
        records(trend),
    )


def trust(*filters: Any) -> tuple[Any, ...]:
    """Sector trust matrix, asymmetry, initiative by sector pair, gaps, fragile and untapped ties."""
    data = get_data()
    state = filter_state(*filters)
    return data.memo(("trust", state), lambda: _trust_outputs(data.view(state)))


HIDDEN = "hidden: each row would show one organization's rating of another (analysts only)"


def _trust_outputs(view: View) -> tuple[Any, ...]:
    sector_trust = view.table("sector_trust")
    initiative = view.table("sector_initiative")
    if view.private:  # the coordinator role: sector pairs instead of dyads (dashboards.privacy)
        pairs = sector_pairs(sector_trust)
        return (
            trust_scope(view),
            charts.trust_heatmap(sector_trust, view.analysis.summary.get("survey")),
            charts.asymmetry_heatmap(sector_trust),
            charts.initiative_bars(initiative),
            records(pairs),
            _count(len(pairs), noun="sector pairs"),
            [],
            HIDDEN,
            [],
            HIDDEN,
        )
    dyads = view.table("trust_dyads")
    if not dyads.empty:
        dyads = _with_names(view, dyads)
        dyads = dyads.iloc[np.argsort(-dyads["gap"].abs().fillna(-1).to_numpy(), kind="stable")]
    ties = view.table("ties")
    fragile = untapped = pd.DataFrame()
    if not ties.empty:
        ties = _with_names(view, ties)
        fragile = ties[ties["fragile"].fillna(False).astype(bool)].sort_values(
            "interactions", ascending=False
        )
        untapped = ties[ties["untapped_trust"].fillna(False).astype(bool)]
    return (
        trust_scope(view),
        charts.trust_heatmap(sector_trust, view.analysis.summary.get("survey")),
        charts.asymmetry_heatmap(sector_trust),
        charts.initiative_bars(initiative),
        records(dyads, limit=500),
        _count(min(len(dyads), 500), len(dyads), "pairs"),
        records(fragile),
        _count(len(fragile), noun="ties"),
        records(untapped),
        _count(len(untapped), noun="pairs"),
    )


ALLY_ROWS = 1000
"""Potential allies sent to the browser: the best ones (a large network has tens of thousands)."""


def allies(*filters: Any) -> tuple[Any, Any]:
    """The ranked potential allies among visible organizations (the best :data:`ALLY_ROWS`)."""
    view = get_data().view(filter_state(*filters))
    table = view.table("allies")
    if "rank" in table.columns:
        table = table.sort_values("rank", kind="stable")
    shown = min(len(table), ALLY_ROWS)
    return records(table, limit=ALLY_ROWS), _count(shown, len(table), "pairs")


def ally_pair(selected: list[dict[str, Any]] | None, *filters: Any) -> tuple[Any, Any]:
    """The selected pair and their shared partners as a small network, with the reasons."""
    if not selected:
        return [], "Select a row above."
    row = selected[0]
    view = get_data().view(filter_state(*filters))
    shared = shared_partners(view, row["a"], row["b"])
    elements = ally_elements(
        (row["a"], row["a_name"], row["a_sector"]),
        (row["b"], row["b_name"], row["b_sector"]),
        shared,
    )
    detail = html.Div(
        [
            html.Strong(str(row["a_name"]), id="ally-a"),
            html.Span(" and "),
            html.Strong(str(row["b_name"]), id="ally-b"),
            html.Span(f" — {len(shared)} shared partner(s). "),
            html.Span(str(row.get("reasons", ""))),
        ]
    )
    return elements, detail


def rankings(*filters: Any) -> tuple[Any, Any]:
    """Centrality and brokerage of every visible organization, most central first."""
    view = get_data().view(filter_state(*filters))
    nodes = view.nodes
    if "betweenness_norm" in nodes:
        nodes = nodes.sort_values("betweenness_norm", ascending=False)
    # only the grid's columns: every metric of 5,000 organizations is megabytes
    fields = [c["field"] for c in ranking_columns()]
    columns = [c for c in fields if c in nodes.columns]
    count = _count(len(nodes), noun="organizations")
    if estimate_note(view.analysis):
        count += " · betweenness and harmonic are estimates (see the notice above)"
    return records(nodes[columns]), count


def pick_ranked(cell: dict[str, Any] | None) -> Any:
    """A clicked rankings row selects its organization."""
    if not cell or not cell.get("rowId"):
        return dash.no_update
    return cell["rowId"]


def register(app: dash.Dash) -> None:
    """Attach the views' callbacks to ``app``."""
    app.callback(
        Output("kpi-orgs", "children"),
        Output("kpi-ties", "children"),
        Output("kpi-density", "children"),
        Output("kpi-cross", "children"),
        Output("kpi-planning", "children"),
        Output("kpi-isolated", "children"),
        Output("ov-sectors", "figure"),
        Output("ov-stages", "figure"),
        Output("ov-stage-note", "children"),
        Output("ov-pairs", "figure"),
        Output("ov-trend", "figure"),
        Output(_grid("trend"), "rowData"),
        *FILTER_INPUTS,
    )(overview)
    app.callback(
        Output("trust-scope", "children"),
        Output("trust-heat", "figure"),
        Output("trust-asym", "figure"),
        Output("trust-init", "figure"),
        Output(_grid("gaps"), "rowData"),
        Output("gaps-count", "children"),
        Output(_grid("fragile"), "rowData"),
        Output("fragile-count", "children"),
        Output(_grid("untapped"), "rowData"),
        Output("untapped-count", "children"),
        *FILTER_INPUTS,
    )(trust)
    app.callback(
        Output(_grid("allies"), "rowData"), Output("allies-count", "children"), *FILTER_INPUTS
    )(allies)
    app.callback(
        Output("ally-cyto", "elements"),
        Output("ally-detail", "children"),
        Input(_grid("allies"), "selectedRows"),
        *FILTER_INPUTS,
    )(ally_pair)
    app.callback(
        Output(_grid("rankings"), "rowData"), Output("rankings-count", "children"), *FILTER_INPUTS
    )(rankings)
    app.callback(
        Output("selected-org", "data", allow_duplicate=True),
        Input(_grid("rankings"), "cellClicked"),
        prevent_initial_call=True,
    )(pick_ranked)
