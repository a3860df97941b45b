"""Data access for the dashboard: one analysis per filter state, computed once and cached.

:class:`DashboardData` holds the network read at start-up and answers every callback:

* :meth:`DashboardData.analysis` runs :func:`stakeholder_graph.analysis.analyze` once per
  *analysis key* (time window, interaction types) — an ``lru_cache`` over the immutable key;
* :meth:`DashboardData.view` applies the organization filters (sector, type, theme,
  municipality) to a cached analysis and is itself cached per :class:`FilterState`;
* :meth:`DashboardData.positions` lays the whole network out once with igraph
  (Fruchterman–Reingold from a seeded start) so nodes keep their
  place whatever the filters.

Callbacks only read from here; nothing is mutated after it is computed.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from dashboards.history import JobHistory
from dashboards.precompute import FIRST_LOOK, AnalysisStore, stage, windows_to_prefetch
from dashboards.privacy import ANALYST, DEFAULT_ROLE, ROLES, Redacting
from dashboards.state import FilterState
from stakeholder_graph.analysis import Analysis, AnalysisParams
from stakeholder_graph.dataset.model import SECTORS, NetworkData, split_themes
from stakeholder_graph.network.graph import build_graph

LARGE_NETWORK = 2000
"""Above this many visible organizations the network view switches to a WebGL scatter."""

LAYOUT_SEED = 7

QUICK_ABOVE = 2000
"""Above this many organizations a window not analysed yet is answered by a quick first pass
(sampled betweenness, closeness and harmonic), refined in the background
(see :mod:`dashboards.precompute`)."""


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter control offers, read from the network."""

    sectors: tuple[str, ...]
    org_types: tuple[str, ...]
    themes: tuple[str, ...]
    municipalities: tuple[str, ...]
    interaction_types: tuple[str, ...]
    years: tuple[int, int] | None


