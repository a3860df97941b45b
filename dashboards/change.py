"""The Change view's data: two periods compared with :func:`stakeholder_graph.network.change.compare`.

A period is written as on the command line (``compare --before``): a calendar year ``2023`` or
``START:END`` dates (``2023-01-01:2023-06-30``, either end open). :func:`comparison` runs the
comparison once per pair of periods and interaction types (cached in
:meth:`dashboards.data.DashboardData.memo`); the other functions here are pure tables over its
result, restricted to the organizations the filters show. With ``precompute`` the app compares the
default periods in a background process (:func:`prefetch_default`).

>>> default_periods(pd.Series(pd.to_datetime(["2022-03-01", "2024-12-20"])))
('2023', '2024')
>>> default_periods(pd.Series(pd.to_datetime(["2022-03-01", "2025-06-30"])))
('2023', '2024')
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from dashboards.data import DashboardData, View
from dashboards.privacy import redact_comparison
from stakeholder_graph.errors import InputError
from stakeholder_graph.network.change import MEASURES, compare, parse_period

MEASURE_LABELS: dict[str, str] = {
    "degree": "partners (degree)",
    "strength": "strength",
    "betweenness_norm": "betweenness",
    "harmonic": "harmonic closeness",
    "pagerank": "PageRank",
    "constraint": "constraint",
    "trust_received": "trust received",
    "trust_given": "trust given",
    "cross_sector_partners": "cross-sector partners",
}
"""Human names of the compared measures (:data:`stakeholder_graph.network.change.MEASURES`)."""

SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("organizations_active", "organizations with a tie", "int"),
    ("ties", "ties", "int"),
    ("density", "density", "float"),
    ("average_degree", "average partners", "float"),
    ("components", "connected components", "int"),
    ("largest_component", "largest component", "int"),
    ("cross_sector_share", "cross-sector share", "pct"),
    ("planning_share", "planning share", "pct"),
    ("modularity", "modularity", "float"),
)
"""``(key of the compare summary, label, format)`` of the before/after summary table."""

GLOSSARY_KEYS: dict[str, str] = {
    "components": "connected_components",
    "organizations_active": "density",
    "average_degree": "density",
    "largest_component": "connected_components",
    "modularity": "community",
}
"""Summary keys explained by another glossary entry (``docs/metrics.md``)."""


def _nice() -> None:
    with contextlib.suppress(OSError):
        os.nice(10)  # the worker yields to the server's callbacks


MOVERS_LIMIT = 500
"""Rows of the movers table (the largest changes first)."""


def default_periods(dates: pd.Series) -> tuple[str | None, str | None]:
    """The last two *complete* calendar years of ``dates`` (a year ending before December is
    partial and would look like a collapse); ``(None, None)`` with fewer than two years."""
    dates = pd.to_datetime(dates).dropna()
    if dates.empty:
        return None, None
    first, last = dates.min(), dates.max()
    end = last.year if last.month == 12 else last.year - 1
    if end - 1 < first.year:
        return None, None
    return str(end - 1), str(end)


def period_text(value: Any) -> str | None:
    """A period as typed, trimmed (``None`` when empty)."""
    text = str(value or "").strip()
    return text or None


def period_options(data: DashboardData, period: str, name: str, types: tuple[str, ...]) -> Any:
    """The graph options of ``period``: the dashboard's, with the period's dates and, when given,
    the interaction types (an :class:`InputError` names a period that does not read)."""
    window = parse_period(period, name)
    return replace(
        data.params.graph,
        since=window.since,
        until=window.until,
        types=types or data.params.graph.types,
    )


class ComparisonStore:
    """Comparisons of two periods, cached (least recently used out), computed once each.

    A request for a pair another request (or the background worker) is computing waits for it.
    :meth:`prefetch` computes a pair in a low-priority worker process, so the Change view of a
    large network opens from the cache.
    """

    def __init__(self, data: DashboardData, size: int = 6) -> None:
        self.data = data
        self.size = size
        self._cache: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self._pool: Any = None

    def _key(self, before: str, after: str, types: tuple[str, ...]) -> tuple[Any, ...]:
        b = period_options(self.data, before, "before", types)
        a = period_options(self.data, after, "after", types)
        return (b, a)

    def _put(self, key: Hashable, result: dict[str, Any]) -> None:
        with self._lock:
            self._cache[key] = result
            self._cache.move_to_end(key)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
            event = self._pending.pop(key, None)
        if event is not None:
            event.set()

    def get(self, before: str, after: str, types: tuple[str, ...] = ()) -> dict[str, Any]:
        """:func:`~stakeholder_graph.network.change.compare` of two periods (cached)."""
        key = self._key(before, after, types)
        while True:
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return self._cache[key]
                event = self._pending.get(key)
                if event is None:
                    event = self._pending[key] = threading.Event()
                    break
            event.wait(timeout=600)
        try:
            result = compare(self.data.network, *key)
        except BaseException:
            with self._lock:
                self._pending.pop(key, None)
            event.set()
            raise
        self._put(key, result)
        return result

    def prefetch(self, before: str | None, after: str | None, types: tuple[str, ...] = ()) -> None:
        """Compute the pair in a background worker process (nothing when a period is missing)."""
        if before is None or after is None:
            return
        key = self._key(before, after, types)
        with self._lock:
            if key in self._cache or key in self._pending:
                return
            self._pending[key] = threading.Event()
            if self._pool is None:
                self._pool = multiprocessing.get_context("spawn").Pool(1, initializer=_nice)

        def failed(_error: BaseException) -> None:
            with self._lock:
                event = self._pending.pop(key, None)
            if event is not None:
                event.set()  # the request computes it itself

        self._pool.apply_async(
            compare,
            (self.data.network, *key),
            callback=lambda result: self._put(key, result),
            error_callback=failed,
        )

    def pending(self) -> int:
        """How many comparisons are being computed."""
        with self._lock:
            return len(self._pending)

    def close(self) -> None:
        """Stop the worker process."""
        with self._lock:
            pool, self._pool = self._pool, None
            events = list(self._pending.values())
            self._pending.clear()
        for event in events:
            event.set()
        if pool is not None:
            pool.terminate()


def comparisons(data: DashboardData) -> ComparisonStore:
    """The comparison store of ``data`` (made on first use)."""
    with _STORES_LOCK:
        store = getattr(data, "_comparisons", None)
        if store is None:
            store = ComparisonStore(data)
            data._comparisons = store  # type: ignore[attr-defined]
        return store


_STORES_LOCK = threading.Lock()


def prefetch_default(data: DashboardData) -> None:
    """Compare the default periods (:func:`default_periods`) in the background."""
    comparisons(data).prefetch(*default_periods(data.network.interactions["date"]))


def comparison(
    data: DashboardData, before: str, after: str, types: tuple[str, ...] = ()
) -> dict[str, Any]:
    """:func:`~stakeholder_graph.network.change.compare` of two periods, once per pair and
    interaction types (see :class:`ComparisonStore`); for a coordinator without the trust
    figures (:func:`dashboards.privacy.redact_comparison`)."""
    result = comparisons(data).get(before, after, types)
    return result if data.analyst else redact_comparison(result)


def check_periods(before: str | None, after: str | None) -> str:
    """``""`` when both periods read, else a sentence saying which does not and why."""
    problems = []
    for name, value in (("before", before), ("after", after)):
        if value is None:
            problems.append(f"choose the {name} period")
            continue
        try:
            parse_period(value, name)
        except InputError as error:
            problems.append(str(error))
    return "; ".join(problems)


def _visible(frame: pd.DataFrame, view: View, ends: tuple[str, ...]) -> pd.DataFrame:
    if not view.state.has_org_filter() or frame.empty:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    for end in ends:
        keep &= frame[end].isin(view.visible_ids).to_numpy()
    return frame[keep].reset_index(drop=True)


def tie_changes(result: dict[str, Any], view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gained and lost ties between organizations the filters show."""
    return (
        _visible(result["ties_gained"], view, ("a", "b")),
        _visible(result["ties_lost"], view, ("a", "b")),
    )


