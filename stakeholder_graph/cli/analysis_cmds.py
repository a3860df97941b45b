"""``stakeholder-graph analyze`` and ``stakeholder-graph export``: argument parsing and printing.

Both build their parameters with :func:`stakeholder_graph.api.make_params` and call the library;
errors become exit code 2 (bad input) or 3 (database unreachable).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from stakeholder_graph.bounds import check_window_days
from stakeholder_graph.cli.common import is_tty, raw_csv_option, source_option
from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import check_out_folder

TOP_ROWS = 10
PRINTED_TABLES = ("centrality", "brokerage")
"""The tables :func:`print_top` reads (kept in memory when the others are written early)."""
ANALYZE_FILES = ("summary.json", "centrality.csv", "allies.csv", "isolated.csv")
"""Files whose presence marks a folder as a previous ``analyze`` output."""


def graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every analysing command shares (window, types, direction, computation)."""
    options = [
        click.option("--directed", is_flag=True, help="Directed source → target ties."),
        click.option("--since", metavar="DATE", help="Only interactions on or after DATE."),
        click.option("--until", metavar="DATE", help="Only interactions on or before DATE."),
        click.option("--types", metavar="A,B", help="Only these interaction types."),
        click.option(
            "--no-coparticipation",
            is_flag=True,
            help="Do not count taking part in the same activity as a tie.",
        ),
        click.option(
            "--exact-threshold",
            type=int,
            metavar="N",
            help="Exact betweenness and closeness up to N organizations (default 20000).",
        ),
        click.option(
            "--pivots",
            type=int,
            metavar="K",
            help="Sampled sources beyond it (default: until the top 1 %% are within 23 %, at most 1536).",
        ),
        click.option("--seed", type=int, metavar="S", help="Seed of sampling and communities."),
        click.option("--top-k", type=int, metavar="K", help="Potential allies overall."),
        click.option("--as-of", metavar="DATE", help="End of the isolation window."),
        click.option(
            "--window-days", type=int, metavar="N", help="Length of the isolation window."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def params_from_options(values: dict[str, Any]) -> Any:
    """:class:`AnalysisParams` from the parsed options (``None`` means the default)."""
    from stakeholder_graph.api import make_params

    names = {
        "since": "since",
        "until": "until",
        "types": "types",
        "exact_threshold": "exact_threshold",
        "pivots": "pivots",
        "seed": "seed",
        "top_k": "allies_top_k",
        "as_of": "as_of",
        "window_days": "isolation_window_days",
    }
    for key in ("since", "until", "as_of", "types"):
        if values.get(key) is not None and not str(values[key]).strip():
            raise InputError(f"--{key.replace('_', '-')}: an empty value (an unset variable?)")
    given = {names[k]: v for k, v in values.items() if k in names and v is not None}
    if values.get("directed"):
        given["directed"] = True
    if values.get("no_coparticipation"):
        given["coparticipation"] = False
    if "isolation_window_days" in given:
        check_window_days(given["isolation_window_days"], "--window-days")
    return make_params(**given)


def _progress() -> Callable[[str], None]:
    """Progress lines on stderr: the step being computed."""

    def report(step: str) -> None:
        click.echo(f"  {step} …" if is_tty() else f"step: {step}", err=True)

    return report


def _run_analysis(
    source: str, values: dict[str, Any], make_sink: Callable[[str], Any] | None = None
) -> Any:
    """The analysis of ``source``. ``make_sink``, given the network's name, returns the
    :data:`~stakeholder_graph.analysis.TableSink` the analysis hands its tables to."""
    from stakeholder_graph.analysis import analyze
    from stakeholder_graph.sources import read_network

    params = params_from_options(values)
    # a list the call empties: no name of ours holds the network read during the analysis,
    # which drops it once sorted (a sorted copy of the survey answers would otherwise live
    # beside the original throughout)
    network = [read_network(source)]
    sink = make_sink(network[0].name) if make_sink is not None else None
    return analyze(network.pop(), params, progress=_progress(), sink=sink)


def print_top(analysis: Any, rows: int = TOP_ROWS) -> None:
    """A short table of the most central organizations, and the network's size."""
    from rich.console import Console
    from rich.table import Table

    table = analysis.tables["centrality"].copy()
    table["role"] = analysis.tables["brokerage"]["role"].to_numpy()
    top = table.sort_values(["betweenness", "degree"], ascending=False).head(rows)
    s = analysis.summary
    paths = s["paths"]
    how = "exact" if paths["exact"] else f"sampled, {paths['pivots']} pivots"
    view = Table(
        title=(
            f"{s['name']}: {s['size']['organizations']} organizations, {s['size']['ties']} ties,"
            f" {s['components']['count']} component(s) — betweenness {how}"
        ),
        title_justify="left",
    )
    for column, justify in (
        ("organization", "left"),
        ("sector", "left"),
        ("degree", "right"),
        ("betweenness", "right"),
        ("pagerank", "right"),
        ("community", "right"),
        ("brokerage role", "left"),
    ):
        view.add_column(
            column,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=True,
            overflow="ellipsis",
            max_width=40 if column == "organization" else None,
        )
    for row in top.itertuples(index=False):
        view.add_row(
            str(row.name),
            str(row.sector),
            str(row.degree),
            f"{row.betweenness_norm:.3f}",
            f"{row.pagerank:.4f}",
            str(row.community),
            str(row.role) or "–",
        )
    Console(highlight=False, width=None if is_tty() else 120).print(view)


@click.command("analyze")
@source_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the CSV tables and summary.json (default: analysis/<network name>).",
)
@graph_options
@click.option(
    "--write-back",
    is_flag=True,
    help="Store the metrics, potential allies and isolation flags in Neo4j (--source neo4j).",
)
@raw_csv_option
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty --out folder that holds no previous analysis.",
)
def analyze_cmd(
    source: str,
    out_dir: Path | None,
    write_back: bool,
    raw_csv: bool,
    force: bool,
    **values: Any,
) -> None:
    """Compute centrality, brokerage, trust gaps, potential allies and isolated NGOs.

    Writes one CSV per table (centrality, brokerage, sector_ei, trust_dyads, sector_trust,
    organization_trust, initiative, sector_initiative, ties, allies, isolated) and summary.json
    to --out, then prints the most central organizations.
    """
    from stakeholder_graph.analysis import TableWriter
    from stakeholder_graph.sources import NEO4J_SOURCE

    if write_back and source != NEO4J_SOURCE:
        raise InputError("--write-back needs --source neo4j (it stores the results on that graph)")
    if out_dir is not None:  # refuse a bad --out before the work, not after
        check_out_folder(out_dir, ANALYZE_FILES, force)
    started = time.perf_counter()
    writers: list[TableWriter] = []

    def make_writer(name: str) -> TableWriter:
        target = out_dir or Path("analysis") / (name or "network")
        check_out_folder(target, ANALYZE_FILES, force)
        # each table is written as soon as it is final and, unless the write-back needs them
        # all, dropped: the analysis' last steps run without the largest tables in memory
        keep = None if write_back else PRINTED_TABLES
        writers.append(TableWriter(target, raw=raw_csv, keep=keep))
        return writers[0]

    try:
        analysis = _run_analysis(source, values, make_writer)
    except BaseException:
        for writer in writers:
            writer.discard()
        raise
    target = writers[0].folder
    written = writers[0].finish(analysis)
    print_top(analysis)
    click.echo(f"wrote {len(written)} files to {target} in {time.perf_counter() - started:.1f} s")
    if write_back:
        from stakeholder_graph.config import neo4j_settings
        from stakeholder_graph.store.neo4j import connect
        from stakeholder_graph.store.neo4j import write_back as store_write_back

        settings = neo4j_settings()
        with connect(settings) as driver:
            result = store_write_back(driver, analysis, settings.database)
        run = result.get("run_id", "") if isinstance(result, dict) else ""
        click.echo(f"wrote the results back to Neo4j {settings.uri} {run}".rstrip())


@click.command("export")
@source_option
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["graphml", "gexf", "csv"]),
    default="graphml",
    show_default=True,
    help="GraphML or GEXF (open in Gephi) with the metrics as attributes, or a CSV edge list.",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write.",
)
@graph_options
@raw_csv_option
def export_cmd(
    source: str, export_format: str, out_file: Path, raw_csv: bool, **values: Any
) -> None:
    """Write the cooperation network with its metrics for Gephi or other tools."""
    from stakeholder_graph.export import export_graph

    if not str(out_file).strip() or out_file.is_dir():
        raise InputError(f"--out {out_file}: expected a file name, not a folder")
    analysis = _run_analysis(source, values)
    path = export_graph(analysis, out_file, export_format, raw=raw_csv)
    s = analysis.summary["size"]
    click.echo(f"wrote {path} ({s['organizations']} organizations, {s['ties']} ties)")


def register(group: click.Group) -> None:
    """Add ``analyze`` and ``export`` to ``group``."""
    group.add_command(analyze_cmd)
    group.add_command(export_cmd)
