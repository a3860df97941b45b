"""Brokerage between sectors: who links organizations that are not linked to each other.

Gould & Fernandez (1989) classify every *open two-path* ``a → b → c`` (``a ≠ c``, no tie
``a → c``) by the groups of its three organizations; ``b`` is the broker. With sectors as
groups:

============== ===================================== =========================================
role           groups                                reading
============== ===================================== =========================================
coordinator    a, b, c in one sector                 brokers inside its own sector
itinerant      a and c share a sector, b is outside  an outsider connecting two members of a
               (also called *consultant*)            sector, e.g. a municipality between NGOs
gatekeeper     b and c share a sector, a is outside  lets an outside actor into its sector
representative a and b share a sector, c is outside  speaks for its sector to another sector
liaison        three different sectors               links sectors to which it does not belong
============== ===================================== =========================================

In undirected mode every tie counts in both directions, so each open pair ``{a, c}`` around
``b`` is counted twice (``a → b → c`` and ``c → b → a``): once as gatekeeper and once as
representative when ``b`` shares a sector with exactly one end, twice in the other roles.

Everything is counted per broker and sector pair from in/out sector counts, minus mutual ties
and closed triads found in the triangle list — no loop over edges or paths.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import SECTORS
from stakeholder_graph.network.graph import CooperationGraph

ROLES: tuple[str, ...] = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
"""The Gould–Fernandez roles, in the column order of the ``brokerage`` table."""


def _groups(g: CooperationGraph) -> tuple[np.ndarray, int]:
    """Sector code per vertex (unknown sectors form one extra group) and the group count."""
    codes = g.sector_code.astype(np.int64)
    codes = np.where(codes < 0, len(SECTORS), codes)
    return codes, len(SECTORS) + 1


def _arcs(g: CooperationGraph) -> tuple[np.ndarray, np.ndarray]:
    """Directed arcs: the ties of a directed graph, both directions of an undirected one."""
    u = g.edges["u"].to_numpy(np.int64)
    v = g.edges["v"].to_numpy(np.int64)
    if g.directed:
        return u, v
    return np.r_[u, v], np.r_[v, u]


def _triangles(g: CooperationGraph) -> np.ndarray:
    """All triangles of the undirected view as a k × 3 array of vertex indices."""
    return g.triangles


def _has_arc(keys: np.ndarray, n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each arc ``a → b`` exists, given the sorted arc keys ``u * n + v``."""
    query = a * n + b
    pos = np.searchsorted(keys, query)
    pos = np.minimum(pos, max(len(keys) - 1, 0))
    return (keys[pos] == query) if len(keys) else np.zeros(len(query), dtype=bool)


