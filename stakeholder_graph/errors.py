"""Errors a user can act on, each mapped to a documented exit code.

This module is the one place that defines the exit-code contract of every command:

* 0 — success
* 1 — the command ran and found what ``--fail-on`` asked it to fail on (and nothing else)
* 2 — bad input or usage: an invalid dataset, parameter, path or query
* 3 — the database is unreachable, or refused the credentials
* 4 — ``flag-isolated`` only: another run held the lock of its output folder too long
* 5 — a file could not be read or written (the path and the operating system's reason)
* 70 — an internal error (a bug): a one-line message and where the traceback was written
* 130 — interrupted (Ctrl-C or SIGTERM)

:func:`exit_code_for` maps any exception to its code; the CLI calls nothing else.

Examples
--------
>>> exit_code_for(FileError.from_os(OSError(28, "No space left on device", "out/a.csv")))
5
>>> exit_code_for(ZeroDivisionError())
70
"""

from __future__ import annotations

import errno

EXIT_OK = 0
EXIT_FLAGGED = 1
EXIT_BAD_INPUT = 2
EXIT_DATABASE = 3
EXIT_LOCKED = 4
EXIT_FILE = 5
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success",
    EXIT_FLAGGED: "--fail-on matched",
    EXIT_BAD_INPUT: "bad input or usage",
    EXIT_DATABASE: "database unreachable or credentials refused",
    EXIT_LOCKED: "lock held by another run",
    EXIT_FILE: "a file could not be read or written",
    EXIT_INTERNAL: "internal error",
    EXIT_INTERRUPTED: "interrupted",
}

# errno values that mean "this file or folder cannot be read or written" (not a bug)
FILE_ERRNOS = frozenset(
    getattr(errno, name)
    for name in (
        "ENOSPC", "EROFS", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENOENT", "EEXIST", "EIO",
        "EDQUOT", "EFBIG", "ENAMETOOLONG", "ELOOP", "EMFILE", "ENFILE", "ETXTBSY", "EXDEV",
        "ENOTEMPTY", "EBUSY", "ESTALE", "ENXIO", "ENODEV",
    )
    if hasattr(errno, name)
)  # fmt: skip


class StakeholderGraphError(Exception):
    """Base class: an error with a message fit for a user and an exit code."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details or [])
        # A traceback (a test's failure, a log) then carries what a user would have seen below the
        # message; the CLI prints message and details itself and never shows a traceback.
        for line in self.details:
            self.add_note(line)


class InputError(StakeholderGraphError):
    """The input (a dataset, a parameter, a query) is invalid. Exit code 2."""

    exit_code = EXIT_BAD_INPUT


class DatabaseUnavailable(StakeholderGraphError):
    """Neo4j cannot be reached or refused the credentials. Exit code 3."""

    exit_code = EXIT_DATABASE


class FileError(StakeholderGraphError):
    """A file or folder could not be read or written. Exit code 5.

    The message is one line: what was being done, the path and the operating system's reason,
    e.g. ``cannot write out/isolated.csv: No space left on device``.
    """

    exit_code = EXIT_FILE

    @classmethod
    def from_os(cls, error: OSError, path: object = None, action: str = "") -> FileError:
        """A :class:`FileError` from an :class:`OSError` (``path`` when the error has none)."""
        name = error.filename if error.filename is not None else path
        reason = error.strerror or str(error) or type(error).__name__
        where = f" {name}" if name is not None else ""
        if error.filename2 is not None:
            where += f" -> {error.filename2}"
        verb = f"cannot {action}" if action else "file error:"
        return cls(f"{verb}{where}: {reason}".replace("\n", " "))


def is_file_error(error: BaseException) -> bool:
    """Whether ``error`` is an operating-system file error (exit 5) rather than a bug."""
    return isinstance(error, OSError) and (error.filename is not None or error.errno in FILE_ERRNOS)


def exit_code_for(error: BaseException) -> int:
    """The documented exit code of ``error``: the whole contract in one function."""
    if isinstance(error, StakeholderGraphError):
        return error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if is_file_error(error):
        return EXIT_FILE
    if _is_database_error(error):
        return EXIT_DATABASE
    return EXIT_INTERNAL


def _is_database_error(error: BaseException) -> bool:
    """A Neo4j driver error meaning the server went away or refused us (checked lazily)."""
    import sys

    exceptions = sys.modules.get("neo4j.exceptions")
    if exceptions is None:
        return False
    kinds = tuple(
        getattr(exceptions, name)
        for name in ("ServiceUnavailable", "SessionExpired", "AuthError")
        if hasattr(exceptions, name)
    )
    return isinstance(error, kinds)
