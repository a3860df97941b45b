"""Brokerage roles, cross-sector pairs and E-I index against brute-force networkx counts."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from stakeholder_graph.network import brokerage
from stakeholder_graph.network.graph import graph_from_edges
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
