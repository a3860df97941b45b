"""``stakeholder-graph import`` and ``stakeholder-graph report``: argument parsing and printing.

Both call the library (:mod:`stakeholder_graph.importers`, :mod:`stakeholder_graph.report`);
bad input becomes exit code 2 with ``FILE:LINE`` details, as for ``validate``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from stakeholder_graph.cli.analysis_cmds import graph_options, params_from_options
from stakeholder_graph.cli.common import source_option
from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import check_writable
from stakeholder_graph.importers import FORMATS as IMPORT_FORMATS


@click.command("import")
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@click.option(
    "--from",
    "kind",
    type=click.Choice(IMPORT_FORMATS),
    required=True,
    help="The format of FILE.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    help="The dataset folder to write (for partner: the dataset the answers belong to).",
)
@click.option(
    "--map",
    "map_path",
    type=click.Path(path_type=Path),
    help="A TOML mapping file: [columns], [sectors], [types], [default].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the import summary.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a non-empty --out folder that is not a previous import.",
)
def import_cmd(
    file: Path, kind: str, out: Path, map_path: Path | None, output_format: str, force: bool
) -> None:
    """Import a Kumu map, a GraphML/GEXF file, an edge list or a PARTNER-style survey export
    as a dataset v1 folder that passes validate, and print what was mapped, guessed and dropped.
    """
    from stakeholder_graph.importers import import_dataset

    data, summary = import_dataset(kind, file, out, map_path, force)
    for warning in data.warnings:
        click.echo(f"warning: {warning}", err=True)
    if output_format == "json":
        click.echo(json.dumps({**summary.as_dict(), "out": str(out)}, indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(summary.lines()))
        click.echo(f"dataset written to {out} (valid)")


@click.command("report")
@source_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    help="report.html (self-contained) or report.pdf (printed by headless Chromium).",
)
@click.option("--title", help="The report's title (default: 'Cooperation network: NAME').")
@click.option(
    "--compare-with",
    "compare_with",
    metavar="START:END",
    help="Add a 'what changed' page against this period (YYYY-MM-DD:YYYY-MM-DD or a year).",
)
@graph_options
def report_cmd(
    source: str, out: Path, title: str | None, compare_with: str | None, **values: Any
) -> None:
    """Write the council report: the network picture, headline numbers, sector cooperation
    and trust, brokers, asymmetries, potential allies, isolated NGOs and the methods."""
    from stakeholder_graph.analysis import analyze
    from stakeholder_graph.report import SUFFIXES, build_report
    from stakeholder_graph.sources import read_network

    if out.suffix.lower() not in SUFFIXES:
        raise InputError(f"--out {out}: write the report as .html or .pdf")
    if out.exists() and not out.is_file():
        raise InputError(f"--out {out}: exists and is not a file")
    check_writable(out.parent)
    params = params_from_options(values)
    if compare_with:
        from stakeholder_graph.network.change import parse_period

        parse_period(compare_with, "--compare-with")  # a bad period fails before the work
    analysis = analyze(read_network(source), params)
    build_report(analysis, out, title, compare_with)
    click.echo(f"wrote {out}")


def register(group: click.Group) -> None:
    """Add ``import`` and ``report`` to ``group``."""
    group.add_command(import_cmd)
    group.add_command(report_cmd)
