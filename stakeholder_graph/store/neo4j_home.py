"""The home of a local Neo4j Community server, assembled from Maven Central jars.

A server home is kept outside the repository and keyed by version
(``$STAKEHOLDER_GRAPH_HOME/neo4j/<version>``, else
``$XDG_CACHE_HOME/stakeholder-graph/neo4j/<version>``, else
``~/.cache/stakeholder-graph/neo4j/<version>``)::

    lib/            the server's jars: org.neo4j:neo4j and org.neo4j.app:neo4j-server with their
                    runtime dependencies, copied by ``mvn dependency:copy-dependencies``
    conf/neo4j.conf loopback only, Bolt on a free port chosen once, HTTP off, heap 1g,
                    page cache 512m
    data/ logs/ run/ import/ plugins/
    password        a generated password (mode 0600), set with ``neo4j-admin dbms
                    set-initial-password @password`` (read from the file, never on a
                    command line) before the first start
    state.json      the port
    cds/            class-data-sharing archives of the server and import JVMs, written by
                    their first run (:mod:`stakeholder_graph.store.neo4j_jvm`)
    maven/pom.xml   the generated pom the jars were resolved from

It needs Java 17 or newer and, on the first run only, Maven (``mvn``) to fetch about 125 MB of
jars (Maven's own cache, ``~/.m2``, is reused). Running the server is
:mod:`stakeholder_graph.store.neo4j_server`'s work.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import string
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stakeholder_graph.errors import EXIT_BAD_INPUT, DatabaseUnavailable, StakeholderGraphError
from stakeholder_graph.machine import free_port

NEO4J_VERSION = "5.26.30"
"""The Neo4j Community release provisioned: the newest 5.26 LTS patch on Maven Central."""

MIN_JAVA = 17
USER = "neo4j"
HEAP = "1g"
PAGECACHE = "512m"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"

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
        """Every folder the server reads or writes (created before the first start)."""
        names = ("conf", "data", "logs", "run", "import", "plugins", "maven")
        return [self.root / name for name in names]


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


_MAJOR_SEEN: dict[tuple[str, int], int] = {}
"""Major versions already asked of ``java -version``, by (real path, modification time): a
load by import starts three JVMs and asked three times."""


def require_java() -> str:
    """A Java 17+ executable, or :class:`ProvisioningError` saying what is missing."""
    java = find_java()
    real = os.path.realpath(shutil.which(java) or java)
    try:
        key = (real, os.stat(real).st_mtime_ns)
    except OSError:
        key = (real, -1)
    major = _MAJOR_SEEN.get(key) or java_major_version(java)
    _MAJOR_SEEN[key] = major
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
            f"Maven could not fetch Neo4j {home.version} (see {log})", details=tail(log, 15)
        )
    shutil.rmtree(home.lib, ignore_errors=True)
    staging.rename(home.lib)
    home.lib_ready.write_text(f"{len(jars)} jars\n", "utf-8")


# -- configuration ---------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:``port`` (connections closing from an earlier run,
    in TIME_WAIT, do not count: the server binds with ``SO_REUSEADDR`` too)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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


def read_state(home: ServerHome) -> dict[str, int]:
    """The saved state of ``home`` (its port), or an empty dict."""
    try:
        state = json.loads(home.state_file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def configure(home: ServerHome) -> int:
    """Keep the port of ``home`` (a free one is chosen the first time, or when another program
    took it) and write ``conf/neo4j.conf``. Returns the port."""
    port = read_state(home).get("port")
    if not isinstance(port, int) or not port_is_free(port):
        port = free_port()
        home.state_file.write_text(json.dumps({"port": port}) + "\n", "utf-8")
    (home.conf / "neo4j.conf").write_text(neo4j_conf(home, port), "utf-8")
    return port


def uri_of(port: int) -> str:
    """The Bolt URI of a local server on ``port``."""
    return f"bolt://127.0.0.1:{port}"


PASSWORD_ALPHABET = string.ascii_letters + string.digits


def new_password(length: int = 32) -> str:
    """A random password of letters and digits (190 bits at 32 characters).

    Letters and digits only, because neo4j-admin reads the password from an ``@file`` as a
    command-line word: a password starting with ``-`` (one in 64 of ``token_urlsafe``'s) was taken
    for an unknown option and the first ``neo4j up`` failed.
    """
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


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
        password = new_password()
        fd = os.open(home.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(password + "\n")
        created = True
    # The password reaches neo4j-admin through its file (an "@file" argument, expanded by the
    # tool's command-line parser), never on the command line where `ps` would show it.
    command = [java, "-cp", str(home.lib / "*"), ADMIN_ENTRY_POINT, "dbms"]
    done = subprocess.run(
        [*command, "set-initial-password", f"@{home.password_file}"],
        cwd=home.root,
        env=server_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        if created:
            home.password_file.unlink()
        # the tool states its reason first and then prints its usage: keep the reason
        output = (done.stdout + done.stderr).replace(password, "***").splitlines()
        lines = [line for line in output if line.strip()]
        raise ProvisioningError("neo4j-admin could not set the initial password", lines[:15])


def read_password(home: ServerHome | None = None) -> str:
    """The generated password of the local server (``DatabaseUnavailable`` if there is none)."""
    home = home or server_home()
    try:
        return home.password_file.read_text("utf-8").strip()
    except OSError as error:
        raise DatabaseUnavailable(
            "the local Neo4j has not been set up: run `stakeholder-graph neo4j up`"
        ) from error


def server_env(home: ServerHome) -> dict[str, str]:
    """The environment of the server's JVMs: ours plus NEO4J_HOME and NEO4J_CONF."""
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home.root)
    env["NEO4J_CONF"] = str(home.conf)
    return env


def tail(path: Path, count: int) -> list[str]:
    """The last ``count`` lines of a log file (none when it cannot be read)."""
    try:
        return path.read_text("utf-8", errors="replace").splitlines()[-count:]
    except OSError:
        return []
