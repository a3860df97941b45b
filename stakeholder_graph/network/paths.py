"""Shortest-path measures: Freeman betweenness, closeness and harmonic centrality.

Exact (Brandes 2001) up to a size threshold, estimated from random pivot sources beyond it
(Brandes & Pich 2007; Eppstein & Wang 2004). The breadth-first searches are split over several
processes when the graph is large enough to pay for starting them: each process takes a share
of the sources, and the per-source dependencies add up to the full result. Paths count hops;
in directed mode they follow the ties and closeness / harmonic centrality use the paths *into*
an organization (igraph ``mode="in"``, the networkx convention).
"""

from __future__ import annotations

import multiprocessing as mp
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection

import igraph as ig
import numpy as np

from stakeholder_graph.network.graph import CooperationGraph

PARALLEL_MIN_VERTICES = 2000
"""Split the path searches over processes only above this many organizations."""

_DISTANCE_BATCH = 16


@dataclass(frozen=True)
class PathMeasures:
    """Betweenness, closeness and harmonic centrality and how they were obtained.

    Attributes
    ----------
    betweenness:
        Freeman betweenness, raw (pair counts), one value per vertex.
    betweenness_norm:
        Betweenness divided by the number of pairs it could lie between:
        ``(n-1)(n-2)/2`` undirected, ``(n-1)(n-2)`` directed.
    closeness:
        Wasserman–Faust closeness: ``(r/(n-1)) · (r/Σd)`` over the ``r`` vertices that reach
        it (0 when none), so an organization reached by one partner scores ``1/(n-1)``.
    harmonic:
        Mean inverse distance to the ``n - 1`` others (unreachable ones count 0).
    exact:
        Whether every vertex was a source (``False``: pivot-sampled).
    pivots:
        Number of sources used (``n`` when exact).
    processes:
        Number of processes the searches ran in.
    """

    betweenness: np.ndarray
    betweenness_norm: np.ndarray
    closeness: np.ndarray
    harmonic: np.ndarray
    exact: bool
    pivots: int
    processes: int


def _path_chunk(
    graph: ig.Graph, chunk: np.ndarray, exact: bool, closeness: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Betweenness from the sources in ``chunk`` and closeness contributions.

    Exact mode returns the closeness and harmonic values of the ``chunk`` vertices themselves.
    Sampled mode returns, per vertex, the sum of distances from the chunk's pivots, the number
    of pivots that reach it, and the sum of inverse distances, stacked in a 3 × n array.
    Without ``closeness`` only the betweenness is computed (the others are empty).
    """
    directed = graph.is_directed()
    # every vertex a source: igraph's full call, which is faster than its subset variant
    sources = None if len(chunk) == graph.vcount() else chunk.tolist()
    between = np.asarray(graph.betweenness(directed=directed, sources=sources), dtype=float)
    mode = "in" if directed else "all"
    if not closeness:
        return between, np.zeros(0), np.zeros(0)
    if exact:
        close = np.asarray(graph.closeness(vertices=sources, mode=mode), dtype=float)
        harmonic = np.asarray(graph.harmonic_centrality(vertices=sources, mode=mode), dtype=float)
        return between, close, harmonic
    n = graph.vcount()
    sums = np.zeros((3, n))
    sources = chunk.tolist()
    for start in range(0, len(sources), _DISTANCE_BATCH):
        batch = sources[start : start + _DISTANCE_BATCH]
        dist = np.asarray(graph.distances(source=batch, mode="out"), dtype=float)
        reached = np.isfinite(dist) & (dist > 0)
        safe = np.where(reached, dist, 1.0)
        sums[0] += np.where(reached, safe, 0.0).sum(axis=0)
        sums[1] += reached.sum(axis=0)
        sums[2] += np.where(reached, 1.0 / safe, 0.0).sum(axis=0)
    return between, sums, np.zeros(0)


def _worker(
    sender: Connection, graph: ig.Graph, chunk: np.ndarray, exact: bool, closeness: bool
) -> None:
    """Body of a forked worker: compute one chunk and send the result (or the error) back."""
    try:
        sender.send(("ok", _path_chunk(graph, chunk, exact, closeness)))
    except BaseException as error:  # reported in the parent
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def _run_chunks(
    graph: ig.Graph, chunks: list[np.ndarray], exact: bool, closeness: bool
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Run the first chunk here and the others in forked worker processes, concurrently.

    The workers inherit the graph through ``fork`` (nothing is pickled on the way in, so they
    start at once even though igraph holds the interpreter lock while it computes) and send
    their arrays back through a pipe. Where ``fork`` is not available, or inside a daemonic
    process (which may not start children), the chunks run one after the other here.
    """
    serial = "fork" not in mp.get_all_start_methods() or mp.current_process().daemon
    if len(chunks) == 1 or serial:
        return [_path_chunk(graph, chunk, exact, closeness) for chunk in chunks]
    context = mp.get_context("fork")
    workers = []
    for chunk in chunks[1:]:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_worker, args=(sender, graph, chunk, exact, closeness), daemon=True
        )
        process.start()
        sender.close()
        workers.append((process, receiver))
    results = [_path_chunk(graph, chunks[0], exact, closeness)]
    for process, receiver in workers:
        try:
            status, value = receiver.recv()
        except EOFError:
            status, value = "error", f"worker exited with code {process.exitcode}"
        finally:
            receiver.close()
            process.join()
        if status != "ok":
            raise RuntimeError(f"path worker failed: {value}")
        results.append(value)
    return results


