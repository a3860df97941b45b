"""Run every family of measures over one graph build and collect an :class:`Analysis`.

``analyze(data, params)`` builds the :class:`~stakeholder_graph.network.graph.CooperationGraph`
once and passes it to each family: centrality, brokerage, trust gaps, potential allies and
isolation. The result holds one pandas frame per output file plus a JSON-ready summary, so the
CLI, the dashboard, the scheduled job and the Neo4j write-back all read the same numbers.

Tables (one CSV each, columns in this order):

* ``centrality`` — id, name, sector, degree, in_degree, out_degree, strength, betweenness,
  betweenness_norm, closeness, harmonic, pagerank, eigenvector, constraint, coreness, community
* ``brokerage`` — id, name, sector, coordinator, itinerant, gatekeeper, representative, liaison,
  total, cross_sector_pairs, ei_index, role (the dominant role, "" when none)
* ``sector_ei`` — sector, internal, external, ei_index
* ``trust_dyads`` — a, b, trust_ab, trust_ba, gap, reciprocated, interactions_ab
* ``sector_trust`` — rater_sector, ratee_sector, trust, n, asymmetry
* ``organization_trust`` — id, trust_received, n_received, trust_given, n_given
* ``initiative`` — a, b, n, share_a, share_b, share_joint, one_sided, initiator
  (pair level, then sector level in ``sector_initiative`` with a_sector, b_sector instead of a, b)
* ``ties`` — a, b, interactions, shared_activities, weight, trust_ab, trust_ba, fragile,
  untapped_trust
* ``allies`` — a, b, a_name, b_name, a_sector, b_sector, score, theme_score, shared_themes,
  shared_partners, partner_score, complementarity, same_municipality, rank, reasons
* ``isolated`` — id, name, sector, municipality, last_interaction, ties, public_ties,
  window_interactions, previous_interactions, no_interaction, no_public_tie, civil_only,
  single_tie, declining, reasons
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.network.graph import CooperationGraph, GraphOptions, build_graph


@dataclass(frozen=True)
class AnalysisParams:
    """Parameters of one analysis run (all JSON-serialisable through :meth:`as_dict`).

    Attributes
    ----------
    graph:
        How ties are built (window, types, direction, co-participation).
    exact_threshold:
        Exact betweenness and closeness up to this many organizations; pivot-sampled beyond.
    pivots:
        Number of sampled source vertices when sampling.
    seed:
        Random seed for sampling and community detection.
    allies_top_k, allies_per_org:
        How many potential allies overall, and per organization.
    isolation_window_days:
        Length of the isolation window ending at ``as_of``.
    as_of:
        End of the isolation window (default: ``graph.until``, else the latest interaction date).
    decline_threshold:
        Flag as declining when activity fell by at least this share against the previous window.
    fragile_min_interactions, fragile_max_trust, untapped_min_trust:
        Thresholds of the multiplex reading of ties.
    one_sided_share, one_sided_min:
        Initiative is one-sided when one side starts at least this share of at least this
        many interactions.
    """

    graph: GraphOptions = field(default_factory=GraphOptions)
    exact_threshold: int = 20_000
    pivots: int = 512
    seed: int = 42
    allies_top_k: int = 100
    allies_per_org: int = 5
    isolation_window_days: int = 365
    as_of: pd.Timestamp | None = None
    decline_threshold: float = 0.5
    fragile_min_interactions: int = 3
    fragile_max_trust: float = 2.0
    untapped_min_trust: float = 3.0
    one_sided_share: float = 0.8
    one_sided_min: int = 3

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready parameters."""
        out: dict[str, Any] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["graph"] = self.graph.as_dict()
        out["as_of"] = self.as_of.date().isoformat() if self.as_of is not None else None
        return out

    def with_graph(self, **changes: Any) -> AnalysisParams:
        """A copy with some graph options changed."""
        return replace(self, graph=replace(self.graph, **changes))


@dataclass
class Analysis:
    """Everything one run computed: the graph, one frame per table, and a summary."""

    graph: CooperationGraph
    params: AnalysisParams
    tables: dict[str, pd.DataFrame]
    summary: dict[str, Any]

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[step] = round(time.perf_counter() - start, 4)


def analyze(
    data: NetworkData,
    params: AnalysisParams | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Compute every table of an analysis of ``data``.

    Parameters
    ----------
    data:
        A validated network.
    params:
        Analysis parameters (defaults: all time, undirected, co-participation counts).
    progress:
        Called with the name of each step as it starts (for progress lines).

    Returns
    -------
    Analysis
    """
    raise NotImplementedError("the analytics core is being assembled")
