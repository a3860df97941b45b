"""Compiled shortest-path kernel: betweenness dependencies and distance sums, many sources at once.

Breadth-first searches from up to 64 sources advance together, one level at a time
(multi-source BFS: Then et al. 2014, "The more the merrier", VLDB 8(4)). Each source is a *lane*:
bit ``l`` of a 64-bit word per vertex says whether search ``l`` has seen the vertex, so one scan
of a vertex's arcs serves every search whose frontier holds it. Only the shortest-path counts
``σ`` and dependencies ``δ`` are per lane, and those are touched only along the arcs of each
search's shortest-path DAG (a few bits of ``frontier & ~seen`` per arc). Per source this yields,
as in Brandes (2001),

* the dependency ``δ_s(v)``, accumulated backwards level by level: ``δ_s(v) = σ_s(v) ·
  Σ_w (1 + δ_s(w)) / σ_s(w)`` over the DAG successors ``w`` of ``v`` (one level further), summed
  into betweenness, and ``Σ_s δ_s(v)²`` when a variance is wanted;
* for every reached vertex ``v`` the distance ``d(s, v)``: how many sources reach it, the sum of
  their distances and of their inverse distances — the inputs of closeness and harmonic
  centrality *into* ``v``.

The graph is a CSR structure of out-neighbours (``indptr``, ``indices``, int32; both directions
when undirected). Groups of sources are spread over ``threads`` numba threads (``prange``), each
owning its work arrays — the seen and frontier words (n each), one float per vertex and lane
(``σ``, overwritten by ``(1 + δ) / σ`` on the way back) and the list of (vertex, lanes) entries
per level — and one row of the accumulators, so there is no second copy of the graph and no
locking; the rows are summed at the end. Compiled on first use and cached on disk
(``cache=True``).

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. *J. Math. Sociology* 25(2).
Then, M., Kaufmann, M., Chirigati, F., et al. (2014). The more the merrier: efficient
multi-source graph traversal. *Proc. VLDB Endowment* 8(4), 449–460.
"""

from __future__ import annotations

import threading

import numba
import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.extending import intrinsic

_LOCK = threading.Lock()
"""numba's default threading layer runs one parallel region at a time per process."""

MAX_LANES = 64
"""Sources searched together: the bits of one machine word."""

LANE_BUDGET_BYTES = 64 * 2**20
"""Per thread, the lanes' floats (8 bytes per vertex and lane) stay within this: 64 lanes up to
about 131,000 vertices, 32 up to 262,000, then 16 and at least 8 (at 100k vertices 64 lanes
search a source about a quarter faster than 32)."""


@intrinsic
def _trailing_zeros(typingctx, word):  # pragma: no cover - compiled
    """Index of the lowest set bit of a non-zero int64 (LLVM ``cttz``)."""

    def codegen(context, builder, signature, args):
        return builder.cttz(args[0], ir.Constant(ir.IntType(1), 1))

    return types.int64(types.int64), codegen


@intrinsic
def _bit_count(typingctx, word):  # pragma: no cover - compiled
    """Number of set bits of an int64 (LLVM ``ctpop``)."""

    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])

    return types.int64(types.int64), codegen


@njit(cache=True, nogil=True, boundscheck=False)
def _grow(vertices, lanes, count):  # pragma: no cover - compiled
    """The entry arrays at twice their capacity, the first ``count`` entries kept."""
    bigger_v = np.empty(2 * len(vertices), dtype=np.int32)
    bigger_v[:count] = vertices[:count]
    bigger_m = np.empty(2 * len(lanes), dtype=np.int64)
    bigger_m[:count] = lanes[:count]
    return bigger_v, bigger_m


