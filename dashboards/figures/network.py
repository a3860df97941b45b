"""The cooperation network as cytoscape elements (interactive) or a WebGL scatter (large).

Pure functions: they take the node and edge frames of a :class:`~dashboards.data.View` and
return JSON-ready structures. Names stay text everywhere: cytoscape draws labels on a canvas and
plotly hover text is HTML-escaped here, so a name such as ``<b>x</b>`` shows as typed.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboards.theme import SECTOR_COLOURS, plot_layout, sector_colour, sector_label

MIN_SIZE = 12.0
MAX_SIZE = 56.0
LABELLED = 10
"""How many of the largest nodes carry a permanent label (all nodes when fewer)."""


def scale_sizes(
    values: Iterable[float], low: float = MIN_SIZE, high: float = MAX_SIZE
) -> np.ndarray:
    """Node diameters: ``low + (high − low)·√(x / max x)``; missing or negative values get ``low``.

    The square root makes the node *area* proportional to the value.

    Examples
    --------
    >>> scale_sizes([0.0, 1.0, 4.0], 10, 30).tolist()
    [10.0, 20.0, 30.0]
    """
    x = np.nan_to_num(np.asarray(list(values), dtype=float), nan=0.0)
    x = np.clip(x, 0.0, None)
    top = x.max() if len(x) else 0.0
    if top <= 0:
        return np.full(len(x), low)
    return low + (high - low) * np.sqrt(x / top)


def scale_widths(weights: Iterable[float], low: float = 1.0, high: float = 8.0) -> np.ndarray:
    """Edge widths from weights, linear in ``log(1 + w)`` between ``low`` and ``high``.

    Examples
    --------
    >>> scale_widths([1.0, 1.0]).tolist()
    [1.0, 1.0]
    """
    w = np.log1p(np.clip(np.nan_to_num(np.asarray(list(weights), dtype=float)), 0, None))
    if len(w) == 0 or w.max() == w.min():
        return np.full(len(w), low)
    return low + (high - low) * (w - w.min()) / (w.max() - w.min())


def network_elements(
    nodes: pd.DataFrame, edges: pd.DataFrame, size_by: str
) -> list[dict[str, Any]]:
    """Cytoscape elements: one node per organization at its precomputed position, one edge per tie.

    Parameters
    ----------
    nodes:
        Columns ``id, name, sector, x, y`` and the centrality column ``size_by``.
    edges:
        Columns ``source, target, weight``.
    size_by:
        The centrality column that sets node size (see :func:`scale_sizes`).

    Examples
    --------
    >>> n = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "sector": ["civil", "public"],
    ...                   "x": [0.0, 1.0], "y": [0.0, 1.0], "degree": [1, 1]})
    >>> e = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [2.0]})
    >>> [el["data"]["id"] for el in network_elements(n, e, "degree")]
    ['a', 'b', 'a|b']
    """
    values = nodes[size_by] if size_by in nodes.columns else pd.Series(0.0, index=nodes.index)
    sizes = scale_sizes(values)
    labelled = np.zeros(len(nodes), dtype=bool)
    labelled[np.argsort(-sizes, kind="stable")[:LABELLED]] = True
    # Python lists first: building dicts from numpy scalars is several times slower.
    ids = nodes["id"].astype(str).tolist()
    names = nodes["name"].astype(str).tolist()
    labels = np.where(labelled, nodes["name"].astype(str).to_numpy(), "").tolist()
    sectors = nodes["sector"].astype(str).tolist()
    size_list = np.round(sizes, 1).tolist()
    xs = np.round(nodes["x"].fillna(0.0).to_numpy(float), 1).tolist()
    ys = np.round(nodes["y"].fillna(0.0).to_numpy(float), 1).tolist()
    node_elements = [
        {
            "data": {"id": i, "name": n, "label": lab, "sector": sec, "size": sz},
            "position": {"x": px, "y": py},
            "classes": "sector-" + sec,
        }
        for i, n, lab, sec, sz, px, py in zip(
            ids, names, labels, sectors, size_list, xs, ys, strict=True
        )
    ]
    sources = edges["source"].astype(str).tolist()
    targets = edges["target"].astype(str).tolist()
    widths = np.round(scale_widths(edges["weight"]), 2).tolist()
    weights = edges["weight"].astype(float).tolist()
    edge_elements = [
        {"data": {"id": s + "|" + t, "source": s, "target": t, "weight": w, "width": wd}}
        for s, t, w, wd in zip(sources, targets, weights, widths, strict=True)
    ]
    return node_elements + edge_elements


def _quote(value: str) -> str:
    """A cytoscape selector string literal for ``value``."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def base_stylesheet() -> list[dict[str, Any]]:
    """Cytoscape styles: sector colours, size and width from data, readable labels."""
    styles: list[dict[str, Any]] = [
        {
            "selector": "node",
            "style": {
                "width": "data(size)",
                "height": "data(size)",
                "background-color": sector_colour(""),
                "label": "data(label)",
                "font-family": "Noto Sans, DejaVu Sans, Arial, sans-serif",
                "text-wrap": "ellipsis",
                "text-max-width": 240,
                "font-size": 11,
                "color": "#263238",
                "text-valign": "bottom",
                "text-margin-y": 3,
                "text-outline-color": "#ffffff",
                "text-outline-width": 2,
                "border-width": 1,
                "border-color": "#ffffff",
                # labels whose rendered size would be under 8 px are hidden when zoomed out:
                # the most central keep theirs at any zoom, the rest appear as one zooms in
                "min-zoomed-font-size": 8,
            },
        },
        {
            "selector": "edge",
            "style": {
                "width": "data(width)",
                "line-color": "#90A4AE",
                "opacity": 0.55,
                "curve-style": "haystack",
            },
        },
    ]
    styles += [
        {"selector": f"node.sector-{s}", "style": {"background-color": c}}
        for s, c in SECTOR_COLOURS.items()
    ]
    # once the browser has placed labels without overlap (assets/grid.js), they replace the
    # server's choice of the largest nodes
    styles += [
        {"selector": "node[name]", "style": {"label": ""}},
        {"selector": "node.labelled", "style": {"label": "data(name)"}},
    ]
    from dashboards.figures.communities import community_stylesheet

    return styles + community_stylesheet()


