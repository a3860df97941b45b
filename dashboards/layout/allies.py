"""Potential allies: the ranked table with reasons and the selected pair's shared partners."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import html

from dashboards.figures.network import ally_stylesheet
from dashboards.layout.components import card, col, coloured_by, data_grid

ALLY_SCORE = (
    "Ally score = (√shared-partner score + 0.1 if in the same municipality + 0.01) × (1 + theme "
    "gain × how specific the shared themes are) × (1 + 0.05 × sector complementarity). A shared "
    "partner counts more when it works closely with both and with few others; a rare theme far "
    "more than a common one, and themes more where partners already share their causes; see "
    "the Glossary and docs/metrics.md."
)


def layout() -> html.Div:
    """The allies page."""
    return html.Div(
        [
            data_grid(
                "allies",
                "Organizations that should meet",
                [
                    col("rank", "#", "int", maxWidth=70, minWidth=60),
                    col("a_name", "organization A", cellStyle=coloured_by("a_sector")),
                    col("b_name", "organization B", cellStyle=coloured_by("b_sector")),
                    col("reasons", "why", "reasons"),
                    col(
                        "score",
                        "ally score ⓘ",
                        "float",
                        maxWidth=130,
                        tip=ALLY_SCORE,
                    ),
                    col("shared_partners", "shared partners", "int", maxWidth=120),
                    col("a_sector", "sector A", "sector", hide=True),
                    col("b_sector", "sector B", "sector", hide=True),
                    col("shared_themes", "shared themes", hide=True),
                    col("a", "id A", hide=True),
                    col("b", "id B", hide=True),
                ],
                height=430,
                selectable=True,
                row_id="params.data.a + '|' + params.data.b",
                note="Pairs with no tie yet, ranked by the ally score. "
                + ALLY_SCORE
                + " Names in their sector's colour. Select a row to see the pair.",
            ),
            card(
                "Selected pair",
                html.Div(id="ally-detail", className="ally-detail", children="Select a row above."),
                cyto.Cytoscape(
                    id="ally-cyto",
                    elements=[],
                    layout={"name": "preset", "fit": True, "padding": 30},
                    stylesheet=ally_stylesheet(),
                    style={"width": "100%", "height": "340px"},
                    userZoomingEnabled=False,
                    maxZoom=1.1,
                    boxSelectionEnabled=False,
                ),
            ),
        ],
        className="page page-allies",
    )