@njit(cache=True, nogil=True, boundscheck=False)
def _forward(
    indptr, indices, sources, stride, seen, nxt, sigma, ent_v, ent_m, start, reach, dist, inverse
):  # pragma: no cover - compiled
    """Level-synchronous search from ``sources`` (lane ``l`` = ``sources[l]``).

    Fills ``σ`` (``sigma[v * stride + l]``) and the entries: level ``d`` is
    ``ent_v/ent_m[start[d]:start[d + 1]]``, a vertex and the lanes that reach it at distance
    ``d``. Adds each vertex's reach, distance and inverse-distance sums. Returns the entry
    arrays (grown if needed), the number of entries and the number of non-empty levels.
    """
    count = 0
    for lane in range(len(sources)):
        s = sources[lane]
        bit = np.int64(1) << lane
        seen[s] |= bit
        sigma[s * stride + lane] = 1.0
        ent_v[count] = s
        ent_m[count] = bit
        count += 1
    start[0] = 0
    start[1] = count
    d = 0
    while start[d + 1] > start[d]:
        first_new = count
        for e in range(start[d], start[d + 1]):
            v = ent_v[e]
            frontier = ent_m[e]
            vb = v * stride
            for p in range(indptr[v], indptr[v + 1]):
                w = indices[p]
                new = frontier & ~seen[w]
                if new == 0:
                    continue
                if nxt[w] == 0:
                    if count == len(ent_v):
                        ent_v, ent_m = _grow(ent_v, ent_m, count)
                    ent_v[count] = w
                    count += 1
                nxt[w] |= new
                wb = w * stride
                while new != 0:  # σ(w) += σ(v) in each lane that first reaches w from v's level
                    lane = _trailing_zeros(new)
                    sigma[wb + lane] += sigma[vb + lane]
                    new &= new - 1
        d += 1
        inv = 1.0 / d
        for e in range(first_new, count):
            w = ent_v[e]
            found = nxt[w]
            nxt[w] = 0
            seen[w] |= found
            ent_m[e] = found
            k = _bit_count(found)
            reach[w] += k
            dist[w] += k * d
            inverse[w] += k * inv
        start[d + 1] = count
    return ent_v, ent_m, count, d


@njit(cache=True, nogil=True, boundscheck=False)
def _backward(
    indptr,
    indices,
    stride,
    levels,
    nxt,
    sigma,
    ent_v,
    ent_m,
    start,
    acc,
    between,
    between_sq,
    linear,
):  # pragma: no cover - compiled
    """Dependencies level by level, deepest first; ``σ`` is overwritten by ``(c + δ) / σ``.

    At level ``d`` a lane's DAG successors of ``v`` are the neighbours ``w`` whose level-``d + 1``
    lanes (``nxt[w]``, set from the entries of that level) include it; their values already
    hold ``(c + δ(w)) / σ(w)``: ``c = 1`` (Brandes). With ``linear`` (Geisberger et al.'s
    linear scaling) ``δ`` is ``Δ(v) = Σ_t σ_st(v) / σ_st / d(s, t)``, ``c = 1 / (d + 1)``, and
    ``v`` is credited ``d · Δ(v)``. Level 0 (the sources) gets no dependency.
    """
    squares = len(between_sq) > 0
    for d in range(levels - 1, 0, -1):
        share = 1.0 / d if linear else 1.0  # of the level-d vertices, read at level d - 1
        scale = d if linear else 1.0
        for e in range(start[d + 1], start[d + 2]):
            nxt[ent_v[e]] = ent_m[e]
        for e in range(start[d], start[d + 1]):
            v = ent_v[e]
            mine = ent_m[e]
            for p in range(indptr[v], indptr[v + 1]):
                w = indices[p]
                below = mine & nxt[w]
                wb = w * stride
                while below != 0:
                    lane = _trailing_zeros(below)
                    acc[lane] += sigma[wb + lane]
                    below &= below - 1
            vb = v * stride
            total = 0.0
            total_sq = 0.0
            while mine != 0:
                lane = _trailing_zeros(mine)
                delta = sigma[vb + lane] * acc[lane]
                acc[lane] = 0.0
                credit = scale * delta
                total += credit
                total_sq += credit * credit
                sigma[vb + lane] = (share + delta) / sigma[vb + lane]
                mine &= mine - 1
            between[v] += total
            if squares:
                between_sq[v] += total_sq
        for e in range(start[d + 1], start[d + 2]):
            nxt[ent_v[e]] = 0


