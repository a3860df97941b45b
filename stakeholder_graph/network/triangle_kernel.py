"""Compiled kernels over the undirected ties: the triangle list and Burt's indirect shares.

Both read a symmetric CSR structure (``indptr``, ``indices``: each tie in both rows, rows
sorted) built once from the undirected edge table by :func:`symmetric_csr`. Compiled on first
use and cached on disk (``cache=True``).

* :func:`triangles` lists every triangle ``i < j < k`` once, in lexicographic order (the
  forward algorithm: for each tie ``i < j``, the common neighbours above ``j``), without
  building a Python tuple per triangle.
* :func:`indirect_shares` gives, for every arc ``i → j``, Burt's indirect term
  ``Σ_q p_iq p_qj`` by marking ``i``'s neighbours once and scanning each neighbour's row: work
  ``Σ_j deg(j)²``, no triangle list and no search.

References
----------
Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
Latapy, M. (2008). Main-memory triangle computations for very large (sparse (power-law))
graphs. *Theoretical Computer Science* 407.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def symmetric_csr(
    u: np.ndarray, v: np.ndarray, n: int, values: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """CSR arrays of the ties ``u[k] – v[k]`` in both directions, each row sorted.

    Returns ``(indptr, indices, arc_values)`` (int64 indptr, int64 indices; ``arc_values`` the
    ``values`` of each arc's tie, or ``None``).

    Examples
    --------
    >>> ptr, idx, _ = symmetric_csr(np.array([0, 1]), np.array([1, 2]), 3)
    >>> ptr.tolist(), idx.tolist()
    ([0, 1, 3, 4], [1, 0, 2, 1])
    """
    rows = np.concatenate([u, v]).astype(np.int64)
    cols = np.concatenate([v, u]).astype(np.int64)
    order = np.lexsort((cols, rows))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    arc_values = None if values is None else np.concatenate([values, values])[order]
    return indptr, cols[order], arc_values


@njit(cache=True, nogil=True, boundscheck=False)
def _triangles(indptr, indices, count_only, out):  # pragma: no cover
    n = len(indptr) - 1
    mark = np.full(n, -1, dtype=np.int64)
    found = 0
    for i in range(n):
        for p in range(indptr[i], indptr[i + 1]):
            mark[indices[p]] = i
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            if j <= i:
                continue
            for q in range(indptr[j], indptr[j + 1]):
                k = indices[q]
                if k > j and mark[k] == i:
                    if not count_only:
                        out[found, 0] = i
                        out[found, 1] = j
                        out[found, 2] = k
                    found += 1
    return found


def triangles(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Every triangle ``i < j < k`` of a symmetric CSR graph, a k × 3 int64 array.

    Examples
    --------
    >>> ptr, idx, _ = symmetric_csr(np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3]), 4)
    >>> triangles(ptr, idx).tolist()
    [[0, 1, 2]]
    """
    empty = np.zeros((0, 3), dtype=np.int64)
    total = _triangles(indptr, indices, True, empty)
    out = np.empty((total, 3), dtype=np.int64)
    _triangles(indptr, indices, False, out)
    return out


@njit(cache=True, nogil=True, boundscheck=False)
def _indirect_shares(indptr, indices, share_out, share_in):  # pragma: no cover
    n = len(indptr) - 1
    out = np.zeros(len(indices))
    mark = np.zeros(n)
    for i in range(n):
        start, end = indptr[i], indptr[i + 1]
        for p in range(start, end):
            mark[indices[p]] = share_out[p]  # p_iq
        for p in range(start, end):
            j = indices[p]
            acc = 0.0
            for x in range(indptr[j], indptr[j + 1]):
                acc += mark[indices[x]] * share_in[x]  # p_iq · p_qj, q the arc's head
            out[p] = acc
        for p in range(start, end):
            mark[indices[p]] = 0.0
    return out


def indirect_shares(
    indptr: np.ndarray, indices: np.ndarray, share_out: np.ndarray, share_in: np.ndarray
) -> np.ndarray:
    """Burt's indirect term ``Σ_{q ≠ i, j} p_iq p_qj`` for every arc ``i → j`` of the CSR.

    ``share_out[x]`` is ``p`` of arc ``x`` from its row's vertex (``p_jq`` for arc ``j → q``),
    ``share_in[x]`` the share in the other direction (``p_qj``). ``q`` ranges over the common
    neighbours of ``i`` and ``j`` (no self-ties, so ``q`` is never ``i`` or ``j``).

    Examples
    --------
    >>> ptr, idx, _ = symmetric_csr(np.array([0, 0, 1]), np.array([1, 2, 2]), 3)
    >>> indirect_shares(ptr, idx, np.full(6, 0.5), np.full(6, 0.5)).tolist()
    [0.25, 0.25, 0.25, 0.25, 0.25, 0.25]
    """
    return _indirect_shares(indptr, indices, share_out, share_in)
