"""The store behind the dashboard's analyses and comparisons: computed once, awaited, prefetched
in a worker process, quick first and replaced by the exact value (or settled when that fails)."""

from __future__ import annotations

import operator
import threading
import time

from dashboards.background import BackgroundStore


def _quick(key: int) -> tuple[str, int]:
    return ("quick", key)


def _is_quick(value: tuple[str, int] | list) -> bool:
    return value[0] == "quick"


def _wait(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()


def test_computed_once_and_awaited_by_a_second_request():
    calls: list[int] = []
    gate = threading.Event()

    def slow(key: int) -> int:
        calls.append(key)
        gate.wait(5)
        return key * 2

    store = BackgroundStore(compute=slow, task=lambda key: (abs, (key,)), size=2)
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(store.get(3))) for _ in range(2)]
    for thread in threads:
        thread.start()
    _wait(lambda: store.pending() == 1)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert answers == [6, 6] and calls == [3]
    store.get(4), store.get(5)  # least recently used out
    assert 3 not in store and store.info()["cached"] == 2


def test_quick_value_replaced_by_the_workers_exact_value():
    store = BackgroundStore(
        compute=lambda key: ("exact", key),
        task=lambda key: (operator.neg, (key,)),
        finish=lambda key, answer: ("exact", -answer),
        quick=_quick,
        is_quick=_is_quick,
    )
    try:
        assert store.get(7) == ("quick", 7) and not store.is_settled(7)
        _wait(lambda: store.is_settled(7))
        assert store.get(7) == ("exact", 7)
        assert store.generation == 1 and store.info()["refined"] == 1
        # the exact value at once when asked for it
        assert store.get(8, quick=False) == ("exact", 8) and store.is_settled(8)
        store.prefetch([9, 7])
        _wait(lambda: store.pending() == 0)
        assert store.get(9) == ("exact", 9) and store.info()["prefetched"] == 1
    finally:
        store.close()


def test_failed_refinement_settles_the_quick_value():
    def settle(value: list) -> None:
        value[0] = "settled"

    store = BackgroundStore(
        compute=lambda key: ["exact", key],
        task=lambda key: (operator.truediv, (key, 0)),  # ZeroDivisionError in the worker
        quick=lambda key: ["quick", key],
        is_quick=_is_quick,
        settle=settle,
    )
    try:
        assert store.get(1) == ["quick", 1]
        _wait(lambda: store.generation == 1)
        assert store.get(1) == ["settled", 1] and store.is_settled(1)
    finally:
        store.close()


def test_first_look_upgraded_on_demand_refined_once_and_never_downgraded():
    landed: list[int] = []

    def finish(key: int, _answer: None) -> tuple[str, int]:
        landed.append(key)
        return ("exact", key)

    store = BackgroundStore(
        compute=lambda key: ("exact", key),
        task=lambda key: (time.sleep, (0.5,)),  # the worker's exact pass takes a while
        finish=finish,
        quick=_quick,
        is_quick=lambda value: value[0] in ("quick", "first"),
        first=lambda key: ("first", key),
        is_first=lambda value: value[0] == "first",
    )
    try:
        assert store.get(7, first=True) == ("first", 7)
        assert store.get(7, first=True) == ("first", 7) and store.info()["hits"] == 1
        assert not store.is_settled(7) and store.generation == 0
        # a reader of the whole value upgrades the first look by the quick pass
        assert store.get(7) == ("quick", 7) and store.generation == 1
        assert store.get(7, first=True) == ("quick", 7)  # more than a first look needs
        _wait(lambda: store.is_settled(7))
        assert store.get(7, first=True) == ("exact", 7) and store.generation == 2
        time.sleep(1.0)  # a second exact pass, had one been started, would have landed
        assert landed == [7] and store.info()["refined"] == 1
        # a lesser pass landing late never replaces the exact value
        assert store._put(7, ("quick", 7)) == ("exact", 7) and store.get(7) == ("exact", 7)
        # without a first look configured, first=True is the quick pass
        plain = BackgroundStore(compute=lambda key: ("exact", key), task=lambda key: (abs, (key,)))
        assert plain.get(3, first=True) == ("exact", 3)
    finally:
        store.close()
