"""Brokerage roles, cross-sector pairs and E-I index against brute-force networkx counts."""

from __future__ import annotations

from itertools import combinations, permutations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.dataset.model import SECTORS
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network import brokerage
from stakeholder_graph.network.graph import GraphOptions, build_graph, graph_from_edges
from tests.unit.graph_helpers import random_graph, to_networkx


def brute_roles(g) -> np.ndarray:
    """Gould–Fernandez counts by walking every two-path of the networkx twin."""
    twin = to_networkx(g)
    if not twin.is_directed():
        twin = twin.to_directed()
    sector = g.sector
    counts = np.zeros((g.n, 5), dtype=int)
    for b in twin.nodes:
        for a in twin.predecessors(b):
            for c in twin.successors(b):
                if a == c or twin.has_edge(a, c):
                    continue
                sa, sb, sc = sector[a], sector[b], sector[c]
                if sa == sb == sc:
                    role = 0  # coordinator
                elif sa == sc:
                    role = 1  # itinerant
                elif sb == sc:
                    role = 2  # gatekeeper
                elif sa == sb:
                    role = 3  # representative
                else:
                    role = 4  # liaison
                counts[b, role] += 1
    return counts


def brute_cross_pairs(g) -> np.ndarray:
    twin = to_networkx(g).to_undirected()
    out = np.zeros(g.n, dtype=int)
    for b in twin.nodes:
        for a, c in combinations(list(twin.neighbors(b)), 2):
            if g.sector[a] != g.sector[c] and not twin.has_edge(a, c):
                out[b] += 1
    return out


CASES = [(seed, directed) for seed in range(6) for directed in (False, True)]


@pytest.mark.parametrize(("seed", "directed"), CASES)
def test_role_counts_match_brute_force(seed, directed):
    g = random_graph(45, 0.09 if directed else 0.07, seed, directed=directed)
    expected = brute_roles(g)
    got = brokerage.role_counts(g).to_numpy()
    assert got.sum() > 0
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(("seed", "directed"), CASES)
def test_cross_sector_pairs_match_brute_force(seed, directed):
    g = random_graph(45, 0.09, seed, directed=directed)
    np.testing.assert_array_equal(brokerage.cross_sector_pairs(g), brute_cross_pairs(g))


@pytest.mark.parametrize("directed", [False, True])
def test_triangles_counted_in_blocks_give_the_same_counts(directed, monkeypatch):
    g = random_graph(45, 0.12, 3, directed=directed)
    assert len(g.triangles) > 7
    monkeypatch.setattr(brokerage, "TRIANGLE_BLOCK", 7)  # several blocks and a partial one
    np.testing.assert_array_equal(brokerage.role_counts(g).to_numpy(), brute_roles(g))
    np.testing.assert_array_equal(brokerage.cross_sector_pairs(g), brute_cross_pairs(g))


def test_textbook_roles_on_a_directed_chain():
    # a → b → c with sectors chosen to produce each role at b
    cases = {
        ("civil", "civil", "civil"): "coordinator",
        ("civil", "public", "civil"): "itinerant",
        ("public", "civil", "civil"): "gatekeeper",
        ("civil", "civil", "public"): "representative",
        ("civil", "public", "private"): "liaison",
    }
    for sectors, role in cases.items():
        g = graph_from_edges([(0, 1), (1, 2)], sectors=list(sectors), directed=True)
        table = brokerage.brokerage_table(g)
        assert table.loc[1, role] == 1
        assert table.loc[1, "total"] == 1
        assert table.loc[1, "role"] == role
        assert table.loc[0, "role"] == ""


def test_closed_triad_is_no_brokerage():
    g = graph_from_edges(
        [(0, 1), (1, 2), (0, 2)], sectors=["civil", "public", "civil"], directed=True
    )
    assert brokerage.role_counts(g).to_numpy().sum() == 0
    # without a → c the path through b counts; c → a alone does not close it
    g = graph_from_edges(
        [(0, 1), (1, 2), (2, 0)], sectors=["civil", "public", "civil"], directed=True
    )
    assert brokerage.role_counts(g).loc[1, "itinerant"] == 1


def test_undirected_counts_each_open_pair_both_ways():
    g = graph_from_edges([(0, 1), (1, 2)], sectors=["civil", "civil", "public"])
    row = brokerage.role_counts(g).loc[1]
    assert (row["representative"], row["gatekeeper"], row["coordinator"]) == (1, 1, 0)


def test_ei_index_matches_definition():
    g = random_graph(60, 0.08, 9)
    twin = to_networkx(g)
    table = brokerage.ei_index(g)
    for v in range(g.n):
        ext = sum(g.sector[u] != g.sector[v] for u in twin.neighbors(v))
        internal = twin.degree(v) - ext
        assert (table.loc[v, "external_ties"], table.loc[v, "internal_ties"]) == (ext, internal)
        if ext + internal:
            assert table.loc[v, "ei_index"] == pytest.approx((ext - internal) / (ext + internal))
        else:
            assert np.isnan(table.loc[v, "ei_index"])


def test_sector_ei_counts_each_tie_once():
    g = graph_from_edges(
        [(0, 1), (1, 2), (2, 3), (3, 0)], sectors=["civil", "civil", "public", "private"]
    )
    table = brokerage.sector_ei(g).set_index("sector")
    assert table.loc["civil", ["internal", "external"]].tolist() == [1, 2]
    assert table.loc["public", ["internal", "external"]].tolist() == [0, 2]
    assert table.loc["civil", "ei_index"] == pytest.approx(1 / 3)
    assert np.isnan(table.loc["social_economy", "ei_index"])
    twin = to_networkx(g)
    assert table["internal"].sum() + table["external"].sum() / 2 == twin.number_of_edges()


