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

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from dashboards.background import BackgroundStore
from dashboards.data import DashboardData, View
from dashboards.precompute import QUICK_PIVOTS
from dashboards.privacy import redact_comparison
from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.errors import InputError
from stakeholder_graph.network.change import MEASURES, compare_periods, parse_period
from stakeholder_graph.network.graph import GraphOptions
from stakeholder_graph.network.periods import Period, measure_period

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


def _measure_periods(network: NetworkData, periods: list[GraphOptions], seed: int) -> list[Period]:
    """The exact periods (what the worker computes)."""
    return [measure_period(network, options, seed) for options in periods]


def is_estimate(result: dict[str, Any]) -> bool:
    """Whether ``result`` is a quick comparison (its exact values are being computed)."""
    return bool(result.get("refining", False))


def _settle(result: dict[str, Any]) -> None:
    result["refining"] = False  # the estimates stay, no longer announced as being refined


class ComparisonStore:
    """Comparisons of two periods, cached (least recently used out), computed once each
    (a :class:`~dashboards.background.BackgroundStore` keyed by the two periods' options).

    A request for a pair another request (or the background worker) is computing waits for it.
    :meth:`prefetch` computes a pair in a low-priority worker process, so the Change view of a
    large network opens from the cache. The periods measured (:class:`Period`) are kept too, so
    a new pair that shares a period with one compared already measures only the other.

    In a large network (``quick``) a new pair is answered at once by a *quick* comparison: a
    period not measured yet has its path measures (betweenness, closeness, harmonic) estimated
    from :data:`~dashboards.precompute.QUICK_PIVOTS` sampled organizations, and
    ``result["estimate"]`` says which period and with what error; the worker measures it
    exactly and the exact comparison — :func:`~stakeholder_graph.network.change.compare`'s own
    — replaces the quick one by itself.
    """

    def __init__(self, data: DashboardData, size: int = 6, quick: bool | None = None) -> None:
        self.data = data
        self.network = in_key_order(data.network)
        self.seed = 42  # compare's
        self.quick = data.analyses.quick if quick is None else quick
        self._periods: OrderedDict[Hashable, Period] = OrderedDict()
        self._periods_size = 2 * size
        self._lock = threading.Lock()
        self.store: BackgroundStore[dict[str, Any]] = BackgroundStore(
            compute=self._exact,
            task=self._task,
            size=size,
            quick=self._quick if self.quick else None,
            is_quick=is_estimate,
            settle=_settle,
            finish=self._finish,
        )

    def _key(self, before: str, after: str, types: tuple[str, ...]) -> tuple[Any, ...]:
        b = period_options(self.data, before, "before", types)
        a = period_options(self.data, after, "after", types)
        return (b, a)

    # -- periods -----------------------------------------------------------------------------
    def _keep(self, period: Period) -> Period:
        with self._lock:
            self._periods[period.options] = period
            self._periods.move_to_end(period.options)
            while len(self._periods) > self._periods_size:
                self._periods.popitem(last=False)
        return period

    def _known(self, options: GraphOptions) -> Period | None:
        with self._lock:
            period = self._periods.get(options)
            if period is not None:
                self._periods.move_to_end(options)
            return period

    def _period(self, options: GraphOptions, estimate: bool = False) -> Period:
        """The exact period of ``options`` (kept), or with ``estimate`` its quick measurement
        when it is not known yet (not kept)."""
        period = self._known(options)
        if period is not None:
            return period
        if estimate:
            return measure_period(self.network, options, self.seed, pivots=QUICK_PIVOTS)
        return self._keep(measure_period(self.network, options, self.seed))

    # -- the store's functions ---------------------------------------------------------------
    def _exact(self, key: tuple[Any, ...]) -> dict[str, Any]:
        before, after = (self._period(options) for options in key)
        return compare_periods(self.network, before, after)

    def _quick(self, key: tuple[Any, ...]) -> dict[str, Any]:
        before, after = (self._period(options, estimate=True) for options in key)
        result = compare_periods(self.network, before, after)
        estimated = {
            name: period.paths
            for name, period in (("before", before), ("after", after))
            if not period.exact
        }
        if estimated:
            result["estimate"] = estimated
            result["refining"] = True
        return result

    def _task(self, key: tuple[Any, ...]) -> Any:
        missing = [options for options in key if self._known(options) is None]
        return _measure_periods, (self.network, list(dict.fromkeys(missing)), self.seed)

    def _finish(self, key: tuple[Any, ...], periods: list[Period]) -> dict[str, Any]:
        for period in periods:
            self._keep(period)
        return self._exact(key)

    # -- public ------------------------------------------------------------------------------
    def get(self, before: str, after: str, types: tuple[str, ...] = ()) -> dict[str, Any]:
        """:func:`~stakeholder_graph.network.change.compare` of two periods (cached); in a
        large network a quick comparison first (see :func:`is_estimate`)."""
        return self.store.get(self._key(before, after, types))

    def is_settled(self, before: str, after: str, types: tuple[str, ...] = ()) -> bool:
        """Whether the exact comparison of the pair is cached."""
        return self.store.is_settled(self._key(before, after, types))

    def prefetch(self, before: str | None, after: str | None, types: tuple[str, ...] = ()) -> None:
        """Compute the pair in a background worker process (nothing when a period is missing)."""
        if before is None or after is None:
            return
        self.store.prefetch([self._key(before, after, types)])

    def pending(self) -> int:
        """How many comparisons are being computed."""
        return self.store.pending()

    def close(self) -> None:
        """Stop the worker process."""
        self.store.close()


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
    moved = np.flatnonzero(np.isfinite(change) & (change != 0))
    names = orgs["name"].astype(str).to_numpy()[moved]
    shown = moved[np.lexsort((names, -np.abs(change[moved])))[:limit]]
    rows = orgs.iloc[shown]  # the status words only for the rows shown
    frame = pd.DataFrame(
        {
            "id": rows["id"].to_numpy(),
            "name": rows["name"].to_numpy(),
            "sector": rows["sector"].to_numpy(),
            "before": rows[f"{measure}_before"].to_numpy(float),
            "after": rows[f"{measure}_after"].to_numpy(float),
            "change": change[shown],
            "degree_before": rows["degree_before"].to_numpy(float),
            "degree_after": rows["degree_after"].to_numpy(float),
            "status": status_text(rows).to_numpy(),
        }
    )
    return frame, len(moved)


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


