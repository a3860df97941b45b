"""The network view as a picture for a slide: title, sector legend, date range, node labels.

:func:`slide_figure` turns the visible organizations (or the network of communities) into a plain
plotly figure (SVG traces, not WebGL, so it exports as PNG or SVG) that the browser downloads
with ``Plotly.downloadImage``. Pure: frames in, a figure dictionary out.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import numpy as np
import pandas as pd

from dashboards.figures.network import LABELLED, scattergl_figure
from dashboards.theme import plot_layout

WIDTH, HEIGHT = 1600, 1000
"""Size of the downloaded picture in pixels (16:10, fits a slide)."""


def slide_figure(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    size_by: str,
    title: str,
    subtitle: str,
) -> dict[str, Any]:
    """The network as an exportable figure.

    Parameters
    ----------
    nodes, edges:
        As for :func:`dashboards.figures.network.scattergl_figure` (``id, name, sector, x, y``
        and ``size_by``; ``source, target, weight``).
    title:
        The picture's title (the network's name and what is shown).
    subtitle:
        A second line: the date range, the filters and the date the picture was made.

    Examples
    --------
    >>> n = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "sector": ["civil", "public"],
    ...                   "x": [0.0, 1.0], "y": [0.0, 1.0], "degree": [1, 2]})
    >>> e = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1.0]})
    >>> fig = slide_figure(n, e, "degree", "Pleven", "2021–2025")
    >>> sorted({t["type"] for t in fig["data"]}), fig["layout"]["showlegend"]
    (['scatter'], True)
    >>> [t["name"] for t in fig["data"] if t.get("showlegend", True) and "name" in t]
    ['Civil society', 'Public']
    """
    figure = scattergl_figure(nodes, edges, size_by)
    data = [dict(trace, type="scatter") for trace in figure["data"][:-1]]  # no selection ring
    for trace in data:
        for axis in ("x", "y"):
            if isinstance(trace.get(axis), dict):  # typed arrays: plain lists for the SVG export
                raw = np.frombuffer(base64.b64decode(trace[axis]["bdata"]), dtype="<f4")
                trace[axis] = [None if not np.isfinite(v) else round(float(v), 1) for v in raw]
        marker = trace.get("marker")
        if marker and isinstance(marker.get("size"), dict):
            raw = np.frombuffer(base64.b64decode(marker["size"]["bdata"]), dtype="<f4")
            trace["marker"] = dict(marker, size=np.round(raw, 1).tolist())
    values = nodes[size_by] if size_by in nodes.columns else pd.Series(0.0, index=nodes.index)
    top = nodes.assign(_v=values.fillna(0.0).to_numpy()).nlargest(LABELLED, "_v")
    data.append(
        {
            "type": "scatter",
            "x": top["x"].round(1).tolist(),
            "y": top["y"].round(1).tolist(),
            "mode": "text",
            "text": [html.escape(str(n)) for n in top["name"]],
            "textposition": "bottom center",
            "textfont": {"size": 13, "color": "#263238"},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    layout = plot_layout(
        width=WIDTH,
        height=HEIGHT,
        title={
            "text": f"<b>{html.escape(title)}</b><br><sup>{html.escape(subtitle)}</sup>",
            "x": 0.02,
            "xanchor": "left",
        },
        margin={"l": 20, "r": 20, "t": 90, "b": 20},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "autorange": "reversed"},
        legend={"orientation": "v", "x": 1.0, "xanchor": "right", "y": 1.0, "title": "Sector"},
        showlegend=True,
    )
    return {"data": data, "layout": layout}
