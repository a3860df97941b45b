"""Compiled selection steps of the potential-ally ranking, linear in the candidates.

* :func:`per_org_best` — which candidate pairs are among the best ``k`` of either of their two
  organizations (one pass over the pairs in rank order, a counter per organization), instead
  of sorting every (organization, rank) entry;
* :func:`top_shared` — for each suggested pair, the ``k`` shared partners that carry most of
  its partner score, found while the two sorted partner lists are merged: the shared entries
  of hubs (tens of millions at 100,000 organizations) are never listed.

Both give exactly what the sort-based formulations give (equal values: the earlier position,
the smaller column first); ``tests/unit/test_allies_pick.py`` checks them against those.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from stakeholder_graph.network.allies_kernel import _chunks, _matches, _on_threads, _scratch


@njit(cache=True, nogil=True, boundscheck=False)
def _per_org(order, lo, hi, n, k, chosen):  # pragma: no cover - compiled
    seen = np.zeros(n, dtype=np.int32)
    for r in range(len(order)):
        i = order[r]
        a, b = lo[i], hi[i]
        if seen[a] < k or seen[b] < k:
            chosen[i] = True
        seen[a] += 1
        seen[b] += 1


def per_org_best(lo: np.ndarray, hi: np.ndarray, score: np.ndarray, n: int, k: int) -> np.ndarray:
    """Mask of the pairs ``(lo[i], hi[i])`` among the ``k`` best of ``lo[i]`` or of ``hi[i]``.

    Pairs are ranked by decreasing ``score``, equal scores by position; ``lo[i] != hi[i]``.

    Examples
    --------
    >>> import numpy as np
    >>> per_org_best(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([3.0, 2.0, 1.0]), 3, 1)
    array([ True,  True, False])
    """
    chosen = np.zeros(len(score), dtype=np.bool_)
    if len(score) == 0 or k <= 0:
        return chosen
    order = np.argsort(-score, kind="stable")
    _per_org(
        order,
        np.ascontiguousarray(lo, dtype=np.int64),
        np.ascontiguousarray(hi, dtype=np.int64),
        int(n),
        int(k),
        chosen,
    )
    return chosen


@njit(cache=True, nogil=True, boundscheck=False)
def _offer(best_v, best_c, k, value, col):  # pragma: no cover - compiled
    """Insert ``(value, col)`` into the descending top list (equal values: smaller col first)."""
    p = k
    while p > 0 and (
        best_c[p - 1] < 0
        or value > best_v[p - 1]
        or (value == best_v[p - 1] and col < best_c[p - 1])
    ):
        p -= 1
    if p >= k:
        return
    for q in range(k - 1, p, -1):
        best_v[q] = best_v[q - 1]
        best_c[q] = best_c[q - 1]
    best_v[p] = value
    best_c[p] = col


@njit(cache=True, nogil=True, boundscheck=False)
def _top_shared(indptr, indices, data, weights, lo, hi, k, out):  # pragma: no cover - compiled
    best_v = np.empty(k, dtype=np.float64)
    at_lo, at_hi = _scratch(indptr)
    for i in range(len(lo)):
        best_c = out[i]
        best_c[:] = -1
        for j in range(_matches(indptr, indices, lo[i], hi[i], at_lo, at_hi)):
            x = indices[at_lo[j]]
            _offer(best_v, best_c, k, data[at_lo[j]] * data[at_hi[j]] * weights[x], x)


def top_shared(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    weights: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    k: int,
    threads: int | None = None,
) -> np.ndarray:
    """The ``k`` columns ``z`` rows ``lo[i]`` and ``hi[i]`` share with the largest
    ``data(lo, z) · data(hi, z) · weights[z]``, per pair (equal values: smaller ``z`` first).

    Returns an ``(len(lo), k)`` int64 array, ``-1`` where a pair shares fewer than ``k``
    columns. ``indices`` must be sorted within each row.

    Examples
    --------
    >>> import numpy as np
    >>> ptr, idx = np.array([0, 3, 6]), np.array([1, 3, 5, 1, 3, 5])
    >>> val, w = np.array([1.0, 2.0, 1.0, 1.0, 1.0, 1.0]), np.ones(6)
    >>> top_shared(ptr, idx, val, w, np.array([0]), np.array([1]), 2).tolist()
    [[3, 1]]
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    data = np.ascontiguousarray(data, dtype=np.float64)
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    lo = np.ascontiguousarray(lo, dtype=np.int64)
    hi = np.ascontiguousarray(hi, dtype=np.int64)
    out = np.full((len(lo), max(int(k), 1)), -1, dtype=np.int64)

    def run(a: int, b: int) -> None:
        _top_shared(indptr, indices, data, weights, lo[a:b], hi[a:b], out.shape[1], out[a:b])

    if len(lo):
        _on_threads(run, _chunks(len(lo), threads))
    return out[:, : max(int(k), 0)]
