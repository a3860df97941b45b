"""The scheduled isolated-NGO job: flag, compare with the previous run, write reports.

One run:

1. takes the output folder's lock (:func:`~stakeholder_graph.jobs.files.job_lock`);
2. reads the network (``--source``) and flags civil and social-economy organizations with
   :func:`~stakeholder_graph.network.isolation.flag_isolated` for the window ending at ``as_of``;
3. compares the flagged set with the previous run — kept in ``<out>/state.json``, or in Neo4j as
   run and flag history with ``write_back`` — into *newly isolated*, *still isolated* and
   *recovered*;
4. writes ``isolated.csv``, ``summary.md``, ``report.json`` and ``state.json`` into a new run
   folder, writes the flags back to Neo4j when asked, then makes the four visible at once by
   switching one symlink (:class:`~stakeholder_graph.jobs.files.ReportSet`). An interrupted or
   failed run therefore leaves the previous report and state as they were, all four of them.

A run that repeats the latest run — same day, same parameters and source, same flags and
reasons — is the same run: it gets the same run id and reports the same comparison, and its
(idempotent) write-back changes nothing in Neo4j. A cron line that fires twice a day does not
make everything look "still isolated".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from stakeholder_graph.bounds import check_date, check_seconds, check_window_days, parse_date_text
from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.errors import EXIT_FLAGGED, EXIT_OK, InputError
from stakeholder_graph.fileio import check_out_folder
from stakeholder_graph.jobs.files import (
    LOCK_NAME,
    RUNS_DIR,
    ReportSet,
    job_lock,
    sweep_temporary,
)
from stakeholder_graph.jobs.log import JobLogger
from stakeholder_graph.jobs.state import STATE_FILE, RunSnapshot, read_state, state_text
from stakeholder_graph.network.isolation import FLAGS, WATCHED_SECTORS

FAIL_ON = ("never", "any", "new")
AS_OF_WORDS = ("today", "latest")
REPORT_FILES = ("isolated.csv", "summary.md", "report.json")

_WINDOW = re.compile(r"^\s*(\d+)\s*([dwy]?)\s*$")
_WINDOW_DAYS = {"": 1, "d": 1, "w": 7, "y": 365}


def parse_window(text: str | int) -> int:
    """Window length in days from ``"365d"``, ``"52w"``, ``"1y"`` or a bare number of days.

    Examples
    --------
    >>> parse_window("365d"), parse_window("8w"), parse_window("2y"), parse_window(90)
    (365, 56, 730, 90)
    """
    match = _WINDOW.match(str(text).lower())
    if not match or int(match.group(1)) <= 0:
        raise InputError(f"--window: expected a positive length like 365d, 52w or 1y, got {text!r}")
    return check_window_days(int(match.group(1)) * _WINDOW_DAYS[match.group(2)], "--window")


def parse_as_of(text: str) -> str:
    """Normalise ``--as-of``: ``today``, ``latest`` or an ISO date (returned as ``YYYY-MM-DD``)."""
    value = str(text).strip().lower()
    if value in AS_OF_WORDS:
        return value
    try:
        return parse_date_text(value, "--as-of").date().isoformat()
    except InputError as error:
        raise InputError(f"{error.message}; or use 'today' or 'latest'") from None


@dataclass(frozen=True)
class JobParams:
    """Parameters of one run of the isolated-NGO job.

    Attributes
    ----------
    source:
        A dataset folder, workbook, bundled dataset name, or ``"neo4j"``.
    window_days:
        Length of the isolation window ending at ``as_of``.
    as_of:
        ``"today"`` (UTC date of the run, the default), ``"latest"`` (latest interaction date in
        the data) or a date ``YYYY-MM-DD``.
    out:
        Output folder for the reports, the state and the lock.
    write_back:
        Also mark flags on Neo4j Organization nodes and keep run history there.
    fail_on:
        ``never``, ``any`` (some organization flagged) or ``new`` (some newly isolated).
    lock_timeout:
        Seconds to wait for an overlapping run to finish before giving up (exit 4).
    raw_csv:
        Write ``isolated.csv`` cells as stored (default: spreadsheet-safe, see
        :mod:`stakeholder_graph.csvsafe`).
    force:
        Accept a non-empty ``out`` that holds no previous report of this job.
    """

    source: str = "pleven"
    window_days: int = 365
    as_of: str = "today"
    out: Path = Path("isolated-report")
    write_back: bool = False
    fail_on: str = "never"
    lock_timeout: float = 60.0
    raw_csv: bool = False
    force: bool = False

    def __post_init__(self) -> None:
        if self.fail_on not in FAIL_ON:
            raise InputError(f"--fail-on: expected one of {', '.join(FAIL_ON)}, got {self.fail_on}")
        check_window_days(self.window_days, "--window")
        check_seconds(self.lock_timeout, "--lock-timeout")
        object.__setattr__(self, "as_of", parse_as_of(self.as_of))
        object.__setattr__(self, "out", Path(self.out))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready parameters."""
        return {
            "source": self.source,
            "window_days": self.window_days,
            "as_of": self.as_of,
            "out": str(self.out),
            "write_back": self.write_back,
            "fail_on": self.fail_on,
        }


