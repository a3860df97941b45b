"""The bundled analyst queries of ``cypher/queries`` and the parameters each one declares.

Every bundled query opens with a header: a ``// Question:`` sentence, one ``// @param`` line per
parameter, and one or more example calls after ``// Example:``. A parameter line gives the
name, the type and (after ``=``) the default; a parameter without a default is required::

    // @param since:date=2024-01-01    the date from which an interaction counts as recent
    // @param sectors:list[str]=[civil] sectors whose organizations are checked
    // @param id:str                   id of the organization (required)

Types: ``str``, ``int``, ``float``, ``bool``, ``date``, ``datetime`` and ``list[<type>]``
(a declaration without a type, ``// @param n=5``, types values by their spelling, as before);
``null`` is accepted for any type and means "no filter" where the query says so. Values given
with ``--param`` are converted by the declared type (``since=2025-1-1`` is the date
2025-01-01; ``name=Pleven, town`` stays one string); an undeclared name is refused with the
list of valid ones (exit code 2). Queries that declare nothing (``--query`` text, own files)
keep the spelling-based typing of :func:`~stakeholder_graph.store.neo4j_query.parse_param`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stakeholder_graph.errors import InputError

_PARAM_LINE = re.compile(r"^\s*//\s*@param\s+(\S+)\s*(.*)$")
_QUESTION_LINE = re.compile(r"^\s*//\s*Question:\s*(.*)$")
_EXAMPLE_LINE = re.compile(r"^\s*//\s+(stakeholder-graph cypher .*)$")
_DECLARED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+(?:\[[a-z]+\])?))?(?:=(.*))?$")
_LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TYPES = ("str", "int", "float", "bool", "date", "datetime")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: ``name``, ``kind`` (e.g. ``date`` or ``list[str]``), whether
    it is ``required``, its ``default`` (converted) and its description."""

    name: str
    kind: str
    required: bool
    default: Any
    description: str

    def convert(self, text: str) -> Any:
        """``text`` as a value of this parameter's type (InputError when it does not fit).

        Examples
        --------
        >>> Parameter("since", "date", False, None, "").convert("2025-1-1")
        datetime.date(2025, 1, 1)
        >>> Parameter("ids", "list[str]", True, None, "").convert("[a, b]")
        ['a', 'b']
        """
        try:
            return convert(self.kind, text)
        except ValueError as error:
            raise InputError(f"--param {self.name}={text}: {error}") from None


def convert(kind: str, text: str) -> Any:
    """``text`` converted to the declared type ``kind``; ``null`` is None for every type.

    Raises ValueError naming the expected spelling.
    """
    value = text.strip()
    if kind == "any":
        from stakeholder_graph.store.neo4j_query import parse_param

        return parse_param(f"value={text}")[1]
    if value.lower() == "null":
        return None
    item = re.fullmatch(r"list\[([a-z]+)\]", kind)
    if item:
        if value.startswith("[") and value.endswith("]"):
            value = value[1:-1]
        parts = [part.strip() for part in value.split(",")] if value.strip() else []
        return [convert(item.group(1), part) for part in parts]
    from stakeholder_graph.store.neo4j_query import convert_scalar

    if kind == "date":
        loose = _LOOSE_DATE.match(value)
        if loose:
            value = "-".join(
                part.zfill(width) for part, width in zip(loose.groups(), (4, 2, 2), strict=True)
            )
    if kind not in TYPES:
        raise ValueError(f"unknown type {kind!r}")
    try:
        return convert_scalar(kind, text if kind == "str" else value)
    except ValueError:
        spelling = {
            "int": "an integer",
            "float": "a number",
            "bool": "true or false",
            "date": "a date YYYY-MM-DD",
            "datetime": "a date and time YYYY-MM-DDThh:mm[:ss]",
        }[kind]
        raise ValueError(f"{text!r} is not {spelling}") from None


def declared_parameters(text: str) -> dict[str, Parameter]:
    """The parameters declared in the header of a query, by name, in declaration order.

    Examples
    --------
    >>> ps = declared_parameters("// @param n:int=3  how many\\n// @param id:str  the org")
    >>> [(p.name, p.kind, p.required, p.default) for p in ps.values()]
    [('n', 'int', False, 3), ('id', 'str', True, None)]
    """
    out: dict[str, Parameter] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _PARAM_LINE.match(line)
        if not match:
            continue
        declared = _DECLARED.match(match.group(1))
        if declared is None:
            raise InputError(
                f"line {number}: `// @param {match.group(1)}` should be name:type or "
                "name:type=default (or, typed by spelling, name or name=default)"
            )
        name, kind, default = declared.groups()
        kind = kind or "any"
        try:
            value = None if default is None else convert(kind, default)
        except ValueError as error:
            raise InputError(f"line {number}: default of {name}: {error}") from None
        out[name] = Parameter(name, kind, default is None, value, match.group(2).strip())
    return out


def bind_parameters(text: str, specs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The parameters to send with ``text``, from ``--param NAME[:TYPE]=VALUE`` strings.

    A query that declares parameters gets its defaults, overridden by the given values
    converted to the declared types; an undeclared name or a missing required one is an
    :class:`InputError` (exit 2) listing the valid names. A query that declares none gets the
    values typed by their spelling.
    """
    from stakeholder_graph.store.neo4j_query import parse_param, parse_params

    declared = declared_parameters(text)
    if not declared:
        return parse_params(specs)
    given: dict[str, Any] = {}
    for spec in specs:
        if "=" not in spec:
            raise InputError(f"--param {spec!r}: expected name=value")
        key, value = spec.split("=", 1)
        name, _, forced = key.strip().partition(":")
        if name not in declared:
            raise InputError(f"unknown parameter {name!r}", [_valid(declared)])
        given[name] = parse_param(spec)[1] if forced else declared[name].convert(value)
    return prepare_parameters(text, given, declared)


def prepare_parameters(
    text: str, given: dict[str, Any], declared: dict[str, Parameter] | None = None
) -> dict[str, Any]:
    """The declared defaults of ``text`` overridden by ``given`` (values already typed);
    InputError for an undeclared name (when the query declares any) or a missing required one.
    """
    declared = declared_parameters(text) if declared is None else declared
    unknown = sorted(set(given) - set(declared))
    if declared and unknown:
        raise InputError(f"unknown parameter {', '.join(map(repr, unknown))}", [_valid(declared)])
    missing = [p.name for p in declared.values() if p.required and p.name not in given]
    if missing:
        raise InputError("the query needs " + ", ".join(f"--param {name}=..." for name in missing))
    defaults = {p.name: p.default for p in declared.values() if not p.required}
    return {**defaults, **given}


def _valid(declared: dict[str, Parameter]) -> str:
    return "valid parameters: " + ", ".join(
        f"{p.name} ({p.kind}{', required' if p.required else ''})" for p in declared.values()
    )


def examples(text: str) -> list[dict[str, str]]:
    """The ``--param`` values of each example call in the header, as raw strings by name.

    Examples
    --------
    >>> examples("// Example:\\n//   stakeholder-graph cypher q --param n=2 -p id=x --format csv")
    [{'n': '2', 'id': 'x'}]
    """
    out: list[dict[str, str]] = []
    for line in text.splitlines():
        match = _EXAMPLE_LINE.match(line)
        if not match:
            continue
        words = shlex.split(match.group(1))
        params: dict[str, str] = {}
        for flag, value in zip(words, words[1:], strict=False):
            if flag in ("--param", "-p"):
                name, _, raw = value.partition("=")
                params[name] = raw
        out.append(params)
    return out


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
