"""The console-script entry point, importing almost nothing before it guards the signals.

SIGINT and SIGTERM are turned into a clean exit 130 from the first statement, so a Ctrl-C or a
``kill`` during the (slow) imports never prints a traceback nor exits 143.
"""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Run the ``stakeholder-graph`` command line and exit with its documented code."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        from stakeholder_graph.memory import return_large_blocks

        return_large_blocks()  # before pyarrow is imported: its pool is chosen then
        from stakeholder_graph.cli import cli
        from stakeholder_graph.cli.common import run_guarded
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.write(2, b"interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    code = run_guarded(cli, argv)
    if code == EXIT_INTERRUPTED:  # a second Ctrl-C while exiting must not print a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(code)
