"""One truth: ``analyze`` from a dataset folder and from Neo4j loaded with it write identical
tables, on every bundled dataset (the comparison an analyst would make: the CSV files, byte for
byte, plus the tables compared as frames)."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pandas as pd
import pytest

from stakeholder_graph.analysis import analyze
from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset
from stakeholder_graph.store.neo4j import load_network, read_network

DATASETS = ["pleven", "dk-social", "hu-town"]


@pytest.mark.parametrize("name", DATASETS)
def test_folder_and_neo4j_give_identical_tables(
    name: str,
    clean_neo4j: neo4j.Driver,
    neo4j_settings: Neo4jSettings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = read_dataset(bundled_dataset(name))
    load_network(clean_neo4j, folder, neo4j_settings.database)
    stored = read_network(clean_neo4j, neo4j_settings.database)
    assert stored.equals(folder)

    from_folder, from_neo4j = analyze(folder), analyze(stored)
    assert set(from_folder.tables) == set(from_neo4j.tables)
    assert len(from_folder["allies"]) > 0 and len(from_folder["centrality"]) == len(
        folder.organizations
    )
    for table in from_folder.tables:
        pd.testing.assert_frame_equal(from_folder[table], from_neo4j[table], check_exact=True)

    # the same through the command an analyst runs: every CSV file identical
    for source, out in ((name, tmp_path / "folder"), ("neo4j", tmp_path / "neo4j")):
        code = run_guarded(cli, ["analyze", "--source", source, "--out", str(out)])
        assert code == 0, capsys.readouterr().err
    written = sorted(p.name for p in (tmp_path / "folder").glob("*.csv"))
    assert written == sorted(p.name for p in (tmp_path / "neo4j").glob("*.csv"))
    assert len(written) == len(from_folder.tables)
    different = [
        csv
        for csv in written
        if (tmp_path / "folder" / csv).read_bytes() != (tmp_path / "neo4j" / csv).read_bytes()
    ]
    assert different == []
