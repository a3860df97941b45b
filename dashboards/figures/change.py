"""Figures of the Change view: gained and lost ties on the network, sector change matrices.

Pure functions over the tables of :mod:`dashboards.change`; nothing here reads the app's state.
Gained ties are drawn in bluish green, lost ties in vermillion and dashed (Okabe–Ito colours, told
apart without colour vision too). Under the interactive threshold the organizations are drawn at
their place in the network's layout; above it, the network of communities (as on the Network
view) with one edge per community pair and direction of change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.charts import empty_figure
from dashboards.figures.communities import COMMUNITY_PREFIX, community_table, spread
from dashboards.figures.network import scale_sizes, scale_widths
from dashboards.theme import plot_layout, sector_colour, sector_label

GAINED = "#009E73"
LOST = "#D55E00"


def _pair_frame(gained: pd.DataFrame, lost: pd.DataFrame) -> pd.DataFrame:
    parts = [
        frame[["a", "b"]].assign(kind=kind)
        for frame, kind in ((gained, "gained"), (lost, "lost"))
        if not frame.empty
    ]
    if not parts:
        return pd.DataFrame(columns=["a", "b", "kind"])
    return pd.concat(parts, ignore_index=True)


def change_elements(
    nodes: pd.DataFrame, gained: pd.DataFrame, lost: pd.DataFrame
) -> list[dict[str, Any]]:
    """Cytoscape elements: the organizations of a gained or lost tie, and those ties.

    ``nodes`` holds ``id, name, sector, x, y`` of the visible organizations; a node's size grows
    with its number of changed ties (the most changed are named first, see
    :func:`change_stylesheet`).

    Examples
    --------
    >>> nodes = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...     "sector": ["civil"] * 3, "x": [0.0, 1.0, 2.0], "y": [0.0, 0.0, 0.0]})
    >>> gained = pd.DataFrame({"a": ["a"], "b": ["b"]})
    >>> lost = pd.DataFrame({"a": ["b"], "b": ["c"]})
    >>> [e["classes"] for e in change_elements(nodes, gained, lost)]
    ['org', 'org', 'org', 'tie gained', 'tie lost']
    """
    pairs = _pair_frame(gained, lost)
    if pairs.empty:
        return []
    ends = pd.concat([pairs["a"], pairs["b"]])
    counts = ends.value_counts()
    shown = nodes[nodes["id"].isin(counts.index)].reset_index(drop=True)
    n_changes = counts.reindex(shown["id"]).fillna(0).to_numpy(float)
    sizes = scale_sizes(n_changes, 10.0, 40.0)
    elements: list[dict[str, Any]] = []
    for row, size, n in zip(shown.itertuples(index=False), sizes, n_changes, strict=True):
        elements.append(
            {
                "data": {
                    "id": str(row.id),
                    "name": str(row.name),
                    "colour": sector_colour(str(row.sector)),
                    "size": float(size),
                    "detail": f"{row.name}: {int(n):,} tie(s) gained or lost",
                },
                "position": {"x": round(float(row.x), 1), "y": round(float(row.y), 1)},
                "classes": "org",
            }
        )
    present = set(shown["id"])
    pairs = pairs[pairs["a"].isin(present) & pairs["b"].isin(present)]
    for i, (a, b, kind) in enumerate(pairs.itertuples(index=False)):
        elements.append(
            {"data": {"id": f"t{i}", "source": str(a), "target": str(b)}, "classes": f"tie {kind}"}
        )
    return elements


GROUP_COLUMNS = ("id", "name", "community", "sector", "betweenness_norm", "x", "y")
"""The columns of the visible organizations the network of communities reads."""


def community_change_elements(
    nodes: pd.DataFrame, gained: pd.DataFrame, lost: pd.DataFrame
) -> list[dict[str, Any]]:
    """The network of communities with the ties gained and lost between (and inside) them.

    One node per community of two or more visible organizations, labelled with its most central
    members and the ties gained and lost inside it; between two communities an edge for the
    gained and one for the lost ties, its width from their number.

    Examples
    --------
    >>> nodes = pd.DataFrame({"id": list("abcd"), "name": list("ABCD"), "community": [0, 0, 1, 1],
    ...     "sector": ["civil"] * 4, "betweenness_norm": [0.5, 0, 0, 0.2],
    ...     "x": [0.0, 2, 10, 12], "y": [0.0, 0, 5, 5]})
    >>> gained = pd.DataFrame({"a": ["a", "a"], "b": ["b", "c"]})
    >>> lost = pd.DataFrame({"a": ["c"], "b": ["d"]})
    >>> els = community_change_elements(nodes, gained, lost)
    >>> [e["data"]["label"] for e in els if "label" in e["data"]]
    ['2 · A, B · +1 −0 inside', '2 · D, C · +0 −1 inside']
    >>> [(e["data"]["source"], e["data"]["ties"], e["classes"]) for e in els if "source" in e["data"]]
    [('community:0', 1, 'tie gained')]
    """
    columns = [c for c in GROUP_COLUMNS if c in nodes.columns]  # a narrow frame groups faster
    nodes = nodes[columns]
    groups, _ = community_table(nodes, pd.DataFrame(columns=["source", "target"]), min_members=2)
    if groups.empty:
        return []
    of = nodes.assign(community=nodes["community"].fillna(-1).astype(int)).set_index("id")[
        "community"
    ]
    drawn = set(groups["community"].astype(int))
    pairs = _pair_frame(gained, lost)
    ca = pairs["a"].map(of)
    cb = pairs["b"].map(of)
    keep = ca.isin(drawn).to_numpy() & cb.isin(drawn).to_numpy()
    frame = pd.DataFrame(
        {
            "lo": np.minimum(ca[keep], cb[keep]).astype(int),
            "hi": np.maximum(ca[keep], cb[keep]).astype(int),
            "kind": pairs["kind"][keep].to_numpy(),
        }
    )
    counted = frame.value_counts().rename("ties").reset_index()
    inside = counted[counted["lo"] == counted["hi"]]
    between = counted[counted["lo"] != counted["hi"]].sort_values(["lo", "hi", "kind"])
    within = (
        inside.pivot_table(index="lo", columns="kind", values="ties", aggfunc="sum")
        .reindex(columns=["gained", "lost"])
        .fillna(0)
    )
    sizes = scale_sizes(groups["members"].to_numpy(float), 24.0, 110.0)
    xs, ys = spread(groups["x"].to_numpy(float), groups["y"].to_numpy(float))
    elements: list[dict[str, Any]] = []
    for row, size, x, y in zip(groups.itertuples(index=False), sizes, xs, ys, strict=True):
        c = int(row.community)
        plus = int(within["gained"].get(c, 0))
        minus = int(within["lost"].get(c, 0))
        elements.append(
            {
                "data": {
                    "id": f"{COMMUNITY_PREFIX}{c}",
                    "name": f"Community {c}",
                    "label": f"{int(row.members):,} · {row.names} · +{plus:,} −{minus:,} inside",
                    "colour": sector_colour(str(row.sector)),
                    "size": float(size),
                    "detail": (
                        f"Community {c}: {int(row.members):,} organizations, most central: "
                        f"{row.names}; inside it {plus:,} ties gained and {minus:,} lost"
                    ),
                },
                "position": {"x": round(float(x), 1), "y": round(float(y), 1)},
                "classes": "community",
            }
        )
    widths = scale_widths(between["ties"].to_numpy(float), 1.0, 12.0)
    for (lo, hi, kind, ties), width in zip(between.itertuples(index=False), widths, strict=True):
        elements.append(
            {
                "data": {
                    "id": f"c{kind}-{lo}-{hi}",
                    "source": f"{COMMUNITY_PREFIX}{lo}",
                    "target": f"{COMMUNITY_PREFIX}{hi}",
                    "ties": int(ties),
                    "width": float(width),
                },
                "classes": f"tie {kind}",
            }
        )
    return elements


def change_stylesheet() -> list[dict[str, Any]]:
    """Styles of :func:`change_elements` and :func:`community_change_elements`.

    Labels show on the nodes the browser marks ``labelled`` — placed greedily from the largest
    node down, never overlapping (``assets/grid.js``, as on the network view)."""
    return [
        {
            "selector": "node",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "label": "",
                "font-size": 11,
                "text-valign": "bottom",
                "text-margin-y": 3,
                "text-wrap": "wrap",
                "text-max-width": 200,
                "min-zoomed-font-size": 8,
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.75,
                "border-width": 1,
                "border-color": "#ffffff",
            },
        },
        {"selector": ".community", "style": {"font-size": 16}},
        {"selector": "node.labelled", "style": {"label": "data(name)"}},
        {"selector": ".community.labelled", "style": {"label": "data(label)"}},
        {
            "selector": "edge",
            "style": {"curve-style": "bezier", "width": 2, "opacity": 0.75},
        },
        {"selector": "edge[width]", "style": {"width": "data(width)"}},
        {"selector": ".gained", "style": {"line-color": GAINED}},
        {"selector": ".lost", "style": {"line-color": LOST, "line-style": "dashed"}},
    ]


def _matrix(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    order = [s for s in ("public", "private", "civil", "social_economy")]
    present = sorted(set(frame["sector_a"]) | set(frame["sector_b"]))
    order = [s for s in order if s in present] + [s for s in present if s not in order]
    return frame.pivot_table(index="sector_a", columns="sector_b", values=value).reindex(
        index=order, columns=order
    )


def sector_change_heatmap(sectors: pd.DataFrame, value: str = "trust") -> go.Figure:
    """Sector × sector change of ``trust`` (mean answer of the row sector about the column
    sector) or ``ties``: the change in colour, before → after in each cell.

    Examples
    --------
    >>> s = pd.DataFrame({"sector_a": ["civil"], "sector_b": ["public"], "trust_before": [2.0],
    ...     "trust_after": [2.5], "trust_change": [0.5]})
    >>> sector_change_heatmap(s).data[0].z.tolist()
    [[nan, nan], [0.5, nan]]
    """
    column = f"{value}_change"
    if sectors.empty or column not in sectors or not sectors[column].notna().any():
        what = "survey answers in both periods" if value == "trust" else "ties"
        return empty_figure(f"No {what} to compare")
    z = _matrix(sectors, column)
    b = _matrix(sectors, f"{value}_before").reindex_like(z).to_numpy(float)
    a = _matrix(sectors, f"{value}_after").reindex_like(z).to_numpy(float)
    values = z.to_numpy(float)
    fmt = "%.2f" if value == "trust" else "%.0f"
    text = np.where(
        np.isnan(values),
        "",
        np.char.add(
            np.char.add(np.char.mod(fmt, np.nan_to_num(b)), " → "),
            np.char.mod(fmt, np.nan_to_num(a)),
        ),
    )
    top = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    labels = [sector_label(s) for s in z.columns]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=labels,
            y=[sector_label(s) for s in z.index],
            zmin=-top or -1,
            zmax=top or 1,
            colorscale=[[0, LOST], [0.5, "#F7F7F7"], [1, GAINED]],
            text=text,
            texttemplate="%{text}",
            colorbar={"title": "change"},
            hovertemplate="%{y} → %{x}: %{text} (change %{z:+.2f})<extra></extra>",
        )
    )
    title = (
        "Trust change: rating sector (rows) about rated sector (columns)"
        if value == "trust"
        else "Ties between sectors: change"
    )
    fig.update_layout(**plot_layout(title=title), yaxis_autorange="reversed")
    return fig
