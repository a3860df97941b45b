"""Isolated NGOs: the window and as-of date, the job's history, why they are flagged, the table."""

from __future__ import annotations

from dash import dcc, html

from dashboards.layout.components import GRAPH_CONFIG, card, col, data_grid


def layout() -> html.Div:
    """The isolated-NGO page."""
    return html.Div(
        [
            html.Div(id="iso-window", className="card window-note"),
            html.Div(id="iso-history"),
            card(None, dcc.Graph(id="iso-bar", config=GRAPH_CONFIG)),
            data_grid(
                "isolated",
                "NGOs drifting out",
                [
                    col(
                        "status",
                        "job",
                        "badges",
                        tip="Newly or still isolated in the scheduled job's latest run.",
                        minWidth=130,
                        maxWidth=150,
                    ),
                    col("name", "organization", "name", pinned="left"),
                    col("sector", "sector", "sector"),
                    col("municipality", "municipality", minWidth=120),
                    col(
                        "last_interaction",
                        "last interaction",
                        "date",
                        tip="Date of its latest interaction up to the as-of date.",
                    ),
                    col(
                        "flags",
                        "flags",
                        "badges",
                        tip="Why it is flagged; hover a badge for its meaning.",
                    ),
                    col("ties", "partners (window)", "int", tip="Distinct partners in the window."),
                    col(
                        "public_ties",
                        "public partners",
                        "int",
                        tip="Partners in the public sector, in the window.",
                    ),
                    col(
                        "window_interactions",
                        "interactions (window)",
                        "int",
                        tip="Interactions it took part in during the window.",
                    ),
                    col(
                        "previous_interactions",
                        "previous window",
                        "int",
                        tip="Interactions in the window of the same length just before.",
                    ),
                    col("reasons", "reasons", "reasons"),
                    col("id", "id", hide=True),
                ],
                height=480,
                row_id="params.data.id",
                note="Click a row to open the organization on the network view.",
            ),
        ],
        className="page page-isolated",
    )
