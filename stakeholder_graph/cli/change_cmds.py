"""``compare``, ``what-if`` and ``backtest-allies``: argument parsing and printing only.

Each verb calls :mod:`stakeholder_graph.api` and writes the frames it returns; bad periods, ids
or ``--k`` values are :class:`~stakeholder_graph.errors.InputError` (exit code 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pandas as pd

from stakeholder_graph.cli.common import raw_csv_option, source_option


def write_frames(out: Path, frames: dict[str, Any], raw: bool = False) -> list[Path]:
    """Write every DataFrame as ``<name>.csv`` and ``summary`` as ``summary.json`` (last).

    Cells a spreadsheet would run as formulas are neutralised unless ``raw``; every file is
    staged as a temporary and renamed into place only when all are written, so a failure leaves
    the previous files (see :mod:`stakeholder_graph.fileio`).
    """
    from stakeholder_graph.csvsafe import csv_text
    from stakeholder_graph.fileio import StagedFiles, file_errors

    with file_errors(out, "create folder"):
        out.mkdir(parents=True, exist_ok=True)
    staged = StagedFiles(out)
    try:
        for name, frame in frames.items():
            if isinstance(frame, pd.DataFrame):
                staged.write_text(f"{name}.csv", csv_text(frame, raw=raw))
        if "summary" in frames:
            text = json.dumps(frames["summary"], indent=2, ensure_ascii=False, default=str)
            staged.write_text("summary.json", text + "\n")
        return staged.commit()
    except BaseException:
        staged.discard()
        raise


COMPARE_FILES = ("ties_gained.csv", "ties_lost.csv", "organizations.csv", "sectors.csv")
WHAT_IF_FILES = ("cut_off.csv", "ties.csv", "key_players.csv", "summary.json")
BACKTEST_FILES = ("backtest.csv", "summary.json")


def _force_option(func: Any) -> Any:
    return click.option(
        "--force", is_flag=True, help="Write into a non-empty --out folder of other files."
    )(func)


def _target(out_dir: Path | None, default: Path, known: tuple[str, ...], force: bool) -> Path:
    from stakeholder_graph.fileio import check_out_folder

    return check_out_folder(out_dir or default, known, force)


def _signed(x: float, digits: int = 3) -> str:
    return f"{x:+.{digits}f}" if isinstance(x, float) else f"{x:+d}"


def _print_compare(result: dict[str, Any], rows: int) -> None:
    s = result["summary"]
    b, a, c = s["before"], s["after"], s["change"]
    click.echo(
        f"{s['name']}: {b['window']['since']}..{b['window']['until']} → "
        f"{a['window']['since']}..{a['window']['until']}"
    )
    for key in (
        "organizations_active",
        "ties",
        "interactions",
        "density",
        "average_degree",
        "components",
        "modularity",
        "cross_sector_share",
        "planning_share",
        "betweenness_centralization",
    ):
        fmt = (lambda x: f"{x:.3f}") if isinstance(b[key], float) else str
        click.echo(f"  {key:28} {fmt(b[key]):>8} → {fmt(a[key]):>8}  ({_signed(c[key])})")
    click.echo(
        f"  ties gained {s['ties_gained']} ({s['cross_sector_gained']} cross-sector), lost "
        f"{s['ties_lost']} ({s['cross_sector_lost']} cross-sector); entered {s['entered']}, left "
        f"{s['left']}, became isolated {s['became_isolated']}, moved community "
        f"{s['moved_community']}; survey waves in both periods: {'yes' if s['survey_waves'] else 'no'}"
    )
    orgs = result["organizations"]
    movers = orgs.reindex(
        orgs["betweenness_norm_change"].abs().sort_values(ascending=False).index
    ).head(rows)
    click.echo("  biggest movers (betweenness):")
    for r in movers.itertuples(index=False):
        click.echo(
            f"    {r.name} ({r.sector}): betweenness {r.betweenness_norm_before:.3f} → "
            f"{r.betweenness_norm_after:.3f}, degree {r.degree_before:.0f} → {r.degree_after:.0f}"
        )


@click.command("compare")
@source_option
@click.option("--before", required=True, metavar="START:END|YYYY", help="The earlier period.")
@click.option("--after", required=True, metavar="START:END|YYYY", help="The later period.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the tables (default: compare/<network name>).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of communities.")
@click.option(
    "--write-back",
    is_flag=True,
    help="Store the per-organization changes on a ComparisonRun node (--source neo4j).",
)
@raw_csv_option
@_force_option
def compare_cmd(
    source: str,
    before: str,
    after: str,
    out_dir: Path | None,
    seed: int,
    write_back: bool,
    raw_csv: bool,
    force: bool,
) -> None:
    """What changed between two periods: ties gained and lost, who moved, sector trust.

    Writes ties_gained.csv, ties_lost.csv, organizations.csv, sectors.csv, trust_dyads.csv (when
    the survey has answers dated in both periods) and summary.json.
    """
    from stakeholder_graph.api import compare
    from stakeholder_graph.errors import InputError
    from stakeholder_graph.sources import NEO4J_SOURCE

    if write_back and source != NEO4J_SOURCE:
        raise InputError("--write-back needs --source neo4j (it stores the changes on that graph)")
    if out_dir is not None:  # refuse a bad --out before the work
        _target(out_dir, out_dir, COMPARE_FILES, force)
    result = compare(source, before=before, after=after, seed=seed)
    default = Path("compare") / (result["summary"]["name"] or "network")
    target = _target(out_dir, default, COMPARE_FILES, force)
    written = write_frames(target, result, raw=raw_csv)
    _print_compare(result, rows=5)
    click.echo(f"wrote {len(written)} files to {target}")
    if write_back:
        from stakeholder_graph.config import neo4j_settings
        from stakeholder_graph.store.neo4j import connect
        from stakeholder_graph.store.neo4j_compare import write_comparison

        settings = neo4j_settings()
        with connect(settings) as driver:
            stored = write_comparison(driver, result, settings.database)
        click.echo(
            f"wrote the changes of {stored['organizations']} organizations to Neo4j "
            f"{settings.uri} as ComparisonRun {stored['run_id']}"
        )


@click.command("what-if")
@source_option
@click.option("--remove", metavar="ID[,ID…]", help="Organizations to take out of the network.")
@click.option(
    "--key-players",
    type=int,
    metavar="K",
    help="Also find the K organizations whose loss fragments the network most (KPP-Neg) and "
    "the K that reach most NGOs within two steps (KPP-Pos).",
)
@click.option("--since", metavar="DATE", help="Only interactions on or after DATE.")
@click.option("--until", metavar="DATE", help="Only interactions on or before DATE.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the tables (default: what-if/<network name>).",
)
@raw_csv_option
@_force_option
def what_if_cmd(
    source: str,
    remove: str | None,
    key_players: int | None,
    since: str | None,
    until: str | None,
    out_dir: Path | None,
    raw_csv: bool,
    force: bool,
) -> None:
    """What if organizations left: who is cut off, reach and betweenness changes, key players.

    Writes cut_off.csv, organizations.csv, ties.csv and summary.json for --remove, and
    key_players.csv for --key-players.
    """
    from stakeholder_graph.api import what_if
    from stakeholder_graph.errors import InputError

    if remove is None and key_players is None:
        raise InputError("what-if needs --remove ID[,ID…] or --key-players K (or both)")
    if out_dir is not None:
        _target(out_dir, out_dir, WHAT_IF_FILES, force)
    result = what_if(source, remove=remove, key_players=key_players, since=since, until=until)
    default = Path("what-if") / (result["summary"].get("name") or "network")
    target = _target(out_dir, default, WHAT_IF_FILES, force)
    written = write_frames(target, result, raw=raw_csv)
    s = result["summary"]
    if remove is not None:
        b, a = s["before"], s["after"]
        click.echo(
            f"without {', '.join(s['removed_names'])}: components {b['components']} → "
            f"{a['components']}, largest {b['largest_component']} → {a['largest_component']}, "
            f"{s['ties_to_replace']} ties to replace"
        )
        click.echo(
            f"  {s['lose_public']} organizations lose every path to a public body "
            f"({s['ngos_lose_public']} of them NGOs), {s['lose_private']} to any business, "
            f"{s['lose_largest_component']} drop out of the largest component"
        )
        for r in result["cut_off"].head(10).itertuples(index=False):
            click.echo(f"    {r.name} ({r.sector}): {r.reasons}")
    if key_players is not None:
        kp = result["key_players"]
        for name, label in (
            ("kpp_neg", "whose loss fragments the network most"),
            ("kpp_pos", "who reach most NGOs within two steps"),
        ):
            part = kp[kp["set"] == name]
            score = part["set_score"].iloc[0] if len(part) else 0.0
            what = f"fragmentation {score:.3f}" if name == "kpp_neg" else f"{score:.0f} NGOs"
            click.echo(f"  key players {label} ({what}):")
            for r in part.itertuples(index=False):
                click.echo(f"    {r.rank}. {r.name} ({r.sector})")
    click.echo(f"wrote {len(written)} files to {target}")


@click.command("backtest-allies")
@source_option
@click.option("--train", required=True, metavar="START:END|YYYY", help="The period fitted on.")
@click.option("--test", required=True, metavar="START:END|YYYY", help="The period scored.")
@click.option(
    "--k", "ks", default="10,50,100", show_default=True, help="Cut-offs, comma-separated."
)
@click.option(
    "--negatives", type=int, default=20_000, show_default=True, help="Untied pairs sampled for AUC."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the samples.")
@click.option(
    "--direct-only",
    is_flag=True,
    help="Count as new ties only pairs that interacted in the test period, not pairs that only "
    "attended the same activity (a hearing's attendees follow activity, not choice).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for backtest.csv and summary.json (default: backtest/<network name>).",
)
@raw_csv_option
@_force_option
def backtest_cmd(
    source: str,
    train: str,
    test: str,
    ks: str,
    negatives: int,
    seed: int,
    direct_only: bool,
    out_dir: Path | None,
    raw_csv: bool,
    force: bool,
) -> None:
    """Test the ally suggestions against time: precision@k, recall@k and AUC of the product's
    score and of four baselines on the ties the test period formed."""
    from stakeholder_graph.api import backtest_allies

    if out_dir is not None:
        _target(out_dir, out_dir, BACKTEST_FILES, force)
    result = backtest_allies(
        source,
        train=train,
        test=test,
        k=ks,
        negatives=negatives,
        seed=seed,
        direct_only=direct_only,
    )
    default = Path("backtest") / (result["summary"]["name"] or "network")
    target = _target(out_dir, default, BACKTEST_FILES, force)
    frames = {"backtest": result["scores"], "summary": result["summary"]}
    written = write_frames(target, frames, raw=raw_csv)
    s = result["summary"]
    click.echo(
        f"{s['name']}: {s['train_ties']} ties in the train period, {s['new_ties']} new ties in "
        f"the test period ({s['new_ties_counted']}; base rate {s['base_rate']:.2e})"
    )
    table = result["scores"]
    wide = table.pivot(index="method", columns="k", values="precision")
    for method, row in wide.iterrows():
        auc = table.loc[table["method"] == method, "auc"].iloc[0]
        cells = "  ".join(f"P@{k}={v:.3f}" for k, v in row.items())
        click.echo(f"  {method:24} {cells}  AUC={auc:.3f}")
    click.echo(f"wrote {len(written)} files to {target}")


def register(group: click.Group) -> None:
    """Add ``compare``, ``what-if`` and ``backtest-allies`` to ``group``."""
    group.add_command(compare_cmd)
    group.add_command(what_if_cmd)
    group.add_command(backtest_cmd)
