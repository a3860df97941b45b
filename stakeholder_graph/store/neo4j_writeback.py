"""Write the results of an analysis back onto the graph, so analysts read them in Cypher.

* metrics as properties of ``Organization`` nodes (centrality, brokerage, trust received and
  given) with ``metrics_run`` naming the run;
* ``POTENTIAL_ALLY {score, rank, reasons, theme_score, shared_themes, shared_partners,
  partner_score, complementarity, same_municipality, run_id}`` relationships — the previous
  ones are deleted first, so only the latest run's suggestions exist;
* isolation flags ``isolated``, ``isolation_flags``, ``isolation_reasons``, ``flagged_at``
  (first flagged, kept while the organization stays flagged) and ``isolation_run``;
* one ``(:AnalysisRun {id, kind, started_at, finished_at, parameters, source, ...})`` node per
  run, merged on its id.

Every step is idempotent: writing the same analysis twice leaves the same nodes,
relationships and properties (one ``AnalysisRun`` per run id).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import neo4j
import numpy as np
import pandas as pd

from stakeholder_graph import resources
from stakeholder_graph.network.isolation import FLAGS as FLAG_COLUMNS
from stakeholder_graph.network.isolation import WATCHED_SECTORS
from stakeholder_graph.store.neo4j_load import DEFAULT_BATCH_SIZE, plain_records

if TYPE_CHECKING:
    from stakeholder_graph.analysis import Analysis


_METRIC_RENAMES = {
    "total": "brokerage",
    "role": "broker_role",
    "n_received": "trust_received_n",
    "n_given": "trust_given_n",
}
_ALLIES = [
    "a",
    "b",
    "score",
    "rank",
    "reasons",
    "theme_score",
    "shared_themes",
    "shared_partners",
    "partner_score",
    "complementarity",
    "same_municipality",
]


def new_run_id(now: datetime | None = None) -> str:
    """A fresh, sortable run id such as ``run-20250630T120000Z-1a2b3c4d``."""
    now = now or datetime.now(UTC)
    return f"run-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def _write_batches(
    session: neo4j.Session,
    query: str,
    rows: list[dict[str, Any]],
    params: dict[str, Any],
    batch_size: int,
) -> dict[str, int]:
    text = resources.cypher(query)
    totals = {"rows": len(rows), "created": 0, "properties_set": 0}
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        counters = session.execute_write(
            lambda tx, b=batch: tx.run(text, {**params, "rows": b}).consume().counters
        )
        totals["created"] += counters.relationships_created + counters.nodes_created
        totals["properties_set"] += counters.properties_set
    return totals


def metric_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per organization with the metrics written onto its node."""
    frame = analysis.organization_metrics()
    return plain_records(frame.rename(columns=_METRIC_RENAMES))


