"""Centrality of each organization: who is connected, who sits on the paths between others, who
is embedded in a dense core, and which community it belongs to.

Every function takes a :class:`~stakeholder_graph.network.graph.CooperationGraph` and returns
numpy arrays or a pandas frame aligned with its vertices. Conventions (see ``docs/metrics.md``):

* Shortest paths (betweenness, closeness, harmonic) count hops: tie weights measure how much two
  organizations cooperate, not a distance between them.
* In directed mode paths follow the ties' direction; closeness and harmonic centrality use the
  paths *into* an organization (the networkx convention; igraph ``mode="in"``).
* PageRank, eigenvector centrality and Burt's constraint use the tie weights.
* Eigenvector centrality and Leiden communities read the undirected view of the graph.

Betweenness, closeness and harmonic centrality come from :mod:`~stakeholder_graph.network.paths`:
exact up to ``exact_threshold`` organizations, estimated from random pivot sources beyond it.
"""

from __future__ import annotations

import random
import time
import warnings

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from stakeholder_graph.network.graph import CooperationGraph
from stakeholder_graph.network.paths import PathMeasures, path_measures

__all__ = [
    "PathMeasures",
    "betweenness_centralization",
    "centrality_table",
    "communities",
    "constraint",
    "coreness",
    "degree_centralization",
    "degrees",
    "eigenvector",
    "eigenvector_coverage",
    "pagerank",
    "path_measures",
]

LEIDEN_UNTIL_STABLE_MAX = 20_000
"""Leiden iterates until the partition is stable up to this many vertices, twice beyond it."""


def degrees(g: CooperationGraph) -> pd.DataFrame:
    """Degree, in/out degree and strength of every organization.

    ``degree`` is the number of distinct partners (in either direction), ``in_degree`` and
    ``out_degree`` count ties received and sent (both equal ``degree`` in undirected mode), and
    ``strength`` is the total weight of the organization's ties in the undirected view (both
    directions together, a shared activity counted once).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> degrees(graph_from_edges([(0, 1), (1, 2)]))["degree"].tolist()
    [1, 2, 1]
    """
    graph = g.graph
    e = g.undirected_edges
    u, v, w = e["u"].to_numpy(), e["v"].to_numpy(), e["weight"].to_numpy(float)
    strength = np.bincount(u, weights=w, minlength=g.n) + np.bincount(v, weights=w, minlength=g.n)
    if g.directed:
        return pd.DataFrame(
            {
                "degree": np.asarray(g.undirected_graph.degree(), dtype=np.int64),
                "in_degree": np.asarray(graph.indegree(), dtype=np.int64),
                "out_degree": np.asarray(graph.outdegree(), dtype=np.int64),
                "strength": strength,
            }
        )
    degree = np.asarray(graph.degree(), dtype=np.int64)
    return pd.DataFrame(
        {"degree": degree, "in_degree": degree, "out_degree": degree, "strength": strength}
    )


def pagerank(
    g: CooperationGraph, damping: float = 0.85, tol: float = 1e-14, max_iter: int = 10_000
) -> np.ndarray:
    r"""Weighted PageRank (Page et al. 1998), directed in directed mode.

    :math:`PR(v) = \frac{1-d}{n} + d \left(\sum_{u \to v} PR(u) \, w_{uv} / s^{out}_u +
    \frac{1}{n} \sum_{u \,\text{dangling}} PR(u)\right)`: the rank of organizations without
    outgoing ties is spread evenly over all (the networkx convention). Power iteration on the
    sparse transition matrix until the L1 change is below ``tol``.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> round(float(pagerank(graph_from_edges([(0, 1), (1, 2)])).sum()), 6)
    1.0
    """
    n = g.n
    if n == 0:
        return np.zeros(0)
    weights = g.adjacency(weighted=True, symmetric=False)
    out_strength = np.asarray(weights.sum(axis=1)).ravel()
    dangling = out_strength == 0
    inverse = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out_strength))
    transition_t = (sp.diags(inverse) @ weights).T.tocsr()
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):  # iterations, not a loop over the data
        spread = rank[dangling].sum() / n
        new = damping * (transition_t @ rank + spread) + (1.0 - damping) / n
        new /= new.sum()
        change = np.abs(new - rank).sum()
        rank = new
        if change < tol:
            break
    return rank


NEARLY_ZERO_WARNING = r"Some eigenvector centralities are nearly zero"
"""Start of igraph's warning that a graph "may not be (strongly) connected"; silenced for a
single component, where it only means that some members sit far from its core."""


