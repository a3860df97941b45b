"""Bulk load: a whole network through ``neo4j-admin database import full``.

Into a database that holds no network (or with ``load --replace``) on the local server that
``stakeholder-graph neo4j up`` manages, :func:`bulk_load`

1. reads the records a load keeps (every node that is not part of the network, such as
   ``AnalysisRun``, ``LoadRun``, ``IsolationRun``, and the relationships between them) and adds
   the new ``LoadRun`` (``in_progress``, ``method: 'import'``);
2. writes the network and those records as CSV files
   (:mod:`stakeholder_graph.store.neo4j_import_files`) into the server's home;
3. stops the server, imports the files into a fresh database (``--overwrite-destination``:
   the old network is gone at once, however large), starts the server again;
4. creates the constraints and indexes of ``cypher/schema`` and completes the ``LoadRun``.

The stored graph is the one the Cypher load writes (same labels, properties and types). What
``--replace`` drops on the Cypher path is dropped here too: the network and the relationships
between it and the kept records (metric history, flags).

:func:`import_refusal` says why the import cannot be used (a server we do not manage, another
database, indexes of someone else's, a value the import tool cannot carry); ``load`` then falls
back to Cypher batches and says so.

Example
-------
>>> summary = bulk_load(driver, settings, read_dataset("datasets/pleven"))  # doctest: +SKIP
>>> summary.method  # doctest: +SKIP
'import'
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from stakeholder_graph import resources
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.errors import DatabaseUnavailable
from stakeholder_graph.store.neo4j_import_files import (
    ARRAY_DELIMITER,
    ImportFile,
    Unportable,
    kept_files,
    network_files,
)
from stakeholder_graph.store.neo4j_load import (
    LoadSummary,
    Progress,
    TableLoad,
    apply_schema,
    schema_files,
)
from stakeholder_graph.store.neo4j_load_runs import (
    finish_load_run,
    load_run_params,
    unfinished_loads,
)

IMPORT_TIMEOUT = 6 * 3600.0
"""Seconds the import tool may take before it is stopped."""

AUTO_IMPORT_MIN_ROWS = 500_000
"""``load --method auto`` imports only networks of at least this many rows (all tables): below
it, restarting the server costs more than writing Cypher batches. Measured with
``benchmarks/bench_load.py`` on a busy 2-core machine (load average 10-12): 10k organizations
(230k rows) took 63 s through Cypher and 91 s by import; 100k organizations (2.3M rows) 230 s by
import, against 468 s through Cypher in the previous round; at load average 1-3, 10k took 37 s
through Cypher and 100k 74 s by import (29k relationships/s)."""

IMPORT_MEMORY = "1g"
"""The import tool's off-heap memory (``--max-off-heap-memory``; the machine may be shared)."""

IMPORT_HEAP = "1g"
"""The import tool's heap (``-Xmx``), what ``neo4j-admin`` gives it from the server's setting."""

ADMIN_TOOL = "org.neo4j.cli.AdminTool"
"""The class that runs ``neo4j-admin`` commands. The ``neo4j-admin`` launcher
(``Neo4jAdminCommand``) starts a JVM only to read the configuration and start a second one
running this class; starting it directly saves that first JVM (3-4 CPU seconds)."""

_TABLE_OF_FILE = {
    "themes.csv": "themes",
    "municipalities.csv": "municipalities",
    "organizations.csv": "organizations",
    "activities.csv": "activities",
    "interactions.csv": "interactions",
    "participation.csv": "participation",
    "perceptions.csv": "perceptions",
    "co_participation.csv": "co_participation",
}


HOLDS_NETWORK = "the database holds a network (updated in place; --replace imports afresh)"
"""The refusal of a plain reload: the usual case of the Cypher path, not worth a note."""


def _read(session: neo4j.Session, query: str) -> list[dict[str, Any]]:
    text = resources.cypher(query)
    return session.execute_read(lambda tx: [r.data() for r in tx.run(text)])


