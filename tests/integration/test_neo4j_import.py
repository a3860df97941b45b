"""The offline import (``load`` into an empty database, or ``--replace``, on the local server):
the database it makes is the one the Cypher load makes, and the records a load keeps survive.

The import stops and starts the local server, so these tests need the server of
``stakeholder-graph neo4j up`` (they are skipped against a server named by NEO4J_URI) and take
the time of one restart each.
"""

from __future__ import annotations

import neo4j
import pytest

from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset
from stakeholder_graph.store.neo4j import load_network, read_network
from stakeholder_graph.store.neo4j_bulk import bulk_load, import_refusal
from tests.integration.test_neo4j_load import count, snapshot


@pytest.fixture
def local_only(neo4j_settings: Neo4jSettings) -> None:
    if neo4j_settings.source != "local server":
        pytest.skip("the offline import needs the local server of `stakeholder-graph neo4j up`")


def test_import_writes_what_the_cypher_load_writes(
    local_only: None, clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    db = neo4j_settings.database
    data = read_dataset(bundled_dataset("pleven"))
    load_network(clean_neo4j, data, db)
    by_cypher = snapshot(clean_neo4j, db)
    clean_neo4j.execute_query(
        "CREATE (a:AnalysisRun {id: 'kept', at: datetime('2025-01-02T03:04:05Z'), "
        "day: date('2025-01-02'), n: 3, x: 0.5, ok: true, tags: ['a;b', 'c\"d'], "
        "note: 'line one\\nline two'})-[:FOLLOWS {k: 1}]->(:IsolationRun {id: 'older'})",
        database_=db,
    )
    kept = snapshot(clean_neo4j, db)
    with clean_neo4j.session(database=db) as session:
        assert import_refusal(neo4j_settings, session, replace=False) is not None  # has data
        assert import_refusal(neo4j_settings, session, replace=True) is None
    summary = bulk_load(clean_neo4j, neo4j_settings, data, replace=True)
    assert summary.method == "import"
    assert snapshot(clean_neo4j, db) == kept  # the network, and the kept records as they were
    assert read_network(clean_neo4j, db).equals(data)
    # the same network as the Cypher load, and every row reported created
    kept_only = set(kept[0]) - set(by_cypher[0]), set(kept[1]) - set(by_cypher[1])
    assert [len(k) for k in kept_only] == [2, 1]
    tables = {t.table: (t.rows, t.created) for t in summary.tables}
    assert tables["interactions"] == (len(data.interactions), len(data.interactions))
    assert tables["organizations"] == (len(data.organizations), len(data.organizations))
    assert summary.relationships_deleted == len(by_cypher[1])
    runs = clean_neo4j.execute_query(
        "MATCH (l:LoadRun) RETURN l.id AS id, l.status AS status, l.method AS method, "
        "l.interactions AS interactions ORDER BY l.started_at",
        database_=db,
    ).records
    assert [r["method"] for r in runs] == ["merge", "import"]
    assert runs[-1]["id"] == summary.load_run and runs[-1]["status"] == "complete"
    assert runs[-1]["interactions"] == len(data.interactions)
    # the schema is back, so a merge on top of the import finds the rows it created
    again = load_network(clean_neo4j, data, db)
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert count(clean_neo4j, db, "SHOW CONSTRAINTS YIELD name RETURN count(name) AS n") >= 6


def test_import_is_refused_for_a_server_we_do_not_manage(
    neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    remote = Neo4jSettings(
        neo4j_settings.uri, neo4j_settings.user, "unused", neo4j_settings.database, "environment"
    )
    with neo4j_driver.session(database=neo4j_settings.database) as session:
        reason = import_refusal(remote, session, replace=True)
    assert reason is not None and "not the local server" in reason


def test_cli_says_why_it_falls_back_to_cypher(
    local_only: None,
    clean_neo4j: neo4j.Driver,
    neo4j_settings: Neo4jSettings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same server named by NEO4J_URI is not one `load` may stop: it says so, loads through
    Cypher, and `--method import` is an error (exit 2) with nothing written."""
    from stakeholder_graph.cli import cli
    from stakeholder_graph.cli.common import run_guarded

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    assert run_guarded(cli, ["load", "hu-town", "--method", "import"]) == 2
    assert "not the local server" in capsys.readouterr().err
    assert count(clean_neo4j, neo4j_settings.database, "MATCH (o) RETURN count(o) AS n") == 0
    assert run_guarded(cli, ["load", "hu-town", "--replace"]) == 0
    out = capsys.readouterr()
    assert "note: loading through Cypher batches" in out.err and "by Cypher batches" in out.out
    assert neo4j_settings.password not in out.err + out.out
    assert run_guarded(cli, ["load", "hu-town"]) == 0  # a plain reload: no note
    again = capsys.readouterr()
    assert "note:" not in again.err
    rows = [line.split() for line in again.out.splitlines()[2:9]]
    assert rows and all(r[2] == r[3] == "0" for r in rows)  # nothing created or updated


def test_auto_keeps_small_networks_on_cypher(
    local_only: None, clean_neo4j: neo4j.Driver, capsys: pytest.CaptureFixture[str]
) -> None:
    """Below AUTO_IMPORT_MIN_ROWS a restart costs more than Cypher batches: no import, no note."""
    from stakeholder_graph.cli import cli
    from stakeholder_graph.cli.common import run_guarded

    assert run_guarded(cli, ["load", "hu-town", "--replace"]) == 0
    out = capsys.readouterr()
    assert "by Cypher batches" in out.out and "note:" not in out.err
