"""Compiled intersection of sparse rows: which columns two rows of a CSR matrix share.

Used by :mod:`~stakeholder_graph.network.allies` to find the themes and partners each candidate
pair shares. Each pair's two sorted index lists are merged (or, when one is far longer, the
shorter one's entries are binary-searched in it), so the work is about
``Σ min(nnz(a), nnz(b))·log`` and never ``n²``. Compiled on first use and cached on disk.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GALLOP = 8
"""Binary-search the shorter row when the longer one has this many times more entries."""


@njit(cache=True, nogil=True, boundscheck=False)
def _shared(indptr, indices, lo, hi, fill, pair_out, lo_out, hi_out):  # pragma: no cover
    found = 0
    for i in range(len(lo)):
        a0, a1 = indptr[lo[i]], indptr[lo[i] + 1]
        b0, b1 = indptr[hi[i]], indptr[hi[i] + 1]
        swapped = a1 - a0 > b1 - b0
        if swapped:
            a0, a1, b0, b1 = b0, b1, a0, a1
        if (a1 - a0) * _GALLOP < b1 - b0:
            for p in range(a0, a1):
                x = indices[p]
                left, right = b0, b1
                while left < right:
                    mid = (left + right) >> 1
                    if indices[mid] < x:
                        left = mid + 1
                    else:
                        right = mid
                if left < b1 and indices[left] == x:
                    if fill:
                        pair_out[found] = i
                        lo_out[found] = left if swapped else p
                        hi_out[found] = p if swapped else left
                    found += 1
                    b0 = left + 1
        else:
            while a0 < a1 and b0 < b1:
                x = indices[a0]
                y = indices[b0]
                if x == y:
                    if fill:
                        pair_out[found] = i
                        lo_out[found] = b0 if swapped else a0
                        hi_out[found] = a0 if swapped else b0
                    found += 1
                    a0 += 1
                    b0 += 1
                elif x < y:
                    a0 += 1
                else:
                    b0 += 1
    return found


def shared_entries(
    indptr: np.ndarray, indices: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries rows ``lo[i]`` and ``hi[i]`` share, as ``(i, position in lo, position in hi)``.

    Positions index ``indices`` (and the matrix's ``data``), so ``indices[pos_lo]`` is the shared
    column and ``data[pos_lo]``, ``data[pos_hi]`` the two rows' values there. Ordered by pair,
    then by column. ``indices`` must be sorted within each row.

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
    total = _shared(indptr, indices, lo, hi, False, empty, empty, empty)
    pairs = np.empty(total, dtype=np.int64)
    pos_lo = np.empty(total, dtype=np.int64)
    pos_hi = np.empty(total, dtype=np.int64)
    _shared(indptr, indices, lo, hi, True, pairs, pos_lo, pos_hi)
    return pairs, pos_lo, pos_hi


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
