"""A local Neo4j Community server assembled from Maven Central jars, for users and the tests.

Neo4j Community |version| runs from a server home kept outside the repository and keyed by
version (``$STAKEHOLDER_GRAPH_HOME/neo4j/<version>``, else
``$XDG_CACHE_HOME/stakeholder-graph/neo4j/<version>``, else
``~/.cache/stakeholder-graph/neo4j/<version>``)::

    lib/            the server's jars: org.neo4j:neo4j and org.neo4j.app:neo4j-server with their
                    runtime dependencies, copied by ``mvn dependency:copy-dependencies``
    conf/neo4j.conf loopback only, Bolt on a free port chosen once, HTTP off, heap 1g,
                    page cache 512m
    data/ logs/ run/ import/ plugins/
    password        a generated password (mode 0600), set with ``neo4j-admin dbms
                    set-initial-password`` before the first start
    state.json      the port
    maven/pom.xml   the generated pom the jars were resolved from

The server JVM runs ``org.neo4j.server.CommunityEntryPoint`` directly (the class the official
``bin/neo4j`` launcher forks) in the background; it is ready when a Bolt query answers. It needs
Java 17 or newer and, on the first run only, Maven (``mvn``) to fetch about 125 MB of jars.

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
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from stakeholder_graph.errors import EXIT_BAD_INPUT, DatabaseUnavailable, StakeholderGraphError

NEO4J_VERSION = "5.26.30"
"""The Neo4j Community release provisioned: the newest 5.26 LTS patch on Maven Central."""

MIN_JAVA = 17
USER = "neo4j"
HEAP = "1g"
PAGECACHE = "512m"
START_TIMEOUT = 180.0
STOP_TIMEOUT = 60.0
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"

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

POM_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.stakeholder-graph</groupId>
  <artifactId>neo4j-community-home</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
    <dependency>
      <groupId>org.neo4j.app</groupId>
      <artifactId>neo4j-server</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.6.1</version>
      </plugin>
    </plugins>
  </build>
</project>
"""

Progress = Callable[[str], None]


class ProvisioningError(StakeholderGraphError):
    """The machine cannot run the local server: no Java 17+, no Maven, or the jars could not be
    fetched. Exit code 2."""

    exit_code = EXIT_BAD_INPUT


@dataclass(frozen=True)
class ServerHome:
    """The folders and files of one provisioned server version."""

    root: Path
    version: str

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def conf(self) -> Path:
        return self.root / "conf"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def pid_file(self) -> Path:
        return self.run / "server.pid"

    @property
    def lib_ready(self) -> Path:
        return self.lib / ".complete"

    def folders(self) -> list[Path]:
        """Every folder the server reads or writes, created by :func:`up`."""
        names = ("conf", "data", "logs", "run", "import", "plugins", "maven")
        return [self.root / name for name in names]


@dataclass(frozen=True)
class ServerStatus:
    """What :func:`status` finds: whether the server runs, its Bolt URI and process id."""

    running: bool
    uri: str | None
    pid: int | None
    home: Path
    version: str


def cache_root() -> Path:
    """The folder holding provisioned servers (outside the repository).

    ``$STAKEHOLDER_GRAPH_HOME``, else ``$XDG_CACHE_HOME/stakeholder-graph``, else
    ``~/.cache/stakeholder-graph``.
    """
    override = os.environ.get("STAKEHOLDER_GRAPH_HOME")
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "stakeholder-graph"


def server_home(version: str = NEO4J_VERSION) -> ServerHome:
    """The server home of ``version`` (nothing is created)."""
    return ServerHome(cache_root() / "neo4j" / version, version)


# -- prerequisites ---------------------------------------------------------------------------


