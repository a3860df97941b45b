"""What if organizations left: the network without a set of organizations, compared with itself.

:func:`what_if` removes the organizations ``removed`` from one graph build (their ties go with
them) and reports, in the undirected view:

* ``cut_off`` — each remaining organization that *loses* every path to any public body, to any
  business (private sector), or to the largest component: it had one before the removal and has
  none after. A path to a public body means another organization of the public sector in the
  same component;
* ``organizations`` — per remaining organization: reach (organizations within two steps) and
  Freeman betweenness (normalised, hops) before and after, and their change — from the compiled
  Brandes kernel, exact up to :data:`EXACT_BETWEENNESS_MAX` organizations, beyond estimated from
  one draw of sources shared by both graphs (Brandes & Pich 2007), the error in the summary;
* ``ties`` — the ties that would need replacing: every tie of a removed organization, with the
  partner and whether that partner is cut off from public bodies by the removal;
* ``summary`` — components (count, largest) before and after, fragmentation (Borgatti 2006)
  before and after, and the counts of the ``cut_off`` table.

:func:`key_players` adds Borgatti's KPP-Neg and KPP-Pos sets (see
:mod:`stakeholder_graph.network.keyplayers`).

References
----------
Borgatti, S. P. (2006). Identifying sets of key players in a social network. *Computational and
Mathematical Organization Theory* 12(1), 21–34. Brandes, U. & Pich, C. (2007). Centrality
estimation in large networks. *Int. J. Bifurcation and Chaos* 17(7). Freeman, L. C. (1977). A set of measures of
centrality based on betweenness. *Sociometry* 40(1), 35–41.
"""

from __future__ import annotations

from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from stakeholder_graph.errors import InputError
from stakeholder_graph.network import brandes_kernel, reach_kernel
from stakeholder_graph.network.graph import CooperationGraph
from stakeholder_graph.network.keyplayers import (
    NGO_SECTORS,
    fragmentation,
    kpp_neg,
    kpp_pos,
    two_step_reach,
)
from stakeholder_graph.network.paths import PARALLEL_MIN_VERTICES, sampling_error

CUT_OFF_COLUMNS = [
    "id",
    "name",
    "sector",
    "loses_public",
    "loses_private",
    "loses_largest_component",
    "reasons",
]


def resolve_ids(g: CooperationGraph, ids: list[str] | tuple[str, ...] | str) -> np.ndarray:
    """Vertex indices of organization ids (a list or one comma-separated string).

    Raises :class:`InputError` naming every unknown id, or when no id is given.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> resolve_ids(graph_from_edges([(0, 1), (1, 2)]), "o2,o0").tolist()
    [2, 0]
    """
    if isinstance(ids, str):
        ids = [part.strip() for part in ids.split(",")]
    wanted = [str(i).strip() for i in ids if str(i).strip()]
    if not wanted:
        raise InputError("--remove: give at least one organization id")
    index = g.index_of(wanted)
    unknown = [w for w, i in zip(wanted, index, strict=True) if i < 0]
    if unknown:
        raise InputError(f"--remove: unknown organization id(s): {', '.join(unknown)}")
    return pd.unique(index).astype(np.int64)


def _components(graph: ig.Graph) -> tuple[np.ndarray, np.ndarray]:
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    sizes = np.bincount(membership) if len(membership) else np.zeros(0, dtype=np.int64)
    return membership, sizes


