"""Typed ``--param`` values, declared query parameters, and rendering of query results."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from stakeholder_graph import resources
from stakeholder_graph.cli.neo4j_data_cmds import render
from stakeholder_graph.errors import InputError
from stakeholder_graph.store.neo4j_query import parse_param, parse_params, plain_value
from stakeholder_graph.store.query_library import (
    bind_parameters,
    declared_parameters,
    examples,
    library_queries,
    prepare_parameters,
    resolve_query,
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("n=5", 5),
        ("n=-12", -12),
        ("x=0.5", 0.5),
        ("x=.25", 0.25),
        ("x=1e-3", 0.001),
        ("flag=true", True),
        ("flag=FALSE", False),
        ("since=2024-01-01", dt.date(2024, 1, 1)),
        ("at=2024-01-01T09:30", dt.datetime(2024, 1, 1, 9, 30)),
        ("nothing=null", None),
        ("ids=[a,b]", ["a", "b"]),
        ("ids=[a, b , c]", ["a", "b", "c"]),
        ("ids=[]", []),
        ("ns=[1,2,3]", [1, 2, 3]),
        ("sectors=public,civil", ["public", "civil"]),
        ("mixed=[1,x,2024-05-01]", [1, "x", dt.date(2024, 5, 1)]),
        ('name="Pleven, town"', "Pleven, town"),
        ("name='42'", "42"),
        ("id=pl-ngo-01", "pl-ngo-01"),
        ("text=a=b", "a=b"),
        ("empty=", ""),
    ],
)
def test_inferred_types(spec: str, expected: object) -> None:
    name, value = parse_param(spec)
    assert name == spec.split("=", 1)[0]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("id:str=2024", "2024"),
        ("id:str=a,b", "a,b"),
        ("n:int=7", 7),
        ("x:float=3", 3.0),
        ("ok:bool=true", True),
        ("d:date=2025-06-30", dt.date(2025, 6, 30)),
        ("t:datetime=2025-06-30T12:00:00", dt.datetime(2025, 6, 30, 12)),
        ("ids:list=a", ["a"]),
        ("ids:list=[1,b]", [1, "b"]),
        ("ids:list[str]=1,2", ["1", "2"]),
        ("ns:list[int]=[1, 2]", [1, 2]),
        ("ds:list[date]=2024-01-01,2024-02-01", [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]),
        ('m:json={"a": [1, 2]}', {"a": [1, 2]}),
    ],
)
def test_explicit_types(spec: str, expected: object) -> None:
    _, value = parse_param(spec)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    "spec",
    [
        "noequals",
        "1bad=3",
        "n:int=x",
        "ok:bool=yes",
        "d:date=2024-13-01",
        "x:complex=1",
        "m:json={",
    ],
)
def test_bad_params_are_input_errors(spec: str) -> None:
    with pytest.raises(InputError) as info:
        parse_param(spec)
    assert info.value.exit_code == 2
    assert spec.split("=")[0].split(":")[0] in info.value.message


def test_last_value_wins() -> None:
    assert parse_params(["n=1", "m=x", "n=3"]) == {"n": 3, "m": "x"}


def test_declared_parameters_and_defaults() -> None:
    text = (
        "// @param since:date=2024-01-01  recent\n// @param id:str   required\n"
        "// @param k:int=3\n// @param tags:list[str]=null\nRETURN 1"
    )
    declared = declared_parameters(text)
    assert list(declared) == ["since", "id", "k", "tags"]
    assert [(p.kind, p.required, p.default) for p in declared.values()] == [
        ("date", False, dt.date(2024, 1, 1)),
        ("str", True, None),
        ("int", False, 3),
        ("list[str]", False, None),
    ]
    assert declared["since"].description == "recent"
    assert prepare_parameters(text, {"id": "x", "k": 5}) == {
        "since": dt.date(2024, 1, 1),
        "k": 5,
        "tags": None,
        "id": "x",
    }
    with pytest.raises(InputError, match="--param id="):
        prepare_parameters(text, {})


DECLARING = (
    "// @param since:date=null\n// @param name:str=null\n// @param n:int=1\n"
    "// @param ok:bool=false\n// @param x:float=0.5\n// @param ids:list[str]=[]\n"
    "// @param ns:list[int]=[]\nRETURN 1"
)


@pytest.mark.parametrize(
    ("spec", "name", "expected"),
    [
        ("since=2025-1-1", "since", dt.date(2025, 1, 1)),
        ("since=2025-01-31", "since", dt.date(2025, 1, 31)),
        ("since=null", "since", None),
        ("name=Pleven, town", "name", "Pleven, town"),
        ("name=2024", "name", "2024"),
        ("name=true", "name", "true"),
        ("name= padded ", "name", " padded "),
        ("n=7", "n", 7),
        ("ok=TRUE", "ok", True),
        ("x=3", "x", 3.0),
        ("ids=a", "ids", ["a"]),
        ("ids=[1, b]", "ids", ["1", "b"]),
        ("ns=1,2", "ns", [1, 2]),
        ("name:int=5", "name", 5),
    ],
)
def test_values_follow_the_declared_type(spec: str, name: str, expected: object) -> None:
    values = bind_parameters(DECLARING, [spec])
    assert values[name] == expected
    assert type(values[name]) is type(expected)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("since=2025-13-01", "is not a date YYYY-MM-DD"),
        ("since=yesterday", "is not a date YYYY-MM-DD"),
        ("n=1.5", "is not an integer"),
        ("ok=yes", "is not true or false"),
        ("x=abc", "is not a number"),
        ("ns=1,x", "is not an integer"),
    ],
)
def test_values_that_do_not_fit_the_declared_type(spec: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        bind_parameters(DECLARING, [spec])
    assert info.value.exit_code == 2
    assert fragment in info.value.message
    assert spec.split("=")[0] in info.value.message


def test_unknown_parameter_names_the_valid_ones() -> None:
    with pytest.raises(InputError) as info:
        bind_parameters(resolve_query("ngos_inactive_since"), ["sinse=2025-01-01"])
    assert info.value.exit_code == 2
    assert "'sinse'" in info.value.message
    assert info.value.details == ["valid parameters: since (date), sectors (list[str])"]
    with pytest.raises(InputError, match="unknown parameter 'zzz'"):
        prepare_parameters(resolve_query("ego_network"), {"id": "x", "zzz": 1})


def test_untyped_declarations_type_by_spelling() -> None:
    text = "// @param since=2024-01-01  recent\n// @param id   required\nRETURN $since, $id"
    declared = declared_parameters(text)
    assert [(p.kind, p.required, p.default) for p in declared.values()] == [
        ("any", False, dt.date(2024, 1, 1)),
        ("any", True, None),
    ]
    assert bind_parameters(text, ["id=5"]) == {"since": dt.date(2024, 1, 1), "id": 5}
    with pytest.raises(InputError, match="unknown parameter 'x'"):
        bind_parameters(text, ["id=5", "x=1"])


def test_undeclared_queries_keep_typing_by_spelling() -> None:
    assert bind_parameters("RETURN $n, $s", ["n=2", "s=a,b"]) == {"n": 2, "s": ["a", "b"]}


def test_malformed_declaration_is_an_error() -> None:
    with pytest.raises(InputError, match="line 2"):
        declared_parameters("// ok\n// @param since:date:x=2024-01-01\nRETURN 1")
    with pytest.raises(InputError, match="default of n"):
        declared_parameters("// @param n:int=many\nRETURN 1")


def test_every_library_query_is_documented_and_parameterised() -> None:
    queries = library_queries()
    assert len(queries) >= 14
    for name, question in queries:
        text = resources.cypher(f"queries/{name}")
        assert question.endswith("?"), name
        declared = declared_parameters(text)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body))
        assert used == set(declared), f"{name}: declared vs used parameters"
        assert all(p.description for p in declared.values()), name
        assert all(p.kind != "any" for p in declared.values()), f"{name}: untyped parameter"
        assert "format(" not in body and "%s" not in body
        calls = examples(text)
        assert calls, f"{name}: no example call"
        for call in calls:  # every example binds: known names, values of the declared type
            values = bind_parameters(text, [f"{k}={v}" for k, v in call.items()])
            assert set(values) == set(declared), name


def test_resolve_query_by_name_and_path(tmp_path) -> None:
    by_name = resolve_query("ego_network")
    assert by_name == resolve_query("ego_network.cypher")
    assert "$id" in by_name
    own = tmp_path / "mine.cypher"
    own.write_text("RETURN 1 AS one", encoding="utf-8")
    assert resolve_query(str(own)) == "RETURN 1 AS one"
    with pytest.raises(InputError, match="no such file or bundled query"):
        resolve_query("no_such_query")


def test_plain_values() -> None:
    assert plain_value([dt.date(2024, 1, 2), {"k": dt.datetime(2024, 1, 2, 3, 4)}]) == [
        "2024-01-02",
        {"k": "2024-01-02T03:04:00"},
    ]


def test_render_formats() -> None:
    columns = ["id", "themes", "score", "flag", "missing"]
    rows = [["a", ["youth", "culture"], 0.5, True, None], ["b", [], 2, False, None]]
    records = json.loads(render(columns, rows, "json"))
    assert records[0] == {
        "id": "a",
        "themes": ["youth", "culture"],
        "score": 0.5,
        "flag": True,
        "missing": None,
    }
    parsed = list(csv.reader(io.StringIO(render(columns, rows, "csv"))))
    assert parsed[0] == columns
    assert parsed[1] == ["a", '["youth", "culture"]', "0.5", "true", ""]
    assert len(parsed) == 3
    table = render(columns, rows, "table").splitlines()
    assert table[0].split() == columns
    assert table[2].split()[0] == "a" and table[-1] == "(2 rows)"


def test_render_csv_is_spreadsheet_safe_unless_raw() -> None:
    """Organization names from the graph are text a spreadsheet could run as a formula; the
    CSV output neutralises them (OWASP prefix) while numbers, even negative, stay numbers."""
    columns = ["name", "score", "note"]
    rows = [
        ["=cmd|' /C calc'!A0", -1.5, "@SUM(1+1)"],
        ["Читалище „Съгласие“", 2, "-3"],
        ['=HYPERLINK("http://x")', None, ["=1+1"]],
    ]
    parsed = list(csv.reader(io.StringIO(render(columns, rows, "csv"))))
    assert parsed[1] == ["'=cmd|' /C calc'!A0", "-1.5", "'@SUM(1+1)"]
    assert parsed[2] == ["Читалище „Съгласие“", "2", "-3"]
    assert parsed[3] == ['\'=HYPERLINK("http://x")', "", '["=1+1"]']
    raw = list(csv.reader(io.StringIO(render(columns, rows, "csv", raw=True))))
    assert raw[1] == ["=cmd|' /C calc'!A0", "-1.5", "@SUM(1+1)"]


@pytest.mark.parametrize(
    ("query", "batched"),
    [
        ("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS", True),
        ("CALL { MATCH (n) DETACH DELETE n } in 2 concurrent transactions", True),
        ("MATCH ()-[r]->()\nCALL (r) {\n  DELETE r\n}\nIN TRANSACTIONS", True),
        ("RETURN 'in transactions' AS words", False),
        ("MATCH (n:Organization) RETURN n.name", False),
    ],
)
def test_batched_queries_are_recognised_and_need_write(query: str, batched: bool) -> None:
    """``CALL { … } IN TRANSACTIONS`` — and only it — is refused without ``write``, in one line,
    before any server is asked (no driver is passed here)."""
    from stakeholder_graph.store.neo4j_query import BATCHED_NEEDS_WRITE, IN_TRANSACTIONS, run_query

    assert bool(IN_TRANSACTIONS.search(query)) is batched
    if batched:
        with pytest.raises(InputError, match="run it with --write") as refused:
            run_query(None, query)  # type: ignore[arg-type]
        assert refused.value.message == BATCHED_NEEDS_WRITE
