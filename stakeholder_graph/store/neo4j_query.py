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
        return _as("date", value)
    if _DATETIME.match(value):
        return _as("datetime", value)
    return value


def _as(kind: str, text: str) -> Any:
    """Convert ``text`` to the scalar type ``kind``; ValueError when it does not fit."""
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
        return _as(kind, text)
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
        return [_as(item_kind, item) for item in items]
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


def _collect(
    tx: neo4j.ManagedTransaction, text: str, params: dict[str, Any]
) -> tuple[list[str], list[list[Any]]]:
    result = tx.run(text, params)
    keys = list(result.keys())
    rows = [[plain_value(v) for v in record.values()] for record in result]
    return keys, rows


def run_query(
    driver: neo4j.Driver,
    text: str,
    params: dict[str, Any] | None = None,
    database: str | None = None,
    write: bool = False,
) -> tuple[list[str], list[list[Any]]]:
    """Run one Cypher query and return its column names and rows (plain values).

    The query runs in a managed read transaction unless ``write``: a query that tries to
    write is then refused by the server and reported as :class:`InputError`.

    Raises
    ------
    InputError
        Syntax errors, missing parameters, type errors, writes in read-only mode (exit 2),
        with the server's message.
    DatabaseUnavailable
        The server cannot be reached (exit 3).

    Examples
    --------
    >>> run_query(driver, "RETURN $n + 1 AS m", {"n": 1})  # doctest: +SKIP
    (['m'], [[2]])
    """
    params = params or {}
    try:
        with driver.session(database=database, notifications_min_severity="OFF") as session:
            run = session.execute_write if write else session.execute_read
            return run(_collect, text, params)
    except neo4j_errors.CypherSyntaxError as error:
        raise InputError(f"Cypher syntax error: {error.message}") from None
    except neo4j_errors.ClientError as error:
        if not write and _is_write_refusal(error):
            raise InputError(WRITE_REFUSED, [f"server: {error.message}"]) from None
        raise InputError(f"the query failed: {error.message}", [f"code: {error.code}"]) from None
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as error:
        raise DatabaseUnavailable(f"Neo4j is unreachable: {error}") from None


def _is_write_refusal(error: neo4j_errors.ClientError) -> bool:
    code = error.code or ""
    message = (error.message or "").lower()
    return code.endswith("AccessMode") or "read access mode" in message


_PARAM_LINE = re.compile(r"^\s*//\s*@param\s+(\S+)")
_QUESTION_LINE = re.compile(r"^\s*//\s*Question:\s*(.*)$")


def declared_parameters(text: str) -> tuple[dict[str, Any], list[str]]:
    """The parameters a query declares in its header: ``// @param name=default`` (typed as
    ``--param`` values) and ``// @param name`` (required, no default).

    Returns
    -------
    tuple
        ``(defaults, required)``.

    Examples
    --------
    >>> declared_parameters("// @param since=2024-01-01  recent\\n// @param id  the org\\nRETURN 1")
    ({'since': datetime.date(2024, 1, 1)}, ['id'])
    """
    defaults: dict[str, Any] = {}
    required: list[str] = []
    for line in text.splitlines():
        match = _PARAM_LINE.match(line)
        if not match:
            continue
        spec = match.group(1)
        if "=" in spec:
            name, value = parse_param(spec)
            defaults[name] = value
        else:
            required.append(spec)
    return defaults, required


def prepare_parameters(text: str, given: dict[str, Any]) -> dict[str, Any]:
    """The declared defaults of ``text`` overridden by ``given``; InputError when a required
    parameter is missing."""
    defaults, required = declared_parameters(text)
    missing = [name for name in required if name not in given]
    if missing:
        raise InputError("the query needs " + ", ".join(f"--param {name}=..." for name in missing))
    return {**defaults, **given}


def library_queries() -> list[tuple[str, str]]:
    """The bundled analyst queries as ``(name, question)`` pairs, sorted by name."""
    from stakeholder_graph import resources

    out = []
    for path in sorted((resources.cypher_dir() / "queries").glob("*.cypher")):
        out.append((path.stem, _question(path.read_text(encoding="utf-8"))))
    return out


def _question(text: str) -> str:
    """The header's ``// Question: ...`` sentence, which may run over several comment lines."""
    words: list[str] = []
    for line in text.splitlines():
        match = _QUESTION_LINE.match(line)
        if match:
            words = [match.group(1).strip()]
        elif words and line.lstrip().startswith("//"):
            words.append(line.lstrip()[2:].strip())
        else:
            continue
        if words[-1].endswith("?"):
            break
    return " ".join(words)


def resolve_query(name_or_path: str) -> str:
    """The text of a ``.cypher`` file, or of the bundled query of that name."""
    from pathlib import Path

    from stakeholder_graph import resources

    path = Path(name_or_path)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    stem = path.name.removesuffix(".cypher")
    if stem in {name for name, _ in library_queries()}:
        return resources.cypher(f"queries/{stem}")
    raise InputError(
        f"{name_or_path}: no such file or bundled query (see `stakeholder-graph cypher --list`)"
    )
