"""Potential allies: candidates, components and ranking against brute force and networkx."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.dataset.model import SECTORS, NetworkData, coerce_table
from stakeholder_graph.network.allies import (
    COMPLEMENTARITY,
    WEIGHTS,
    candidate_pairs,
    potential_allies,
)
from stakeholder_graph.network.graph import GraphOptions, build_graph, graph_from_edges

NO_LIMITS = {
    "max_theme_df": None,
    "max_partner_degree": None,
    "partners_per_org": None,
    "candidates_per_org": None,
}
EVERYTHING = AnalysisParams(allies_top_k=10**9, allies_per_org=0)


def random_network(seed: int, n: int = 30, m: int = 40, themes: int = 8) -> NetworkData:
    rng = np.random.default_rng(seed)
    ids = [f"o{i:02d}" for i in range(n)]
    vocab = [f"theme_{t}" for t in range(themes)]
    orgs = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Org {i}" for i in range(n)],
            "sector": rng.choice(SECTORS, n),
            "municipality": rng.choice(["Pleven", "Lovech", ""], n),
            "themes": [
                ";".join(rng.choice(vocab, rng.integers(0, 4), replace=False)) for _ in range(n)
            ],
        }
    )
    src, tgt = rng.integers(0, n, m), rng.integers(0, n, m)
    inter = pd.DataFrame(
        {
            "id": [str(i) for i in range(m)],
            "source": [ids[i] for i in src],
            "target": [ids[i] for i in tgt],
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, m), unit="D"),
        }
    )
    acts = pd.DataFrame({"id": ["a1", "a2"], "name": ["Council", "Project"], "kind": "council"})
    members = rng.choice(n, 5, replace=False)
    part = pd.DataFrame({"activity": "a1", "organization": [ids[i] for i in members]})
    return NetworkData(
        coerce_table("organizations", orgs),
        coerce_table("interactions", inter),
        coerce_table("activities", acts),
        coerce_table("participation", part),
    )


def tie_graph(g) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(g.n))
    graph.add_edges_from(zip(g.edges["u"], g.edges["v"], strict=True))
    return graph


def brute_force(g) -> pd.DataFrame:
    """Every untied pair sharing a theme or a partner, with its components, by plain loops."""
    graph = tie_graph(g)
    for u, v, w in zip(*(g.undirected_edges[c] for c in ("u", "v", "weight")), strict=True):
        graph[u][v]["s"] = math.log2(1 + w)
    total = {z: sum(d["s"] for _, _, d in graph.edges(z, data=True)) for z in graph}
    themes = [set(g.theme_names[g.themes[i].indices]) for i in range(g.n)]
    df = {t: sum(t in s for s in themes) for t in g.theme_names}
    unit = max(math.log(g.n), 1.0)
    u2 = {t: (math.log(g.n / df[t]) / unit) ** 2 for t in g.theme_names}

    def specificity(i: int, j: int) -> float:
        return sum(u2[t] for t in themes[i] & themes[j])

    # theme gain: specificity of tied pairs over that of all pairs
    everyone = np.mean([specificity(i, j) for i, j in itertools.combinations(range(g.n), 2)])
    tied = np.mean([specificity(i, j) for i, j in graph.edges]) if graph.number_of_edges() else 0
    lift = tied / everyone if everyone > 0 else 0.0
    gain = WEIGHTS["theme"] * max(lift - 1, 0) + WEIGHTS["theme_floor"]
    rows = []
    for i, j in itertools.combinations(range(g.n), 2):
        if graph.has_edge(i, j):
            continue
        shared_t = themes[i] & themes[j]
        shared_p = set(graph[i]) & set(graph[j])
        if not shared_t and not shared_p:
            continue
        partner = sum(graph[i][z]["s"] * graph[j][z]["s"] / total[z] for z in shared_p)
        comp = COMPLEMENTARITY[g.sector_code[i], g.sector_code[j]]
        same = g.municipality[i] != "" and g.municipality[i] == g.municipality[j]
        rows.append(
            {
                "i": i,
                "j": j,
                "theme": sum(math.log(g.n / df[t]) for t in shared_t),
                "partner": partner,
                "shared": len(shared_p),
                "comp": comp,
                "same": same,
                "score": (math.sqrt(partner) + WEIGHTS["locality"] * same + WEIGHTS["base"])
                * (1 + gain * specificity(i, j))
                * (1 + WEIGHTS["complementarity"] * comp),
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", range(6))
def test_candidates_equal_brute_force_without_limits(seed):
    g = build_graph(random_network(seed))
    lo, hi = candidate_pairs(g, **NO_LIMITS)
    expected = brute_force(g)
    assert set(zip(lo.tolist(), hi.tolist(), strict=True)) == set(
        zip(expected["i"], expected["j"], strict=True)
    )


@pytest.mark.parametrize("seed", range(4))
def test_small_networks_are_scored_exhaustively_with_the_default_limits(seed):
    g = build_graph(random_network(seed, n=40, m=80))
    lo, hi = candidate_pairs(g)
    lo2, hi2 = candidate_pairs(g, **NO_LIMITS)
    assert np.array_equal(lo, lo2) and np.array_equal(hi, hi2)


@pytest.mark.parametrize("seed", range(4))
def test_forced_limits_give_a_subset_of_untied_candidates(seed):
    g = build_graph(random_network(seed, n=60, m=150, themes=4))
    tight = {
        "max_theme_df": 8,
        "max_partner_degree": 6,
        "partners_per_org": 2,
        "candidates_per_org": 2,
        "exhaustive_below": 0,
    }
    lo, hi = candidate_pairs(g, **tight)
    full = set(zip(*candidate_pairs(g, **NO_LIMITS), strict=True))
    limited = set(zip(lo.tolist(), hi.tolist(), strict=True))
    assert limited < full  # a strict subset: the limits bind here
    # every organization with candidates keeps at least one (per-row cut, not a global one)
    with_full = {x for p in full for x in p}
    with_limited = {x for p in limited for x in p}
    assert len(with_limited) >= 0.8 * len(with_full)
    # lifting every limit while forcing the limited path gives the brute force again
    lo, hi = candidate_pairs(g, **NO_LIMITS, exhaustive_below=0)
    assert set(zip(lo.tolist(), hi.tolist(), strict=True)) == full


@pytest.mark.parametrize("seed", range(6))
def test_components_and_scores_match_brute_force_and_networkx(seed):
    g = build_graph(random_network(seed))
    out = potential_allies(g, EVERYTHING, **NO_LIMITS)
    expected = brute_force(g)
    assert len(out) == len(expected)
    idx = {pid: i for i, pid in enumerate(g.ids)}
    out["i"] = [min(idx[a], idx[b]) for a, b in zip(out["a"], out["b"], strict=True)]
    out["j"] = [max(idx[a], idx[b]) for a, b in zip(out["a"], out["b"], strict=True)]
    merged = out.merge(expected, on=["i", "j"])
    assert len(merged) == len(expected)
    np.testing.assert_allclose(merged["theme_score"], merged["theme"], atol=1e-9)
    np.testing.assert_allclose(merged["partner_score"], merged["partner"], atol=1e-9)
    np.testing.assert_allclose(merged["score_x"], merged["score_y"], atol=1e-9)
    assert (merged["shared_partners"] == merged["shared"]).all()
    assert (merged["same_municipality"] == merged["same"]).all()
    # ranked by score, rank 1 first, a < b by id
    assert out["rank"].tolist() == list(range(1, len(out) + 1))
    assert (np.diff(out["score"].to_numpy()) <= 1e-12).all()
    assert (out["a"] < out["b"]).all()


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 4), st.integers(0, 3))
def test_selection_is_top_k_overall_plus_best_per_org(seed, top_k, per_org):
    g = build_graph(random_network(seed, n=20, m=25))
    params = AnalysisParams(allies_top_k=top_k, allies_per_org=per_org)
    out = potential_allies(g, params, **NO_LIMITS)
    expected = brute_force(g)
    scores = np.sort(expected["score"].to_numpy())[::-1]
    if top_k:
        # the best top_k scores are all there
        assert np.all(np.isin(np.round(scores[:top_k], 9), np.round(out["score"], 9)))
    for org in range(g.n):
        mine = expected[(expected["i"] == org) | (expected["j"] == org)]["score"]
        got = out[(out["a"] == g.ids[org]) | (out["b"] == g.ids[org])]["score"]
        if per_org and len(mine):
            assert got.max() == pytest.approx(mine.max())
            assert len(got) >= min(per_org, len(mine))
    assert len(out) <= top_k + per_org * g.n


@pytest.mark.parametrize("seed", range(5))
def test_never_a_pair_tied_in_the_window(seed):
    data = random_network(seed, n=20, m=60)
    g = build_graph(data)
    out = potential_allies(g, EVERYTHING)
    tied = {
        frozenset((g.ids[u], g.ids[v])) for u, v in zip(g.edges["u"], g.edges["v"], strict=True)
    }
    assert not any(frozenset(p) in tied for p in zip(out["a"], out["b"], strict=True))


def organizations(rows):
    return coerce_table("organizations", pd.DataFrame(rows))


def test_reasons_read_as_a_sentence():
    orgs = organizations(
        [
            {
                "id": "co",
                "name": "Stroy Ltd",
                "sector": "private",
                "themes": "youth;roma_inclusion",
                "municipality": "Плевен",
            },
            {
                "id": "ngo",
                "name": "Roma Youth",
                "sector": "civil",
                "themes": "roma_inclusion;youth;sport",
                "municipality": "Плевен",
            },
            {
                "id": "town",
                "name": "Община Плевен",
                "sector": "public",
                "themes": "youth",
                "municipality": "Плевен",
            },
            {
                "id": "school",
                "name": "School",
                "sector": "public",
                "themes": "",
                "municipality": "Плевен",
            },
            {
                "id": "x",
                "name": "Other",
                "sector": "civil",
                "themes": "sport",
                "municipality": "Ловеч",
            },
        ]
    )
    inter = coerce_table(
        "interactions",
        pd.DataFrame(
            {
                "id": ["1", "2", "3", "4"],
                "source": ["co", "ngo", "co", "ngo"],
                "target": ["town", "town", "school", "school"],
            }
        ),
    )
    g = build_graph(NetworkData(orgs, inter))
    out = potential_allies(g, EVERYTHING).set_index(["a", "b"])
    row = out.loc[("co", "ngo")]
    assert row["rank"] == 1
    assert row["shared_themes"] == "roma_inclusion;youth"  # rarer first
    assert row["shared_partners"] == 2
    assert row["reasons"] == (
        "both work on roma inclusion and youth; 2 shared partners (Община Плевен, School); "
        "would connect a company with an NGO; both in Плевен"
    )
    assert out.loc[("ngo", "x"), "reasons"] == "both work on sport"
    # idf: roma_inclusion is held by 2 of 5, youth by 3 of 5
    assert row["theme_score"] == pytest.approx(math.log(5 / 2) + math.log(5 / 3))
    assert row["complementarity"] == 1.0 and row["same_municipality"]
    assert ("co", "town") not in out.index  # tied


def test_a_tie_outside_the_window_does_not_block_a_suggestion():
    orgs = organizations(
        [
            {"id": "a", "name": "A", "sector": "private", "themes": "youth"},
            {"id": "b", "name": "B", "sector": "civil", "themes": "youth"},
        ]
    )
    inter = coerce_table(
        "interactions",
        pd.DataFrame({"id": ["1"], "source": ["a"], "target": ["b"], "date": ["2015-05-05"]}),
    )
    data = NetworkData(orgs, inter)
    assert potential_allies(build_graph(data), EVERYTHING).empty
    recent = build_graph(data, GraphOptions(since=pd.Timestamp("2020-01-01")))
    assert potential_allies(recent, EVERYTHING)[["a", "b"]].values.tolist() == [["a", "b"]]


def test_common_themes_skip_generation_but_still_score():
    # "all" is held by every organization; only the rare theme pairs up a and b in generation
    rows = [{"id": f"o{i}", "name": f"O{i}", "sector": "civil", "themes": "all"} for i in range(6)]
    rows[0]["themes"] = "all;rare"
    rows[1]["themes"] = "all;rare;other"
    rows[2]["themes"] = "all;other"
    g = build_graph(NetworkData(organizations(rows)))
    lo, hi = candidate_pairs(g, max_theme_df=3, exhaustive_below=0)
    assert set(zip(lo.tolist(), hi.tolist(), strict=True)) == {(0, 1), (1, 2)}
    lo, hi = candidate_pairs(g, max_theme_df=3)  # small enough to be scored exhaustively
    assert len(lo) == 15  # every pair shares "all"
    out = potential_allies(g, EVERYTHING, max_theme_df=3, exhaustive_below=0)
    out = out.set_index(["a", "b"])
    assert out.loc[("o0", "o1"), "theme_score"] == pytest.approx(math.log(6 / 2) + 0.0)
    assert out.loc[("o0", "o1"), "shared_themes"] == "rare;all"


def test_complementarity_matrix_is_symmetric_and_zero_within_a_sector():
    assert np.array_equal(COMPLEMENTARITY, COMPLEMENTARITY.T)
    assert np.all(np.diag(COMPLEMENTARITY) == 0)
    assert COMPLEMENTARITY[SECTORS.index("private"), SECTORS.index("civil")] == 1.0
    assert all(w > 0 for w in WEIGHTS.values())


def test_partner_score_is_networkx_resource_allocation_on_single_ties():
    # one interaction per tie: strength log2(1 + 1) = 1, so the weighted index is Σ 1/k(z)
    rng = np.random.default_rng(5)
    edges = {tuple(sorted(e)) for e in rng.integers(0, 25, (40, 2)).tolist() if e[0] != e[1]}
    g = graph_from_edges(sorted(edges))
    assert (g.undirected_edges["weight"] == 1).all()
    out = potential_allies(g, EVERYTHING, **NO_LIMITS)
    idx = {pid: i for i, pid in enumerate(g.ids)}
    pairs = [
        (min(idx[a], idx[b]), max(idx[a], idx[b])) for a, b in zip(out["a"], out["b"], strict=True)
    ]
    ra = {(u, v): p for u, v, p in nx.resource_allocation_index(tie_graph(g), pairs)}
    assert len(pairs) > 20
    np.testing.assert_allclose(out["partner_score"], [ra[p] for p in pairs], atol=1e-12)


def test_empty_network_gives_an_empty_table_with_the_columns():
    g = build_graph(NetworkData(organizations([{"id": "a", "name": "A", "sector": "civil"}])))
    out = potential_allies(g, AnalysisParams())
    assert out.empty and "reasons" in out.columns and "partner_score" in out.columns


def _top_per_row_in_one_sort(indptr: np.ndarray, value: np.ndarray, k: int) -> np.ndarray:
    """The ranking of every crowded row in one argsort (as before the blocks)."""
    counts = np.diff(indptr)
    keep = np.ones(int(indptr[-1]), dtype=bool)
    rows = np.flatnonzero(counts > k)
    per, starts = counts[rows], indptr[rows]
    positions = np.repeat(starts, per) + (
        np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    )
    keep[positions] = False
    v = value[positions]
    local_row = np.repeat(np.arange(len(rows)), per)
    order = np.argsort(local_row + 0.5 * (1.0 - v / v.max()), kind="stable")
    within = np.arange(len(order)) - (np.cumsum(per) - per)[local_row[order]]
    keep[positions[order[within < k]]] = True
    return keep


@pytest.mark.parametrize("seed", range(4))
def test_top_per_row_in_blocks_equals_one_sort(seed):
    from stakeholder_graph.network.allies_candidates import _top_per_row

    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 40, size=300)
    indptr = np.r_[0, np.cumsum(counts)]
    value = rng.choice([0.25, 0.5, 1.0, 3.0], size=int(indptr[-1])) + 1e-300  # many equal values
    expected = _top_per_row_in_one_sort(indptr, value, 5)
    for rows in (1, 7, 64, 10_000):
        got = _top_per_row(indptr, lambda pos: value[pos], 5, rows_per_block=rows)
        np.testing.assert_array_equal(got, expected)
