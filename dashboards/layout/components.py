"""Building blocks shared by the views: cards, headline numbers, data grids, the legend."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import html

from dashboards.glossary import explain
from dashboards.theme import CODE_LABELS, SECTOR_COLOURS, sector_label


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


def labelled(extra_codes: dict[str, str] | None = None) -> dict[str, Any]:
    """A ``valueFormatter`` showing a code's human label (the CSV keeps the raw code)."""
    labels = {**CODE_LABELS, **(extra_codes or {})}
    mapping = ", ".join(f"{k!r}: {v!r}" for k, v in labels.items())
    return {
        "function": "params.value == null ? '' : ("
        + "{"
        + mapping
        + "}[params.value] || String(params.value))"
    }


def col(
    field: str,
    header: str | None = None,
    kind: str = "text",
    tip: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An ag-grid column definition.

    ``kind`` is ``text``, ``name`` (wrapped, never cut), ``sector`` (coloured, labelled),
    ``code`` (labelled), ``int``, ``float`` (3 significant digits), ``pct``, ``reasons``
    (wrapped, wide), ``date``, ``bool`` or ``badges`` (a ``;``-list as labelled badges). The
    header's tooltip is ``tip``, else the measure's entry in the glossary (``docs/metrics.md``),
    else the header itself.
    """
    spec: dict[str, Any] = {"field": field, "headerName": header or field.replace("_", " ")}
    explained = explain(field)
    spec["headerTooltip"] = tip or explained or spec["headerName"]
    if explained and not tip:
        spec["headerName"] += " ⓘ"  # the measure is in the glossary: hover for its meaning
    if (kind == "text" and field.endswith("name")) or kind == "name":
        spec.update(
            {
                "minWidth": 220,
                "flex": 2,
                "tooltipField": field,
                "wrapText": True,
                "autoHeight": True,
                "cellStyle": {"lineHeight": "1.35", "paddingTop": "6px", "paddingBottom": "6px"},
            }
        )
    elif kind == "code":
        spec["valueFormatter"] = labelled()
    elif kind == "badges":
        spec.update({"cellRenderer": "Badges", "minWidth": 240, "flex": 2, "autoHeight": True})
        spec["wrapText"] = True
        spec["cellRendererParams"] = {"labels": CODE_LABELS}
    elif kind == "sector":
        spec["valueFormatter"] = labelled()
        spec["cellStyle"] = SECTOR_CELL_STYLE
        spec["filter"] = "agTextColumnFilter"
        spec.update({"minWidth": 120, "maxWidth": 160})
    elif kind in ("int", "float", "pct"):
        spec["filter"] = "agNumberColumnFilter"
        spec["type"] = "numericColumn"
        spec.update({"minWidth": 110, "maxWidth": 170})
        fmt = {"int": "d3.format(',d')", "pct": "d3.format('.0%')"}.get(
            kind,
            # 3 significant digits, never an exponent: 1,620 and 0.0123
            "(Math.abs(params.value) >= 1000 ? d3.format(',.0f') : d3.format('.3~r'))",
        )
        spec["valueFormatter"] = {"function": f"params.value == null ? '' : {fmt}(params.value)"}
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
        # raw values, and no cell a spreadsheet would run as a formula (assets/grid.js)
        csvExportParams={
            "fileName": f"{name}.csv",
            "allColumns": True,
            "processCellCallback": {"function": "sgSafeCsv(params)"},
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
