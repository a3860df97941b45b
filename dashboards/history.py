"""What the scheduled isolated-NGO job found, for the Isolated view: from its out folder or Neo4j.

The job (``stakeholder-graph job isolated --out DIR``) leaves ``DIR/report.json``: the latest run,
the run it was compared with, and the organizations newly isolated, still isolated and recovered.
:func:`read_history` turns it into a :class:`JobHistory`; a missing or unreadable report gives
``None`` (the view then says no job history is available). With ``--write-back`` the job also
records every run in Neo4j (``IsolationRun`` nodes): :func:`history_from_runs` builds the same
history, with the counts of the last runs, from
:func:`stakeholder_graph.jobs.neo4j_history.read_run_history`, and :func:`load_history` picks
the source — the out folder when given, else Neo4j when the dashboard reads from it.

>>> read_history(None) is None
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORT = "report.json"


@dataclass(frozen=True)
class JobHistory:
    """The latest job run and its comparison with the previous one.

    ``status`` maps an organization id to ``new`` (newly isolated) or ``still``; ``recovered``
    lists ``(id, name)`` of organizations flagged before and not any more.
    """

    run_at: str
    as_of: str | None
    window_days: int | None
    previous_run_at: str | None
    counts: dict[str, int]
    status: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    recovered: tuple[tuple[str, str], ...] = ()
    runs: tuple[dict[str, Any], ...] = ()
    """The last runs, newest first: ``run_at``, ``as_of``, ``isolated``, ``newly_isolated``,
    ``still_isolated``, ``recovered`` (read from Neo4j; empty for an out folder)."""
    origin: str = "out folder"
    """Where the history was read: ``out folder`` or ``Neo4j``."""


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_history(folder: str | Path | None) -> JobHistory | None:
    """The job history in ``folder`` (its ``report.json``), or ``None`` when there is none."""
    if folder is None:
        return None
    path = Path(folder) / REPORT
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or "counts" not in report:
        return None
    run = report.get("run") or {}
    params = report.get("parameters") or {}
    previous = report.get("previous_run") or {}
    counts = {k: _int(v) or 0 for k, v in (report.get("counts") or {}).items() if k != "by_flag"}
    flags = report.get("flags") or []
    status = {str(r["id"]): str(r.get("status", "")) for r in flags if "id" in r}
    names = {str(r["id"]): str(r.get("name", "")) for r in flags if "id" in r}
    recovered = tuple(
        (str(r.get("id", "")), str(r.get("name", "")))
        for r in (report.get("diff") or {}).get("recovered") or []
    )
    return JobHistory(
        run_at=str(run.get("started_at") or run.get("first_recorded_at") or ""),
        as_of=params.get("as_of_date"),
        window_days=_int(params.get("window_days")),
        previous_run_at=previous.get("run_at"),
        counts=counts,
        status=status,
        names=names,
        recovered=recovered,
    )


RUN_COUNTS = ("isolated", "newly_isolated", "still_isolated", "recovered")


def history_from_runs(rows: list[dict[str, Any]]) -> JobHistory | None:
    """The history of job runs read from Neo4j (newest first), ``None`` without a run.

    >>> rows = [{"id": "r2", "started_at": "2025-07-01T06:00:00.000000Z", "as_of": "2025-06-30",
    ...          "window_days": 365, "previous_started_at": "2025-04-01T06:00:00.000000Z",
    ...          "isolated": 2, "newly_isolated": 1, "still_isolated": 1, "recovered": 1,
    ...          "flagged": [{"id": "a", "name": "A", "status": "new"},
    ...                      {"id": "b", "name": "B", "status": "still"}],
    ...          "recovered_organizations": [{"id": "c", "name": "C"}]}]
    >>> h = history_from_runs(rows)
    >>> h.counts["newly_isolated"], h.status, h.recovered, h.origin
    (1, {'a': 'new', 'b': 'still'}, (('c', 'C'),), 'Neo4j')
    """
    if not rows:
        return None
    latest = rows[0]
    flagged = latest.get("flagged") or []
    return JobHistory(
        run_at=str(latest.get("started_at") or ""),
        as_of=latest.get("as_of"),
        window_days=_int(latest.get("window_days")),
        previous_run_at=latest.get("previous_started_at"),
        counts={k: _int(latest.get(k)) or 0 for k in RUN_COUNTS},
        status={str(r["id"]): str(r.get("status") or "") for r in flagged if r.get("id")},
        names={str(r["id"]): str(r.get("name") or "") for r in flagged if r.get("id")},
        recovered=tuple(
            (str(r.get("id", "")), str(r.get("name") or r.get("id", "")))
            for r in latest.get("recovered_organizations") or []
        ),
        runs=tuple(
            {
                "run_at": str(r.get("started_at") or ""),
                "as_of": r.get("as_of"),
                **{k: _int(r.get(k)) or 0 for k in RUN_COUNTS},
            }
            for r in rows
        ),
        origin="Neo4j",
    )


def load_history(source: Any, job_out: str | Path | None, runs: int = 5) -> JobHistory | None:
    """The job history for a dashboard on ``source``: the out folder's report when ``job_out``
    is given, else — when the dashboard reads from Neo4j — the runs recorded there (``None``
    when there are none)."""
    if job_out is not None:
        return read_history(job_out)
    from stakeholder_graph.sources import NEO4J_SOURCE

    if not isinstance(source, str) or source != NEO4J_SOURCE:
        return None
    from stakeholder_graph.config import neo4j_settings
    from stakeholder_graph.jobs.neo4j_history import read_run_history
    from stakeholder_graph.store.neo4j import connect

    settings = neo4j_settings()
    with connect(settings) as driver:
        return history_from_runs(read_run_history(driver, settings.database, runs))
