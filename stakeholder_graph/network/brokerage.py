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

Raw counts grow with degree, so they are compared with what chance would give: the expected
count and standard deviation of each role under a random graph of the same density with the
same group sizes (Gould & Fernandez 1989, as implemented in R ``sna::brokerage``), and the
z-score ``(raw − expected) / sd``. An organization's ``role`` is the role with the highest
z-score when that z-score reaches :data:`ROLE_Z_MIN`; ``""`` otherwise. In undirected mode
gatekeeper and representative counts are always equal, so they form one role,
``gatekeeper/representative``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit

from stakeholder_graph.dataset.model import SECTORS
from stakeholder_graph.network.graph import CooperationGraph

ROLES: tuple[str, ...] = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
"""The Gould–Fernandez roles, in the column order of the ``brokerage`` table."""

ROLE_Z_MIN = 1.96
"""Default smallest z-score that names a role (one-sided test at about 2.5 %)."""
TRIANGLE_BLOCK = 500_000
"""Triangles counted at a time (bounds the temporaries of the brokerage counts)."""

UNDIRECTED_GATEKEEPER = "gatekeeper/representative"
"""The role name of the merged gatekeeper and representative roles in undirected mode."""


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
        # a block of triangles at a time: the codes of millions of triangles (3M at 100k)
        # would take a few 25 MB temporaries each; the counts add up to the same integers
        for start in range(0, len(tri), TRIANGLE_BLOCK):
            block = slice(start, start + TRIANGLE_BLOCK)
            part = tri[block]
            for ia, ib, ic in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
                a, b, c = part[:, ia], part[:, ib], part[:, ic]
                if arc is None:  # undirected: every two-path inside a triangle is closed
                    a_, b_, c_ = a, b, c
                else:
                    ok = arc[(ia, ib)][block] & arc[(ib, ic)][block] & arc[(ia, ic)][block]
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
    for start in range(0, len(tri), TRIANGLE_BLOCK):  # bounded temporaries, as in role_counts
        part = tri[start : start + TRIANGLE_BLOCK]
        for ib in range(3):
            b = part[:, ib]
            a, c = part[:, (ib + 1) % 3], part[:, (ib + 2) % 3]
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


EI_PERMUTATIONS = 999
"""Default number of sector-label permutations behind the ``sector_ei`` p-values."""

_EI_BUDGET = 20_000_000
"""Most tie-permutation evaluations ``sector_ei`` spends (fewer permutations on huge graphs)."""


