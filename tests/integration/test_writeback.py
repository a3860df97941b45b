"""Write-back of an analysis onto the graph: values, and idempotence against real Neo4j."""

from __future__ import annotations

import dataclasses
import datetime as dt

import neo4j
import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.analysis import analyze
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset
from stakeholder_graph.store.neo4j import load_network, read_network, write_back
from stakeholder_graph.store.neo4j_writeback import write_isolation_flags

T0 = dt.datetime(2025, 7, 1, 6, 0, tzinfo=dt.UTC)


def rows(driver: neo4j.Driver, db: str, text: str) -> list[dict]:
    records, _, _ = driver.execute_query(text, database_=db)
    return [r.data() for r in records]


def state(driver: neo4j.Driver, db: str) -> dict[str, object]:
    """What write-back leaves: organization properties, allies, runs (without finish time)."""
    orgs = rows(
        driver, db, "MATCH (o:Organization) RETURN o.id AS id, properties(o) AS p ORDER BY id"
    )
    allies = rows(
        driver,
        db,
        "MATCH (a)-[r:POTENTIAL_ALLY]->(b) RETURN a.id AS a, b.id AS b, properties(r) AS p "
        "ORDER BY a, b",
    )
    runs = rows(
        driver,
        db,
        "MATCH (r:AnalysisRun) RETURN r.id AS id, r.started_at AS s, r.parameters AS p ORDER BY id",
    )
    return {"orgs": orgs, "allies": allies, "runs": runs}


@pytest.fixture
def loaded(clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings):
    data = read_dataset(bundled_dataset("pleven"))
    load_network(clean_neo4j, data, neo4j_settings.database)
    analysis = analyze(read_network(clean_neo4j, neo4j_settings.database))
    return clean_neo4j, neo4j_settings.database, analysis


def test_write_back_stores_the_analysis(loaded) -> None:
    driver, db, analysis = loaded
    result = write_back(driver, analysis, db, run_id="r1", started_at=T0)
    assert result["run_id"] == "r1"
    assert result["allies"] == len(analysis["allies"])
    assert result["isolated"] == len(analysis["isolated"])

    stored = pd.DataFrame(
        rows(
            driver,
            db,
            "MATCH (o:Organization) RETURN o.id AS id, o.betweenness AS betweenness, "
            "o.pagerank AS pagerank, o.community AS community, o.brokerage AS brokerage, "
            "o.trust_received AS trust_received, o.metrics_run AS run",
        )
    ).set_index("id")
    cent = analysis["centrality"].set_index("id")
    np.testing.assert_allclose(stored.loc[cent.index, "betweenness"], cent["betweenness"])
    np.testing.assert_allclose(stored.loc[cent.index, "pagerank"], cent["pagerank"])
    assert stored.loc[cent.index, "community"].tolist() == cent["community"].tolist()
    brok = analysis["brokerage"].set_index("id")
    assert stored.loc[brok.index, "brokerage"].tolist() == brok["total"].tolist()
    trust = analysis["organization_trust"].set_index("id")["trust_received"]
    got = stored.loc[trust.index, "trust_received"].astype(float)
    np.testing.assert_array_equal(got.isna(), trust.isna())
    np.testing.assert_allclose(got[trust.notna()], trust[trust.notna()])
    assert (stored["run"] == "r1").all()

    allies = rows(
        driver,
        db,
        "MATCH (a)-[r:POTENTIAL_ALLY]->(b) RETURN a.id AS a, b.id AS b, r.score AS score, "
        "r.reasons AS reasons, r.shared_themes AS themes, r.run_id AS run",
    )
    expected = analysis["allies"].set_index(["a", "b"])
    assert {(r["a"], r["b"]) for r in allies} == set(expected.index)
    for r in allies:
        assert r["score"] == pytest.approx(expected.loc[(r["a"], r["b"]), "score"])
        assert r["reasons"] == expected.loc[(r["a"], r["b"]), "reasons"]
        assert ";".join(r["themes"] or []) == expected.loc[(r["a"], r["b"]), "shared_themes"]
        assert r["run"] == "r1"

    flagged = rows(
        driver,
        db,
        "MATCH (o:Organization) WHERE o.isolated RETURN o.id AS id, o.flagged_at AS at",
    )
    assert {r["id"] for r in flagged} == set(analysis["isolated"]["id"])
    assert all(r["at"].to_native() == T0 for r in flagged)
    checked = rows(
        driver,
        db,
        "MATCH (o:Organization) WHERE o.isolated = false RETURN collect(o.sector) AS s",
    )[0]["s"]
    assert set(checked) <= {"civil", "social_economy"} and len(checked) > 0

    (run,) = rows(driver, db, "MATCH (r:AnalysisRun) RETURN properties(r) AS p")
    assert run["p"]["id"] == "r1" and run["p"]["kind"] == "analyze"
    assert run["p"]["organizations"] == len(analysis["centrality"])
    assert sorted(run["p"]["isolated"]) == sorted(analysis["isolated"]["id"])


