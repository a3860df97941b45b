"""Analyses per time window and interaction types: cached, and computed ahead in the background.

A year change in the dashboard means a new analysis (every centrality depends on which ties are
in the window). :class:`AnalysisStore` keeps the analyses it has made (least recently used first
out) and, when asked with :meth:`AnalysisStore.prefetch`, computes the windows a coordinator is
likely to pick next — each later start year up to the last, each earlier end year — in one
worker process at low priority, so the answer is ready when the slider moves. A request for a
window the worker is computing waits for it instead of computing it twice; any other window is
computed on the spot. The worker process is separate (``spawn``), so the server's own threads keep
answering while it works.

A window asked for on the spot in a large network (more than ``quick_above`` organizations) is
answered in two passes: first a *quick* analysis (:func:`quick_params`: betweenness, closeness
and harmonic centrality estimated from a fixed sample of source organizations, with the error
estimate in ``summary["paths"]["error"]``, fewer label permutations for the ``sector_ei``
p-values, which the dashboard does not show, and no multilevel Social Relations Model, seconds to
minutes on a survey of a few thousand answers), then the full analysis in the background worker;
when it lands it replaces the quick one and :attr:`AnalysisStore.generation` moves on, so caches
keyed by it are rebuilt. Every other measure (degree, strength, PageRank, eigenvector,
constraint, k-core, communities, brokerage, trust scores, allies, isolation) is the same in both
passes.

>>> windows_to_prefetch((2021, 2025))
[(2022, None), (2023, None), (2024, None), (2025, None), (None, 2024), (None, 2023), (None, 2022), (None, 2021)]
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

from stakeholder_graph.analysis import Analysis, AnalysisParams, analyze
from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.network.trust_srm import SRM_MIN_PARTICIPANTS

Key = tuple[Any, ...]


def windows_to_prefetch(years: tuple[int, int] | None) -> list[tuple[int | None, int | None]]:
    """``(year_from, year_to)`` windows likely to be chosen next: one end moved, most likely first."""
    if years is None or years[1] <= years[0]:
        return []
    first, last = years
    starts = [(y, None) for y in range(first + 1, last + 1)]
    ends = [(None, y) for y in range(last - 1, first - 1, -1)]
    return [*starts, *ends]


QUICK_PIVOTS = 256
"""Source organizations sampled for the paths of a quick analysis (a few hundred milliseconds at
5,000 organizations; the top 1 %'s typical 95 % error about ±35 %)."""

QUICK_PERMUTATIONS = 99
"""Label permutations behind the ``sector_ei`` p-values of a quick analysis."""


def quick_params(params: AnalysisParams) -> AnalysisParams:
    """The parameters of the quick first pass of ``params``: sampled paths, fewer permutations,
    no multilevel Social Relations Model (its leniency and reputation effects wait for the full
    analysis).

    >>> quick = quick_params(AnalysisParams())
    >>> quick.exact_threshold, quick.pivots, quick.ei_permutations, quick.srm_max_answers
    (0, 256, 99, 0)
    """
    return replace(
        params,
        exact_threshold=0,
        pivots=QUICK_PIVOTS,
        ei_permutations=min(params.ei_permutations, QUICK_PERMUTATIONS),
        srm_max_answers=0,  # the multilevel trust model: seconds to minutes on a few thousand
    )


def _srm_pending(quick: Analysis, params: AnalysisParams) -> bool:
    """Whether the full analysis (``params``) fits the multilevel SRM the quick pass left out."""
    srm = quick.summary.get("srm") or {}
    answers, people = int(srm.get("answers") or 0), int(srm.get("participants") or 0)
    return (
        srm.get("method") is None
        and answers <= params.srm_max_answers
        and people >= SRM_MIN_PARTICIPANTS
        and answers > people
    )


def is_quick(analysis: Analysis) -> bool:
    """Whether ``analysis`` is the quick first pass (the full one is on its way)."""
    return bool(analysis.summary.get("quick", False))


def _init_worker() -> None:
    with contextlib.suppress(OSError):
        os.nice(10)  # the worker yields to the server's callbacks


def _analyze(network: NetworkData, params: AnalysisParams) -> Analysis:
    return analyze(network, params)


class AnalysisStore:
    """Analyses keyed by an immutable key, computed on demand or prefetched.

    Parameters
    ----------
    network:
        The network every analysis reads.
    params_of:
        The analysis parameters of a key.
    size:
        How many analyses stay in memory (prefetched ones count too).
    quick_above:
        Networks with more organizations get a quick first pass for a window asked for on the
        spot (``None``: never).
    """

    def __init__(
        self,
        network: NetworkData,
        params_of: Callable[[Key], AnalysisParams],
        size: int = 8,
        quick_above: int | None = None,
    ) -> None:
        self.network = network
        self.params_of = params_of
        self.size = size
        self.quick = quick_above is not None and len(network.organizations) > quick_above
        self._cache: OrderedDict[Hashable, Analysis] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self._pool: Any = None
        self.hits = self.misses = self.prefetched = self.refined = 0
        self.generation = 0
        """Moves on each time a full analysis replaces a quick one."""

    def _put(self, key: Hashable, analysis: Analysis) -> None:
        with self._lock:
            previous = self._cache.get(key)
            self._cache[key] = analysis
            self._cache.move_to_end(key)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
            if previous is not None and is_quick(previous) and not is_quick(analysis):
                self.generation += 1
                self.refined += 1
            event = self._pending.pop(key, None)
        if event is not None:
            event.set()

    def _pool_of(self) -> Any:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = context.Pool(1, initializer=_init_worker)
            return self._pool

    def get(self, key: Key, quick: bool = True) -> Analysis:
        """The analysis of ``key``: cached, awaited (from the worker or another request), or
        computed now — never twice at the same time. ``quick=False`` computes the full analysis
        at once even in a large network (the one computed when the app starts)."""
        while True:
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    self.hits += 1
                    return self._cache[key]
                event = self._pending.get(key)
                if event is None:
                    event = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            event.wait(timeout=600)  # computed elsewhere; loop to read it (or to compute it)
        params = self.params_of(key)
        try:
            if self.quick and quick:
                analysis = analyze(self.network, quick_params(params))
                analysis.summary["quick"] = True
                analysis.summary["srm_pending"] = _srm_pending(analysis, params)
            else:
                analysis = analyze(self.network, params)
        except BaseException:
            with self._lock:
                self._pending.pop(key, None)
            event.set()
            raise
        self._put(key, analysis)
        if is_quick(analysis):
            self._refine(key, params)
        return analysis

    def _refine(self, key: Key, params: AnalysisParams) -> None:
        """Compute the full analysis of ``key`` in the worker; it replaces the quick one."""

        def done(analysis: Analysis) -> None:
            with self._lock:
                current = self._cache.get(key)
            if current is None or is_quick(current):
                self._put(key, analysis)

        def failed(_error: BaseException) -> None:
            # the estimates stay, no longer announced as being refined
            with self._lock:
                current = self._cache.get(key)
                if current is not None and is_quick(current):
                    current.summary["quick"] = False
                    self.generation += 1

        self._pool_of().apply_async(
            _analyze, (self.network, params), callback=done, error_callback=failed
        )

    def is_settled(self, key: Key) -> bool:
        """Whether the cache holds the full analysis of ``key`` (not a quick pass, not nothing)."""
        with self._lock:
            current = self._cache.get(key)
        return current is not None and not is_quick(current)

    def __contains__(self, key: Key) -> bool:
        with self._lock:
            return key in self._cache

    def prefetch(self, keys: list[Key]) -> None:
        """Compute ``keys`` (not yet cached) in one background worker process, in order."""
        keys = [k for k in keys if k not in self][: max(self.size - 1, 0)]
        if not keys:
            return
        pool = self._pool_of()
        with self._lock:
            keys = [k for k in keys if k not in self._pending]
            for key in keys:
                self._pending[key] = threading.Event()
        for key in keys:

            def done(analysis: Analysis, key: Key = key) -> None:
                self.prefetched += 1
                self._put(key, analysis)

            def failed(_error: BaseException, key: Key = key) -> None:
                with self._lock:
                    event = self._pending.pop(key, None)
                if event is not None:
                    event.set()  # the request computes it itself

            pool.apply_async(
                _analyze,
                (self.network, self.params_of(key)),
                callback=done,
                error_callback=failed,
            )

    def pending(self) -> int:
        """How many prefetched windows are still being computed."""
        with self._lock:
            return len(self._pending)

    def info(self) -> dict[str, int]:
        """Hits, misses, prefetched and cached counts."""
        with self._lock:
            return {
                "hits": self.hits,
                "misses": self.misses,
                "prefetched": self.prefetched,
                "cached": len(self._cache),
                "pending": len(self._pending),
                "refined": self.refined,
                "generation": self.generation,
            }

    def clear(self) -> None:
        """Forget every cached analysis."""
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        """Stop the worker process (pending windows are dropped)."""
        with self._lock:
            pool, self._pool = self._pool, None
            events = list(self._pending.values())
            self._pending.clear()
        for event in events:
            event.set()
        if pool is not None:
            pool.terminate()


def estimate_note(analysis: Analysis) -> str:
    """What the dashboard says when path measures are estimates ("" when they are exact).

    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> estimate_note(analyze(graph_from_edges([(0, 1), (1, 2)]).data))
    ''
    """
    paths = analysis.summary.get("paths") or {}
    srm = is_quick(analysis) and bool(analysis.summary.get("srm_pending"))
    if paths.get("exact", True):
        if srm:
            return (
                "The Social Relations Model's leniency and reputation effects of these years "
                "are being computed and appear by themselves."
            )
        return ""
    error = (paths.get("error") or {}).get("top1_relative_halfwidth")
    margin = f" (95 % error of the top 1 %: typically ±{error:.0%})" if error else ""
    head = (
        "Betweenness, closeness and harmonic centrality are estimates from "
        f"{int(paths.get('pivots') or 0):,} sampled organizations{margin}"
    )
    if is_quick(analysis):
        also = " (and the Social Relations Model's leniency and reputation effects)" if srm else ""
        return head + f"; the exact values{also} are being computed and replace them by themselves."
    return head + "."
