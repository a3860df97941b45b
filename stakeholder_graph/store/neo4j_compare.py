"""Write a comparison of two periods back onto the graph (``compare --write-back``).

One ``(:ComparisonRun {id, kind: "compare", computed_at, network, source, before_since,
before_until, after_since, after_until, ties_gained, ties_lost, summary})`` node per run, and
one ``(:ComparisonRun)-[:CHANGED {<measure>_before, <measure>_after, <measure>_change, entered,
left, became_isolated, stopped_isolated, moved, community_before, community_after}]->
(:Organization)`` relationship per organization, so analysts read the changes in Cypher
(``cypher/queries/comparison_movers.cypher``). Both are merged on their keys: writing the same
run twice leaves the same graph. The queries live in ``cypher/write/merge_comparison_*.cypher``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import neo4j

from stakeholder_graph import resources
from stakeholder_graph.store.neo4j_load import DEFAULT_BATCH_SIZE, plain_records
from stakeholder_graph.store.neo4j_writeback import new_run_id


def change_rows(organizations: Any) -> list[dict[str, Any]]:
    """One row ``{id, props}`` per organization of a comparison's ``organizations`` frame.

    Examples
    --------
    >>> import pandas as pd
    >>> change_rows(pd.DataFrame({"id": ["a"], "name": ["A"], "sector": ["civil"],
    ...     "degree_before": [1.0], "degree_change": [float("nan")]}))
    [{'id': 'a', 'props': {'degree_before': 1.0, 'degree_change': None}}]
    """
    keep = [c for c in organizations.columns if c not in ("id", "name", "sector")]
    records = plain_records(organizations[keep])
    return [
        {"id": str(i), "props": props}
        for i, props in zip(organizations["id"], records, strict=True)
    ]


def write_comparison(
    driver: neo4j.Driver,
    result: dict[str, Any],
    database: str | None = None,
    run_id: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Store ``result`` (from :func:`stakeholder_graph.network.change.compare`) on the graph.

    Returns ``{"run_id", "organizations"}`` (relationships written).
    """
    run_id = run_id or new_run_id().replace("run-", "cmp-", 1)
    s = result["summary"]
    props = {
        "kind": "compare",
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "network": s.get("name"),
        "before_since": s["before"]["window"]["since"],
        "before_until": s["before"]["window"]["until"],
        "after_since": s["after"]["window"]["since"],
        "after_until": s["after"]["window"]["until"],
        "ties_gained": int(s["ties_gained"]),
        "ties_lost": int(s["ties_lost"]),
        "summary": json.dumps(s, ensure_ascii=False, default=str),
    }
    rows = change_rows(result["organizations"])
    run_text = resources.cypher("write/merge_comparison_run.cypher")
    change_text = resources.cypher("write/merge_comparison_changes.cypher")
    written = 0
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(run_text, {"id": run_id, "props": props}).consume())
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            written += session.execute_write(
                lambda tx, b=batch: tx.run(change_text, {"run_id": run_id, "rows": b}).single(
                    strict=True
                )["written"]
            )
    return {"run_id": run_id, "organizations": int(written)}
