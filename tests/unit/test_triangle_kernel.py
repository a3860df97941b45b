"""The compiled triangle list and Burt's indirect shares against igraph and brute force."""

from __future__ import annotations

import numpy as np
import pytest

from stakeholder_graph.network import triangle_kernel
from tests.unit.graph_helpers import random_graph


@pytest.mark.parametrize("directed", [False, True])
def test_triangles_are_igraphs_each_once_in_order(directed):
    g = random_graph(150, 0.08, 21, directed=directed)
    found = g.triangles
    expected = sorted(tuple(sorted(t)) for t in g.undirected_graph.list_triangles())
    assert len(expected) > 50
    assert [tuple(t) for t in found.tolist()] == expected


def test_indirect_shares_match_the_dense_sum():
    rng = np.random.default_rng(5)
    n = 40
    upper = np.triu(rng.random((n, n)) < 0.2, k=1)
    u, v = np.nonzero(upper)
    w = rng.uniform(0.5, 3.0, len(u))
    dense = np.zeros((n, n))
    dense[u, v] = dense[v, u] = w
    p = dense / np.maximum(dense.sum(axis=1, keepdims=True), 1e-300)
    indptr, heads, arc_w = triangle_kernel.symmetric_csr(u, v, n, w)
    tails = np.repeat(np.arange(n), np.diff(indptr))
    s = dense.sum(axis=1)
    got = triangle_kernel.indirect_shares(indptr, heads, arc_w / s[tails], arc_w / s[heads])
    two_step = p @ p  # Σ_q p_iq p_qj; the q = i and q = j terms vanish (no self-ties)
    np.testing.assert_allclose(got, two_step[tails, heads], rtol=1e-12, atol=1e-15)
