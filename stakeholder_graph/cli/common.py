"""What every command shares: error reporting and exit codes, and the ``--source`` option."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from stakeholder_graph.errors import EXIT_BAD_INPUT, StakeholderGraphError


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run a click command; turn known errors into a message on stderr and an exit code."""
    try:
        code = command.main(args=argv, prog_name="stakeholder-graph", standalone_mode=False)
    except StakeholderGraphError as error:
        report_error(error)
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return EXIT_BAD_INPUT if error.exit_code == 2 else error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    # without standalone mode, click returns ctx.exit(code) / Exit(code) as the value
    return code if isinstance(code, int) else 0


def report_error(error: StakeholderGraphError) -> None:
    """Print an error and its details (one problem per line) on stderr."""
    for line in error.details:
        click.echo(line, err=True)
    click.echo(f"error: {error.message}", err=True)


def source_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--source DIR|FILE.xlsx|neo4j``: where the network is read from (default: pleven)."""
    return click.option(
        "--source",
        "source",
        default="pleven",
        show_default=True,
        help="A dataset folder, an .xlsx workbook, a bundled dataset name, or 'neo4j'.",
    )(func)


def is_tty() -> bool:
    """True when stdout is a terminal (progress bars and colour only then)."""
    return sys.stdout.isatty()
