"""Compiled intersection of sparse rows: which columns two rows of a CSR matrix share.

Used by :mod:`~stakeholder_graph.network.allies` to find the themes and partners each candidate
pair shares. Each pair's two sorted index lists are merged (or, when one is far longer, the
shorter one's entries are binary-searched in it), so the work is about
``Σ min(nnz(a), nnz(b))·log`` and never ``n²``. Compiled on first use and cached on disk.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_GALLOP = 8
"""Binary-search the shorter row when the longer one has this many times more entries."""


@njit(cache=True, nogil=True, boundscheck=False)
def _lower_bound(indices, start, stop, x):  # pragma: no cover - compiled
    """First position in ``indices[start:stop]`` (sorted) whose value is not below ``x``."""
    while start < stop:
        mid = (start + stop) >> 1
        if indices[mid] < x:
            start = mid + 1
        else:
            stop = mid
    return start


@njit(cache=True, nogil=True, boundscheck=False)
def _matches(indptr, indices, lo, hi, at_lo, at_hi):  # pragma: no cover - compiled
    """Positions (in ``indices``) of the columns rows ``lo`` and ``hi`` share, in column order,
    written to ``at_lo`` / ``at_hi`` (at least the shorter row's length); returns how many."""
    a0, a1 = indptr[lo], indptr[lo + 1]
    b0, b1 = indptr[hi], indptr[hi + 1]
    swapped = a1 - a0 > b1 - b0
    if swapped:
        a0, a1, b0, b1 = b0, b1, a0, a1
    found = 0
    if (a1 - a0) * _GALLOP < b1 - b0:
        for p in range(a0, a1):
            left = _lower_bound(indices, b0, b1, indices[p])
            if left < b1 and indices[left] == indices[p]:
                at_lo[found], at_hi[found] = (left, p) if swapped else (p, left)
                found += 1
                b0 = left + 1
    else:
        while a0 < a1 and b0 < b1:
            x = indices[a0]
            y = indices[b0]
            if x == y:
                at_lo[found], at_hi[found] = (b0, a0) if swapped else (a0, b0)
                found += 1
                a0 += 1
                b0 += 1
            elif x < y:
                a0 += 1
            else:
                b0 += 1
    return found


@njit(cache=True, nogil=True, boundscheck=False)
def _scratch(indptr):  # pragma: no cover - compiled
    """Two buffers as long as the longest row: room for any pair's shared positions."""
    widest = 0
    for r in range(len(indptr) - 1):
        widest = max(widest, indptr[r + 1] - indptr[r])
    return np.empty(widest, dtype=np.int64), np.empty(widest, dtype=np.int64)


@njit(cache=True, nogil=True, boundscheck=False)
def _shared(indptr, indices, lo, hi, fill, pair_out, lo_out, hi_out, base):  # pragma: no cover
    at_lo, at_hi = _scratch(indptr)
    found = 0
    for i in range(len(lo)):
        k = _matches(indptr, indices, lo[i], hi[i], at_lo, at_hi)
        if fill:
            for j in range(k):
                pair_out[found + j] = base + i
                lo_out[found + j] = at_lo[j]
                hi_out[found + j] = at_hi[j]
        found += k
    return found


@njit(cache=True, nogil=True, boundscheck=False)
def _shared_sums(indptr, indices, data, weights, lo, hi, sums, counts):  # pragma: no cover
    at_lo, at_hi = _scratch(indptr)
    for i in range(len(lo)):
        k = _matches(indptr, indices, lo[i], hi[i], at_lo, at_hi)
        total = 0.0
        for j in range(k):
            total += data[at_lo[j]] * data[at_hi[j]] * weights[indices[at_lo[j]]]
        sums[i] = total
        counts[i] = k


def _chunks(m: int, threads: int | None) -> list[tuple[int, int]]:
    """Contiguous ranges of ``m`` pairs, one per thread (a single one for few pairs)."""
    workers = available_cores() if threads is None else max(1, threads)
    workers = min(workers, max(1, m // 50_000))
    bounds = np.linspace(0, m, workers + 1).astype(np.int64)
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _on_threads(task, ranges: list[tuple[int, int]]) -> list:
    if len(ranges) == 1:
        return [task(*ranges[0])]
    with ThreadPoolExecutor(len(ranges)) as pool:  # the kernels release the GIL
        return list(pool.map(lambda r: task(*r), ranges))


def shared_entries(
    indptr: np.ndarray,
    indices: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    threads: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries rows ``lo[i]`` and ``hi[i]`` share, as ``(i, position in lo, position in hi)``.

    Positions index ``indices`` (and the matrix's ``data``), so ``indices[pos_lo]`` is the shared
    column and ``data[pos_lo]``, ``data[pos_hi]`` the two rows' values there. Ordered by pair,
    then by column. ``indices`` must be sorted within each row. Large inputs are split over
    ``threads`` threads (default: the cores this process may use).

    Examples
    --------
    >>> import numpy as np
    >>> ptr, idx = np.array([0, 2, 4]), np.array([1, 3, 3, 5])
    >>> [a.tolist() for a in shared_entries(ptr, idx, np.array([0]), np.array([1]))]
    [[0], [1], [2]]
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    lo = np.ascontiguousarray(lo, dtype=np.int64)
    hi = np.ascontiguousarray(hi, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    ranges = _chunks(len(lo), threads)

    def count(a: int, b: int) -> int:
        return _shared(indptr, indices, lo[a:b], hi[a:b], False, empty, empty, empty, 0)

    sizes = _on_threads(count, ranges)
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    total = int(offsets[-1])
    pairs = np.empty(total, dtype=np.int64)
    pos_lo = np.empty(total, dtype=np.int64)
    pos_hi = np.empty(total, dtype=np.int64)

    def fill(k: int) -> int:
        (a, b), s, e = ranges[k], offsets[k], offsets[k + 1]
        return _shared(
            indptr, indices, lo[a:b], hi[a:b], True, pairs[s:e], pos_lo[s:e], pos_hi[s:e], a
        )

    _on_threads(lambda k, _unused: fill(k), [(k, 0) for k in range(len(ranges))])
    return pairs, pos_lo, pos_hi


def shared_weighted_sums(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    weights: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    threads: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``Σ_z data(lo, z) · data(hi, z) · weights[z]`` over the columns ``z`` rows ``lo[i]`` and
    ``hi[i]`` share, and how many they share, per pair — without listing the shared entries.

    The same sums, to the last bit, as accumulating the products of :func:`shared_entries`
    pair by pair in column order (``np.bincount``): a million pairs of hubs share tens of
    millions of partners, which then never exist as arrays.

    Examples
    --------
    >>> import numpy as np
    >>> ptr, idx = np.array([0, 2, 4]), np.array([1, 3, 3, 5])
    >>> val, w = np.array([1.0, 2.0, 3.0, 4.0]), np.ones(6)
    >>> sums, counts = shared_weighted_sums(ptr, idx, val, w, np.array([0]), np.array([1]))
    >>> sums.tolist(), counts.tolist()
    ([6.0], [1])
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    data = np.ascontiguousarray(data, dtype=np.float64)
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    lo = np.ascontiguousarray(lo, dtype=np.int64)
    hi = np.ascontiguousarray(hi, dtype=np.int64)
    sums = np.zeros(len(lo), dtype=np.float64)
    counts = np.zeros(len(lo), dtype=np.int64)

    def run(a: int, b: int) -> None:
        _shared_sums(indptr, indices, data, weights, lo[a:b], hi[a:b], sums[a:b], counts[a:b])

    _on_threads(run, _chunks(len(lo), threads))
    return sums, counts


def shared_columns(
    indptr: np.ndarray, indices: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The columns rows ``lo[i]`` and ``hi[i]`` share, as ``(i, column)`` arrays.

    Ordered by pair, then by column. ``indices`` must be sorted within each row.

    Examples
    --------
    >>> import numpy as np
    >>> ptr, idx = np.array([0, 2, 4]), np.array([1, 3, 3, 5])
    >>> [a.tolist() for a in shared_columns(ptr, idx, np.array([0]), np.array([1]))]
    [[0], [3]]
    """
    pairs, pos_lo, _ = shared_entries(indptr, indices, lo, hi)
    return pairs, np.asarray(indices, dtype=np.int64)[pos_lo]
