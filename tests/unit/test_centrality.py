"""Centrality: known answers on classic graphs and a cross-check against networkx to 1e-9."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from stakeholder_graph.network import centrality, paths
from stakeholder_graph.network.graph import graph_from_edges
from tests.unit.graph_helpers import (
    as_array,
    from_networkx,
    leading_eigenvector,
    random_graph,
    to_networkx,
)

TOL = 1e-9

CLASSIC = {
    "florentine": nx.florentine_families_graph,
    "kite": nx.krackhardt_kite_graph,
    "karate": nx.karate_club_graph,
}


def _twin_pairs():
    """(name, CooperationGraph, networkx twin) for classic and random graphs, both modes."""
    for name, make in CLASSIC.items():
        base = make()
        weight = "weight" if name == "karate" else None
        g, _ = from_networkx(base, weight=weight)
        yield name, g, to_networkx(g)
    for seed, directed in ((1, False), (2, True), (3, False), (4, True)):
        # sparse enough to leave several components and isolates
        g = random_graph(70, 0.035, seed, directed=directed)
        yield f"random-{seed}-{'directed' if directed else 'undirected'}", g, to_networkx(g)
    g = random_graph(40, 0.2, 5, directed=True)  # dense directed: many mutual ties
    yield "random-dense-directed", g, to_networkx(g)


TWINS = list(_twin_pairs())
IDS = [t[0] for t in TWINS]


def test_krackhardt_kite_known_betweenness():
    # Krackhardt (1990): Heather (vertex 7) lies on 14 of the shortest paths; Ike (8) on 8
    g, _ = from_networkx(nx.krackhardt_kite_graph())
    paths = centrality.path_measures(g)
    assert paths.betweenness[7] == pytest.approx(14.0)
    assert paths.betweenness[8] == pytest.approx(8.0)
    assert paths.betweenness[9] == 0.0
    assert paths.betweenness_norm[7] == pytest.approx(14.0 / 36.0)


def test_florentine_medici_brokerage_position():
    # Padgett's Florentine families: the Medici have the highest betweenness (0.522 normalised)
    g, nodes = from_networkx(nx.florentine_families_graph())
    paths = centrality.path_measures(g)
    medici = nodes.index("Medici")
    assert int(np.argmax(paths.betweenness)) == medici
    assert paths.betweenness_norm[medici] == pytest.approx(0.5219, abs=1e-4)


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_betweenness_matches_networkx(name, g, twin):
    paths = centrality.path_measures(g)
    raw = as_array(nx.betweenness_centrality(twin, normalized=False), g.n)
    norm = as_array(nx.betweenness_centrality(twin, normalized=True), g.n)
    assert paths.exact and paths.pivots == g.n
    np.testing.assert_allclose(paths.betweenness, raw, atol=TOL, rtol=0)
    np.testing.assert_allclose(paths.betweenness_norm, norm, atol=TOL, rtol=0)


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_closeness_and_harmonic_match_networkx(name, g, twin):
    paths = centrality.path_measures(g)
    closeness = as_array(nx.closeness_centrality(twin, wf_improved=True), g.n)
    harmonic = as_array(nx.harmonic_centrality(twin), g.n) / (g.n - 1)
    np.testing.assert_allclose(paths.closeness, closeness, atol=TOL, rtol=0)
    np.testing.assert_allclose(paths.harmonic, harmonic, atol=TOL, rtol=0)


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_pagerank_matches_networkx(name, g, twin):
    expected = as_array(nx.pagerank(twin, weight="weight", tol=1e-15, max_iter=100_000), g.n)
    np.testing.assert_allclose(centrality.pagerank(g), expected, atol=TOL, rtol=0)


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_eigenvector_matches_dense_leading_eigenvector(name, g, twin):
    undirected = nx.Graph()
    undirected.add_nodes_from(range(g.n))
    e = g.undirected_edges
    undirected.add_weighted_edges_from(zip(e["u"], e["v"], e["weight"], strict=True))
    expected = leading_eigenvector(undirected, g.n)
    np.testing.assert_allclose(centrality.eigenvector(g), expected, atol=TOL, rtol=0)


def test_eigenvector_follows_the_densest_component_not_the_largest():
    # a 6-clique (λ = 5) beside a 20-organization path (λ < 2): the clique carries the vector
    clique = [(i, j) for i in range(6) for j in range(i + 1, 6)]
    path = [(6 + i, 7 + i) for i in range(19)]
    g = graph_from_edges(clique + path)
    values = centrality.eigenvector(g)
    assert values[:6].tolist() == pytest.approx([1.0] * 6)
    assert (values[6:] == 0).all()
    assert centrality.eigenvector_coverage(g, values) == 20


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_constraint_matches_networkx(name, g, twin):
    expected = as_array(nx.constraint(twin, weight="weight"), g.n)
    mine = centrality.constraint(g)
    assert np.array_equal(np.isnan(mine), np.isnan(expected))
    np.testing.assert_allclose(mine, expected, atol=TOL, rtol=0, equal_nan=True)
    ours_igraph = np.asarray(g.graph.constraint(weights="weight"))
    np.testing.assert_allclose(mine, ours_igraph, atol=TOL, rtol=0, equal_nan=True)


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_coreness_matches_networkx(name, g, twin):
    expected = as_array(nx.core_number(twin.to_undirected()), g.n)
    assert centrality.coreness(g).tolist() == expected.astype(int).tolist()


@pytest.mark.parametrize(("name", "g", "twin"), TWINS, ids=IDS)
def test_degrees_match_networkx(name, g, twin):
    table = centrality.degrees(g)
    partners = as_array(dict(twin.to_undirected().degree()), g.n)
    assert table["degree"].tolist() == partners.astype(int).tolist()
    if g.directed:
        assert table["in_degree"].tolist() == [d for _, d in sorted(twin.in_degree())]
        assert table["out_degree"].tolist() == [d for _, d in sorted(twin.out_degree())]
        strength = as_array(dict(twin.in_degree(weight="weight")), g.n) + as_array(
            dict(twin.out_degree(weight="weight")), g.n
        )
    else:
        assert table["in_degree"].tolist() == table["degree"].tolist()
        strength = as_array(dict(twin.degree(weight="weight")), g.n)
    np.testing.assert_allclose(table["strength"], strength, atol=TOL)


def test_communities_on_karate_reach_known_modularity():
    base = nx.karate_club_graph()
    g, _ = from_networkx(base)
    labels = centrality.communities(g, seed=7)
    parts = [set(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)]
    # the best partition of the unweighted karate club has modularity 0.4198 (Brandes et al.)
    assert nx.community.modularity(base, parts, weight=None) == pytest.approx(0.4198, abs=1e-3)
    sizes = np.bincount(labels)
    assert list(sizes) == sorted(sizes, reverse=True)
    assert np.array_equal(labels, centrality.communities(g, seed=7))


def test_communities_separate_two_cliques():
    edges = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    edges += [(a, b) for a in range(5, 12) for b in range(a + 1, 12)] + [(4, 5)]
    labels = centrality.communities(graph_from_edges(edges))
    assert labels.tolist() == [1] * 5 + [0] * 7


def test_two_processes_equal_one(monkeypatch):
    monkeypatch.setattr(paths, "PARALLEL_MIN_VERTICES", 10)
    for directed in (False, True):
        g = random_graph(300, 0.02, 11, directed=directed)
        one = centrality.path_measures(g, processes=1)
        two = centrality.path_measures(g, processes=2)
        assert (one.processes, two.processes) == (1, 2)
        np.testing.assert_allclose(two.betweenness, one.betweenness, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(two.closeness, one.closeness, atol=1e-12)
        np.testing.assert_allclose(two.harmonic, one.harmonic, atol=1e-12)
        expected = as_array(nx.betweenness_centrality(to_networkx(g), normalized=False), g.n)
        np.testing.assert_allclose(two.betweenness, expected, atol=TOL)


def test_sampled_paths_rank_like_exact():
    g = random_graph(3000, 0.0015, 21)
    exact = centrality.path_measures(g, processes=1)
    sampled = centrality.path_measures(g, exact_threshold=1000, pivots=300, seed=3, processes=1)
    assert not sampled.exact and sampled.pivots == 300
    assert spearmanr(sampled.betweenness, exact.betweenness)[0] > 0.9
    assert spearmanr(sampled.closeness, exact.closeness)[0] > 0.9
    assert spearmanr(sampled.harmonic, exact.harmonic)[0] > 0.9
    # scaled by n / pivots, the estimate keeps the total of the exact betweenness
    assert sampled.betweenness.sum() == pytest.approx(exact.betweenness.sum(), rel=0.1)


def test_more_pivots_than_vertices_is_exact():
    g = random_graph(50, 0.1, 8)
    paths = centrality.path_measures(g, exact_threshold=10, pivots=500)
    assert paths.exact and paths.pivots == 50


def test_centralization_of_star_and_ring():
    star = graph_from_edges([(0, i) for i in range(1, 8)])
    ring = graph_from_edges([(i, (i + 1) % 8) for i in range(8)])
    for g, expected in ((star, 1.0), (ring, 0.0)):
        degree = centrality.degrees(g)["degree"].to_numpy()
        between = centrality.path_measures(g).betweenness_norm
        assert centrality.degree_centralization(degree) == pytest.approx(expected)
        assert centrality.betweenness_centralization(between) == pytest.approx(expected)


def test_isolates_get_zero_closeness_and_nan_constraint():
    g = graph_from_edges([(0, 1)], n=3)
    paths = centrality.path_measures(g)
    assert paths.closeness.tolist() == [0.5, 0.5, 0.0]  # reach 1 of 2: (1/2)·(1/1)
    assert paths.harmonic.tolist() == [0.5, 0.5, 0.0]
    assert np.isnan(centrality.constraint(g)[2])
    assert centrality.eigenvector(g).tolist() == [1.0, 1.0, 0.0]


def test_centrality_table_columns():
    g = random_graph(30, 0.1, 4)
    table, paths = centrality.centrality_table(g)
    assert list(table.columns) == [
        "id", "name", "sector", "degree", "in_degree", "out_degree", "strength",
        "betweenness", "betweenness_norm", "closeness", "harmonic", "pagerank",
        "eigenvector", "constraint", "coreness", "community",
    ]  # fmt: skip
    assert table["id"].tolist() == g.ids.tolist()
    assert table["pagerank"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("dataset", "reached_once"), [("pleven", "pl-bus-employers"), ("dk-social", "dk-adm-boern")]
)
def test_closeness_never_ranks_a_one_partner_organization_first(dataset, reached_once):
    # directed mode: these organizations are reached by one or two partners at distance 1; plain
    # r/Σd gave them 1.0, the top of the ranking
    from pathlib import Path

    from stakeholder_graph.dataset.reader import read_dataset
    from stakeholder_graph.network.graph import GraphOptions, build_graph

    data = read_dataset(Path(__file__).parents[2] / "datasets" / dataset)
    g = build_graph(data, GraphOptions(directed=True))
    paths = centrality.path_measures(g)
    at = g.ids.tolist().index(reached_once)
    reach = np.asarray(g.graph.neighborhood_size(order=g.n, mode="in")) - 1
    dist = np.asarray(g.graph.distances(target=[at], mode="out"), dtype=float).ravel()
    reached = np.isfinite(dist) & (dist > 0)
    assert reach[at] == reached.sum() <= 2 and (dist[reached] == 1).all()
    r = reached.sum()
    assert paths.closeness[at] == pytest.approx(r / (g.n - 1) * r / dist[reached].sum())
    assert paths.closeness.argmax() != at
    top = np.argsort(-paths.closeness)[:5]
    assert (reach[top] > 1).all()