def compute_layout(
    n: int, edges: np.ndarray, weights: np.ndarray, seed: int = LAYOUT_SEED
) -> np.ndarray:
    """Node positions (n × 2) in a box of side ``max(480, 60·√n)``, deterministic for a given ``seed``.

    Fruchterman–Reingold (Fruchterman & Reingold, 1991) from seeded random positions, with
    igraph's grid approximation of the repulsion above 1,000 nodes (about a second for 5,000
    organizations and 50,000 ties). Organizations with no tie are laid in rows below the network.

    Examples
    --------
    >>> xy = compute_layout(3, np.array([[0, 1], [1, 2]]), np.array([1.0, 1.0]))
    >>> xy.shape, bool(np.isfinite(xy).all())
    ((3, 2), True)
    """
    import igraph as ig

    if n == 0:
        return np.zeros((0, 2))
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    degree = np.bincount(edges.ravel(), minlength=n)
    linked = np.flatnonzero(degree > 0)
    lonely = np.flatnonzero(degree == 0)
    side = max(480.0, 60.0 * np.sqrt(n))  # small networks are not blown up by the fit
    xy = np.zeros((n, 2))
    if len(linked):
        local = np.full(n, -1)
        local[linked] = np.arange(len(linked))
        graph = ig.Graph(n=len(linked), edges=local[edges].tolist())
        # seeded start spread like igraph's own (a square of side √n), so the grid variant stays fast
        spread = np.sqrt(len(linked))
        start = ((np.random.default_rng(seed).random((len(linked), 2)) - 0.5) * spread).tolist()
        w = np.log1p(np.asarray(weights, dtype=float)).tolist() if len(edges) else None
        # igraph draws from its own generator too: seed it for the call, then give it back.
        ig.set_random_number_generator(random.Random(seed))
        try:
            # grid="auto": the grid variant (linear-time repulsion) above 1,000 nodes
            layout = graph.layout_fruchterman_reingold(
                weights=w, seed=start, niter=500, grid="auto"
            )
        finally:
            ig.set_random_number_generator(random)
        coords = np.asarray(layout.coords, dtype=float)
        span = coords.max(axis=0) - coords.min(axis=0)
        span[span == 0] = 1.0
        xy[linked] = (coords - coords.min(axis=0)) / span * side
    if len(lonely):
        # Organizations without a tie sit in rows under the network, not scattered around it.
        per_row = max(1, int(np.ceil(np.sqrt(len(lonely) * 4))))
        step = side / max(per_row, 1)
        k = np.arange(len(lonely))
        xy[lonely, 0] = (k % per_row) * step
        xy[lonely, 1] = side * (1.08 if len(linked) else 0) + (k // per_row) * max(step, 30.0)
    return xy


@dataclass(frozen=True)
class _Want:
    """An analysis key and whether a first look will do. Equal (and hashed) by the key alone,
    so the redacted copy of an analysis (:class:`dashboards.privacy.Redacting`, which makes a
    new one whenever the store answers with another analysis) is shared by both readers."""

    key: tuple[Any, ...]
    first: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class View:
    """An analysis seen through the organization filters.

    Attributes
    ----------
    state:
        The filters.
    analysis:
        The cached analysis of the state's window and interaction types.
    mask:
        Per-vertex visibility (vertex order of ``analysis.graph``).
    nodes:
        Visible organizations with profile, metrics, brokerage role, trust and positions.
    edges:
        Ties between visible organizations: ``source``, ``target`` (ids), ``weight``,
        ``interactions``, ``shared_activities``, ``cross_sector``.
    private:
        True when single ratings are hidden (the coordinator role): ``analysis`` is redacted,
        and anything analysed anew from it must be too (:func:`dashboards.privacy.redact`).
    """

    state: FilterState
    analysis: Analysis
    mask: np.ndarray
    nodes: pd.DataFrame
    edges: pd.DataFrame
    private: bool = False

    @cached_property
    def visible_ids(self) -> pd.Index:
        """Ids of the visible organizations."""
        return pd.Index(self.nodes["id"])

    def table(self, name: str) -> pd.DataFrame:
        """Analysis table ``name`` restricted to visible organizations (both ends of a pair)."""
        frame = self.analysis.tables.get(name)
        if frame is None:
            return pd.DataFrame()
        if not self.state.has_org_filter():
            return frame
        keep = np.ones(len(frame), dtype=bool)
        if "id" in frame.columns:
            keep &= frame["id"].isin(self.visible_ids).to_numpy()
        if "a" in frame.columns and "b" in frame.columns:
            keep &= frame["a"].isin(self.visible_ids).to_numpy()
            keep &= frame["b"].isin(self.visible_ids).to_numpy()
        pair_level = "id" in frame.columns or "a" in frame.columns
        if self.state.sectors and not pair_level:
            for column in ("sector", "rater_sector", "ratee_sector", "a_sector", "b_sector"):
                if column in frame.columns:
                    keep &= frame[column].isin(self.state.sectors).to_numpy()
        return frame[keep].reset_index(drop=True)

    @property
    def is_large(self) -> bool:
        """Whether the network view should use the WebGL rendering."""
        return len(self.nodes) > LARGE_NETWORK


class DashboardData:
    """The network behind a dashboard and the cached analyses of its filter states.

    Parameters
    ----------
    network:
        The network, read once when the app starts.
    params:
        Analysis parameters; the filters change only the window and interaction types.
    cache_size:
        How many analyses (distinct windows/type selections) stay in memory.
    history:
        The isolated-NGO job's latest run, when its out folder was given.
    role:
        ``coordinator`` (default): every analysis served is redacted by
        :func:`dashboards.privacy.redact` (no organization's rating of another);
        ``analyst``: the dyads too.
    quick_above:
        Networks with more organizations answer a new window with a quick analysis first
        (``None``: always the full analysis at once).
    """

    def __init__(
        self,
        network: NetworkData,
        params: AnalysisParams | None = None,
        cache_size: int = 8,
        history: JobHistory | None = None,
        role: str = DEFAULT_ROLE,
        quick_above: int | None = QUICK_ABOVE,
    ) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        self.network = network
        self.history = history
        self.role = role
        self.params = params or AnalysisParams()
        self._lock = threading.RLock()
        self.analyses = AnalysisStore(
            network, self._params_of_key, size=max(cache_size, 12), quick_above=quick_above
        )
        self._analysis: Callable[[Hashable], Analysis] = self._source
        if role != ANALYST:  # every analysis redacted before anything reads it
            self._analysis = Redacting(self._source, size=max(cache_size, 12))
        self._organizations = lru_cache(maxsize=cache_size)(self._compute_organizations)
        self._view = lru_cache(maxsize=4 * cache_size)(self._compute_view)
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self._memo_size = 8 * cache_size

    # -- options -----------------------------------------------------------------------------
    @cached_property
    def options(self) -> FilterOptions:
        """The values each filter offers."""
        orgs = self.network.organizations
        themes = sorted({t for lst in split_themes(orgs["themes"]) for t in lst})
        present = set(orgs["sector"])
        sectors = tuple(s for s in SECTORS if s in present) + tuple(
            sorted(present - set(SECTORS) - {""})
        )
        dates = pd.concat(
            [self.network.interactions["date"], self.network.activities["start"]]
        ).dropna()
        years = (int(dates.min().year), int(dates.max().year)) if len(dates) else None
        return FilterOptions(
            sectors=sectors,
            org_types=tuple(sorted(set(orgs["type"]) - {""})),
            themes=tuple(themes),
            municipalities=tuple(sorted(set(orgs["municipality"]) - {""})),
            interaction_types=tuple(sorted(set(self.network.interactions["type"]) - {""})),
            years=years,
        )

    @property
    def analyst(self) -> bool:
        """Whether this dashboard shows single ratings (the ``analyst`` role)."""
        return self.role == ANALYST

    # -- analysis ----------------------------------------------------------------------------
    def analysis_params(self, state: FilterState) -> AnalysisParams:
        """The analysis parameters of ``state``: the base parameters with its window and types."""
        return self.params.with_graph(
            since=state.since,
            until=state.until,
            types=state.interaction_types or None,
        )

    def _params_of_key(self, key: tuple[Any, ...]) -> AnalysisParams:
        year_from, year_to, types = key
        state = FilterState(year_from=year_from, year_to=year_to, interaction_types=types)
        return self.analysis_params(state)

    def _source(self, want: _Want) -> Analysis:
        return self.analyses.get(want.key, first=want.first)

    def analysis(self, state: FilterState, first: bool = False) -> Analysis:
        """The analysis of ``state`` (computed on first use or ahead of time, then cached);
        ``first=True`` for a reader of the isolation flags only, which a first look answers
        (see :mod:`dashboards.precompute`; not with a community filter, which needs the
        communities)."""
        return self._analysis(_Want(state.analysis_key(), first and not state.communities))

    def prefetch_windows(self) -> None:
        """Compute the windows a year change is likely to pick next, in a background process
        (see :mod:`dashboards.precompute`)."""
        windows = windows_to_prefetch(self.options.years)
        self.analyses.prefetch([(a, b, ()) for a, b in windows])

    def cache_info(self) -> dict[str, Any]:
        """Hits and misses of the analysis and view caches."""
        return {"analysis": self.analyses.info(), "view": self._view.cache_info()}

    def clear_cache(self) -> None:
        """Forget every cached analysis and view (the layout is kept)."""
        self.analyses.clear()
        if hasattr(self._analysis, "cache_clear"):
            self._analysis.cache_clear()
        self._organizations.cache_clear()
        self._view.cache_clear()
        self._memo.clear()

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per ``key`` (least recently used entries are dropped).

        For derived results that are costly to rebuild, such as the network's cytoscape
        elements of a filter state and size measure. The result must not be mutated.
        """
        # a full analysis replacing a quick one makes every derived result stale
        key = (self.analyses.generation, key)
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return value

    # -- layout ------------------------------------------------------------------------------
    @cached_property
    def positions(self) -> pd.DataFrame:
        """``x``, ``y`` of every organization (indexed by id), from the all-time network."""
        graph = build_graph(self.network, self.params.graph)
        xy = compute_layout(
            graph.n,
            graph.edges[["u", "v"]].to_numpy(),
            graph.edges["weight"].to_numpy(float),
        )
        return pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]}, index=pd.Index(graph.ids, name="id"))

    # -- organizations and views -------------------------------------------------------------
    def _compute_organizations(self, key: tuple[Any, ...], stage: str) -> pd.DataFrame:
        # ``stage`` keys the cache: a first look, the quick pass and the full analysis differ
        analysis = self._analysis(_Want(key, stage == FIRST_LOOK))
        orgs = self.network.organizations.copy()
        tables = analysis.tables
        orgs = orgs.merge(analysis.organization_metrics(), on="id", how="left")
        isolated = tables.get("isolated")
        orgs["isolation"] = ""
        if isolated is not None and len(isolated):
            reasons = isolated.set_index("id")["reasons"].astype(str)
            orgs["isolation"] = orgs["id"].map(reasons).fillna("")
        orgs = orgs.join(self.positions, on="id")
        return orgs

    def _compute_view(self, state: FilterState, stage: str) -> View:
        key = state.analysis_key()
        analysis = self._analysis(_Want(key, stage == FIRST_LOOK))
        orgs = self._organizations(key, stage)
        graph = analysis.graph
        mask = np.ones(len(orgs), dtype=bool)
        if state.sectors:
            mask &= orgs["sector"].isin(state.sectors).to_numpy()
        if state.org_types:
            mask &= orgs["type"].isin(state.org_types).to_numpy()
        if state.municipalities:
            mask &= orgs["municipality"].isin(state.municipalities).to_numpy()
        if state.communities and "community" in orgs.columns:
            wanted = pd.to_numeric(pd.Series(state.communities), errors="coerce").dropna()
            mask &= orgs["community"].isin(wanted.astype(int).tolist()).to_numpy()
        if state.themes:
            columns = pd.Index(graph.theme_names).get_indexer(list(state.themes))
            columns = columns[columns >= 0]
            hits = np.asarray(graph.themes[:, columns].sum(axis=1)).ravel() if len(columns) else 0
            hits = pd.Series(np.broadcast_to(hits, (len(graph.ids),)), index=graph.ids)
            mask &= hits.reindex(orgs["id"].to_numpy()).fillna(0).to_numpy() > 0
        edges = graph.edges
        u = edges["u"].to_numpy()
        v = edges["v"].to_numpy()
        # the graph's vertex order need not be the organizations' row order
        in_graph = pd.Series(mask, index=orgs["id"].to_numpy()).reindex(graph.ids)
        vertex_mask = in_graph.fillna(False).to_numpy(dtype=bool)
        keep = vertex_mask[u] & vertex_mask[v]
        codes = graph.sector_code
        edge_frame = pd.DataFrame(
            {
                "source": graph.ids[u[keep]],
                "target": graph.ids[v[keep]],
                "weight": edges["weight"].to_numpy()[keep],
                "interactions": edges["interactions"].to_numpy()[keep],
                "shared_activities": edges["shared_activities"].to_numpy()[keep],
                "cross_sector": codes[u[keep]] != codes[v[keep]],
            }
        )
        nodes = orgs[mask].reset_index(drop=True)
        return View(
            state=state,
            analysis=analysis,
            mask=mask,
            nodes=nodes,
            edges=edge_frame,
            private=not self.analyst,
        )

    def view(self, state: FilterState, first: bool = False) -> View:
        """The analysis of ``state`` restricted to its organizations (cached per state and
        analysis: a full analysis replacing a quick one gives a new view); ``first`` as in
        :meth:`analysis`."""
        return self._view(state, stage(self.analysis(state, first)))