@dataclass(frozen=True)
class Diff:
    """Newly isolated, still isolated and recovered organization ids (each sorted)."""

    newly_isolated: list[str]
    still_isolated: list[str]
    recovered: list[str]


def diff_flagged(previous: dict[str, Any] | None, current: dict[str, Any]) -> Diff:
    """Compare two flagged sets by organization id.

    Examples
    --------
    >>> diff_flagged({"a": {}, "b": {}}, {"b": {}, "c": {}})
    Diff(newly_isolated=['c'], still_isolated=['b'], recovered=['a'])
    """
    before, now = set(previous or {}), set(current)
    return Diff(sorted(now - before), sorted(now & before), sorted(before - now))


@dataclass
class JobResult:
    """Everything one run found and wrote.

    ``flags`` is the isolation table of :func:`~stakeholder_graph.network.isolation.flag_isolated`
    plus a ``status`` column (``new`` / ``still``); ``recovered`` lists the organizations flagged
    by the previous run and no longer, with what the previous run said about them.
    """

    run: RunSnapshot
    params: JobParams
    as_of: pd.Timestamp | None
    source: dict[str, Any]
    checked: int
    flags: pd.DataFrame
    diff: Diff
    previous: RunSnapshot | None
    repeat: bool
    recovered: list[dict[str, Any]] = field(default_factory=list)
    started_at: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def fail_on_matched(self) -> bool:
        """Whether ``--fail-on`` asks this run to exit 1."""
        if self.params.fail_on == "any":
            return len(self.flags) > 0
        if self.params.fail_on == "new":
            return len(self.diff.newly_isolated) > 0
        return False

    @property
    def exit_code(self) -> int:
        """0, or 1 when ``--fail-on`` matched."""
        return EXIT_FLAGGED if self.fail_on_matched else EXIT_OK


def resolve_as_of(as_of: str, data: NetworkData, now: datetime) -> pd.Timestamp | None:
    """The end of the window: the run's UTC date, the latest interaction date, or a given date."""
    if as_of == "today":
        return pd.Timestamp(now.date())
    if as_of == "latest":
        latest = data.interactions["date"].max()
        return None if pd.isna(latest) else check_date(pd.Timestamp(latest).normalize(), as_of)
    return pd.Timestamp(as_of)