def eigenvector(g: CooperationGraph) -> np.ndarray:
    """Weighted eigenvector centrality of the whole graph, scaled to a maximum of 1.

    The leading eigenvector of the weighted adjacency matrix of the undirected view (Bonacich
    1972). In a fragmented network that vector lives on the component(s) with the largest
    leading eigenvalue — the densest core, not necessarily the largest component — and is 0
    everywhere else (the limit of power iteration on the whole graph). When several components
    share that eigenvalue each is scaled to a maximum of 1. :func:`eigenvector_coverage` says
    how many organizations with ties got 0 this way; the analysis summary warns about it.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> eigenvector(graph_from_edges([(0, 1), (1, 2), (3, 4)])).round(4).tolist()
    [0.7071, 1.0, 0.7071, 0.0, 0.0]
    """
    out = np.zeros(g.n)
    graph = g.undirected_graph
    if graph.ecount() == 0:
        return out
    membership = np.asarray(graph.connected_components().membership)
    e = g.undirected_edges
    u, v = e["u"].to_numpy(np.int64), e["v"].to_numpy(np.int64)
    w = np.abs(e["weight"].to_numpy(float))
    strength = np.bincount(u, weights=w, minlength=g.n) + np.bincount(v, weights=w, minlength=g.n)
    values: dict[int, tuple[float, np.ndarray, np.ndarray]] = {}
    # a component's leading eigenvalue is at most its largest strength: try the strongest first
    best = np.zeros(membership.max() + 1)
    np.maximum.at(best, membership, strength)
    lam_max = 0.0
    for comp in np.argsort(-best, kind="stable"):  # components, stopping early: not per edge
        if best[comp] <= 0 or best[comp] < lam_max * (1 - 1e-9):
            break
        members = np.flatnonzero(membership == comp)
        sub = graph.induced_subgraph(members.tolist(), implementation="create_from_scratch")
        # ARPACK starts from igraph's random generator (Python's `random`): a fixed seed makes
        # the result reproducible to the last bit (otherwise it varies by ~1e-16 between runs)
        state = random.getstate()
        random.seed(0)
        try:
            with warnings.catch_warnings():
                # `sub` is one connected component: igraph's "may not be connected" warning
                # (raised when a star-like component has near-zero entries) is noise here
                warnings.filterwarnings(
                    "ignore", message=NEARLY_ZERO_WARNING, category=RuntimeWarning
                )
                vec, lam = sub.eigenvector_centrality(
                    scale=False, weights="weight", return_eigenvalue=True
                )
        finally:
            random.setstate(state)
        values[int(comp)] = (float(lam), members, np.abs(np.asarray(vec, dtype=float)))
        lam_max = max(lam_max, float(lam))
    for lam, members, vec in values.values():
        if lam >= lam_max * (1 - 1e-9) and vec.max() > 0:
            out[members] = vec / vec.max()
    return out


def eigenvector_coverage(g: CooperationGraph, values: np.ndarray) -> int:
    """Organizations with at least one tie whose eigenvector centrality is 0 (outside the
    leading component of a fragmented network)."""
    degree = np.asarray(g.undirected_graph.degree())
    return int(((degree > 0) & (values <= 0)).sum())


def constraint(g: CooperationGraph) -> np.ndarray:
    r"""Burt's constraint (Burt 1992) on the weighted undirected view; NaN without ties.

    :math:`c_i = \sum_{j \in N(i)} (p_{ij} + \sum_{q \ne i,j} p_{iq} p_{qj})^2` with
    :math:`p_{ij} = w_{ij} / \sum_k w_{ik}`, :math:`w` the dyad weight (both directions
    together, as in Burt's :math:`a_{ij} + a_{ji}`). The indirect term only has terms for
    common neighbours ``q`` of ``i`` and ``j``; a compiled kernel sums it per tie
    (:func:`~stakeholder_graph.network.triangle_kernel.indirect_shares`).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> constraint(graph_from_edges([(0, 1), (1, 2)])).tolist()
    [1.0, 0.5, 1.0]
    """
    from stakeholder_graph.network.triangle_kernel import indirect_shares, symmetric_csr

    n = g.n
    e = g.undirected_edges
    u = e["u"].to_numpy(np.int64)
    v = e["v"].to_numpy(np.int64)
    w = e["weight"].to_numpy(float)
    s = np.bincount(u, weights=w, minlength=n) + np.bincount(v, weights=w, minlength=n)
    indptr, heads, arc_w = symmetric_csr(u, v, n, w)
    tails = np.repeat(np.arange(n), np.diff(indptr))
    with np.errstate(invalid="ignore", divide="ignore"):
        share_out = arc_w / s[tails]  # p_ij for the arc i → j
        share_in = arc_w / s[heads]  # p_ji
    indirect = indirect_shares(indptr, heads, share_out, share_in)
    c = np.bincount(tails, weights=(share_out + indirect) ** 2, minlength=n)
    return np.where(s > 0, c, np.nan)


