"""Run an analyst's Cypher query: typed ``--param`` values, read-only unless asked, plain rows.

Parameters given on the command line as ``name=value`` are typed by :func:`parse_param`:

==========================  ===========================  ====================================
value                        becomes                      example
==========================  ===========================  ====================================
``true`` / ``false``         bool                         ``--param civil_only=true``
an integer                   int                          ``--param n=5``
a decimal or exponent        float                        ``--param min_score=0.5``
``YYYY-MM-DD``               date                         ``--param since=2024-01-01``
``YYYY-MM-DDThh:mm[:ss]``    datetime (local)             ``--param at=2024-01-01T09:30``
``null``                     null                         ``--param sector=null``
``[a, b, ...]``              list (items typed alike)     ``--param ids=[o1,o2]``
``a,b`` (a comma)            list (items typed alike)     ``--param sectors=public,civil``
``"text"`` / ``'text'``      str, verbatim                ``--param name="Pleven, town"``
anything else                str                          ``--param id=pleven-ngo-01``
==========================  ===========================  ====================================

``name:type=value`` forces the type: ``str``, ``int``, ``float``, ``bool``, ``date``,
``datetime``, ``list`` (comma-separated, items typed as above), ``list[str]``, ``list[int]``,
``list[float]``, ``list[date]``, or ``json`` (any JSON value, e.g. a map). Example:
``--param id:str=2024`` keeps ``"2024"`` a string.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import neo4j
import neo4j.exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from stakeholder_graph.errors import DatabaseUnavailable, InputError

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_SCALARS = ("str", "int", "float", "bool", "date", "datetime")

WRITE_REFUSED = "the query tried to write; rerun with --write"


def _infer(text: str) -> Any:
    """Type one value by its spelling (see the module docstring)."""
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):
        inner = value[1:-1].strip()
        return [_infer(item) for item in inner.split(",")] if inner else []
    if "," in value:
        return [_infer(item) for item in value.split(",")]
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _DATE.match(value):
        return convert_scalar("date", value)
    if _DATETIME.match(value):
        return convert_scalar("datetime", value)
    return value


def convert_scalar(kind: str, text: str) -> Any:
    """Convert ``text`` to the scalar type ``kind``; ValueError when it does not fit.

    >>> convert_scalar("int", " 7 ")
    7
    """
    value = text.strip()
    if kind == "str":
        return text
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        if value.lower() not in ("true", "false"):
            raise ValueError(f"{value!r} is not true or false")
        return value.lower() == "true"
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    raise ValueError(f"unknown type {kind!r}")


def _explicit(kind: str, text: str) -> Any:
    if kind in _SCALARS:
        return convert_scalar(kind, text)
    if kind == "json":
        return json.loads(text)
    list_kind = re.fullmatch(r"list(?:\[(\w+)\])?", kind)
    if list_kind:
        value = text.strip()
        if value.startswith("[") and value.endswith("]"):
            value = value[1:-1]
        items = [item.strip() for item in value.split(",")] if value.strip() else []
        item_kind = list_kind.group(1)
        if item_kind is None:
            return [_infer(item) for item in items]
        if item_kind not in _SCALARS:
            raise ValueError(f"unknown list item type {item_kind!r}")
        return [convert_scalar(item_kind, item) for item in items]
    raise ValueError(
        f"unknown type {kind!r} (use str, int, float, bool, date, datetime, list, "
        "list[<type>] or json)"
    )


def parse_param(spec: str) -> tuple[str, Any]:
    """Parse one ``name=value`` or ``name:type=value`` parameter into a typed pair.

    Examples
    --------
    >>> parse_param("n=5"), parse_param("x=0.5"), parse_param("flag=true")
    (('n', 5), ('x', 0.5), ('flag', True))
    >>> parse_param("since=2024-01-01")
    ('since', datetime.date(2024, 1, 1))
    >>> parse_param("ids=[a,b]"), parse_param("sectors=public,civil")
    (('ids', ['a', 'b']), ('sectors', ['public', 'civil']))
    >>> parse_param("id:str=2024")
    ('id', '2024')
    """
    if "=" not in spec:
        raise InputError(f"--param {spec!r}: expected name=value or name:type=value")
    key, text = spec.split("=", 1)
    name, _, kind = key.strip().partition(":")
    if not _NAME.match(name):
        raise InputError(f"--param {spec!r}: {name!r} is not a valid parameter name")
    try:
        value = _explicit(kind.strip(), text) if kind else _infer(text)
    except (ValueError, json.JSONDecodeError) as error:
        raise InputError(f"--param {spec!r}: {error}") from error
    return name, value


def parse_params(specs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """All ``--param`` values as a dict (a name given twice keeps the last value)."""
    return dict(parse_param(spec) for spec in specs)


def plain_value(value: Any) -> Any:
    """A Cypher result value as plain JSON-ready Python: nodes and relationships as maps of
    their properties (plus ``_labels`` / ``_type``), paths as lists, temporal values as ISO
    strings."""
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **plain_value(dict(value))}
    if isinstance(value, Relationship):
        return {"_type": value.type, **plain_value(dict(value))}
    if isinstance(value, Path):
        return [plain_value(n) for n in value.nodes]
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


IN_TRANSACTIONS = re.compile(r"\}\s*IN\s+(?:\d+\s+CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE)
"""``CALL { … } IN TRANSACTIONS``: a query that commits in batches of its own."""
BATCHED_NEEDS_WRITE = (
    "a query with CALL { … } IN TRANSACTIONS writes in batches of its own: run it with --write"
)

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run before the server stops it (``cypher --timeout``)."""

