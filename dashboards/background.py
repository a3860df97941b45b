"""Values computed once per key: cached, awaited, computed ahead in a worker process, or answered
by a quick first pass that the exact value replaces when the worker has it.

:class:`BackgroundStore` is the pattern both the year windows' analyses
(:class:`dashboards.precompute.AnalysisStore`) and the Change view's comparisons
(:class:`dashboards.change.ComparisonStore`) follow:

* a least-recently-used cache of ``size`` values under immutable keys;
* a value is computed once: a request for a key another request (or the worker) is computing
  waits for it instead of computing it twice;
* :meth:`BackgroundStore.prefetch` hands keys to one low-priority worker process (``spawn``, so
  the server's own threads keep answering while it works);
* with a ``quick`` function, a key asked for on the spot is answered by it first; the worker
  computes the exact value, which replaces the quick one when it lands
  (:attr:`BackgroundStore.generation` moves on, so caches keyed by it are rebuilt);
* with a ``first`` function too, a request that needs only part of the value
  (``get(key, first=True)``) is answered by that cheaper *first look*; a later request that needs
  the whole value upgrades it by the quick pass. A value is never replaced by a lesser one (first
  look < quick < exact), and the worker computes each key's exact value once.

What the worker runs is ``task(key)``: a picklable function and its arguments; ``finish(key,
answer)`` turns its answer into the stored value in this process (by default the answer itself).

>>> store = BackgroundStore(compute=lambda key: key * 2, task=lambda key: (abs, (key,)))
>>> store.get(21), store.get(21), store.info()["hits"]
(42, 42, 1)
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
Task = tuple[Callable[..., Any], tuple[Any, ...]]


def _init_worker() -> None:
    with contextlib.suppress(OSError):
        os.nice(10)  # the worker yields to the server's callbacks


def _terminate(pool: Any, patience: float = 5.0) -> None:
    """Stop ``pool`` without hanging: a task larger than a pipe's buffer (a network) that the
    pool's task thread is still writing when its worker is killed would block that thread, and
    ``terminate`` waiting for it, forever; what is left of it is read off the queue instead."""
    stopper = threading.Thread(target=pool.terminate, daemon=True)
    stopper.start()
    stopper.join(timeout=patience)
    reader = getattr(getattr(pool, "_inqueue", None), "_reader", None)
    while stopper.is_alive() and reader is not None:
        try:
            if reader.poll(0.1):
                reader.recv_bytes()
        except (OSError, EOFError):
            break
        stopper.join(timeout=0.1)


def _never_quick(_value: Any) -> bool:
    return False


def _keep(_value: Any) -> None:
    return None


FIRST, QUICK, EXACT = 0, 1, 2
"""How complete a stored value is: a first look, a quick pass, the exact value."""


class BackgroundStore(Generic[V]):
    """Values keyed by an immutable key, computed on demand, ahead of time, or quick first.

    Parameters
    ----------
    compute:
        The exact value of a key, computed in this process.
    task:
        What the worker process runs for a key: ``(function, arguments)``, both picklable.
    size:
        How many values stay in memory (prefetched ones count too).
    quick:
        The quick first pass of a key asked for on the spot (``None``: none, ``compute`` at once).
    is_quick:
        Whether a value is a quick pass (its exact value is on its way).
    settle:
        Called on a quick value whose exact value failed: it stays, no longer announced as
        being refined (so ``is_quick`` must turn false).
    finish:
        The stored value of the worker's answer for a key (default: the answer itself).
    first:
        The first look of a key asked for with ``get(key, first=True)`` (``None``: none, the
        quick pass instead). It must count as quick (``is_quick``) while its exact value is on
        its way.
    is_first:
        Whether a value is a first look (a request for the whole value upgrades it).
    """

    def __init__(
        self,
        compute: Callable[[Any], V],
        task: Callable[[Any], Task],
        size: int = 8,
        quick: Callable[[Any], V] | None = None,
        is_quick: Callable[[V], bool] = _never_quick,
        settle: Callable[[V], None] = _keep,
        finish: Callable[[Any, Any], V] | None = None,
        first: Callable[[Any], V] | None = None,
        is_first: Callable[[V], bool] = _never_quick,
    ) -> None:
        self._compute = compute
        self._task = task
        self._quick = quick
        self._is_quick = is_quick
        self._settle = settle
        self._finish = finish
        self._first = first
        self._is_first = is_first
        self._refining: set[Hashable] = set()
        self.size = size
        self._cache: OrderedDict[Hashable, V] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self._pool: Any = None
        self.hits = self.misses = self.prefetched = self.refined = 0
        self.generation = 0
        """Moves on each time an exact value replaces a quick one (or a refinement fails)."""

    def _rank(self, value: V) -> int:
        if self._is_first(value):
            return FIRST
        return QUICK if self._is_quick(value) else EXACT

    def _put(self, key: Hashable, value: V) -> V:
        """Store ``value`` unless the cache holds a more complete one; return the one kept."""
        with self._lock:
            previous = self._cache.get(key)
            if previous is not None and self._rank(previous) > self._rank(value):
                value = previous  # the exact value landed while a lesser pass was computed
            self._cache[key] = value
            self._cache.move_to_end(key)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
            if previous is not None and self._rank(previous) < self._rank(value):
                self.generation += 1  # caches of the lesser value are stale
                if self._rank(value) == EXACT:
                    self.refined += 1
            event = self._pending.pop(key, None)
        if event is not None:
            event.set()
        return value

    def _pool_of(self) -> Any:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = context.Pool(1, initializer=_init_worker)
            return self._pool

    def get(self, key: Hashable, quick: bool = True, first: bool = False) -> V:
        """The value of ``key``: cached, awaited (from the worker or another request), or
        computed now — never twice at the same time. ``quick=False`` computes the exact value
        at once even when a quick pass is configured; ``first=True`` accepts (and on a miss
        computes) the first look, when one is configured."""
        while True:
            with self._lock:
                cached = self._cache.get(key)
                if cached is not None and (first or not self._is_first(cached)):
                    self._cache.move_to_end(key)
                    self.hits += 1
                    return cached
                event = self._pending.get(key)
                if event is None:
                    event = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            event.wait(timeout=600)  # computed elsewhere; loop to read it (or to compute it)
        try:
            if self._quick is None or not quick:
                value = self._compute(key)
            elif first and self._first is not None:
                value = self._first(key)
            else:
                value = self._quick(key)
        except BaseException:
            with self._lock:
                self._pending.pop(key, None)
            event.set()
            raise
        value = self._put(key, value)
        if self._is_quick(value):
            self._refine(key)
        return value

    def _value_of(self, key: Hashable, answer: Any) -> V:
        return answer if self._finish is None else self._finish(key, answer)

    def _submit(
        self,
        key: Hashable,
        done: Callable[[V], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``task(key)`` in the worker; ``done`` gets its finished value, ``failed`` the error
        (of the worker or of ``finish``: the pool's result thread must never raise)."""

        def landed(answer: Any) -> None:
            try:
                value = self._value_of(key, answer)
            except Exception as error:  # noqa: BLE001 - reported like the worker's own error
                failed(error)
                return
            done(value)

        function, args = self._task(key)
        self._pool_of().apply_async(function, args, callback=landed, error_callback=failed)

    def _refine(self, key: Hashable) -> None:
        """Compute the exact value of ``key`` in the worker (once, however many lesser passes
        it answered first); it replaces the quick one."""
        with self._lock:
            if key in self._refining:
                return
            self._refining.add(key)

        def done(value: V) -> None:
            with self._lock:
                self._refining.discard(key)
                current = self._cache.get(key)
            if current is None or self._is_quick(current):
                self._put(key, value)

        def failed(_error: BaseException) -> None:
            with self._lock:
                self._refining.discard(key)
                current = self._cache.get(key)
                if current is not None and self._is_quick(current):
                    self._settle(current)
                    self.generation += 1

        self._submit(key, done, failed)

    def is_settled(self, key: Hashable) -> bool:
        """Whether the cache holds the exact value of ``key`` (not a quick pass, not nothing)."""
        with self._lock:
            current = self._cache.get(key)
        return current is not None and not self._is_quick(current)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._cache

    def prefetch(self, keys: list[Any]) -> None:
        """Compute ``keys`` (not yet cached) in the background worker process, in order."""
        keys = [k for k in keys if k not in self][: max(self.size - 1, 0)]
        if not keys:
            return
        self._pool_of()
        with self._lock:
            keys = [k for k in keys if k not in self._pending]
            for key in keys:
                self._pending[key] = threading.Event()
        for key in keys:

            def done(value: V, key: Hashable = key) -> None:
                self.prefetched += 1
                self._put(key, value)

            def failed(_error: BaseException, key: Hashable = key) -> None:
                with self._lock:
                    event = self._pending.pop(key, None)
                if event is not None:
                    event.set()  # the request computes it itself

            self._submit(key, done, failed)

    def pending(self) -> int:
        """How many keys are being computed (on the spot or in the worker)."""
        with self._lock:
            return len(self._pending)

    def info(self) -> dict[str, int]:
        """Hits, misses, prefetched, cached, pending and refined counts, and the generation."""
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
        """Forget every cached value."""
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        """Stop the worker process (pending keys are dropped; their waiters compute them)."""
        with self._lock:
            pool, self._pool = self._pool, None
            events = list(self._pending.values())
            self._pending.clear()
            self._refining.clear()
        for event in events:
            event.set()
        if pool is not None:
            _terminate(pool)