def status_text(frame: pd.DataFrame) -> pd.Series:
    """Entered / left / became or stopped being isolated / moved community, as words."""
    words = {
        "entered": "entered",
        "left": "left",
        "became_isolated": "lost every tie",
        "stopped_isolated": "found a first tie",
        "moved": "changed community",
    }
    parts = [
        np.where(frame[col].fillna(False).to_numpy(bool), text, "")
        for col, text in words.items()
        if col in frame.columns
    ]
    if not parts:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    joined = pd.Series(["; ".join(p for p in row if p) for row in zip(*parts, strict=True)])
    return pd.Series(joined.to_numpy(), index=frame.index, dtype=object)


def movers(
    result: dict[str, Any], view: View, measure: str, limit: int = MOVERS_LIMIT
) -> tuple[pd.DataFrame, int]:
    """The organizations whose ``measure`` changed most (by absolute change), and how many
    organizations changed at all.

    Columns: ``id, name, sector, before, after, change, degree_before, degree_after, status``.

    Examples
    --------
    >>> # movers(result, view, "degree") — see tests/unit/test_dashboard_change.py
    """
    if measure not in MEASURES:
        measure = "degree"
    orgs = _visible(result["organizations"], view, ("id",))
    change = orgs[f"{measure}_change"].to_numpy(float)
    moved = np.isfinite(change) & (change != 0)
    frame = pd.DataFrame(
        {
            "id": orgs["id"].to_numpy(),
            "name": orgs["name"].to_numpy(),
            "sector": orgs["sector"].to_numpy(),
            "before": orgs[f"{measure}_before"].to_numpy(float),
            "after": orgs[f"{measure}_after"].to_numpy(float),
            "change": change,
            "degree_before": orgs["degree_before"].to_numpy(float),
            "degree_after": orgs["degree_after"].to_numpy(float),
            "status": status_text(orgs).to_numpy(),
        }
    )[moved]
    order = np.lexsort((frame["name"].astype(str).to_numpy(), -np.abs(frame["change"].to_numpy())))
    return frame.iloc[order[:limit]].reset_index(drop=True), int(moved.sum())


def summary_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows ``key, label, kind, before, after, change`` of the network-level summary."""
    summary = result["summary"]
    rows = []
    for key, text, kind in SUMMARY_ROWS:
        before = summary["before"].get(key)
        after = summary["after"].get(key)
        if before is None or after is None:
            continue
        rows.append(
            {
                "key": key,
                "label": text,
                "kind": kind,
                "before": before,
                "after": after,
                "change": after - before,
            }
        )
    return rows


def window_words(window: dict[str, str | None]) -> str:
    """``2023-01-01 – 2023-12-31``, with "the start" / "the end" for open ends.

    >>> window_words({"since": None, "until": "2023-12-31"})
    'the start – 2023-12-31'
    """
    return f"{window.get('since') or 'the start'} – {window.get('until') or 'the end'}"
