"""One graph build per analysis: :func:`build_graph` turns a :class:`NetworkData` into a
:class:`CooperationGraph` — an igraph graph plus the arrays every measure needs.

A *tie* between two organizations exists when they interacted in the window (one
``interactions.csv`` row is one interaction) or, unless switched off, when they took part in the
same activity that ran in the window (co-participation: the projection of the
organization × activity incidence matrix). Ties are aggregated per dyad:

* ``interactions`` — number of interactions in the window,
* ``shared_activities`` — number of activities both took part in,
* ``weight`` — the sum of the interactions' weights plus ``activity_weight`` per shared activity.

Undirected mode (the default) has one edge per unordered pair; directed mode has one edge per
ordered pair, interactions pointing source → target and co-participation counted both ways.
Undated interactions (a snapshot) are always inside the window. Everything is vectorised over
numpy / scipy.sparse: there is no Python loop per interaction or per pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

from stakeholder_graph.dataset.model import SECTORS, NetworkData, split_themes


@dataclass(frozen=True)
class GraphOptions:
    """How interactions become ties.

    Attributes
    ----------
    since, until:
        Inclusive window on interaction dates (``None`` = open). Activities count when they
        overlap the window.
    types:
        Interaction types to keep (``None`` = all).
    directed:
        Directed source → target ties instead of undirected cooperation.
    coparticipation:
        Whether taking part in the same activity is a tie.
    activity_weight:
        Weight one shared activity adds to a tie.
    """

    since: pd.Timestamp | None = None
    until: pd.Timestamp | None = None
    types: tuple[str, ...] | None = None
    directed: bool = False
    coparticipation: bool = True
    activity_weight: float = 1.0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready parameters (dates as ISO strings)."""
        return {
            "since": self.since.date().isoformat() if self.since is not None else None,
            "until": self.until.date().isoformat() if self.until is not None else None,
            "types": list(self.types) if self.types is not None else None,
            "directed": self.directed,
            "coparticipation": self.coparticipation,
            "activity_weight": self.activity_weight,
        }


