"""Structured log lines for unattended jobs, one event per line on stderr.

A line reads ``2026-11-23T12:00:00Z INFO message key=value key2="a value"``: a UTC timestamp, the
level, a message, then ``key=value`` fields (values with spaces or quotes are double-quoted), so
``grep``, ``journalctl`` and log shippers can read it. The level is coloured only when stderr is
a terminal.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import IO, Any

LOGGER_NAME = "stakeholder_graph.jobs"

_COLOURS = {"DEBUG": "\x1b[2m", "INFO": "\x1b[32m", "WARNING": "\x1b[33m", "ERROR": "\x1b[31m"}
_RESET = "\x1b[0m"


def format_value(value: object) -> str:
    """One field value as it appears in a line: bare when it is a plain token, else quoted.

    Examples
    --------
    >>> format_value(3), format_value("pleven"), format_value("two words"), format_value(None)
    ('3', 'pleven', '"two words"', '-')
    """
    if value is None:
        return "-"
    text = f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if text == "" or any(c in text for c in ' "=\t\n'):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    return text


class KeyValueFormatter(logging.Formatter):
    """``TIMESTAMP LEVEL message key=value ...`` with an optional coloured level."""

    converter = time.gmtime

    def __init__(self, colour: bool = False) -> None:
        super().__init__()
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))
        level = record.levelname
        if self.colour and level in _COLOURS:
            level = f"{_COLOURS[level]}{level}{_RESET}"
        fields: dict[str, Any] = getattr(record, "fields", {}) or {}
        tail = "".join(f" {k}={format_value(v)}" for k, v in fields.items())
        return f"{stamp} {level} {record.getMessage()}{tail}"


class JobLogger:
    """A thin wrapper over :mod:`logging` taking fields as keyword arguments.

    Examples
    --------
    >>> log = JobLogger(logging.getLogger("doctest-quiet"))
    >>> log.info("run finished", isolated=3, newly=1)
    """

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.logger = logger or logging.getLogger(LOGGER_NAME)

    def _log(self, level: int, message: str, fields: dict[str, Any]) -> None:
        self.logger.log(level, message, extra={"fields": fields})

    def debug(self, message: str, **fields: Any) -> None:
        """Log at DEBUG level."""
        self._log(logging.DEBUG, message, fields)

    def info(self, message: str, **fields: Any) -> None:
        """Log at INFO level."""
        self._log(logging.INFO, message, fields)

    def warning(self, message: str, **fields: Any) -> None:
        """Log at WARNING level."""
        self._log(logging.WARNING, message, fields)

    def error(self, message: str, **fields: Any) -> None:
        """Log at ERROR level."""
        self._log(logging.ERROR, message, fields)


def configure(stream: IO[str] | None = None, level: int = logging.INFO) -> JobLogger:
    """Send the job logger's lines to ``stream`` (default stderr); colour only on a terminal.

    Calling it again replaces the handler, so repeated runs in one process log once per event.
    """
    stream = stream if stream is not None else sys.stderr
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        if getattr(handler, "_job_handler", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream)
    handler._job_handler = True  # type: ignore[attr-defined]
    isatty = getattr(stream, "isatty", None)
    handler.setFormatter(KeyValueFormatter(colour=bool(isatty and isatty())))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return JobLogger(logger)