def test_brokerage_table_columns():
    g = random_graph(30, 0.1, 2, directed=True)
    table = brokerage.brokerage_table(g)
    assert list(table.columns)[:12] == [
        "id", "name", "sector", "coordinator", "itinerant", "gatekeeper", "representative",
        "liaison", "total", "cross_sector_pairs", "ei_index", "role",
    ]  # fmt: skip
    assert (table["total"] == table[list(brokerage.ROLES)].sum(axis=1)).all()


# ---- expected values and z-scores against R sna::brokerage ---------------------------------
# Fixtures: tests/data/r_reference/sna_brokerage_pleven_{undirected,directed}.csv, written by
# tests/data/r_reference/brokerage.R (R 4.2.2, sna 2.7.1, network 1.18.1 — see
# brokerage_versions.txt) from the arcs that export_inputs.py wrote for datasets/pleven.
# sna's columns: w_I coordinator, w_O itinerant, b_OI gatekeeper, b_IO representative,
# b_O liaison.

REFERENCE = Path(__file__).parents[1] / "data" / "r_reference"
SNA_COLUMNS = {
    "coordinator": "w_I",
    "itinerant": "w_O",
    "gatekeeper": "b_OI",
    "representative": "b_IO",
    "liaison": "b_O",
}


@pytest.fixture(scope="module")
def pleven():
    return read_dataset(Path(__file__).parents[2] / "datasets" / "pleven")


@pytest.mark.parametrize("mode", ["undirected", "directed"])
def test_counts_expected_values_and_z_match_sna(pleven, mode):
    g = build_graph(pleven, GraphOptions(directed=mode == "directed"))
    ours = brokerage.brokerage_table(g)
    ref = pd.read_csv(REFERENCE / f"sna_brokerage_pleven_{mode}.csv")
    assert ours["id"].tolist() == ref["id"].tolist()
    for role, column in SNA_COLUMNS.items():
        np.testing.assert_array_equal(ours[role], ref[f"raw.{column}"])
        np.testing.assert_allclose(ours[f"{role}_expected"], ref[f"exp.{column}"], atol=1e-6)
        finite = np.isfinite(ref[f"z.{column}"].to_numpy(float))
        assert finite.sum() > 0.9 * len(ref)
        np.testing.assert_allclose(
            ours[f"{role}_z"].to_numpy()[finite], ref[f"z.{column}"][finite], atol=1e-6
        )


@pytest.mark.parametrize("directed", [False, True])
def test_role_is_the_highest_z_above_the_threshold(pleven, directed):
    g = build_graph(pleven, GraphOptions(directed=directed))
    table = brokerage.brokerage_table(g)
    z = table[[f"{r}_z" for r in brokerage.ROLES]].to_numpy()
    if not directed:
        np.testing.assert_array_equal(table["gatekeeper"], table["representative"])
        z[:, 3] = np.nan
    best = np.nanmax(np.where(np.isnan(z), -np.inf, z), axis=1)
    named = table["role"].to_numpy() != ""
    np.testing.assert_array_equal(named, best >= brokerage.ROLE_Z_MIN)
    for row, role in zip(np.flatnonzero(named), table["role"][named], strict=True):
        column = "gatekeeper" if role == brokerage.UNDIRECTED_GATEKEEPER else role
        assert table.loc[row, f"{column}_z"] == pytest.approx(best[row])
    assert "representative" not in set(table["role"]) or directed
    # the mayor's office: gatekeeper by raw count, liaison by z-score (see the example)
    mayor = table.set_index("id").loc["pl-adm-mayor"]
    assert mayor["role"] == "liaison"


def test_a_higher_threshold_names_fewer_roles(pleven):
    g = build_graph(pleven)
    loose = brokerage.brokerage_table(g, z_min=0.0)
    strict = brokerage.brokerage_table(g, z_min=3.0)
    assert (strict["role"] != "").sum() < (loose["role"] != "").sum()


def brute_sector_ei(g, labels: np.ndarray) -> dict[int, float]:
    twin = to_networkx(g).to_undirected()
    out = {}
    for s in np.unique(labels):
        internal = sum(labels[a] == s and labels[b] == s for a, b in twin.edges)
        external = sum((labels[a] == s) != (labels[b] == s) for a, b in twin.edges)
        out[s] = (external - internal) / (external + internal) if external + internal else np.nan
    return out


def test_sector_ei_expected_value_and_exact_permutation_p_value():
    sectors = ["civil"] * 4 + ["public"] * 3 + ["private"] * 2
    g = graph_from_edges(
        [(0, 1), (1, 2), (2, 3), (0, 3), (0, 4), (4, 5), (5, 7), (6, 8), (3, 6)],
        sectors=sectors,
    )
    table = brokerage.sector_ei(g, permutations=4000, seed=1).set_index("sector")
    n = 9
    for sector, size in (("civil", 4), ("public", 3), ("private", 2)):
        inside, outside = size * (size - 1) / 2, size * (n - size)
        assert table.loc[sector, "expected"] == pytest.approx(
            (outside - inside) / (outside + inside)
        )
    # exact p-value: every distinct assignment of the labels, equally likely under shuffling
    labels = np.array([SECTORS.index(s) for s in sectors])
    observed = brute_sector_ei(g, labels)
    assignments = {tuple(p) for p in permutations(labels.tolist())}
    for code, sector in ((2, "civil"), (0, "public")):
        expected = table.loc[sector, "expected"]
        hits = sum(
            abs(brute_sector_ei(g, np.array(a))[code] - expected)
            >= abs(observed[code] - expected) - 1e-12
            for a in assignments
        )
        assert table.loc[sector, "p_value"] == pytest.approx(hits / len(assignments), abs=0.03)