@dataclass(frozen=True)
class CooperationGraph:
    """The cooperation network of one analysis, with id ↔ index maps and attribute arrays.

    Vertex ``i`` is organization ``ids[i]`` (the order of ``data.organizations``).

    Attributes
    ----------
    graph:
        igraph graph, vertex attributes ``id``, ``name``, ``sector``; edge attribute
        ``weight`` (the counts are in :attr:`edges`).
    data:
        The network the graph was built from.
    options:
        The options used.
    ids, names, sector, org_type, municipality:
        Per-vertex arrays (``object`` dtype).
    sector_code:
        Per-vertex index into :data:`SECTORS` (int8).
    themes:
        Sparse binary organization × theme matrix (CSR), columns named by ``theme_names``.
    interactions:
        The interactions inside the window and type filter, with integer columns ``src`` and
        ``tgt`` (vertex indices) added.
    edges:
        One row per tie: ``u``, ``v`` (vertex indices; ``u < v`` when undirected), ``weight``,
        ``interactions``, ``shared_activities``. Row ``k`` is igraph edge ``k``.
    """

    graph: ig.Graph
    data: NetworkData
    options: GraphOptions
    ids: np.ndarray
    names: np.ndarray
    sector: np.ndarray
    sector_code: np.ndarray
    org_type: np.ndarray
    municipality: np.ndarray
    themes: sp.csr_matrix
    theme_names: np.ndarray
    interactions: pd.DataFrame
    edges: pd.DataFrame
    _index: pd.Index = field(repr=False)

    @property
    def n(self) -> int:
        """Number of organizations (vertices)."""
        return len(self.ids)

    @property
    def directed(self) -> bool:
        """Whether ties are directed."""
        return self.options.directed

    def index_of(self, ids: object) -> np.ndarray:
        """Vertex indices of organization ids (``-1`` for unknown ids), vectorised."""
        return self._index.get_indexer(pd.Index(np.atleast_1d(np.asarray(ids, dtype=object))))

    def adjacency(self, weighted: bool = True, symmetric: bool = True) -> sp.csr_matrix:
        """The n × n adjacency matrix (CSR). ``symmetric`` folds directed ties both ways."""
        values = self.edges["weight"].to_numpy(float) if weighted else np.ones(len(self.edges))
        u = self.edges["u"].to_numpy()
        v = self.edges["v"].to_numpy()
        if symmetric or not self.directed:
            rows, cols, vals = np.r_[u, v], np.r_[v, u], np.r_[values, values]
        else:
            rows, cols, vals = u, v, values
        matrix = sp.csr_matrix((vals, (rows, cols)), shape=(self.n, self.n))
        if not weighted:
            matrix.data[:] = 1.0
        return matrix

    @cached_property
    def undirected_edges(self) -> pd.DataFrame:
        """One row per unordered tie ``u < v`` with its ``weight`` (computed once, cached).

        In undirected mode this is :attr:`edges`. In directed mode the two directions of a dyad
        are merged: interaction weights add up and shared activities (counted both ways in the
        directed graph) count once.
        """
        if not self.directed:
            # the edges' own columns, not a copy (28 MB at 100k, held as long as the graph)
            e = self.edges
            return pd.DataFrame({c: e[c] for c in ("u", "v", "weight")}, copy=False)
        e = self.edges
        u, v = e["u"].to_numpy(), e["v"].to_numpy()
        shared = e["shared_activities"].to_numpy(float)
        frame = pd.DataFrame(
            {
                "u": np.minimum(u, v),
                "v": np.maximum(u, v),
                "inter": e["weight"].to_numpy(float) - shared * self.options.activity_weight,
                "shared": shared,
            }
        )
        merged = frame.groupby(["u", "v"], sort=True, as_index=False).agg(
            inter=("inter", "sum"), shared=("shared", "max")
        )
        merged["weight"] = merged["inter"] + merged["shared"] * self.options.activity_weight
        return merged[["u", "v", "weight"]].astype({"u": np.int64, "v": np.int64})

    @cached_property
    def triangles(self) -> np.ndarray:
        """All triangles of the undirected view, a k × 3 int64 array of vertices (cached).

        Each triangle once as ``i < j < k``, in lexicographic order (a compiled kernel over the
        sorted neighbour lists, :mod:`~stakeholder_graph.network.triangle_kernel`).
        """
        from stakeholder_graph.network.triangle_kernel import symmetric_csr, triangles

        e = self.undirected_edges
        indptr, indices, _ = symmetric_csr(e["u"].to_numpy(), e["v"].to_numpy(), self.n)
        return triangles(indptr, indices)

    @cached_property
    def undirected_graph(self) -> ig.Graph:
        """The undirected view as an igraph graph with a ``weight`` edge attribute (cached).

        The graph itself in undirected mode; in directed mode one edge per connected dyad, edge
        ``k`` being row ``k`` of :attr:`undirected_edges`.
        """
        if not self.directed:
            return self.graph
        e = self.undirected_edges
        graph = ig.Graph(n=self.n, edges=e[["u", "v"]].to_numpy(), directed=False)
        graph.es["weight"] = shared_floats(e["weight"].to_numpy(float))
        return graph


def shared_floats(values: np.ndarray) -> list[float]:
    """``values.tolist()`` with one Python float per distinct value, shared by its elements.

    igraph keeps an attribute as a list of Python objects; tie weights take few distinct values
    (sums of interaction and activity weights), so sharing them saves 24 bytes per tie (27 MB
    at 100k organizations).

    >>> shared_floats(np.array([1.0, 2.5, 1.0]))
    [1.0, 2.5, 1.0]
    """
    distinct, positions = np.unique(values, return_inverse=True)
    objects = np.empty(len(distinct), dtype=object)
    objects[:] = distinct.tolist()
    return objects[positions.ravel()].tolist()


def _window_mask(
    dates: pd.Series, since: pd.Timestamp | None, until: pd.Timestamp | None
) -> np.ndarray:
    mask = np.ones(len(dates), dtype=bool)
    known = dates.notna().to_numpy()
    if since is not None:
        mask &= ~known | (dates >= since).to_numpy()
    if until is not None:
        mask &= ~known | (dates <= until).to_numpy()
    return mask


