"""The compiled candidate search keeps exactly the pairs of the sparse-matrix formulation it
replaces (the full product, masked, each crowded row ranked by a stable sort), and the kernel's
partner sums equal the listed shared entries summed pair by pair, to the last bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from stakeholder_graph.dataset.generate import generate_dataset
from stakeholder_graph.dataset.model import in_key_order
from stakeholder_graph.network import allies_candidates
from stakeholder_graph.network.allies_kernel import shared_entries, shared_weighted_sums
from stakeholder_graph.network.allies_topk import PARTNER_RANK, THEME_RANK
from stakeholder_graph.network.graph import build_graph


def _reference_pairs(left, right, mask, per_row, kind, starts, ends, **ranking) -> np.ndarray:
    """The former formulation: the whole product per block, masked by sparse operations, the
    best ``per_row`` of each crowded row by one stable argsort of ``row + ½(1 − v / max)``."""
    n = left.shape[0]
    muni, sector, comp_table = ranking["muni"], ranking["sector"], ranking["comp_table"]
    found = []
    for s, e in zip(starts, ends, strict=True):
        block = (left[s:e] @ right).tocsr()
        block = block - block.multiply(mask[s:e])
        block.eliminate_zeros()
        counts = np.diff(block.indptr)
        rows = np.repeat(np.arange(s, e, dtype=np.int64), counts)
        cols = block.indices.astype(np.int64)
        keep = np.ones(len(cols), dtype=bool)
        crowded = np.flatnonzero(counts > per_row) if per_row is not None else []
        if len(crowded):
            per = counts[crowded]
            positions = np.concatenate(
                [np.arange(block.indptr[r], block.indptr[r + 1]) for r in crowded]
            )
            keep[positions] = False
            r, c, x = rows[positions], cols[positions], block.data[positions]
            mr = muni[r]
            local = ranking["locality"] * ((mr == muni[c]) & (mr >= 0)) + ranking["base"]
            comp = comp_table[sector[r] * 5 + sector[c]]
            if kind == THEME_RANK:
                v = local * (1.0 + ranking["gain"] * x) * comp
            else:
                v = (np.sqrt(x) + local) * comp
            scaled = v / v.max() if v.max() > 0 else np.zeros_like(v)
            local_row = np.repeat(np.arange(len(crowded)), per)
            order = np.argsort(local_row + 0.5 * (1.0 - scaled), kind="stable")
            within = np.arange(len(order)) - (np.cumsum(per) - per)[local_row[order]]
            keep[positions[order[within < per_row]]] = True
        r, c = rows[keep], cols[keep]
        found.append(np.minimum(r, c) * n + np.maximum(r, c))
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory: pytest.TempPathFactory):
    folder = Path(tmp_path_factory.mktemp("topk")) / "g"
    return build_graph(in_key_order(generate_dataset(1500, 11, folder)))


@pytest.mark.parametrize("per_org", [3, 10])
def test_candidates_are_those_of_the_sparse_matrix_formulation(
    generated_graph, monkeypatch: pytest.MonkeyPatch, per_org: int
) -> None:
    g = generated_graph
    options = {
        "max_theme_df": 60,
        "max_partner_degree": 40,
        "partners_per_org": 4,
        "candidates_per_org": per_org,
        "exhaustive_below": 0,  # every limit applies: crowded rows everywhere
    }
    lo, hi = allies_candidates.candidate_pairs(g, **options)
    calls = []

    def reference(*args, **kwargs):
        calls.append(args[4])
        kwargs.pop("threads", None)
        return _reference_pairs(*args, **kwargs)

    monkeypatch.setattr(allies_candidates, "product_top_keys", reference)
    ref_lo, ref_hi = allies_candidates.candidate_pairs(g, **options)
    # themes, partners, and the busiest organizations' pass through all their partners
    assert sorted(calls) == sorted([THEME_RANK, PARTNER_RANK, PARTNER_RANK])
    assert len(lo) > 1000
    np.testing.assert_array_equal(lo, ref_lo)
    np.testing.assert_array_equal(hi, ref_hi)


def test_threads_do_not_change_the_candidates(generated_graph, monkeypatch) -> None:
    from stakeholder_graph.network import allies_topk

    options = {"exhaustive_below": 0, "candidates_per_org": 5}
    monkeypatch.setattr(allies_candidates, "_BLOCK_BUDGET", 20_000)  # many blocks
    many = allies_candidates.candidate_pairs(generated_graph, **options)
    original = allies_topk.product_top_keys
    monkeypatch.setattr(
        allies_candidates,
        "product_top_keys",
        lambda *a, **k: original(*a, **{**k, "threads": 1}),
    )
    one = allies_candidates.candidate_pairs(generated_graph, **options)
    for a, b in zip(many, one, strict=True):
        np.testing.assert_array_equal(a, b)


def test_partner_sums_equal_the_shared_entries_summed_pair_by_pair() -> None:
    rng = np.random.default_rng(5)
    n = 400
    m = sp.random(n, n, density=0.05, random_state=6, format="csr")
    m = (m + m.T).tocsr()
    m.sort_indices()
    weights = rng.random(n)
    lo = rng.integers(0, n, 120_000)
    hi = rng.integers(0, n, 120_000)
    pair, pa, pb = shared_entries(m.indptr, m.indices, lo, hi, threads=1)
    flow = m.data[pa] * m.data[pb] * weights[m.indices[pa]]
    expected = np.bincount(pair, weights=flow, minlength=len(lo))
    sums, counts = shared_weighted_sums(m.indptr, m.indices, m.data, weights, lo, hi, threads=2)
    assert np.array_equal(sums, expected)  # bit for bit: the same additions in the same order
    np.testing.assert_array_equal(counts, np.bincount(pair, minlength=len(lo)))
    threaded = shared_entries(m.indptr, m.indices, lo, hi, threads=2)
    for a, b in zip(threaded, (pair, pa, pb), strict=True):
        np.testing.assert_array_equal(a, b)
