"""The local server's provisioning without starting it: paths, conf, Java checks, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.errors import DatabaseUnavailable
from stakeholder_graph.store import neo4j_home, neo4j_server
from stakeholder_graph.store.neo4j import connect
from stakeholder_graph.store.neo4j_home import ProvisioningError

CLI = [sys.executable, "-c", "from stakeholder_graph.cli import main; main()"]


def fake_java(folder: Path, version_line: str) -> Path:
    """A ``java`` that prints ``version_line`` on stderr, as ``java -version`` does."""
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n", encoding="utf-8")
    java.chmod(0o755)
    return java


def test_home_honours_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STAKEHOLDER_GRAPH_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert neo4j_home.server_home("5.26.9").root == tmp_path / "xdg/stakeholder-graph/neo4j/5.26.9"
    monkeypatch.setenv("STAKEHOLDER_GRAPH_HOME", str(tmp_path / "own"))
    assert neo4j_home.server_home().root == tmp_path / "own/neo4j" / neo4j_home.NEO4J_VERSION


def test_conf_is_loopback_with_valid_keys_only(tmp_path: Path) -> None:
    home = neo4j_home.ServerHome(tmp_path, "5.26.30")
    text = neo4j_home.neo4j_conf(home, 41234)
    settings = dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert settings["server.bolt.listen_address"] == "127.0.0.1:41234"
    assert settings["server.default_listen_address"] == "127.0.0.1"
    assert settings["server.http.enabled"] == "false"
    assert settings["server.memory.heap.max_size"] == "1g"
    assert settings["server.memory.pagecache.size"] == "512m"
    assert settings["server.directories.data"] == str(tmp_path / "data")
    assert all(re.fullmatch(r"(internal\.)?(server|dbms|db)\.[a-z_.]+", key) for key in settings)
    assert "7687" not in text


def test_configure_keeps_the_port_and_moves_off_a_taken_one(tmp_path: Path) -> None:
    home = neo4j_home.ServerHome(tmp_path, "5.26.30")
    home.conf.mkdir()
    first = neo4j_home.configure(home)
    assert neo4j_home.configure(home) == first
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", first))
        taken.listen()
        moved = neo4j_home.configure(home)
    assert moved != first
    assert f"127.0.0.1:{moved}" in (home.conf / "neo4j.conf").read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_392"', 8),
        ('openjdk version "11.0.22" 2024-01-16', 11),
    ],
)
def test_java_major_version(tmp_path: Path, line: str, major: int) -> None:
    assert neo4j_home.java_major_version(str(fake_java(tmp_path, line))) == major


def test_old_java_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_java(tmp_path / "jdk11" / "bin", 'openjdk version "11.0.22" 2024-01-16')
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk11"))
    with pytest.raises(ProvisioningError, match="Java 11.*needs Java 17") as raised:
        neo4j_home.require_java()
    assert raised.value.exit_code == 2


def test_up_without_java_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    env = {
        "PATH": str(tmp_path / "empty-bin"),
        "HOME": str(tmp_path),
        "STAKEHOLDER_GRAPH_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [*CLI, "neo4j", "up"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "Java 17+" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "home" / "neo4j" / neo4j_home.NEO4J_VERSION / "lib").exists()


def test_up_without_maven_exits_2_naming_maven(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    fake_java(bin_dir, 'openjdk version "17.0.15" 2025-04-15')
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "STAKEHOLDER_GRAPH_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [*CLI, "neo4j", "up"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "Maven (mvn)" in done.stderr
    assert "Traceback" not in done.stderr


def test_status_of_a_never_started_server_is_stopped(tmp_path: Path) -> None:
    env = dict(os.environ, STAKEHOLDER_GRAPH_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [*CLI, "neo4j", "status"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 3
    assert done.stdout.splitlines()[0] == "stopped"
    down = subprocess.run(
        [*CLI, "neo4j", "down"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert (down.returncode, down.stdout.strip()) == (0, "not running")


def test_stale_pid_file_is_not_running(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STAKEHOLDER_GRAPH_HOME", str(tmp_path))
    home = neo4j_home.server_home()
    home.run.mkdir(parents=True)
    home.pid_file.write_text(f"{os.getpid()}\n")  # alive, but not a Neo4j server
    home.state_file.write_text('{"port": 40000}\n')
    assert neo4j_server.status().running is False
    assert neo4j_server.local_credentials() is None


def test_connect_to_closed_port_fails_fast_naming_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{neo4j_home.free_port()}"
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as raised, connect(Neo4jSettings(uri, "neo4j", "pw")):
        pass
    assert time.monotonic() - started < 10
    assert uri in raised.value.message
    assert raised.value.exit_code == 3


def test_connect_rejects_a_malformed_uri() -> None:
    with (
        pytest.raises(DatabaseUnavailable, match="not a Neo4j URI"),
        connect(Neo4jSettings("http://127.0.0.1:1", "neo4j", "pw")),
    ):
        pass


def test_generated_passwords_are_never_read_as_an_option() -> None:
    """neo4j-admin reads the password from an ``@file`` as a command-line word, so one starting
    with ``-`` is an unknown option (the first ``neo4j up`` failed one time in 64 with
    ``token_urlsafe``): passwords are letters and digits only, long enough to be unguessable."""
    passwords = [neo4j_home.new_password() for _ in range(2000)]
    assert len(set(passwords)) == 2000
    assert all(len(p) == 32 and p.isascii() and p.isalnum() for p in passwords)
    # every letter and digit is used: no alphabet silently shrunk
    assert set("".join(passwords)) == set(neo4j_home.PASSWORD_ALPHABET)


def test_error_details_reach_a_traceback() -> None:
    """What the CLI prints under an error's message is in the exception's notes too, so a failed
    test or a logged traceback shows the tool's own output (neo4j-admin's, say)."""
    error = ProvisioningError("neo4j-admin could not set the initial password", ["Unknown option"])
    assert error.__notes__ == ["Unknown option"]
    assert "Unknown option" in "".join(traceback.format_exception(error))


def test_the_initial_password_comes_from_new_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``ensure_password`` stores (and hands neo4j-admin) a :func:`new_password`, never one of
    another alphabet."""
    home = neo4j_home.ServerHome(tmp_path / "home", "5.26.30")
    home.password_file.parent.mkdir(parents=True)
    seen: list[list[str]] = []

    def admin(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        seen.append(argv)
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(neo4j_home, "new_password", lambda: "Generated0123456789")
    monkeypatch.setattr(neo4j_home.subprocess, "run", admin)
    neo4j_home.ensure_password(home, "java")
    assert home.password_file.read_text("utf-8").strip() == "Generated0123456789"
    assert seen[0][-1] == f"@{home.password_file}"
