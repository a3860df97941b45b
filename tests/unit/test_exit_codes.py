"""The exit-code contract: every command through every class of failure, and real failures.

0 ok; 1 only ``--fail-on`` matched; 2 bad input or usage; 3 database unreachable; 4 lock held;
5 a file could not be read or written; 70 internal error; 130 interrupted.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.errors import (
    EXIT_CODES,
    DatabaseUnavailable,
    FileError,
    InputError,
    exit_code_for,
)
from stakeholder_graph.jobs.files import JobLocked

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"
CLI = str(Path(sys.executable).with_name("stakeholder-graph"))


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def _service_unavailable() -> BaseException:
    from neo4j.exceptions import ServiceUnavailable

    return ServiceUnavailable("Couldn't connect to 127.0.0.1:7687")


# (what is raised, the exit code, a fragment of the one line on stderr)
FAILURES = [
    (lambda: InputError("organizations.csv:3: column sector: unknown"), 2, "error: organizations"),
    (lambda: click.UsageError("no such option: --nope"), 2, "no such option"),
    (lambda: DatabaseUnavailable("Neo4j at bolt://x does not answer"), 3, "does not answer"),
    (_service_unavailable, 3, "the database went away"),
    (lambda: JobLocked("another run holds out/.lock"), 4, "another run holds"),
    (
        lambda: OSError(errno.ENOSPC, "No space left on device", "out/isolated.csv"),
        5,
        "out/isolated.csv: No space left on device",
    ),
    (lambda: PermissionError(errno.EACCES, "Permission denied", "/ro/a.csv"), 5, "/ro/a.csv"),
    (lambda: IsADirectoryError(errno.EISDIR, "Is a directory", "o/state.json"), 5, "state.json"),
    (lambda: FileError("cannot write x.csv: Read-only file system"), 5, "Read-only file system"),
    (lambda: ZeroDivisionError("division by zero"), 70, "internal error: ZeroDivisionError"),
    (lambda: KeyError("centrality"), 70, "internal error: KeyError"),
    (lambda: KeyboardInterrupt(), 130, "interrupted"),
]


@pytest.mark.parametrize("command_path", _commands(cli), ids=" ".join)
def test_every_command_maps_every_failure_class(command_path, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("STAKEHOLDER_GRAPH_HOME", str(tmp_path))
    command = _command(command_path)
    for make, code, fragment in FAILURES:

        def fail(*args: object, _make=make, **kwargs: object) -> None:
            raise _make()

        monkeypatch.setattr(command, "parse_args", lambda ctx, args: [])
        monkeypatch.setattr(command, "callback", fail)
        assert run_guarded(cli, list(command_path)) == code, (command_path, fragment)
        err = capsys.readouterr().err
        assert fragment in err, err
        assert "Traceback" not in err
        if code in (3, 5, 70, 130):
            assert len(err.strip().splitlines()) == 1, err  # one line, whatever the failure
        if code == 70:
            saved = Path(err.rsplit("traceback in ", 1)[1].rstrip(")\n"))
            assert saved.is_file() and "Traceback" in saved.read_text()
            assert saved.parent == tmp_path / "crash"
    # and a usage error of the real command is 2, never 1
    monkeypatch.undo()
    assert run_guarded(cli, [*command_path, "--no-such-option"]) == 2
    capsys.readouterr()


def test_codes_are_documented_in_the_readme_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("## Exit codes", 1)[1]
    for code in EXIT_CODES:
        assert f"\n| {code} |" in table, code
    assert exit_code_for(ValueError("x")) == 70  # nothing unknown maps to 1
    assert exit_code_for(OSError(errno.EROFS, "Read-only file system")) == 5


# --- real failures, end to end ------------------------------------------------------------


def _run(argv: list[str], capsys) -> tuple[int, str]:
    code = run_guarded(cli, argv)
    return code, capsys.readouterr().err


def test_file_errors_of_real_commands_exit_5_with_path_and_reason(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, err = _run(["analyze", "--source", str(TINY), "--out", str(blocker / "sub")], capsys)
    assert code == 5 and "a-file/sub" in err and "Not a directory" in err
    assert len(err.strip().splitlines()) == 1  # refused before any work: no progress lines

    if Path("/dev/full").exists():  # writes there fail with ENOSPC: a full disk
        code, err = _run(
            ["export", "--source", str(TINY), "--format", "csv", "--out", "/dev/full"], capsys
        )
        assert code == 5 and "No space left on device" in err, err

    out = tmp_path / "job"
    (out / "state.json").mkdir(parents=True)
    code, err = _run(
        ["flag-isolated", "--source", str(TINY), "--out", str(out), "--as-of", "2024-06-30"],
        capsys,
    )
    assert code == 5 and "state.json" in err and "Is a directory" in err, err
    assert "Traceback" not in err

    code, err = _run(["generate", "--orgs", "5", "--out", str(blocker / "d")], capsys)
    assert code == 5 and "Not a directory" in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["validate", ""], "empty dataset path"),
        (["validate", "../datasets/pleven-nope"], "no such dataset"),
        (["analyze", "--source", str(TINY), "--out", "/"], "filesystem root"),
        (["analyze", "--source", str(TINY), "--until", "3000-01-01"], "outside the supported"),
        (["analyze", "--source", str(TINY), "--as-of", "1677-12-31"], "outside the supported"),
        (["analyze", "--source", str(TINY), "--as-of", ""], "empty value"),
        (["analyze", "--source", str(TINY), "--window-days", "100000"], "36500"),
        (["flag-isolated", "--source", str(TINY), "--as-of", ""], "empty date"),
        (["flag-isolated", "--source", str(TINY), "--as-of", "1677-12-31"], "outside"),
        (["flag-isolated", "--source", str(TINY), "--window", "100000d"], "36500"),
        (["flag-isolated", "--source", str(TINY), "--lock-timeout", "nan"], "--lock-timeout"),
        (["generate", "--orgs", "5", "--out", "x", "--seed", "-1"], "--seed"),
        (["generate", "--orgs", "5", "--out", "x", "--interactions-per-org", "1e9"], "1000"),
        (["generate", "--orgs", "5", "--out", "x", "--interactions-per-org", "nan"], "1000"),
    ],
)
def test_bad_parameters_exit_2_and_write_nothing(argv, fragment, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = _run(argv, capsys)
    assert code == 2, err
    assert fragment in err and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir()]  # nothing written, not even a folder


def test_out_refuses_a_foreign_non_empty_folder_unless_forced(tmp_path, capsys):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8")
    code, err = _run(["analyze", "--source", str(TINY), "--out", str(foreign)], capsys)
    assert code == 2 and "--force" in err
    assert sorted(p.name for p in foreign.iterdir()) == ["holiday.jpg"]
    code, _ = _run(["analyze", "--source", str(TINY), "--out", str(foreign), "--force"], capsys)
    assert code == 0 and (foreign / "summary.json").is_file()
    code, _ = _run(["analyze", "--source", str(TINY), "--out", str(foreign)], capsys)
    assert code == 0  # a previous output of analyze: fine without --force


def test_an_internal_error_exits_70_with_the_traceback_in_a_file(tmp_path, monkeypatch, capsys):
    import stakeholder_graph.analysis as analysis

    monkeypatch.setenv("STAKEHOLDER_GRAPH_HOME", str(tmp_path / "home"))

    def broken(*args, **kwargs):
        return {}["centrality"]

    monkeypatch.setattr(analysis, "analyze", broken)
    code, err = _run(["analyze", "--source", str(TINY), "--out", str(tmp_path / "o")], capsys)
    assert code == 70
    assert err.startswith("internal error: KeyError: 'centrality' (traceback in ")
    saved = next((tmp_path / "home" / "crash").iterdir())
    assert "in broken" in saved.read_text()


def _start(argv: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [CLI, *argv], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_in_the_first_moments_exits_130_without_a_traceback(sig, tmp_path):
    # the interpreter needs ~50 ms before any code of the project runs; from then on: 130
    proc = _start(["analyze", "--source", str(TINY), "--out", str(tmp_path / "o")], tmp_path)
    time.sleep(0.25)  # inside the imports
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the command finished before the signal")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "interrupted"


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root to mount a tmpfs"
)
def test_flag_isolated_on_a_full_disk_and_a_read_only_folder(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)]).returncode:
        pytest.skip("mount failed")
    try:
        out = mnt / "isolated"
        args = ["flag-isolated", "--source", str(TINY), "--as-of", "2024-06-30", "--out", str(out)]
        first = _start(args, tmp_path)
        first.communicate(timeout=120)
        assert first.returncode == 0
        before = {
            p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"
        }
        filler = mnt / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True)
        full = _start([*args, "--as-of", "2024-07-01"], tmp_path)
        _, err = full.communicate(timeout=120)
        assert full.returncode == 5, err
        assert err.strip().splitlines()[-1].endswith("No space left on device")
        assert {
            p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"
        } == before
        filler.unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        ro = _start([*args, "--as-of", "2024-07-01"], tmp_path)
        _, err = ro.communicate(timeout=120)
        assert ro.returncode == 5, err
        assert err.strip().splitlines()[-1].endswith("Read-only file system")
        assert {
            p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".lock"
        } == before
    finally:
        subprocess.run(["umount", str(mnt)])


def test_the_readme_cron_line_works_in_a_fresh_folder(tmp_path, capsys):
    out = tmp_path / "isolated"
    out.mkdir()
    (out / "cron.log").write_text("")  # the shell's `>> isolated/cron.log` comes first
    argv = ["flag-isolated", "--source", str(TINY), "--out", str(out), "-q", "--as-of", "latest"]
    assert run_guarded(cli, argv) == 0, capsys.readouterr().err
    assert (out / "summary.md").is_file()
