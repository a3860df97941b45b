"""Errors a user can act on, each mapped to a documented exit code.

Exit codes of every command:

* 0 — success
* 1 — the command ran and found what ``--fail-on`` asked it to fail on
* 2 — bad input: an invalid dataset, parameter or query
* 3 — the database is unreachable, or refused the credentials
* 4 — ``flag-isolated`` only: another run held the lock of its output folder too long
* 130 — interrupted (Ctrl-C or SIGTERM)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FLAGGED = 1
EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3


class StakeholderGraphError(Exception):
    """Base class: an error with a message fit for a user and an exit code."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details or [])


class InputError(StakeholderGraphError):
    """The input (a dataset, a parameter, a query) is invalid. Exit code 2."""

    exit_code = EXIT_BAD_INPUT


class DatabaseUnavailable(StakeholderGraphError):
    """Neo4j cannot be reached or refused the credentials. Exit code 3."""

    exit_code = EXIT_DATABASE