def project_schema_names() -> set[str]:
    """The names of the constraints and indexes the project's schema files create."""
    pattern = re.compile(r"CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", re.IGNORECASE)
    names: set[str] = set()
    for name in schema_files():
        names.update(pattern.findall(resources.cypher(name)))
    return names


def import_refusal(settings: Neo4jSettings, session: neo4j.Session, replace: bool) -> str | None:
    """Why ``load`` cannot use the offline import here (``None``: it can).

    The import needs the local server that ``stakeholder-graph neo4j up`` manages (it stops and
    starts it), its default database, a database holding no network unless ``replace`` (or an
    unfinished load, which is replaced), and no index or constraint but the project's own (a
    fresh database would lose them).
    """
    from stakeholder_graph.store.neo4j_server import status

    # a plain reload first: updating in place is the Cypher path's own case, on any server
    if not replace and not unfinished_loads(session):
        counts = session.execute_read(
            lambda tx: tx.run(resources.cypher("read/count_network")).single(strict=True).data()
        )
        if counts["organizations"] or counts["activities"]:
            return HOLDS_NETWORK
    if settings.source != "local server":
        return (
            f"Neo4j at {settings.uri} is not the local server of `stakeholder-graph neo4j up` "
            f"(settings from {settings.source or 'elsewhere'}), so it cannot be stopped for "
            "the offline import"
        )
    local = status()
    if not local.running or local.uri != settings.uri:
        return f"Neo4j at {settings.uri} is not the running local server"
    if settings.database != "neo4j":
        return f"the offline import writes the default database, not {settings.database!r}"
    other = {r["name"] for r in _read(session, "read/schema_names")} - project_schema_names()
    if other:
        return f"the database has indexes or constraints of its own ({', '.join(sorted(other))})"
    return None


def import_command(
    files: list[ImportFile], database: str, report: Path, launcher: bool = False
) -> list[str]:
    """The command line of ``neo4j-admin database import full`` for ``files`` into
    ``database`` (the :data:`ADMIN_TOOL` JVM itself; ``launcher``: through ``neo4j-admin``'s
    launcher, which starts that JVM from a first one, as ``bin/neo4j-admin`` does)."""
    from stakeholder_graph.store.neo4j_home import ADMIN_ENTRY_POINT, require_java, server_home
    from stakeholder_graph.store.neo4j_jvm import archive_options

    home = server_home()
    java = require_java()
    classpath = f"{home.conf / '*'}:{home.lib / '*'}"
    if launcher:
        jvm = ["-cp", str(home.lib / "*"), ADMIN_ENTRY_POINT]
    else:
        archive = archive_options(home, java, "import", classpath)
        jvm = ["-cp", classpath, "-Dfile.encoding=UTF-8", f"-Xmx{IMPORT_HEAP}", *archive]
    return [
        java,
        *jvm,
        *([] if launcher else [ADMIN_TOOL]),
        "database",
        "import",
        "full",
        database,  # before the file lists, which take every argument after them
        "--overwrite-destination=true",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        f"--max-off-heap-memory={IMPORT_MEMORY}",
        f"--report-file={report}",
        *(["--multiline-fields=true"] if any(f.multiline for f in files) else []),
        *(f.argument() for f in files),
    ]


