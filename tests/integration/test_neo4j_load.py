"""Loading datasets into a real Neo4j: idempotence, the graph model, read-back, --replace,
and the validation gate (an invalid dataset writes nothing)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import replace
from pathlib import Path

import neo4j
import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.model import TRUST_ITEMS, NetworkData, split_themes
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset, bundled_datasets
from stakeholder_graph.store.neo4j import load_network, read_network

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny"
SECTOR_LABELS = {
    "public": "Public",
    "private": "Private",
    "civil": "Civil",
    "social_economy": "SocialEconomy",
}


def _rows(driver: neo4j.Driver, db: str, text: str, **params: object) -> list[dict]:
    records, _, _ = driver.execute_query(text, params, database_=db)
    return [r.data() for r in records]


def snapshot(driver: neo4j.Driver, db: str) -> tuple[list[str], list[str]]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted; the
    LoadRun nodes (one more per load, by design) left out."""
    nodes = _rows(
        driver, db, "MATCH (n) WHERE NOT n:LoadRun RETURN labels(n) AS l, properties(n) AS p"
    )
    rels = _rows(
        driver,
        db,
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS a, type(r) AS t, "
        "coalesce(b.id, b.name) AS b, properties(r) AS p",
    )

    def dump(row: dict) -> str:
        return json.dumps(row, sort_keys=True, default=str)

    return sorted(map(dump, nodes)), sorted(map(dump, rels))


def count(driver: neo4j.Driver, db: str, text: str, **params: object) -> int:
    return _rows(driver, db, text, **params)[0]["n"]


DATASETS = [pytest.param(bundled_dataset(name), id=name) for name in bundled_datasets()] + [
    pytest.param(TINY, id="tiny")
]


@pytest.mark.parametrize("path", DATASETS)
def test_round_trip_gives_the_same_network(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, path: Path
) -> None:
    data = read_dataset(path)
    assert len(data.organizations) > 0 and len(data.interactions) > 0
    load_network(clean_neo4j, data, neo4j_settings.database, batch_size=97)
    back = read_network(clean_neo4j, neo4j_settings.database)
    assert back.equals(data)
    for table, frame in back.canonical().tables().items():
        assert len(frame) == len(data.table(table)), table


