"""Rows the loader and the write-back send to Neo4j, prepared without a server."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.store.neo4j_load import (
    organization_rows,
    participation_rows,
    perception_rows,
    plain_records,
    schema_files,
)
from stakeholder_graph.store.neo4j_writeback import ally_rows, flag_rows


def test_plain_records_turns_missing_values_into_none() -> None:
    frame = coerce_table(
        "interactions",
        pd.DataFrame(
            {
                "id": ["a", "b"],
                "source": ["x", "y"],
                "target": ["y", "x"],
                "type": ["grant", ""],
                "date": ["2024-02-29", None],
                "weight": [1.5, np.nan],
                "formal": [True, None],
            }
        ),
    )
    first, second = plain_records(frame)
    assert first["date"] == "2024-02-29"  # ISO text, made a Cypher date by date() server-side
    assert first["weight"] == 1.5 and first["formal"] is True and first["type"] == "grant"
    assert second["type"] is None and second["date"] is None and second["end_date"] is None
    assert second["weight"] is None and second["formal"] is None


def test_nullable_integers_become_python_ints() -> None:
    orgs = coerce_table(
        "organizations",
        pd.DataFrame(
            {
                "id": ["a", "b"],
                "name": ["A", "B"],
                "sector": ["civil", "public"],
                "founded": [1990, None],
            }
        ),
    )
    rows = plain_records(orgs)
    assert rows[0]["founded"] == 1990 and type(rows[0]["founded"]) is int
    assert rows[1]["founded"] is None


def _network(themes: list[str]) -> NetworkData:
    orgs = coerce_table(
        "organizations",
        pd.DataFrame(
            {
                "id": [f"o{i}" for i in range(len(themes))],
                "name": "n",
                "sector": "civil",
                "themes": themes,
                "municipality": ["Town", ""] + [""] * (len(themes) - 2),
            }
        ),
    )
    return NetworkData(orgs)


def test_organization_rows_keep_theme_order_and_odd_cells() -> None:
    rows = organization_rows(_network(["youth;culture", "culture ; youth", ""]))
    nodes = rows["nodes"]
    assert nodes[0]["themes"] == ["youth", "culture"] and nodes[0]["themes_text"] is None
    assert nodes[1]["themes"] == ["culture", "youth"]
    assert nodes[1]["themes_text"] == "culture ; youth"  # read back exactly as written
    assert nodes[2]["themes"] is None
    assert rows["themes"] == [
        {"id": "o0", "theme": "youth"},
        {"id": "o0", "theme": "culture"},
        {"id": "o1", "theme": "culture"},
        {"id": "o1", "theme": "youth"},
    ]
    assert rows["municipality"] == [{"id": "o0", "municipality": "Town"}]
    assert rows["prune_themes"][2] == {"id": "o2", "themes": []}


def test_repeated_rows_get_distinct_keys() -> None:
    orgs = coerce_table(
        "organizations", pd.DataFrame({"id": ["a", "b"], "name": "n", "sector": "civil"})
    )
    part = coerce_table(
        "participation",
        pd.DataFrame(
            {
                "activity": ["x", "x", "y"],
                "organization": ["a", "a", "a"],
                "role": ["member", "chair", "lead"],
            }
        ),
    )
    perc = coerce_table(
        "perceptions",
        pd.DataFrame(
            {
                "rater": ["a", "a", "a", "b"],
                "ratee": ["b", "b", "b", "a"],
                "date": [None, None, "2024-01-01", None],
                "reliability": [4, 2, 3, 1],
                "mission_support": [2, None, 3, None],
                "openness": [3, None, None, None],
            }
        ),
    )
    data = NetworkData(orgs, participation=part, perceptions=perc)
    assert [r["seq"] for r in participation_rows(data)] == [0, 1, 0]
    rows = perception_rows(data)
    assert [(r["answer"], r["seq"]) for r in rows] == [("", 0), ("", 1), ("2024-01-01", 0), ("", 0)]
    assert [r["trust"] for r in rows] == [3.0, 2.0, 3.0, 1.0]


def test_flag_rows_cover_every_checked_organization() -> None:
    isolated = pd.DataFrame(
        {
            "id": ["n1"],
            "no_interaction": [True],
            "no_public_tie": [True],
            "civil_only": [False],
            "single_tie": [False],
            "declining": [True],
            "reasons": ["no interaction; down"],
        }
    )
    rows = {r["id"]: r for r in flag_rows(isolated, pd.Series(["n1", "n2"]))}
    assert rows["n1"] == {
        "id": "n1",
        "isolated": True,
        "reasons": "no interaction; down",
        "flags": ["no_interaction", "no_public_tie", "declining"],
    }
    assert rows["n2"] == {"id": "n2", "isolated": False, "reasons": None, "flags": None}


def test_ally_rows_list_shared_themes() -> None:
    allies = pd.DataFrame(
        {
            "a": ["x"],
            "b": ["y"],
            "score": [0.7],
            "rank": [1],
            "reasons": ["r"],
            "shared_themes": ["youth;housing"],
            "same_municipality": [True],
        }
    )
    (row,) = ally_rows(allies)
    assert row["shared_themes"] == ["youth", "housing"]
    assert row["same_municipality"] is True and row["rank"] == 1


def test_schema_is_one_statement_per_file_if_not_exists() -> None:
    from stakeholder_graph import resources

    names = schema_files()
    assert len(names) >= 8
    for name in names:
        body = [
            line
            for line in resources.cypher(name).splitlines()
            if line and not line.startswith("//")
        ]
        assert len(body) == 1 and "IF NOT EXISTS" in body[0], name
