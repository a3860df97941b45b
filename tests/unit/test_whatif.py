"""What-if removal and key players: known answers and brute force over all k-subsets."""

from __future__ import annotations

from itertools import combinations

import igraph as ig
import networkx as nx
import numpy as np
import pytest

from stakeholder_graph.errors import InputError
from stakeholder_graph.network.graph import graph_from_edges
from stakeholder_graph.network.keyplayers import (
    fragmentation,
    kpp_neg,
    kpp_pos,
    removal_scores,
    two_step_reach,
)
from stakeholder_graph.network.whatif import key_players, what_if

# 0 town hall, 1 school (public); 2 company; 3 umbrella NGO (the bridge);
# 4, 5, 6 Roma NGOs tied only to the umbrella and each other; 7 club tied to the school.
SECTORS = ["public", "public", "private", "civil", "civil", "civil", "civil", "civil"]
EDGES = [(0, 1), (0, 2), (0, 3), (3, 4), (3, 5), (4, 5), (5, 6), (1, 7)]


def bridge_graph():
    return graph_from_edges(EDGES, sectors=SECTORS)


def test_removing_the_bridge_cuts_three_ngos_off_every_public_body() -> None:
    result = what_if(bridge_graph(), ["o3"])
    cut = result["cut_off"].set_index("id")
    assert sorted(cut.index) == ["o4", "o5", "o6"]
    assert cut["loses_public"].all() and cut["loses_private"].all()
    assert cut["loses_largest_component"].all()
    s = result["summary"]
    assert s["ngos_lose_public"] == 3
    assert (s["before"]["components"], s["after"]["components"]) == (1, 2)
    assert s["after"]["largest_component"] == 4
    # the three ties of the umbrella NGO need replacing; two partners lose public bodies
    ties = result["ties"]
    assert sorted(ties["partner"]) == ["o0", "o4", "o5"]
    assert ties.set_index("partner")["partner_loses_public"].to_dict() == {
        "o0": False,
        "o4": True,
        "o5": True,
    }


def test_reach_and_betweenness_changes_match_networkx() -> None:
    g = bridge_graph()
    result = what_if(g, ["o0"])
    orgs = result["organizations"].set_index("id")
    full = nx.Graph(EDGES)
    rest = full.copy()
    rest.remove_node(0)
    bc_full = nx.betweenness_centrality(full)
    bc_rest = nx.betweenness_centrality(rest)
    for v in rest.nodes:
        before = len(nx.single_source_shortest_path_length(full, v, cutoff=2)) - 1
        after = len(nx.single_source_shortest_path_length(rest, v, cutoff=2)) - 1
        row = orgs.loc[f"o{v}"]
        assert row["reach2_before"] == before and row["reach2_after"] == after
        assert row["betweenness_norm_before"] == pytest.approx(bc_full[v])
        assert row["betweenness_norm_after"] == pytest.approx(bc_rest[v])
    # without the town hall the school and its club keep each other but lose the company
    cut = result["cut_off"].set_index("id")
    assert sorted(cut.index) == ["o1", "o2", "o3", "o4", "o5", "o6", "o7"]
    assert cut.loc["o3", "loses_public"] and not cut.loc["o7", "loses_public"]
    assert cut.loc["o7", "loses_private"] and not cut.loc["o3", "loses_largest_component"]


def test_unknown_id_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="unknown organization id.*nope"):
        what_if(bridge_graph(), "o3,nope")
    with pytest.raises(InputError, match="at least one"):
        what_if(bridge_graph(), " , ")


def _random_graph(n: int, m: int, seed: int) -> ig.Graph:
    rng = np.random.default_rng(seed)
    pairs = np.array(list(combinations(range(n), 2)))
    return ig.Graph(n=n, edges=pairs[rng.choice(len(pairs), size=m, replace=False)].tolist())


def _brute_neg(graph: ig.Graph, k: int) -> float:
    return max(fragmentation(graph, list(s)) for s in combinations(range(graph.vcount()), k))


def _brute_pos(graph: ig.Graph, k: int) -> int:
    reach = two_step_reach(graph).toarray()
    return max(
        int(reach[list(s)].any(axis=0).sum()) for s in combinations(range(graph.vcount()), k)
    )


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_kpp_neg_matches_brute_force(seed: int, k: int) -> None:
    graph = _random_graph(11, 11 + seed % 6, seed)
    result = kpp_neg(graph, k)
    assert result.score == pytest.approx(fragmentation(graph, list(result.members)))
    assert result.score == pytest.approx(_brute_neg(graph, k))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_kpp_pos_matches_brute_force(seed: int, k: int) -> None:
    graph = _random_graph(14, 8 + seed % 6, 100 + seed)
    result = kpp_pos(graph, k)
    assert result.score == _brute_pos(graph, k)


