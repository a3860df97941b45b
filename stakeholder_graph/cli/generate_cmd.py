"""``stakeholder-graph generate``: write a synthetic dataset of any size."""

from __future__ import annotations

import time
from pathlib import Path

import click

from stakeholder_graph.errors import InputError


@click.command("generate")
@click.option(
    "--orgs",
    "n_orgs",
    type=int,
    required=True,
    help="Number of organizations (at least 2).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Dataset folder to write (created; existing CSVs of the same names are replaced).",
)
@click.option(
    "--interactions-per-org",
    type=float,
    default=10.0,
    show_default=True,
    help="Interaction rows drawn per organization.",
)
def generate(n_orgs: int, seed: int, out: Path, interactions_per_org: float) -> None:
    """Write a synthetic cooperation network to OUT (dataset format v1).

    Sector shares, municipalities, Zipf-popular themes, heavy-tailed degrees, isolates,
    councils and projects, and a partner survey with one-sided trust. The same arguments
    always write the same bytes.
    """
    from stakeholder_graph.dataset.generate import generate_dataset

    if n_orgs < 2:
        raise InputError(f"--orgs: need at least 2 organizations, got {n_orgs}")
    if interactions_per_org < 0:
        raise InputError(f"--interactions-per-org: must be >= 0, got {interactions_per_org}")
    if out.exists() and not out.is_dir():
        raise InputError(f"--out: {out} exists and is not a folder")
    started = time.perf_counter()
    data = generate_dataset(n_orgs, seed, out, interactions_per_org)
    summary = data.summary()
    click.echo(
        f"wrote {out}: {summary['organizations']} organizations, "
        f"{summary['interactions']} interactions, {summary['activities']} activities, "
        f"{summary['participations']} participations, {summary['survey_answers']} survey answers "
        f"({summary['first_date']} .. {summary['last_date']}) in "
        f"{time.perf_counter() - started:.1f} s"
    )


def register(group: click.Group) -> None:
    """Add ``generate`` to ``group``."""
    group.add_command(generate)