def estimate_note(result: dict[str, Any]) -> str:
    """What the Change view says when a period's path measures are estimates ("" when the
    comparison is exact).

    >>> window = {"since": "2022-01-01", "until": "2022-12-31"}
    >>> paths = {"exact": False, "pivots": 256, "error": {"top1_relative_halfwidth": 0.3}}
    >>> print(estimate_note({"summary": {"before": {"window": window}}, "refining": True,
    ...                      "estimate": {"before": paths}}))
    Betweenness, closeness and harmonic centrality of the before period (2022-01-01 – 2022-12-31) are estimates from 256 sampled organizations (95 % error of the top 1 %: typically ±30%); every other figure is exact. The exact comparison is being computed and replaces them by itself.
    """
    estimated = result.get("estimate") or {}
    if not estimated:
        return ""
    sentences = []
    for name, paths in estimated.items():
        error = (paths.get("error") or {}).get("top1_relative_halfwidth")
        margin = f" (95 % error of the top 1 %: typically ±{error:.0%})" if error else ""
        window = window_words(result["summary"][name]["window"])
        sentences.append(
            f"Betweenness, closeness and harmonic centrality of the {name} period ({window}) "
            f"are estimates from {int(paths.get('pivots') or 0):,} sampled organizations{margin}"
        )
    text = "; ".join(sentences) + "; every other figure is exact."
    if is_estimate(result):
        text += " The exact comparison is being computed and replaces them by itself."
    return text
