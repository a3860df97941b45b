"""``flag-isolated --write-back`` against a real Neo4j: flags on Organization nodes, run nodes,
run history and its diff, and a same-day re-run that changes nothing.

Uses the test network of ``tests/unit/test_isolated_job.py``: civ-a, civ-e and soc-f are flagged
first; then civ-a gains the municipality (recovered) and civ-d loses it (newly isolated).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.jobs.isolated import JobParams, run_isolated_job
from stakeholder_graph.store.neo4j_load import load_network
from tests.unit.test_isolated_job import (
    DAY1,
    DAY2,
    after_rows,
    before_rows,
    change_network,
    write_network,
)

ORGS = "MATCH (o:Organization) RETURN o.id AS id, properties(o) AS props ORDER BY id"
RUNS = (
    "MATCH (r:IsolationRun) RETURN r.id AS id, labels(r) AS labels, properties(r) AS props "
    "ORDER BY r.started_at"
)
FLAGGED_IN = (
    "MATCH (o:Organization)-[f:FLAGGED_IN]->(r:IsolationRun) "
    "RETURN o.id AS org, r.id AS run, properties(f) AS props ORDER BY run, org"
)
FOLLOWS = (
    "MATCH (a:IsolationRun)-[:FOLLOWS]->(b:IsolationRun) RETURN a.id AS later, b.id AS earlier"
)
COUNTS = "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships"


@pytest.fixture
def graph(clean_neo4j, neo4j_driver, neo4j_settings, tmp_path: Path):
    """The test network loaded into an empty database, without earlier job runs."""
    database = neo4j_settings.database
    neo4j_driver.execute_query("MATCH (r:IsolationRun) DETACH DELETE r", database_=database)
    folder = write_network(tmp_path / "net", before_rows())
    load_network(neo4j_driver, read_dataset(folder), database)
    return neo4j_driver, database, folder


def rows(driver, database: str, query: str) -> list[dict]:
    records, _, _ = driver.execute_query(query, database_=database)
    return [r.data() for r in records]


def job(driver, database, folder: Path, out: Path, now: datetime):
    params = JobParams(source=str(folder), as_of="2025-06-30", out=out, write_back=True)
    return run_isolated_job(params, read_dataset(folder), now=now, neo4j=(driver, database))


def everything(driver, database: str) -> dict:
    return {q: rows(driver, database, q) for q in (ORGS, RUNS, FLAGGED_IN, FOLLOWS, COUNTS)}


def test_write_back_flags_runs_history_and_idempotent_rerun(graph, tmp_path: Path) -> None:
    driver, database, folder = graph

    first = job(driver, database, folder, tmp_path / "out1", DAY1)
    orgs = {r["id"]: r["props"] for r in rows(driver, database, ORGS)}
    flagged = sorted(i for i, p in orgs.items() if p.get("isolated"))
    assert flagged == ["civ-a", "civ-e", "soc-f"]
    assert orgs["civ-a"]["isolation_flags"] == ["no_public_tie", "civil_only"]
    assert orgs["civ-a"]["isolation_reasons"][0] == "no tie to any public body"
    assert orgs["civ-a"]["flagged_at"].to_native() == DAY1
    assert orgs["civ-a"]["isolation_run"] == first.run.id
    assert "isolated" not in orgs["civ-b"] and "flagged_at" not in orgs["civ-b"]

    (run1,) = rows(driver, database, RUNS)
    assert run1["id"] == first.run.id
    assert set(run1["labels"]) == {"AnalysisRun", "IsolationRun"}
    props = run1["props"]
    assert props["kind"] == "flag-isolated" and props["complete"] is True
    assert props["started_at"].to_native() == DAY1
    assert props["finished_at"].to_native().tzinfo is not None  # a native datetime, set once
    assert str(props["run_date"]) == "2025-06-30" and str(props["as_of"]) == "2025-06-30"
    assert props["window_days"] == 365
    assert json.loads(props["parameters"]) == {
        "source": str(folder),
        "window_days": 365,
        "as_of": "2025-06-30",
    }
    assert sorted(props["isolated"]) == ["civ-a", "civ-e", "soc-f"]
    assert props["isolated_count"] == 3 and props["newly_isolated_count"] == 3

    # second run, a day later, into a new out folder: the previous run comes from Neo4j
    change_network(folder)
    second = job(driver, database, folder, tmp_path / "out2", DAY2)
    assert second.previous is not None and second.previous.id == first.run.id
    assert second.diff.newly_isolated == ["civ-d"]
    assert second.diff.still_isolated == ["civ-e", "soc-f"]
    assert second.diff.recovered == ["civ-a"]
    assert second.recovered[0]["reasons"][0] == "no tie to any public body"  # read back

    orgs = {r["id"]: r["props"] for r in rows(driver, database, ORGS)}
    assert sorted(i for i, p in orgs.items() if p.get("isolated")) == ["civ-d", "civ-e", "soc-f"]
    assert orgs["civ-a"]["isolated"] is False
    assert "flagged_at" not in orgs["civ-a"] and "isolation_reasons" not in orgs["civ-a"]
    assert orgs["civ-d"]["flagged_at"].to_native() == DAY2
    assert orgs["civ-e"]["flagged_at"].to_native() == DAY1  # still isolated since the first run
    assert {orgs[i]["isolation_run"] for i in ("civ-a", "civ-d", "civ-e")} == {second.run.id}

    history = {r["id"]: r["props"] for r in rows(driver, database, RUNS)}
    assert list(history) == [first.run.id, second.run.id]
    run2 = history[second.run.id]
    assert run2["newly_isolated"] == ["civ-d"] and run2["recovered"] == ["civ-a"]
    assert run2["still_isolated_count"] == 2 and run2["recovered_count"] == 1
    assert rows(driver, database, FOLLOWS) == [{"later": second.run.id, "earlier": first.run.id}]
    flags_in = [
        (r["org"], r["run"], r["props"]["status"]) for r in rows(driver, database, FLAGGED_IN)
    ]
    assert sorted(flags_in) == sorted(
        [(o, first.run.id, "new") for o in ("civ-a", "civ-e", "soc-f")]
        + [("civ-d", second.run.id, "new")]
        + [(o, second.run.id, "still") for o in ("civ-e", "soc-f")]
    )

    # re-running the same day changes nothing: counts and every property identical
    before = everything(driver, database)
    again = job(driver, database, folder, tmp_path / "out3", DAY2.replace(hour=18))
    assert again.repeat and again.run.id == second.run.id
    assert again.diff == second.diff
    assert everything(driver, database) == before


def test_incomplete_run_is_ignored_and_completed_by_a_repeat(graph, tmp_path: Path, monkeypatch):
    driver, database, folder = graph
    first = job(driver, database, folder, tmp_path / "out", DAY1)
    change_network(folder)

    from stakeholder_graph.jobs import neo4j_history

    real = neo4j_history.resources.cypher

    def no_clearing(name: str) -> str:
        if name == "write/job_clear_recovered":
            raise ConnectionResetError("connection lost")
        return real(name)

    monkeypatch.setattr(neo4j_history.resources, "cypher", no_clearing)
    with pytest.raises(ConnectionResetError):
        job(driver, database, folder, tmp_path / "out", DAY2)
    monkeypatch.undo()
    runs = {r["id"]: r["props"]["complete"] for r in rows(driver, database, RUNS)}
    assert runs[first.run.id] is True and list(runs.values()).count(False) == 1
    # the local report of the interrupted run was never renamed into place
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["run"]["id"] == first.run.id

    done = job(driver, database, folder, tmp_path / "out", DAY2)
    assert done.previous is not None and done.previous.id == first.run.id
    assert done.diff.newly_isolated == ["civ-d"] and done.diff.recovered == ["civ-a"]
    runs = {r["id"]: r["props"]["complete"] for r in rows(driver, database, RUNS)}
    assert runs == {first.run.id: True, done.run.id: True}
    orgs = {r["id"]: r["props"] for r in rows(driver, database, ORGS)}
    assert orgs["civ-a"]["isolated"] is False


def test_cli_reads_the_network_from_neo4j_and_writes_back(graph, tmp_path: Path) -> None:
    from stakeholder_graph.cli import cli
    from stakeholder_graph.cli.common import run_guarded

    driver, database, folder = graph
    write_network(folder, after_rows())
    load_network(driver, read_dataset(folder), database, replace=True)
    argv = ["flag-isolated", "--source", "neo4j", "--as-of", "2025-06-30"]
    argv += ["--out", str(tmp_path / "out"), "--write-back", "--quiet"]
    assert run_guarded(cli, argv) == 0
    before = everything(driver, database)
    assert run_guarded(cli, argv) == 0  # same day, same data: the same run, nothing changes
    assert everything(driver, database) == before
    (run,) = rows(driver, database, RUNS)
    assert sorted(run["props"]["isolated"]) == ["civ-d", "civ-e", "soc-f"]
    assert run["props"]["source"] == "neo4j"
    assert run["props"]["run_date"].to_native() == datetime.now(UTC).date()
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["run"]["repeat_of_latest"] is True
    assert report["data_source"]["organizations"] == 9
