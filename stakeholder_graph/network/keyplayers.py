"""Key players: the organizations a network must not lose, and the ones that reach the most NGOs.

Borgatti (2006) poses two problems over a set ``S`` of ``k`` vertices:

* **KPP-Neg** — which ``S``, if removed, fragments the network most? The measure is
  fragmentation ``F = 1 − Σ_c s_c (s_c − 1) / (m (m − 1))`` over the components ``c`` (sizes
  ``s_c``) of the graph left after removing ``S``, ``m = n − k`` the organizations left: the
  share of pairs of remaining organizations that can no longer reach each other (0: one
  component, 1: all isolates).
* **KPP-Pos** — which ``S`` reaches the most targets within a few steps? Here the targets are
  the NGOs (civil and social-economy organizations) and the reach is two steps: ``S`` reaches an
  NGO that is in ``S``, tied to a member, or tied to a partner of a member.

Both are NP-hard; like Borgatti's KeyPlayer program this module builds a set greedily (each step
adds the organization that improves the objective most) and then runs swap passes (replace a
member by a non-member while that improves the objective) until no swap helps; KPP-Neg also
restarts the swaps from a few seeded random sets and keeps the best. For KPP-Pos the
greedy set reaches at least ``1 − 1/e`` of the optimum (coverage is submodular). On large graphs
KPP-Neg considers ``pool`` candidates: the articulation points and the highest-degree
organizations; :func:`kpp_neg` says how many it considered.

References
----------
Borgatti, S. P. (2006). Identifying sets of key players in a social network. *Computational and
Mathematical Organization Theory* 12(1), 21–34.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np
import scipy.sparse as sp

from stakeholder_graph.network.graph import CooperationGraph

NGO_SECTORS: tuple[str, ...] = ("civil", "social_economy")
"""Sectors whose organizations KPP-Pos tries to reach."""


@dataclass(frozen=True)
class KeyPlayers:
    """A key-player set and how good it is.

    Attributes
    ----------
    members:
        Vertex indices, in the order the greedy pass chose them (swaps keep the position).
    score:
        Fragmentation after removal (KPP-Neg) or number of targets reached (KPP-Pos).
    baseline:
        The same measure with nobody removed (fragmentation of the whole network) or 0.
    candidates:
        How many organizations were considered for membership.
    swaps:
        How many improving swaps the swap passes made.
    """

    members: tuple[int, ...]
    score: float
    baseline: float
    candidates: int
    swaps: int


def fragmentation(graph: ig.Graph, removed: np.ndarray | list[int] | tuple[int, ...] = ()) -> float:
    """Borgatti's fragmentation of ``graph`` after removing the vertices ``removed``.

    ``F = 1 − Σ_c s_c (s_c − 1) / (m (m − 1))`` over the components left, ``m`` the vertices
    left; 0 when fewer than two vertices are left.

    Examples
    --------
    >>> import igraph as ig
    >>> path = ig.Graph([(0, 1), (1, 2), (2, 3), (3, 4)])
    >>> fragmentation(path), round(fragmentation(path, [2]), 4)
    (0.0, 0.6667)
    """
    removed = np.asarray(removed, dtype=np.int64)
    if len(removed):
        keep = np.setdiff1d(np.arange(graph.vcount()), removed)
        graph = graph.induced_subgraph(keep.tolist(), implementation="create_from_scratch")
    m = graph.vcount()
    if m < 2:
        return 0.0
    sizes = np.asarray(graph.connected_components().sizes(), dtype=float)
    return float(1.0 - (sizes * (sizes - 1)).sum() / (m * (m - 1.0)))


def _pool(graph: ig.Graph, size: int | None) -> np.ndarray:
    """Candidate vertices: all of them, or the articulation points and the best by degree."""
    n = graph.vcount()
    if size is None or n <= size:
        return np.arange(n)
    cut = np.asarray(graph.articulation_points(), dtype=np.int64)
    degree = np.asarray(graph.degree())
    by_degree = np.argsort(-degree, kind="stable")[:size]
    return np.unique(np.r_[cut, by_degree])


def _swap_pass(
    graph: ig.Graph, candidates: np.ndarray, chosen: list[int]
) -> tuple[list[int], float, int]:
    """Replace members by non-members while fragmentation improves (best swap per position)."""
    best = fragmentation(graph, chosen)
    swaps = 0
    improved = True
    while improved and chosen:
        improved = False
        for position in range(len(chosen)):
            others = chosen[:position] + chosen[position + 1 :]
            rest = candidates[~np.isin(candidates, chosen)]
            if len(rest) == 0:
                break
            scores = np.array([fragmentation(graph, [*others, int(v)]) for v in rest])
            top = int(np.argmax(scores))
            if scores[top] > best + 1e-12:
                chosen[position] = int(rest[top])
                best = float(scores[top])
                swaps += 1
                improved = True
    return chosen, best, swaps


def kpp_neg(
    g: CooperationGraph | ig.Graph,
    k: int,
    pool: int | None = 300,
    restarts: int = 5,
    seed: int = 42,
) -> KeyPlayers:
    """The ``k`` organizations whose removal fragments the network most (greedy + swap).

    Parameters
    ----------
    g:
        The cooperation graph (its undirected view is used) or an igraph graph.
    k:
        Size of the set.
    pool:
        Consider only the articulation points and the ``pool`` highest-degree organizations
        when the network is larger than ``pool`` (``None``: everybody).
    restarts, seed:
        Besides the greedy start, run the swap passes from this many random starting sets
        (seeded) and keep the best — swaps alone can stop at a local optimum.

    Examples
    --------
    >>> import igraph as ig
    >>> star_pair = ig.Graph([(0, 1), (0, 2), (0, 3), (3, 4), (4, 5), (4, 6)])
    >>> result = kpp_neg(star_pair, 2)
    >>> sorted(result.members), round(result.score, 3)
    ([0, 4], 1.0)
    """
    graph = g if isinstance(g, ig.Graph) else g.undirected_graph
    n = graph.vcount()
    k = max(0, min(int(k), n))
    baseline = fragmentation(graph)
    candidates = _pool(graph, pool)
    degree = np.asarray(graph.degree())
    chosen: list[int] = []
    for _ in range(k):
        rest = candidates[~np.isin(candidates, chosen)]
        if len(rest) == 0:
            break
        scores = np.array([fragmentation(graph, [*chosen, int(v)]) for v in rest])
        # ties (e.g. nothing left to cut) go to the organization with the most ties
        order = np.lexsort((-degree[rest], -np.round(scores, 12)))
        chosen.append(int(rest[order[0]]))
    members, best, swaps = _swap_pass(graph, candidates, chosen)
    rng = np.random.default_rng(seed)
    for _ in range(restarts if 0 < len(members) < len(candidates) else 0):
        start = rng.choice(candidates, size=len(members), replace=False).tolist()
        other, score, done = _swap_pass(graph, candidates, [int(v) for v in start])
        swaps += done
        if score > best + 1e-12:
            members, best = other, score
    return KeyPlayers(tuple(members), best, baseline, int(len(candidates)), swaps)


def two_step_reach(g: CooperationGraph | ig.Graph) -> sp.csr_matrix:
    """Boolean n × n matrix: ``R[i, j]`` when ``j`` is ``i``, a partner of ``i`` or a partner's
    partner (the undirected view).

    Examples
    --------
    >>> import igraph as ig
    >>> two_step_reach(ig.Graph([(0, 1), (1, 2), (2, 3)])).toarray()[0].astype(int).tolist()
    [1, 1, 1, 0]
    """
    graph = g if isinstance(g, ig.Graph) else g.undirected_graph
    n = graph.vcount()
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    adj = sp.csr_matrix(
        (
            np.ones(2 * len(edges)),
            (np.r_[edges[:, 0], edges[:, 1]], np.r_[edges[:, 1], edges[:, 0]]),
        ),
        shape=(n, n),
    )
    near = (adj + sp.identity(n, format="csr")).tocsr()
    near.data[:] = 1.0
    reach = (near @ near).tocsr()
    reach.data[:] = 1.0
    return reach.astype(bool).tocsr()


def _coverage(reach: sp.csr_matrix, members: list[int]) -> int:
    if not members:
        return 0
    return int(np.asarray(reach[members].sum(axis=0)).ravel().astype(bool).sum())


def kpp_pos(
    g: CooperationGraph | ig.Graph, k: int, targets: np.ndarray | None = None
) -> KeyPlayers:
    """The ``k`` organizations that together reach most targets within two steps (greedy + swap).

    Parameters
    ----------
    g:
        The cooperation graph or an igraph graph.
    k:
        Size of the set.
    targets:
        Boolean mask of the organizations to reach; default the NGOs (:data:`NGO_SECTORS`) of a
        :class:`CooperationGraph`, everybody for a bare igraph graph.

    Examples
    --------
    >>> import igraph as ig
    >>> two_stars = ig.Graph([(0, 1), (0, 2), (0, 3), (4, 5), (4, 6)])
    >>> result = kpp_pos(two_stars, 2)
    >>> sorted(result.members), result.score
    ([0, 4], 7.0)
    """
    graph = g if isinstance(g, ig.Graph) else g.undirected_graph
    n = graph.vcount()
    if targets is None:
        targets = (
            np.ones(n, dtype=bool)
            if isinstance(g, ig.Graph)
            else np.isin(g.sector.astype(str), NGO_SECTORS)
        )
    k = max(0, min(int(k), n))
    reach = (two_step_reach(graph) @ sp.diags(np.asarray(targets, dtype=float))).tocsr()
    reach.eliminate_zeros()
    covered = np.zeros(n, dtype=bool)
    alone = np.asarray(reach.sum(axis=1)).ravel()
    chosen: list[int] = []
    for _ in range(k):
        gain = np.asarray(reach @ (~covered).astype(float)).ravel()
        # ties (e.g. every target already reached) go to the one reaching most on its own
        gain = gain * (n + 1) + alone
        gain[chosen] = -1.0
        best = int(np.argmax(gain))
        chosen.append(best)
        covered |= reach[best].toarray().ravel().astype(bool)
    best_score = _coverage(reach, chosen)
    swaps = 0
    improved = True
    while improved and chosen:
        improved = False
        for position in range(len(chosen)):
            others = chosen[:position] + chosen[position + 1 :]
            base = (
                np.asarray(reach[others].sum(axis=0)).ravel() > 0
                if others
                else np.zeros(n, dtype=bool)
            )
            score = base.sum() + np.asarray(reach @ (~base).astype(float)).ravel()
            score[chosen] = -1.0
            top = int(np.argmax(score))
            if score[top] > best_score:
                chosen[position] = top
                best_score = int(score[top])
                swaps += 1
                improved = True
    return KeyPlayers(tuple(chosen), float(best_score), 0.0, n, swaps)
