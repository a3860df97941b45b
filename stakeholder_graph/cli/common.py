"""What every command shares: the exit-code contract, error reporting, the ``--source`` option.

:func:`run_guarded` is the one place where an exception becomes an exit code (through
:func:`stakeholder_graph.errors.exit_code_for`): a known error prints its message, a file error
prints the path and the operating system's reason on one line, anything else is an internal
error (exit 70) whose traceback goes to a file, never to the terminal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from stakeholder_graph.errors import (
    EXIT_BAD_INPUT,
    EXIT_DATABASE,
    EXIT_FILE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    FileError,
    StakeholderGraphError,
    exit_code_for,
)


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run a click command; turn every exception into a message on stderr and an exit code."""
    try:
        code = command.main(args=argv, prog_name="stakeholder-graph", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):
        _echo("interrupted", EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
    except click.FileError as error:
        _echo(f"cannot open {error.ui_filename}: {error.message}", EXIT_FILE)
        return EXIT_FILE
    except click.ClickException as error:
        error.show()
        return EXIT_BAD_INPUT  # usage errors, bad parameters
    except StakeholderGraphError as error:
        report_error(error)
        return error.exit_code
    except Exception as error:  # noqa: BLE001 - the contract maps every exception
        return report_unexpected(error)
    # without standalone mode, click returns ctx.exit(code) / Exit(code) as the value
    return code if isinstance(code, int) else 0


def report_error(error: StakeholderGraphError) -> None:
    """Print an error and its details (one problem per line) on stderr."""
    for line in error.details:
        click.echo(line, err=True)
    click.echo(f"error: {error.message}", err=True)


def report_unexpected(error: BaseException) -> int:
    """One line on stderr for an exception no command turned into a user error; its exit code.

    A file error prints the path and reason (exit 5); a driver error says the database went away
    (exit 3); anything else is an internal error (exit 70) whose full traceback is written to a
    file named in the message.
    """
    code = exit_code_for(error)
    if code == EXIT_FILE and isinstance(error, OSError):
        report_error(FileError.from_os(error))
    elif code == EXIT_DATABASE:
        click.echo(f"error: the database went away: {_one_line(error)}", err=True)
    else:
        where = write_traceback(error)
        saved = f"traceback in {where}" if where else "the traceback could not be saved"
        click.echo(
            f"internal error: {type(error).__name__}: {_one_line(error)} ({saved})", err=True
        )
        code = EXIT_INTERNAL
    return code


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _echo(message: str, code: int) -> None:
    with contextlib.suppress(OSError):  # stderr closed or full: the exit code still tells
        click.echo(f"error: {message}" if code != EXIT_INTERRUPTED else message, err=True)


def crash_folder() -> Path:
    """Where tracebacks of internal errors go: ``<cache>/stakeholder-graph/crash``."""
    home = os.environ.get("STAKEHOLDER_GRAPH_HOME")
    if home:
        return Path(home).expanduser() / "crash"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "stakeholder-graph" / "crash"


def write_traceback(error: BaseException) -> Path | None:
    """Write ``error``'s traceback to a new file (the crash folder, else the temp folder)."""
    text = "".join(traceback.format_exception(error))
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    for folder in (crash_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                prefix=f"stakeholder-graph-{stamp}-", suffix=".txt", dir=folder
            )
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"argv: {sys.argv!r}\n{text}")
            return Path(name)
        except OSError:
            continue
    return None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def install_signal_handlers() -> None:
    """SIGTERM (``kill``, ``systemctl stop``) stops a command like Ctrl-C: exit 130, cleaned up."""
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)


def source_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--source DIR|FILE.xlsx|neo4j``: where the network is read from (default: pleven)."""
    return click.option(
        "--source",
        "source",
        default="pleven",
        show_default=True,
        help="A dataset folder, an .xlsx workbook, a bundled dataset name, or 'neo4j'.",
    )(func)


def raw_csv_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--raw-csv``: write CSV cells as stored, without neutralising spreadsheet formulas."""
    return click.option(
        "--raw-csv",
        is_flag=True,
        help="Write CSV cells as stored (by default text starting with = + - @ is prefixed "
        "with ' so a spreadsheet shows it instead of running it).",
    )(func)


def is_tty() -> bool:
    """True when stdout is a terminal (progress bars and colour only then)."""
    return sys.stdout.isatty()
