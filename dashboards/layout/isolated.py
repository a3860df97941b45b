"""Isolated NGOs: the flagged civil and social-economy organizations with their reasons."""

from __future__ import annotations

from dash import dcc, html

from dashboards.layout.components import GRAPH_CONFIG, card, col, data_grid


def layout() -> html.Div:
    """The isolated-NGO page."""
    return html.Div(
        [
            card(None, dcc.Graph(id="iso-bar", config=GRAPH_CONFIG)),
            data_grid(
                "isolated",
                "NGOs drifting out",
                [
                    col("name", "organization", flex=2),
                    col("sector", "sector", "sector"),
                    col("municipality", "municipality", minWidth=120),
                    col("last_interaction", "last interaction", "date"),
                    col("ties", "ties", "int"),
                    col("public_ties", "ties to public bodies", "int"),
                    col("window_interactions", "interactions (window)", "int"),
                    col("previous_interactions", "previous window", "int"),
                    col("reasons", "reasons", "reasons"),
                    col("id", "id", hide=True),
                ],
                height=480,
            ),
        ],
        className="page page-isolated",
    )