def find_java() -> str:
    """The ``java`` to run: ``$JAVA_HOME/bin/java``, else the first ``java`` on ``PATH``."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(Path(java_home) / "bin" / "java", os.X_OK):
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise ProvisioningError(
            f"Java {MIN_JAVA}+ is needed to run the local Neo4j and none was found "
            "(install OpenJDK 17 or 21, e.g. `apt-get install openjdk-17-jre-headless`, or set "
            "JAVA_HOME); or point NEO4J_URI at an existing Neo4j"
        )
    return found


def java_major_version(java: str) -> int:
    """The major version of ``java`` as printed by ``java -version`` (``"1.8.0"`` → 8).

    >>> java_major_version("java")  # doctest: +SKIP
    17
    """
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError as error:
        raise ProvisioningError(f"cannot run {java}: {error}") from error
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if match is None:
        raise ProvisioningError(f"cannot tell the version of {java} from `java -version`")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_java() -> str:
    """A Java 17+ executable, or :class:`ProvisioningError` saying what is missing."""
    java = find_java()
    major = java_major_version(java)
    if major < MIN_JAVA:
        raise ProvisioningError(
            f"{java} is Java {major}; Neo4j {NEO4J_VERSION} needs Java {MIN_JAVA} or 21 "
            "(set JAVA_HOME to a newer JDK), or point NEO4J_URI at an existing Neo4j"
        )
    return java


def fetch_jars(home: ServerHome, progress: Progress) -> None:
    """Resolve the server's jars through Maven into ``home.lib`` (skipped when already there).

    Maven's own cache (``~/.m2``) is reused; the copy is made in a temporary folder and moved
    into place, so an interrupted fetch is retried whole.
    """
    if home.lib_ready.is_file():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ProvisioningError(
            "Maven (mvn) is needed once to fetch Neo4j's jars and was not found "
            "(e.g. `apt-get install maven`); or point NEO4J_URI at an existing Neo4j"
        )
    maven_dir = home.root / "maven"
    maven_dir.mkdir(parents=True, exist_ok=True)
    (maven_dir / "pom.xml").write_text(POM_TEMPLATE.format(version=home.version), "utf-8")
    staging = home.root / "lib.partial"
    shutil.rmtree(staging, ignore_errors=True)
    progress(f"fetching Neo4j Community {home.version} through Maven (about 125 MB, once)")
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(maven_dir / "pom.xml"),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={staging}",
    ]
    log = maven_dir / "mvn.log"
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
    jars = list(staging.glob("*.jar")) if staging.is_dir() else []
    if done.returncode != 0 or not any(j.name == f"neo4j-{home.version}.jar" for j in jars):
        raise ProvisioningError(
            f"Maven could not fetch Neo4j {home.version} (see {log})", details=_tail(log, 15)
        )
    shutil.rmtree(home.lib, ignore_errors=True)
    staging.rename(home.lib)
    home.lib_ready.write_text(f"{len(jars)} jars\n", "utf-8")


# -- configuration ---------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def neo4j_conf(home: ServerHome, port: int) -> str:
    """The text of ``conf/neo4j.conf``: loopback Bolt on ``port``, HTTP(S) off, modest memory.

    Only keys that exist in Neo4j 5.26 (the server rejects unknown keys).
    """
    root = home.root
    lines = [
        "# Written by `stakeholder-graph neo4j up`; rewritten on every start.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        f"server.memory.heap.initial_size={HEAP}",
        f"server.memory.heap.max_size={HEAP}",
        f"server.memory.pagecache.size={PAGECACHE}",
        "dbms.usage_report.enabled=false",
        "# Bolt's network threads stop at once instead of idling 5 s each on shutdown.",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        f"server.directories.data={root / 'data'}",
        f"server.directories.logs={root / 'logs'}",
        f"server.directories.run={root / 'run'}",
        f"server.directories.import={root / 'import'}",
        f"server.directories.plugins={root / 'plugins'}",
    ]
    return "\n".join(lines) + "\n"


def _read_state(home: ServerHome) -> dict[str, int]:
    try:
        state = json.loads(home.state_file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def configure(home: ServerHome) -> int:
    """Keep the port of ``home`` (a free one is chosen the first time, or when another program
    took it) and write ``conf/neo4j.conf``. Returns the port."""
    port = _read_state(home).get("port")
    if not isinstance(port, int) or not port_is_free(port):
        port = free_port()
        home.state_file.write_text(json.dumps({"port": port}) + "\n", "utf-8")
    (home.conf / "neo4j.conf").write_text(neo4j_conf(home, port), "utf-8")
    return port


def uri_of(port: int) -> str:
    """The Bolt URI of a local server on ``port``."""
    return f"bolt://127.0.0.1:{port}"


def ensure_password(home: ServerHome, java: str) -> None:
    """Generate the password and set it with ``neo4j-admin`` before the first start.

    The file is created with mode 0600 before the server learns the password, and removed again
    if ``neo4j-admin`` fails. A password file whose database was deleted is applied again.
    """
    started_before = (home.data / "databases").exists()
    if home.password_file.is_file():
        if started_before:
            return
        password = read_password(home)
        created = False
    else:
        if started_before:
            raise ProvisioningError(
                f"the local Neo4j in {home.root} has data but its password file is gone; "
                f"delete {home.data} to start afresh"
            )
        password = secrets.token_urlsafe(24)
        fd = os.open(home.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(password + "\n")
        created = True
    command = [java, "-cp", str(home.lib / "*"), ADMIN_ENTRY_POINT, "dbms"]
    done = subprocess.run(
        [*command, "set-initial-password", password],
        cwd=home.root,
        env=_server_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        if created:
            home.password_file.unlink()
        lines = (done.stdout + done.stderr).replace(password, "***").splitlines()
        raise ProvisioningError("neo4j-admin could not set the initial password", lines[-15:])


def read_password(home: ServerHome | None = None) -> str:
    """The generated password of the local server (``DatabaseUnavailable`` if there is none)."""
    home = home or server_home()
    try:
        return home.password_file.read_text("utf-8").strip()
    except OSError as error:
        raise DatabaseUnavailable(
            "the local Neo4j has not been set up: run `stakeholder-graph neo4j up`"
        ) from error


# -- processes -------------------------------------------------------------------------------


def _server_env(home: ServerHome) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home.root)
    env["NEO4J_CONF"] = str(home.conf)
    return env


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
        args = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return ENTRY_POINT.encode() in args and f"--home-dir={home.root}".encode() in args


def _running_pid(home: ServerHome) -> int | None:
    try:
        pid = int(home.pid_file.read_text("utf-8").strip())
    except (OSError, ValueError):
        return None
    return pid if _is_server(pid, home) else None


def _tail(path: Path, count: int) -> list[str]:
    try:
        return path.read_text("utf-8", errors="replace").splitlines()[-count:]
    except OSError:
        return []


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
        ENTRY_POINT,
        f"--home-dir={home.root}",
        f"--config-dir={home.conf}",
    ]
    with (home.logs / "console.log").open("ab") as console:
        process = subprocess.Popen(
            command,
            cwd=home.root,
            env=_server_env(home),
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
                    details=_tail(home.logs / "neo4j.log", 10)
                    + _tail(home.logs / "console.log", 10),
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
    port = _read_state(home).get("port") if pid else None
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
            port = int(_read_state(home)["port"])
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
