"""Change: two periods compared — ties gained and lost, the biggest movers, sector change."""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from dashboards.change import MEASURE_LABELS
from dashboards.figures.change import GAINED, LOST, change_stylesheet
from dashboards.glossary import explain
from dashboards.layout.components import GRAPH_CONFIG, card, col, data_grid

PERIOD_HINT = "a year (2023) or dates START:END (2023-01-01:2023-06-30; either end open)"


def _period(ident: str, label: str) -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=ident, className="filter-label"),
            dcc.Input(
                id=ident,
                type="text",
                debounce=True,
                placeholder=PERIOD_HINT,
                className="period-input",
                style={"width": "16em"},
            ),
        ],
        className="filter",
    )


def legend() -> html.Div:
    """Colour key of the change network."""

    def item(colour: str, text: str, dashed: bool = False) -> html.Span:
        line = {
            "display": "inline-block",
            "width": "28px",
            "borderTop": f"3px {'dashed' if dashed else 'solid'} {colour}",
            "verticalAlign": "middle",
            "marginRight": "6px",
        }
        return html.Span([html.Span(style=line), text], className="legend-item")

    return html.Div(
        [item(GAINED, "tie gained"), item(LOST, "tie lost", dashed=True)],
        className="legend",
        id="chg-legend",
    )


def layout() -> html.Div:
    """The change page."""
    tie_tip = explain("ties_gained")
    return html.Div(
        [
            dcc.Location(id="chg-url", refresh=False),
            dcc.Store(id="chg-labels"),
            html.Div(
                [
                    _period("chg-before", "Before"),
                    _period("chg-after", "After"),
                    html.Div(
                        [
                            html.Label(
                                "Movers by", htmlFor="chg-measure", className="filter-label"
                            ),
                            dcc.Dropdown(
                                id="chg-measure",
                                options=[
                                    {"label": v, "value": k} for k, v in MEASURE_LABELS.items()
                                ],
                                value="degree",
                                clearable=False,
                                style={"width": "14em"},
                            ),
                        ],
                        className="filter",
                    ),
                ],
                className="card period-bar",
                style={"display": "flex", "gap": "1.5em", "flexWrap": "wrap"},
            ),
            html.Div(id="chg-error", className="notice", role="alert", style={"display": "none"}),
            html.Div(
                id="chg-status",
                className="notice notice-info",
                role="status",
                style={"display": "none"},
            ),
            dcc.Interval(id="chg-poll", interval=1000, disabled=True),
            html.P(id="chg-note", className="note"),
            html.Div(
                [
                    card("Before and after", html.Div(id="chg-summary"), class_name="half"),
                    html.Div(
                        [
                            html.H3(
                                "Ties gained and lost ⓘ", className="card-title", title=tie_tip
                            ),
                            legend(),
                            html.P(id="chg-net-note", className="note"),
                            cyto.Cytoscape(
                                id="chg-cyto",
                                elements=[],
                                layout={"name": "preset", "fit": True, "padding": 24},
                                stylesheet=change_stylesheet(),
                                style={"width": "100%", "height": "680px"},
                                minZoom=0.05,
                                maxZoom=4,
                                boxSelectionEnabled=False,
                                autoRefreshLayout=True,
                            ),
                        ],
                        className="card half graph-card",
                    ),
                ],
                className="row",
            ),
            data_grid(
                "movers",
                "Biggest movers",
                [
                    col("name", "organization", "name", pinned="left"),
                    col("sector", "sector", "sector"),
                    col("before", "before", "float", tip="The measure in the before period."),
                    col("after", "after", "float", tip="The measure in the after period."),
                    col(
                        "change",
                        "change ⓘ",
                        "float",
                        tip=explain("movers") or "After minus before.",
                    ),
                    col("degree_before", "partners before", "int"),
                    col("degree_after", "partners after", "int"),
                    col("status", "what happened", "reasons", minWidth=200),
                    col("id", "id", hide=True),
                ],
                height=420,
                row_id="params.data.id",
                note="Largest change first (by size, either way). Click a row to open the "
                "organization on the network view.",
            ),
            html.Div(
                [
                    card(None, dcc.Graph(id="chg-trust", config=GRAPH_CONFIG), class_name="half"),
                    card(None, dcc.Graph(id="chg-ties", config=GRAPH_CONFIG), class_name="half"),
                ],
                className="row",
            ),
        ],
        className="page page-change",
    )