Notify = Callable[[str], None]


def run_query(
    driver: neo4j.Driver,
    text: str,
    params: dict[str, Any] | None = None,
    database: str | None = None,
    write: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    notify: Notify | None = None,
    verbose: bool = False,
) -> tuple[list[str], list[list[Any]]]:
    """Run one Cypher query and return its column names and rows (plain values).

    The query runs in one explicit transaction with a server-side ``timeout`` (seconds; None
    or 0: the server's own limit), read-only unless ``write`` (the server then refuses a
    write). A query with ``CALL { … } IN TRANSACTIONS`` (a batched delete or update) commits
    its own batches, so it needs ``write`` and runs as an auto-commit query. It is not
    retried: a query that ran out of time or memory would only fail again.
    Every server error becomes one line: :class:`InputError` (exit 2) for the query's own
    problems (syntax, types, time, memory, refused write), :class:`DatabaseUnavailable`
    (exit 3) when the server cannot be reached or its database is not available.

    ``notify`` receives the server's notifications (warnings such as an unknown label, one
    line each; with ``verbose`` also the informational ones, with their position).

    Examples
    --------
    >>> run_query(driver, "RETURN $n + 1 AS m", {"n": 1})  # doctest: +SKIP
    (['m'], [[2]])
    """
    params = params or {}
    severity = "OFF" if notify is None else ("INFORMATION" if verbose else "WARNING")
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    batched = bool(IN_TRANSACTIONS.search(text))
    if batched and not write:
        raise InputError(BATCHED_NEEDS_WRITE)
    try:
        with driver.session(
            database=database, default_access_mode=mode, notifications_min_severity=severity
        ) as session:
            if batched:
                # CALL { … } IN TRANSACTIONS commits its own batches: the server runs it only
                # as an auto-commit query, never inside a transaction of ours
                result = session.run(neo4j.Query(text, timeout=timeout or None), params)
                keys, rows, summary = _collect(result)
            else:
                with session.begin_transaction(timeout=timeout or None) as tx:
                    keys, rows, summary = _collect(tx.run(text, params))
                    tx.commit()
    except neo4j_errors.Neo4jError as error:
        raise query_error(error, write, timeout) from None
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as error:
        raise DatabaseUnavailable(f"Neo4j became unreachable during the query: {error}") from None
    except neo4j_errors.DriverError as error:
        raise InputError(f"the query failed: {error}") from None
    if notify is not None:
        for note in summary.summary_notifications:
            notify(_notification_line(note, verbose))
    return keys, rows


def _collect(result: neo4j.Result) -> tuple[list[str], list[list[Any]], Any]:
    """Column names, rows as plain values, and the summary of a query's result."""
    keys = list(result.keys())
    rows = [[plain_value(v) for v in record.values()] for record in result]
    return keys, rows, result.consume()


def query_error(
    error: neo4j_errors.Neo4jError, write: bool = False, timeout: float | None = None
) -> InputError | DatabaseUnavailable:
    """The one-line user error for a server error raised by a query.

    Examples
    --------
    >>> e = neo4j_errors.Neo4jError._hydrate_neo4j(
    ...     code="Neo.TransientError.General.MemoryPoolOutOfMemoryError", message="pool full")
    >>> query_error(e).message.startswith("the query needs more memory")
    True
    """
    code = error.code or ""
    message = " ".join((error.message or "").split())
    if isinstance(error, neo4j_errors.CypherSyntaxError):
        return InputError(f"Cypher syntax error: {message}")
    if "TransactionTimedOut" in code or "Terminated" in code and "timeout" in message.lower():
        limit = f"{timeout:g} s" if timeout else "the server's limit"
        return InputError(
            f"the query ran out of time ({limit}): narrow it with parameters or raise --timeout"
        )
    if "MemoryPoolOutOfMemoryError" in code or "OutOfMemory" in code:
        return InputError(
            "the query needs more memory than the server allows: narrow it with parameters "
            "(a smaller limit, a filter)",
            [f"server: {message}"],
        )
    if not write and _is_write_refusal(error):
        return InputError(WRITE_REFUSED, [f"server: {message}"])
    if "DatabaseUnavailable" in code or "DatabaseNotFound" in code:
        return DatabaseUnavailable(f"the database is not available: {message}")
    return InputError(f"the query failed: {message}", [f"code: {code}"])


def _notification_line(note: Any, verbose: bool) -> str:
    """One line for a server notification: severity, title, and with ``verbose`` the
    description and position."""
    severity = str(getattr(note, "severity_level", "") or "").rsplit(".", 1)[-1].lower()
    line = f"{severity or 'note'}: {note.title}"
    if verbose:
        position = getattr(note, "position", None)
        where = f" (line {position.line}, column {position.column})" if position else ""
        line += f"{where}: {' '.join(str(note.description).split())}"
    return line


def _is_write_refusal(error: neo4j_errors.Neo4jError) -> bool:
    code = error.code or ""
    message = (error.message or "").lower()
    return code.endswith("AccessMode") or "read access mode" in message


# The bundled queries and their declared parameters live in query_library; re-exported here for
# callers that import them from this module.
from stakeholder_graph.store.query_library import (  # noqa: E402
    bind_parameters,
    library_queries,
    prepare_parameters,
    resolve_query,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "bind_parameters",
    "convert_scalar",
    "library_queries",
    "parse_param",
    "parse_params",
    "plain_value",
    "prepare_parameters",
    "query_error",
    "resolve_query",
    "run_query",
]
