"""Load a :class:`NetworkData` into Neo4j: schema, idempotent batched MERGE, ``--replace``.

The graph model (DESIGN §3):

* ``(:Organization {id, name, sector, sectorCode, type, municipality, country, themes, founded,
  staff})`` (``sectorCode``: 0 public, 1 private, 2 civil, 3 social_economy)
  with one extra sector label from the fixed set ``Public``, ``Private``, ``Civil``,
  ``SocialEconomy``; ``themes`` is the ordered list of theme names;
* ``(:Theme {name})`` and ``(:Municipality {name})``, reached by ``WORKS_ON`` and ``BASED_IN``
  from organizations and activities;
* ``(:Activity {id, name, kind, themes, start, end, municipality})``;
* ``(source)-[:INTERACTED_WITH {id, type, date, end_date, initiator, stage, weight, formal}]->
  (target)``, one relationship per interaction, keyed by ``id``;
* ``(organization)-[:PARTICIPATES_IN {role}]->(activity)``;
* ``(a)-[:CO_PARTICIPATED {activities}]->(b)``: the co-participation ties of the analysis
  (:mod:`stakeholder_graph.store.neo4j_coparticipation`);
* ``(rater)-[:PERCEIVES {answer, date, reliability, ..., trust}]->(ratee)``, keyed by
  ``answer`` (the ISO date of the survey answer, ``''`` when undated).

Every write is an ``UNWIND $rows`` batch with ``MERGE`` inside a managed write transaction
(``session.execute_write``: retried on transient errors, so each batch is idempotent). Rows are
prepared column-wise with pandas; missing values become ``null``, which removes a property.
Validation is the caller's job: :func:`stakeholder_graph.sources.read_network` raises
:class:`~stakeholder_graph.errors.InputError` before anything is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
import pandas as pd

from stakeholder_graph import resources
from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.store.neo4j_coparticipation import write_coparticipation
from stakeholder_graph.store.neo4j_load_runs import (
    finish_load_run,
    start_load_run,
    unfinished_loads,
)
from stakeholder_graph.store.neo4j_rows import (
    activity_rows,
    interaction_rows,
    organization_rows,
    participation_rows,
    perception_rows,
)
from stakeholder_graph.store.neo4j_rows import plain_records as plain_records  # re-exported

DEFAULT_BATCH_SIZE = 10_000
"""Rows per ``UNWIND`` batch (one managed transaction each)."""

DEFAULT_WORKERS = 2
"""Write transactions at once on the fast path (relationship tables of a fresh load)."""


def schema_files() -> list[str]:
    """The schema statements of ``cypher/schema``, in file-name order (each ``IF NOT EXISTS``)."""
    return sorted(f"schema/{p.stem}" for p in (resources.cypher_dir() / "schema").glob("*.cypher"))


Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: rows of ``step`` written so far."""

Statement = tuple[str, dict[str, Any]]


@dataclass
class TableLoad:
    """What loading one table did: rows sent, and how many of them created a node or
    relationship (``created``), changed one that already existed (``updated``) or found it
    already as given (``unchanged``)."""

    table: str
    rows: int
    created: int
    updated: int
    unchanged: int = 0
    """Rows whose record already held exactly these values (nothing written but the match)."""


@dataclass
class LoadSummary:
    """Counts of one :func:`load_network` call, from the servers' result summaries."""

    tables: list[TableLoad] = field(default_factory=list)
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    batches: int = 0
    seconds: float = 0.0
    load_run: str = ""
    recovered: list[str] = field(default_factory=list)
    """Ids of interrupted loads this one finished (by replacing what they left)."""
    method: str = "merge"
    """``merge`` (Cypher batches) or ``import`` (``neo4j-admin database import``)."""
    phases: dict[str, float] = field(default_factory=dict)
    """Wall-clock seconds of each step (``read``, ``schema``, ``delete``, ``write files``,
    ``stop``, ``import``, ``start``, each table, ...), in the order they ran."""

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Add the wall-clock seconds of the ``with`` block to ``phases[name]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    @property
    def relationships(self) -> int:
        """Rows of the relationship tables (interactions, participation, survey answers)."""
        return sum(t.rows for t in self.tables if t.table not in _NODE_TABLES)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "tables": [t.__dict__ for t in self.tables],
            "nodes_created": self.nodes_created,
            "nodes_deleted": self.nodes_deleted,
            "relationships_created": self.relationships_created,
            "relationships_deleted": self.relationships_deleted,
            "properties_set": self.properties_set,
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
            "load_run": self.load_run,
            "recovered": list(self.recovered),
            "method": self.method,
            "phases": {k: round(v, 3) for k, v in self.phases.items()},
        }

    def _add(self, counters: neo4j.SummaryCounters) -> None:
        self.nodes_created += counters.nodes_created
        self.nodes_deleted += counters.nodes_deleted
        self.relationships_created += counters.relationships_created
        self.relationships_deleted += counters.relationships_deleted
        self.properties_set += counters.properties_set


