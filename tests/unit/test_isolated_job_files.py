"""The isolated-NGO job's files: the lock, atomic replacement, interrupted and killed runs.

Uses the small network of ``test_isolated_job.py`` (see there for what is flagged and why).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from stakeholder_graph.errors import FileError
from stakeholder_graph.jobs import files as job_files
from stakeholder_graph.jobs.files import EXIT_LOCKED, JobLocked, job_lock
from stakeholder_graph.jobs.isolated import JobParams
from tests.unit.test_isolated_job import (
    CLI,
    DAY1,
    DAY2,
    after_rows,
    before_rows,
    change_network,
    cli_run,
    quiet_run,
    snapshot,
    write_network,
)

# --- the lock -----------------------------------------------------------------------------


def test_a_held_lock_makes_a_run_wait_then_exit_4(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    out.mkdir()
    args = ("--source", str(data), "--as-of", "2025-06-30", "--out", str(out))
    with job_lock(out, timeout=0):
        started = time.monotonic()
        done = cli_run(*args, "--lock-timeout", "0.5", cwd=tmp_path)
        assert done.returncode == EXIT_LOCKED == 4
        assert time.monotonic() - started >= 0.5
        assert "another run holds" in done.stderr
        assert not (out / "report.json").exists()

        waiting = subprocess.Popen(
            [CLI, "flag-isolated", *args, "--lock-timeout", "60"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2.0)
        assert waiting.poll() is None  # still waiting for the lock
        assert not (out / "report.json").exists()
    stdout, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert "3 of 6" in stdout and (out / "report.json").exists()


def test_sigterm_stops_a_run_cleanly(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    out.mkdir()
    with job_lock(out, timeout=0):  # keeps the run waiting until it is stopped
        waiting = subprocess.Popen(
            [CLI, "flag-isolated", "--source", str(data), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = waiting.stderr.readline()  # blocks until the run reports that it waits
        assert "INFO waiting for another run" in first
        waiting.send_signal(signal.SIGTERM)
        _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 130, stderr
    assert "WARNING run interrupted" in stderr
    assert sorted(p.name for p in out.iterdir()) == [".lock"]


def test_lock_in_process_times_out(tmp_path: Path) -> None:
    with job_lock(tmp_path, timeout=0), pytest.raises(JobLocked), job_lock(tmp_path, timeout=0.2):
        pass
    fd = os.open(tmp_path / ".lock", os.O_RDWR)
    try:  # released after the block
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_concurrent_runs_are_serialised(tmp_path: Path) -> None:
    one = write_network(tmp_path / "one", before_rows())
    two = write_network(tmp_path / "two", after_rows())
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(
            [
                CLI,
                "flag-isolated",
                "--source",
                str(src),
                "--as-of",
                "2025-06-30",
                "--out",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for src in (one, two)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    state = json.loads((out / "state.json").read_text())
    report = json.loads((out / "report.json").read_text())
    ids = [o.strip().rsplit("Run `", 1)[1].rstrip("`.") for o, _ in outputs]
    assert len(set(ids)) == 2
    # whichever ran second compared with the first: the two never saw the same empty state
    last = state["latest"]["id"]
    first = next(i for i in ids if i != last)
    assert state["base"]["id"] == first == report["previous_run"]["id"]
    assert report["run"]["id"] == last
    assert not list(out.glob(".tmp-*"))


# --- atomic files and interrupted runs ----------------------------------------------------


def _unfinished_runs(out: Path) -> list[Path]:
    """Run folders other than the one ``.current`` points at (an unfinished run's files)."""
    current = Path(os.readlink(out / ".current")).name if (out / ".current").is_symlink() else None
    return [p for p in (out / ".runs").iterdir() if p.name != current]


def test_an_interrupted_run_leaves_the_previous_report(tmp_path, monkeypatch) -> None:
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    params = JobParams(source=str(data), as_of="2025-06-30", out=out)
    quiet_run(params, data, DAY1)
    before = snapshot(out)
    change_network(data)

    def boom(self):
        staged = _unfinished_runs(out)
        assert len(staged) == 1 and len(list(staged[0].iterdir())) == 4  # all written, not shown
        raise KeyboardInterrupt

    monkeypatch.setattr(job_files.ReportSet, "commit", boom)
    with pytest.raises(KeyboardInterrupt):
        quiet_run(params, data, DAY2)
    assert snapshot(out) == before
    assert not _unfinished_runs(out)  # the unfinished run folder is removed
    monkeypatch.undo()

    # the next run compares with the last completed run, as if the interrupted one never ran
    after = quiet_run(params, data, DAY2)
    assert after.diff.newly_isolated == ["civ-d"] and after.diff.recovered == ["civ-a"]


def test_a_failure_at_the_switch_keeps_the_whole_previous_report(tmp_path, monkeypatch):
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    params = JobParams(source=str(data), as_of="2025-06-30", out=out)
    first = quiet_run(params, data, DAY1)
    before = snapshot(out)
    change_network(data)
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(Path(dst).name)
        if Path(dst).name == ".current":
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(job_files.os, "replace", flaky_replace)
    with pytest.raises(FileError, match="Input/output error"):
        quiet_run(params, data, DAY2)
    monkeypatch.undo()
    assert calls == [".current"]  # the report names were links already: one switch only
    assert snapshot(out) == before  # all four files from the first run
    assert json.loads((out / "report.json").read_text())["run"]["id"] == first.run.id
    assert not list(out.glob(".tmp-*")) and not _unfinished_runs(out)


def test_a_signal_during_the_switch_is_held_until_the_set_is_complete(tmp_path, monkeypatch):
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    params = JobParams(source=str(data), as_of="2025-06-30", out=out)
    quiet_run(params, data, DAY1)
    change_network(data)
    real_replace = os.replace

    def replace_then_signal(src, dst):
        if Path(dst).name == ".current":
            os.kill(os.getpid(), signal.SIGINT)  # arrives in the middle of the switch
        return real_replace(src, dst)

    monkeypatch.setattr(job_files.os, "replace", replace_then_signal)
    # a background shell starts processes with SIGINT ignored: install Python's handler here
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            quiet_run(params, data, DAY2)
    finally:
        signal.signal(signal.SIGINT, previous)
    monkeypatch.undo()
    report = json.loads((out / "report.json").read_text())
    state = json.loads((out / "state.json").read_text())
    summary = (out / "summary.md").read_text()
    assert report["run"]["id"] == state["latest"]["id"]  # one run's set, never a mixture
    assert report["run"]["id"] in summary


def test_plain_report_files_of_the_older_layout_are_adopted(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    params = JobParams(source=str(data), as_of="2025-06-30", out=out)
    quiet_run(params, data, DAY1)
    before = snapshot(out)
    for name in before:  # turn the links into plain files, as an older version wrote them
        (out / name).unlink()
        (out / name).write_bytes(before[name])
    (out / ".current").unlink()
    change_network(data)
    after = quiet_run(params, data, DAY2)
    assert after.previous is not None  # the plain state.json was read
    assert all((out / name).is_symlink() for name in before)
    assert after.diff.newly_isolated == ["civ-d"] and after.diff.recovered == ["civ-a"]


def test_a_killed_run_leaves_the_previous_report(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    args = ["--source", str(data), "--as-of", "2025-06-30", "--out", str(out)]
    assert cli_run(*args, cwd=tmp_path).returncode == 0
    before = snapshot(out)
    change_network(data)
    script = textwrap.dedent(
        """
        import os, signal, sys
        from stakeholder_graph.jobs import files
        def die(self):
            os.kill(os.getpid(), signal.SIGKILL)
        files.ReportSet.commit = die
        from stakeholder_graph.cli import main
        main(sys.argv[1:])
        """
    )
    killed = subprocess.run(
        [sys.executable, "-c", script, "flag-isolated", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    assert len(_unfinished_runs(out)) == 1  # the killed run's folder
    assert snapshot(out) == before

    done = cli_run(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "removed a temporary file left by an interrupted run" in done.stderr
    assert not _unfinished_runs(out)
    assert "**1 newly isolated**, 2 still isolated, **1 recovered**" in done.stdout


def test_readers_never_see_half_a_report(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    out = tmp_path / "out"
    quiet_run(JobParams(source=str(data), as_of="2025-06-30", out=out), data, DAY1)
    stop = threading.Event()
    seen: list[str] = []
    bad: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            text = (out / "report.json").read_text()
            try:
                seen.append(json.loads(text)["run"]["id"])
            except ValueError:
                bad.append(text)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for day in range(1, 9):
            rows = before_rows() if day % 2 else after_rows()
            write_network(data, rows)
            now = datetime(2025, 7, day, tzinfo=UTC)
            quiet_run(JobParams(source=str(data), as_of="2025-06-30", out=out), data, now)
    finally:
        stop.set()
        thread.join()
    assert not bad
    assert len(set(seen)) > 1
    assert not list(out.glob(".tmp-*"))
