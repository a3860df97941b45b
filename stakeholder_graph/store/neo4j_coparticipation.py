"""Co-participation as data: ``(:Organization)-[:CO_PARTICIPATED {activities}]->(:Organization)``.

The analysis counts two organizations that took part in the same activity as tied (the
projection B·Bᵀ of the organization × activity incidence matrix B, see
:mod:`stakeholder_graph.network.graph`). Storing that projection makes the stored graph the
analysed one: an organization's partners over ``INTERACTED_WITH|CO_PARTICIPATED`` are the
neighbours the written-back ``degree`` counts, and a Graph Data Science projection of those two
types sees the same graph (docs/cypher.md, "GDS projection").

One relationship per unordered pair, from the smaller id to the larger, with ``activities``: the
number of distinct activities both took part in (over every activity, no time window).

Example
-------
>>> import pandas as pd
>>> from stakeholder_graph.dataset.model import NetworkData, coerce_table
>>> orgs = coerce_table("organizations", pd.DataFrame(
...     {"id": ["a", "b", "c"], "name": ["A", "B", "C"], "sector": ["public", "civil", "civil"]}))
>>> part = coerce_table("participation", pd.DataFrame(
...     {"activity": ["x", "x", "y", "y", "y"], "organization": ["b", "a", "a", "b", "c"]}))
>>> coparticipation_pairs(NetworkData(orgs, participation=part)).values.tolist()
[['a', 'b', 2], ['a', 'c', 1], ['b', 'c', 1]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from stakeholder_graph import resources
from stakeholder_graph.dataset.model import NetworkData

if TYPE_CHECKING:
    from stakeholder_graph.store.neo4j_load import _Writer


def coparticipation_pairs(data: NetworkData) -> pd.DataFrame:
    """Columns ``a``, ``b`` (ids, ``a < b``) and ``activities`` (shared activity count), one row
    per pair of organizations sharing at least one activity, sorted by ``a``, ``b``."""
    part = data.participation[["organization", "activity"]].drop_duplicates()
    orgs = pd.Index(np.sort(data.organizations["id"].to_numpy(dtype=object)))
    acts = pd.Index(part["activity"].unique())
    rows = orgs.get_indexer(part["organization"])
    keep = rows >= 0
    incidence = sp.csr_matrix(
        (
            np.ones(int(keep.sum()), dtype=np.int64),
            (rows[keep], acts.get_indexer(part["activity"])[keep]),
        ),
        shape=(len(orgs), len(acts)),
    )
    shared = sp.triu(incidence @ incidence.T, k=1).tocoo()
    frame = pd.DataFrame(
        {
            "a": orgs.to_numpy()[shared.row],
            "b": orgs.to_numpy()[shared.col],
            "activities": shared.data.astype(np.int64),
        }
    )
    return frame.sort_values(["a", "b"], ignore_index=True)


def partner_lists(data: NetworkData, pairs: pd.DataFrame) -> list[dict[str, Any]]:
    """``{id, partners}`` for every organization: the ``b`` ends of its pairs (for pruning)."""
    grouped = pairs.groupby("a")["b"].agg(list)
    ids = data.organizations["id"]
    lists = grouped.reindex(ids).tolist()
    return [
        {"id": i, "partners": p if isinstance(p, list) else []}
        for i, p in zip(ids.tolist(), lists, strict=True)
    ]


def write_coparticipation(writer: _Writer, data: NetworkData, fresh: bool, create: bool) -> None:
    """Write the ``CO_PARTICIPATED`` relationships through ``writer`` (table
    ``co_participation``); on a database that held a network, pairs that no longer share an
    activity are deleted first."""
    from stakeholder_graph.store.neo4j_load import _batches, _consume_all

    pairs = coparticipation_pairs(data)
    if not fresh:
        prune = resources.cypher("write/prune_coparticipation")
        for batch in _batches(partner_lists(data, pairs), writer.batch_size):
            (counters,) = writer.session.execute_write(_consume_all, [(prune, {"rows": batch})])
            writer.summary._add(counters)
            writer.summary.batches += 1
    rows = pairs.to_dict("records")
    for row in rows:
        row["activities"] = int(row["activities"])
    writer.table(
        "co_participation",
        rows,
        f"write/{'create' if create else 'merge'}_coparticipation",
        lambda c: c.relationships_created,
    )