def _admin_import(
    files: list[ImportFile], database: str, report: Path, progress: Progress | None
) -> None:
    """Run ``neo4j-admin database import full`` on the stopped local server."""
    from stakeholder_graph.store.neo4j_home import server_env, server_home

    home = server_home()
    command = import_command(files, database, report)
    if progress:
        progress("import", 0, 1)
    try:
        done = subprocess.run(
            command,
            cwd=home.root,
            env=server_env(home),
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DatabaseUnavailable(
            f"neo4j-admin database import did not finish within {IMPORT_TIMEOUT:.0f} s"
        ) from error
    # the tool's own account (stages and their times) beside the server's logs
    (home.logs / "import.log").write_text(done.stdout + done.stderr, "utf-8")
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        raise DatabaseUnavailable(
            "neo4j-admin database import failed; the local database is empty now: "
            "run `load` again (it imports afresh)",
            details=lines[-12:],
        )
    if progress:
        progress("import", 1, 1)


def bulk_load(
    driver: neo4j.Driver,
    settings: Neo4jSettings,
    data: NetworkData,
    replace: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Load ``data`` with the offline import (see the module's description).

    Call it only when :func:`import_refusal` returned ``None``; :class:`Unportable` is raised
    before anything is stopped when a kept record holds a value the import tool cannot carry.

    Returns
    -------
    LoadSummary
        ``method='import'``; every row ``created``; the old network's size as deleted counts.
    """
    from stakeholder_graph.store.neo4j_server import down

    start = time.perf_counter()
    summary = LoadSummary(method="import")
    with summary.phase("read kept"), driver.session(database=settings.database) as session:
        unfinished = unfinished_loads(session)
        if unfinished:
            replace = True
            summary.recovered = unfinished
        nodes = _read(session, "read/kept_nodes")
        relationships = _read(session, "read/kept_relationships")
        before = _read(session, "read/count_records")[0]
    params = load_run_params(data, replace, unfinished, "import")
    summary.load_run = str(params.pop("id"))
    run = {"id": summary.load_run, "status": "in_progress", "started_at": _now()} | params
    nodes.append({"key": "new-load-run", "labels": ["LoadRun"], "props": run})
    summary.nodes_deleted = int(before["nodes"]) - (len(nodes) - 1)
    summary.relationships_deleted = int(before["relationships"]) - len(relationships)

    from stakeholder_graph.store.neo4j_home import server_home

    with tempfile.TemporaryDirectory(prefix="import-", dir=server_home().root / "import") as tmp:
        folder = Path(tmp)
        pool = ThreadPoolExecutor(1)  # not a `with`: leaving one waits for the stop
        with summary.phase("write files"):
            kept = kept_files(folder, nodes, relationships)  # Unportable: before anything stops
            if progress:
                progress("stop server", 0, 1)
            stopping = pool.submit(down)  # the server stops while the network files are written
            try:
                files = network_files(data, folder)
            except BaseException:
                stopping.result()
                _start_again()
                raise
        with summary.phase("stop"):
            stopping.result()  # what the stop took beyond writing the files
        pool.shutdown()
        try:
            with summary.phase("import"):
                _admin_import(files + kept, settings.database, folder / "import.report", progress)
        finally:
            if progress:
                progress("start server", 0, 1)
            with summary.phase("start"):
                _start_again()
    for f in files:
        table = _TABLE_OF_FILE.get(f.path.name)
        if table:
            summary.tables.append(TableLoad(table, f.rows, f.rows, 0))
    summary.nodes_created = sum(f.rows for f in files if f.kind == "nodes")
    summary.relationships_created = sum(f.rows for f in files if f.kind == "relationships")
    summary.batches = 1
    with summary.phase("schema"):
        apply_schema(driver, settings.database)
    with summary.phase("finish"), driver.session(database=settings.database) as session:
        finish_load_run(session, summary)
        _replace_bookmarks(driver, session.last_bookmarks().raw_values)
    summary.seconds = time.perf_counter() - start
    return summary


def _replace_bookmarks(driver: neo4j.Driver, fresh: frozenset[str]) -> None:
    """Replace the bookmarks ``driver.execute_query`` collected, which name transactions of the
    database the import replaced (the new one numbers them afresh, so waiting for them would
    time out), by ``fresh``: those of a transaction in the new database."""
    manager = driver.execute_query_bookmark_manager
    manager.update_bookmarks(manager.get_bookmarks(), list(fresh))


def _start_again() -> None:
    """Start the local server after the import; if the first wait gives up while the server
    process still runs (a slow start on a busy machine), wait once more."""
    from stakeholder_graph.store.neo4j_server import status, up

    try:
        up()
    except DatabaseUnavailable:
        if not status().running:
            raise
        up()


def _now() -> neo4j.time.DateTime:
    return neo4j.time.DateTime.from_native(datetime.now(UTC))


__all__ = ["HOLDS_NETWORK", "Unportable", "bulk_load", "import_command", "import_refusal"]
