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
* ``sector_ei`` — sector, internal, external, ei_index, expected, p_value, permutations
* ``trust_dyads`` — a, b, trust_ab, trust_ba, gap, reciprocated, interactions_ab
* ``sector_trust`` — rater_sector, ratee_sector, trust, n, asymmetry
* ``organization_trust`` — id, trust_received, n_received, trust_given, n_given
* ``srm`` — id, name, sector, n_given, rater_effect, rater_se, n_received, target_effect,
  target_se, few_answers (Social Relations Model effects)
* ``srm_dyads`` — a, b, trust_ab, trust_ba, raw_gap, relationship_ab, relationship_ba,
  relationship_gap, reciprocated
* ``initiative`` — a, b, n, share_a, share_b, share_joint, one_sided, initiator
  (pair level, then sector level in ``sector_initiative`` with a_sector, b_sector instead of a, b)
* ``ties`` — a, b, interactions, shared_activities, weight, trust_ab, trust_ba, fragile,
  untapped_trust
* ``allies`` — a, b, a_name, b_name, a_sector, b_sector, score, theme_score, shared_themes,
  shared_partners, partner_score, complementarity, same_municipality, rank, reasons
* ``isolated`` — id, name, sector, municipality, last_interaction, ties, public_ties,
  window_interactions, previous_interactions, no_interaction, no_public_tie, civil_only,
  single_tie, declining, reasons

Added columns (after the ones above): ``brokerage`` also has internal_ties, external_ties and
``<role>_expected``, ``<role>_z`` per role; ``trust_dyads`` abs_gap, relationship_gap;
``sector_trust`` relationship, relationship_asymmetry, few_answers; ``organization_trust``
value_received, n_value.

