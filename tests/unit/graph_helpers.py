"""Small cooperation graphs for the analytics tests, and their networkx twins."""

from __future__ import annotations

import networkx as nx
import numpy as np

from stakeholder_graph.dataset.model import SECTORS
from stakeholder_graph.network.graph import CooperationGraph, graph_from_edges


def from_networkx(
    graph: nx.Graph,
    directed: bool | None = None,
    weight: str | None = None,
    sectors: list[str] | None = None,
) -> tuple[CooperationGraph, list]:
    """A CooperationGraph with the same ties as ``graph`` (nodes numbered in ``graph`` order).

    Returns the graph and the node list, vertex ``i`` being ``nodes[i]``.
    """
    nodes = list(graph.nodes())
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64)
    weights = None
    if weight is not None:
        weights = np.array([d.get(weight, 1.0) for _, _, d in graph.edges(data=True)], float)
    g = graph_from_edges(
        edges.reshape(-1, 2),
        n=len(nodes),
        sectors=sectors,
        weights=weights,
        directed=graph.is_directed() if directed is None else directed,
    )
    return g, nodes


def to_networkx(g: CooperationGraph, weighted: bool = True) -> nx.Graph:
    """The networkx twin of ``g``: nodes 0..n-1, the same ties and weights."""
    twin = nx.DiGraph() if g.directed else nx.Graph()
    twin.add_nodes_from(range(g.n))
    e = g.edges
    if weighted:
        twin.add_weighted_edges_from(
            zip(e["u"].tolist(), e["v"].tolist(), e["weight"].tolist(), strict=True)
        )
    else:
        twin.add_edges_from(zip(e["u"].tolist(), e["v"].tolist(), strict=True))
    return twin


def random_graph(
    n: int, p: float, seed: int, directed: bool = False, weighted: bool = True
) -> CooperationGraph:
    """A G(n, p) random graph with random sectors and weights in [1, 5)."""
    rng = np.random.default_rng(seed)
    base = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    edges = np.array(list(base.edges()), dtype=np.int64).reshape(-1, 2)
    weights = rng.uniform(1.0, 5.0, len(edges)) if weighted else None
    sectors = list(rng.choice(np.array(SECTORS, dtype=object), size=n))
    return graph_from_edges(edges, n=n, sectors=sectors, weights=weights, directed=directed)


def as_array(values: dict, n: int) -> np.ndarray:
    """A networkx result dict keyed 0..n-1 as an array."""
    return np.array([values[i] for i in range(n)], dtype=float)


def leading_eigenvector(view: nx.Graph, n: int) -> np.ndarray:
    """Whole-graph leading eigenvector by dense numpy eigh, per component, scaled to max 1:
    only the component(s) with the largest leading eigenvalue are non-zero."""
    out = np.zeros(n)
    found = []
    for comp in nx.connected_components(view):
        if len(comp) < 2:
            continue
        nodes = sorted(comp)
        values, vectors = np.linalg.eigh(nx.to_numpy_array(view, nodelist=nodes, weight="weight"))
        found.append((values[-1], nodes, np.abs(vectors[:, -1])))
    if not found:
        return out
    top = max(lam for lam, _, _ in found)
    for lam, nodes, vec in found:
        if lam >= top * (1 - 1e-9):
            out[nodes] = vec / vec.max()
    return out
