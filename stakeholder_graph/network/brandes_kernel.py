"""Compiled single-source shortest-path kernel: betweenness dependencies and distance sums.

One breadth-first search per source (Brandes 2001) yields, at once,

* the dependency ``δ_s(v)`` of the source on every vertex, accumulated backwards over the arcs
  of the shortest-path DAG in reverse discovery order, summed into betweenness, and
  ``Σ_s δ_s(v)²`` when a variance is wanted. The DAG arcs leaving each vertex are recorded
  contiguously during the search (one int32 head per arc, one flat array per thread, reused for
  every source), so the backward pass *pulls* ``(1 + δ(w)) / σ(w)`` from each vertex's
  successors: no arc tails stored, no scattered writes;
* for every reached vertex ``v`` the distance ``d(s, v)``: how many sources reach it, the sum of
  their distances and of their inverse distances — the inputs of closeness and harmonic
  centrality *into* ``v``.

The graph is a CSR structure of out-neighbours (``indptr``, ``indices``, int32; both directions
when undirected). Sources are spread over ``threads`` numba
threads (``prange``), each owning its work arrays and one row of the accumulators, so there is
no second copy of the graph and no locking; the rows are summed at the end. Compiled on first
use and cached on disk (``cache=True``).

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. *J. Math. Sociology* 25(2).
"""

from __future__ import annotations

import threading

import numba
import numpy as np
from numba import njit, prange

_LOCK = threading.Lock()
"""numba's default threading layer runs one parallel region at a time per process."""


@njit(cache=True, parallel=True, nogil=True, boundscheck=False)
def _searches(indptr, indices, sources, threads, squares):  # pragma: no cover
    n = len(indptr) - 1
    between = np.zeros((threads, n))
    between_sq = np.zeros((threads, n if squares else 0))
    reach = np.zeros((threads, n), dtype=np.int64)
    dist_sum = np.zeros((threads, n), dtype=np.int64)
    inverse_sum = np.zeros((threads, n))
    for t in prange(threads):
        dist = np.full(n, -1, dtype=np.int32)
        sigma = np.zeros(n)
        # (1 + δ(w)) / σ(w) once w's dependency is final
        coef = np.zeros(n)
        order = np.empty(n, dtype=np.int32)
        # the DAG arcs leaving the j-th vertex in BFS order are heads[first[j]:first[j + 1]]
        heads = np.empty(len(indices), dtype=np.int32)
        first = np.empty(n + 1, dtype=np.int32)
        my_between = between[t]
        my_reach = reach[t]
        my_dist = dist_sum[t]
        my_inverse = inverse_sum[t]
        for i in range(t, len(sources), threads):
            s = sources[i]
            dist[s] = 0
            sigma[s] = 1.0
            order[0] = s
            head, tail, arcs = 0, 1, 0
            while head < tail:
                v = order[head]
                first[head] = arcs
                head += 1
                dv = dist[v] + 1
                sv = sigma[v]
                for p in range(indptr[v], indptr[v + 1]):
                    w = indices[p]
                    dw = dist[w]
                    if dw < 0:
                        dist[w] = dv
                        sigma[w] = sv
                        order[tail] = w
                        tail += 1
                        my_reach[w] += 1
                        my_dist[w] += dv
                        my_inverse[w] += 1.0 / dv
                        heads[arcs] = w
                        arcs += 1
                    elif dw == dv:
                        sigma[w] += sv
                        heads[arcs] = w
                        arcs += 1
            first[tail] = arcs
            # δ(v) = σ(v) · Σ_{w: v → w in the DAG} (1 + δ(w)) / σ(w), in reverse BFS order
            for j in range(tail - 1, 0, -1):
                v = order[j]
                acc = 0.0
                for k in range(first[j], first[j + 1]):
                    acc += coef[heads[k]]
                d = sigma[v] * acc
                my_between[v] += d
                if squares:
                    between_sq[t, v] += d * d
                coef[v] = (1.0 + d) / sigma[v]
            for j in range(tail):
                w = order[j]
                dist[w] = -1
                sigma[w] = 0.0
                coef[w] = 0.0
    return (
        between.sum(axis=0),
        between_sq.sum(axis=0),
        reach.sum(axis=0),
        dist_sum.sum(axis=0),
        inverse_sum.sum(axis=0),
    )


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def thread_count(requested: int | None) -> int:
    """Threads to use: ``requested`` (default: every available core), never more than the cores
    this process may use, nor than numba was started with (``NUMBA_NUM_THREADS``)."""
    limit = min(available_cores(), numba.config.NUMBA_NUM_THREADS)
    if requested is None:
        return limit
    return max(1, min(int(requested), limit))


def searches(
    indptr: np.ndarray,
    indices: np.ndarray,
    sources: np.ndarray,
    threads: int,
    squares: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run one breadth-first search from each of ``sources`` and accumulate.

    Returns ``(dependency sum, dependency² sum, sources reaching v, Σ d(s, v), Σ 1/d(s, v))``,
    each of length n (the second empty unless ``squares``). The dependency sum counts each
    ordered (source, target) pair: halve it for undirected betweenness.

    Examples
    --------
    >>> import numpy as np
    >>> ptr = np.array([0, 1, 3, 4], dtype=np.int32)
    >>> idx = np.array([1, 0, 2, 1], dtype=np.int32)
    >>> out = searches(ptr, idx, np.arange(3, dtype=np.int32), 1)
    >>> out[0].tolist(), out[3].tolist()
    ([0.0, 2.0, 0.0], [3, 2, 3])
    """
    threads = max(1, min(threads, len(sources))) if len(sources) else 1
    with _LOCK:
        previous = numba.get_num_threads()
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
        try:
            return _searches(indptr, indices, sources.astype(np.int32), threads, squares)
        finally:
            numba.set_num_threads(previous)