def _group_ei(gu: np.ndarray, gv: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Internal and external tie counts per group for group labels of tie ends (any shape
    ``(..., m)``; the last axis runs over ties)."""
    same = gu == gv
    lead = gu.shape[:-1]
    offset = (np.arange(int(np.prod(lead, dtype=np.int64))) * k).reshape(*lead, 1)
    size = int(np.prod(lead, dtype=np.int64)) * k
    internal = np.bincount((gu + offset)[same], minlength=size)
    external = np.bincount((gu + offset)[~same], minlength=size)
    external += np.bincount((gv + offset)[~same], minlength=size)
    return internal.reshape(*lead, k), external.reshape(*lead, k)


@njit(cache=True, nogil=True, boundscheck=False)
def _permuted_ei(labels, u, v, k):  # pragma: no cover - compiled
    """:func:`_group_ei` for each row of ``labels`` (a permutation of the group codes), compiled:
    one pass over the ties per row, no ``(rows, ties)`` temporaries."""
    internal = np.zeros((labels.shape[0], k), dtype=np.int64)
    external = np.zeros((labels.shape[0], k), dtype=np.int64)
    for r in range(labels.shape[0]):
        row = labels[r]
        for j in range(len(u)):
            a = row[u[j]]
            b = row[v[j]]
            if a == b:
                internal[r, a] += 1
            else:
                external[r, a] += 1
                external[r, b] += 1
    return internal, external


def sector_ei(
    g: CooperationGraph, permutations: int = EI_PERMUTATIONS, seed: int = 42
) -> pd.DataFrame:
    r"""The ``sector_ei`` table: E-I index of each sector as a group, against chance.

    ``internal`` counts ties with both ends in the sector (once each), ``external`` ties with
    exactly one end in it; :math:`EI = (E - I)/(E + I)` (Krackhardt & Stern 1988).

    A large sector has more outside partners to choose from, so its E-I index is compared with
    ``expected``, the value if ties fell on random pairs: with :math:`n_s` of the :math:`N`
    organizations in the sector, :math:`(n_s(N - n_s) - inom{n_s}{2}) / (n_s(N - n_s) +
    inom{n_s}{2})` (the maximum-possible-ties expectation UCINET reports). ``p_value`` is a
    two-sided permutation test: the sectors are shuffled over the organizations (sizes kept)
    ``permutations`` times, and ``p = (1 + #\{|EI^* - EI_{exp}| \ge |EI - EI_{exp}|\}) /
    (1 + permutations)``. On very large graphs fewer permutations are run (at most
    ``2·10⁷ / ties``; the ``permutations`` column says how many).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (0, 2)], sectors=["civil", "civil", "public"])
    >>> sector_ei(g).set_index("sector").loc["civil", ["internal", "external", "ei_index"]].tolist()
    [1.0, 1.0, 0.0]
    """
    groups, k = _groups(g)
    e = g.undirected_edges
    u = e["u"].to_numpy(np.int64)
    v = e["v"].to_numpy(np.int64)
    internal, external = _group_ei(groups[u], groups[v], k)
    names = [*SECTORS, "other"]
    sizes = np.bincount(groups, minlength=k).astype(float)
    present = sizes > 0
    keep = np.array([i < len(SECTORS) or present[i] for i in range(k)])
    total = (internal + external).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ei = np.where(total > 0, (external - internal) / np.where(total > 0, total, 1.0), np.nan)
        big_n = float(g.n)
        possible_in = sizes * (sizes - 1) / 2
        possible_out = sizes * (big_n - sizes)
        expected = np.where(
            present & (possible_in + possible_out > 0),
            (possible_out - possible_in) / (possible_in + possible_out),
            np.nan,
        )
    runs = int(min(permutations, _EI_BUDGET // max(len(u), 1))) if len(u) else 0
    p_value = np.full(k, np.nan)
    if runs > 0:
        rng = np.random.default_rng(seed)
        extreme = np.zeros(k)
        observed = np.abs(ei - expected)
        batch = max(1, min(runs, 2_000_000 // max(len(u), 1)))
        done = 0
        while done < runs:  # batches of permutations, vectorised within
            size = min(batch, runs - done)
            shuffled = rng.permuted(np.broadcast_to(groups, (size, g.n)), axis=1)
            pin, pex = _permuted_ei(shuffled, u, v, k)
            ptot = (pin + pex).astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                pei = np.where(ptot > 0, (pex - pin) / np.where(ptot > 0, ptot, 1.0), np.nan)
            extreme += (np.abs(pei - expected) >= observed - 1e-12).sum(axis=0)
            done += size
        p_value = np.where(np.isnan(ei), np.nan, (1 + extreme) / (1 + runs))
    return pd.DataFrame(
        {
            "sector": np.asarray(names, dtype=object)[keep],
            "internal": internal[keep].astype(np.int64),
            "external": external[keep].astype(np.int64),
            "ei_index": ei[keep],
            "expected": expected[keep],
            "p_value": p_value[keep],
            "permutations": np.full(int(keep.sum()), runs, dtype=np.int64),
        }
    )


def role_expectations(g: CooperationGraph) -> tuple[np.ndarray, np.ndarray]:
    r"""Expected role counts and their standard deviations per organization, as ``sna::brokerage``.

    Under a Bernoulli random digraph of density :math:`d = m / (N(N-1))` (``m`` arcs; both
    directions of each undirected tie) with the observed group sizes :math:`n_1, \dots, n_k`, a
    broker in a group of size :math:`n_i` expects :math:`d^2(1-d)` times the number of
    ordered ``(a, c)`` pairs of the role's shape — e.g. coordinator :math:`(n_i-1)(n_i-2)`,
    gatekeeper :math:`(N-n_i)(n_i-1)` — with the variances of Gould & Fernandez (1989,
    appendix), exactly as coded in R ``sna`` 2.7 ``brokerage()`` (``exp.nli``, ``sd.nli``).

    Returns
    -------
    expected, sd : ndarray
        ``n × 5`` arrays in :data:`ROLES` order.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2), (2, 3)], sectors=["civil"] * 2 + ["public"] * 2,
    ...                      directed=True)
    >>> expected, sd = role_expectations(g)
    >>> round(float(expected[0, 2]), 6)  # gatekeeper: d = 1/4, d²(1-d)(N-n)(n-1) = 0.09375
    0.09375
    """
    groups, k = _groups(g)
    big_n = float(g.n)
    sizes = np.bincount(groups, minlength=k).astype(float)
    arcs = g.graph.ecount() * (1 if g.directed else 2)
    d = arcs / (big_n * (big_n - 1)) if g.n > 1 else 0.0
    base = d * d * (1 - d)
    cube = d**3 * (1 - d) ** 3
    total = sizes.sum()
    others = sizes[None, :] * (1 - np.eye(k))  # n[-i] as a row per group, 0 on the diagonal
    n = sizes
    exp = np.zeros((k, 5))
    var = np.zeros((k, 5))
    exp[:, 0] = base * (n - 1) * (n - 2)
    var[:, 0] = exp[:, 0] * (1 - base) + 2 * (n - 1) * (n - 2) * (n - 3) * cube
    exp[:, 1] = base * (others * (others - 1)).sum(axis=1)
    var[:, 1] = (
        exp[:, 1] * (1 - base) + 2 * (others * (others - 1) * (others - 2)).sum(axis=1) * cube
    )
    exp[:, 2] = base * (total - n) * (n - 1)
    pairs_out = (total - n) * (total - n - 1) / 2
    pairs_in = (n - 1) * (n - 2) / 2
    var[:, 2] = exp[:, 2] * (1 - base) + 2 * ((n - 1) * pairs_out + (total - n) * pairs_in) * cube
    exp[:, 3], var[:, 3] = exp[:, 2], var[:, 2]
    exp[:, 4] = base * ((others.sum(axis=1)) ** 2 - (others**2).sum(axis=1))
    rest = total - others - n[:, None]  # N - n[j] - n[i] for each other group j
    choose = rest * (rest - 1) / 2
    var[:, 4] = exp[:, 4] * (1 - base) + 4 * (others * choose).sum(axis=1) * cube
    return exp[groups], np.sqrt(np.maximum(var[groups], 0.0))


def brokerage_table(g: CooperationGraph, z_min: float = ROLE_Z_MIN) -> pd.DataFrame:
    """The ``brokerage`` table: role counts, their z-scores, cross-sector pairs and E-I index.

    Columns: id, name, sector, coordinator, itinerant, gatekeeper, representative, liaison,
    total, cross_sector_pairs, ei_index, role, internal_ties, external_ties, then
    ``<role>_expected`` and ``<role>_z`` for the five roles (see :func:`role_expectations`).

    ``role`` is the role with the highest z-score, when it is at least ``z_min``; ``""``
    otherwise (ties: the first in :data:`ROLES` order). In undirected mode gatekeeper and
    representative are one role, named :data:`UNDIRECTED_GATEKEEPER`. A z-score is NaN where
    the expected variance is 0 (e.g. a role impossible for the broker's group size).
    """
    tri = _triangles(g)
    roles = role_counts(g, tri)
    raw = roles.to_numpy().astype(float)
    total = raw.sum(axis=1)
    expected, sd = role_expectations(g)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 0, (raw - expected) / np.where(sd > 0, sd, 1.0), np.nan)
    names = np.asarray(ROLES, dtype=object)
    candidates = z.copy()
    if not g.directed:
        candidates[:, 3] = np.nan  # representative ≡ gatekeeper: one role
        names = names.copy()
        names[2] = UNDIRECTED_GATEKEEPER
    filled = np.where(np.isnan(candidates), -np.inf, candidates)
    best = filled.argmax(axis=1) if g.n else np.zeros(0, dtype=np.int64)
    best_z = filled[np.arange(g.n), best] if g.n else np.zeros(0)
    ei = ei_index(g)
    table = pd.DataFrame({"id": g.ids, "name": g.names, "sector": g.sector})
    table = pd.concat([table, roles], axis=1)
    table["total"] = total.astype(np.int64)
    table["cross_sector_pairs"] = cross_sector_pairs(g, tri)
    table["ei_index"] = ei["ei_index"].to_numpy()
    table["role"] = np.where(best_z >= z_min, names[best], "")
    table["internal_ties"] = ei["internal_ties"].to_numpy()
    table["external_ties"] = ei["external_ties"].to_numpy()
    for r, role in enumerate(ROLES):
        table[f"{role}_expected"] = expected[:, r]
        table[f"{role}_z"] = z[:, r]
    return table