The summary (``summary.json``) holds: name, source, computed_at, size (organizations, ties,
interactions, activities in the window), density, components (count, largest, largest_share,
isolates; weak components in directed mode), centralization (degree, betweenness: Freeman),
communities (count, modularity), paths (exact, pivots, processes — how betweenness, closeness
and harmonic centrality were computed), isolation_window (as_of, start, previous_start, days),
srm (method, variance partition, reciprocity), survey (response rates, PARTNER trust and value
scores), parameters, timings (wall-clock seconds per step, and total), cpu_timings (CPU seconds of the
process and its workers per step: what a step costs regardless of other load), memory_mb
(the process's resident size and its peak so far, in MB, after each step), tables (rows per
table) and warnings.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.memory import peak_mb, release_memory, resident_mb
from stakeholder_graph.network import brokerage, centrality
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
        Number of sampled source vertices when sampling (``None``: drawn until the estimated
        error of the top 1 % is small enough, see :func:`~stakeholder_graph.network.paths.path_measures`).
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
    processes:
        Threads for the path searches (``None``: every core this process may use).
    brokerage_z_min:
        Smallest z-score that names an organization's brokerage role.
    ei_permutations:
        Sector-label permutations behind the ``sector_ei`` p-values.
    trust_min_answers:
        SRM effects and sector trust cells with fewer answers are flagged ``few_answers``.
    srm_max_answers:
        Largest survey fitted by the multilevel Social Relations Model (larger: skipped).
    """

    graph: GraphOptions = field(default_factory=GraphOptions)
    exact_threshold: int = 20_000
    pivots: int | None = None
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
    processes: int | None = None
    brokerage_z_min: float = 1.96
    ei_permutations: int = 999
    trust_min_answers: int = 3
    srm_max_answers: int = 10_000

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

    def organization_metrics(self) -> pd.DataFrame:
        """One row per organization, in graph order: ``id``, the :data:`CENTRALITY_METRICS`,
        the :data:`BROKERAGE_METRICS` and the :data:`TRUST_METRICS` (missing ones left out).

        The per-organization view the export, the dashboard and the Neo4j write-back share.
        """
        frame = pd.DataFrame({"id": self.graph.ids})
        for table, columns in (
            ("centrality", CENTRALITY_METRICS),
            ("brokerage", BROKERAGE_METRICS),
            ("organization_trust", TRUST_METRICS),
            ("srm", SRM_METRICS),
        ):
            part = self.tables.get(table)
            if part is not None:
                keep = ["id", *[c for c in columns if c in part.columns]]
                frame = frame.merge(part[keep], on="id", how="left")
        return frame


CENTRALITY_METRICS: tuple[str, ...] = (
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "betweenness",
    "betweenness_norm",
    "closeness",
    "harmonic",
    "pagerank",
    "eigenvector",
    "constraint",
    "coreness",
    "community",
)
"""Per-organization columns of ``centrality`` beyond id, name and sector."""

BROKERAGE_METRICS: tuple[str, ...] = (
    "coordinator",
    "itinerant",
    "gatekeeper",
    "representative",
    "liaison",
    "total",
    "cross_sector_pairs",
    "ei_index",
    "role",
    "coordinator_z",
    "itinerant_z",
    "gatekeeper_z",
    "representative_z",
    "liaison_z",
)
"""Per-organization columns of ``brokerage`` beyond id, name and sector."""

TRUST_METRICS: tuple[str, ...] = (
    "trust_received",
    "n_received",
    "trust_given",
    "n_given",
    "value_received",
    "n_value",
)
"""Per-organization columns of ``organization_trust`` (``trust_received`` and
``value_received`` are the PARTNER trust and value scores)."""

SRM_METRICS: tuple[str, ...] = (
    "rater_effect",
    "rater_se",
    "target_effect",
    "target_se",
    "few_answers",
)
"""Per-organization columns of ``srm`` (Social Relations Model effects)."""


@contextmanager
def _timed(
    timings: dict[str, float],
    step: str,
    cpu: dict[str, float] | None = None,
    memory: dict[str, dict[str, float]] | None = None,
) -> Iterator[None]:
    start = time.perf_counter()
    start_cpu = centrality.cpu_seconds() if cpu is not None else 0.0
    yield
    release_memory()  # what the step freed goes back to the system, not to the peak of the next
    timings[step] = round(time.perf_counter() - start, 4)
    if cpu is not None:
        cpu[step] = round(centrality.cpu_seconds() - start_cpu, 4)
    if memory is not None:
        memory[step] = {"resident": resident_mb(), "peak": peak_mb()}


TABLE_ORDER: tuple[str, ...] = (
    "centrality",
    "brokerage",
    "sector_ei",
    "trust_dyads",
    "sector_trust",
    "organization_trust",
    "srm",
    "srm_dyads",
    "initiative",
    "sector_initiative",
    "ties",
    "allies",
    "isolated",
)
"""The tables of an analysis, in the order they are computed and written."""


TableSink = Callable[[str, pd.DataFrame], bool]
"""Receives a finished table by name; returns whether the analysis keeps it (see :func:`analyze`)."""


def _components(g: CooperationGraph) -> dict[str, Any]:
    if g.n == 0:
        return {"count": 0, "largest": 0, "largest_share": 0.0, "isolates": 0}
    sizes = np.asarray(g.undirected_graph.connected_components().sizes())
    degree = np.asarray(g.undirected_graph.degree())
    return {
        "count": int(len(sizes)),
        "largest": int(sizes.max()),
        "largest_share": float(sizes.max() / g.n),
        "isolates": int((degree == 0).sum()),
    }


def _density(g: CooperationGraph) -> float:
    pairs = g.n * (g.n - 1) * (1.0 if g.directed else 0.5)
    return float(g.graph.ecount() / pairs) if pairs > 0 else 0.0


def _activities_in_window(g: CooperationGraph) -> int:
    acts = g.data.activities
    active = np.ones(len(acts), dtype=bool)
    if g.options.since is not None:
        active &= ~(acts["end"].notna() & (acts["end"] < g.options.since)).to_numpy()
    if g.options.until is not None:
        active &= ~(acts["start"].notna() & (acts["start"] > g.options.until)).to_numpy()
    return int(active.sum())


def _iso(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _isolation_window(g: CooperationGraph, params: AnalysisParams) -> dict[str, Any]:
    from stakeholder_graph.network import isolation

    as_of = isolation.isolation_as_of(g, params)
    days = pd.Timedelta(days=params.isolation_window_days)
    return {
        "as_of": _iso(as_of),
        "start": _iso(as_of - days) if as_of is not None else None,
        "previous_start": _iso(as_of - 2 * days) if as_of is not None else None,
        "days": params.isolation_window_days,
    }


def _measure_warnings(g: CooperationGraph, table: pd.DataFrame) -> list[str]:
    """Warnings about how to read a measure on this network (fragmentation)."""
    zero = centrality.eigenvector_coverage(g, table["eigenvector"].to_numpy())
    if zero == 0:
        return []
    return [
        f"eigenvector centrality is 0 for {zero} organizations with ties outside the network's "
        "leading component (fragmented network): compare them by harmonic centrality or degree"
    ]


def _compact_interaction_ids(data: NetworkData) -> NetworkData:
    """``data`` with the interactions' ``id`` column as pyarrow strings (the values unchanged).

    The analysis never reads interaction ids once the rows are sorted, but as Python strings
    they are the largest column in memory (1.16M ids: 86 MB at 100k organizations, 20 MB as
    one arrow buffer). The caller's frame is left as it was: a network the caller still holds
    keeps its own column, one handed over (the CLI's) is freed.
    """
    frame = data.interactions
    if "id" not in frame or frame["id"].dtype != object or not len(frame):
        return data
    try:
        ids = pa.array(frame["id"].to_numpy(), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: leave it as it is
        return data
    frame = frame.copy(deep=False)
    frame["id"] = pd.Series(pd.arrays.ArrowExtensionArray(ids), index=frame.index, copy=False)
    return replace(data, interactions=frame)


def analyze(
    data: NetworkData,
    params: AnalysisParams | None = None,
    progress: Callable[[str], None] | None = None,
    sink: TableSink | None = None,
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
    sink:
        Called with each table as soon as no later step needs it (e.g. a :class:`TableWriter`);
        a table it returns ``False`` for is left out of :attr:`Analysis.tables`, so the next
        steps run without it (``summary["tables"]`` still counts its rows). Its time is not
        counted in ``timings``.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> result = analyze(graph_from_edges([(0, 1), (1, 2)]).data)
    >>> result["centrality"]["betweenness"].tolist(), result.summary["size"]["ties"]
    ([0.0, 1.0, 0.0], 2)
    """
    from stakeholder_graph.bounds import check_network_values
    from stakeholder_graph.network import allies, isolation, trust, trust_srm

    check_network_values(data)  # a network built in code or read from Neo4j: same ranges
    params = params or AnalysisParams()
    data = _compact_interaction_ids(in_key_order(data))
    release_memory()  # the checks' and the sorting's temporaries, before the graph is built
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    tables: dict[str, pd.DataFrame] = {}
    started = time.perf_counter()
    started_cpu = centrality.cpu_seconds()

    memory: dict[str, dict[str, float]] = {"start": {"resident": resident_mb(), "peak": peak_mb()}}
    rows: dict[str, int] = {}
    handing = [0.0, 0.0]  # wall-clock and CPU seconds spent in the sink

    def step(name: str) -> Any:
        if progress is not None:
            progress(name)
        return _timed(timings, name, cpu, memory)

    def hand_over(*names: str) -> None:
        if sink is None:
            return
        start, start_cpu = time.perf_counter(), centrality.cpu_seconds()
        for name in names:
            rows[name] = int(len(tables[name]))
            if not sink(name, tables[name]):
                del tables[name]
        release_memory()
        handing[0] += time.perf_counter() - start
        handing[1] += centrality.cpu_seconds() - start_cpu

    with step("graph"):
        g = build_graph(data, params.graph)
    if progress is not None:
        progress("centrality")
    table, paths = centrality.centrality_table(
        g,
        exact_threshold=params.exact_threshold,
        pivots=params.pivots,
        seed=params.seed,
        processes=params.processes,
        timings=timings,
        cpu_timings=cpu,
    )
    tables["centrality"] = table
    memory["centrality"] = {"resident": resident_mb(), "peak": peak_mb()}
    with step("brokerage"):
        tables["brokerage"] = brokerage.brokerage_table(g, params.brokerage_z_min)
        tables["sector_ei"] = brokerage.sector_ei(g, params.ei_permutations, params.seed)
        g.__dict__.pop("triangles", None)  # only brokerage lists triangles (75 MB at 100k)
    hand_over("centrality", "brokerage", "sector_ei")
    with step("trust"):
        tables["trust_dyads"] = trust.trust_dyads(g)
        tables["sector_trust"] = trust.sector_trust(g)
        tables["organization_trust"] = trust.organization_trust(g).merge(
            trust_srm.value_scores(g), on="id", how="left"
        )
    hand_over("organization_trust")
    with step("srm"):
        tables["srm"], tables["srm_dyads"], srm_summary = trust_srm.srm_analysis(
            g, params.trust_min_answers, params.srm_max_answers
        )
        rel = tables["srm_dyads"][["a", "b", "relationship_gap"]]
        tables["trust_dyads"] = tables["trust_dyads"].merge(rel, on=["a", "b"], how="left")
        del rel
        cells = trust_srm.sector_relationship(g, tables["srm_dyads"], params.trust_min_answers)
        tables["sector_trust"] = tables["sector_trust"].merge(
            cells, on=["rater_sector", "ratee_sector"], how="left"
        )
    hand_over("sector_trust", "srm", "srm_dyads")
    with step("initiative"):
        tables["initiative"], tables["sector_initiative"] = trust.initiative(g, params)
    hand_over("initiative", "sector_initiative")
    with step("ties"):
        tables["ties"] = trust.multiplex_ties(g, params, tables["trust_dyads"])
    hand_over("trust_dyads", "ties")
    with step("allies"):
        tables["allies"] = allies.potential_allies(g, params)
    hand_over("allies")
    with step("isolation"):
        tables["isolated"] = isolation.flag_isolated(g, params)
    hand_over("isolated")
    timings["total"] = round(time.perf_counter() - started - handing[0], 4)
    cpu["total"] = round(centrality.cpu_seconds() - started_cpu - handing[1], 4)

    membership = table["community"].to_numpy()
    modularity = (
        g.undirected_graph.modularity(membership.tolist(), weights="weight")
        if g.undirected_graph.ecount()
        else 0.0
    )
    summary: dict[str, Any] = {
        "name": data.name,
        "source": data.source,
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": {
            "organizations": g.n,
            "ties": int(g.graph.ecount()),
            "interactions": int(len(g.interactions)),
            "activities": _activities_in_window(g),
        },
        "directed": g.directed,
        "density": _density(g),
        "components": _components(g),
        "centralization": {
            "degree": centrality.degree_centralization(table["degree"].to_numpy()),
            "betweenness": centrality.betweenness_centralization(
                table["betweenness_norm"].to_numpy()
            ),
        },
        "communities": {
            "count": int(len(np.unique(membership))),
            "modularity": float(modularity),
        },
        "paths": {
            "exact": paths.exact,
            "pivots": paths.pivots,
            "processes": paths.processes,
            "method": "exact (Brandes)" if paths.exact else "pivot-sampled (Brandes-Pich)",
            "error": paths.error,
        },
        "isolation_window": _isolation_window(g, params),
        "srm": srm_summary,
        "survey": trust_srm.survey_summary(g),
        "parameters": params.as_dict(),
        "timings": timings,
        "cpu_timings": cpu,
        "memory_mb": memory,
        "tables": {
            name: rows[name] if name in rows else int(len(tables[name]))
            for name in [*TABLE_ORDER, *[t for t in tables if t not in TABLE_ORDER]]
            if name in rows or name in tables
        },
        "warnings": list(data.warnings) + _measure_warnings(g, table),
    }
    return Analysis(graph=g, params=params, tables=tables, summary=summary)


