"""``stakeholder-graph validate``: check a dataset and print what it holds."""

from __future__ import annotations

import json
import time
from typing import Any

import click

from stakeholder_graph.dataset.model import SECTORS


def format_summary(summary: dict[str, Any], seconds: float | None = None) -> str:
    """The summary of :meth:`NetworkData.summary` as a few lines of text.

    Examples
    --------
    >>> s = {"name": "x", "organizations": 3, "per_sector": {"public": 1, "private": 0,
    ...      "civil": 2, "social_economy": 0}, "interactions": 2, "activities": 0,
    ...      "participations": 0, "survey_answers": 1, "first_date": None, "last_date": None}
    >>> print(format_summary(s).splitlines()[1])
    organizations   3  (public 1, private 0, civil 2, social_economy 0)
    """
    sectors = ", ".join(f"{s} {summary['per_sector'].get(s, 0)}" for s in SECTORS)
    if summary["first_date"] is None:
        dates = "no dated interactions"
    else:
        dates = f"{summary['first_date']} .. {summary['last_date']}"
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    rows = [
        f"{summary['name']}: valid{took}",
        f"organizations   {summary['organizations']}  ({sectors})",
        f"ties            {summary['interactions']}",
        f"activities      {summary['activities']}",
        f"participations  {summary['participations']}",
        f"survey answers  {summary['survey_answers']}",
        f"date range      {dates}",
    ]
    return "\n".join(rows)


@click.command("validate")
@click.argument("source", metavar="DIR|FILE.xlsx|NAME")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the summary.",
)
def validate(source: str, output_format: str) -> None:
    """Check a dataset (a folder of CSVs, an .xlsx workbook or a bundled dataset's name).

    Prints warnings on stderr and, when the dataset is valid, a summary on stdout. Every
    problem is printed as FILE:LINE: column COL: message; then the exit code is 2.
    """
    from stakeholder_graph.dataset.reader import read_dataset
    from stakeholder_graph.sources import resolve_path

    started = time.perf_counter()
    data = read_dataset(resolve_path(source))
    seconds = time.perf_counter() - started
    for warning in data.warnings:
        click.echo(f"warning: {warning}", err=True)
    summary = data.summary()
    if output_format == "json":
        click.echo(json.dumps({**summary, "warnings": len(data.warnings)}, indent=2))
    else:
        click.echo(format_summary(summary, seconds))


def register(group: click.Group) -> None:
    """Add ``validate`` to ``group``."""
    group.add_command(validate)
