"""The network of communities: one node per community, for networks too large to draw whole.

A community is a group of the analysis's ``community`` column (Leiden, see ``docs/metrics.md``).
Its node sits at the mean position of its members in the all-time layout, is sized by its number
of members, coloured by its dominant sector and labelled by its most central organizations; an
edge joins two communities with ties between them, its width from the number of those ties.
Vectorised with pandas group-bys: no loop per organization or tie.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboards.figures.network import scale_sizes, scale_widths
from dashboards.theme import sector_colour, sector_label

COMMUNITY_PREFIX = "community:"
"""Prefix of a community node's id, so a tap on it is told from a tap on an organization."""

NAMED = 2
"""How many of its most central members name a community."""

BOX = 900.0
"""Side of the box the community nodes are laid in (model units).

The members' mean positions come from the all-time layout, whose side grows with the network
(over 4,000 units at 5,000 organizations): fitted to the card, that zoom drew 12-unit labels at
2 px, below the 8 px under which no label is placed. Spread over a box of this side, the network
of communities fits at about zoom 0.7, so its labels (16 units) are read at about 11 px."""

MAX_LINKS = 400
"""Links drawn between communities: the ones with most ties (at 20,000 organizations some 100
communities have nearly 3,000 links, most of them a tie or two, drawn as a grey mesh that
costs the browser seconds and says nothing)."""

LABEL_FONT = 16
"""Font size of a community's label, in model units (assets/grid.js uses the same)."""


def spread(x: np.ndarray, y: np.ndarray, side: float = BOX) -> tuple[np.ndarray, np.ndarray]:
    """``x, y`` scaled into a box of ``side`` (aspect kept, the longer extent filling it).

    Examples
    --------
    >>> xs, ys = spread(np.array([0.0, 4000.0]), np.array([0.0, 2000.0]), side=900)
    >>> xs.tolist(), ys.tolist()
    ([0.0, 900.0], [0.0, 450.0])
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) == 0:
        return x, y
    extent = max(float(np.ptp(x)), float(np.ptp(y)))
    scale = side / extent if extent > 0 else 1.0
    return (x - x.min()) * scale, (y - y.min()) * scale


def community_table(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    central: str = "betweenness_norm",
    min_members: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Communities of the visible organizations and the ties between them.

    Returns ``(groups, links)``: ``groups`` has ``community, members, sector`` (the dominant
    one), ``share`` (of members in that sector), ``x``, ``y``, ``names`` (the ``NAMED`` most
    central members); ``links`` has ``a, b`` (communities, ``a < b``) and ``ties``. Communities
    with fewer than ``min_members`` members are left out (an organization without a tie is a
    community of its own).

    Examples
    --------
    >>> nodes = pd.DataFrame({"id": list("abcd"), "name": list("ABCD"), "community": [0, 0, 1, 1],
    ...     "sector": ["civil", "civil", "public", "civil"], "betweenness_norm": [0.5, 0, 0, 0.2],
    ...     "x": [0, 2, 10, 12], "y": [0, 0, 5, 5]})
    >>> edges = pd.DataFrame({"source": ["a", "a", "c"], "target": ["b", "c", "d"]})
    >>> groups, links = community_table(nodes, edges)
    >>> groups[["community", "members", "x", "names"]].values.tolist()
    [[0, 2, 1.0, 'A, B'], [1, 2, 11.0, 'D, C']]
    >>> links.values.tolist()
    [[0, 1, 1]]
    """
    if nodes.empty or "community" not in nodes.columns:
        empty = pd.DataFrame(columns=["community", "members", "sector", "share", "x", "y", "names"])
        return empty, pd.DataFrame(columns=["a", "b", "ties"])
    frame = nodes.assign(community=nodes["community"].fillna(-1).astype(int))
    if min_members > 1:
        sizes = frame["community"].map(frame["community"].value_counts())
        frame = frame[sizes >= min_members]
    by = frame.groupby("community", sort=True)
    groups = by.agg(members=("id", "size"), x=("x", "mean"), y=("y", "mean")).reset_index()
    sector_counts = frame.groupby(["community", "sector"]).size().rename("n").reset_index()
    sector_counts = sector_counts.sort_values(["community", "n"], ascending=[True, False])
    dominant = sector_counts.drop_duplicates("community").set_index("community")
    groups["sector"] = groups["community"].map(dominant["sector"])
    groups["share"] = groups["community"].map(dominant["n"]) / groups["members"]
    score = frame[central] if central in frame.columns else pd.Series(0.0, index=frame.index)
    ranked = frame.assign(_score=score.fillna(0.0)).sort_values(
        ["community", "_score", "name"], ascending=[True, False, True]
    )
    top = ranked.groupby("community").head(NAMED)
    names = top.groupby("community")["name"].agg(lambda s: ", ".join(map(str, s)))
    groups["names"] = groups["community"].map(names).fillna("")
    if edges.empty:
        return groups, pd.DataFrame(columns=["a", "b", "ties"])
    of = frame.set_index("id")["community"]
    a = edges["source"].map(of).to_numpy()
    b = edges["target"].map(of).to_numpy()
    keep = ~(pd.isna(a) | pd.isna(b))
    a, b = a[keep].astype(int), b[keep].astype(int)
    cross = a != b
    lo, hi = np.minimum(a[cross], b[cross]), np.maximum(a[cross], b[cross])
    links = pd.DataFrame({"a": lo, "b": hi}).value_counts().rename("ties").reset_index()
    return groups, links.sort_values(["a", "b"]).reset_index(drop=True)