_NODE_TABLES = ("organizations", "activities", "themes", "municipalities")


def apply_schema(driver: neo4j.Driver, database: str | None = None) -> None:
    """Create the constraints and indexes of ``cypher/schema`` (idempotent) and wait for them.

    Parameters
    ----------
    driver:
        An open driver.
    database:
        The database to use (``None``: the server's default).
    """
    with driver.session(database=database) as session:
        for name in schema_files():
            session.execute_write(_consume_all, [(resources.cypher(name), {})])
        session.run(resources.cypher("read/await_indexes")).consume()


def _consume_all(tx: neo4j.ManagedTransaction, statements: list[Statement]) -> list[Any]:
    """Run statements in one transaction; return each one's counters (results consumed)."""
    return [tx.run(text, params).consume().counters for text, params in statements]


def _run_all(tx: neo4j.ManagedTransaction, statements: list[Statement]) -> list[tuple[Any, int]]:
    """Run statements in one transaction; return each one's counters and the ``unchanged``
    count it returned (0 when it returns none)."""
    done = []
    for text, params in statements:
        result = tx.run(text, params)
        records = list(result)
        unchanged = int(records[0].get("unchanged") or 0) if records else 0
        done.append((result.consume().counters, unchanged))
    return done


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class _Writer:
    """Runs batches of statements in managed write transactions and adds up the counters."""

    def __init__(
        self,
        session: neo4j.Session,
        summary: LoadSummary,
        batch_size: int,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.summary = summary
        self.batch_size = batch_size
        self.progress = progress
        self.pool: ThreadPoolExecutor | None = None
        self.sessions: Callable[[], neo4j.Session] | None = None

    def parallel(self, pool: ThreadPoolExecutor, sessions: Callable[[], neo4j.Session]) -> None:
        """Run the next tables' batches on ``pool``, each in a session from ``sessions``
        (several transactions at once; a deadlock between them is retried by the driver)."""
        self.pool, self.sessions = pool, sessions

    def _run(
        self,
        batches: Iterator[list[dict[str, Any]]],
        statements_of: Callable[[list[dict[str, Any]]], tuple[int, list[Statement]]],
    ) -> Iterator[tuple[list[dict[str, Any]], tuple[int, list[Any]]]]:
        """Each batch with ``(index of the main statement, counters)``, in order."""
        if self.pool is None or self.sessions is None:
            for batch in batches:
                main, statements = statements_of(batch)
                yield batch, (main, self.session.execute_write(_run_all, statements))
            return
        sessions = self.sessions

        def work(batch: list[dict[str, Any]]) -> tuple[int, list[Any]]:
            main, statements = statements_of(batch)
            with sessions() as session:
                return main, session.execute_write(_run_all, statements)

        pending = [(batch, self.pool.submit(work, batch)) for batch in batches]
        for batch, future in pending:
            yield batch, future.result()

    def table(
        self,
        table: str,
        rows: list[dict[str, Any]],
        query: str,
        created: Callable[[Any], int],
        extra: Callable[[list[dict[str, Any]]], list[Statement]] | None = None,
        before: Callable[[list[dict[str, Any]]], list[Statement]] | None = None,
    ) -> None:
        """Write ``rows`` with ``query`` in batches; ``before``/``extra`` add statements that
        run in the same transaction before/after the main one."""
        text = resources.cypher(query)
        done = made = same = 0
        start = time.perf_counter()

        def statements_of(batch: list[dict[str, Any]]) -> tuple[int, list[Statement]]:
            statements = list(before(batch)) if before else []
            main = len(statements)
            statements.append((text, {"rows": batch}))
            if extra:
                statements.extend(extra(batch))
            return main, statements

        for batch, (main, counters) in self._run(_batches(rows, self.batch_size), statements_of):
            for c, _ in counters:
                self.summary._add(c)
            made += created(counters[main][0])
            same += counters[main][1]
            done += len(batch)
            self.summary.batches += 1
            if self.progress:
                self.progress(table, done, len(rows))
        if self.progress and not rows:
            self.progress(table, 0, 0)
        self.summary.tables.append(TableLoad(table, len(rows), made, len(rows) - made - same, same))
        self.summary.phases[table] = time.perf_counter() - start


def load_network(
    driver: neo4j.Driver,
    data: NetworkData,
    database: str | None = None,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    workers: int = DEFAULT_WORKERS,
    fast: bool = True,
) -> LoadSummary:
    """Write ``data`` into Neo4j, idempotently: loading it twice changes nothing.

    Into a database that holds no network (empty, or emptied by ``replace``) the fast path
    writes with ``CREATE`` (``cypher/write/create_*``) and the relationship tables with
    ``workers`` transactions at once; otherwise every row is merged.

    Nodes are merged on their keys (``Organization.id``, ``Activity.id``, ``Theme.name``,
    ``Municipality.name``), interactions on their ``id``, participation on the
    (organization, activity) pair and survey answers on (rater, ratee, date), repeated rows of
    those pairs told apart by their rank (``seq``). Properties are
    set to the dataset's values (a missing value removes the property); theme and
    municipality links that the dataset no longer lists are removed. Records of the database
    that the dataset does not mention are left alone, unless ``replace``.

    Parameters
    ----------
    driver:
        An open driver (see :func:`stakeholder_graph.store.neo4j.connect`).
    data:
        A validated network (validation happens before: nothing here rejects a row).
    database:
        The database to write to (``None``: the server's default).
    replace:
        Delete the network already in the database first (in batches), keeping the
        ``AnalysisRun`` history.
    batch_size:
        Rows per ``UNWIND`` batch, one managed write transaction each.
    progress:
        Called as ``progress(step, done, total)`` after each batch.
    workers:
        Concurrent write transactions for the relationships of a fresh load (1: one at a time).
    fast:
        Use the fast path when the database holds no network (False: always merge, the
        baseline of ``benchmarks/bench_load.py``).

    Returns
    -------
    LoadSummary
        Rows, created and updated per table; the server's counters; elapsed seconds.

    Examples
    --------
    >>> summary = load_network(driver, read_dataset("datasets/pleven"))  # doctest: +SKIP
    >>> summary.tables[2]  # doctest: +SKIP
    TableLoad(table='organizations', rows=72, created=72, updated=0)
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    start = time.perf_counter()
    summary = LoadSummary()
    with summary.phase("schema"):
        apply_schema(driver, database)
    # the relationship tables' rows are prepared in a helper thread while the nodes are
    # written (the writing thread mostly waits on the server, so both cores work)
    with (
        ThreadPoolExecutor(max_workers=1) as prepare,
        ThreadPoolExecutor(max_workers=max(1, workers)) as pool,
        driver.session(database=database) as session,
    ):
        later = {
            "interactions": prepare.submit(interaction_rows, data),
            "participation": prepare.submit(participation_rows, data),
            "perceptions": prepare.submit(perception_rows, data),
        }
        unfinished = unfinished_loads(session)
        if unfinished:  # an earlier load stopped half-way: replace what it left
            replace = True
            summary.recovered = unfinished
        summary.load_run = start_load_run(session, data, replace, unfinished)
        if replace:
            with summary.phase("delete"):
                delete_network(session, summary, batch_size, progress)
        fresh = _network_is_empty(session)
        create = fresh and fast
        writer = _Writer(session, summary, batch_size, progress)
        orgs, acts = organization_rows(data), activity_rows(data)
        theme_names = sorted({r["theme"] for r in orgs["themes"] + acts["themes"]})
        places = sorted({r["municipality"] for r in orgs["municipality"] + acts["municipality"]})
        _names(writer, "themes", theme_names, "write/merge_themes")
        _names(writer, "municipalities", places, "write/merge_municipalities")
        _nodes(writer, "organizations", "organization", orgs, fresh, create)
        _nodes(writer, "activities", "activity", acts, fresh, create)
        prune = resources.cypher("write/prune_moved_interactions")
        verb = "create" if create else "merge"
        if create and workers > 1:
            writer.parallel(pool, lambda: driver.session(database=database))
        writer.table(
            "interactions",
            later["interactions"].result(),
            f"write/{verb}_interactions",
            lambda c: c.relationships_created,
            before=None if fresh else lambda b: [(prune, {"rows": b})],
        )
        for table in ("participation", "perceptions"):
            writer.table(
                table,
                later[table].result(),
                f"write/{verb}_{table}",
                lambda c: c.relationships_created,
            )
        write_coparticipation(writer, data, fresh, create)
        finish_load_run(session, summary)
    summary.seconds = time.perf_counter() - start
    return summary


def _names(writer: _Writer, table: str, names: list[str], query: str) -> None:
    """Merge Theme or Municipality nodes, all names in batches of the writer's size."""
    text = resources.cypher(query)
    made = 0
    for batch in _batches(names, writer.batch_size):
        (counters,) = writer.session.execute_write(_consume_all, [(text, {"names": batch})])
        writer.summary._add(counters)
        writer.summary.batches += 1
        made += counters.nodes_created
    writer.summary.tables.append(TableLoad(table, len(names), made, 0, len(names) - made))


def _nodes(
    writer: _Writer,
    table: str,
    kind: str,
    rows: dict[str, list[dict[str, Any]]],
    fresh: bool,
    create: bool = False,
) -> None:
    """Merge Organization or Activity nodes with their WORKS_ON and BASED_IN links, each batch
    in one transaction; on a database that already holds a network, stale links go first."""
    theme_rows = pd.DataFrame(rows["themes"], columns=["id", "theme"])
    place_rows = pd.DataFrame(rows["municipality"], columns=["id", "municipality"])
    prune_themes = pd.DataFrame(rows["prune_themes"], columns=["id", "themes"])
    prune_place = pd.DataFrame(rows["prune_municipality"], columns=["id", "municipality"])

    def links(batch: list[dict[str, Any]]) -> list[Statement]:
        ids = [r["id"] for r in batch]
        out: list[Statement] = []
        if not fresh:
            out += [
                (
                    resources.cypher(f"write/prune_{kind}_themes"),
                    {"rows": prune_themes[prune_themes["id"].isin(ids)].to_dict("records")},
                ),
                (
                    resources.cypher(f"write/prune_{kind}_municipality"),
                    {"rows": prune_place[prune_place["id"].isin(ids)].to_dict("records")},
                ),
            ]
        verb = "create" if create else "link"
        out += [
            (
                resources.cypher(f"write/{verb}_{kind}_themes"),
                {"rows": theme_rows[theme_rows["id"].isin(ids)].to_dict("records")},
            ),
            (
                resources.cypher(f"write/{verb}_{kind}_municipality"),
                {"rows": place_rows[place_rows["id"].isin(ids)].to_dict("records")},
            ),
        ]
        return out

    writer.table(
        table,
        rows["nodes"],
        f"write/merge_{'organizations' if kind == 'organization' else 'activities'}",
        lambda c: c.nodes_created,
        extra=links,
    )


def _network_is_empty(session: neo4j.Session) -> bool:
    record = session.execute_read(
        lambda tx: tx.run(resources.cypher("read/count_network")).single(strict=True)
    )
    return record["organizations"] == 0 and record["activities"] == 0


def delete_network(
    session: neo4j.Session,
    summary: LoadSummary | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> int:
    """Delete the network (organizations, activities, themes, municipalities and their
    relationships); ``AnalysisRun`` nodes stay.

    Two queries, each one scan committing every ``batch_size`` relationships (a quarter as many
    nodes) with ``CALL ... IN TRANSACTIONS``: deleting batch by batch with a fresh ``MATCH``
    each time rescanned every organization already emptied, quadratic on large networks.

    Returns the number of nodes deleted.
    """
    summary = summary if summary is not None else LoadSummary()
    deleted_nodes = 0
    for query in ("write/delete_network_relationships", "write/delete_network_nodes"):
        nodes = query.endswith("nodes")
        limit = max(1, batch_size // 4) if nodes else batch_size
        counters = session.run(resources.cypher(query), {"limit": limit}).consume().counters
        summary._add(counters)
        summary.batches += 1
        if nodes:
            deleted_nodes += counters.nodes_deleted
        if progress:
            progress("delete", summary.nodes_deleted + summary.relationships_deleted, 0)
    return deleted_nodes
