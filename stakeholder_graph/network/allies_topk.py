"""Compiled candidate search: the best entries of each row of a sparse product, without the
product.

:func:`product_top_keys` walks the rows of ``left · right`` one at a time (Gustavson's
row-by-row product with a dense accumulator, as :mod:`scipy.sparse` computes it), drops the
entries a mask holds (tied pairs, the diagonal), ranks the rest of a crowded row and keeps its
best ``k``. Only the kept pairs are stored: the full product — tens of millions of entries on
100,000 organizations — never exists, in memory or as intermediate sparse matrices.

The selection is exactly that of ranking each row block's crowded entries by
``row + ½·(1 − value / max value in the block)`` with equal keys in the order the product
lists them (first reached first): the same pairs as the sparse-matrix formulation in
:mod:`~stakeholder_graph.network.allies_candidates`, at a fraction of its time and memory.

Reference: Gustavson, F. G. (1978). Two fast algorithms for sparse matrices: multiplication
and permuted transposition. *ACM TOMS* 4(3).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from numba import njit

from stakeholder_graph.network.allies_kernel import available_cores

THEME_RANK = 0
"""``local · (1 + gain · x) · comp``: the rank of a theme candidate (``x`` the product)."""
PARTNER_RANK = 1
"""``(√x + local) · comp``: the rank of a partner candidate."""


@njit(cache=True, nogil=True)
def _rank(kind, x, local, comp, gain):  # pragma: no cover - compiled
    if kind == THEME_RANK:
        return local * (1.0 + gain * x) * comp
    return (np.sqrt(x) + local) * comp


@njit(cache=True, nogil=True)
def _block_keys(  # pragma: no cover - compiled
    s,
    e,
    n,
    lp,
    lj,
    lx,
    rp,
    rj,
    rx,
    mp,
    mj,
    k,
    kind,
    muni,
    sector,
    comp_table,
    locality,
    base,
    gain,
    sums,
    nxt,
    masked,
    cols,
    vals,
    out,
):
    # pass 1: the product's entries of rows s..e-1 (masked ones dropped), in scipy's order
    counts = np.zeros(e - s, dtype=np.int64)
    m = 0
    for i in range(s, e):
        for q in range(mp[i], mp[i + 1]):
            masked[mj[q]] = True
        head = -2
        length = 0
        for q in range(lp[i], lp[i + 1]):
            a = lj[q]
            v = lx[q]
            for r in range(rp[a], rp[a + 1]):
                j = rj[r]
                sums[j] += v * rx[r]
                if nxt[j] == -1:
                    nxt[j] = head
                    head = j
                    length += 1
        # scipy lists a row's product in reverse order of first reach, and the masked
        # subtraction reverses it once more: first reached first
        start = m
        for _ in range(length):
            if sums[head] != 0 and not masked[head]:
                cols[m] = head
                vals[m] = sums[head]
                m += 1
            temp = head
            head = nxt[head]
            nxt[temp] = -1
            sums[temp] = 0.0
        cols[start:m] = cols[start:m][::-1].copy()
        vals[start:m] = vals[start:m][::-1].copy()
        counts[i - s] = m - start
        for q in range(mp[i], mp[i + 1]):
            masked[mj[q]] = False
    # pass 2: rank the entries of crowded rows (in place of their values), and the block's
    # largest rank value, which scales them
    top = -np.inf
    pos = 0
    for t in range(e - s):
        c = counts[t]
        if k >= 0 and c > k:
            ri = s + t
            mr = muni[ri]
            for p in range(pos, pos + c):
                cj = cols[p]
                same = 1.0 if (mr == muni[cj] and mr >= 0) else 0.0
                local = locality * same + base
                comp = comp_table[sector[ri] * 5 + sector[cj]]
                vals[p] = _rank(kind, vals[p], local, comp, gain)
                if vals[p] > top:
                    top = vals[p]
        pos += c
    # pass 3: keep every entry of the other rows and the best k of each crowded row
    found = 0
    pos = 0
    local_row = 0
    for t in range(e - s):
        c = counts[t]
        ri = s + t
        if k < 0 or c <= k:
            for p in range(pos, pos + c):
                out[found] = min(ri, cols[p]) * n + max(ri, cols[p])
                found += 1
        else:
            key = np.empty(c, dtype=np.float64)
            for p in range(c):
                scaled = vals[pos + p] / top if top > 0 else 0.0
                key[p] = local_row + 0.5 * (1.0 - scaled)
            # the k smallest keys, equal keys first reached first: what a stable sort keeps
            threshold = np.partition(key, k - 1)[k - 1]
            taken = 0
            for p in range(c):
                if key[p] < threshold:
                    cj = cols[pos + p]
                    out[found] = min(ri, cj) * n + max(ri, cj)
                    found += 1
                    taken += 1
            for p in range(c):
                if taken == k:
                    break
                if key[p] == threshold:
                    cj = cols[pos + p]
                    out[found] = min(ri, cj) * n + max(ri, cj)
                    found += 1
                    taken += 1
            local_row += 1
        pos += c
    return found


def product_top_keys(
    left: sp.csr_matrix,
    right: sp.csr_matrix,
    mask: sp.csr_matrix,
    per_row: int | None,
    kind: int,
    starts: np.ndarray,
    ends: np.ndarray,
    *,
    muni: np.ndarray,
    sector: np.ndarray,
    comp_table: np.ndarray,
    locality: float,
    base: float,
    gain: float,
    threads: int | None = None,
) -> np.ndarray:
    """Keys ``lo·n + hi`` of the best allowed entries of ``left · right``, row block by block.

    ``left``, ``right`` and ``mask`` are CSR matrices (``mask``'s entries are never kept); rows
    ``starts[b]:ends[b]`` form block ``b``; a row with more than ``per_row`` entries keeps its
    ``per_row`` best by the rank ``kind`` (:data:`THEME_RANK`, :data:`PARTNER_RANK`) with the
    locality and complementarity terms of ``muni``, ``sector`` and ``comp_table``; ``None``
    keeps every entry. Keys may repeat (a pair found from both of its rows). Blocks run on
    ``threads`` threads (default: the cores this process may use), each with its own accumulator.
    """
    n = left.shape[0]
    k = -1 if per_row is None else int(per_row)
    lp = np.ascontiguousarray(left.indptr, dtype=np.int64)
    lj = np.ascontiguousarray(left.indices, dtype=np.int64)
    lx = np.ascontiguousarray(left.data, dtype=np.float64)
    rp = np.ascontiguousarray(right.indptr, dtype=np.int64)
    rj = np.ascontiguousarray(right.indices, dtype=np.int32)
    rx = np.ascontiguousarray(right.data, dtype=np.float64)
    mp = np.ascontiguousarray(mask.indptr, dtype=np.int64)
    mj = np.ascontiguousarray(mask.indices, dtype=np.int32)
    muni = np.ascontiguousarray(muni, dtype=np.int64)
    sector = np.ascontiguousarray(sector, dtype=np.int64)
    comp_table = np.ascontiguousarray(comp_table, dtype=np.float64)
    width = max(right.shape[1], mask.shape[1], 1)
    # product terms per block: an upper bound of the entries it holds
    terms = np.r_[0, np.cumsum(np.diff(rp)[lj])]
    sizes = [int(terms[lp[e]] - terms[lp[s]]) for s, e in zip(starts, ends, strict=True)]
    largest = max(sizes, default=0)
    del terms  # one int64 per left entry (18 MB at 100k), not needed while the blocks run

    def run(blocks: list[int]) -> list[np.ndarray]:
        sums = np.zeros(width, dtype=np.float64)
        nxt = np.full(width, -1, dtype=np.int32)
        masked = np.zeros(width, dtype=np.bool_)
        cols = np.empty(largest, dtype=np.int32)
        vals = np.empty(largest, dtype=np.float64)
        found_keys = []
        for b in blocks:
            # a row keeps at most k entries: the block's terms bound (4M, 32 MB) is far more
            kept = sizes[b] if k < 0 else min(sizes[b], (int(ends[b]) - int(starts[b])) * k)
            out = np.empty(kept, dtype=np.int64)
            found = _block_keys(
                int(starts[b]), int(ends[b]), n, lp, lj, lx, rp, rj, rx, mp, mj, k, kind,
                muni, sector, comp_table, float(locality), float(base), float(gain), sums, nxt,
                masked, cols, vals, out,
            )  # fmt: skip
            found_keys.append(out[:found].copy())
        return found_keys

    workers = max(1, min(threads or available_cores(), len(sizes)))
    if workers == 1:
        parts = run(list(range(len(sizes))))
    else:
        # blocks dealt round-robin: each thread has its own accumulator (kernels release the GIL)
        with ThreadPoolExecutor(workers) as pool:
            parts = [
                p
                for part in pool.map(
                    run, [list(range(w, len(sizes), workers)) for w in range(workers)]
                )
                for p in part
            ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
