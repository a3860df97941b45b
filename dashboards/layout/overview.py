"""Overview: organizations per sector, ties, density, cross-sector share, stages, and trends."""

from __future__ import annotations

from dash import dcc, html

from dashboards.layout.components import GRAPH_CONFIG, card, col, data_grid, kpi_card


def layout() -> html.Div:
    """The overview page."""
    return html.Div(
        [
            html.Div(
                [
                    kpi_card("kpi-orgs", "organizations"),
                    kpi_card("kpi-ties", "ties"),
                    kpi_card("kpi-density", "density"),
                    kpi_card("kpi-cross", "cross-sector ties"),
                    kpi_card("kpi-planning", "interactions in planning"),
                    kpi_card("kpi-isolated", "NGOs flagged as isolated"),
                ],
                className="kpis",
            ),
            html.Div(
                [
                    card(
                        None,
                        dcc.Graph(id="ov-sectors", config=GRAPH_CONFIG),
                        class_name="half",
                    ),
                    card(
                        None,
                        dcc.Graph(id="ov-stages", config=GRAPH_CONFIG),
                        html.P(id="ov-stage-note", className="note"),
                        dcc.Graph(id="ov-pairs", config=GRAPH_CONFIG),
                        class_name="half",
                    ),
                ],
                className="row",
            ),
            card(
                "Trend over time",
                dcc.Graph(id="ov-trend", config=GRAPH_CONFIG),
                html.P(
                    "A tie counts in a year when the two organizations interacted that year.",
                    className="note",
                ),
            ),
            data_grid(
                "trend",
                "Per year",
                [
                    col("year", "year", "text"),
                    col("organizations_active", "active organizations", "int"),
                    col("ties", "ties", "int"),
                    col("interactions", "interactions", "int"),
                    col("density", "density", "float"),
                    col("cross_sector_share", "cross-sector share", "pct"),
                    col("planning_share", "planning share", "pct"),
                    col("implementation_share", "implementation share", "pct"),
                ],
                height=260,
            ),
        ],
        className="page page-overview",
    )
