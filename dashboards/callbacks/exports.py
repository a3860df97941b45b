"""Downloads of the network view: a slide picture (PNG/SVG), the filtered graph (GraphML/GEXF)
and the council report (HTML) of what is shown.

The picture is built on the server (:func:`dashboards.figures.slide.slide_figure`) and drawn by
the browser's ``Plotly.downloadImage``; the graph files come from
:func:`stakeholder_graph.export.to_networkx` restricted to the visible organizations; the
report is :func:`stakeholder_graph.report.report_html` of the visible organizations' network,
the same report ``stakeholder-graph report`` writes. In the coordinator role every one of them
is made from a redacted analysis (:mod:`dashboards.privacy`).
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Any

import dash
import networkx as nx
import pandas as pd
from dash import Input, Output, State, ctx, no_update

from dashboards.callbacks.common import FILTER_INPUTS, filter_state, get_data
from dashboards.data import View
from dashboards.figures.communities import community_table
from dashboards.figures.slide import slide_figure
from dashboards.privacy import redact
from dashboards.state import DEFAULT_SIZE, FilterState
from dashboards.theme import label
from stakeholder_graph.analysis import analyze
from stakeholder_graph.export import to_networkx
from stakeholder_graph.report import report_html


def describe(state: FilterState, years: tuple[int, int] | None) -> str:
    """The date range and filters of ``state`` in words, for a picture's subtitle.

    >>> describe(FilterState(sectors=("civil",), year_from=2022), (2020, 2025))
    'Interactions 2022–2025 · Civil society'
    """
    first = state.year_from or (years[0] if years else None)
    last = state.year_to or (years[1] if years else None)
    parts = [f"Interactions {first}–{last}" if first and last else "All interactions"]
    for values in (state.sectors, state.org_types, state.themes, state.municipalities):
        if values:
            parts.append(", ".join(label(v) for v in values))
    if state.interaction_types:
        parts.append("types: " + ", ".join(label(v) for v in state.interaction_types))
    if state.communities:
        parts.append("community " + ", ".join(state.communities))
    return " · ".join(parts)


def view_graph(view: View) -> nx.Graph:
    """The analysed graph restricted to the visible organizations (attributes kept)."""
    graph = to_networkx(view.analysis)
    return graph.subgraph(view.nodes["id"].astype(str).tolist()).copy()


def graph_file(view: View, fmt: str) -> bytes:
    """GraphML or GEXF of the visible organizations and their ties, UTF-8 bytes."""
    buffer = io.BytesIO()
    graph = view_graph(view)
    if fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8")
    else:
        nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def report_file(view: View, name: str, years: Any) -> str:
    """The council report (self-contained HTML) of the visible organizations in the view's
    window: the whole analysis when nothing is filtered out, else the network of the visible
    organizations analysed anew with the same parameters."""
    analysis = view.analysis
    if len(view.nodes) < analysis.graph.n:
        data = analysis.graph.data
        keep = set(view.nodes["id"])
        inter = data.interactions
        part = data.participation
        perc = data.perceptions
        data = dataclasses.replace(
            data,
            organizations=data.organizations[data.organizations["id"].isin(keep)],
            interactions=inter[inter["source"].isin(keep) & inter["target"].isin(keep)],
            participation=part[part["organization"].isin(keep)],
            perceptions=perc[perc["rater"].isin(keep) & perc["ratee"].isin(keep)],
        )
        analysis = analyze(data, analysis.params)
        if view.private:  # analysed anew from the raw answers: hide the dyads again
            analysis = redact(analysis)
    return report_html(analysis, title=f"{name}: {describe(view.state, years)}")


def picture(view: View, size_by: str, mode: str | None, name: str, years: Any) -> dict:
    """The slide figure of what the network view shows (communities above the threshold)."""
    subtitle = f"{describe(view.state, years)} · made {date.today().isoformat()}"
    if view.is_large and mode != "all":
        groups, links = community_table(view.nodes, view.edges, min_members=2)
        nodes = pd.DataFrame(
            {
                "id": groups["community"].astype(str),
                "name": groups["names"],
                "sector": groups["sector"],
                "x": groups["x"],
                "y": groups["y"],
                "members": groups["members"],
            }
        )
        edges = pd.DataFrame(
            {
                "source": links["a"].astype(str),
                "target": links["b"].astype(str),
                "weight": links["ties"].astype(float),
            }
        )
        title = f"{name}: {len(view.nodes):,} organizations in {len(groups):,} communities"
        return slide_figure(nodes, edges, "members", title, subtitle + " · size: members")
    title = f"{name}: {len(view.nodes):,} organizations, {len(view.edges):,} ties"
    return slide_figure(view.nodes, view.edges, size_by, title, f"{subtitle} · size: {size_by}")


def download(
    png: int, svg: int, graphml: int, gexf: int, report: int, *args: Any
) -> tuple[Any, Any]:
    """The picture (to the browser's plotly), the graph file or the report of the clicked
    button."""
    *filters, size_by, mode = args
    trigger = ctx.triggered_id
    data = get_data()
    view = data.view(filter_state(*filters))
    stem = f"{data.network.name}-network"
    if trigger in ("net-graphml", "net-gexf"):
        fmt = "gexf" if trigger == "net-gexf" else "graphml"
        return no_update, dash.dcc.send_bytes(graph_file(view, fmt), f"{stem}.{fmt}")
    if trigger == "net-report":
        text = report_file(view, data.network.name, data.options.years)
        return no_update, dash.dcc.send_string(text, f"{data.network.name}-report.html")
    if trigger in ("net-png", "net-svg"):
        fmt = "svg" if trigger == "net-svg" else "png"
        fig = picture(view, size_by or DEFAULT_SIZE, mode, data.network.name, data.options.years)
        return {"figure": fig, "format": fmt, "filename": stem}, no_update
    return no_update, no_update


def register(app: dash.Dash) -> None:
    """Attach the download callbacks to ``app``."""
    app.callback(
        Output("net-picture", "data"),
        Output("net-download", "data"),
        Input("net-png", "n_clicks"),
        Input("net-svg", "n_clicks"),
        Input("net-graphml", "n_clicks"),
        Input("net-gexf", "n_clicks"),
        Input("net-report", "n_clicks"),
        *[State(i.component_id, i.component_property) for i in FILTER_INPUTS],
        State("net-size", "value"),
        State("net-mode", "value"),
        prevent_initial_call=True,
    )(download)
    app.clientside_callback(
        dash.ClientsideFunction(namespace="sg", function_name="downloadPicture"),
        Output("net-picture", "clear_data"),
        Input("net-picture", "data"),
        prevent_initial_call=True,
    )
