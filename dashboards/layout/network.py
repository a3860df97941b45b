"""Network: the interactive graph, a search box, the PNG export and the organization panel."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from dashboards.figures.network import base_stylesheet
from dashboards.layout.components import sector_legend


def layout() -> html.Div:
    """The network page."""
    return html.Div(
        [
            html.Div(
                [
                    dcc.Dropdown(
                        id="net-search",
                        options=[],
                        placeholder="Search an organization by name…",
                        className="search",
                        clearable=True,
                    ),
                    html.Div(
                        dcc.RadioItems(
                            id="net-mode",
                            options=[
                                {"label": "Communities", "value": "communities"},
                                {"label": "All organizations", "value": "all"},
                            ],
                            value="communities",
                            inline=True,
                        ),
                        id="net-mode-box",
                        className="mode-box",
                        style={"display": "none"},
                    ),
                    html.Div(
                        [
                            html.Span("Download", className="download-label"),
                            *[
                                html.Button(
                                    text,
                                    id=f"net-{ident}",
                                    className="button button-light",
                                    n_clicks=0,
                                    title=tip,
                                )
                                for ident, text, tip in (
                                    ("png", "PNG", "The picture with title, legend and dates"),
                                    ("svg", "SVG", "The picture as a vector drawing"),
                                    ("graphml", "GraphML", "The shown organizations and ties"),
                                    ("gexf", "GEXF", "The shown organizations and ties (Gephi)"),
                                    (
                                        "report",
                                        "Report",
                                        "The council report (HTML) of the shown organizations",
                                    ),
                                )
                            ],
                            dcc.Store(id="net-picture"),
                            dcc.Download(id="net-download"),
                        ],
                        id="net-downloads",
                        className="downloads",
                    ),
                    sector_legend(),
                ],
                className="toolbar",
            ),
            html.Div(id="net-note", className="note"),
            html.Div(id="net-hover", className="hover-label"),
            dcc.Store(id="net-fit"),
            dcc.Store(id="net-labels"),
            dcc.Store(id="net-ego"),
            html.Div(
                [
                    html.Div(
                        [
                            cyto.Cytoscape(
                                id="net-cyto",
                                elements=[],
                                layout={"name": "preset", "fit": True, "padding": 20},
                                stylesheet=base_stylesheet(),
                                style={"width": "100%", "height": "680px"},
                                minZoom=0.05,
                                maxZoom=4,
                                boxSelectionEnabled=False,
                                autoRefreshLayout=True,
                            ),
                            # the WebGL scatter ("net-gl") is created here only when shown:
                            # a graph on the page loads plotly.js, seconds of a page load
                            html.Div(id="net-gl-box", style={"display": "none"}),
                        ],
                        className="card graph-card",
                    ),
                    html.Aside(
                        html.Div(
                            "Click an organization, or search for one, to see its profile, "
                            "partners, trust, brokerage role and potential allies.",
                            className="placeholder",
                        ),
                        id="net-panel",
                        className="card panel",
                    ),
                ],
                className="network-row",
            ),
        ],
        className="page page-network",
    )
