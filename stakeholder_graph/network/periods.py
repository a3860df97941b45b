"""One period of a comparison: the graph of a window and everything that depends on it alone.

:func:`measure_period` builds the cooperation graph of a window (survey answers dated in it, or
undated) and measures it as :func:`stakeholder_graph.network.change.compare` does; a
:class:`Period` keeps the result and the parts every pair it takes part in reads again (its
ties, its sector × sector figures, its isolation flags as an *after* period), so a dashboard
that keeps its periods compares a new pair sharing one of them without measuring it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.network import centrality, isolation, trust
from stakeholder_graph.network.graph import CooperationGraph, GraphOptions, build_graph


def _window_perceptions(data: NetworkData, options: GraphOptions) -> NetworkData:
    p = data.perceptions
    keep = np.ones(len(p), dtype=bool)
    known = p["date"].notna().to_numpy()
    if options.since is not None:
        keep &= ~known | (p["date"] >= options.since).to_numpy()
    if options.until is not None:
        keep &= ~known | (p["date"] <= options.until).to_numpy()
    return replace(data, perceptions=p[keep].reset_index(drop=True))


def _cross_partners(g: CooperationGraph) -> np.ndarray:
    e = g.undirected_edges
    u, v = e["u"].to_numpy(), e["v"].to_numpy()
    cross = (g.sector_code[u] != g.sector_code[v]).astype(float)
    return np.bincount(np.r_[u, v], weights=np.r_[cross, cross], minlength=g.n).astype(np.int64)


def _keys(g: CooperationGraph) -> pd.DataFrame:
    e = g.undirected_edges
    frame = pd.DataFrame({"u": e["u"].to_numpy(), "v": e["v"].to_numpy()})
    if g.directed:
        inter = g.edges.assign(
            lo=np.minimum(g.edges["u"], g.edges["v"]), hi=np.maximum(g.edges["u"], g.edges["v"])
        )
        count = inter.groupby(["lo", "hi"])["interactions"].sum()
    else:
        count = g.edges.set_index(["u", "v"])["interactions"]
    frame["interactions"] = count.reindex(pd.MultiIndex.from_frame(frame[["u", "v"]])).to_numpy()
    frame["weight"] = e["weight"].to_numpy(float)
    return frame


def _isolation_params(g: CooperationGraph, after: GraphOptions) -> SimpleNamespace:
    """The isolation flags' parameters of an after period: its window, ending at its end (or
    its last interaction)."""
    as_of = after.until
    if as_of is None and g.interactions["date"].notna().any():
        as_of = g.interactions["date"].max()
    days = 365
    if after.since is not None and as_of is not None:
        days = max(1, int((as_of - after.since).days) + 1)
    return SimpleNamespace(
        graph=after, as_of=as_of, isolation_window_days=days, decline_threshold=0.5
    )


def flagged_ngos(g: CooperationGraph, params: Any) -> np.ndarray:
    """Per organization (graph order), whether it is an NGO with an isolation flag under
    ``params`` (see :func:`~stakeholder_graph.network.isolation.flag_isolated`)."""
    flags = isolation.flag_isolated(g, params)
    flag_cols = [c for c in isolation.FLAGS if c in flags.columns]
    flagged_ids = flags.loc[flags[flag_cols].any(axis=1), "id"]
    return pd.Index(g.ids).isin(flagged_ids)


def _summary(g: CooperationGraph, table: pd.DataFrame) -> dict[str, float]:
    n = g.n
    ties = int(g.undirected_graph.ecount())
    pairs = n * (n - 1) / 2.0
    degree = table["degree"].to_numpy()
    sizes = np.asarray(g.undirected_graph.connected_components().sizes()) if n else np.zeros(0)
    membership = table["community"].to_numpy()
    modularity = (
        g.undirected_graph.modularity(membership.tolist(), weights="weight") if ties else 0.0
    )
    e = g.undirected_edges
    cross = (g.sector_code[e["u"].to_numpy()] != g.sector_code[e["v"].to_numpy()]).mean()
    stage = g.interactions["stage"].astype(str)
    active = degree > 0
    return {
        "organizations_active": int(active.sum()),
        "ties": ties,
        "interactions": int(len(g.interactions)),
        "density": float(ties / pairs) if pairs else 0.0,
        "average_degree": float(2 * ties / n) if n else 0.0,
        "degree_centralization": centrality.degree_centralization(degree),
        "betweenness_centralization": centrality.betweenness_centralization(
            table["betweenness_norm"].to_numpy()
        ),
        "components": int(len(sizes)),
        "largest_component": int(sizes.max()) if len(sizes) else 0,
        "modularity": float(modularity),
        "cross_sector_share": float(cross) if ties else 0.0,
        "planning_share": float((stage == "planning").mean()) if len(stage) else 0.0,
    }


@dataclass
class Period:
    """One period of a comparison: its graph and everything that depends on that period alone.

    Attributes
    ----------
    options:
        The period's window (and interaction types).
    graph:
        The cooperation graph of the window (survey answers dated in it, or undated).
    measures:
        Per organization (graph order): the centrality table, trust received / given and
        cross-sector partners.
    summary:
        The network-level figures of ``compare``'s ``summary["before"]`` / ``["after"]``.
    paths:
        How betweenness, closeness and harmonic centrality were obtained: ``exact``, ``pivots``
        and, when sampled, ``error`` (see :func:`stakeholder_graph.network.paths.path_measures`).
    """

    options: GraphOptions
    graph: CooperationGraph
    measures: pd.DataFrame
    summary: dict[str, float]
    paths: dict[str, Any] = field(default_factory=dict)
    _parts: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def exact(self) -> bool:
        """Whether the path measures are exact (what :func:`~stakeholder_graph.network.change.compare` computes)."""
        return bool(self.paths.get("exact", True))

    def _once(self, name: str, compute: Any) -> Any:
        # derived parts a kept period reuses in every pair it is part of
        if name not in self._parts:
            self._parts[name] = compute()
        return self._parts[name]

    def keys(self) -> pd.DataFrame:
        """The period's ties: ``u``, ``v``, ``interactions``, ``weight``."""
        return self._once("keys", lambda: _keys(self.graph))

    def sector_parts(self) -> tuple[pd.Series, pd.Series]:
        """Sector × sector ties and mean trust of the period."""
        return self._once("sectors", lambda: _sector_part(self.graph))

    def flagged(self) -> np.ndarray:
        """Per organization, whether it is an NGO flagged as isolated in the period as an
        *after* period (the isolation window is the period)."""
        return self._once(
            "flagged", lambda: flagged_ngos(self.graph, _isolation_params(self.graph, self.options))
        )