def _reach(g: CooperationGraph) -> np.ndarray:
    """Number of other vertices that reach each vertex (component size − 1 when undirected)."""
    graph = g.graph
    if not g.directed:
        membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
        return np.bincount(membership)[membership].astype(float) - 1.0
    sizes = graph.neighborhood_size(order=graph.vcount(), mode="in")
    return np.asarray(sizes, dtype=float) - 1.0


def _default_processes(processes: int | None) -> int:
    if processes is not None:
        return max(1, int(processes))
    return max(1, min(2, os.cpu_count() or 1))


def path_measures(
    g: CooperationGraph,
    exact_threshold: int = 20_000,
    pivots: int = 512,
    seed: int = 42,
    processes: int | None = None,
    closeness: bool = True,
) -> PathMeasures:
    r"""Freeman betweenness, closeness and harmonic centrality, exact or pivot-sampled.

    Betweenness of ``v`` is :math:`\sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, the
    share of shortest ``s``–``t`` paths through ``v`` summed over pairs: each unordered pair once
    in undirected mode, each ordered pair once in directed mode (Freeman 1977; computed with
    Brandes 2001). Closeness is Wasserman & Faust's (1994, eq. 5.22) reach-weighted closeness
    :math:`\frac{r_v}{n-1} \cdot \frac{r_v}{\sum_u d(u, v)}` over the :math:`r_v` vertices that
    reach ``v`` (networkx ``wf_improved=True``; 0 when :math:`r_v = 0`); harmonic centrality is
    :math:`\frac{1}{n-1} \sum_{u \ne v} 1 / d(u, v)` (Marchiori & Latora 2000).

    With more than ``exact_threshold`` vertices, ``pivots`` sources are drawn at random (seeded)
    and betweenness is scaled by ``n / pivots`` (Brandes & Pich 2007); closeness and harmonic
    centrality are estimated from the distances from the same pivots.

    Parameters
    ----------
    g:
        The cooperation graph.
    exact_threshold:
        Largest number of vertices computed exactly.
    pivots:
        Number of sampled sources beyond the threshold.
    seed:
        Seed of the pivot draw.
    processes:
        Worker processes (default: up to 2 cores); only used above
        :data:`PARALLEL_MIN_VERTICES` vertices.
    closeness:
        Also compute closeness and harmonic centrality (``False``: those are NaN).

    Returns
    -------
    PathMeasures

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> path_measures(graph_from_edges([(0, 1), (1, 2)])).betweenness.tolist()
    [0.0, 1.0, 0.0]
    """
    graph = g.graph
    n = graph.vcount()
    exact = n <= exact_threshold or pivots >= n
    if exact:
        sources = np.arange(n, dtype=np.int64)
    else:
        rng = np.random.default_rng(seed)
        sources = np.sort(rng.choice(n, size=pivots, replace=False)).astype(np.int64)
    workers = _default_processes(processes) if n > PARALLEL_MIN_VERTICES else 1
    workers = max(1, min(workers, len(sources)))
    chunks = [c for c in np.array_split(sources, workers) if len(c)] or [sources]
    results = _run_chunks(graph, chunks, exact, closeness)

    between = np.zeros(n)
    for part in results:
        between += part[0]
    if not exact:
        between *= n / len(sources)
    if not closeness:
        close = harmonic = np.full(n, np.nan)
    elif exact:
        close = np.concatenate([part[1] for part in results])  # chunks are in vertex order
        close = close * _reach(g) / max(n - 1, 1)  # Wasserman–Faust: weight by reach
        harmonic = np.concatenate([part[2] for part in results])
    else:
        sums = sum(part[1] for part in results)
        with np.errstate(invalid="ignore", divide="ignore"):
            close = np.where(sums[0] > 0, sums[1] / np.where(sums[0] > 0, sums[0], 1.0), 0.0)
        # a pivot never reaches itself, so each vertex is averaged over the other pivots
        others = len(sources) - np.isin(np.arange(n), sources).astype(float)
        close = close * sums[1] / np.maximum(others, 1.0)  # estimated reach share r/(n-1)
        harmonic = sums[2] / np.maximum(others, 1.0)
    if closeness:
        close = np.nan_to_num(close, nan=0.0)
        harmonic = np.nan_to_num(harmonic, nan=0.0)
    pairs = (n - 1) * (n - 2) * (1.0 if g.directed else 0.5)
    between_norm = between / pairs if pairs > 0 else np.zeros(n)
    return PathMeasures(
        betweenness=between,
        betweenness_norm=between_norm,
        closeness=close,
        harmonic=harmonic,
        exact=bool(exact),
        pivots=int(len(sources)),
        processes=len(chunks),
    )