def _triangle_arcs(g: CooperationGraph, tri: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """For directed graphs: ``arc[(i, j)]`` tells, per triangle, whether ``tri[:, i] → tri[:, j]``.

    One lookup per triangle side in the sorted dyad keys, each dyad carrying two direction
    bits (1: lower → higher index, 2: higher → lower).
    """
    n = g.n
    u = g.edges["u"].to_numpy(np.int64)
    v = g.edges["v"].to_numpy(np.int64)
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    dyads, inverse = np.unique(lo * n + hi, return_inverse=True)
    bits = np.zeros(len(dyads), dtype=np.int64)
    np.bitwise_or.at(bits, inverse, np.where(u < v, 1, 2))
    arc: dict[tuple[int, int], np.ndarray] = {}
    for i, j in ((0, 1), (0, 2), (1, 2)):
        x, y = tri[:, i], tri[:, j]
        key = np.minimum(x, y) * n + np.maximum(x, y)
        side = bits[np.searchsorted(dyads, key)]  # every triangle side is a tie
        forward = np.where(x < y, 1, 2)
        arc[(i, j)] = (side & forward) > 0
        arc[(j, i)] = (side & (3 - forward)) > 0
    return arc


def _role_of(groups: int) -> np.ndarray:
    """``role[gb, ga, gc]``: the role index of broker group ``gb`` between ``ga`` and ``gc``."""
    gb, ga, gc = np.meshgrid(np.arange(groups), np.arange(groups), np.arange(groups), indexing="ij")
    role = np.full(gb.shape, 4, dtype=np.int64)  # liaison: all different
    role[(ga == gb) & (gb == gc)] = 0
    role[(ga == gc) & (ga != gb)] = 1
    role[(gb == gc) & (ga != gb)] = 2
    role[(ga == gb) & (gb != gc)] = 3
    return role


def role_counts(g: CooperationGraph, triangles: np.ndarray | None = None) -> pd.DataFrame:
    r"""Gould–Fernandez brokerage role counts of every organization, sectors as groups.

    For broker ``b`` and sectors ``(A, C)`` the number of open two-paths is
    :math:`\mathrm{in}_A(b) \cdot \mathrm{out}_C(b) - [A = C]\,\mathrm{mutual}_A(b) -
    \mathrm{closed}_{AC}(b)`: all in-neighbours from ``A`` times all out-neighbours in ``C``,
    less the pairs where ``a = c`` and those where ``a → c`` exists.

    Returns
    -------
    pandas.DataFrame
        One row per vertex, columns :data:`ROLES` (int64).

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology*, 19, 89–126.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2)], sectors=["civil", "public", "civil"],
    ...                      directed=True)
    >>> role_counts(g).loc[1].tolist()
    [0, 1, 0, 0, 0]
    """
    n = g.n
    groups, k = _groups(g)
    src, dst = _arcs(g)
    inn = np.bincount(dst * k + groups[src], minlength=n * k).reshape(n, k).astype(np.int64)
    out = np.bincount(src * k + groups[dst], minlength=n * k).reshape(n, k).astype(np.int64)
    if g.directed:
        mutual_arc = _has_arc(np.sort(src * n + dst), n, dst, src)  # the reverse exists
    else:
        mutual_arc = np.ones(len(src), dtype=bool)
    mutual = np.bincount(dst[mutual_arc] * k + groups[src[mutual_arc]], minlength=n * k).reshape(
        n, k
    )

    paths = inn[:, :, None] * out[:, None, :]
    paths[:, np.arange(k), np.arange(k)] -= mutual

    tri = _triangles(g) if triangles is None else triangles
    if len(tri):
        arc = _triangle_arcs(g, tri) if g.directed else None
        closed = np.zeros(n * k * k, dtype=np.int64)
        for ia, ib, ic in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
            a, b, c = tri[:, ia], tri[:, ib], tri[:, ic]
            if arc is None:  # undirected: every two-path inside a triangle is closed
                a_, b_, c_ = a, b, c
            else:
                ok = arc[(ia, ib)] & arc[(ib, ic)] & arc[(ia, ic)]
                a_, b_, c_ = a[ok], b[ok], c[ok]
            codes = b_ * k * k + groups[a_] * k + groups[c_]
            closed += np.bincount(codes, minlength=n * k * k)
        paths -= closed.reshape(n, k, k)

    role = _role_of(k)[groups]  # n × k × k
    counts = np.zeros((n, len(ROLES)), dtype=np.int64)
    for r in range(len(ROLES)):  # five roles, not a loop over data
        counts[:, r] = np.where(role == r, paths, 0).sum(axis=(1, 2))
    return pd.DataFrame(counts, columns=list(ROLES))


def cross_sector_pairs(g: CooperationGraph, triangles: np.ndarray | None = None) -> np.ndarray:
    r"""Unconnected pairs of partners from different sectors that each organization links.

    On the undirected view: for ``b``, the number of unordered pairs ``{a, c}`` of its partners
    with ``sector(a) ≠ sector(c)`` and no tie between ``a`` and ``c``, i.e.
    :math:`\frac{1}{2}(d_b^2 - \sum_S d_{b,S}^2) - t_b` where :math:`d_{b,S}` counts partners in
    sector ``S`` and :math:`t_b` closed such pairs (triangles).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2), (1, 3)], sectors=["civil", "public", "civil",
    ...                      "private"])
    >>> cross_sector_pairs(g).tolist()
    [0, 2, 0, 0]
    """
    n = g.n
    groups, k = _groups(g)
    e = g.undirected_edges
    u = e["u"].to_numpy(np.int64)
    v = e["v"].to_numpy(np.int64)
    per_group = np.bincount(np.r_[u * k + groups[v], v * k + groups[u]], minlength=n * k).reshape(
        n, k
    )
    degree = per_group.sum(axis=1)
    pairs = (degree**2 - (per_group**2).sum(axis=1)) // 2
    tri = _triangles(g) if triangles is None else triangles
    if len(tri):
        for ib in range(3):
            b = tri[:, ib]
            a, c = tri[:, (ib + 1) % 3], tri[:, (ib + 2) % 3]
            cross = groups[a] != groups[c]
            pairs -= np.bincount(b[cross], minlength=n)
    return pairs.astype(np.int64)


def ei_index(g: CooperationGraph) -> pd.DataFrame:
    """Krackhardt–Stern E-I index of each organization over its ties.

    :math:`EI = (E - I) / (E + I)` where ``E`` counts partners in another sector and ``I``
    partners in the same sector (undirected view). −1: only inside its sector; +1: only
    across; NaN without ties.

    Returns
    -------
    pandas.DataFrame
        Columns ``internal_ties``, ``external_ties``, ``ei_index``.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (0, 2)], sectors=["civil", "civil", "public"])
    >>> ei_index(g)["ei_index"].tolist()
    [0.0, -1.0, 1.0]
    """
    groups, _ = _groups(g)
    e = g.undirected_edges
    u = e["u"].to_numpy(np.int64)
    v = e["v"].to_numpy(np.int64)
    same = groups[u] == groups[v]
    internal = np.bincount(np.r_[u[same], v[same]], minlength=g.n)
    external = np.bincount(np.r_[u[~same], v[~same]], minlength=g.n)
    total = internal + external
    with np.errstate(invalid="ignore", divide="ignore"):
        ei = np.where(total > 0, (external - internal) / np.where(total > 0, total, 1), np.nan)
    return pd.DataFrame(
        {"internal_ties": internal.astype(np.int64), "external_ties": external, "ei_index": ei}
    )


def sector_ei(g: CooperationGraph) -> pd.DataFrame:
    """The ``sector_ei`` table: E-I index of each sector as a group.

    ``internal`` counts ties with both ends in the sector (once each), ``external`` ties with
    exactly one end in it; :math:`EI = (E - I)/(E + I)` (Krackhardt & Stern 1988).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (0, 2)], sectors=["civil", "civil", "public"])
    >>> sector_ei(g).set_index("sector").loc["civil"].tolist()
    [1.0, 1.0, 0.0]
    """
    groups, k = _groups(g)
    e = g.undirected_edges
    gu = groups[e["u"].to_numpy(np.int64)]
    gv = groups[e["v"].to_numpy(np.int64)]
    same = gu == gv
    internal = np.bincount(gu[same], minlength=k)
    external = np.bincount(gu[~same], minlength=k) + np.bincount(gv[~same], minlength=k)
    names = [*SECTORS, "other"]
    present = np.bincount(groups, minlength=k) > 0
    keep = np.array([i < len(SECTORS) or present[i] for i in range(k)])
    total = (internal + external).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ei = np.where(total > 0, (external - internal) / np.where(total > 0, total, 1.0), np.nan)
    return pd.DataFrame(
        {
            "sector": np.asarray(names, dtype=object)[keep],
            "internal": internal[keep].astype(np.int64),
            "external": external[keep].astype(np.int64),
            "ei_index": ei[keep],
        }
    )


def brokerage_table(g: CooperationGraph) -> pd.DataFrame:
    """The ``brokerage`` table: role counts, cross-sector pairs and E-I index per organization.

    Columns: id, name, sector, coordinator, itinerant, gatekeeper, representative, liaison,
    total, cross_sector_pairs, ei_index, role (the role with the most paths, "" when none),
    internal_ties, external_ties.
    """
    tri = _triangles(g)
    roles = role_counts(g, tri)
    total = roles.sum(axis=1).to_numpy()
    dominant = np.asarray(ROLES, dtype=object)[roles.to_numpy().argmax(axis=1)]
    ei = ei_index(g)
    table = pd.DataFrame({"id": g.ids, "name": g.names, "sector": g.sector})
    table = pd.concat([table, roles], axis=1)
    table["total"] = total
    table["cross_sector_pairs"] = cross_sector_pairs(g, tri)
    table["ei_index"] = ei["ei_index"].to_numpy()
    table["role"] = np.where(total > 0, dominant, "")
    table["internal_ties"] = ei["internal_ties"].to_numpy()
    table["external_ties"] = ei["external_ties"].to_numpy()
    return table