def measure_period(
    data: NetworkData, options: GraphOptions, seed: int = 42, pivots: int | None = None
) -> Period:
    """The graph and measures of one period, as :func:`~stakeholder_graph.network.change.compare` computes them.

    ``pivots`` estimates the path measures (betweenness, closeness, harmonic) from that many
    sampled source organizations instead (Brandes & Pich 2007; the estimated error is in
    ``paths["error"]``); every other measure is the same.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> period = measure_period(graph_from_edges([(0, 1), (1, 2)]).data, GraphOptions())
    >>> period.measures["betweenness"].tolist(), period.summary["ties"], period.exact
    ([0.0, 1.0, 0.0], 2, True)
    """
    data = in_key_order(data)  # the result must not depend on the order rows were read in
    g = build_graph(_window_perceptions(data, options), options)
    if pivots is None:
        table, paths = centrality.centrality_table(g, seed=seed)
    else:
        table, paths = centrality.centrality_table(g, exact_threshold=0, pivots=pivots, seed=seed)
    table = table.merge(trust.organization_trust(g), on="id", how="left")
    table["cross_sector_partners"] = _cross_partners(g)
    how = {"exact": bool(paths.exact), "pivots": int(paths.pivots), "error": paths.error}
    return Period(options, g, table, _summary(g, table), how)


def _sector_ties(g: CooperationGraph) -> pd.DataFrame:
    e = g.undirected_edges
    su, sv = g.sector[e["u"].to_numpy()], g.sector[e["v"].to_numpy()]
    frame = pd.DataFrame({"rater_sector": np.r_[su, sv], "ratee_sector": np.r_[sv, su]})
    same = np.r_[su == sv, su == sv]
    frame = frame[~same | np.r_[np.ones(len(su), bool), np.zeros(len(su), bool)]]
    return frame.groupby(["rater_sector", "ratee_sector"]).size().rename("ties").reset_index()


def _sector_part(g: CooperationGraph) -> tuple[pd.Series, pd.Series]:
    keys = ["rater_sector", "ratee_sector"]
    ties = _sector_ties(g).set_index(keys)["ties"]
    return ties, trust.sector_trust(g).set_index(keys)["trust"]
