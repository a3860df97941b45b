"""Building blocks shared by the views: cards, headline numbers, data grids, the legend."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import html

from dashboards.theme import SECTOR_COLOURS, sector_label


def card(title: str | None, *children: Any, class_name: str = "", **kwargs: Any) -> html.Div:
    """A white panel with an optional heading."""
    head = [html.H3(title, className="card-title")] if title else []
    return html.Div([*head, *children], className=f"card {class_name}".strip(), **kwargs)


def kpi_card(kpi_id: str, label: str, hint: str = "") -> html.Div:
    """A headline number (filled by a callback through ``kpi_id``) and its label."""
    return html.Div(
        [
            html.Div("–", id=kpi_id, className="kpi-value"),
            html.Div(label, className="kpi-label"),
            html.Div(hint, className="kpi-hint") if hint else None,
        ],
        className="kpi",
    )


def sector_legend() -> html.Div:
    """Colour key of the four sectors."""
    return html.Div(
        [
            html.Span(
                [html.Span(className="swatch", style={"backgroundColor": c}), sector_label(s)],
                className="legend-item",
            )
            for s, c in SECTOR_COLOURS.items()
        ],
        className="legend",
    )


GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}
"""Plotly config of the small charts: no toolbar over the titles."""

SECTOR_CELL_STYLE = {
    "styleConditions": [
        {"condition": f"params.value == '{s}'", "style": {"color": c, "fontWeight": 600}}
        for s, c in SECTOR_COLOURS.items()
    ]
}


def coloured_by(sector_field: str) -> dict[str, Any]:
    """Cell style colouring a name by the sector held in another field of the row."""
    return {
        "styleConditions": [
            {
                "condition": f"params.data && params.data.{sector_field} == '{s}'",
                "style": {"color": c, "fontWeight": 600},
            }
            for s, c in SECTOR_COLOURS.items()
        ]
    }


def col(field: str, header: str | None = None, kind: str = "text", **extra: Any) -> dict[str, Any]:
    """An ag-grid column definition.

    ``kind`` is ``text``, ``sector`` (coloured), ``int``, ``float`` (3 significant digits),
    ``pct``, ``reasons`` (wrapped, wide), ``date`` or ``bool``.
    """
    spec: dict[str, Any] = {"field": field, "headerName": header or field.replace("_", " ")}
    spec["headerTooltip"] = spec["headerName"]
    if kind == "text" and field.endswith("name"):
        spec.update({"minWidth": 220, "flex": 2, "tooltipField": field})
    elif kind == "sector":
        spec["cellStyle"] = SECTOR_CELL_STYLE
        spec["filter"] = "agTextColumnFilter"
        spec.update({"minWidth": 120, "maxWidth": 160})
    elif kind in ("int", "float", "pct"):
        spec["filter"] = "agNumberColumnFilter"
        spec["type"] = "numericColumn"
        spec.update({"minWidth": 110, "maxWidth": 170})
        fmt = {"int": ",d", "float": ".3~g", "pct": ".0%"}[kind]
        spec["valueFormatter"] = {
            "function": f"params.value == null ? '' : d3.format('{fmt}')(params.value)"
        }
    elif kind == "reasons":
        spec.update({"wrapText": True, "autoHeight": True, "flex": 3, "minWidth": 320})
        spec["tooltipField"] = field
    elif kind == "date":
        spec["minWidth"] = 130
        spec["valueFormatter"] = {
            "function": "params.value ? String(params.value).slice(0, 10) : 'never'"
        }
    elif kind == "bool":
        spec["cellRenderer"] = "agCheckboxCellRenderer"
    spec.update(extra)
    return spec


def data_grid(
    name: str,
    title: str,
    columns: list[dict[str, Any]],
    height: int = 420,
    selectable: bool = False,
    row_id: str | None = None,
    note: str = "",
) -> html.Div:
    """A titled ag-grid with a *Download CSV* button (ag-grid's own CSV export).

    The grid's id is ``{"type": "grid", "name": name}`` and the button's
    ``{"type": "csv", "name": name}``; one pattern-matching callback serves every grid.
    """
    options: dict[str, Any] = {"animateRows": False, "tooltipShowDelay": 300}
    if selectable:
        options["rowSelection"] = {
            "mode": "singleRow",
            "checkboxes": False,
            "enableClickSelection": True,
        }
    grid = dag.AgGrid(
        id={"type": "grid", "name": name},
        columnDefs=columns,
        rowData=[],
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "minWidth": 90,
            "flex": 1,
        },
        dashGridOptions=options,
        csvExportParams={
            "fileName": f"{name}.csv",
            "allColumns": True,
            # formulas neutralised as in stakeholder_graph.csvsafe (assets/dashAgGridFunctions.js)
            "processCellCallback": {"function": "spreadsheetSafe(params)"},
        },
        getRowId=row_id,
        style={"height": f"{height}px", "width": "100%"},
    )
    return html.Div(
        [
            html.Div(
                [
                    html.H3(title, className="card-title"),
                    html.Span("", id=f"{name}-count", className="grid-count"),
                    html.Button(
                        "Download CSV",
                        id={"type": "csv", "name": name},
                        className="button button-light",
                        n_clicks=0,
                    ),
                ],
                className="grid-head",
            ),
            html.P(note, className="note") if note else None,
            grid,
        ],
        id=f"{name}-box",
        className="card grid-card",
    )