def ego_stylesheet(org_id: str | None, partner_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The base styles plus, when an organization is selected, its ego network highlighted.

    Everything else fades; the organization gets a dark ring and its full name.

    Examples
    --------
    >>> len(ego_stylesheet(None, [])) == len(base_stylesheet())
    True
    """
    styles = base_stylesheet()
    if not org_id:
        return styles
    me = _quote(org_id)
    partners = [f"node[id = {_quote(p)}]" for p in partner_ids]
    styles += [
        {"selector": "node", "style": {"opacity": 0.18}},
        {"selector": "edge", "style": {"opacity": 0.06}},
        {
            "selector": ", ".join(partners + [f"node[id = {me}]"]),
            "style": {"opacity": 1, "label": "data(name)"},
        },
        {
            "selector": f"edge[source = {me}], edge[target = {me}]",
            "style": {"opacity": 0.95, "line-color": "#37474F"},
        },
        {
            "selector": f"node[id = {me}]",
            "style": {
                "border-width": 4,
                "border-color": "#212121",
                "font-weight": "bold",
                "z-index": 10,
            },
        },
    ]
    return styles


def _segments(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays of all edges as line segments separated by NaN (one WebGL trace)."""
    pos = nodes.set_index("id")[["x", "y"]]
    a = pos.reindex(edges["source"]).to_numpy(float)
    b = pos.reindex(edges["target"]).to_numpy(float)
    gap = np.full(len(edges), np.nan)
    # float32 is far below a pixel and halves the typed arrays sent to the browser
    xs = np.column_stack([a[:, 0], b[:, 0], gap]).ravel().astype(np.float32)
    ys = np.column_stack([a[:, 1], b[:, 1], gap]).ravel().astype(np.float32)
    return xs, ys


def strongest_edges(edges: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    """The ``limit`` heaviest ties (all of them when ``limit`` is ``None`` or not exceeded).

    Ties of equal weight keep their order, so the choice is deterministic.

    >>> frame = pd.DataFrame({"source": list("abc"), "target": list("bcd"), "weight": [1.0, 3.0, 2.0]})
    >>> strongest_edges(frame, 2)["source"].tolist()
    ['b', 'c']
    """
    if limit is None or len(edges) <= limit:
        return edges
    order = np.argsort(-edges["weight"].to_numpy(float), kind="stable")[:limit]
    return edges.iloc[np.sort(order)]


def _typed(values: np.ndarray) -> dict[str, str]:
    """A plotly.js typed-array spec (float32, base64): compact and fast to serialise."""
    raw = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}


def scattergl_figure(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    size_by: str,
    selected: str | None = None,
    partner_ids: Iterable[str] = (),
    max_edges: int | None = None,
) -> dict[str, Any]:
    """The network as a plotly WebGL scatter, as a plain figure dictionary.

    For networks too large for an interactive graph. Edges are one trace: each WebGL line trace
    costs a browser without a graphics card about as much as all the markers (three weight
    bands of different widths took 0.96–1.02 s to draw at 20,000 organizations in headless
    Chromium, one trace 0.41–0.58 s); nodes are one trace per sector (the legend), sized as in
    :func:`scale_sizes`, with the organization id in ``customdata`` so a click selects it. The
    last trace is always the selection ring (the organization and its partners), so a change of
    selection can replace it alone. Built without plotly's validation layer: a 5,000-organization
    network takes a few tens of milliseconds. With ``max_edges`` only that many of the heaviest
    ties are drawn (:func:`strongest_edges`): a browser without a graphics card draws 200,000
    line segments in tens of seconds.
    """
    data: list[dict[str, Any]] = []
    edges = strongest_edges(edges, max_edges)
    if len(edges):
        xs, ys = _segments(nodes, edges)
        data.append(
            {
                "type": "scattergl",
                "x": _typed(xs),
                "y": _typed(ys),
                "mode": "lines",
                "hoverinfo": "skip",
                "showlegend": False,
                "line": {"width": 0.7, "color": "rgba(96,125,139,0.35)"},
            }
        )
    values = nodes[size_by] if size_by in nodes else np.zeros(len(nodes))
    sizes = scale_sizes(values, 4, 22)
    for sector, rows in nodes.groupby("sector", sort=False).indices.items():
        part = nodes.iloc[rows]
        data.append(
            {
                "type": "scattergl",
                "x": _typed(part["x"].to_numpy(float)),
                "y": _typed(part["y"].to_numpy(float)),
                "mode": "markers",
                "name": sector_label(str(sector)),
                "marker": {
                    "size": _typed(sizes[rows]),
                    "color": sector_colour(str(sector)),
                    "line": {"width": 0.5, "color": "white"},
                },
                "customdata": part["id"].astype(str).tolist(),
                "hovertext": [html.escape(str(n)) for n in part["name"]],
                "hoverinfo": "text",
            }
        )
    chosen = set(partner_ids) | ({selected} if selected else set())
    ring = nodes[nodes["id"].isin(list(chosen))]
    data.append(
        {
            "type": "scattergl",
            "x": ring["x"].round(1).tolist(),
            "y": ring["y"].round(1).tolist(),
            "mode": "markers",
            "name": "Selected and partners",
            "marker": {
                "size": 16,
                "color": "rgba(0,0,0,0)",
                "line": {"width": 2, "color": "#212121"},
            },
            "customdata": ring["id"].astype(str).tolist(),
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    layout = plot_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "autorange": "reversed"},
        legend={"orientation": "h", "y": 1.02, "x": 0},
        dragmode="pan",
        uirevision="network",
    )
    return {"data": data, "layout": layout}


def scattergl_network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    size_by: str,
    selected: str | None = None,
    partner_ids: Iterable[str] = (),
) -> go.Figure:
    """:func:`scattergl_figure` as a :class:`plotly.graph_objects.Figure`."""
    return go.Figure(scattergl_figure(nodes, edges, size_by, selected, partner_ids))


