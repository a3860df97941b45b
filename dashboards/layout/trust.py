"""Trust: the sector matrix and its asymmetry, dyadic gaps, initiative, fragile and untapped ties."""

from __future__ import annotations

from dash import dcc, html

from dashboards.layout.components import GRAPH_CONFIG, card, col, coloured_by, data_grid
from dashboards.privacy import MIN_RATERS, NOTE


def layout(analyst: bool = False) -> html.Div:
    """The trust page; without ``analyst`` the dyadic gaps give way to sector pairs, with a note
    saying why (:mod:`dashboards.privacy`)."""
    cfg = GRAPH_CONFIG
    return html.Div(
        [
            *([] if analyst else [html.P(NOTE, id="privacy-note", className="note privacy")]),
            html.Div(
                [
                    card(None, dcc.Graph(id="trust-heat", config=cfg), class_name="half"),
                    card(None, dcc.Graph(id="trust-asym", config=cfg), class_name="half"),
                ],
                className="row",
            ),
            html.P(id="trust-scope", className="note"),
            card(None, dcc.Graph(id="trust-init", config=cfg)),
            _gaps() if analyst else _sector_gaps(),
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


def _sector_gaps() -> html.Div:
    """The coordinator's stand-in for the dyadic gaps: trust between sectors, both ways."""
    return data_grid(
        "gaps",
        "Trust gaps between sectors",
        [
            col("a", "sector A", "sector"),
            col("b", "sector B", "sector"),
            col("trust_ab", "A's trust in B", "float"),
            col("trust_ba", "B's trust in A", "float"),
            col("gap", "gap", "float"),
            col("n_ab", "answers A→B", "int"),
            col("n_ba", "answers B→A", "int"),
        ],
        note="Mean trust (1–4) the organizations of sector A give those of sector B, and back; "
        f"blank where fewer than {MIN_RATERS} answers. Dyads are shown to analysts only.",
    )


def _gaps() -> html.Div:
    return data_grid(
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
    )


def _tie_columns() -> list[dict]:
    # half-width tables: narrow enough that the trust columns show without scrolling
    small = {"minWidth": 70, "maxWidth": 110, "flex": 1}
    return [
        col("a_name", "organization A", "name", cellStyle=coloured_by("a_sector"), minWidth=140),
        col("b_name", "organization B", "name", cellStyle=coloured_by("b_sector"), minWidth=140),
        col("interactions", "interactions", "int", **small),
        col("trust_ab", "A→B", "float", tip="How A rates B (trust, 1–4).", **small),
        col("trust_ba", "B→A", "float", tip="How B rates A (trust, 1–4).", **small),
        col("a", "id A", hide=True),
        col("b", "id B", hide=True),
    ]