def coreness(g: CooperationGraph) -> np.ndarray:
    """k-core number (Batagelj & Zaversnik 2003) on the undirected view.

    The largest ``k`` such that the organization belongs to a subgraph where every member has
    at least ``k`` distinct partners; in directed mode a mutual pair counts as one partner, not
    two arcs.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> coreness(graph_from_edges([(0, 1), (1, 2), (0, 2), (2, 3)])).tolist()
    [2, 2, 2, 1]
    """
    return np.asarray(g.undirected_graph.coreness(mode="all"), dtype=np.int64)


def communities(g: CooperationGraph, seed: int = 42) -> np.ndarray:
    """Leiden communities maximising weighted modularity (Traag et al. 2019), seeded.

    Runs on the undirected view, until the partition is stable up to
    :data:`LEIDEN_UNTIL_STABLE_MAX` vertices and for two iterations beyond. Communities are numbered by
    decreasing size (0 is the largest; ties by lowest member), so labels are reproducible.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> communities(graph_from_edges([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)])).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    if g.n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = g.undirected_graph
    iterations = -1 if g.n <= LEIDEN_UNTIL_STABLE_MAX else 2
    ig.set_random_number_generator(random.Random(seed))
    try:
        labels = np.asarray(
            graph.community_leiden(
                objective_function="modularity", weights="weight", n_iterations=iterations
            ).membership,
            dtype=np.int64,
        )
    finally:
        ig.set_random_number_generator(random)
    sizes = np.bincount(labels)
    first = np.full(len(sizes), g.n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(g.n))
    order = np.lexsort((first, -sizes))
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    return relabel[labels]


def centralization(values: np.ndarray, maximum_sum: float) -> float:
    r"""Freeman centralization :math:`\sum_i (\max_j x_j - x_i) / M`.

    ``M`` is the largest possible value of the numerator (reached by a star) for the measure.
    """
    if len(values) == 0 or maximum_sum <= 0:
        return 0.0
    values = np.asarray(values, dtype=float)
    return float((values.max() - values).sum() / maximum_sum)


def degree_centralization(degree: np.ndarray) -> float:
    """Freeman degree centralization, over distinct partners: star = 1, ring = 0."""
    n = len(degree)
    return centralization(degree, (n - 1) * (n - 2))


def betweenness_centralization(betweenness_norm: np.ndarray) -> float:
    """Freeman betweenness centralization from normalised betweenness: star = 1."""
    return centralization(betweenness_norm, len(betweenness_norm) - 1)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    own = time.process_time()
    try:
        import resource
    except ImportError:  # not on POSIX: workers are not counted
        return own
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + done.ru_utime + done.ru_stime


def centrality_table(
    g: CooperationGraph,
    exact_threshold: int = 20_000,
    pivots: int | None = None,
    seed: int = 42,
    processes: int | None = None,
    timings: dict[str, float] | None = None,
    cpu_timings: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, PathMeasures]:
    """The ``centrality`` table: one row per organization, every measure of this module.

    Columns: id, name, sector, degree, in_degree, out_degree, strength, betweenness,
    betweenness_norm, closeness, harmonic, pagerank, eigenvector, constraint, coreness,
    community. ``timings`` and ``cpu_timings`` (when given) receive the wall-clock and CPU
    seconds (this process and its finished workers) spent per measure.
    """
    spent = timings if timings is not None else {}
    cpu = cpu_timings if cpu_timings is not None else {}

    def clock(name: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
        start, start_cpu = time.perf_counter(), cpu_seconds()
        result = func(*args, **kwargs)
        spent[name] = round(time.perf_counter() - start, 4)
        cpu[name] = round(cpu_seconds() - start_cpu, 4)
        return result

    table = pd.DataFrame({"id": g.ids, "name": g.names, "sector": g.sector})
    table = pd.concat([table, clock("degree", degrees, g)], axis=1)
    paths = clock("paths", path_measures, g, exact_threshold, pivots, seed, processes)
    table["betweenness"] = paths.betweenness
    table["betweenness_norm"] = paths.betweenness_norm
    table["closeness"] = paths.closeness
    table["harmonic"] = paths.harmonic
    table["pagerank"] = clock("pagerank", pagerank, g)
    table["eigenvector"] = clock("eigenvector", eigenvector, g)
    table["constraint"] = clock("constraint", constraint, g)
    table["coreness"] = clock("coreness", coreness, g)
    table["community"] = clock("communities", communities, g, seed)
    return table, paths