class TableWriter:
    """Writes an analysis' tables into ``out_dir`` as :func:`analyze` finishes them.

    Passed as ``sink``, it writes each table when no later step needs it, and the analysis
    keeps only the tables named in ``keep`` (``None``: every table): at 100k organizations the
    largest tables (ties, initiative, potential allies: 250 MB in memory) are on disk before
    the last steps run.
    :meth:`finish` writes the tables not handed over yet and ``summary.json``; every file is a
    temporary until then (see :func:`write_tables`), :meth:`discard` removes them after a
    failure.

    Examples
    --------
    >>> import tempfile
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> with tempfile.TemporaryDirectory() as d:
    ...     writer = TableWriter(d, keep=("centrality",))
    ...     result = analyze(graph_from_edges([(0, 1), (1, 2)]).data, sink=writer)
    ...     written = writer.finish(result)
    ...     sorted(result.tables), len(written), result.summary["tables"]["ties"]
    (['centrality'], 14, 2)
    """

    def __init__(
        self, out_dir: str | Path, raw: bool = False, keep: Iterable[str] | None = None
    ) -> None:
        from stakeholder_graph.fileio import StagedFiles, file_errors

        self.folder = Path(out_dir)
        self._created = not self.folder.exists()  # removed again by discard() when empty
        with file_errors(self.folder, "create folder"):
            self.folder.mkdir(parents=True, exist_ok=True)
        self.raw = raw
        self.keep = None if keep is None else frozenset(keep)
        self.written: set[str] = set()
        self._staged = StagedFiles(self.folder)

    def __call__(self, name: str, table: pd.DataFrame) -> bool:
        """Write ``table`` as ``<name>.csv`` (a temporary until :meth:`finish`); keep it?"""
        from stakeholder_graph.csvsafe import csv_byte_chunks

        try:
            self._staged.write_chunks(f"{name}.csv", csv_byte_chunks(table, raw=self.raw))
        except BaseException:
            self.discard()
            raise
        release_memory()  # one table's formatting buffers are not the next one's peak
        self.written.add(name)
        return self.keep is None or name in self.keep

    def finish(self, analysis: Analysis) -> list[Path]:
        """Write the tables not written yet and ``summary.json``, then rename every file into
        place. Returns the paths, ``summary.json`` last."""
        names = [t for t in TABLE_ORDER if t in analysis.tables]
        names += [t for t in analysis.tables if t not in names]
        try:
            for name in names:
                if name not in self.written:
                    self(name, analysis.tables[name])
            summary = json.dumps(analysis.summary, indent=2, ensure_ascii=False, default=str)
            self._staged.write_text("summary.json", summary + "\n")
            return self._staged.commit()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temporaries written so far (after a failure), and the folder when this
        writer created it and it is empty."""
        self._staged.discard()
        if self._created:
            with contextlib.suppress(OSError):
                self.folder.rmdir()


def write_tables(analysis: Analysis, out_dir: str | Path, raw: bool = False) -> list[Path]:
    """Write every table as ``<name>.csv`` (UTF-8) and the summary as ``summary.json``.

    Columns are written in the documented order; dates as ISO ``YYYY-MM-DD``, missing values
    as empty fields; text cells a spreadsheet would run as formulas are neutralised
    (:mod:`stakeholder_graph.csvsafe`) unless ``raw``. Every file is written to a temporary
    first and renamed into place only when all are written, so a failure (a full disk) leaves
    the previous files. Returns the paths written, ``summary.json`` last.
    """
    return TableWriter(out_dir, raw=raw).finish(analysis)
