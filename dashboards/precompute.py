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

A view that reads only the isolation flags (the Isolated NGOs view, the sidebar's counts) asks
with ``first=True`` and is answered by a cheaper *first look* still (:func:`first_look`: the
window's graph and its isolation flags, the same as the full analysis's, and nothing else);
another view asking for the window then upgrades it by the quick pass, and the background
worker's full analysis replaces either.

>>> windows_to_prefetch((2021, 2025))
[(2022, None), (2023, None), (2024, None), (2025, None), (None, 2024), (None, 2023), (None, 2022), (None, 2021)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from dashboards.background import BackgroundStore
from stakeholder_graph.analysis import Analysis, AnalysisParams, _isolation_window, analyze
from stakeholder_graph.bounds import check_network_values
from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.network import isolation
from stakeholder_graph.network.graph import build_graph
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
    """Whether ``analysis`` is the quick first pass or a first look (the full one is on its
    way)."""
    return bool(analysis.summary.get("quick", False))


def is_first_look(analysis: Analysis) -> bool:
    """Whether ``analysis`` is a first look: the graph and the isolation flags only."""
    return bool(analysis.summary.get("first_look", False))


FIRST_LOOK = "first look"


def stage(analysis: Analysis) -> str:
    """``first look``, ``quick`` or ``exact``: what caches derived from ``analysis`` key on."""
    if is_first_look(analysis):
        return FIRST_LOOK
    return "quick" if is_quick(analysis) else "exact"


FIRST_LOOK_TABLES = ("isolated",)
"""The tables of a first look."""


def first_look(network: NetworkData, params: AnalysisParams) -> Analysis:
    """The window's graph and isolation flags, as :func:`~stakeholder_graph.analysis.analyze`
    computes them (the same table), and nothing else: what the Isolated NGOs view shows, in a
    tenth of a quick analysis (no centrality, brokerage, trust or allies).

    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> look = first_look(graph_from_edges([(0, 1), (1, 2)]).data, AnalysisParams())
    >>> sorted(look.tables), is_first_look(look), look.summary["size"]["ties"]
    (['isolated'], True, 2)
    """
    check_network_values(network)
    data = in_key_order(network)
    g = build_graph(data, params.graph)
    tables = {"isolated": isolation.flag_isolated(g, params)}
    summary: dict[str, Any] = {
        "name": data.name,
        "source": data.source,
        "size": {"organizations": g.n, "ties": int(g.graph.ecount())},
        "isolation_window": _isolation_window(g, params),
        "parameters": params.as_dict(),
        "tables": {name: int(len(frame)) for name, frame in tables.items()},
        "warnings": list(data.warnings),
        "first_look": True,
        "quick": True,
    }
    return Analysis(graph=g, params=params, tables=tables, summary=summary)


def _analyze(network: NetworkData, params: AnalysisParams) -> Analysis:
    return analyze(network, params)


def _settle(quick: Analysis) -> None:
    # a first look stays one (a request for the whole window computes the quick pass)
    quick.summary["quick"] = False  # the estimates stay, no longer announced as being refined


class AnalysisStore(BackgroundStore[Analysis]):
    """Analyses keyed by an immutable key, computed on demand or prefetched
    (a :class:`~dashboards.background.BackgroundStore` of analyses).

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
        self.quick = quick_above is not None and len(network.organizations) > quick_above
        super().__init__(
            compute=lambda key: analyze(network, params_of(key)),
            task=lambda key: (_analyze, (network, params_of(key))),
            size=size,
            quick=self._quick_pass if self.quick else None,
            is_quick=is_quick,
            settle=_settle,
            first=self._first_look if self.quick else None,
            is_first=is_first_look,
        )

    def _first_look(self, key: Key) -> Analysis:
        return first_look(self.network, self.params_of(key))

    def _quick_pass(self, key: Key) -> Analysis:
        params = self.params_of(key)
        analysis = analyze(self.network, quick_params(params))
        analysis.summary["quick"] = True
        analysis.summary["srm_pending"] = _srm_pending(analysis, params)
        return analysis

    def get(self, key: Key, quick: bool = True, first: bool = False) -> Analysis:
        """The analysis of ``key``: cached, awaited (from the worker or another request), or
        computed now — never twice at the same time. ``quick=False`` computes the full analysis
        at once even in a large network (the one computed when the app starts); ``first=True``
        accepts a first look (:func:`first_look`) in a large network."""
        return super().get(key, quick, first)


def estimate_note(analysis: Analysis) -> str:
    """What the dashboard says when path measures are estimates ("" when they are exact).

    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> estimate_note(analyze(graph_from_edges([(0, 1), (1, 2)]).data))
    ''
    """
    if is_first_look(analysis):
        return (
            "The isolation flags of these years are shown first; centrality, communities, "
            "brokerage, trust and potential allies are being computed and appear by themselves."
            if is_quick(analysis)
            else ""
        )
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
