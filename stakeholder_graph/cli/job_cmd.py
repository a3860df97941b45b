"""``stakeholder-graph flag-isolated``: the scheduled isolated-NGO job (argument parsing only)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from stakeholder_graph.cli.common import raw_csv_option, source_option

HELP = """Flag isolated NGOs and report what changed since the last run.

Runs unattended (cron, a systemd timer, a CI schedule): no prompts, log lines
on stderr, the markdown summary on stdout. Flags civil and social-economy
organizations with no interaction in the window, no tie to a public body, ties
only inside the civil sector, a single partner, or falling activity, and
compares with the previous run: newly isolated, still isolated, recovered.

\b
Files in --out, all four switched at once (a new run folder in .runs/, then
one atomic rename of the .current symlink they are reached through):
  report.json   run, parameters, data source, flags with reasons, the diff
  isolated.csv  one row per flagged organization (status new/still)
  summary.md    short markdown for an e-mail or a chat message
  state.json    the state the next run compares with
  .lock         held while a run works; a second run waits --lock-timeout

\b
With --write-back the flags go onto Organization nodes in Neo4j (isolated,
isolation_flags, isolation_reasons, flagged_at, isolation_run), every run is an
(:AnalysisRun:IsolationRun) node, and the previous run is read from there.
Re-running the same day with the same data changes nothing.

\b
Exit codes:
  0  ok
  1  --fail-on matched (any: something is flagged; new: something newly isolated)
  2  bad input (dataset, parameter, unreadable state file)
  3  database unreachable or credentials refused
  4  another run holds the lock of --out past --lock-timeout
  5  a file could not be read or written (path and reason on one line)
  70  internal error (one line; the traceback is saved to a file)
  130  interrupted (Ctrl-C, SIGTERM); the previous reports stay as they were

\b
Example crontab line (every night at 02:30):
  30 2 * * * stakeholder-graph flag-isolated --source /srv/network --out /var/lib/sg/isolated --fail-on new
"""


@click.command("flag-isolated", help=HELP)
@source_option
@click.option(
    "--window",
    default="365d",
    show_default=True,
    help="Isolation window ending at --as-of: days (365d), weeks (52w) or years (1y).",
)
@click.option(
    "--as-of",
    "as_of",
    default="today",
    show_default=True,
    help="End of the window: a date YYYY-MM-DD, 'today' (UTC) or 'latest' (last dated interaction).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("isolated-report"),
    show_default=True,
    help="Folder for the reports, the state and the lock (created).",
)
@click.option(
    "--write-back",
    is_flag=True,
    help="Mark flags on Neo4j Organization nodes and keep the run history in Neo4j.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["never", "any", "new"]),
    default="never",
    show_default=True,
    help="Exit 1 when anything is flagged (any) or newly isolated (new).",
)
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds to wait for an overlapping run before exiting 4.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary on stdout.")
@raw_csv_option
@click.option(
    "--force", is_flag=True, help="Use a non-empty --out folder that holds no previous report."
)
def flag_isolated(
    source: str,
    window: str,
    as_of: str,
    out: Path,
    write_back: bool,
    fail_on: str,
    lock_timeout: float,
    quiet: bool,
    raw_csv: bool,
    force: bool,
) -> None:
    from stakeholder_graph.jobs import log as joblog
    from stakeholder_graph.jobs.isolated import JobParams, parse_window, run_isolated_job
    from stakeholder_graph.jobs.report import render_summary

    logger = joblog.configure()
    params = JobParams(
        source=source,
        window_days=parse_window(window),
        as_of=as_of,
        out=out,
        write_back=write_back,
        fail_on=fail_on,
        lock_timeout=lock_timeout,
        raw_csv=raw_csv,
        force=force,
    )
    try:
        with _sigterm_as_interrupt():
            result = run_isolated_job(params, log=logger)
    except KeyboardInterrupt:
        logger.warning("run interrupted; the previous reports are unchanged")
        raise
    except Exception as error:
        logger.error("run failed", error=type(error).__name__, detail=str(error))
        raise
    if not quiet:
        click.echo(render_summary(result), nl=False)
    if result.exit_code:
        logger.info("--fail-on matched", fail_on=fail_on, exit_code=result.exit_code)
        raise click.exceptions.Exit(result.exit_code)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """`systemctl stop` and `kill` send SIGTERM: stop like Ctrl-C, removing temporary files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def register(group: click.Group) -> None:
    """Add ``flag-isolated`` to ``group``."""
    group.add_command(flag_isolated)
