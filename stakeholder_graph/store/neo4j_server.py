"""Run the local Neo4j Community server: ``up``, ``down`` and ``status``.

The server home (jars, configuration, password) is assembled by
:mod:`stakeholder_graph.store.neo4j_home`. The server JVM runs
``org.neo4j.server.CommunityEntryPoint`` directly (the class the official ``bin/neo4j``
launcher forks) in the background, with a pid file in ``run/`` and its logs in ``logs/``; it is
ready when a Bolt query answers.

Example
-------
>>> from stakeholder_graph.store import neo4j_server
>>> server = neo4j_server.up()          # doctest: +SKIP
>>> server.uri                          # doctest: +SKIP
'bolt://127.0.0.1:40123'
>>> neo4j_server.down()                 # doctest: +SKIP
True
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stakeholder_graph.errors import DatabaseUnavailable
from stakeholder_graph.store.neo4j_home import (
    HEAP,
    NEO4J_VERSION,
    USER,
    Progress,
    ServerHome,
    configure,
    ensure_password,
    fetch_jars,
    read_password,
    read_state,
    require_java,
    server_env,
    server_home,
    tail,
    uri_of,
)
from stakeholder_graph.store.neo4j_jvm import archive_options

START_TIMEOUT = 180.0
STOP_TIMEOUT = 60.0
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

JVM_OPTIONS = (
    f"-Xms{HEAP}",
    f"-Xmx{HEAP}",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
"""Flags of the server JVM, as in the distribution's ``server.jvm.additional`` defaults."""


@dataclass(frozen=True)
class ServerStatus:
    """What :func:`status` finds: whether the server runs, its Bolt URI and process id."""

    running: bool
    uri: str | None
    pid: int | None
    home: Path
    version: str


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False  # our own child, just reaped
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_server(pid: int, home: ServerHome) -> bool:
    """True when ``pid`` is alive and is the server of ``home`` (not a reused process id)."""
    if not _alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.parent.is_dir():
        return True  # no /proc: trust the pid file
    try:
        raw = cmdline.read_bytes()
    except OSError:
        return False
    if not raw:
        return True  # alive, but its command line cannot be read now (a JVM busy starting)
    args = raw.split(b"\0")
    return ENTRY_POINT.encode() in args and f"--home-dir={home.root}".encode() in args


def _running_pid(home: ServerHome) -> int | None:
    try:
        pid = int(home.pid_file.read_text("utf-8").strip())
    except (OSError, ValueError):
        return None
    return pid if _is_server(pid, home) else None


@contextlib.contextmanager
def _locked(home: ServerHome) -> Iterator[None]:
    """Hold an exclusive lock on ``home`` (one ``up``/``down`` at a time)."""
    home.root.mkdir(parents=True, exist_ok=True)
    with (home.root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _launch(home: ServerHome, java: str) -> int:
    classpath = ":".join(str(home.root / d / "*") for d in ("plugins", "conf", "lib"))
    command = [
        java,
        "-cp",
        classpath,
        *JVM_OPTIONS,
        *archive_options(home, java, "server", classpath),
        ENTRY_POINT,
        f"--home-dir={home.root}",
        f"--config-dir={home.conf}",
    ]
    with (home.logs / "console.log").open("ab") as console:
        process = subprocess.Popen(
            command,
            cwd=home.root,
            env=server_env(home),
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    home.pid_file.write_text(f"{process.pid}\n", "utf-8")
    return process.pid


def wait_until_ready(home: ServerHome, uri: str, pid: int, timeout: float = START_TIMEOUT) -> None:
    """Wait until the server on ``uri`` answers a Bolt query; fail early if ``pid`` exits."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

    from stakeholder_graph.resources import cypher

    ping = cypher("server/ping.cypher")
    deadline = time.monotonic() + timeout
    auth = (USER, read_password(home))
    with GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0) as driver:
        while True:
            try:
                with driver.session() as session:
                    session.run(ping).consume()
                return
            except AuthError as error:
                raise DatabaseUnavailable(
                    f"the local Neo4j at {uri} refused user {USER!r}: its password file "
                    f"{home.password_file} does not match the database"
                ) from error
            except (ServiceUnavailable, SessionExpired, TransientError, OSError):
                pass
            if not _is_server(pid, home):
                raise DatabaseUnavailable(
                    f"the local Neo4j exited while starting (logs in {home.logs})",
                    details=tail(home.logs / "neo4j.log", 10) + tail(home.logs / "console.log", 10),
                )
            if time.monotonic() > deadline:
                raise DatabaseUnavailable(
                    f"the local Neo4j did not answer on {uri} within {timeout:.0f} s "
                    f"(logs in {home.logs}); stop it with `stakeholder-graph neo4j down`"
                )
            time.sleep(0.5)


# -- the commands ----------------------------------------------------------------------------


def status(version: str = NEO4J_VERSION) -> ServerStatus:
    """Whether the local server of ``version`` runs (its process is alive), with its URI."""
    home = server_home(version)
    pid = _running_pid(home)
    port = read_state(home).get("port") if pid else None
    uri = uri_of(port) if isinstance(port, int) else None
    return ServerStatus(pid is not None and uri is not None, uri, pid, home.root, version)


def up(
    version: str = NEO4J_VERSION,
    progress: Progress | None = None,
    timeout: float = START_TIMEOUT,
) -> ServerStatus:
    """Provision (first time) and start the local server; return once it answers on Bolt.

    Idempotent: when the server already runs, only waits until it answers.

    Parameters
    ----------
    version
        The Neo4j Community release (``org.neo4j:neo4j`` on Maven Central).
    progress
        Called with a line of text at each slow step (fetching, starting).
    timeout
        Seconds to wait for the first Bolt answer.
    """
    say = progress or (lambda _line: None)
    home = server_home(version)
    with _locked(home):
        pid = _running_pid(home)
        if pid is None:
            java = require_java()
            for folder in home.folders():
                folder.mkdir(parents=True, exist_ok=True)
            home.root.chmod(0o700)
            fetch_jars(home, say)
            ensure_password(home, java)
            port = configure(home)
            say(f"starting Neo4j {version} on {uri_of(port)} (logs in {home.logs})")
            pid = _launch(home, java)
        else:
            port = int(read_state(home)["port"])
        wait_until_ready(home, uri_of(port), pid, timeout)
    return ServerStatus(True, uri_of(port), pid, home.root, version)


def down(version: str = NEO4J_VERSION, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the local server (SIGTERM, then SIGKILL after ``timeout`` s). False if not running."""
    home = server_home(version)
    if not home.root.is_dir():
        return False
    with _locked(home):
        pid = _running_pid(home)
        if pid is None:
            home.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        home.pid_file.unlink(missing_ok=True)
    return True


def local_credentials(version: str = NEO4J_VERSION) -> tuple[str, str, str] | None:
    """``(uri, user, password)`` of the local server when it runs, else None."""
    found = status(version)
    if not found.running or found.uri is None:
        return None
    return found.uri, USER, read_password(server_home(version))
