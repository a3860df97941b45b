"""The whole analysis on the bundled datasets: files, columns, summary, cross-checks, CLI."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from stakeholder_graph.analysis import (
    TABLE_ORDER,
    AnalysisParams,
    TableWriter,
    analyze,
    write_tables,
)
from stakeholder_graph.api import make_params
from stakeholder_graph.cli import cli
from stakeholder_graph.errors import InputError
from stakeholder_graph.export import export_graph
from stakeholder_graph.sources import read_network
from tests.unit.graph_helpers import as_array, leading_eigenvector, to_networkx
from tests.unit.test_brokerage import brute_cross_pairs, brute_roles

DATASETS = ("pleven", "dk-social", "hu-town")

DOCUMENTED = {
    "centrality": "id, name, sector, degree, in_degree, out_degree, strength, betweenness, "
    "betweenness_norm, closeness, harmonic, pagerank, eigenvector, constraint, coreness, community",
    "brokerage": "id, name, sector, coordinator, itinerant, gatekeeper, representative, liaison, "
    "total, cross_sector_pairs, ei_index, role",
    "sector_ei": "sector, internal, external, ei_index",
    "trust_dyads": "a, b, trust_ab, trust_ba, gap, reciprocated, interactions_ab",
    "sector_trust": "rater_sector, ratee_sector, trust, n, asymmetry",
    "organization_trust": "id, trust_received, n_received, trust_given, n_given",
    "initiative": "a, b, n, share_a, share_b, share_joint, one_sided, initiator",
    "ties": "a, b, interactions, shared_activities, weight, trust_ab, trust_ba, fragile, "
    "untapped_trust",
    "allies": "a, b, a_name, b_name, a_sector, b_sector, score, theme_score, shared_themes, "
    "shared_partners, partner_score, complementarity, same_municipality, rank, reasons",
    "isolated": "id, name, sector, municipality, last_interaction, ties, public_ties, "
    "window_interactions, previous_interactions, no_interaction, no_public_tie, civil_only, "
    "single_tie, declining, reasons",
}

PLANTED_ISOLATED = {
    "pleven": {"pl-ngo-env-1", "pl-ngo-roma-2", "pl-ngo-disab-3", "pl-ngo-youth-3", "pl-se-coop"},
    "dk-social": {"dk-ngo-mad", "dk-ngo-broen"},
    "hu-town": {"hu-ngo-hagyomany"},
}


@pytest.fixture(scope="module")
def networks():
    return {name: read_network(name) for name in DATASETS}


@pytest.fixture(scope="module")
def analyses(networks):
    out = {}
    for name, data in networks.items():
        for directed in (False, True):
            out[name, directed] = analyze(data, AnalysisParams().with_graph(directed=directed))
    return out


@pytest.mark.parametrize("name", DATASETS)
def test_every_file_is_written_with_documented_columns(name, analyses, tmp_path):
    written = write_tables(analyses[name, False], tmp_path)
    assert [p.name for p in written] == [f"{t}.csv" for t in TABLE_ORDER] + ["summary.json"]
    for table, columns in DOCUMENTED.items():
        header = pd.read_csv(tmp_path / f"{table}.csv", nrows=0).columns.tolist()
        expected = columns.split(", ")
        assert header[: len(expected)] == expected, table
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["size"]["organizations"] == len(analyses[name, False].graph.ids)
    centrality = pd.read_csv(tmp_path / "centrality.csv", keep_default_na=False)
    assert centrality["id"].tolist() == analyses[name, False].graph.ids.tolist()


def test_tables_handed_over_are_written_as_finished_and_freed(networks, tmp_path):
    import gc
    import weakref

    data = networks["pleven"]
    whole = analyze(data)
    write_tables(whole, tmp_path / "after")
    writer = TableWriter(tmp_path / "during", keep=("centrality", "brokerage"))
    handed: dict[str, weakref.ref] = {}

    def sink(name: str, table: pd.DataFrame) -> bool:
        handed[name] = weakref.ref(table)
        return writer(name, table)

    result = analyze(data, sink=sink)
    gc.collect()
    assert list(handed) != list(TABLE_ORDER) and sorted(handed) == sorted(TABLE_ORDER)
    assert sorted(result.tables) == ["brokerage", "centrality"]
    assert all(handed[t]() is None for t in TABLE_ORDER if t not in result.tables)  # freed
    assert result.summary["tables"] == whole.summary["tables"]
    assert list(result.summary["tables"]) == list(whole.summary["tables"])
    written = writer.finish(result)
    assert [p.name for p in written][-1] == "summary.json"
    assert sorted(p.name for p in written[:-1]) == sorted(f"{t}.csv" for t in TABLE_ORDER)
    for table in TABLE_ORDER:
        name = f"{table}.csv"
        assert (tmp_path / "during" / name).read_bytes() == (tmp_path / "after" / name).read_bytes()


def test_a_failed_analysis_leaves_no_folder_nor_temporaries(networks, tmp_path):
    writer = TableWriter(tmp_path / "out")

    def sink(name: str, table: pd.DataFrame) -> bool:
        if name == "ties":
            raise OSError("disk full")
        return writer(name, table)

    with pytest.raises(OSError, match="disk full"):
        analyze(networks["pleven"], sink=sink)
    writer.discard()
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", DATASETS)
def test_summary_describes_the_run(name, analyses):
    a = analyses[name, False]
    s = a.summary
    g = a.graph
    n, m = g.n, g.graph.ecount()
    assert s["size"] == {
        "organizations": n,
        "ties": m,
        "interactions": len(g.interactions),
        "activities": len(g.data.activities),
    }
    assert s["density"] == pytest.approx(2 * m / (n * (n - 1)))
    twin = to_networkx(g)
    parts = list(nx.connected_components(twin))
    assert s["components"]["count"] == len(parts)
    assert s["components"]["largest"] == max(map(len, parts))
    degree = np.array([d for _, d in sorted(twin.degree())])
    expected = (degree.max() - degree).sum() / ((n - 1) * (n - 2))
    assert s["centralization"]["degree"] == pytest.approx(expected)
    assert 0 < s["centralization"]["betweenness"] < 1
    assert s["paths"] == {
        "exact": True,
        "pivots": n,
        "processes": 1,
        "method": "exact (Brandes)",
        "error": {},
    }
    assert s["parameters"] == AnalysisParams().as_dict()
    for step in ("graph", "paths", "brokerage", "trust", "allies", "isolation", "total"):
        assert s["timings"][step] >= 0
        assert s["cpu_timings"][step] >= 0
    assert s["timings"]["total"] >= s["timings"]["paths"]
    memory = s["memory_mb"]
    assert list(memory)[:3] == ["start", "graph", "centrality"] and "allies" in memory
    peaks = [m["peak"] for m in memory.values()]
    assert peaks == sorted(peaks)  # the high-water mark never goes down
    assert all(0 < m["resident"] <= m["peak"] + 1 for m in memory.values())
    assert s["isolation_window"]["days"] == 365
    assert s["communities"]["count"] == a["centrality"]["community"].nunique()
    json.dumps(s)  # JSON-ready


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("name", DATASETS)
def test_centrality_matches_networkx_on_bundled_data(name, directed, analyses):
    a = analyses[name, directed]
    g = a.graph
    table = a["centrality"]
    twin = to_networkx(g)
    n = g.n
    checks = {
        "betweenness": as_array(nx.betweenness_centrality(twin, normalized=False), n),
        "betweenness_norm": as_array(nx.betweenness_centrality(twin), n),
        "closeness": as_array(nx.closeness_centrality(twin, wf_improved=True), n),
        "harmonic": as_array(nx.harmonic_centrality(twin), n) / (n - 1),
        "pagerank": as_array(nx.pagerank(twin, weight="weight", tol=1e-15, max_iter=10**5), n),
        "coreness": as_array(nx.core_number(twin.to_undirected()), n),
    }
    # constraint, eigenvector and communities read the undirected view (in directed mode its
    # weight is both directions' interactions plus the shared activities once)
    view = nx.Graph()
    view.add_nodes_from(range(n))
    e = g.undirected_edges
    view.add_weighted_edges_from(zip(e["u"], e["v"], e["weight"], strict=True))
    checks["constraint"] = as_array(nx.constraint(view, weight="weight"), n)
    checks["eigenvector"] = leading_eigenvector(view, n)
    labels = table["community"].to_numpy()
    parts = [set(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)]
    assert a.summary["communities"]["modularity"] == pytest.approx(
        nx.community.modularity(view, parts, weight="weight"), abs=1e-9
    )
    for column, expected in checks.items():
        np.testing.assert_allclose(
            table[column].to_numpy(float), expected, atol=1e-9, rtol=0, err_msg=column
        )


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("name", DATASETS)
def test_brokerage_matches_brute_force_on_bundled_data(name, directed, analyses):
    a = analyses[name, directed]
    roles = ["coordinator", "itinerant", "gatekeeper", "representative", "liaison"]
    np.testing.assert_array_equal(a["brokerage"][roles].to_numpy(), brute_roles(a.graph))
    np.testing.assert_array_equal(
        a["brokerage"]["cross_sector_pairs"].to_numpy(), brute_cross_pairs(a.graph)
    )


def test_hu_town_municipality_brokers_between_companies_and_ngos(analyses):
    # README: no tie joins the four companies to the three NGOs holding the same causes, and
    # hu-onk is tied to all seven: it bridges every one of those 12 company-NGO pairs
    table = analyses["hu-town", False]["brokerage"].set_index("id")
    assert table.loc["hu-onk", "cross_sector_pairs"] >= 12
    assert table.loc["hu-onk", "liaison"] >= 24  # both directions of each pair, undirected mode
    assert table.loc["hu-onk", "cross_sector_pairs"] == table["cross_sector_pairs"].max()


@pytest.mark.parametrize("name", DATASETS)
def test_planted_isolated_organizations_are_flagged(name, analyses):
    flagged = analyses[name, False]["isolated"]
    flags = ["no_interaction", "no_public_tie", "civil_only", "single_tie", "declining"]
    ids = set(flagged.loc[flagged[flags].astype(bool).any(axis=1), "id"])
    assert ids == PLANTED_ISOLATED[name]


def test_sampled_mode_is_reported(networks):
    a = analyze(networks["pleven"], make_params(exact_threshold=10, pivots=20, seed=5))
    assert a.summary["paths"]["exact"] is False
    assert a.summary["paths"]["pivots"] == 20
    assert a.summary["parameters"]["pivots"] == 20
    error = a.summary["paths"]["error"]
    assert error["criterion"] == "pivots" and error["top1_relative_halfwidth"] > 0


def test_window_and_type_filters_reach_the_graph(networks):
    data = networks["pleven"]
    a = analyze(data, make_params(since="2024-01-01", types="grant,joint_project"))
    kept = a.graph.interactions
    assert len(kept) > 0
    assert set(kept["type"]) <= {"grant", "joint_project"}
    assert (kept["date"].dropna() >= pd.Timestamp("2024-01-01")).all()
    assert a.summary["parameters"]["graph"]["types"] == ["grant", "joint_project"]


def test_progress_reports_each_step(networks):
    steps: list[str] = []
    analyze(networks["hu-town"], progress=steps.append)
    assert steps == [
        "graph", "centrality", "brokerage", "trust", "srm", "initiative", "ties", "allies",
        "isolation",
    ]  # fmt: skip


def test_make_params_rejects_bad_input():
    with pytest.raises(InputError, match="not a date"):
        make_params(since="2024-02-30")
    with pytest.raises(InputError, match="after"):
        make_params(since="2024-02-01", until="2023-01-01")
    with pytest.raises(InputError, match="unknown"):
        make_params(colour="red")
    with pytest.raises(InputError, match="positive"):
        make_params(pivots=0)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_through_networkx(fmt, analyses, tmp_path):
    a = analyses["pleven", False]
    path = export_graph(a, tmp_path / f"net.{fmt}", fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == a.graph.n
    assert back.number_of_edges() == a.graph.graph.ecount()
    row = a["centrality"].set_index("id").loc["pl-ngo-env-1"]
    node = back.nodes["pl-ngo-env-1"]
    assert node["sector"] == "civil"
    assert float(node["betweenness"]) == pytest.approx(row["betweenness"])
    assert int(node["community"]) == row["community"]
    assert node["isolated"] in (True, "true", "True")


def test_cli_analyze_and_export(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["analyze", "--source", "hu-town", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "hu-onk" not in result.output  # names, not ids, are printed
    assert f"to {out}" in result.output
    assert {p.name for p in out.iterdir()} == {f"{t}.csv" for t in TABLE_ORDER} | {"summary.json"}
    csv = tmp_path / "edges.csv"
    result = runner.invoke(
        cli, ["export", "--source", "hu-town", "--format", "csv", "--out", str(csv), "--directed"]
    )
    assert result.exit_code == 0, result.output
    edges = pd.read_csv(csv)
    assert (edges["type"] == "Directed").all() and len(edges) > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday-ish"], "not a date"),
        (["--write-back"], "--write-back needs --source neo4j"),
        (["--as-of", "2024-99-01"], "not a date"),
    ],
)
def test_cli_bad_input_exits_2(args, message, tmp_path, capsys):
    from stakeholder_graph.cli import main

    with pytest.raises(SystemExit) as done:
        main(["analyze", "--source", "hu-town", "--out", str(tmp_path / "out"), *args])
    assert done.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("n", [0, 1, 3])
def test_networks_without_ties_still_analyse(n):
    from stakeholder_graph.network.graph import graph_from_edges

    a = analyze(graph_from_edges(np.zeros((0, 2), dtype=int), n=n).data)
    table = a["centrality"]
    assert len(table) == n
    assert (table["betweenness"] == 0).all() and (table["closeness"] == 0).all()
    assert table["constraint"].isna().all()
    assert table["pagerank"].sum() == pytest.approx(1.0 if n else 0.0)
    assert a.summary["components"]["isolates"] == n
    assert a.summary["centralization"] == {"degree": 0.0, "betweenness": 0.0}


def test_cli_write_back_hands_the_analysis_to_the_store(monkeypatch, tmp_path, networks):
    from contextlib import contextmanager

    import stakeholder_graph.config as config
    import stakeholder_graph.sources as sources
    import stakeholder_graph.store.neo4j as store

    calls = []

    class Settings:
        uri = "bolt://127.0.0.1:7687"
        database = "coop"

    @contextmanager
    def connect(settings):
        yield "driver"

    def write_back(driver, analysis, database):
        calls.append((driver, analysis.summary["name"], database))
        assert sorted(analysis.tables) == sorted(TABLE_ORDER)  # none dropped once written
        return {"run_id": "run-1"}

    monkeypatch.setattr(sources, "read_network", lambda source: networks["hu-town"])
    monkeypatch.setattr(config, "neo4j_settings", lambda: Settings())
    monkeypatch.setattr(store, "connect", connect)
    monkeypatch.setattr(store, "write_back", write_back)
    result = CliRunner().invoke(
        cli, ["analyze", "--source", "neo4j", "--out", str(tmp_path), "--write-back"]
    )
    assert result.exit_code == 0, result.output
    assert calls == [("driver", networks["hu-town"].name, "coop")]
    assert "run-1" in result.output
