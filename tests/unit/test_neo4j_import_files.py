"""The offline import's CSV files carry exactly what the Cypher load sends, and co-participation
pairs are the analysis's (no server needed)."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from pathlib import Path

import neo4j.time
import pytest

from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network.graph import build_graph
from stakeholder_graph.resources import bundled_dataset, bundled_datasets
from stakeholder_graph.store.neo4j_coparticipation import coparticipation_pairs, partner_lists
from stakeholder_graph.store.neo4j_import_files import (
    ARRAY_DELIMITER,
    Unportable,
    kept_files,
    network_files,
)
from stakeholder_graph.store.neo4j_load import (
    interaction_rows,
    organization_rows,
    participation_rows,
    perception_rows,
)

DATASETS = [pytest.param(name, id=name) for name in bundled_datasets()]


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _value(cell: str, kind: str):
    """A field as the import tool reads it (empty: no property)."""
    if cell == "":
        return None
    if kind == "long":
        return int(cell)
    if kind == "double":
        return float(cell)
    if kind == "boolean":
        return {"true": True, "false": False}[cell]
    if kind == "string[]":
        return cell.split(ARRAY_DELIMITER)
    return cell  # string, date (ISO text, as the Cypher rows send it)


def _records(path: Path) -> list[dict]:
    header, rows = _read(path)
    names = [
        (h.split("(")[0], "string") if h.startswith(":") else (h.split(":")[0], h.split(":")[-1])
        for h in header
    ]
    out = []
    for row in rows:
        out.append(
            {name: _value(cell, kind) for (name, kind), cell in zip(names, row, strict=True)}
        )
    return out


@pytest.mark.parametrize("name", DATASETS)
def test_files_carry_the_cypher_rows(name: str, tmp_path: Path) -> None:
    data = read_dataset(bundled_dataset(name))
    files = {f.path.name: f for f in network_files(data, tmp_path)}
    orgs = _records(files["organizations.csv"].path)
    for row, sent in zip(orgs, organization_rows(data)["nodes"], strict=True):
        assert row.pop("id") == sent.pop("id")
        row.pop(":LABEL")
        assert row == sent
    inter = _records(files["interactions.csv"].path)
    for row, sent in zip(inter, interaction_rows(data), strict=True):
        assert (row.pop(":START_ID"), row.pop(":END_ID")) == (
            sent.pop("source"),
            sent.pop("target"),
        )
        assert row == sent
    perceptions = _records(files["perceptions.csv"].path)
    for row, sent in zip(perceptions, perception_rows(data), strict=True):
        assert row[":START_ID"] == sent["rater"] and row[":END_ID"] == sent["ratee"]
        answer = row["answer"] if row["answer"] is not None else ""  # '""' is an empty string
        assert answer == sent["answer"] and row["seq"] == sent["seq"]
        for key in ("date", "reliability", "openness", "trust", "wave"):
            assert row[key] == sent[key], key
    part = _records(files["participation.csv"].path)
    assert [(r[":START_ID"], r[":END_ID"], r["seq"], r["role"]) for r in part] == [
        (s["organization"], s["activity"], s["seq"], s["role"]) for s in participation_rows(data)
    ]
    assert files["interactions.csv"].rows == len(data.interactions)


def test_quotes_and_empty_answers_are_written_as_the_import_reads_them(tmp_path: Path) -> None:
    header, rows = _read(
        kept_files(tmp_path, [{"key": "k", "labels": ["X"], "props": {"t": 'say "hi", ok'}}], [])[
            0
        ].path
    )
    assert header == [":ID(Kept)", ":LABEL", "t:string"]
    assert rows == [["k", "X", 'say "hi", ok']]


def test_kept_records_keep_their_types(tmp_path: Path) -> None:
    props = {
        "at": neo4j.time.DateTime(2025, 1, 2, 3, 4, 5, tzinfo=neo4j.time.DateTime.now().tzinfo),
        "day": neo4j.time.Date(2025, 1, 2),
        "n": 3,
        "x": 0.1,
        "ok": False,
        "tags": ["a;b", "c"],
    }
    nodes = [{"key": "1", "labels": ["AnalysisRun"], "props": props}]
    rels = [{"start": "1", "end": "1", "type": "FOLLOWS", "props": {}}]
    node_file, rel_file = kept_files(tmp_path, nodes, rels)
    header, rows = _read(node_file.path)
    assert header == [
        ":ID(Kept)",
        ":LABEL",
        "at:localdatetime",
        "day:date",
        "n:long",
        "ok:boolean",
        "tags:string[]",
        "x:double",
    ]
    assert rows[0][3:] == ["2025-01-02", "3", "false", f"a;b{ARRAY_DELIMITER}c", "0.1"]
    assert _read(rel_file.path) == (
        [":START_ID(Kept)", ":END_ID(Kept)", ":TYPE"],
        [["1", "1", "FOLLOWS"]],
    )
    with pytest.raises(Unportable):
        kept_files(tmp_path, [{"key": "2", "labels": ["X"], "props": {"empty": []}}], [])


@pytest.mark.parametrize("name", DATASETS)
def test_coparticipation_pairs_are_the_analysis_ties(name: str) -> None:
    data = read_dataset(bundled_dataset(name))
    pairs = coparticipation_pairs(data)
    # brute force: every pair of members of every activity, counted once per activity
    members: dict[str, set[str]] = {}
    p = data.participation
    for act, org in zip(p["activity"], p["organization"], strict=True):
        members.setdefault(act, set()).add(org)
    brute = Counter(
        pair for group in members.values() for pair in itertools.combinations(sorted(group), 2)
    )
    assert {(a, b): n for a, b, n in pairs.itertuples(index=False)} == dict(brute)
    assert (pairs["a"] < pairs["b"]).all() and len(pairs) > 0
    # the analysis's graph: the same shared-activity counts on the same pairs
    g = build_graph(data)
    ids = data.organizations["id"].to_numpy()
    edges = g.edges[g.edges["shared_activities"] > 0]
    analysed = {
        tuple(sorted((ids[u], ids[v]))): int(n)
        for u, v, n in zip(edges["u"], edges["v"], edges["shared_activities"], strict=True)
    }
    assert analysed == dict(brute)
    lists = partner_lists(data, pairs)
    assert len(lists) == len(data.organizations)
    assert sum(len(r["partners"]) for r in lists) == len(pairs)


def test_search_names_find_names_without_accents_or_cyrillic() -> None:
    from stakeholder_graph.store.name_search import search_names

    names = {}
    for name in bundled_datasets():
        orgs = read_dataset(bundled_dataset(name)).organizations
        names.update(zip(orgs["id"], search_names(orgs["name"]), strict=True))

    def found(text: str) -> set[str]:
        return {i for i, folded in names.items() if text in folded}

    assert found("borne") >= {"dk-adm-boern"}  # "Børne- og Familieafdelingen"
    assert {"pl-ngo-env-1", "pl-se-coop"} <= found("zelen")  # "Зелен ..."
    assert "pl-ngo-env-1" in found("plev")  # "Зелен Плевен"
    assert {"hu-onk", "hu-kt"} <= found("retfalva") and "hu-kt" in found("kepviselo")
    assert all(name.isascii() for name in names.values() if name.replace(" ", "").isalpha())
