"""Run and flag history of the isolated-NGO job in Neo4j (``flag-isolated --write-back``).

The graph it keeps:

* ``(:AnalysisRun:IsolationRun {id, kind: "flag-isolated", started_at, run_date, as_of,
  window_days, source, network, parameters, content_key, checked, isolated, newly_isolated,
  recovered, *_count, complete})`` — one node per run, ``isolated`` listing the flagged ids;
* ``(run)-[:FOLLOWS]->(previous run)`` — the run it was compared with;
* ``(:Organization)-[:FLAGGED_IN {flags, reasons, status, last_interaction}]->(run)`` — the flag
  history;
* on each ``Organization`` the current flag: ``isolated``, ``isolation_flags``,
  ``isolation_reasons``, ``isolation_run`` and ``flagged_at`` (first flagged, kept while it
  stays flagged; removed when it recovers, with ``isolated = false``).

Every statement is a file in ``cypher/write/job_*.cypher`` taking ``$parameters``, run in a
managed transaction (``execute_read`` / ``execute_write``) on the driver passed in. Every write is
idempotent, so a retried transaction or a repeated run leaves the graph as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import neo4j
import pandas as pd

from stakeholder_graph import resources
from stakeholder_graph.errors import DatabaseUnavailable

if TYPE_CHECKING:
    from stakeholder_graph.jobs.isolated import JobResult
    from stakeholder_graph.jobs.state import RunSnapshot

BATCH_SIZE = 10_000
"""Flagged organizations per write transaction."""

RUN_KIND = "flag-isolated"


def _unavailable(error: Exception) -> DatabaseUnavailable:
    return DatabaseUnavailable(f"Neo4j unavailable during the isolated-NGO job: {error}")


def _rows(tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any]) -> list[dict]:
    return [record.data() for record in tx.run(text, params)]


def _to_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _snapshot(session: neo4j.Session, run: dict[str, Any], base_id: str | None) -> RunSnapshot:
    from stakeholder_graph.jobs.state import RunSnapshot

    rows = session.execute_read(
        _rows, resources.cypher("write/job_isolation_run_flags"), {"id": run["id"]}
    )
    flagged = {
        str(r["id"]): {
            "name": r["name"],
            "flags": list(r["flags"]),
            "reasons": list(r["reasons"]),
        }
        for r in rows
    }
    return RunSnapshot(
        id=str(run["id"]),
        run_at=_to_text(run.get("started_at")),
        run_date=_to_text(run.get("run_date")),
        content_key=str(run.get("content_key") or ""),
        flagged=flagged,
        base_id=base_id,
    )


def read_previous(
    driver: neo4j.Driver, database: str | None
) -> tuple[RunSnapshot | None, RunSnapshot | None]:
    """The latest complete job run and the run it was compared with (``None`` when absent).

    Parameters
    ----------
    driver:
        An open driver (created once by the caller).
    database:
        Database name (``None``: the server's default).

    Raises
    ------
    DatabaseUnavailable
        When the server cannot be reached.
    """
    try:
        with driver.session(database=database) as session:
            found = session.execute_read(
                _rows, resources.cypher("write/job_latest_isolation_run"), {}
            )
            if not found:
                return None, None
            latest_row, base_row = found[0]["latest"], found[0]["base"]
            base = _snapshot(session, base_row, None) if base_row else None
            latest = _snapshot(session, latest_row, base.id if base else None)
            return latest, base
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as error:
        raise _unavailable(error) from error


def _run_props(result: JobResult) -> dict[str, Any]:
    run, diff = result.run, result.diff
    return {
        "kind": RUN_KIND,
        "started_at": pd.Timestamp(run.run_at).to_pydatetime(),
        "run_date": date.fromisoformat(run.run_date),
        "as_of": result.as_of.date() if result.as_of is not None else None,
        "window_days": result.params.window_days,
        "source": result.params.source,
        "network": str(result.source.get("name") or ""),
        # only what decides the flags, so a repeat with another --out or --fail-on is the same run
        "parameters": json.dumps(
            {
                "source": result.params.source,
                "window_days": result.params.window_days,
                "as_of": result.as_of.date().isoformat() if result.as_of is not None else None,
            },
            sort_keys=True,
        ),
        "content_key": run.content_key,
        "checked": result.checked,
        "isolated": sorted(run.flagged),
        "newly_isolated": diff.newly_isolated,
        "recovered": diff.recovered,
        "isolated_count": len(run.flagged),
        "newly_isolated_count": len(diff.newly_isolated),
        "still_isolated_count": len(diff.still_isolated),
        "recovered_count": len(diff.recovered),
    }


def flag_rows(result: JobResult) -> list[dict[str, Any]]:
    """One ``$rows`` entry per flagged organization: id, flags, reasons, status, last date."""
    flags = result.flags
    last = flags["last_interaction"]
    last_dates = [None if pd.isna(d) else d.date() for d in last]
    return [
        {
            "id": oid,
            "flags": result.run.flagged[oid]["flags"],
            "reasons": result.run.flagged[oid]["reasons"],
            "status": status,
            "last_interaction": d,
        }
        for oid, status, d in zip(flags["id"], flags["status"], last_dates, strict=True)
    ]


def _write(tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any]) -> list[dict]:
    return [record.data() for record in tx.run(text, params)]


def write_run(driver: neo4j.Driver, database: str | None, result: JobResult) -> dict[str, int]:
    """Record ``result`` in Neo4j: the run node, flags and flag history, recovered cleared.

    Order: run node (``complete = false`` when new), flag batches, clearing of the recovered,
    then ``complete = true``; an interrupted write-back leaves an incomplete run that the next
    run ignores and a repeat of the same run completes.

    Returns
    -------
    dict
        ``flagged`` — organizations marked (those present in the graph), ``cleared`` —
        organizations whose earlier flag was cleared.

    Raises
    ------
    DatabaseUnavailable
        When the server cannot be reached.
    """
    run = result.run
    flagged_at = pd.Timestamp(run.run_at).to_pydatetime()
    flagged = 0
    try:
        with driver.session(database=database) as session:
            session.execute_write(
                _write,
                resources.cypher("write/job_merge_isolation_run"),
                {"id": run.id, "previous_id": run.base_id, "props": _run_props(result)},
            )
            rows = flag_rows(result)
            text = resources.cypher("write/job_flag_organizations")
            for start in range(0, len(rows), BATCH_SIZE):
                params = {
                    "run_id": run.id,
                    "flagged_at": flagged_at,
                    "rows": rows[start : start + BATCH_SIZE],
                }
                out = session.execute_write(_write, text, params)
                flagged += int(out[0]["flagged"]) if out else 0
            out = session.execute_write(
                _write, resources.cypher("write/job_clear_recovered"), {"run_id": run.id}
            )
            cleared = int(out[0]["cleared"]) if out else 0
            session.execute_write(
                _write, resources.cypher("write/job_complete_isolation_run"), {"id": run.id}
            )
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as error:
        raise _unavailable(error) from error
    return {"flagged": flagged, "cleared": cleared}


def read_run_history(driver: neo4j.Driver, database: str | None, runs: int = 5) -> list[dict]:
    """The latest ``runs`` complete job runs, newest first, as plain values.

    Each row: ``id``, ``started_at`` (ISO text), ``as_of``, ``window_days``,
    ``previous_started_at``, the counts ``isolated``, ``newly_isolated``, ``still_isolated``,
    ``recovered``, ``flagged`` (``{id, name, status}`` per organization flagged by that run) and
    ``recovered_organizations`` (``{id, name}``) — read with ``cypher/read/isolation_job_history``
    in one managed read transaction. An empty list when the job never wrote back.

    Raises
    ------
    DatabaseUnavailable
        When the server cannot be reached.

    Examples
    --------
    >>> read_run_history(driver, None, runs=3)[0]["newly_isolated"]  # doctest: +SKIP
    4
    """
    text = resources.cypher("read/isolation_job_history")
    try:
        with driver.session(database=database) as session:
            found = session.execute_read(_rows, text, {"runs": max(1, int(runs))})
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as error:
        raise _unavailable(error) from error
    for row in found:
        for key in ("started_at", "as_of", "previous_started_at"):
            row[key] = _to_text(row.get(key)) or None
    return found
