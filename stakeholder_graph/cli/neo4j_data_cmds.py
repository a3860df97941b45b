"""``load`` (a dataset into Neo4j) and ``cypher`` (run an analyst query): parsing and printing.

Registered on the main group by :func:`stakeholder_graph.cli.neo4j_cmds.register`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path
from typing import Any

import click

from stakeholder_graph.cli.common import is_tty, raw_csv_option
from stakeholder_graph.csvsafe import PREFIX, is_dangerous
from stakeholder_graph.errors import InputError

FORMATS = ("table", "csv", "json")


@click.command("load")
@click.argument("dataset")
@click.option(
    "--replace",
    is_flag=True,
    help="Delete the network already in the database first (AnalysisRun history is kept).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows per UNWIND batch (one write transaction each).",
)
@click.option(
    "--method",
    type=click.Choice(["auto", "import", "merge"]),
    default="auto",
    show_default=True,
    help="How to write: 'import' stops the local server of `neo4j up` and runs neo4j-admin "
    "database import (into a database without a network, or with --replace); 'merge' writes "
    "Cypher batches; 'auto' imports networks of 500,000 rows or more when it can, and says "
    "why when it cannot.",
)
def load_command(dataset: str, replace: bool, batch_size: int, method: str) -> None:
    """Validate DATASET and load it into Neo4j (idempotent: loading twice changes nothing).

    \b
    Into a database without a network the rows are created in batches (the fast path);
    otherwise they are merged. A LoadRun node records each load: written first as
    in_progress, completed last. When a load finds an earlier one still in progress
    (interrupted), it replaces the network that load left, with a warning.

    DATASET is a dataset folder, an .xlsx workbook or a bundled dataset's name. It is read and
    validated first: an invalid dataset exits with code 2 and nothing is written. Neo4j is the
    one configured by NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE or by
    `stakeholder-graph neo4j up`; unreachable → exit 3.
    """
    from stakeholder_graph.config import neo4j_settings
    from stakeholder_graph.sources import NEO4J_SOURCE, read_network
    from stakeholder_graph.store.neo4j import connect, load_network

    if dataset == NEO4J_SOURCE:
        raise InputError("load reads a dataset folder, workbook or bundled name, not 'neo4j'")
    started = time.perf_counter()
    data = read_network(dataset)
    read_seconds = time.perf_counter() - started
    for warning in data.warnings:
        click.echo(f"warning: {warning}", err=True)
    settings = neo4j_settings()
    with connect(settings) as driver, _progress() as progress:
        summary = None
        if method != "merge":
            summary = _try_import(driver, settings, data, replace, method, progress)
        if summary is None:
            summary = load_network(
                driver,
                data,
                settings.database,
                replace=replace,
                batch_size=batch_size,
                progress=progress,
            )
    summary.phases = {"read": read_seconds} | summary.phases
    _print_load_summary(data.name, summary)


def _try_import(
    driver: Any, settings: Any, data: Any, replace: bool, method: str, progress: Any
) -> Any:
    """The summary of an offline import, or None (after saying why) when it cannot be used."""
    from stakeholder_graph.store.neo4j_bulk import (
        AUTO_IMPORT_MIN_ROWS,
        HOLDS_NETWORK,
        Unportable,
        bulk_load,
        import_refusal,
    )

    with driver.session(database=settings.database) as session:
        reason = import_refusal(settings, session, replace)
    rows = sum(len(frame) for frame in data.tables().values())
    if reason is None and method == "auto" and rows < AUTO_IMPORT_MIN_ROWS:
        return None  # small: Cypher batches beat a server restart
    if reason is None:
        try:
            return bulk_load(driver, settings, data, replace=replace, progress=progress)
        except Unportable as error:
            reason = f"the database holds {error} that the offline import cannot carry"
    if method == "import":
        raise InputError(f"--method import: {reason}")
    if reason != HOLDS_NETWORK:
        click.echo(f"note: loading through Cypher batches: {reason}", err=True)
    return None


class _progress:
    """A rich progress bar on a terminal, plain lines on stderr otherwise."""

    def __enter__(self) -> Any:
        if not is_tty():
            self.bar = None
            self.last: dict[str, int] = {}
            return self._line
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        self.tasks: dict[str, Any] = {}
        self.bar.__enter__()
        return self._advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def _advance(self, step: str, done: int, total: int) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.bar.add_task(step, total=total or None)
        self.bar.update(self.tasks[step], completed=done, total=total or None)

    def _line(self, step: str, done: int, total: int) -> None:
        if step == "delete":
            if done != self.last.get(step):
                click.echo(f"delete: {done} records deleted", err=True)
        else:
            click.echo(f"{step}: {done}/{total}", err=True)
        self.last[step] = done


def _print_load_summary(name: str, summary: Any) -> None:
    if summary.recovered:
        click.echo(
            f"warning: an earlier load ({', '.join(summary.recovered)}) did not finish; "
            "its network was replaced",
            err=True,
        )
    how = "neo4j-admin import" if summary.method == "import" else "Cypher batches"
    click.echo(f"loaded {name} in {summary.seconds:.1f} s by {how} (LoadRun {summary.load_run})")
    width = max(len(t.table) for t in summary.tables)
    head = f"  {'table':<{width}}  {'rows':>9}  {'created':>9}  {'updated':>9}  {'unchanged':>9}"
    click.echo(head)
    for t in summary.tables:
        click.echo(
            f"  {t.table:<{width}}  {t.rows:>9}  {t.created:>9}  {t.updated:>9}  {t.unchanged:>9}"
        )
    click.echo(
        f"  nodes created {summary.nodes_created}, relationships created "
        f"{summary.relationships_created}, deleted {summary.nodes_deleted} nodes and "
        f"{summary.relationships_deleted} relationships, {summary.properties_set} properties set"
    )
    steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in summary.phases.items())
    click.echo(f"  seconds by step: {steps}")


@click.command("cypher")
@click.argument("file", required=False)
@click.option("--query", "-q", "query_text", help="Cypher text to run instead of FILE.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME[:TYPE]=VALUE",
    help="A query parameter (repeatable); typed as described below.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option("--write", is_flag=True, help="Allow the query to write (default: read-only).")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and exit.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds the server lets the query run (0: the server's own limit).",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also print the server's informational notifications, with their position.",
)
@raw_csv_option
def cypher_command(
    file: str | None,
    query_text: str | None,
    params: tuple[str, ...],
    fmt: str,
    out: Path | None,
    write: bool,
    list_queries: bool,
    timeout: float,
    verbose: bool,
    raw_csv: bool,
) -> None:
    """Run a Cypher query (FILE, a bundled query's name, or --query TEXT) against Neo4j.

    \b
    The query runs in a read-only transaction unless --write; a write attempted without it is
    refused (exit 2), as is a syntax error (with the server's message).
    A bundled query declares its parameters in its header (`// @param name:type=default`):
    values are converted to the declared type (2025-1-1 → the date 2025-01-01), an undeclared
    name is refused (exit 2) with the list of valid ones, and parameters declared without a
    default are required. `cypher --list` shows them.
    For other queries, --param NAME=VALUE is typed by its spelling:
      true/false → bool; 5 → int; 0.5 or 1e-3 → float; 2024-01-01 → date;
      2024-01-01T09:30 → datetime; null → null; [a,b] or a,b → list (items typed alike);
      "text" or 'text' → string as written; anything else → string.
    NAME:TYPE=VALUE forces the type: str, int, float, bool, date, datetime, list,
    list[str|int|float|date], json. Example: --param id:str=2024.
    The server stops a query after --timeout seconds; running out of time or memory exits 2
    with one line, an unreachable server exits 3. Warnings of the server (an unknown label,
    say) are printed on stderr; --verbose adds the informational ones.

    \b
    Examples:
      stakeholder-graph cypher --list
      stakeholder-graph cypher ngos_inactive_since --param since=2025-01-01
      stakeholder-graph cypher ego_network -p id=pl-adm-mayor --format json --timeout 10
      stakeholder-graph cypher -q "MATCH (o:Civil) RETURN count(o) AS ngos" --format csv
    """
    from stakeholder_graph.store.query_library import (
        bind_parameters,
        declared_parameters,
        library_queries,
        resolve_query,
    )

    if list_queries:
        for name, question in library_queries():
            click.echo(f"{name:<36} {question}")
            declared = declared_parameters(resolve_query(name))
            for p in declared.values():
                default = "required" if p.required else f"default {p.default}"
                click.echo(f"{'':<38}--param {p.name} ({p.kind}, {default})")
        return
    if (file is None) == (query_text is None):
        raise InputError("give either FILE (a .cypher file or bundled query name) or --query")
    text = query_text if query_text is not None else resolve_query(file or "")
    values = bind_parameters(text, params)

    from stakeholder_graph.config import neo4j_settings
    from stakeholder_graph.store.neo4j import connect, run_query

    settings = neo4j_settings()
    with connect(settings) as driver:
        columns, rows = run_query(
            driver,
            text,
            values,
            settings.database,
            write=write,
            timeout=timeout,
            notify=lambda line: click.echo(line, err=True),
            verbose=verbose,
        )
    rendered = render(columns, rows, fmt, rich_table=out is None and is_tty(), raw=raw_csv)
    if out is not None:
        out.write_text(rendered, encoding="utf-8")
        click.echo(f"{len(rows)} rows written to {out}", err=True)
    elif rendered:
        click.echo(rendered, nl=not rendered.endswith("\n"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _csv_cell(value: Any, raw: bool) -> str:
    text = _cell(value)
    if raw or not isinstance(value, str | list | dict) or not is_dangerous(text):
        return text
    return PREFIX + text


def render(
    columns: list[str],
    rows: list[list[Any]],
    fmt: str,
    rich_table: bool = False,
    raw: bool = False,
) -> str:
    """Query results as text: an aligned table, CSV (header + rows) or JSON (a list of objects).

    Lists and maps inside CSV and table cells are written as JSON; null is an empty cell. CSV
    text cells that a spreadsheet would run as a formula are prefixed with ``'`` (the rule of
    :mod:`stakeholder_graph.csvsafe`) unless ``raw``; numbers are never touched.
    """
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv_cell(v, raw) for v in row] for row in rows])
        return buffer.getvalue()
    cells = [[_cell(v) for v in row] for row in rows]
    if rich_table:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in cells:
            table.add_row(*row)
        width = shutil.get_terminal_size((120, 40)).columns
        console = Console(file=io.StringIO(), force_terminal=True, width=width)
        console.print(table)
        console.print(f"{len(rows)} rows")
        return console.file.getvalue()
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"


def register(group: click.Group) -> None:
    """Add ``load`` and ``cypher`` to ``group``."""
    group.add_command(load_command)
    group.add_command(cypher_command)
