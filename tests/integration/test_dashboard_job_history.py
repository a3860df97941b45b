"""The dashboard on ``--source neo4j`` shows the isolated-NGO job's history recorded in Neo4j.

Two ``flag-isolated --write-back`` runs a day apart on the test network of
``tests/unit/test_isolated_job.py``: civ-a, civ-e and soc-f are flagged first; then civ-a gains
the municipality (recovered) and civ-d loses it (newly isolated). The Isolated view's history
must say exactly that, read from the ``IsolationRun`` nodes without any ``--job-out`` folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboards import create_app
from dashboards.callbacks.isolated import isolated
from dashboards.history import load_history
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.jobs.isolated import JobParams, run_isolated_job
from stakeholder_graph.jobs.neo4j_history import read_run_history
from stakeholder_graph.store.neo4j_load import load_network
from tests.unit.test_isolated_job import DAY1, DAY2, before_rows, change_network, write_network


@pytest.fixture
def two_runs(clean_neo4j, neo4j_driver, neo4j_settings, tmp_path: Path):
    database = neo4j_settings.database
    folder = write_network(tmp_path / "net", before_rows())
    load_network(neo4j_driver, read_dataset(folder), database)
    results = []
    for day, out in ((DAY1, "out1"), (DAY2, "out2")):
        if day is DAY2:
            change_network(folder)
        params = JobParams(
            source=str(folder), as_of="2025-06-30", out=tmp_path / out, write_back=True
        )
        results.append(
            run_isolated_job(params, read_dataset(folder), now=day, neo4j=(neo4j_driver, database))
        )
    return neo4j_driver, database, results


def test_run_history_is_read_back_newest_first(two_runs) -> None:
    driver, database, (first, second) = two_runs
    rows = read_run_history(driver, database, runs=5)
    assert [r["id"] for r in rows] == [second.run.id, first.run.id]
    latest = rows[0]
    assert (latest["newly_isolated"], latest["still_isolated"], latest["recovered"]) == (1, 2, 1)
    assert latest["previous_started_at"] == rows[1]["started_at"]
    assert sorted((f["id"], f["status"]) for f in latest["flagged"]) == [
        ("civ-d", "new"),
        ("civ-e", "still"),
        ("soc-f", "still"),
    ]
    assert [r["id"] for r in latest["recovered_organizations"]] == ["civ-a"]
    assert read_run_history(driver, database, runs=1)[0]["id"] == second.run.id


def test_isolated_view_on_neo4j_shows_the_history(two_runs) -> None:
    _, _, (first, second) = two_runs
    history = load_history("neo4j", None)
    assert history is not None and history.origin == "Neo4j"
    assert history.counts == {
        "isolated": 3,
        "newly_isolated": len(second.diff.newly_isolated),
        "still_isolated": len(second.diff.still_isolated),
        "recovered": len(second.diff.recovered),
    }
    assert history.status == {"civ-d": "new", "civ-e": "still", "soc-f": "still"}
    assert [oid for oid, _ in history.recovered] == second.diff.recovered
    assert [r["newly_isolated"] for r in history.runs] == [1, 3]
    # the dashboard on neo4j, without --job-out: the view's history card and runs table
    app = create_app("neo4j", warm=False)
    with app.server.app_context():
        outputs = isolated([], [], [], [], [], None, [])
    card = str(outputs[1])
    assert "from Neo4j" in card
    assert "id='iso-new'" in card and "children='1'" in card
    assert "iso-runs" in card
    # the table's job column: the status the latest run gave each flagged organization (the
    # database still holds the first day's network, where civ-a is flagged and civ-d is not)
    status = {r["id"]: r.get("status") for r in outputs[3]}
    assert status == {"civ-a": "", "civ-e": "still", "soc-f": "still"}
    # an out folder, when given, wins over Neo4j
    assert load_history("neo4j", second.params.out).origin == "out folder"