def community_elements(nodes: pd.DataFrame, edges: pd.DataFrame) -> list[dict[str, Any]]:
    """Cytoscape elements of the network of communities of two or more organizations (see
    :func:`community_table`); organizations without a tie are not drawn, and of the links only
    the :data:`MAX_LINKS` with most ties. Nodes keep the
    arrangement of their members' mean positions, spread over a box of side :data:`BOX`."""
    groups, links = community_table(nodes, edges, min_members=2)
    sizes = scale_sizes(groups["members"].to_numpy(float), 24.0, 110.0)
    xs, ys = spread(groups["x"].to_numpy(float), groups["y"].to_numpy(float))
    elements: list[dict[str, Any]] = []
    for row, size, x, y in zip(groups.itertuples(index=False), sizes, xs, ys, strict=True):
        sector = str(row.sector)
        label = f"{int(row.members):,} · {row.names}"
        elements.append(
            {
                "data": {
                    "id": f"{COMMUNITY_PREFIX}{int(row.community)}",
                    "name": f"Community {int(row.community)}",
                    "label": label,
                    "sector": sector,
                    "size": float(size),
                    "colour": sector_colour(sector),
                    "detail": (
                        f"Community {int(row.community)}: {int(row.members):,} organizations, "
                        f"{row.share:.0%} {sector_label(sector).lower()}; most central: {row.names}"
                    ),
                },
                "position": {"x": round(float(x), 1), "y": round(float(y), 1)},
                "classes": "community",
            }
        )
    if len(links) > MAX_LINKS:
        strongest = links["ties"].rank(method="first", ascending=False) <= MAX_LINKS
        links = links[strongest.to_numpy()]
    widths = scale_widths(links["ties"].to_numpy(float), 1.0, 14.0)
    for (a, b, ties), width in zip(links.itertuples(index=False), widths, strict=True):
        elements.append(
            {
                "data": {
                    "id": f"cl-{a}-{b}",
                    "source": f"{COMMUNITY_PREFIX}{a}",
                    "target": f"{COMMUNITY_PREFIX}{b}",
                    "weight": int(ties),
                    "width": float(width),
                },
                "classes": "community-link",
            }
        )
    return elements


def community_stylesheet() -> list[dict[str, Any]]:
    """Styles of community nodes and links (added to the network's base stylesheet)."""
    return [
        {
            "selector": ".community",
            "style": {
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "label": "",
                "text-wrap": "wrap",
                "text-max-width": 200,
                "font-size": LABEL_FONT,
                "text-valign": "bottom",
                "text-margin-y": 4,
                "min-zoomed-font-size": 7,
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.75,
                "border-width": 1,
                "border-color": "#ffffff",
            },
        },
        {"selector": ".community.labelled", "style": {"label": "data(label)"}},
        {
            "selector": ".community-link",
            "style": {"width": "data(width)", "line-color": "#B0BEC5", "opacity": 0.6},
        },
    ]


def community_options(nodes: pd.DataFrame) -> list[dict[str, str]]:
    """The community filter's options: ``"Community 3 · 212 · Red Cross, Municipality"``."""
    groups, _ = community_table(nodes, pd.DataFrame(columns=["source", "target"]))
    return [
        {
            "label": f"Community {int(r.community)} · {int(r.members):,} · {r.names}",
            "value": str(int(r.community)),
        }
        for r in groups.itertuples(index=False)
    ]
