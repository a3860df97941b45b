"""``stakeholder-graph cypher``: formats, typed parameters, read-only by default, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.store.neo4j import load_network

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny"


def cypher(capsys, *args: str) -> tuple[int, str, str]:
    code = run_guarded(cli, ["cypher", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_typed_parameters_reach_the_server_typed(clean_neo4j: neo4j.Driver, capsys) -> None:
    query = (
        "RETURN valueType($n) AS n, valueType($x) AS x, valueType($flag) AS flag, "
        "valueType($since) AS since, valueType($ids) AS ids, valueType($s) AS s, "
        "$n + 1 AS next, $since + duration('P1D') AS day_after, size($ids) AS k"
    )
    code, out, err = cypher(
        capsys,
        "--query",
        query,
        "-p",
        "n=5",
        "-p",
        "x=0.5",
        "-p",
        "flag=true",
        "-p",
        "since=2024-01-01",
        "-p",
        "ids=[a,b]",
        "-p",
        "s:str=2024",
        "--format",
        "json",
    )
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["n"].startswith("INTEGER")
    assert row["x"].startswith("FLOAT")
    assert row["flag"].startswith("BOOLEAN")
    assert row["since"].startswith("DATE")
    assert row["ids"].startswith("LIST<STRING")
    assert row["s"].startswith("STRING")
    assert (row["next"], row["day_after"], row["k"]) == (6, "2024-01-02", 2)


def test_formats_and_out_file(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, tmp_path: Path, capsys
) -> None:
    data = read_dataset(TINY)
    load_network(clean_neo4j, data, neo4j_settings.database)
    query = (
        "MATCH (o:Organization) RETURN o.id AS id, o.themes AS themes, o.staff AS staff ORDER BY id"
    )
    expected_ids = sorted(data.organizations["id"])

    code, out, _ = cypher(capsys, "-q", query, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == expected_ids
    first = data.organizations.set_index("id").loc[expected_ids[0]]
    assert json.loads(rows[0]["themes"]) == first["themes"].split(";")
    assert rows[0]["staff"] == str(first["staff"])

    code, out, _ = cypher(capsys, "-q", query)  # table, plain text off a terminal
    lines = out.splitlines()
    assert lines[0].split() == ["id", "themes", "staff"]
    assert lines[-1] == f"({len(expected_ids)} rows)"
    assert [line.split()[0] for line in lines[2:-1]] == expected_ids

    target = tmp_path / "orgs.json"
    code, out, err = cypher(capsys, "-q", query, "--format", "json", "--out", str(target))
    assert code == 0 and out == ""
    assert f"{len(expected_ids)} rows written" in err
    assert [r["id"] for r in json.loads(target.read_text(encoding="utf-8"))] == expected_ids


def test_library_query_by_name_with_defaults(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, capsys
) -> None:
    load_network(clean_neo4j, read_dataset(TINY), neo4j_settings.database)
    code, out, err = cypher(capsys, "ego_network", "-p", "id=mun", "--format", "json")
    assert code == 0, err
    partners = {r["partner"] for r in json.loads(out)}
    inter = read_dataset(TINY).interactions
    expected = set(inter.loc[inter["source"] == "mun", "target"]) | set(
        inter.loc[inter["target"] == "mun", "source"]
    )
    assert partners == expected - {"mun"}
    code, _, err = cypher(capsys, "ego_network")
    assert code == 2 and "--param id=" in err


def test_read_only_unless_write(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, capsys
) -> None:
    db = neo4j_settings.database
    code, _, err = cypher(capsys, "-q", "CREATE (:Scratch {n: $n}) RETURN 1 AS done", "-p", "n=1")
    assert code == 2
    assert "rerun with --write" in err
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (s:Scratch) RETURN count(s) AS n", database_=db
    )
    assert records[0]["n"] == 0
    code, out, err = cypher(
        capsys, "-q", "CREATE (:Scratch {n: $n}) RETURN 1 AS done", "-p", "n=1", "--write"
    )
    assert code == 0, err
    records, _, _ = clean_neo4j.execute_query("MATCH (s:Scratch) RETURN s.n AS n", database_=db)
    assert [r["n"] for r in records] == [1]


def test_syntax_error_exits_2_with_the_servers_message(clean_neo4j: neo4j.Driver, capsys) -> None:
    code, out, err = cypher(capsys, "-q", "MATCH (n RETURN n")
    assert code == 2
    assert "syntax error" in err.lower()
    assert "Invalid input" in err or "expected" in err.lower()
    assert "Traceback" not in err and out == ""


def test_bad_usage_exits_2(clean_neo4j: neo4j.Driver, capsys) -> None:
    assert cypher(capsys)[0] == 2  # neither FILE nor --query
    assert cypher(capsys, "ego_network", "-q", "RETURN 1")[0] == 2  # both
    code, _, err = cypher(capsys, "-q", "RETURN $n", "-p", "n:int=x")
    assert code == 2 and "n:int=x" in err
    code, _, err = cypher(capsys, "-q", "RETURN $missing AS m")
    assert code == 2 and "missing" in err.lower()


def test_unreachable_server_exits_3_quickly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NEO4J_URI": "bolt://127.0.0.1:9",
        "NEO4J_USER": "neo4j",
        "NEO4J_PASSWORD": "not-the-password",
    }
    for args in (["cypher", "-q", "RETURN 1"], ["load", str(TINY)]):
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", "from stakeholder_graph.cli import main; main()", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 3, done.stderr
        assert time.monotonic() - start < 10
        assert "Traceback" not in done.stderr
        assert "not-the-password" not in done.stderr + done.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_empty_results_in_every_format(clean_neo4j: neo4j.Driver, fmt: str, capsys) -> None:
    code, out, _ = cypher(capsys, "-q", "MATCH (n:Nothing) RETURN n.id AS id", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert json.loads(out) == []
    elif fmt == "csv":
        assert out.strip() == "id"
    else:
        assert out.splitlines()[-1] == "(0 rows)"


def test_timeout_stops_the_query_with_one_line(clean_neo4j: neo4j.Driver, capsys) -> None:
    endless = "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS n"
    start = time.monotonic()
    code, out, err = cypher(capsys, "-q", endless, "--timeout", "1")
    assert code == 2
    assert time.monotonic() - start < 20  # the server stopped it; no retries
    assert err.strip().splitlines()[-1] == (
        "error: the query ran out of time (1 s): narrow it with parameters or raise --timeout"
    )
    assert "Traceback" not in err and out == ""


def test_declared_parameters_are_checked_before_the_server(
    clean_neo4j: neo4j.Driver, capsys
) -> None:
    code, _, err = cypher(capsys, "ngos_inactive_since", "-p", "sinse=2025-01-01")
    assert code == 2
    assert "unknown parameter 'sinse'" in err
    assert "valid parameters: since (date), sectors (list[str])" in err
    code, _, err = cypher(capsys, "ngos_inactive_since", "-p", "since=2025-13-01")
    assert code == 2 and "is not a date" in err
    query = "RETURN valueType($since) AS t, $since AS since"
    code, out, err = cypher(
        capsys,
        "-q",
        f"// @param since:date=null  a date\n{query}",
        "-p",
        "since=2025-1-1",
        "--format",
        "json",
    )
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["t"].startswith("DATE") and row["since"] == "2025-01-01"


def test_notifications_only_when_asked(clean_neo4j: neo4j.Driver, capsys) -> None:
    typo = "MATCH (n:Orgnization) RETURN n.id AS id"
    code, out, err = cypher(capsys, "-q", typo, "--format", "csv")
    assert code == 0 and out.strip() == "id"
    lines = err.strip().splitlines()
    assert lines == ["warning: The provided label is not in the database."]
    code, out, err = cypher(capsys, "-q", typo, "--format", "csv", "--verbose")
    assert "(line 1, column 10)" in err and "Orgnization" in err
    assert len(err.strip().splitlines()) == 1


def test_batched_deletes_run_with_write_as_the_docs_show(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, capsys
) -> None:
    """The two-scan cleanup of docs/cypher.md (CALL … IN TRANSACTIONS, which the server runs
    only as an auto-commit query) empties a loaded network with --write, and is refused with
    one line, before the server, without it."""
    import re

    db = neo4j_settings.database
    load_network(clean_neo4j, read_dataset(TINY), db)
    text = (REPO / "docs" / "cypher.md").read_text("utf-8")
    section = text[text.index("**Deleting a large network by hand**") :]
    queries = re.findall(r'stakeholder-graph cypher --write -q "(.*?)"', section, re.DOTALL)
    assert len(queries) == 2
    code, _, err = cypher(capsys, "-q", queries[0])
    assert code == 2 and "run it with --write" in err
    records, _, _ = clean_neo4j.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=db)
    assert records[0]["n"] > 0
    for query in queries:
        code, _, err = cypher(capsys, "--write", "-q", query)
        assert code == 0, err
    records, _, _ = clean_neo4j.execute_query("MATCH (n) RETURN count(n) AS n", database_=db)
    assert records[0]["n"] == 0
