"""The local Neo4j server and the connection errors, through the real CLI and a real server."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
import time

import neo4j
import pytest

from stakeholder_graph import resources
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.store import neo4j_home, neo4j_server
from tests.integration.conftest import empty_database

CLI = [sys.executable, "-c", "from stakeholder_graph.cli import main; main()"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def env_without_neo4j(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(extra)
    return env


@pytest.fixture
def local_server(neo4j_settings: Neo4jSettings) -> Neo4jSettings:
    if neo4j_settings.source != "local server":
        pytest.skip(f"the tests use another Neo4j ({neo4j_settings.source}), not the local server")
    return neo4j_settings


def test_server_answers_ping(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> None:
    records, _, _ = neo4j_driver.execute_query(
        resources.cypher("server/ping.cypher"), database_=neo4j_settings.database
    )
    assert [record["ok"] for record in records] == [1]


def test_status_says_running_with_uri_and_no_password(local_server: Neo4jSettings) -> None:
    done = run_cli("neo4j", "status", env=env_without_neo4j())
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0].split()
    assert first == ["running", local_server.uri]
    assert local_server.password not in done.stdout + done.stderr


def test_up_when_running_prints_the_same_uri(local_server: Neo4jSettings) -> None:
    before = neo4j_server.status()
    done = run_cli("neo4j", "up", env=env_without_neo4j())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == local_server.uri
    assert "starting" not in done.stderr
    assert neo4j_server.status().pid == before.pid


def test_password_file_is_private_and_matches(local_server: Neo4jSettings) -> None:
    path = neo4j_home.server_home().password_file
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600
    assert path.read_text("utf-8").strip() == local_server.password
    assert len(local_server.password) >= 24


def test_password_and_settings_repr_do_not_leak(local_server: Neo4jSettings) -> None:
    assert local_server.password not in repr(local_server)
    assert local_server.password not in str(local_server)
    done = run_cli("neo4j", "password", env=env_without_neo4j())
    assert done.returncode == 0
    assert done.stdout.strip() == local_server.password


def test_local_server_config_is_loopback_on_its_port(local_server: Neo4jSettings) -> None:
    conf = (neo4j_home.server_home().conf / "neo4j.conf").read_text("utf-8")
    port = local_server.uri.rsplit(":", 1)[1]
    assert f"server.bolt.listen_address=127.0.0.1:{port}" in conf
    assert "server.http.enabled=false" in conf
    assert local_server.uri.startswith("bolt://127.0.0.1:")


def test_unreachable_uri_exits_3_within_10_seconds() -> None:
    uri = f"bolt://127.0.0.1:{neo4j_home.free_port()}"  # free, so nothing listens there
    password = secrets.token_hex(8)
    started = time.monotonic()
    done = run_cli("neo4j", "check", env=env_without_neo4j(NEO4J_URI=uri, NEO4J_PASSWORD=password))
    elapsed = time.monotonic() - started
    assert done.returncode == 3
    assert elapsed < 10
    assert uri in done.stderr
    assert "Traceback" not in done.stderr
    assert password not in done.stdout + done.stderr


def test_wrong_password_exits_3_naming_the_user(neo4j_settings: Neo4jSettings) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    env = env_without_neo4j(
        NEO4J_URI=neo4j_settings.uri,
        NEO4J_USER=neo4j_settings.user,
        NEO4J_PASSWORD=wrong,
        NEO4J_DATABASE=neo4j_settings.database,
    )
    started = time.monotonic()
    done = run_cli("neo4j", "check", env=env)
    assert done.returncode == 3
    assert time.monotonic() - started < 10
    assert f"user '{neo4j_settings.user}'" in done.stderr
    assert wrong not in done.stdout + done.stderr
    assert neo4j_settings.password not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_missing_database_exits_3_naming_it(neo4j_settings: Neo4jSettings) -> None:
    env = env_without_neo4j(
        NEO4J_URI=neo4j_settings.uri,
        NEO4J_USER=neo4j_settings.user,
        NEO4J_PASSWORD=neo4j_settings.password,
        NEO4J_DATABASE="nosuchdb",
    )
    done = run_cli("neo4j", "check", env=env)
    assert done.returncode == 3
    assert "'nosuchdb'" in done.stderr


def test_check_names_the_server_in_use(neo4j_settings: Neo4jSettings) -> None:
    env = env_without_neo4j(
        NEO4J_URI=neo4j_settings.uri,
        NEO4J_USER=neo4j_settings.user,
        NEO4J_PASSWORD=neo4j_settings.password,
        NEO4J_DATABASE=neo4j_settings.database,
    )
    done = run_cli("neo4j", "check", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"ok: {neo4j_settings.uri} as {neo4j_settings.user}")


def test_clean_neo4j_empties_nodes_but_keeps_schema(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings
) -> None:
    db = neo4j_settings.database
    start, _, _ = clean_neo4j.execute_query("MATCH (n) RETURN count(n) AS n", database_=db)
    assert start[0]["n"] == 0
    clean_neo4j.execute_query(
        "CREATE (:ScratchNode {k: 1})-[:SCRATCH]->(:ScratchNode)", database_=db
    )
    before, _, _ = clean_neo4j.execute_query("SHOW CONSTRAINTS YIELD name", database_=db)
    with clean_neo4j.session(database=db) as session:
        empty_database(session)
    count, _, _ = clean_neo4j.execute_query("MATCH (n) RETURN count(n) AS n", database_=db)
    after, _, _ = clean_neo4j.execute_query("SHOW CONSTRAINTS YIELD name", database_=db)
    assert count[0]["n"] == 0
    assert sorted(r["name"] for r in after) == sorted(r["name"] for r in before)


def test_initial_password_is_never_on_a_command_line(
    local_server: Neo4jSettings, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ensure_password`` on a fresh home (sharing the provisioned jars): neo4j-admin gets
    ``@<password file>``, never the password, and stores exactly the generated password (the
    hash in ``auth.ini`` is recomputed here: SHA-256 over salt + password, 1024 rounds)."""
    import hashlib

    provisioned = neo4j_server.server_home()
    home = neo4j_home.ServerHome(tmp_path / "home", provisioned.version)
    home.root.mkdir()
    home.lib.symlink_to(provisioned.lib)
    home.conf.mkdir()
    (home.conf / "neo4j.conf").write_text(neo4j_home.neo4j_conf(home, 7999), "utf-8")
    java = neo4j_home.require_java()
    argvs: list[list[str]] = []
    real_run = subprocess.run

    def spy(argv: list[str], *args: object, **kwargs: object) -> object:
        argvs.append(list(argv))
        return real_run(argv, *args, **kwargs)

    monkeypatch.setattr(neo4j_home.subprocess, "run", spy)
    neo4j_home.ensure_password(home, java)
    password = home.password_file.read_text("utf-8").strip()
    assert stat.S_IMODE(home.password_file.stat().st_mode) == 0o600
    (argv,) = argvs
    assert argv[-1] == f"@{home.password_file}"
    assert not any(password in word for word in argv)
    user, credential, _ = (home.data / "dbms" / "auth.ini").read_text("utf-8").split(":", 2)
    algorithm, digest, salt, rounds = credential.split(",")
    assert (user, algorithm, rounds) == ("neo4j", "SHA-256", "1024")
    hashed = hashlib.sha256(bytes.fromhex(salt) + password.encode()).digest()
    for _ in range(int(rounds) - 1):
        hashed = hashlib.sha256(hashed).digest()
    assert hashed.hex() == digest
