"""compare --write-back: the ComparisonRun and its CHANGED relationships on a real Neo4j."""

from __future__ import annotations

import neo4j
import pytest

from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network.change import compare, parse_period
from stakeholder_graph.resources import bundled_dataset, cypher
from stakeholder_graph.store.neo4j import load_network, read_network
from stakeholder_graph.store.neo4j_compare import write_comparison
from stakeholder_graph.store.neo4j_query import run_query


def test_comparison_is_written_once_and_read_by_the_bundled_query(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    db = neo4j_settings.database
    load_network(clean_neo4j, read_dataset(bundled_dataset("pleven")), db)
    result = compare(read_network(clean_neo4j, db), parse_period("2023"), parse_period("2024"))
    first = write_comparison(clean_neo4j, result, db, run_id="cmp-test")
    again = write_comparison(clean_neo4j, result, db, run_id="cmp-test")
    assert first["organizations"] == again["organizations"] == len(result["organizations"])
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (r:ComparisonRun)-[c:CHANGED]->() RETURN count(DISTINCT r) AS runs, count(c) AS n",
        database_=db,
    )
    assert records[0]["runs"] == 1 and records[0]["n"] == len(result["organizations"])
    columns, rows = run_query(
        clean_neo4j,
        cypher("queries/comparison_movers"),
        {"measure": "degree", "run": None, "limit": 5},
        db,
    )
    orgs = result["organizations"].set_index("id")
    top = orgs["degree_change"].abs().max()
    got = [dict(zip(columns, row, strict=True)) for row in rows]
    assert abs(got[0]["change"]) == pytest.approx(top)
    for row in got:
        assert row["before"] == pytest.approx(orgs.loc[row["id"], "degree_before"])
        assert row["after"] == pytest.approx(orgs.loc[row["id"], "degree_after"])
    left = {r["id"] for r in got if r["left"]}
    assert left <= set(orgs.index[orgs["left"]])