def compute_flags(data: NetworkData, window_days: int, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """The isolation flags of ``data`` for the window of ``window_days`` ending at ``as_of``.

    Calls :func:`~stakeholder_graph.network.isolation.flag_isolated`, which reads every
    interaction and activity of the graph's ``data`` itself (see there for the flags); the graph
    passed to it therefore carries no ties (an empty type filter), which spares building them.
    """
    from stakeholder_graph.analysis import AnalysisParams
    from stakeholder_graph.network.graph import GraphOptions, build_graph
    from stakeholder_graph.network.isolation import flag_isolated

    options = GraphOptions(until=as_of, types=(), coparticipation=False)
    params = AnalysisParams(graph=options, isolation_window_days=window_days, as_of=as_of)
    return flag_isolated(build_graph(data, options), params)


def flagged_map(flags: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """``{id: {"name", "flags", "reasons"}}`` from an isolation table."""
    names = flags[list(FLAGS)].to_numpy(bool)
    flag_lists = [[f for f, on in zip(FLAGS, row, strict=True) if on] for row in names]
    reasons = [[r for r in str(text).split("; ") if r] for text in flags["reasons"]]
    return {
        str(i): {"name": str(n), "flags": fl, "reasons": rs}
        for i, n, fl, rs in zip(flags["id"], flags["name"], flag_lists, reasons, strict=True)
    }


def content_key(params: JobParams, run_date: str, as_of: pd.Timestamp | None, flagged: dict) -> str:
    """A digest of what makes two runs the same run: day, parameters, source and flags."""
    payload = {
        "run_date": run_date,
        "window_days": params.window_days,
        "as_of": as_of.date().isoformat() if as_of is not None else None,
        "source": params.source,
        "flagged": {k: [v["flags"], v["reasons"]] for k, v in sorted(flagged.items())},
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=True).encode()
    return hashlib.sha256(blob).hexdigest()


def run_id_for(key: str, base_id: str | None, run_date: str) -> str:
    """Run id: the run date and a digest of its content and the run it was compared with."""
    digest = hashlib.sha256(f"{key}|{base_id or ''}".encode()).hexdigest()[:12]
    return f"{run_date}-{digest}"


def _source_info(data: NetworkData, params: JobParams) -> dict[str, Any]:
    summary = data.summary()
    return {
        "source": params.source,
        "name": data.name,
        "location": data.source,
        "organizations": summary["organizations"],
        "interactions": summary["interactions"],
        "first_date": summary["first_date"],
        "last_date": summary["last_date"],
    }


def run_isolated_job(
    params: JobParams,
    data: NetworkData | None = None,
    *,
    now: datetime | None = None,
    log: JobLogger | None = None,
    neo4j: tuple[Any, str] | None = None,
) -> JobResult:
    """Run the isolated-NGO job once; see the module docstring for the steps.

    Parameters
    ----------
    params:
        What to read, which window, where to write.
    data:
        The network, when already in memory (else read from ``params.source``).
    now:
        The run time (default: the current UTC time); fixes ``as_of="today"`` and the run date.
    log:
        Where progress lines go (default: the ``stakeholder_graph.jobs`` logger).
    neo4j:
        ``(driver, database)`` for ``write_back`` (default: connect with the configured settings).

    Returns
    -------
    JobResult

    Raises
    ------
    InputError
        Bad parameters, an unreadable dataset or state file (exit 2).
    DatabaseUnavailable
        Neo4j unreachable with ``source="neo4j"`` or ``write_back`` (exit 3).
    JobLocked
        Another run kept the output folder locked past ``lock_timeout`` (exit 4).

    Examples
    --------
    >>> import tempfile
    >>> from stakeholder_graph.dataset.model import coerce_table
    >>> orgs = coerce_table("organizations", pd.DataFrame({"id": ["n", "p"],
    ...     "name": ["NGO", "Town"], "sector": ["civil", "public"]}))
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = run_isolated_job(JobParams(out=out, as_of="2025-01-01"), NetworkData(orgs))
    >>> result.diff.newly_isolated, result.flags.loc[0, "reasons"]
    (['n'], 'no interaction in the last 365 days (none recorded); no partner at all in the window')
    """
    log = log or JobLogger()
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    out = params.out
    known = (*REPORT_FILES, STATE_FILE, LOCK_NAME, RUNS_DIR)
    check_out_folder(out, known, params.force, create=True)
    timings: dict[str, float] = {}

    def waiting(lock: Path) -> None:
        log.info("waiting for another run", lock=str(lock), timeout=params.lock_timeout)

    with job_lock(out, params.lock_timeout, on_wait=waiting), contextlib.ExitStack() as stack:
        for stale in sweep_temporary(out):
            log.warning("removed a temporary file left by an interrupted run", file=stale.name)
        log.info("run started", source=params.source, out=str(out), window_days=params.window_days)
        if params.write_back and neo4j is None:  # fail fast, before reading a large network
            neo4j = stack.enter_context(_configured_neo4j())

        step = time.perf_counter()
        if data is None:
            from stakeholder_graph.sources import read_network

            data = read_network(params.source)
        timings["read"] = round(time.perf_counter() - step, 3)
        log.info("network read", organizations=len(data.organizations), seconds=timings["read"])

        step = time.perf_counter()
        as_of = resolve_as_of(params.as_of, data, now)
        flags = compute_flags(data, params.window_days, as_of)
        timings["flag"] = round(time.perf_counter() - step, 3)
        checked = int(data.organizations["sector"].isin(WATCHED_SECTORS).sum())
        log.info(
            "flags computed",
            as_of=as_of.date().isoformat() if as_of is not None else None,
            checked=checked,
            isolated=len(flags),
            seconds=timings["flag"],
        )

        if neo4j is not None and params.write_back:
            from stakeholder_graph.jobs import neo4j_history

            latest, base_of_latest = neo4j_history.read_previous(*neo4j)
        else:
            latest, base_of_latest = read_state(out)

        result = _compare(params, data, now, as_of, flags, checked, latest, base_of_latest)
        result.timings = timings
        diff = result.diff
        log.info(
            "compared with the previous run",
            previous=result.previous.id if result.previous else None,
            repeat=result.repeat,
            newly_isolated=len(diff.newly_isolated),
            still_isolated=len(diff.still_isolated),
            recovered=len(diff.recovered),
        )

        from stakeholder_graph.jobs.report import render_csv, render_json, render_summary

        staged = ReportSet(out, (*REPORT_FILES, STATE_FILE))
        try:
            timings["total"] = round(time.perf_counter() - started, 3)
            staged.write_text("isolated.csv", render_csv(result))
            staged.write_text("summary.md", render_summary(result))
            staged.write_text("report.json", render_json(result))
            staged.write_text(STATE_FILE, state_text(result.run, result.previous))
            if params.write_back and neo4j is not None:
                step = time.perf_counter()
                written = neo4j_history.write_run(*neo4j, result)
                timings["write_back"] = round(time.perf_counter() - step, 3)
                log.info("flags written to Neo4j", run=result.run.id, **written)
            result.files = staged.commit()
        except BaseException:
            staged.discard()
            raise

    timings["total"] = round(time.perf_counter() - started, 3)
    log.info(
        "run finished",
        run=result.run.id,
        isolated=len(result.flags),
        newly_isolated=len(diff.newly_isolated),
        recovered=len(diff.recovered),
        seconds=timings["total"],
    )
    return result


def _compare(
    params: JobParams,
    data: NetworkData,
    now: datetime,
    as_of: pd.Timestamp | None,
    flags: pd.DataFrame,
    checked: int,
    latest: RunSnapshot | None,
    base_of_latest: RunSnapshot | None,
) -> JobResult:
    """Build the run's snapshot and its comparison with the previous run."""
    run_date = now.date().isoformat()
    current = flagged_map(flags)
    key = content_key(params, run_date, as_of, current)
    repeat = latest is not None and latest.content_key == key
    base = base_of_latest if repeat else latest
    run = RunSnapshot(
        id=run_id_for(key, base.id if base else None, run_date),
        run_at=latest.run_at if repeat and latest is not None else iso_time(now),
        run_date=run_date,
        content_key=key,
        flagged=current,
        base_id=base.id if base else None,
    )
    diff = diff_flagged(base.flagged if base else None, current)
    status = flags["id"].isin(diff.newly_isolated).map({True: "new", False: "still"})
    recovered = [{"id": i, **base.flagged[i]} for i in diff.recovered] if base else []
    return JobResult(
        run=run,
        params=params,
        as_of=as_of,
        source=_source_info(data, params),
        checked=checked,
        flags=flags.assign(status=status.astype(object)),
        diff=diff,
        previous=base,
        repeat=repeat,
        recovered=recovered,
        started_at=iso_time(now),
    )


def iso_time(moment: datetime) -> str:
    """UTC ISO-8601 with microseconds and a ``Z`` (sorts as text in time order)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@contextlib.contextmanager
def _configured_neo4j() -> Iterator[tuple[Any, str]]:
    """``(driver, database)`` of the Neo4j named by the environment or the config file."""
    from stakeholder_graph.config import neo4j_settings
    from stakeholder_graph.store.neo4j import connect

    settings = neo4j_settings()
    with connect(settings) as driver:
        yield driver, settings.database