def test_survey_waves_survive_the_round_trip(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    """Answers from two survey rounds keep their wave through Neo4j (the compare command
    reads waves as dated survey rounds)."""
    data = read_dataset(bundled_dataset("pleven"))
    waves = pd.Series(["2024-spring", "2025-spring"] * len(data.perceptions))
    perceptions = data.perceptions.assign(wave=waves.iloc[: len(data.perceptions)].to_numpy())
    data = dataclasses.replace(data, perceptions=perceptions)
    load_network(clean_neo4j, data, neo4j_settings.database)
    back = read_network(clean_neo4j, neo4j_settings.database)
    assert back.equals(data)
    assert sorted(back.perceptions["wave"].unique()) == ["2024-spring", "2025-spring"]


def test_bundled_datasets_exist() -> None:
    assert {"pleven", "dk-social", "hu-town"} <= set(bundled_datasets())


def test_loading_twice_changes_nothing(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    db = neo4j_settings.database
    data = read_dataset(bundled_dataset("pleven"))
    first = load_network(clean_neo4j, data, db, batch_size=250)
    before = snapshot(clean_neo4j, db)
    second = load_network(clean_neo4j, data, db, batch_size=400)
    after = snapshot(clean_neo4j, db)
    assert after == before
    assert len(before[0]) == first.nodes_created
    assert len(before[1]) == first.relationships_created
    assert second.nodes_created == 0 and second.relationships_created == 0
    assert second.nodes_deleted == 0 and second.relationships_deleted == 0
    by_table = {t.table: t for t in second.tables}
    for table in by_table.values():  # an unchanged reload reports every row unchanged
        assert (table.created, table.updated, table.unchanged) == (0, 0, table.rows), table
    assert by_table["interactions"].unchanged == len(data.interactions)
    assert by_table["organizations"].created == 0
    assert {t.table: t.created for t in first.tables}["organizations"] == len(data.organizations)


def test_graph_model(clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings) -> None:
    db = neo4j_settings.database
    data = read_dataset(bundled_dataset("pleven"))
    load_network(clean_neo4j, data, db)
    orgs = data.organizations
    # one sector label per organization, the right one
    labelled = _rows(
        clean_neo4j,
        db,
        "MATCH (o:Organization) RETURN o.id AS id, [l IN labels(o) WHERE l <> 'Organization'] "
        "AS labels",
    )
    got = {r["id"]: r["labels"] for r in labelled}
    assert got == {i: [SECTOR_LABELS[s]] for i, s in zip(orgs["id"], orgs["sector"], strict=True)}
    # relationships per type match the tables
    pairs = data.organization_themes().drop_duplicates()
    act_themes = split_themes(data.activities["themes"]).map(set).map(len).sum()
    assert count(
        clean_neo4j, db, "MATCH (:Organization)-[r:WORKS_ON]->() RETURN count(r) AS n"
    ) == len(pairs)
    assert count(clean_neo4j, db, "MATCH (:Activity)-[r:WORKS_ON]->() RETURN count(r) AS n") == (
        act_themes
    )
    assert count(clean_neo4j, db, "MATCH (t:Theme) RETURN count(t) AS n") == len(
        set(pairs["theme"]) | set(split_themes(data.activities["themes"]).explode().dropna())
    )
    assert count(
        clean_neo4j, db, "MATCH (:Organization)-[r:BASED_IN]->() RETURN count(r) AS n"
    ) == int((orgs["municipality"] != "").sum())
    assert count(clean_neo4j, db, "MATCH ()-[r:INTERACTED_WITH]->() RETURN count(r) AS n") == len(
        data.interactions
    )
    assert count(clean_neo4j, db, "MATCH ()-[r:PARTICIPATES_IN]->() RETURN count(r) AS n") == len(
        data.participation
    )
    # trust = mean of the trust items answered, computed independently here
    expected = data.perceptions[list(TRUST_ITEMS)].mean(axis=1).to_numpy()
    stored = _rows(
        clean_neo4j,
        db,
        "MATCH (a)-[p:PERCEIVES]->(b) RETURN a.id AS rater, b.id AS ratee, p.trust AS trust, "
        "p.date AS date ORDER BY rater, ratee",
    )
    frame = pd.DataFrame(stored)
    want = (
        data.perceptions.assign(trust=expected)
        .sort_values(["rater", "ratee"], kind="stable")
        .reset_index(drop=True)
    )
    assert frame["rater"].tolist() == want["rater"].tolist()
    np.testing.assert_allclose(frame["trust"].astype(float), want["trust"], rtol=1e-12)
    # dates are Cypher dates, not strings
    types = _rows(
        clean_neo4j,
        db,
        "MATCH ()-[r:INTERACTED_WITH]->() WHERE r.date IS NOT NULL "
        "RETURN DISTINCT valueType(r.date) AS t",
    )
    assert [r["t"] for r in types] == ["DATE NOT NULL"]


def _changed(data: NetworkData) -> NetworkData:
    """tiny with an organization moved to another sector, themes and municipality changed, an
    interaction moved to other endpoints with a weight removed, and a role changed."""
    orgs = data.organizations.copy()
    youth = orgs.index[orgs["id"] == "youth-ngo"][0]
    orgs.loc[youth, ["sector", "themes", "municipality"]] = [
        "social_economy",
        "education;sports",
        "Lovech",
    ]
    inter = data.interactions.copy()
    first = inter.index[inter["id"] == "i1"][0]
    inter.loc[first, ["source", "target"]] = ["roma-ngo", "soc-dept"]
    inter.loc[first, "weight"] = np.nan
    part = data.participation.copy()
    part.loc[0, "role"] = "observer"
    return replace(data, organizations=orgs, interactions=inter, participation=part)


def test_reload_updates_changed_records(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    db = neo4j_settings.database
    data = read_dataset(TINY)
    load_network(clean_neo4j, data, db)
    changed = _changed(data)
    summary = load_network(clean_neo4j, changed, db)
    assert read_network(clean_neo4j, db).equals(changed)
    assert summary.nodes_created == 2  # the themes 'sports' and the municipality 'Lovech'
    counts = {t.table: (t.created, t.updated, t.unchanged) for t in summary.tables}
    n = {name: len(frame) for name, frame in data.tables().items()}
    assert counts["organizations"] == (0, 1, n["organizations"] - 1)  # youth-ngo
    assert counts["interactions"] == (1, 0, n["interactions"] - 1)  # i1 moved: made anew
    assert counts["participation"] == (0, 1, n["participation"] - 1)  # a role changed
    assert counts["perceptions"] == (0, 0, n["perceptions"])
    assert counts["activities"] == (0, 0, n["activities"])
    labels = _rows(
        clean_neo4j, db, "MATCH (o:Organization {id: 'youth-ngo'}) RETURN labels(o) AS l"
    )
    assert sorted(labels[0]["l"]) == ["Organization", "SocialEconomy"]
    themes = _rows(
        clean_neo4j,
        db,
        "MATCH (:Organization {id: 'youth-ngo'})-[:WORKS_ON]->(t) RETURN t.name AS t ORDER BY t",
    )
    assert [r["t"] for r in themes] == ["education", "sports"]
    places = _rows(
        clean_neo4j,
        db,
        "MATCH (:Organization {id: 'youth-ngo'})-[:BASED_IN]->(m) RETURN m.name AS m",
    )
    assert [r["m"] for r in places] == ["Lovech"]
    moved = _rows(
        clean_neo4j,
        db,
        "MATCH (s)-[r:INTERACTED_WITH {id: 'i1'}]->(t) RETURN s.id AS s, t.id AS t, "
        "r.weight AS w, 'weight' IN keys(r) AS has_weight",
    )
    assert moved == [{"s": "roma-ngo", "t": "soc-dept", "w": None, "has_weight": False}]


def test_replace_swaps_the_network_and_keeps_runs(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    db = neo4j_settings.database
    load_network(clean_neo4j, read_dataset(bundled_dataset("hu-town")), db)
    clean_neo4j.execute_query("CREATE (:AnalysisRun {id: 'kept'})", database_=db)
    tiny = read_dataset(TINY)
    summary = load_network(clean_neo4j, tiny, db, replace=True, batch_size=50)
    assert summary.nodes_deleted > 0 and summary.relationships_deleted > 0
    assert read_network(clean_neo4j, db).equals(tiny)
    assert count(clean_neo4j, db, "MATCH (r:AnalysisRun {id: 'kept'}) RETURN count(r) AS n") == 1
    assert count(clean_neo4j, db, "MATCH (t:Theme) RETURN count(t) AS n") == len(
        set(tiny.organization_themes()["theme"])
        | set(split_themes(tiny.activities["themes"]).explode().dropna())
    )


def _broken_copy(tmp_path: Path) -> Path:
    broken = tmp_path / "broken"
    shutil.copytree(TINY, broken)
    with (broken / "interactions.csv").open("a", encoding="utf-8") as handle:
        handle.write("i99,mun,nobody-here,meeting,2024-01-01,,source,planning,1,true\n")
    return broken


def test_invalid_dataset_writes_nothing(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, tmp_path: Path, capsys
) -> None:
    db = neo4j_settings.database
    broken = _broken_copy(tmp_path)
    assert run_guarded(cli, ["load", str(broken)]) == 2
    assert "nobody-here" in capsys.readouterr().err
    assert count(clean_neo4j, db, "MATCH (n) RETURN count(n) AS n") == 0


def test_invalid_dataset_with_replace_keeps_the_loaded_network(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, tmp_path: Path
) -> None:
    db = neo4j_settings.database
    tiny = read_dataset(TINY)
    load_network(clean_neo4j, tiny, db)
    before = snapshot(clean_neo4j, db)
    assert run_guarded(cli, ["load", str(_broken_copy(tmp_path)), "--replace"]) == 2
    assert snapshot(clean_neo4j, db) == before


def test_cli_load_reports_created_then_updated(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, capsys
) -> None:
    assert run_guarded(cli, ["load", "dk-social", "--batch-size", "100", "--method", "merge"]) == 0
    first = capsys.readouterr()
    data = read_dataset(bundled_dataset("dk-social"))
    line = next(x for x in first.out.splitlines() if x.split()[:1] == ["interactions"])
    rows = str(len(data.interactions))
    assert line.split()[1:] == [rows, rows, "0", "0"]
    assert "interactions: " in first.err  # plain progress lines when not on a terminal
    assert run_guarded(cli, ["load", "dk-social"]) == 0
    second = capsys.readouterr().out
    line = next(x for x in second.splitlines() if x.split()[:1] == ["interactions"])
    assert line.split()[1:] == [rows, "0", "0", rows]  # created, updated, unchanged
    assert read_network(clean_neo4j, neo4j_settings.database).equals(data)


def test_load_refuses_neo4j_as_a_dataset(capsys) -> None:
    assert run_guarded(cli, ["load", "neo4j"]) == 2
    assert "not 'neo4j'" in capsys.readouterr().err


def test_reading_an_empty_database_is_an_input_error(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    from stakeholder_graph.errors import InputError

    with pytest.raises(InputError, match="stakeholder-graph load"):
        read_network(clean_neo4j, neo4j_settings.database)


def test_interrupted_replace_is_finished_by_the_next_load(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `--replace` stopped half-way through the interactions leaves a LoadRun in progress;
    the next plain `load` sees it, replaces the partial network and completes."""
    from stakeholder_graph.store import neo4j_load

    db = neo4j_settings.database
    pleven = read_dataset(bundled_dataset("pleven"))
    load_network(clean_neo4j, read_dataset(bundled_dataset("hu-town")), db)
    clean_neo4j.execute_query(  # a written-back result of the old network
        "MATCH (a:Organization), (b:Organization) WITH a, b LIMIT 1 "
        "CREATE (a)-[:POTENTIAL_ALLY {score: 1.0}]->(b)",
        database_=db,
    )
    real = neo4j_load._run_all
    calls = {"interactions": 0}

    def failing(tx: neo4j.ManagedTransaction, statements: list) -> list:
        if any("INTERACTED_WITH {id: row.id}" in text for text, _ in statements):
            calls["interactions"] += 1
            if calls["interactions"] == 2:
                raise KeyboardInterrupt  # Ctrl-C after the first batch of interactions
        return real(tx, statements)

    monkeypatch.setattr(neo4j_load, "_run_all", failing)
    with pytest.raises(KeyboardInterrupt):
        load_network(clean_neo4j, pleven, db, replace=True, batch_size=100, workers=1)
    monkeypatch.setattr(neo4j_load, "_run_all", real)
    half = count(clean_neo4j, db, "MATCH ()-[r:INTERACTED_WITH]->() RETURN count(r) AS n")
    assert 0 < half < len(pleven.interactions)
    statuses = _rows(
        clean_neo4j, db, "MATCH (l:LoadRun) RETURN l.id AS id, l.status AS s ORDER BY l.started_at"
    )
    assert [r["s"] for r in statuses] == ["complete", "in_progress"]  # hu-town, then pleven
    first = statuses[1]

    summary = load_network(clean_neo4j, pleven, db)
    assert summary.recovered == [first["id"]]
    assert read_network(clean_neo4j, db).equals(pleven)
    assert count(clean_neo4j, db, "MATCH ()-[r:POTENTIAL_ALLY]->() RETURN count(r) AS n") == 0
    runs = _rows(
        clean_neo4j,
        db,
        "MATCH (l:LoadRun) RETURN l.id AS id, l.status AS status, l.finished_by AS by, "
        "l.dataset AS dataset, l.interactions AS interactions, l.content_hash AS hash, "
        "l.finished_at IS NOT NULL AND valueType(l.started_at) STARTS WITH 'ZONED DATETIME' "
        "AS dated ORDER BY l.started_at",
    )
    assert [(r["id"], r["status"], r["by"]) for r in runs[1:]] == [
        (first["id"], "interrupted", summary.load_run),
        (summary.load_run, "complete", None),
    ]
    assert runs[2]["dataset"] == "pleven" and runs[2]["interactions"] == len(pleven.interactions)
    assert runs[2]["dated"] and len(runs[2]["hash"]) == 64
    assert runs[0]["hash"] != runs[2]["hash"]  # hu-town and pleven
    again = load_network(clean_neo4j, pleven, db)  # nothing left to recover
    assert again.recovered == []
