"""The single-pass path kernel: networkx cross-checks, threads, sampling and its stated error."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from stakeholder_graph.network import brandes_kernel, paths
from stakeholder_graph.network.graph import graph_from_edges
from tests.unit.graph_helpers import as_array, random_graph, to_networkx

TOL = 1e-9


@pytest.mark.parametrize("directed", [False, True])
def test_one_pass_matches_networkx_with_isolates_and_components(directed):
    g = random_graph(120, 0.012, 31, directed=directed)
    twin = to_networkx(g)
    assert nx.number_of_isolates(twin) > 0
    result = paths.path_measures(g)
    between = as_array(nx.betweenness_centrality(twin, normalized=False), g.n)
    closeness = as_array(nx.closeness_centrality(twin, wf_improved=True), g.n)
    harmonic = as_array(nx.harmonic_centrality(twin), g.n) / (g.n - 1)
    np.testing.assert_allclose(result.betweenness, between, atol=TOL, rtol=0)
    np.testing.assert_allclose(result.closeness, closeness, atol=TOL, rtol=0)
    np.testing.assert_allclose(result.harmonic, harmonic, atol=TOL, rtol=0)
    normalised = as_array(nx.betweenness_centrality(twin, normalized=True), g.n)
    np.testing.assert_allclose(result.betweenness_norm, normalised, atol=TOL, rtol=0)
    assert result.exact and result.error == {}


def test_wasserman_faust_closeness_by_hand():
    # path 0-1-2 and a separate pair 3-4: for vertex 0, r = 2 of n - 1 = 4, Σd = 3
    g = graph_from_edges([(0, 1), (1, 2), (3, 4)])
    result = paths.path_measures(g)
    assert result.closeness[0] == pytest.approx((2 / 4) * (2 / 3))
    assert result.closeness[1] == pytest.approx((2 / 4) * (2 / 2))
    assert result.closeness[3] == pytest.approx((1 / 4) * (1 / 1))
    assert result.harmonic[0] == pytest.approx((1 + 0.5) / 4)


def test_every_thread_count_gives_the_same_numbers(monkeypatch):
    monkeypatch.setattr(paths, "PARALLEL_MIN_VERTICES", 10)
    g = random_graph(400, 0.015, 12)
    one = paths.path_measures(g, processes=1)
    many = paths.path_measures(g, processes=64)
    assert one.processes == 1
    assert many.processes == brandes_kernel.thread_count(None) <= brandes_kernel.available_cores()
    np.testing.assert_allclose(many.betweenness, one.betweenness, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(many.closeness, one.closeness, rtol=1e-12)


def test_csr_arrays_list_each_neighbour():
    g = graph_from_edges([(0, 2), (1, 2), (2, 3)], n=5)
    indptr, indices = paths.csr_arrays(g)
    rows = [sorted(indices[indptr[i] : indptr[i + 1]].tolist()) for i in range(5)]
    assert rows == [[2], [2], [0, 1, 3], [2], []]
    directed = graph_from_edges([(0, 2), (2, 0), (1, 2)], directed=True)
    indptr, indices = paths.csr_arrays(directed)
    rows = [sorted(indices[indptr[i] : indptr[i + 1]].tolist()) for i in range(3)]
    assert rows == [[2], [2], [0]]


def test_fixed_pivots_scale_and_report_their_error():
    g = random_graph(1500, 0.004, 5)
    exact = paths.path_measures(g)
    sampled = paths.path_measures(g, exact_threshold=100, pivots=300, seed=2)
    assert not sampled.exact and sampled.pivots == 300
    assert sampled.error["criterion"] == "pivots" and sampled.error["confidence"] == 0.95
    assert spearmanr(sampled.betweenness, exact.betweenness)[0] > 0.9
    assert spearmanr(sampled.closeness, exact.closeness)[0] > 0.95
    assert sampled.betweenness.sum() == pytest.approx(exact.betweenness.sum(), rel=0.1)
    assert ((sampled.betweenness_norm >= 0) & (sampled.betweenness_norm <= 1)).all()
    # the stated 95 % half-width of the top 1 % covers most of their actual errors
    top = np.argsort(-sampled.betweenness)[: g.n // 100]
    actual = np.abs(sampled.betweenness[top] - exact.betweenness[top]) / sampled.betweenness[top]
    assert np.median(actual) <= sampled.error["top1_relative_halfwidth"]


def test_adaptive_sampling_stops_at_the_target_and_more_sources_lower_the_error():
    g = random_graph(3000, 0.002, 9)
    loose = paths.path_measures(g, exact_threshold=100, error_target=0.6, seed=4)
    tight = paths.path_measures(g, exact_threshold=100, error_target=0.2, seed=4)
    assert loose.error["criterion"] == "adaptive" and loose.error["target"] == 0.6
    assert loose.error["top1_relative_halfwidth"] <= 0.6
    assert paths.MIN_PIVOTS <= loose.pivots < tight.pivots <= paths.MAX_PIVOTS
    assert tight.error["top1_relative_halfwidth"] < loose.error["top1_relative_halfwidth"]
    again = paths.path_measures(g, exact_threshold=100, error_target=0.2, seed=4)
    np.testing.assert_array_equal(again.betweenness, tight.betweenness)


def test_sampling_error_vanishes_when_every_vertex_is_a_source():
    g = random_graph(200, 0.03, 3)
    indptr, indices = paths.csr_arrays(g)
    parts = brandes_kernel.searches(indptr, indices, np.arange(g.n), 1, squares=True)
    estimate = parts[0] * 0.5
    error = paths.sampling_error(estimate, parts[1], g.n, g.n, (g.n - 1) * (g.n - 2) / 2, 0.5)
    assert error["top1_relative_halfwidth"] == 0.0 and error["max_norm_halfwidth"] == 0.0


def test_locality_order_renumbers_the_same_graph():
    g = random_graph(300, 0.02, 8, directed=True)
    indptr, indices = paths.csr_arrays(g)
    new_ptr, new_idx, rank = paths.locality_order(indptr, indices)
    assert sorted(rank.tolist()) == list(range(g.n))
    old_arcs = {
        (int(rank[u]), int(rank[v])) for u in range(g.n) for v in indices[indptr[u] : indptr[u + 1]]
    }
    new_arcs = {(u, int(v)) for u in range(g.n) for v in new_idx[new_ptr[u] : new_ptr[u + 1]]}
    assert new_arcs == old_arcs and len(new_idx) == len(indices)


@pytest.mark.parametrize("directed", [False, True])
def test_renumbered_searches_match_networkx(monkeypatch, directed):
    monkeypatch.setattr(paths, "REORDER_MIN_VERTICES", 10)
    monkeypatch.setattr(paths, "PARALLEL_MIN_VERTICES", 10)
    g = random_graph(250, 0.015, 17, directed=directed)
    twin = to_networkx(g)
    result = paths.path_measures(g)
    expected = nx.betweenness_centrality(twin, normalized=False)
    np.testing.assert_allclose(result.betweenness, as_array(expected, g.n), rtol=TOL, atol=TOL)
    closeness = nx.closeness_centrality(twin, wf_improved=True)
    np.testing.assert_allclose(result.closeness, as_array(closeness, g.n), rtol=TOL, atol=TOL)
    harmonic = as_array(nx.harmonic_centrality(twin), g.n) / (g.n - 1)
    np.testing.assert_allclose(result.harmonic, harmonic, rtol=TOL, atol=TOL)
    # sampled: the same sources, drawn by their original numbers, whatever the renumbering
    sampled = paths.path_measures(g, exact_threshold=10, pivots=60, seed=3)
    monkeypatch.setattr(paths, "REORDER_MIN_VERTICES", 10**9)
    plain = paths.path_measures(g, exact_threshold=10, pivots=60, seed=3)
    np.testing.assert_allclose(sampled.betweenness, plain.betweenness, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(sampled.harmonic, plain.harmonic, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("lanes", [1, 3, 8, 64])
def test_any_number_of_sources_searched_together_gives_the_same_numbers(lanes):
    # 130 sources: two full words of 64 and a partial one, and the same source twice
    g = random_graph(130, 0.03, 21, directed=True)
    indptr, indices = paths.csr_arrays(g)
    sources = np.r_[np.arange(g.n), 5]
    one_by_one = brandes_kernel.searches(indptr, indices, sources, 1, squares=True, lanes=1)
    together = brandes_kernel.searches(indptr, indices, sources, 2, squares=True, lanes=lanes)
    for a, b in zip(one_by_one, together, strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-9)
    twin = to_networkx(g)
    between = as_array(nx.betweenness_centrality(twin, normalized=False), g.n)
    extra = as_array(nx.betweenness_centrality_subset(twin, [5], list(twin.nodes)), g.n)
    np.testing.assert_allclose(together[0], between + extra, rtol=1e-9, atol=1e-9)


def test_long_paths_grow_the_level_lists():
    # a path of 600 vertices: 64 searches from one end keep most vertices on distinct levels,
    # so the (vertex, lanes) entries outgrow their first allocation (4 n)
    n = 600
    g = graph_from_edges([(i, i + 1) for i in range(n - 1)])
    twin = to_networkx(g)
    result = paths.path_measures(g)
    between = as_array(nx.betweenness_centrality(twin, normalized=False), n)
    np.testing.assert_allclose(result.betweenness, between, rtol=1e-12, atol=1e-9)
    harmonic = as_array(nx.harmonic_centrality(twin), n) / (n - 1)
    np.testing.assert_allclose(result.harmonic, harmonic, rtol=1e-12, atol=1e-12)


def _linear_dependencies_brute_force(g, source: int) -> np.ndarray:
    """Σ_t σ_st(v)/σ_st · d(s, v)/d(s, t) for every v, from all shortest-path counts."""
    twin = to_networkx(g)
    n = g.n
    dist = np.full((n, n), np.inf)
    count = np.zeros((n, n))
    for u in range(n):
        for v, d in nx.single_source_shortest_path_length(twin, u).items():
            dist[u, v] = d
        count[u, u] = 1.0
        for v in sorted((v for v in range(n) if np.isfinite(dist[u, v])), key=lambda v: dist[u, v]):
            if v != u:
                count[u, v] = sum(count[u, w] for w in twin[v] if dist[u, w] == dist[u, v] - 1)
    s = source
    out = np.zeros(n)
    for v in range(n):
        for t in range(n):
            if len({s, v, t}) < 3 or not np.isfinite(dist[s, t]):
                continue
            if dist[s, v] + dist[v, t] == dist[s, t]:
                share = count[s, v] * count[v, t] / count[s, t]
                out[v] += share * dist[s, v] / dist[s, t]
    return out


@pytest.mark.parametrize("lanes", [1, 5, 64])
def test_linear_scaling_matches_brute_force_and_sums_to_betweenness(lanes):
    g = random_graph(70, 0.06, 12)
    indptr, indices = paths.csr_arrays(g)
    for source in (0, 33):
        one = brandes_kernel.searches(indptr, indices, np.array([source]), 1, linear=True)[0]
        np.testing.assert_allclose(one, _linear_dependencies_brute_force(g, source), atol=1e-9)
    every = brandes_kernel.searches(
        indptr, indices, np.arange(g.n), 2, squares=True, lanes=lanes, linear=True
    )
    between = as_array(nx.betweenness_centrality(to_networkx(g), normalized=False), g.n)
    np.testing.assert_allclose(every[0], between, rtol=1e-9, atol=1e-9)  # not twice it
    classic = brandes_kernel.searches(indptr, indices, np.arange(g.n), 1, lanes=lanes)
    np.testing.assert_allclose(every[2:], classic[2:], rtol=1e-12, atol=1e-12)  # distances
    assert (every[1] <= every[0] ** 2 + 1e-9).all() and (every[1] > 0).any()
