"""``stakeholder-graph generate``: write a synthetic dataset of any size."""

from __future__ import annotations

import math
import time
from pathlib import Path

import click

from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import check_out_folder

MAX_ORGS = 10_000_000
MAX_PER_ORG = 1000.0
GENERATED_FILES = ("organizations.csv", "interactions.csv", "activities.csv")


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
@click.option("--force", is_flag=True, help="Write into a non-empty folder that is no dataset.")
def generate(n_orgs: int, seed: int, out: Path, interactions_per_org: float, force: bool) -> None:
    """Write a synthetic cooperation network to OUT (dataset format v1).

    Sector shares, municipalities, Zipf-popular themes, heavy-tailed degrees, isolates,
    councils and projects, and a partner survey with one-sided trust. The same arguments
    always write the same bytes.
    """
    from stakeholder_graph.dataset.generate import generate_dataset

    if not 2 <= n_orgs <= MAX_ORGS:
        raise InputError(f"--orgs: expected 2 .. {MAX_ORGS} organizations, got {n_orgs}")
    if not 0 <= seed < 2**32:
        raise InputError(f"--seed: expected 0 .. {2**32 - 1}, got {seed}")
    if not (math.isfinite(interactions_per_org) and 0 <= interactions_per_org <= MAX_PER_ORG):
        raise InputError(
            f"--interactions-per-org: expected 0 .. {MAX_PER_ORG}, got {interactions_per_org}"
        )
    check_out_folder(out, GENERATED_FILES, force)
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
