"""Shortest-path measures: Freeman betweenness, closeness and harmonic centrality.

All three come from the same single-source breadth-first searches (Brandes 2001), run by the
compiled kernel of :mod:`~stakeholder_graph.network.brandes_kernel` over the graph's CSR arrays,
with the sources spread over threads. Exact (every vertex a source) up to a size threshold;
beyond it, sources are drawn at random (Brandes & Pich 2007) in batches until the estimated
error of the most central organizations is small enough (see :func:`path_measures`). Paths count
hops; in directed mode they follow the ties, and closeness / harmonic centrality use the paths
*into* an organization (the networkx convention, igraph ``mode="in"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from stakeholder_graph.network import brandes_kernel
from stakeholder_graph.network.graph import CooperationGraph

PARALLEL_MIN_VERTICES = 2000
"""Spread the searches over threads only above this many organizations."""

REORDER_MIN_VERTICES = 2000
"""Renumber the vertices for locality (:func:`locality_order`) above this many organizations."""

ERROR_TARGET = 0.23
"""Adaptive sampling stops when the top 1 % are estimated within ±23 % (95 % confidence).

Chosen on generated networks against exact runs (``benchmarks/bench_core.py``): at 10k
organizations it stops at 512 sources, where the (linearly scaled) sampled betweenness has
Spearman ρ ≈ 0.98 and finds ≈ 95 % of the exact top 1 %; at 50k at 1,536 sources, ρ ≈ 0.985
and ≈ 91 %."""

MIN_PIVOTS = 256
"""Adaptive sampling draws at least this many sources, in batches of this size."""

MAX_PIVOTS = 1536
"""Adaptive sampling draws at most this many sources (the time budget: about 12 s at 100k
organizations and a million ties on two idle cores, where the top 1 % are then estimated within
about ±26 %)."""

_Z95 = 1.959964


@dataclass(frozen=True)
class PathMeasures:
    """Betweenness, closeness and harmonic centrality and how they were obtained.

    Attributes
    ----------
    betweenness:
        Freeman betweenness, raw (pair counts), one value per vertex.
    betweenness_norm:
        Betweenness divided by the number of pairs it could lie between:
        ``(n-1)(n-2)/2`` undirected, ``(n-1)(n-2)`` directed; clipped to [0, 1] when sampled.
    closeness:
        Wasserman–Faust closeness ``(r/(n-1))·(r/Σd)`` over the ``r`` vertices that reach the
        vertex (0 when none does).
    harmonic:
        Mean inverse distance from the ``n - 1`` others (unreachable ones count 0).
    exact:
        Whether every vertex was a source (``False``: sampled).
    pivots:
        Number of sources used (``n`` when exact).
    processes:
        Number of threads the searches ran in.
    error:
        When sampled, the estimated error (see :func:`sampling_error`); empty when exact.
    """

    betweenness: np.ndarray
    betweenness_norm: np.ndarray
    closeness: np.ndarray
    harmonic: np.ndarray
    exact: bool
    pivots: int
    processes: int
    error: dict[str, Any] = field(default_factory=dict)


def csr_arrays(g: CooperationGraph) -> tuple[np.ndarray, np.ndarray]:
    """Out-neighbour CSR arrays (``indptr``, ``indices``, int32) of the tie graph.

    Undirected ties appear in both rows. Built from the sorted edge table with one stable sort.
    """
    u = g.edges["u"].to_numpy(np.int32)
    v = g.edges["v"].to_numpy(np.int32)
    if not g.directed:
        u, v = np.concatenate([u, v]), np.concatenate([v, u])
    order = np.argsort(u, kind="stable")
    counts = np.bincount(u, minlength=g.n)
    indptr = np.zeros(g.n + 1, dtype=np.int32)
    np.cumsum(counts, out=indptr[1:])
    return indptr, v[order]


def locality_order(
    indptr: np.ndarray, indices: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CSR arrays renumbered by reverse Cuthill–McKee, and each old vertex's new number.

    Neighbouring vertices get nearby numbers (Cuthill & McKee 1969; scipy's
    ``reverse_cuthill_mckee`` on the symmetrised pattern), so a breadth-first search touches
    nearby entries of its per-vertex arrays: on a million ties the searches run about a quarter
    faster. Returns ``(indptr, indices, rank)``: vertex ``v`` of the input is vertex ``rank[v]``
    of the output; results indexed by the new numbers are read back with ``values[rank]``.

    Examples
    --------
    >>> ptr = np.array([0, 1, 3, 4], dtype=np.int32)
    >>> idx = np.array([1, 0, 2, 1], dtype=np.int32)
    >>> new_ptr, new_idx, rank = locality_order(ptr, idx)
    >>> sorted(rank.tolist()), int(new_ptr[-1])
    ([0, 1, 2], 4)
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    n = len(indptr) - 1
    pattern = sp.csr_matrix(
        (np.ones(len(indices), dtype=np.int8), indices, indptr), shape=(n, n), copy=False
    )
    perm = reverse_cuthill_mckee(pattern, symmetric_mode=True).astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[perm] = np.arange(n)
    counts = np.diff(indptr)[perm].astype(np.int64)
    new_indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(counts, out=new_indptr[1:])
    # position in the old indices of every entry of the new rows, row by row
    old = np.repeat(indptr[perm].astype(np.int64) - new_indptr[:-1], counts)
    old += np.arange(len(indices), dtype=np.int64)
    return new_indptr, rank[indices[old]].astype(np.int32), rank


def sampling_error(
    estimate: np.ndarray, between_sq: np.ndarray, k: int, n: int, pairs: float, scale: float
) -> dict[str, Any]:
    """Estimated error of pivot-sampled betweenness from the per-source dependencies.

    With ``k`` of ``n`` sources drawn without replacement, the estimate of a vertex's
    betweenness is ``scale·(n/k)·Σ_s δ_s(v)``; its standard error is
    ``scale·n·sqrt(S²/k·(1 − k/n))`` with ``S²`` the sample variance of ``δ_s(v)`` (a normal
    approximation; the finite-population factor makes it 0 when every vertex is a source).

    Returns ``top1_relative_halfwidth`` (the 95 % half-width divided by the estimate, median over
    the top 1 % of vertices, at least 10), ``top1_worst_relative_halfwidth`` (their largest) and
    ``max_norm_halfwidth`` (the largest 95 % half-width of ``betweenness_norm``).
    """
    if k < 2 or n == 0:
        return {"top1_relative_halfwidth": float("inf"), "top1_worst_relative_halfwidth": None}
    total = estimate * k / (n * scale)  # Σ_s δ_s(v)
    variance = np.maximum(between_sq - total**2 / k, 0.0) / (k - 1)
    se = scale * n * np.sqrt(variance / k * max(0.0, 1.0 - k / n))
    half = _Z95 * se
    top = np.argsort(-estimate, kind="stable")[: max(10, n // 100)]
    top = top[estimate[top] > 0]
    relative = half[top] / estimate[top] if len(top) else np.zeros(0)
    return {
        "confidence": 0.95,
        "top1_relative_halfwidth": float(np.median(relative)) if len(top) else 0.0,
        "top1_worst_relative_halfwidth": float(relative.max()) if len(top) else 0.0,
        "max_norm_halfwidth": float(half.max() / pairs) if pairs > 0 else 0.0,
    }


def path_measures(
    g: CooperationGraph,
    exact_threshold: int = 20_000,
    pivots: int | None = None,
    seed: int = 42,
    processes: int | None = None,
    closeness: bool = True,
    error_target: float = ERROR_TARGET,
) -> PathMeasures:
    r"""Freeman betweenness, closeness and harmonic centrality, exact or sampled, in one pass.

    Betweenness of ``v`` is :math:`\sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, the
    share of shortest ``s``–``t`` paths through ``v`` summed over pairs: each unordered pair once
    in undirected mode, each ordered pair once in directed mode (Freeman 1977; Brandes 2001).
    Closeness is Wasserman & Faust's (1994) :math:`\frac{r_v}{n-1} \cdot \frac{r_v}{\sum_u
    d(u, v)}` over the :math:`r_v` vertices that reach ``v`` (networkx ``wf_improved=True``; 0
    when none does); harmonic centrality is :math:`\frac{1}{n-1} \sum_{u \ne v} 1 / d(u, v)`
    (Marchiori & Latora 2000).

    With more than ``exact_threshold`` vertices, sources are drawn at random (seeded) and
    betweenness is scaled by ``n / k`` (Brandes & Pich 2007); closeness and harmonic centrality
    are estimated from the distances from the same ``k`` sources. ``pivots`` fixes ``k``; by
    default (``None``) sources are drawn in batches of :data:`MIN_PIVOTS` until the median 95 %
    relative half-width of the top 1 % (:func:`sampling_error`) is at most ``error_target``, or
    :data:`MAX_PIVOTS` are used. The estimated error is returned in ``error``.

    Parameters
    ----------
    g:
        The cooperation graph.
    exact_threshold:
        Largest number of vertices computed exactly.
    pivots:
        Number of sampled sources beyond the threshold (``None``: adaptive).
    seed:
        Seed of the source draw.
    processes:
        Threads (default: every core this process may use, only above
        :data:`PARALLEL_MIN_VERTICES` vertices; never more than the cores).
    closeness:
        Also return closeness and harmonic centrality (``False``: those are NaN).
    error_target:
        Relative error at which adaptive sampling stops.

    Returns
    -------
    PathMeasures

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> path_measures(graph_from_edges([(0, 1), (1, 2)])).betweenness.tolist()
    [0.0, 1.0, 0.0]
    """
    n = g.n
    threads = brandes_kernel.thread_count(processes) if n > PARALLEL_MIN_VERTICES else 1
    indptr, indices = csr_arrays(g)
    rank = None
    if n > REORDER_MIN_VERTICES:
        indptr, indices, rank = locality_order(indptr, indices)
    half = 1.0 if g.directed else 0.5
    pairs = (n - 1) * (n - 2) * half
    exact = n <= exact_threshold or (pivots is not None and pivots >= n)
    if exact:
        order = np.arange(n, dtype=np.int32)
        batches = [order]
    else:
        order = np.random.default_rng(seed).permutation(n).astype(np.int32)
        size = pivots if pivots is not None else MIN_PIVOTS
        batches = [order[s : s + size] for s in range(0, min(n, pivots or MAX_PIVOTS), size)]
    between = np.zeros(n)
    between_sq = np.zeros(n)
    reach = np.zeros(n)
    dist_sum = np.zeros(n)
    inverse_sum = np.zeros(n)
    used = 0
    error: dict[str, Any] = {}
    # sampled undirected: linear scaling (Geisberger, Sanders & Schultes 2008), whose sum over
    # every source is betweenness itself; its estimate ranks the most central far better
    linear = not exact and not g.directed
    scale = 1.0 if linear else half
    for batch in batches:
        parts = brandes_kernel.searches(
            indptr,
            indices,
            batch if rank is None else rank[batch],
            threads,
            squares=not exact,
            linear=linear,
        )
        if rank is not None:
            parts = tuple(part[rank] if len(part) else part for part in parts)
        between += parts[0]
        if not exact:
            between_sq += parts[1]
        reach += parts[2]
        dist_sum += parts[3]
        inverse_sum += parts[4]
        used += len(batch)
        if not exact:
            estimate = between * (n / used) * scale
            error = sampling_error(estimate, between_sq, used, n, pairs, scale)
            if pivots is None and error["top1_relative_halfwidth"] <= error_target:
                break
    sources = order[:used]
    if exact:
        between *= half
        others = np.full(n, n - 1.0)
    else:
        between *= (n / used) * scale
        # a source never reaches itself: each vertex is averaged over the other sources
        in_sample = np.zeros(n)
        in_sample[sources] = 1.0
        others = used - in_sample
    if closeness:
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(others > 0, reach / np.maximum(others, 1.0), 0.0)
            close = np.where(dist_sum > 0, share * reach / np.where(dist_sum > 0, dist_sum, 1), 0)
            harmonic = np.where(others > 0, inverse_sum / np.maximum(others, 1.0), 0.0)
    else:
        close = harmonic = np.full(n, np.nan)
    between_norm = between / pairs if pairs > 0 else np.zeros(n)
    if not exact:
        between_norm = np.clip(between_norm, 0.0, 1.0)
        error = {"criterion": "pivots" if pivots is not None else "adaptive", **error}
        if pivots is None:
            error["target"] = error_target
    return PathMeasures(
        betweenness=between,
        betweenness_norm=between_norm,
        closeness=close.astype(float),
        harmonic=harmonic.astype(float),
        exact=bool(exact),
        pivots=int(used),
        processes=threads,
        error=error,
    )
