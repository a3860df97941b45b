"""The ``stakeholder-graph`` command line: argument parsing and printing only.

Each command family lives in its own module and calls the library; errors derived from
:class:`~stakeholder_graph.errors.StakeholderGraphError` become a message on stderr and the
documented exit code, never a traceback.
"""

from __future__ import annotations

import sys

import click

from stakeholder_graph import __version__
from stakeholder_graph.cli import (
    analysis_cmds,
    change_cmds,
    dashboard_cmd,
    dataset_cmds,
    generate_cmd,
    import_report_cmds,
    job_cmd,
    neo4j_cmds,
    survey_cmds,
)
from stakeholder_graph.cli.common import install_signal_handlers, run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stakeholder-graph")
def cli() -> None:
    """Map and analyse cooperation between municipalities, businesses and NGOs.

    \b
    Exit codes: 0 ok; 1 --fail-on matched; 2 bad input; 3 database unreachable;
    4 flag-isolated lock held by another run; 5 a file could not be read or written;
    70 internal error (traceback saved to a file); 130 interrupted (Ctrl-C, SIGTERM).
    """


for module in (
    dataset_cmds,
    generate_cmd,
    neo4j_cmds,
    analysis_cmds,
    dashboard_cmd,
    job_cmd,
    change_cmds,
):
    module.register(cli)
survey_cmds.register(cli)
import_report_cmds.register(cli)


def main(argv: list[str] | None = None) -> None:
    """Run the command line (the console script is :func:`stakeholder_graph.entry.main`)."""
    install_signal_handlers()
    sys.exit(run_guarded(cli, argv))
