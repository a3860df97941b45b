"""The driver's notification log never reaches stderr (cron mail of the quiet job)."""

from __future__ import annotations

import logging
import subprocess
import sys

SCRIPT = """
import logging
from stakeholder_graph.store.neo4j import silence_driver_notifications
{call}
logging.getLogger("neo4j.notifications").warning(
    "Received notification from DBMS server: UnknownLabelWarning (the missing label name is: X)"
)
"""


def _stderr(call: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(call=call)], capture_output=True, text=True, check=True
    )
    return done.stderr


def test_notifications_reach_stderr_unless_silenced() -> None:
    assert "UnknownLabelWarning" in _stderr("")  # logging's last resort prints them
    assert _stderr("silence_driver_notifications()") == ""


def test_silencing_twice_adds_one_handler() -> None:
    from stakeholder_graph.store.neo4j import silence_driver_notifications

    silence_driver_notifications()
    silence_driver_notifications()
    logger = logging.getLogger("neo4j.notifications")
    assert sum(isinstance(h, logging.NullHandler) for h in logger.handlers) == 1
    assert logger.propagate is False
