"""Rankings: centrality and cross-sector brokerage, sortable and filterable."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboards.layout.components import col, data_grid


def columns() -> list[dict[str, Any]]:
    """The grid's columns (the callback sends only these fields)."""
    return [
        col("name", "organization", "name", pinned="left", minWidth=220),
        col("sector", "sector", "sector"),
        col("type", "type"),
        col("degree", "degree", "int"),
        col("strength", "strength", "float"),
        col("betweenness_norm", "betweenness", "float"),
        col("harmonic", "harmonic", "float"),
        col("pagerank", "PageRank", "float"),
        col("eigenvector", "eigenvector", "float"),
        col("constraint", "constraint", "float"),
        col("coreness", "k-core", "int"),
        col("community", "community", "int"),
        col("role", "brokerage role", "code"),
        col("total", "brokerage", "int"),
        col("liaison", "liaison", "int"),
        col("gatekeeper", "gatekeeper", "int"),
        col("representative", "representative", "int"),
        col("coordinator", "coordinator", "int"),
        col("itinerant", "itinerant", "int"),
        col("ei_index", "E–I index", "float"),
        col("id", "id", hide=True),
    ]


def layout() -> html.Div:
    """The rankings page."""
    return html.Div(
        [
            data_grid(
                "rankings",
                "Centrality and brokerage",
                columns(),
                height=640,
                row_id="params.data.id",
                note="Click a row to select the organization (it stays selected on the network view).",
            ),
        ],
        className="page page-rankings",
    )
