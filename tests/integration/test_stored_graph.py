"""The stored graph is the analysed graph: co-participation stored as CO_PARTICIPATED, so an
organization's partners in Neo4j are the neighbours `analyze` counts, and the documented Graph
Data Science projection (counted in plain Cypher: GDS is not installed) holds the analysed ties.
Checked on every bundled dataset."""

from __future__ import annotations

import neo4j
import pytest

from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network.centrality import degrees
from stakeholder_graph.network.graph import build_graph
from stakeholder_graph.resources import bundled_dataset, bundled_datasets
from stakeholder_graph.store.neo4j import load_network, run_query
from stakeholder_graph.store.query_library import prepare_parameters, resolve_query

DATASETS = [pytest.param(name, id=name) for name in bundled_datasets()]


@pytest.mark.parametrize("name", DATASETS)
def test_stored_partners_and_projection_are_the_analysed_graph(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, name: str
) -> None:
    db = neo4j_settings.database
    data = read_dataset(bundled_dataset(name))
    load_network(clean_neo4j, data, db)
    g = build_graph(data)
    analysed = dict(zip(g.ids, degrees(g)["degree"].tolist(), strict=True))
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (o:Organization) "
        "OPTIONAL MATCH (o)-[:INTERACTED_WITH|CO_PARTICIPATED]-(p:Organization) WHERE p <> o "
        "RETURN o.id AS id, count(DISTINCT p) AS partners, o.sectorCode AS code, "
        "o.sector AS sector",
        database_=db,
    )
    assert {r["id"]: r["partners"] for r in records} == analysed
    codes = {"public": 0, "private": 1, "civil": 2, "social_economy": 3}
    assert all(r["code"] == codes[r["sector"]] for r in records)
    # co-participation alone adds partners that INTERACTED_WITH does not have
    only_interactions, _, _ = clean_neo4j.execute_query(
        "MATCH (o:Organization)-[:INTERACTED_WITH]-(p:Organization) WHERE p <> o "
        "RETURN count(DISTINCT [o, p]) AS n",
        database_=db,
    )
    assert only_interactions[0]["n"] < 2 * g.graph.ecount()
    text = resolve_query("gds_projection_counts")
    columns, rows = run_query(clean_neo4j, text, prepare_parameters(text, {}), db)
    got = dict(zip(columns, rows[0], strict=True))
    assert got["node_count"] == len(data.organizations) == g.graph.vcount()
    assert got["ties"] == g.graph.ecount()
    assert got["relationship_count"] == 2 * g.graph.ecount()
    assert got["total_weight"] == pytest.approx(float(g.edges["weight"].sum()))
