"""``LoadRun`` nodes: what each ``load`` did, written first as ``in_progress`` and completed last.

A ``LoadRun`` still ``in_progress`` when the next ``load`` starts marks a load that stopped
half-way (interrupted, killed, the server gone): the next load replaces the network it left and
marks it ``interrupted`` (``finished_by`` the new run). Properties: ``id``, ``dataset``,
``source``, ``content_hash`` (:func:`content_hash`), ``replace``, ``method`` (``merge``:
Cypher batches, ``import``: ``neo4j-admin database import``), ``status``
(``in_progress`` / ``complete`` / ``interrupted``), ``started_at`` and ``finished_at``
(datetimes), ``recovering``, and the row count of every table plus the server's counters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import neo4j
import pandas as pd

from stakeholder_graph import resources
from stakeholder_graph.dataset.model import NetworkData

if TYPE_CHECKING:
    from stakeholder_graph.store.neo4j_load import LoadSummary


def _write(tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any]) -> None:
    tx.run(text, params).consume()


def unfinished_loads(session: neo4j.Session) -> list[str]:
    """Ids of the ``LoadRun`` nodes still ``in_progress``, oldest first."""
    text = resources.cypher("read/load_runs_unfinished")
    return session.execute_read(lambda tx: [r["id"] for r in tx.run(text)])


def content_hash(data: NetworkData) -> str:
    """SHA-256 of the network's tables, rows in key order (the same data read from a folder or
    from Neo4j hashes alike).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> len(content_hash(graph_from_edges([(0, 1)]).data))
    64
    """
    import hashlib

    from stakeholder_graph.analysis import in_key_order

    digest = hashlib.sha256()
    for name, frame in in_key_order(data).tables().items():
        digest.update(name.encode())
        digest.update(",".join(map(str, frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def load_run_params(
    data: NetworkData, replace: bool, unfinished: list[str], method: str
) -> dict[str, Any]:
    """The properties of a new ``LoadRun`` (``method``: ``merge`` or ``import``)."""
    import uuid

    return {
        "id": f"load-{uuid.uuid4().hex[:12]}",
        "dataset": data.name,
        "source": str(data.source),
        "content_hash": content_hash(data),
        "replace": replace,
        "recovering": unfinished[-1] if unfinished else None,
        "method": method,
    }


def start_load_run(
    session: neo4j.Session, data: NetworkData, replace: bool, unfinished: list[str]
) -> str:
    """Write the ``LoadRun`` node (``in_progress``) in its own transaction; return its id."""
    params = load_run_params(data, replace, unfinished, "merge")
    session.execute_write(_write, resources.cypher("write/load_run_start"), params)
    return str(params["id"])


def finish_load_run(session: neo4j.Session, summary: LoadSummary) -> None:
    """Mark the summary's ``LoadRun`` complete with its counts (and the interrupted loads it
    finished as ``interrupted``)."""
    counts = {t.table: t.rows for t in summary.tables} | {
        "nodes_created": summary.nodes_created,
        "relationships_created": summary.relationships_created,
        "nodes_deleted": summary.nodes_deleted,
        "relationships_deleted": summary.relationships_deleted,
    }
    params = {"id": summary.load_run, "counts": counts, "recovered": summary.recovered}
    session.execute_write(_write, resources.cypher("write/load_run_finish"), params)