def _coparticipation_pairs(
    data: NetworkData, index: pd.Index, options: GraphOptions
) -> sp.coo_matrix:
    """Upper-triangular counts of activities shared by each pair, from B·Bᵀ."""
    n = len(index)
    acts = data.activities
    active = np.ones(len(acts), dtype=bool)
    if options.since is not None:
        active &= ~(acts["end"].notna() & (acts["end"] < options.since)).to_numpy()
    if options.until is not None:
        active &= ~(acts["start"].notna() & (acts["start"] > options.until)).to_numpy()
    activity_index = pd.Index(acts["id"][active])
    part = data.participation
    org_pos = index.get_indexer(part["organization"])
    act_pos = activity_index.get_indexer(part["activity"])
    keep = (org_pos >= 0) & (act_pos >= 0)
    incidence = sp.csr_matrix(
        (np.ones(int(keep.sum())), (org_pos[keep], act_pos[keep])),
        shape=(n, len(activity_index)),
    )
    incidence.data[:] = 1.0  # an organization listed twice in one activity counts once
    incidence.sum_duplicates()
    incidence.data[:] = 1.0
    shared = sp.triu(incidence @ incidence.T, k=1).tocoo()
    return shared


def build_graph(data: NetworkData, options: GraphOptions | None = None) -> CooperationGraph:
    """Build the cooperation graph of ``data`` under ``options``.

    Parameters
    ----------
    data:
        A validated network.
    options:
        Window, type filter, direction and co-participation settings.

    Returns
    -------
    CooperationGraph

    Examples
    --------
    >>> import pandas as pd
    >>> from stakeholder_graph.dataset.model import NetworkData, coerce_table
    >>> orgs = coerce_table("organizations", pd.DataFrame(
    ...     {"id": ["a", "b", "c"], "name": ["A", "B", "C"], "sector": ["public", "civil", "civil"]}))
    >>> ties = coerce_table("interactions", pd.DataFrame(
    ...     {"id": ["1", "2"], "source": ["a", "b"], "target": ["b", "a"], "weight": [1.0, 2.0]}))
    >>> g = build_graph(NetworkData(orgs, ties))
    >>> g.graph.ecount(), g.edges["weight"].tolist(), g.edges["interactions"].tolist()
    (1, [3.0], [2])
    """
    options = options or GraphOptions()
    orgs = data.organizations
    index = pd.Index(orgs["id"])
    n = len(index)

    inter = data.interactions
    mask = _window_mask(inter["date"], options.since, options.until)
    if options.types is not None:
        mask &= inter["type"].isin(options.types).to_numpy()
    src_all = index.get_indexer(inter["source"])
    tgt_all = index.get_indexer(inter["target"])
    mask &= (src_all >= 0) & (tgt_all >= 0) & (src_all != tgt_all)
    # the rows kept, with their vertex indices; when every row is kept the frame shares the
    # dataset's columns instead of copying a million rows of text
    plain = inter.index.equals(pd.RangeIndex(len(inter)))
    inter = inter.copy(deep=False) if plain and mask.all() else inter[mask].reset_index(drop=True)
    inter["src"] = src_all[mask]
    inter["tgt"] = tgt_all[mask]
    del src_all, tgt_all

    src = inter["src"].to_numpy(np.int64)
    tgt = inter["tgt"].to_numpy(np.int64)
    if not options.directed:
        src, tgt = np.minimum(src, tgt), np.maximum(src, tgt)
    weight = inter["weight"].fillna(1.0).to_numpy(float)

    frames = [
        pd.DataFrame(
            {"u": src, "v": tgt, "weight": weight, "interactions": 1, "shared_activities": 0}
        )
    ]
    if options.coparticipation and len(data.participation):
        shared = _coparticipation_pairs(data, index, options)
        count = shared.data.astype(np.int64)
        pu, pv = shared.row.astype(np.int64), shared.col.astype(np.int64)
        if options.directed:
            pu, pv, count = np.r_[pu, pv], np.r_[pv, pu], np.r_[count, count]
        frames.append(
            pd.DataFrame(
                {
                    "u": pu,
                    "v": pv,
                    "weight": count * options.activity_weight,
                    "interactions": 0,
                    "shared_activities": count,
                }
            )
        )
    edges = (
        pd.concat(frames, ignore_index=True)
        .groupby(["u", "v"], sort=True, as_index=False)
        .agg(
            weight=("weight", "sum"),
            interactions=("interactions", "sum"),
            shared_activities=("shared_activities", "sum"),
        )
    )
    edges = edges.astype(
        {
            "u": np.int64,
            "v": np.int64,
            "interactions": np.int64,
            "shared_activities": np.int64,
            "weight": float,
        }
    )

    graph = ig.Graph(n=n, edges=edges[["u", "v"]].to_numpy(), directed=options.directed)
    graph.vs["id"] = orgs["id"].tolist()
    graph.vs["name"] = orgs["name"].tolist()
    graph.vs["sector"] = orgs["sector"].tolist()
    # the counts stay in ``edges`` only: as igraph attributes they are Python lists (18 MB at
    # 100k) that nothing reads through igraph
    graph.es["weight"] = shared_floats(edges["weight"].to_numpy(float))

    theme_lists = split_themes(orgs["themes"])
    long = pd.DataFrame({"org": np.arange(n), "theme": theme_lists}).explode("theme").dropna()
    theme_codes, theme_names = pd.factorize(long["theme"], sort=True)
    themes = sp.csr_matrix(
        (np.ones(len(long)), (long["org"].to_numpy(np.int64), theme_codes)),
        shape=(n, len(theme_names)),
    )
    themes.data[:] = 1.0

    sector = orgs["sector"].to_numpy(dtype=object)
    return CooperationGraph(
        graph=graph,
        data=data,
        options=options,
        ids=orgs["id"].to_numpy(dtype=object),
        names=orgs["name"].to_numpy(dtype=object),
        sector=sector,
        sector_code=pd.Index(SECTORS).get_indexer(sector).astype(np.int8),
        org_type=orgs["type"].to_numpy(dtype=object),
        municipality=orgs["municipality"].to_numpy(dtype=object),
        themes=themes,
        theme_names=np.asarray(theme_names, dtype=object),
        interactions=inter,
        edges=edges,
        _index=index,
    )