@njit(cache=True, parallel=True, nogil=True, boundscheck=False)
def _searches(indptr, indices, sources, threads, squares, stride, linear):  # pragma: no cover
    n = len(indptr) - 1
    between = np.zeros((threads, n))
    between_sq = np.zeros((threads, n if squares else 0))
    reach = np.zeros((threads, n), dtype=np.int64)
    dist_sum = np.zeros((threads, n), dtype=np.int64)
    inverse_sum = np.zeros((threads, n))
    groups = (len(sources) + stride - 1) // stride
    for t in prange(threads):
        seen = np.zeros(n, dtype=np.int64)
        nxt = np.zeros(n, dtype=np.int64)
        sigma = np.zeros(n * stride)
        acc = np.zeros(stride)
        ent_v = np.empty(4 * n + stride, dtype=np.int32)
        ent_m = np.empty(4 * n + stride, dtype=np.int64)
        start = np.empty(n + 2, dtype=np.int64)
        for group in range(t, groups, threads):
            chosen = sources[group * stride : min((group + 1) * stride, len(sources))]
            ent_v, ent_m, count, levels = _forward(
                indptr, indices, chosen, stride, seen, nxt, sigma, ent_v, ent_m, start,
                reach[t], dist_sum[t], inverse_sum[t],
            )  # fmt: skip
            _backward(
                indptr, indices, stride, levels, nxt, sigma, ent_v, ent_m, start, acc,
                between[t], between_sq[t], linear,
            )  # fmt: skip
            for e in range(count):
                v = ent_v[e]
                seen[v] = 0
                sigma[v * stride : (v + 1) * stride] = 0.0
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


def lane_count(n: int) -> int:
    """Sources searched together on ``n`` vertices: :data:`MAX_LANES`, halved while their
    per-lane floats would pass :data:`LANE_BUDGET_BYTES` per thread (never below 8), so that
    batches of a power of two sources split evenly."""
    lanes = MAX_LANES
    while lanes > 8 and 8 * lanes * n > LANE_BUDGET_BYTES:
        lanes //= 2
    return lanes


def searches(
    indptr: np.ndarray,
    indices: np.ndarray,
    sources: np.ndarray,
    threads: int,
    squares: bool = False,
    lanes: int | None = None,
    linear: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run one breadth-first search from each of ``sources`` and accumulate.

    Returns ``(dependency sum, dependency² sum, sources reaching v, Σ d(s, v), Σ 1/d(s, v))``,
    each of length n (the second empty unless ``squares``). The dependency sum counts each
    ordered (source, target) pair: halve it for undirected betweenness. ``lanes`` sources are
    searched together (default: :func:`lane_count`); the results do not depend on it beyond
    the rounding of floating-point sums. With ``linear`` the dependencies are Geisberger,
    Sanders & Schultes' (2008) linearly scaled ones: a pair ``(s, t)`` adds
    ``d(s, v) / d(s, t)`` of its share to ``v``, so that summed over every source they give
    undirected betweenness itself (not twice it).

    Examples
    --------
    >>> import numpy as np
    >>> ptr = np.array([0, 1, 3, 4], dtype=np.int32)
    >>> idx = np.array([1, 0, 2, 1], dtype=np.int32)
    >>> out = searches(ptr, idx, np.arange(3, dtype=np.int32), 1)
    >>> out[0].tolist(), out[3].tolist()
    ([0.0, 2.0, 0.0], [3, 2, 3])
    """
    n = len(indptr) - 1
    stride = lane_count(n) if lanes is None else max(1, min(MAX_LANES, int(lanes)))
    groups = -(-len(sources) // stride)
    threads = max(1, min(threads, groups)) if groups else 1
    with _LOCK:
        previous = numba.get_num_threads()
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
        try:
            return _searches(
                indptr.astype(np.int32, copy=False),
                indices.astype(np.int32, copy=False),
                np.asarray(sources).astype(np.int32),
                threads,
                squares,
                stride,
                linear,
            )
        finally:
            numba.set_num_threads(previous)