def ally_rows(allies: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per suggested pair; ``shared_themes`` as a list of theme names."""
    frame = allies[[c for c in _ALLIES if c in allies]].copy()
    if "shared_themes" in frame:
        frame["shared_themes"] = (
            frame["shared_themes"]
            .fillna("")
            .map(lambda t: [x for x in str(t).split(";") if x] or None)
        )
    return plain_records(frame)


def flag_rows(isolated: pd.DataFrame, checked_ids: pd.Series | np.ndarray) -> list[dict[str, Any]]:
    """One row per checked organization: ``isolated`` and, when flagged, the reason codes and
    words; organizations checked but not flagged get ``isolated = false``."""
    checked = pd.DataFrame({"id": pd.Series(checked_ids, dtype=object).to_numpy()})
    flags = isolated.reindex(columns=["id", *FLAG_COLUMNS, "reasons"])
    codes = np.array(FLAG_COLUMNS, dtype=object)
    mask = flags[list(FLAG_COLUMNS)].fillna(False).to_numpy(dtype=bool)
    flags = pd.DataFrame(
        {
            "id": flags["id"].to_numpy(dtype=object),
            "reasons": flags["reasons"].to_numpy(dtype=object),
            "flags": [list(codes[m]) for m in mask],
        }
    )
    out = checked.merge(flags, on="id", how="outer")
    out["isolated"] = out["id"].isin(flags["id"])
    rows = plain_records(out[["id", "isolated", "reasons"]])
    for row, listed in zip(rows, out["flags"], strict=True):
        row["flags"] = listed if isinstance(listed, list) and listed else None
    return rows


def write_isolation_flags(
    driver: neo4j.Driver,
    isolated: pd.DataFrame,
    checked_ids: pd.Series | np.ndarray,
    run_id: str,
    flagged_at: datetime,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, int]:
    """Mark the isolation flags of ``isolated`` (rows of ``isolated.csv``) on Organization nodes.

    Every organization of ``checked_ids`` (and of ``isolated``) gets ``isolated`` true or
    false; ``flagged_at`` is set when an organization becomes flagged, kept while it stays
    flagged and removed when it recovers, so re-running with the same flags changes nothing
    but ``isolation_run``.

    Returns
    -------
    dict
        ``rows`` written, ``flagged`` (how many are isolated).
    """
    rows = flag_rows(isolated, checked_ids)
    with driver.session(database=database) as session:
        totals = _write_batches(
            session,
            "write/set_isolation_flags",
            rows,
            {"flagged_at": flagged_at, "run_id": run_id},
            batch_size,
        )
    return {"rows": totals["rows"], "flagged": int(sum(r["isolated"] for r in rows))}


def record_run(
    driver: neo4j.Driver, run_id: str, props: dict[str, Any], database: str | None = None
) -> str:
    """Merge the ``AnalysisRun`` node ``run_id`` and set ``props`` on it (values must be Cypher
    values: str, numbers, bool, datetime, lists of those). Returns the run id."""
    text = resources.cypher("write/merge_analysis_run")
    with driver.session(database=database) as session:
        return session.execute_write(
            lambda tx: tx.run(text, {"id": run_id, "props": props}).single(strict=True)["id"]
        )


def replace_potential_allies(
    driver: neo4j.Driver,
    allies: pd.DataFrame,
    run_id: str,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, int]:
    """Delete every ``POTENTIAL_ALLY`` relationship, then write one per row of ``allies``."""
    deleted = 0
    with driver.session(database=database) as session:
        text = resources.cypher("write/delete_potential_allies")
        while True:
            n = session.execute_write(
                lambda tx: tx.run(text, {"limit": batch_size}).single(strict=True)["deleted"]
            )
            deleted += n
            if n == 0:
                break
        totals = _write_batches(
            session,
            "write/merge_potential_allies",
            ally_rows(allies),
            {"run_id": run_id},
            batch_size,
        )
    return {"deleted": deleted, "written": totals["rows"], "created": totals["created"]}


def provenance(
    driver: neo4j.Driver, analysis: Analysis, database: str | None = None
) -> dict[str, Any]:
    """Queryable properties of an ``AnalysisRun``: the dataset (``dataset``, ``dataset_hash``:
    the :func:`~stakeholder_graph.store.neo4j_load_runs.content_hash` of the analysed tables),
    the load it read (``load_run``, ``loaded_at``, ``loaded_dataset``, from the latest complete
    ``LoadRun``) and every analysis parameter flattened as ``param_<name>`` (lists and plain
    values; nested groups as ``param_<group>_<name>``).
    """
    from stakeholder_graph.store.neo4j_load_runs import content_hash

    data = analysis.graph.data
    out: dict[str, Any] = {"dataset": data.name, "dataset_hash": content_hash(data)}

    def flatten(prefix: str, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if isinstance(value, dict):
                flatten(f"{prefix}{key}_", value)
            elif value is None or isinstance(value, str | int | float | bool):
                out[f"{prefix}{key}"] = value
            elif isinstance(value, list | tuple):
                out[f"{prefix}{key}"] = [str(v) for v in value]
            else:
                out[f"{prefix}{key}"] = str(value)

    flatten("param_", analysis.params.as_dict())
    records, _, _ = driver.execute_query(
        resources.cypher("read/latest_load_run"), database_=database
    )
    if records:
        load = records[0]
        out |= {
            "load_run": load["id"],
            "loaded_at": load["loaded_at"],
            "loaded_dataset": load["dataset"],
        }
        if str(data.source).startswith("neo4j"):
            out["dataset"] = load["dataset"]
    return out


def _json(value: Any) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def write_back(
    driver: neo4j.Driver,
    analysis: Analysis,
    database: str | None = None,
    run_id: str | None = None,
    started_at: datetime | None = None,
    kind: str = "analyze",
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Store an analysis on the graph: metrics, potential allies, isolation flags, run node.

    Parameters
    ----------
    driver:
        An open driver.
    analysis:
        The result of :func:`stakeholder_graph.analysis.analyze` on the network stored in the
        database (organizations missing from the database are skipped).
    database:
        The database to write to.
    run_id:
        Id of the ``AnalysisRun`` node (default: a fresh :func:`new_run_id`). Writing again
        with the same id updates that run instead of adding one.
    started_at:
        When the run started (default: now, UTC).
    kind:
        What made the run (``"analyze"``, ``"flag-isolated"``).

    Returns
    -------
    dict
        ``run_id``, ``organizations`` (metric rows), ``allies`` (written) and
        ``allies_deleted``, ``isolated`` (flagged organizations).

    Examples
    --------
    >>> result = write_back(driver, analyze(read_network(driver)))  # doctest: +SKIP
    >>> result["run_id"]  # doctest: +SKIP
    'run-20250630T120000Z-1a2b3c4d'
    """
    started_at = started_at or datetime.now(UTC)
    run_id = run_id or new_run_id(started_at)
    metrics = metric_rows(analysis)
    with driver.session(database=database) as session:
        _write_batches(
            session, "write/set_organization_metrics", metrics, {"run_id": run_id}, batch_size
        )
    allies = replace_potential_allies(
        driver, analysis.tables.get("allies", pd.DataFrame(columns=_ALLIES)), run_id, database
    )
    isolated = analysis.tables.get("isolated", pd.DataFrame(columns=["id"]))
    data = analysis.graph.data
    checked = data.organizations.loc[data.organizations["sector"].isin(WATCHED_SECTORS), "id"]
    flags = write_isolation_flags(
        driver, isolated, checked, run_id, started_at, database, batch_size
    )
    props = {
        "kind": kind,
        "started_at": started_at,
        "finished_at": datetime.now(UTC),
        "parameters": _json(analysis.params.as_dict()),
        "summary": _json(analysis.summary),
        "source": data.source,
        "network": data.name,
        "organizations": len(data.organizations),
        "isolated": [str(i) for i in isolated["id"]] if len(isolated) else [],
        "allies": allies["written"],
    }
    props |= provenance(driver, analysis, database)
    record_run(driver, run_id, props, database)
    with driver.session(database=database) as session:
        _write_batches(
            session, "write/record_metric_history", metrics, {"run_id": run_id}, batch_size
        )
    return {
        "run_id": run_id,
        "organizations": len(metrics),
        "allies": allies["written"],
        "allies_deleted": allies["deleted"],
        "isolated": flags["flagged"],
    }
