"""Trust: the sector matrix and its asymmetry, dyadic gaps, initiative, fragile and untapped ties."""

from __future__ import annotations

from dash import dcc, html

from dashboards.layout.components import GRAPH_CONFIG, card, col, coloured_by, data_grid


def layout() -> html.Div:
    """The trust page."""
    cfg = GRAPH_CONFIG
    return html.Div(
        [
            html.Div(
                [
                    card(None, dcc.Graph(id="trust-heat", config=cfg), class_name="half"),
                    card(None, dcc.Graph(id="trust-asym", config=cfg), class_name="half"),
                ],
                className="row",
            ),
            html.P(
                "Survey scale 1–4 (reliability, mission support, openness). The sector matrix covers "
                "the whole network in the chosen years; tables below follow every filter.",
                className="note",
            ),
            card(None, dcc.Graph(id="trust-init", config=cfg)),
            data_grid(
                "gaps",
                "Largest dyadic trust gaps",
                [
                    col("a_name", "organization A", cellStyle=coloured_by("a_sector")),
                    col("b_name", "organization B", cellStyle=coloured_by("b_sector")),
                    col("trust_ab", "A trusts B", "float"),
                    col("trust_ba", "B trusts A", "float"),
                    col("gap", "gap", "float"),
                    col("relationship_gap", "gap beyond leniency (SRM)", "float"),
                    col("reciprocated", "reciprocated", "text"),
                    col("interactions_ab", "interactions", "int"),
                    col("a", "id A", hide=True),
                    col("b", "id B", hide=True),
                ],
                note="Gap: how A rates B minus how B rates A (trust, 1–4); unreciprocated ratings "
                "have no gap. Gap beyond leniency: the same difference between the two Social "
                "Relations Model relationship effects, with each rater's leniency and each "
                "partner's reputation removed. Names in their sector's colour.",
            ),
            html.Div(
                [
                    html.Div(
                        data_grid(
                            "fragile",
                            "Fragile ties: much interaction, little trust",
                            _tie_columns(),
                            height=320,
                        ),
                        className="half",
                    ),
                    html.Div(
                        data_grid(
                            "untapped",
                            "Untapped trust: trust without cooperation",
                            _tie_columns(),
                            height=320,
                        ),
                        className="half",
                    ),
                ],
                className="row",
            ),
        ],
        className="page page-trust",
    )


def _tie_columns() -> list[dict]:
    return [
        col("a_name", "organization A", cellStyle=coloured_by("a_sector")),
        col("b_name", "organization B", cellStyle=coloured_by("b_sector")),
        col("interactions", "interactions", "int"),
        col("trust_ab", "A→B", "float"),
        col("trust_ba", "B→A", "float"),
        col("a", "id A", hide=True),
        col("b", "id B", hide=True),
    ]
