"""Export an analysed cooperation network for Gephi and other tools: GraphML, GEXF or CSV.

GraphML and GEXF are written with networkx's writers. Every organization is a node keyed by its
id, with ``label`` (its name), ``sector``, ``municipality``, the columns of the ``centrality``
table, the brokerage role and E-I index, and the isolation flag with its reasons. Every tie is
an edge with ``weight``, ``interactions`` and ``shared_activities``. Missing values (e.g. the
constraint of an organization without ties) are left out of that node rather than written as
NaN, which Gephi cannot read. The CSV format is an edge list with one row per tie.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from stakeholder_graph.errors import InputError

if TYPE_CHECKING:
    from stakeholder_graph.analysis import Analysis

FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv")


def node_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per organization with every attribute the graph formats carry."""
    g = analysis.graph
    nodes = pd.DataFrame(
        {"id": g.ids, "label": g.names, "sector": g.sector, "municipality": g.municipality}
    )
    metrics = analysis.organization_metrics().drop(columns="id")
    metrics = metrics.rename(columns={"role": "brokerage_role", "total": "brokerage"})
    nodes = pd.concat([nodes, metrics], axis=1)
    isolated = analysis.tables.get("isolated")
    nodes["isolated"] = False
    nodes["isolation_reasons"] = ""
    if isolated is not None and len(isolated):
        flags = [c for c in ("no_interaction", "no_public_tie", "civil_only", "single_tie",
                             "declining") if c in isolated]  # fmt: skip
        flagged = isolated[isolated[flags].fillna(False).astype(bool).any(axis=1)]
        pos = g.index_of(flagged["id"].to_numpy())
        keep = pos >= 0
        nodes.loc[pos[keep], "isolated"] = True
        nodes.loc[pos[keep], "isolation_reasons"] = flagged["reasons"].to_numpy()[keep]
    return nodes


def edge_frame(analysis: Analysis) -> pd.DataFrame:
    """One row per tie: source and target ids, names, sectors, weight, counts."""
    g = analysis.graph
    e = g.edges
    u = e["u"].to_numpy()
    v = e["v"].to_numpy()
    return pd.DataFrame(
        {
            "source": g.ids[u],
            "target": g.ids[v],
            "type": "Directed" if g.directed else "Undirected",
            "weight": e["weight"].to_numpy(float),
            "interactions": e["interactions"].to_numpy(),
            "shared_activities": e["shared_activities"].to_numpy(),
            "source_name": g.names[u],
            "target_name": g.names[v],
            "source_sector": g.sector[u],
            "target_sector": g.sector[v],
        }
    )


def _plain(value: Any) -> Any:
    """Python scalars for the XML writers; ``None`` for missing values."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def to_networkx(analysis: Analysis) -> nx.Graph:
    """The analysed network as a networkx graph with node and edge attributes.

    Examples
    --------
    >>> from stakeholder_graph.analysis import analyze
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> twin = to_networkx(analyze(graph_from_edges([(0, 1), (1, 2)]).data))
    >>> twin.nodes["o1"]["betweenness"], twin.edges["o0", "o1"]["weight"]
    (1.0, 1.0)
    """
    g = analysis.graph
    graph: nx.Graph = nx.DiGraph() if g.directed else nx.Graph()
    graph.graph["name"] = analysis.summary.get("name", g.data.name)
    nodes = node_frame(analysis)
    columns = [c for c in nodes.columns if c != "id"]
    for row in zip(*(nodes[c].tolist() for c in nodes.columns), strict=True):
        attrs = {c: _plain(x) for c, x in zip(columns, row[1:], strict=True)}
        graph.add_node(row[0], **{k: x for k, x in attrs.items() if x is not None})
    edges = edge_frame(analysis)
    graph.add_edges_from(
        (s, t, {"weight": float(w), "interactions": int(i), "shared_activities": int(a)})
        for s, t, w, i, a in zip(
            edges["source"],
            edges["target"],
            edges["weight"],
            edges["interactions"],
            edges["shared_activities"],
            strict=True,
        )
    )
    return graph


def export_graph(
    analysis: Analysis, path: str | Path, format: str = "graphml", raw: bool = False
) -> Path:
    """Write the analysed network to ``path`` as GraphML, GEXF or a CSV edge list.

    Parameters
    ----------
    analysis:
        The result of :func:`stakeholder_graph.analysis.analyze`.
    path:
        The file to write (its folder is created).
    format:
        ``"graphml"``, ``"gexf"`` or ``"csv"``.
    raw:
        Write CSV cells as stored; by default text a spreadsheet would run as a formula is
        neutralised (:mod:`stakeholder_graph.csvsafe`).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    from stakeholder_graph.csvsafe import csv_text
    from stakeholder_graph.fileio import atomic_write_text

    out = Path(path)
    if format == "csv":
        return atomic_write_text(out, csv_text(edge_frame(analysis), raw=raw))
    graph = to_networkx(analysis)
    buffer = io.BytesIO()
    if format == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        nx.write_gexf(graph, buffer, encoding="utf-8")
    return atomic_write_text(out, buffer.getvalue().decode("utf-8"))