def ally_elements(
    a: tuple[str, str, str], b: tuple[str, str, str], shared: pd.DataFrame
) -> list[dict[str, Any]]:
    """A small network: two potential allies, their shared partners, and the missing tie.

    ``a`` and ``b`` are ``(id, name, sector)``; ``shared`` has ``id, name, sector``. The pair
    sits left and right on top, shared partners in a row below; the suggested tie is dashed.

    Examples
    --------
    >>> els = ally_elements(("a", "A", "civil"), ("b", "B", "private"),
    ...                     pd.DataFrame({"id": ["p"], "name": ["P"], "sector": ["public"]}))
    >>> sorted(e["data"]["id"] for e in els)
    ['a', 'a|b', 'a|p', 'b', 'b|p', 'p']
    """
    k = len(shared)
    width = max(420.0, 170.0 * k)
    elements: list[dict[str, Any]] = []
    for (oid, name, sector), x in ((a, 0.0), (b, width)):
        elements.append(
            {
                "data": {"id": oid, "name": name, "label": name, "sector": sector, "size": 44},
                "position": {"x": x, "y": 0.0},
                "classes": f"sector-{sector} pair",
            }
        )
    xs = np.linspace(0.0, width, k + 2)[1:-1] if k else []
    for (pid, name, sector), x in zip(
        shared[["id", "name", "sector"]].itertuples(index=False), xs, strict=True
    ):
        elements.append(
            {
                "data": {"id": pid, "name": name, "label": name, "sector": sector, "size": 26},
                "position": {"x": float(x), "y": 170.0},
                "classes": f"sector-{sector}",
            }
        )
        for end in (a[0], b[0]):
            elements.append(
                {"data": {"id": f"{end}|{pid}", "source": end, "target": pid, "width": 2}}
            )
    elements.append(
        {
            "data": {"id": f"{a[0]}|{b[0]}", "source": a[0], "target": b[0], "width": 3},
            "classes": "potential",
        }
    )
    return elements


def ally_stylesheet() -> list[dict[str, Any]]:
    """Styles of :func:`ally_elements`: every label shown, the suggested tie dashed."""
    styles = base_stylesheet()
    styles += [
        {
            "selector": "node",
            "style": {"label": "data(label)", "text-wrap": "wrap", "text-max-width": 160},
        },
        {"selector": "edge", "style": {"curve-style": "bezier", "opacity": 0.8}},
        {
            "selector": "edge.potential",
            "style": {"line-style": "dashed", "line-color": "#D55E00", "opacity": 1},
        },
        {"selector": "node.pair", "style": {"font-weight": "bold", "font-size": 13}},
    ]
    return styles