def _reaches(membership: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per vertex: whether another vertex of ``mask`` is in its component."""
    if len(membership) == 0:
        return np.zeros(0, dtype=bool)
    count = np.bincount(membership, weights=mask.astype(float))
    return (count[membership] - mask) > 0


EXACT_BETWEENNESS_MAX = 5_000
"""Betweenness before and after is exact up to this many organizations, sampled beyond."""

BETWEENNESS_PIVOTS = 1_024
"""Sources drawn when sampled (the same sources before and after the removal)."""


def _csr(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Undirected CSR arrays (int32) of the edges ``u``–``v`` over ``n`` vertices."""
    rows, cols = np.r_[u, v].astype(np.int64), np.r_[v, u].astype(np.int32)
    order = np.argsort(rows, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr, cols[order]


def _betweenness(
    indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray | None
) -> tuple[np.ndarray, dict[str, Any]]:
    """Normalised Freeman betweenness from the compiled Brandes kernel, exact when ``sources``
    is ``None``, else estimated from those sources (Brandes & Pich 2007) with its error."""
    n = len(indptr) - 1
    pairs = (n - 1) * (n - 2) / 2.0
    threads = brandes_kernel.thread_count(None) if n > PARALLEL_MIN_VERTICES else 1
    exact = sources is None
    chosen = np.arange(n, dtype=np.int32) if exact else sources.astype(np.int32)
    if n == 0 or len(chosen) == 0:
        return np.zeros(n), {"exact": exact, "pivots": 0}
    parts = brandes_kernel.searches(indptr, indices, chosen, threads, squares=not exact)
    scale = 0.5 if exact else 0.5 * n / len(chosen)
    raw = parts[0] * scale
    info: dict[str, Any] = {"exact": exact, "pivots": int(len(chosen))}
    if not exact:
        info["error"] = sampling_error(raw, parts[1], len(chosen), n, pairs, 0.5)
        return np.clip(raw / pairs if pairs > 0 else np.zeros(n), 0.0, 1.0), info
    return (raw / pairs if pairs > 0 else np.zeros(n)), info


def _betweenness_before_after(
    g: CooperationGraph, keep: np.ndarray, exact_max: int, pivots: int, seed: int
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Betweenness of the whole graph and of the graph of ``keep``; sampled with one draw of
    sources for both (those removed drop out of the after draw), so the change is not noise."""
    n = g.n
    e = g.undirected_edges
    u, v = e["u"].to_numpy(np.int64), e["v"].to_numpy(np.int64)
    new = np.full(n, -1, dtype=np.int64)
    new[keep] = np.arange(len(keep))
    stays = (new[u] >= 0) & (new[v] >= 0)
    before_csr = _csr(u, v, n)
    after_csr = _csr(new[u[stays]], new[v[stays]], len(keep))
    if n <= exact_max or pivots >= n:
        before, info_b = _betweenness(*before_csr, None)
        after, info_a = _betweenness(*after_csr, None)
    else:
        sources = np.random.default_rng(seed).permutation(n)[:pivots]
        before, info_b = _betweenness(*before_csr, sources)
        kept = new[sources]
        after, info_a = _betweenness(*after_csr, kept[kept >= 0])
    return before, after, {"before": info_b, "after": info_a}


def _reach_before_after(
    g: CooperationGraph, idx: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two-step reach of every organization, and of those kept once ``idx`` are removed.

    The same counts as the row sums of :func:`two_step_reach` on the graph and on the graph
    without ``idx``, from compiled depth-two searches; after the removal only the
    organizations within two steps of a removed one are counted again (no path of at most two
    steps from any other passes through a removed organization).
    """
    n = g.n
    e = g.undirected_edges
    indptr, indices = _csr(e["u"].to_numpy(np.int64), e["v"].to_numpy(np.int64), n)
    nobody = np.zeros(n, dtype=np.bool_)
    reach_b = reach_kernel.reach_counts(indptr, indices, np.arange(n, dtype=np.int64), nobody)
    blocked = nobody.copy()
    blocked[idx] = True
    changed = np.flatnonzero(reach_kernel.within_two_steps(indptr, indices, idx) & ~blocked)
    reach_full = reach_b.copy()
    reach_full[changed] = reach_kernel.reach_counts(indptr, indices, changed, blocked)
    return reach_b, reach_full[keep]


def _in_largest(membership: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    if len(sizes) == 0:
        return np.zeros(0, dtype=bool)
    return membership == int(np.argmax(sizes))


def what_if(
    g: CooperationGraph,
    removed: list[str] | str | np.ndarray,
    *,
    exact_betweenness_max: int = EXACT_BETWEENNESS_MAX,
    pivots: int = BETWEENNESS_PIVOTS,
    seed: int = 42,
    betweenness: bool = True,
) -> dict[str, Any]:
    """The network without the organizations ``removed`` (ids, or vertex indices as an array).

    Returns a dict with the frames ``cut_off``, ``organizations``, ``ties`` and a JSON-ready
    ``summary`` (see the module docstring). Betweenness is exact up to
    ``exact_betweenness_max`` organizations; beyond, it is estimated from ``pivots`` sources
    drawn with ``seed`` (the same before and after), and ``summary["betweenness"]`` states the
    estimated error.
    ``betweenness=False`` leaves the betweenness columns empty (NaN): it is most of the cost
    on large networks, and the dashboard's what-if panel does not show it.

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2), (1, 3)], sectors=["public", "civil", "civil", "civil"])
    >>> result = what_if(g, ["o1"])
    >>> result["cut_off"]["id"].tolist(), result["summary"]["after"]["components"]
    (['o2', 'o3'], 3)
    """
    idx = (
        np.asarray(removed, dtype=np.int64)
        if isinstance(removed, np.ndarray)
        else resolve_ids(g, removed)
    )
    graph = g.undirected_graph
    n = g.n
    keep = np.setdiff1d(np.arange(n), idx)
    after = graph.induced_subgraph(keep.tolist(), implementation="create_from_scratch")

    public = g.sector.astype(str) == "public"
    private = g.sector.astype(str) == "private"
    memb_b, sizes_b = _components(graph)
    memb_a, sizes_a = _components(after)
    pub_b, priv_b = _reaches(memb_b, public)[keep], _reaches(memb_b, private)[keep]
    pub_a, priv_a = _reaches(memb_a, public[keep]), _reaches(memb_a, private[keep])
    large_b = _in_largest(memb_b, sizes_b)[keep]
    large_a = _in_largest(memb_a, sizes_a)

    loses_public = pub_b & ~pub_a
    loses_private = priv_b & ~priv_a
    loses_largest = large_b & ~large_a
    hit = loses_public | loses_private | loses_largest
    reasons = (
        np.where(loses_public, "loses every path to a public body; ", "")
        + np.where(loses_private, "loses every path to a business; ", "").astype(object)
        + np.where(loses_largest, "drops out of the largest component; ", "").astype(object)
    )
    sel = keep[hit]
    cut_off = pd.DataFrame(
        {
            "id": g.ids[sel],
            "name": g.names[sel],
            "sector": g.sector[sel],
            "loses_public": loses_public[hit],
            "loses_private": loses_private[hit],
            "loses_largest_component": loses_largest[hit],
            "reasons": pd.Series(reasons[hit], dtype=object).str.rstrip("; ").to_numpy(),
        },
        columns=CUT_OFF_COLUMNS,
    )

    reach_b, reach_a = _reach_before_after(g, idx, keep)
    if betweenness:
        btw_b, btw_a, btw_info = _betweenness_before_after(
            g, keep, exact_betweenness_max, pivots, seed
        )
    else:
        btw_b, btw_a = np.full(n, np.nan), np.full(len(keep), np.nan)
        btw_info = {"method": "not computed"}
    organizations = pd.DataFrame(
        {
            "id": g.ids[keep],
            "name": g.names[keep],
            "sector": g.sector[keep],
            "reach2_before": reach_b[keep].astype(np.int64),
            "reach2_after": reach_a.astype(np.int64),
            "reach2_change": (reach_a - reach_b[keep]).astype(np.int64),
            "betweenness_norm_before": btw_b[keep],
            "betweenness_norm_after": btw_a,
            "betweenness_norm_change": btw_a - btw_b[keep],
        }
    ).sort_values(["reach2_change", "id"], kind="stable", ignore_index=True)

    e = g.undirected_edges
    u, v = e["u"].to_numpy(), e["v"].to_numpy()
    gone = np.isin(u, idx) | np.isin(v, idx)
    ru = np.where(np.isin(u[gone], idx), u[gone], v[gone])
    pv = np.where(np.isin(u[gone], idx), v[gone], u[gone])
    partner_cut = np.zeros(n, dtype=bool)
    partner_cut[keep] = loses_public
    ties = pd.DataFrame(
        {
            "removed": g.ids[ru],
            "removed_name": g.names[ru],
            "partner": g.ids[pv],
            "partner_name": g.names[pv],
            "partner_sector": g.sector[pv],
            "weight": e["weight"].to_numpy(float)[gone],
            "partner_removed_too": np.isin(pv, idx),
            "partner_loses_public": partner_cut[pv],
        }
    ).sort_values(
        ["removed", "weight", "partner"], ascending=[True, False, True], ignore_index=True
    )

    ngo = np.isin(g.sector.astype(str), NGO_SECTORS)[keep]
    summary = {
        "removed": [str(x) for x in g.ids[idx]],
        "removed_names": [str(x) for x in g.names[idx]],
        "before": {
            "organizations": int(n),
            "ties": int(graph.ecount()),
            "components": int(len(sizes_b)),
            "largest_component": int(sizes_b.max()) if len(sizes_b) else 0,
            "fragmentation": fragmentation(graph),
        },
        "after": {
            "organizations": int(len(keep)),
            "ties": int(after.ecount()),
            "components": int(len(sizes_a)),
            "largest_component": int(sizes_a.max()) if len(sizes_a) else 0,
            "fragmentation": fragmentation(after),
        },
        "ties_to_replace": int(gone.sum()),
        "lose_public": int(loses_public.sum()),
        "ngos_lose_public": int((loses_public & ngo).sum()),
        "lose_private": int(loses_private.sum()),
        "lose_largest_component": int(loses_largest.sum()),
        "betweenness": btw_info,
    }
    return {"cut_off": cut_off, "organizations": organizations, "ties": ties, "summary": summary}


def key_players(g: CooperationGraph, k: int) -> pd.DataFrame:
    """KPP-Neg and KPP-Pos sets of size ``k`` as one table.

    Columns: ``set`` (``kpp_neg`` — whose loss fragments the network most; ``kpp_pos`` — who
    reaches most NGOs within two steps), ``rank`` (order chosen), ``id``, ``name``, ``sector``,
    ``set_score`` (fragmentation after removing the whole set, or NGOs reached by the set),
    ``baseline`` (fragmentation with nobody removed; 0 for KPP-Pos), ``alone`` (the same measure
    for the organization alone).

    Examples
    --------
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2)], sectors=["civil", "public", "civil"])
    >>> key_players(g, 1)[["set", "id", "set_score"]].values.tolist()
    [['kpp_neg', 'o1', 1.0], ['kpp_pos', 'o0', 2.0]]
    """
    if k < 1:
        raise InputError(f"--key-players must be a positive integer, not {k}")
    graph = g.undirected_graph
    neg = kpp_neg(graph, k)
    ngo = np.isin(g.sector.astype(str), NGO_SECTORS)
    pos = kpp_pos(graph, k, targets=ngo)
    reach = two_step_reach(graph)
    alone_pos = np.asarray(reach[list(pos.members)].astype(float) @ ngo.astype(float)).ravel()
    rows = []
    for name, result, alone in (
        ("kpp_neg", neg, [fragmentation(graph, [m]) for m in neg.members]),
        ("kpp_pos", pos, alone_pos.tolist()),
    ):
        for rank, (member, own) in enumerate(zip(result.members, alone, strict=True), start=1):
            rows.append(
                {
                    "set": name,
                    "rank": rank,
                    "id": g.ids[member],
                    "name": g.names[member],
                    "sector": g.sector[member],
                    "set_score": float(result.score),
                    "baseline": float(result.baseline),
                    "alone": float(own),
                }
            )
    return pd.DataFrame(
        rows, columns=["set", "rank", "id", "name", "sector", "set_score", "baseline", "alone"]
    )
