"""Analyses per time window and interaction types: cached, and computed ahead in the background.

A year change in the dashboard means a new analysis (every centrality depends on which ties are
in the window). :class:`AnalysisStore` keeps the analyses it has made (least recently used first
out) and, when asked with :meth:`AnalysisStore.prefetch`, computes the windows a coordinator is
likely to pick next — each later start year up to the last, each earlier end year — in one
worker process at low priority, so the answer is ready when the slider moves. A request for a
window the worker is computing waits for it instead of computing it twice; any other window is
computed on the spot. The worker process is separate (``spawn``), so the server's own threads keep
answering while it works.

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
from typing import Any

from stakeholder_graph.analysis import Analysis, AnalysisParams, analyze
from stakeholder_graph.dataset.model import NetworkData

Key = tuple[Any, ...]


def windows_to_prefetch(years: tuple[int, int] | None) -> list[tuple[int | None, int | None]]:
    """``(year_from, year_to)`` windows likely to be chosen next: one end moved, most likely first."""
    if years is None or years[1] <= years[0]:
        return []
    first, last = years
    starts = [(y, None) for y in range(first + 1, last + 1)]
    ends = [(None, y) for y in range(last - 1, first - 1, -1)]
    return [*starts, *ends]


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
    """

    def __init__(
        self, network: NetworkData, params_of: Callable[[Key], AnalysisParams], size: int = 8
    ) -> None:
        self.network = network
        self.params_of = params_of
        self.size = size
        self._cache: OrderedDict[Hashable, Analysis] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self._pool: Any = None
        self.hits = self.misses = self.prefetched = 0

    def _put(self, key: Hashable, analysis: Analysis) -> None:
        with self._lock:
            self._cache[key] = analysis
            self._cache.move_to_end(key)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
            event = self._pending.pop(key, None)
        if event is not None:
            event.set()

    def get(self, key: Key) -> Analysis:
        """The analysis of ``key``: cached, awaited (from the worker or another request), or
        computed now — never twice at the same time."""
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
        try:
            analysis = analyze(self.network, self.params_of(key))
        except BaseException:
            with self._lock:
                self._pending.pop(key, None)
            event.set()
            raise
        self._put(key, analysis)
        return analysis

    def __contains__(self, key: Key) -> bool:
        with self._lock:
            return key in self._cache

    def prefetch(self, keys: list[Key]) -> None:
        """Compute ``keys`` (not yet cached) in one background worker process, in order."""
        keys = [k for k in keys if k not in self][: max(self.size - 1, 0)]
        if not keys:
            return
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = context.Pool(1, initializer=_init_worker)
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

            self._pool.apply_async(
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
