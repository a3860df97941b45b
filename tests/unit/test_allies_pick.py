"""Compiled selection of potential allies against the sort-based formulations they replace."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.network.allies import potential_allies
from stakeholder_graph.network.allies_kernel import shared_entries
from stakeholder_graph.network.allies_pick import per_org_best, top_shared
from stakeholder_graph.network.allies_text import ranked_codes, ranked_labels
from stakeholder_graph.network.graph import build_graph

from .test_allies import random_network


def sorted_per_org(lo, hi, score, per_org):
    """The former formulation: one sort of every (organization, rank) entry."""
    m = len(score)
    chosen = np.zeros(m, dtype=bool)
    rank = np.empty(m, dtype=np.int64)
    rank[np.argsort(-score, kind="stable")] = np.arange(m)
    org = np.r_[lo, hi].astype(np.int64)
    idx = np.r_[np.arange(m), np.arange(m)]
    order = np.argsort(org * m + rank[idx], kind="stable")
    sorted_org = org[order]
    within = np.arange(len(org)) - np.searchsorted(sorted_org, sorted_org, side="left")
    chosen[idx[order[within < per_org]]] = True
    return chosen


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("per_org", [1, 2, 5])
def test_per_org_best_equals_the_sort(seed, per_org):
    rng = np.random.default_rng(seed)
    n = 40
    lo, hi = np.triu_indices(n, 1)
    keep = rng.random(len(lo)) < 0.3
    lo, hi = lo[keep], hi[keep]
    # few distinct scores: many ties, broken by position
    score = rng.integers(0, 6, len(lo)).astype(float)
    got = per_org_best(lo, hi, score, n, per_org)
    assert np.array_equal(got, sorted_per_org(lo, hi, score, per_org))
    # and by brute force: each chosen pair is within the best per_org of one of its two ends
    order = np.lexsort((np.arange(len(lo)), -score))
    for org in range(n):
        mine = order[(lo[order] == org) | (hi[order] == org)][:per_org]
        assert got[mine].all()


def random_strength(seed: int, n: int = 60, density: float = 0.15) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    upper = sp.triu(sp.random(n, n, density, random_state=seed, format="csr"), 1)
    # rounded values: equal contributions happen, and ties must break by column
    upper.data = np.round(upper.data * 4) / 4 + 0.25
    s = (upper + upper.T).tocsr()
    s.sort_indices()
    return s, rng


@pytest.mark.parametrize("seed", range(6))
def test_top_shared_equals_listing_and_sorting(seed):
    s, rng = random_strength(seed)
    n = s.shape[0]
    # a hub row with many entries exercises the binary-search path of the merge
    s = s.tolil()
    s[0, 1:] = 1.0
    s[1:, 0] = 1.0
    s = s.tocsr()
    s.sort_indices()
    weights = np.round(rng.random(n) * 3) / 3
    lo, hi = np.triu_indices(n, 1)
    for k in (1, 3, 5):
        got = top_shared(s.indptr, s.indices, s.data, weights, lo, hi, k, threads=2)
        row, pa, pb = shared_entries(s.indptr, s.indices, lo, hi)
        col = s.indices[pa].astype(np.int64)
        carried = s.data[pa] * s.data[pb] * weights[col]
        codes, count = ranked_codes(row, col, -carried, len(lo), k)
        assert np.array_equal(
            got,
            codes[:, :k]
            if codes.shape[1] >= k
            else np.pad(codes, ((0, 0), (0, k - codes.shape[1])), constant_values=-1),
        )
        # the names the former code listed are the same
        labels, _ = ranked_labels(row, col.astype(str).astype(object), -carried, col, len(lo), k)
        for r in range(k):
            expected = np.where(got[:, r] >= 0, got[:, r].astype(str), "")
            assert np.array_equal(labels[r].astype(str), expected)
        assert np.array_equal(count, np.bincount(row, minlength=len(lo)))


@pytest.mark.parametrize("seed", range(3))
def test_table_unchanged_by_thread_count(seed, monkeypatch):
    g = build_graph(random_network(seed, n=40, m=80))
    params = AnalysisParams(allies_top_k=20, allies_per_org=2)
    one = potential_allies(g, params)
    from stakeholder_graph.network import allies_kernel

    monkeypatch.setattr(allies_kernel, "available_cores", lambda: 3)
    monkeypatch.setattr(allies_kernel, "_chunks", lambda m, t: [(0, m // 2), (m // 2, m)])
    other = potential_allies(g, params)
    assert one.equals(other)
    assert len(one) and one["reasons"].str.len().min() > 0