def test_fragmentation_matches_its_definition() -> None:
    # a path of five: removing the middle leaves two pairs → F = 1 − 2·2/(4·3)
    path = ig.Graph([(0, 1), (1, 2), (2, 3), (3, 4)])
    assert fragmentation(path, [2]) == pytest.approx(1 - 4 / 12)
    assert fragmentation(path) == 0.0
    assert fragmentation(ig.Graph(n=4)) == 1.0


def test_key_players_name_the_bridges_and_the_ngo_reachers() -> None:
    g = bridge_graph()
    table = key_players(g, 1)
    neg = table[table["set"] == "kpp_neg"].iloc[0]
    pos = table[table["set"] == "kpp_pos"].iloc[0]
    # the town hall (0) and the umbrella NGO (3) both split the network; the town hall cuts
    # {1,7} and {2} off from {3..6}: F = 1 − (2·1 + 4·3)/(7·6)
    assert neg["id"] == "o0" and neg["set_score"] == pytest.approx(1 - 14 / 42)
    # the umbrella NGO reaches all five NGOs (itself and 4, 5, 6 and, through 0, nobody else
    # civil) — 4 of the 5 — while 5 reaches 3, 4, 6 and itself; 0 reaches 3 and 7
    reach = two_step_reach(g).toarray()
    ngo = np.array([s == "civil" for s in SECTORS])
    assert pos["set_score"] == (reach & ngo).sum(axis=1).max()
    with pytest.raises(InputError):
        key_players(g, 0)


@pytest.mark.parametrize("seed", range(6))
def test_removal_scores_match_one_component_search_per_vertex(seed: int) -> None:
    # sparse random graphs (many cut points, several components), some vertices already removed
    graph = _random_graph(40, 38 + 4 * seed, 500 + seed)
    for removed in ([], [0], [3, 17]):
        fast = removal_scores(graph, removed)
        slow = [np.nan if v in removed else fragmentation(graph, [*removed, v]) for v in range(40)]
        np.testing.assert_allclose(fast, slow, atol=1e-12)


def test_sampled_betweenness_uses_one_draw_and_states_its_error() -> None:
    # a 300-vertex random graph: exact from the kernel equals networkx; sampled from 150
    # sources is close to it, before and after, and the summary says how it was obtained
    rng = np.random.default_rng(4)
    pairs = {tuple(sorted(e)) for e in rng.integers(0, 300, (900, 2)).tolist() if e[0] != e[1]}
    g = graph_from_edges(sorted(pairs))
    exact = what_if(g, ["o0"])
    assert exact["summary"]["betweenness"]["before"] == {"exact": True, "pivots": 300}
    rest = nx.Graph(sorted(pairs))
    rest.add_nodes_from(range(g.n))
    rest.remove_node(0)
    bc = nx.betweenness_centrality(rest)
    orgs = exact["organizations"].set_index("id")
    assert [orgs.loc[f"o{v}", "betweenness_norm_after"] for v in sorted(bc)] == pytest.approx(
        [bc[v] for v in sorted(bc)]
    )
    sampled = what_if(g, ["o0"], exact_betweenness_max=100, pivots=150)
    info = sampled["summary"]["betweenness"]
    assert info["before"]["exact"] is False and info["before"]["pivots"] == 150
    assert info["after"]["pivots"] <= 150 and info["after"]["error"]["confidence"] == 0.95
    s = sampled["organizations"].set_index("id").loc[orgs.index]
    for col in ("betweenness_norm_before", "betweenness_norm_after"):
        rho = np.corrcoef(s[col].rank(), orgs[col].rank())[0, 1]
        assert rho > 0.9, (col, rho)


@pytest.mark.parametrize("seed", range(6))
def test_reach_counts_equal_the_two_step_matrix_before_and_after(seed) -> None:
    """The compiled counts are the row sums of (A + I)² on the graph and on the graph without
    the removed organizations (random graphs with hubs, isolates and several removed)."""
    rng = np.random.default_rng(seed)
    n = 60
    graph = ig.Graph.Barabasi(n - 5, 2) + 5  # five isolates
    graph.add_edges([tuple(rng.choice(n - 5, 2, replace=False)) for _ in range(15)])
    graph.simplify()
    g = graph_from_edges(graph.get_edgelist(), n=n, sectors=["civil"] * n)
    removed = rng.choice(n, size=1 + seed % 3, replace=False)
    result = what_if(g, [f"o{i}" for i in removed], betweenness=False)
    orgs = result["organizations"].set_index("id")
    keep = np.setdiff1d(np.arange(n), removed)
    before = np.asarray(two_step_reach(graph).sum(axis=1)).ravel() - 1
    after = (
        np.asarray(two_step_reach(graph.induced_subgraph(keep.tolist())).sum(axis=1)).ravel() - 1
    )
    ids = [f"o{i}" for i in keep]
    assert orgs.loc[ids, "reach2_before"].tolist() == before[keep].tolist()
    assert orgs.loc[ids, "reach2_after"].tolist() == after.tolist()
    assert (orgs["reach2_change"] != 0).any()