def test_write_back_twice_is_idempotent(loaded) -> None:
    driver, db, analysis = loaded
    write_back(driver, analysis, db, run_id="same", started_at=T0)
    first = state(driver, db)
    again = write_back(driver, analysis, db, run_id="same", started_at=T0)
    assert state(driver, db) == first
    assert again["allies_deleted"] == len(analysis["allies"])

    # a new run replaces allies and metrics instead of adding to them; one run node per run
    write_back(driver, analysis, db, run_id="next", started_at=T0 + dt.timedelta(days=1))
    after = state(driver, db)
    assert len(after["allies"]) == len(first["allies"]) == len(analysis["allies"])
    assert [r["id"] for r in after["runs"]] == ["next", "same"]
    for a, b in zip(after["orgs"], first["orgs"], strict=True):
        diff = {k for k in a["p"].keys() | b["p"].keys() if a["p"].get(k) != b["p"].get(k)}
        assert diff <= {"metrics_run", "isolation_run"}
    counts = rows(
        driver,
        db,
        "MATCH (a)-[r:POTENTIAL_ALLY]-(b) WHERE a.id < b.id "
        "WITH a, b, count(r) AS n WHERE n > 1 RETURN count(*) AS duplicates",
    )
    assert counts[0]["duplicates"] == 0


def test_flags_follow_recovery(loaded) -> None:
    driver, db, analysis = loaded
    isolated = analysis["isolated"]
    ids = analysis["centrality"]["id"]
    write_isolation_flags(driver, isolated, ids, "f1", T0, db)
    later = T0 + dt.timedelta(days=7)
    keep = isolated[isolated["id"] != "pl-ngo-disab-3"]
    result = write_isolation_flags(driver, keep, ids, "f2", later, db)
    assert result["flagged"] == len(keep)
    got = {
        r["id"]: r
        for r in rows(
            driver,
            db,
            "MATCH (o:Organization) WHERE o.id IN ['pl-ngo-disab-3', 'pl-ngo-env-1'] "
            "RETURN o.id AS id, o.isolated AS isolated, o.flagged_at AS at, "
            "o.isolation_flags AS flags, o.isolation_run AS run",
        )
    }
    assert got["pl-ngo-disab-3"] == {
        "id": "pl-ngo-disab-3",
        "isolated": False,
        "at": None,
        "flags": None,
        "run": "f2",
    }
    assert got["pl-ngo-env-1"]["isolated"] is True
    assert got["pl-ngo-env-1"]["at"].to_native() == T0  # still flagged: first time kept
    assert "no_interaction" in got["pl-ngo-env-1"]["flags"]


def test_write_back_stores_partner_and_srm_scores(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    """PARTNER value score, SRM rater/target effects and brokerage z-scores reach the nodes.

    The bundled surveys carry no value items, so a third of Pleven's answers get influence,
    involvement and resources ratings here before loading.
    """
    driver, db = clean_neo4j, neo4j_settings.database
    data = read_dataset(bundled_dataset("pleven"))
    perceptions = data.perceptions.copy()
    rated = perceptions.index[::3]
    for k, item in enumerate(("influence", "involvement", "resources")):
        perceptions.loc[rated, item] = (np.arange(len(rated)) + k) % 4 + 1
    data = dataclasses.replace(data, perceptions=perceptions)
    load_network(driver, data, db)
    analysis = analyze(read_network(driver, db))
    write_back(driver, analysis, db, run_id="r-science", started_at=T0)

    stored = pd.DataFrame(
        rows(
            driver,
            db,
            "MATCH (o:Organization) RETURN o.id AS id, o.value_received AS value_received, "
            "o.target_effect AS target_effect, o.rater_effect AS rater_effect, "
            "o.liaison_z AS liaison_z",
        )
    ).set_index("id")
    metrics = analysis.organization_metrics().set_index("id")
    for column in ("value_received", "target_effect", "rater_effect", "liaison_z"):
        want = pd.to_numeric(metrics[column], errors="coerce")
        have = pd.to_numeric(stored.loc[want.index, column], errors="coerce")
        assert want.notna().sum() > 0, column
        np.testing.assert_array_equal(have.isna().to_numpy(), want.isna().to_numpy())
        np.testing.assert_allclose(have[want.notna()], want[want.notna()])
