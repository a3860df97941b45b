"""Potential allies: the ranked table with reasons and the selected pair's shared partners."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import html

from dashboards.figures.network import ally_stylesheet
from dashboards.layout.components import card, col, data_grid


def layout() -> html.Div:
    """The allies page."""
    return html.Div(
        [
            data_grid(
                "allies",
                "Organizations that should meet",
                [
                    col("rank", "#", "int", maxWidth=80, minWidth=60),
                    col("a_name", "organization A", flex=2),
                    col("a_sector", "sector A", "sector"),
                    col("b_name", "organization B", flex=2),
                    col("b_sector", "sector B", "sector"),
                    col("score", "score", "float"),
                    col("shared_themes", "shared themes"),
                    col("shared_partners", "shared partners", "int"),
                    col("reasons", "why", "reasons"),
                ],
                height=430,
                selectable=True,
                row_id="params.data.a + '|' + params.data.b",
                note="Pairs with no tie yet, ranked by shared (rarer) themes, shared partners, "
                "cross-sector complementarity and locality. Select a row to see the pair.",
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