def graph_from_edges(
    edges: list[tuple[int, int]] | np.ndarray,
    n: int | None = None,
    sectors: list[str] | None = None,
    weights: list[float] | np.ndarray | None = None,
    directed: bool = False,
) -> CooperationGraph:
    """A small cooperation graph from an edge list of vertex numbers, for examples and tests.

    Vertex ``i`` becomes organization ``"o<i>"``; each edge one interaction source → target with
    its weight (default 1). Sectors default to ``"civil"``.

    Examples
    --------
    >>> g = graph_from_edges([(0, 1), (1, 2)], sectors=["public", "civil", "private"])
    >>> g.n, g.graph.ecount(), g.sector.tolist()
    (3, 2, ['public', 'civil', 'private'])
    """
    from stakeholder_graph.dataset.model import coerce_table

    pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if n is None:
        n = int(pairs.max()) + 1 if len(pairs) else 0
    ids = [f"o{i}" for i in range(n)]
    orgs = coerce_table(
        "organizations",
        pd.DataFrame({"id": ids, "name": ids, "sector": sectors or ["civil"] * n}),
    )
    inter = coerce_table(
        "interactions",
        pd.DataFrame(
            {
                "id": [str(k) for k in range(len(pairs))],
                "source": [ids[i] for i in pairs[:, 0]],
                "target": [ids[i] for i in pairs[:, 1]],
                "weight": np.ones(len(pairs)) if weights is None else np.asarray(weights, float),
            }
        ),
    )
    return build_graph(NetworkData(orgs, inter), GraphOptions(directed=directed))
