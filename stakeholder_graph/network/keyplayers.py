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
greedy set reaches at least ``1 − 1/e`` of the optimum (coverage is submodular). KPP-Neg
scores every organization at each step in one pass over the block-cut tree
(:func:`removal_scores`), so a step costs O(n + m), not one component search per candidate.

References
----------
Borgatti, S. P. (2006). Identifying sets of key players in a social network. *Computational and
Mathematical Organization Theory* 12(1), 21–34.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import igraph as ig
import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph

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


def removal_scores(graph: ig.Graph, removed: list[int] | tuple[int, ...] = ()) -> np.ndarray:
    """Fragmentation after removing ``removed`` plus each other vertex, for all vertices at once.

    ``out[v] = fragmentation(graph, removed + [v])`` (``nan`` for members of ``removed``), in
    one pass over the block-cut tree of the graph left (Hopcroft–Tarjan biconnected components):
    removing a vertex that is no articulation point shrinks its component by one; removing an
    articulation point splits its component into the pieces hanging off it in the tree.

    Examples
    --------
    >>> import igraph as ig
    >>> path = ig.Graph([(0, 1), (1, 2), (2, 3), (3, 4)])
    >>> [round(float(x), 4) for x in removal_scores(path)]
    [0.0, 0.5, 0.6667, 0.5, 0.0]
    """
    n_all = graph.vcount()
    out = np.full(n_all, np.nan)
    keep = np.setdiff1d(np.arange(n_all), np.asarray(removed, dtype=np.int64))
    h = graph.induced_subgraph(keep.tolist(), implementation="create_from_scratch")
    m = h.vcount()
    if m == 0:
        return out
    left = m - 1
    if left < 2:
        out[keep] = 0.0
        return out
    membership = np.asarray(h.connected_components().membership, dtype=np.int64)
    sizes = np.bincount(membership).astype(float)
    total = float((sizes * (sizes - 1)).sum())
    own = sizes[membership]
    pieces = (own - 1) * (own - 2)  # not an articulation point: its component loses one
    blocks, cut = h.biconnected_components(return_articulation_points=True)
    cut = np.asarray(cut, dtype=np.int64)
    if len(cut):
        pieces[cut] = _cut_pieces(h, blocks, cut, sizes[membership[cut]])
    out[keep] = 1.0 - (total - own * (own - 1) + pieces) / (left * (left - 1.0))
    return out


def _cut_pieces(
    h: ig.Graph, blocks: ig.VertexCover, cut: np.ndarray, comp_size: np.ndarray
) -> np.ndarray:
    """Σ p(p − 1) over the pieces each articulation point's removal leaves of its component."""
    members = [np.asarray(b, dtype=np.int64) for b in blocks]
    n_blocks, n_cut = len(members), len(cut)
    block_of = np.repeat(np.arange(n_blocks), [len(b) for b in members])
    vertex = np.concatenate(members)
    cut_index = np.full(h.vcount(), -1, dtype=np.int64)
    cut_index[cut] = np.arange(n_cut)
    is_cut = cut_index[vertex] >= 0
    # block-cut tree: blocks 0..B-1, articulation points B..B+A-1, a super-root B+A
    root = n_blocks + n_cut
    weight = np.r_[np.bincount(block_of[~is_cut], minlength=n_blocks), np.ones(n_cut), 0.0]
    a = block_of[is_cut]
    b = n_blocks + cut_index[vertex[is_cut]]
    tree = sp.csr_matrix((np.ones(len(a)), (a, b)), shape=(root + 1, root + 1))
    tree = (tree + tree.T).tocsr()
    _, labels = csgraph.connected_components(tree[:root, :root], directed=False)
    first = np.unique(labels, return_index=True)[1]  # one node per tree
    link = sp.csr_matrix(
        (np.ones(len(first)), (np.full(len(first), root), first)), shape=(root + 1, root + 1)
    )
    tree = (tree + link + link.T).tocsr()
    order, parent = csgraph.breadth_first_order(tree, root, directed=False)
    depth = np.zeros(root + 1, dtype=np.int64)
    for node in order[1:]:  # one step per tree node (blocks and cut points), parents first
        depth[node] = depth[parent[node]] + 1
    subtree = weight.astype(float)
    for level in range(int(depth.max()), 0, -1):
        at = np.flatnonzero(depth == level)
        np.add.at(subtree, parent[at], subtree[at])
    child = np.flatnonzero(
        (np.arange(root + 1) < n_blocks) & (parent >= n_blocks) & (parent < root)
    )
    owner = parent[child] - n_blocks
    below = subtree[child]
    squares = np.zeros(n_cut)
    hanging = np.zeros(n_cut)
    np.add.at(squares, owner, below * (below - 1))
    np.add.at(hanging, owner, below)
    rest = comp_size - 1 - hanging
    return squares + rest * (rest - 1)


def _swap_pass(
    chosen: list[int], best: float, score_with: Callable[[list[int]], np.ndarray]
) -> tuple[list[int], float, int]:
    """Replace members by non-members while the objective improves (best swap per position).

    ``score_with(others)[v]`` is the objective of the set ``others + [v]``; ``nan`` marks
    organizations that cannot join. Shared by KPP-Neg and KPP-Pos.
    """
    swaps = 0
    improved = True
    while improved and chosen:
        improved = False
        for position in range(len(chosen)):
            others = chosen[:position] + chosen[position + 1 :]
            scores = np.asarray(score_with(others), dtype=float)
            scores[chosen] = np.nan
            if np.all(np.isnan(scores)):
                break
            top = int(np.nanargmax(scores))
            if scores[top] > best + 1e-12:
                chosen[position] = top
                best = float(scores[top])
                swaps += 1
                improved = True
    return chosen, best, swaps


def kpp_neg(
    g: CooperationGraph | ig.Graph, k: int, restarts: int = 5, seed: int = 42
) -> KeyPlayers:
    """The ``k`` organizations whose removal fragments the network most (greedy + swap).

    Every step scores all organizations at once (:func:`removal_scores`).

    Parameters
    ----------
    g:
        The cooperation graph (its undirected view is used) or an igraph graph.
    k:
        Size of the set.
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
    degree = np.asarray(graph.degree())
    chosen: list[int] = []
    for _ in range(k):
        scores = np.nan_to_num(removal_scores(graph, chosen), nan=-np.inf)
        # ties (e.g. nothing left to cut) go to the organization with the most ties
        order = np.lexsort((-degree, -np.round(scores, 12)))
        chosen.append(int(order[0]))

    def score_with(others: list[int]) -> np.ndarray:
        return removal_scores(graph, others)

    members, best, swaps = _swap_pass(chosen, fragmentation(graph, chosen), score_with)
    rng = np.random.default_rng(seed)
    for _ in range(restarts if 0 < len(members) < n else 0):
        start = rng.choice(n, size=len(members), replace=False).tolist()
        start_set = [int(v) for v in start]
        other, score, done = _swap_pass(start_set, fragmentation(graph, start_set), score_with)
        swaps += done
        if score > best + 1e-12:
            members, best = other, score
    return KeyPlayers(tuple(members), best, baseline, n, swaps)


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

    def score_with(others: list[int]) -> np.ndarray:
        base = np.asarray(reach[others].sum(axis=0)).ravel() > 0 if others else np.zeros(n, bool)
        return base.sum() + np.asarray(reach @ (~base).astype(float)).ravel()

    chosen, best_score, swaps = _swap_pass(chosen, float(_coverage(reach, chosen)), score_with)
    return KeyPlayers(tuple(chosen), float(best_score), 0.0, n, swaps)
