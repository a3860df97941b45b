"""Who may see single ratings: the dashboard's roles and the redaction of an analysis.

The partner survey asks each organization how it rates its partners. PARTNER's own guidance
warns that showing trust scores back to partners "can create problems" (Varda & Retrum 2012),
so the dashboard has two roles, given when it starts (``dashboard --role``):

* ``coordinator`` (the default) sees ratings only aggregated: no single organization's rating of
  another, in any table, hover text, download or callback payload;
* ``analyst`` sees everything, the dyads included.

For a coordinator every analysis the dashboard serves is passed through :func:`redact` first
(in :class:`dashboards.data.DashboardData`, before any view, profile, export or report reads it):

* the dyadic tables ``trust_dyads`` and ``srm_dyads`` are emptied (their columns kept);
* in ``ties`` the per-pair trust (``trust_ab``, ``trust_ba``, ``trust``) is blanked and the
  ``fragile`` / ``untapped_trust`` flags, which disclose whether one organization's rating of
  another is low or high, are cleared;
* an organization's mean trust (or value) received is blanked when fewer than ``min_raters``
  organizations rated it, its mean trust given when it rated fewer than ``min_raters``, and the
  same for its Social Relations Model target and rater effects — a mean of one answer *is* that
  answer;
* a sector × sector cell of ``sector_trust`` is blanked when it holds fewer than ``min_raters``
  answers, and its asymmetry when either direction is blank.

Limits: the rule is per served analysis. Someone comparing the means of two time windows in which
exactly one new rating arrived can still work that rating out; the analyst role and the survey's
``export --role partner`` threshold are the coarse controls.

Example
-------
>>> import pandas as pd
>>> t = {"trust_dyads": pd.DataFrame({"a": ["x"], "b": ["y"], "trust_ab": [1.0]})}
>>> len(redact_tables(t)["trust_dyads"])
0
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd

from stakeholder_graph.analysis import Analysis

COORDINATOR = "coordinator"
ANALYST = "analyst"
ROLES: tuple[str, ...] = (COORDINATOR, ANALYST)
DEFAULT_ROLE = COORDINATOR
MIN_RATERS = 3
"""Fewest answers behind any rating mean a coordinator sees (as ``survey export``'s default)."""

DYAD_TABLES: tuple[str, ...] = ("trust_dyads", "srm_dyads")
"""Tables whose every row is one organization's rating of another."""

TIE_RATINGS: tuple[str, ...] = ("trust_ab", "trust_ba", "trust")
TIE_FLAGS: tuple[str, ...] = ("fragile", "untapped_trust")

NOTE = (
    "Ratings are shown aggregated: no organization's rating of another is shown in this "
    "coordinator view (PARTNER's guidance: showing trust scores back to partners can create "
    f"problems). Means resting on fewer than {MIN_RATERS} answers are blank. An analyst starts "
    "the dashboard with --role analyst to see the dyads."
)
"""Shown wherever dyads are hidden."""


def _blank(frame: pd.DataFrame, columns: tuple[str, ...], where: np.ndarray) -> pd.DataFrame:
    present = [c for c in columns if c in frame.columns]
    if present and where.any():
        frame.loc[where, present] = np.nan
    return frame


def _few(frame: pd.DataFrame, count: str, min_raters: int) -> np.ndarray:
    if count not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return pd.to_numeric(frame[count], errors="coerce").fillna(0).to_numpy() < min_raters


def _sector_trust(frame: pd.DataFrame, min_raters: int) -> pd.DataFrame:
    out = frame.copy()
    few = _few(out, "n", min_raters)
    out = _blank(out, ("trust", "relationship"), few)
    hidden = pd.Series(few, index=pd.MultiIndex.from_frame(out[["rater_sector", "ratee_sector"]]))
    mirror = pd.MultiIndex.from_arrays([out["ratee_sector"], out["rater_sector"]])
    either = few | hidden.reindex(mirror).fillna(True).to_numpy(dtype=bool)
    return _blank(out, ("asymmetry", "relationship_asymmetry"), either)


def redact_tables(
    tables: dict[str, pd.DataFrame], min_raters: int = MIN_RATERS
) -> dict[str, pd.DataFrame]:
    """The analysis tables a coordinator may see (see the module's rules); inputs untouched.

    Example
    -------
    >>> org = pd.DataFrame({"id": ["x", "y"], "trust_received": [2.0, 3.5],
    ...                     "n_received": [1, 4], "trust_given": [3.0, 3.0], "n_given": [5, 2]})
    >>> out = redact_tables({"organization_trust": org})["organization_trust"]
    >>> out["trust_received"].tolist(), out["trust_given"].tolist()
    ([nan, 3.5], [3.0, nan])
    """
    out = dict(tables)
    for name in DYAD_TABLES:
        if name in out:
            out[name] = out[name].iloc[0:0].copy()
    ties = out.get("ties")
    if ties is not None:
        ties = ties.copy()
        for column in TIE_RATINGS:
            if column in ties.columns:
                ties[column] = np.nan
        for column in TIE_FLAGS:
            if column in ties.columns:
                ties[column] = False
        out["ties"] = ties
    org = out.get("organization_trust")
    if org is not None:
        org = org.copy()
        org = _blank(org, ("trust_received",), _few(org, "n_received", min_raters))
        org = _blank(org, ("trust_given",), _few(org, "n_given", min_raters))
        org = _blank(org, ("value_received",), _few(org, "n_value", min_raters))
        out["organization_trust"] = org
    srm = out.get("srm")
    if srm is not None:
        srm = srm.copy()
        srm = _blank(srm, ("target_effect", "target_se"), _few(srm, "n_received", min_raters))
        srm = _blank(srm, ("rater_effect", "rater_se"), _few(srm, "n_given", min_raters))
        out["srm"] = srm
    sector = out.get("sector_trust")
    if sector is not None:
        out["sector_trust"] = _sector_trust(sector, min_raters)
    return out


def redact(analysis: Analysis, min_raters: int = MIN_RATERS) -> Analysis:
    """``analysis`` with :func:`redact_tables` applied (graph, parameters and summary shared)."""
    return dataclasses.replace(analysis, tables=redact_tables(analysis.tables, min_raters))


def sector_pairs(sector_trust: pd.DataFrame) -> pd.DataFrame:
    """Sector-level stand-in for the dyadic gaps table: one row per pair of sectors.

    Columns ``a``, ``b`` (sectors), ``trust_ab`` (how ``a``'s organizations rate ``b``'s),
    ``trust_ba``, ``gap`` (their difference), ``n_ab``, ``n_ba`` (answers behind each mean),
    largest gap first; a sector's trust in itself has no gap.

    Example
    -------
    >>> st = pd.DataFrame({"rater_sector": ["civil", "public"], "ratee_sector": ["public", "civil"],
    ...                    "trust": [1.8, 3.0], "n": [26, 22]})
    >>> sector_pairs(st)[["a", "b", "trust_ab", "trust_ba", "gap"]].values.tolist()
    [['civil', 'public', 1.8, 3.0, -1.2]]
    """
    columns = ["a", "b", "trust_ab", "trust_ba", "gap", "n_ab", "n_ba"]
    if sector_trust is None or sector_trust.empty:
        return pd.DataFrame(columns=columns)
    cell = sector_trust.set_index(["rater_sector", "ratee_sector"])
    rows = []
    seen: set[frozenset[str]] = set()
    for a, b in cell.index:
        key = frozenset((a, b))
        if key in seen or (b, a) not in cell.index:
            continue
        seen.add(key)
        ab, ba = cell.loc[(a, b)], cell.loc[(b, a)]
        gap = ab["trust"] - ba["trust"] if a != b else np.nan
        rows.append([a, b, ab["trust"], ba["trust"], round(gap, 6), ab["n"], ba["n"]])
    frame = pd.DataFrame(rows, columns=columns)
    order = np.argsort(-frame["gap"].abs().fillna(-1).to_numpy(), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


class Redacting:
    """``get(key)`` redacted: a cache of :func:`redact` over an analysis source.

    The redacted copy is reused while ``get`` returns the same analysis object for the key, and
    made anew when it returns another (a full analysis replacing a quick first pass, a cleared
    store), so a coordinator never sees stale numbers nor an unredacted table.

    Example
    -------
    >>> from stakeholder_graph.analysis import analyze
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> a = analyze(graph_from_edges([(0, 1), (1, 2)]).data)
    >>> r = Redacting(lambda key: a)
    >>> r("k") is r("k") and r("k") is not a
    True
    """

    def __init__(self, get: Callable[[Hashable], Analysis], size: int = 12) -> None:
        self.get, self.size = get, size
        self._cache: OrderedDict[Hashable, tuple[Analysis, Analysis]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, key: Hashable) -> Analysis:
        source = self.get(key)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] is source:
                self._cache.move_to_end(key)
                return hit[1]
        redacted = redact(source)
        with self._lock:
            self._cache[key] = (source, redacted)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return redacted

    def cache_clear(self) -> None:
        """Forget every redacted copy."""
        with self._lock:
            self._cache.clear()


TRUST_CHANGE_NOTE = "Trust change is shown to analysts only (dashboard --role analyst)"
"""Shown in place of the Change view's trust chart for a coordinator: a period's mean can rest
on a single organization's answers, and the comparison does not count them."""


def redact_comparison(result: dict[str, object]) -> dict[str, object]:
    """A comparison (:func:`stakeholder_graph.network.change.compare`) a coordinator may see.

    Its per-period trust means carry no answer counts, so none can be shown safely: every
    trust column of ``organizations`` and ``sectors`` is blanked and the dyadic changes are
    dropped. Ties, measures and the summary are kept; the input is untouched.

    Example
    -------
    >>> orgs = pd.DataFrame({"id": ["x"], "degree_before": [1], "trust_received_before": [2.0]})
    >>> out = redact_comparison({"organizations": orgs, "trust_dyads": orgs})
    >>> out["organizations"]["trust_received_before"].isna().all(), "trust_dyads" in out
    (True, False)
    """
    out = {k: v for k, v in result.items() if k != "trust_dyads"}
    for name in ("organizations", "sectors"):
        frame = out.get(name)
        if isinstance(frame, pd.DataFrame):
            frame = frame.copy()
            trust = [c for c in frame.columns if str(c).startswith("trust")]
            frame[trust] = np.nan
            out[name] = frame
    return out
