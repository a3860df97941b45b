"""Trust gaps and initiative: who trusts whom, who starts the joint work, and how trust and
cooperation line up on each tie.

The partner survey (``perceptions.csv``) holds answers *rater → ratee* with three trust items on a
1–4 scale: ``reliability``, ``mission_support`` and ``openness``. Following the convention of the
PARTNER tool for inter-organizational partnership surveys (Varda & Retrum 2012), the **trust of an
answer** is the mean of its available trust items, and an organization's **trust score** is the
mean over the partners who rated it. When a rater answered about the same ratee several times, its
latest answer counts (undated answers count as older than dated ones; answers dated after the
analysis window's ``until`` are ignored).

Everything here is vectorised over pandas / numpy: there is no Python loop per answer, per
interaction or per pair.

References
----------
Varda, D. M. & Retrum, J. H. (2012). An exploratory analysis of network characteristics and
quality of interactions among public health collaboratives. *Journal of Public Health Research*
1(2), 170–176.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import SECTORS, TRUST_ITEMS
from stakeholder_graph.network.graph import CooperationGraph, build_graph

if TYPE_CHECKING:
    from stakeholder_graph.analysis import AnalysisParams


def latest_answers(g: CooperationGraph, items: tuple[str, ...] = TRUST_ITEMS) -> pd.DataFrame:
    """The survey answers that count: one per (rater, ratee), the latest, with its trust.

    ``items`` chooses the survey items averaged into the ``trust`` column (default the three
    trust items; :data:`~stakeholder_graph.dataset.model.OTHER_SURVEY_ITEMS` gives the PARTNER
    value score instead).

    Returns
    -------
    DataFrame
        ``rater``, ``ratee`` (vertex indices), ``date``, ``trust`` — the mean of the available
        trust items. Answers about oneself, about unknown organizations, with no trust item, or
        dated after ``g.options.until`` are dropped.
    """
    p = g.data.perceptions
    trust = p[list(items)].mean(axis=1, skipna=True)
    frame = pd.DataFrame(
        {
            "rater": g.index_of(p["rater"]),
            "ratee": g.index_of(p["ratee"]),
            "date": p["date"].to_numpy(),
            "trust": trust.to_numpy(float),
            "order": np.arange(len(p)),
        }
    )
    keep = (frame["rater"] >= 0) & (frame["ratee"] >= 0) & (frame["rater"] != frame["ratee"])
    keep &= frame["trust"].notna()
    if g.options.until is not None:
        keep &= ~(frame["date"] > g.options.until)
    frame = frame[keep]
    frame = frame.sort_values(["date", "order"], na_position="first", kind="stable")
    frame = frame.drop_duplicates(["rater", "ratee"], keep="last")
    frame = frame.sort_values(["rater", "ratee"], kind="stable").reset_index(drop=True)
    return frame[["rater", "ratee", "date", "trust"]]


def organization_trust(g: CooperationGraph) -> pd.DataFrame:
    """Trust received and given per organization.

    ``trust_received`` of *o* is the mean trust of the latest answers about *o*, one per rater
    (``n_received`` raters); ``trust_given`` is the mean trust *o* expressed about its partners
    (``n_given`` ratees). Organizations nobody rated have NaN and 0.

    Returns
    -------
    DataFrame
        ``id, trust_received, n_received, trust_given, n_given``, one row per organization in the
        order of ``g.ids``.

    Examples
    --------
    >>> import pandas as pd
    >>> from stakeholder_graph.dataset.model import NetworkData, coerce_table
    >>> from stakeholder_graph.network.graph import build_graph
    >>> orgs = coerce_table("organizations", pd.DataFrame(
    ...     {"id": ["a", "b"], "name": ["A", "B"], "sector": ["public", "civil"]}))
    >>> survey = coerce_table("perceptions", pd.DataFrame({"rater": ["a"], "ratee": ["b"],
    ...     "reliability": [4], "mission_support": [3], "openness": [2]}))
    >>> organization_trust(build_graph(NetworkData(orgs, perceptions=survey)))
      id  trust_received  n_received  trust_given  n_given
    0  a             NaN           0          3.0        1
    1  b             3.0           1          NaN        0
    """
    answers = latest_answers(g)
    received = answers.groupby("ratee")["trust"].agg(["mean", "size"])
    given = answers.groupby("rater")["trust"].agg(["mean", "size"])
    vertices = np.arange(g.n)
    out = pd.DataFrame(
        {
            "id": g.ids,
            "trust_received": received["mean"].reindex(vertices).to_numpy(float),
            "n_received": received["size"].reindex(vertices).fillna(0).to_numpy(np.int64),
            "trust_given": given["mean"].reindex(vertices).to_numpy(float),
            "n_given": given["size"].reindex(vertices).fillna(0).to_numpy(np.int64),
        }
    )
    return out


def _pair_interaction_counts(g: CooperationGraph, pair_keys: np.ndarray) -> np.ndarray:
    """Interactions in the window for each unordered pair key ``lo·n + hi`` (vertex indices)."""
    n = max(g.n, 1)
    src = g.interactions["src"].to_numpy(np.int64)
    tgt = g.interactions["tgt"].to_numpy(np.int64)
    keys = np.sort(np.minimum(src, tgt) * n + np.maximum(src, tgt))
    return np.searchsorted(keys, pair_keys, side="right") - np.searchsorted(keys, pair_keys)


def _id_rank(g: CooperationGraph) -> np.ndarray:
    """Position of each vertex when organizations are sorted by id (for ``a < b`` by id)."""
    rank = np.empty(g.n, dtype=np.int64)
    rank[np.argsort(g.ids.astype(str), kind="stable")] = np.arange(g.n)
    return rank


def _id_ordered(g: CooperationGraph, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Reorder index pairs so that ``ids[a] < ids[b]``; also returns whether they were swapped."""
    rank = _id_rank(g)
    swap = rank[x] > rank[y]
    return np.where(swap, y, x), np.where(swap, x, y), swap


def _mean_available(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Element-wise mean of ``x`` and ``y`` ignoring NaN (NaN when both are missing)."""
    count = (~np.isnan(x)).astype(float) + (~np.isnan(y))
    total = np.nan_to_num(x) + np.nan_to_num(y)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def trust_dyads(g: CooperationGraph) -> pd.DataFrame:
    """One row per rated pair: how each side rates the other, and how much they work together.

    ``trust_ab`` is *a*'s rating of *b* (its latest answer), ``trust_ba`` *b*'s rating of *a*;
    ``gap = trust_ab − trust_ba`` is positive when *a* trusts *b* more than *b* trusts *a*
    (``abs_gap`` is its size); ``reciprocated`` says whether both rated each other (``gap`` is NaN
    otherwise). ``interactions_ab`` counts interactions between them in the window, either
    direction.

    Returns
    -------
    DataFrame
        ``a, b, trust_ab, trust_ba, gap, reciprocated, interactions_ab, abs_gap``, one row per
        unordered rated pair with ``a < b`` by id, sorted by ``a, b``.
    """
    answers = latest_answers(g)
    rater = answers["rater"].to_numpy(np.int64)
    ratee = answers["ratee"].to_numpy(np.int64)
    trust = answers["trust"].to_numpy(float)
    a, b, swap = _id_ordered(g, rater, ratee)  # swap: the answer is b's rating of a
    rank = _id_rank(g)
    n = max(g.n, 1)
    key = rank[a] * n + rank[b]  # sorted keys are in id order
    keys = np.sort(key)
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    pos = np.searchsorted(keys, key)
    t_ab = np.full(len(keys), np.nan)
    t_ba = np.full(len(keys), np.nan)
    t_ab[pos[~swap]] = trust[~swap]
    t_ba[pos[swap]] = trust[swap]
    by_rank = np.argsort(rank)
    ra, rb = np.divmod(keys, n)
    ia, ib = by_rank[ra], by_rank[rb]
    inter = _pair_interaction_counts(g, np.minimum(ia, ib) * n + np.maximum(ia, ib))
    return pd.DataFrame(
        {
            "a": g.ids[ia],
            "b": g.ids[ib],
            "trust_ab": t_ab,
            "trust_ba": t_ba,
            "gap": t_ab - t_ba,
            "reciprocated": ~np.isnan(t_ab) & ~np.isnan(t_ba),
            "interactions_ab": inter,
            "abs_gap": np.abs(t_ab - t_ba),
        }
    )


def sector_trust(g: CooperationGraph) -> pd.DataFrame:
    """The sector × sector trust matrix in long form, with its asymmetry.

    ``trust`` is the mean trust of the latest answers by organizations of ``rater_sector`` about
    organizations of ``ratee_sector`` (``n`` answers); ``asymmetry = T(A→B) − T(B→A)`` is
    positive when sector A trusts sector B more than B trusts A (0 on the diagonal, NaN when
    either direction has no answer).

    Returns
    -------
    DataFrame
        ``rater_sector, ratee_sector, trust, n, asymmetry``: all 16 ordered pairs of
        :data:`~stakeholder_graph.dataset.model.SECTORS` (``n = 0`` and NaN trust where no answer).
    """
    answers = latest_answers(g)
    codes = g.sector_code.astype(np.int64)
    frame = pd.DataFrame(
        {
            "rs": codes[answers["rater"].to_numpy(np.int64)],
            "es": codes[answers["ratee"].to_numpy(np.int64)],
            "trust": answers["trust"].to_numpy(float),
        }
    )
    frame = frame[(frame["rs"] >= 0) & (frame["es"] >= 0)]
    k = len(SECTORS)
    total = np.zeros((k, k))
    count = np.zeros((k, k), dtype=np.int64)
    np.add.at(total, (frame["rs"].to_numpy(), frame["es"].to_numpy()), frame["trust"].to_numpy())
    np.add.at(count, (frame["rs"].to_numpy(), frame["es"].to_numpy()), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    asym = mean - mean.T
    rows, cols = np.divmod(np.arange(k * k), k)
    return pd.DataFrame(
        {
            "rater_sector": np.asarray(SECTORS, dtype=object)[rows],
            "ratee_sector": np.asarray(SECTORS, dtype=object)[cols],
            "trust": mean.ravel(),
            "n": count.ravel(),
            "asymmetry": asym.ravel(),
        }
    )


def _shares(
    key: np.ndarray,
    known: np.ndarray,
    by_a: np.ndarray,
    by_b: np.ndarray,
    by_joint: np.ndarray,
    params: AnalysisParams,
) -> dict[str, np.ndarray]:
    """Aggregate 0/1 arrays per integer ``key`` into counts, shares and the verdict.

    Returns the sorted distinct keys (``"key"``) and, per key, ``n`` (recorded initiators),
    ``n_total``, the three shares, ``one_sided`` and ``lead`` (0 none, 1 a, 2 b).
    """
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first = np.r_[True, sorted_key[1:] != sorted_key[:-1]] if len(key) else np.zeros(0, bool)
    group = np.empty(len(key), dtype=np.int64)
    group[order] = np.cumsum(first) - 1
    m = int(first.sum())

    def total(flags: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=flags.astype(float), minlength=m)

    n = total(known).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share_a = np.where(n > 0, total(by_a) / np.maximum(n, 1), np.nan)
        share_b = np.where(n > 0, total(by_b) / np.maximum(n, 1), np.nan)
        share_joint = np.where(n > 0, total(by_joint) / np.maximum(n, 1), np.nan)
    top = np.fmax(share_a, share_b)
    return {
        "key": sorted_key[first],
        "n": n,
        "share_a": share_a,
        "share_b": share_b,
        "share_joint": share_joint,
        "one_sided": (n >= params.one_sided_min) & (top >= params.one_sided_share),
        "lead": np.select([n == 0, share_a > share_b, share_b > share_a], [0, 1, 2], default=0),
        "n_total": np.bincount(group, minlength=m).astype(np.int64),
    }


def _frame(
    first: np.ndarray, second: np.ndarray, names: tuple[str, str], agg: dict
) -> pd.DataFrame:
    """The initiative table of ``_shares`` output with the two sides named."""
    lead = agg["lead"]
    initiator = np.where(lead == 1, first, np.where(lead == 2, second, ""))
    return pd.DataFrame(
        {
            names[0]: first,
            names[1]: second,
            "n": agg["n"],
            "share_a": agg["share_a"],
            "share_b": agg["share_b"],
            "share_joint": agg["share_joint"],
            "one_sided": agg["one_sided"].astype(bool),
            "initiator": initiator.astype(object),
            "n_total": agg["n_total"],
        },
        copy=False,  # the arrays are this table's alone: not copied again into blocks
    )


_COLUMNS = ["n", "share_a", "share_b", "share_joint", "one_sided", "initiator", "n_total"]


def initiative(g: CooperationGraph, params: AnalysisParams) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who starts the joint work: initiative shares per pair and per sector pair.

    Each interaction's ``initiator`` (``source``, ``target`` or ``joint``) names the organization
    that started it. For a pair *a, b* (``a < b`` by id), ``share_a`` is the share of their
    interactions *a* started, ``share_b`` those *b* started and ``share_joint`` those started
    together, over the ``n`` interactions in the window **whose initiator is recorded**;
    interactions without an initiator are left out of the shares (``n_total`` counts them too).
    The pair is **one-sided** when one side started at least ``params.one_sided_share`` of at
    least ``params.one_sided_min`` interactions. ``initiator`` names the side that started more
    (its id; ``""`` when neither started more).

    The sector level does the same over all interactions between two *different* sectors
    (``a_sector`` before ``b_sector`` in :data:`~stakeholder_graph.dataset.model.SECTORS` order;
    ``initiator`` is a sector name).

    Returns
    -------
    pairs, sectors : DataFrame
        ``a, b, n, share_a, share_b, share_joint, one_sided, initiator, n_total`` and
        ``a_sector, b_sector`` with the same columns after them.
    """
    inter = g.interactions
    src = inter["src"].to_numpy(np.int64)
    tgt = inter["tgt"].to_numpy(np.int64)
    who = inter["initiator"].to_numpy(dtype=object)
    starter = np.select([who == "source", who == "target"], [src, tgt], default=-1)
    joint = who == "joint"
    known = (starter >= 0) | joint

    a, b, _ = _id_ordered(g, src, tgt)
    rank = _id_rank(g)
    by_rank = np.argsort(rank)
    n = max(g.n, 1)
    agg = _shares(
        rank[a] * n + rank[b],
        known,
        (starter == a) & ~joint,
        (starter == b) & ~joint,
        joint,
        params,
    )
    ra, rb = np.divmod(agg["key"], n)
    pairs = _frame(g.ids[by_rank[ra]], g.ids[by_rank[rb]], ("a", "b"), agg)

    codes = g.sector_code.astype(np.int64)
    sa, sb = codes[src], codes[tgt]
    st = np.where(starter >= 0, codes[np.maximum(starter, 0)], -1)
    lo, hi = np.minimum(sa, sb), np.maximum(sa, sb)
    cross = (sa != sb) & (sa >= 0) & (sb >= 0)
    k = len(SECTORS)
    agg = _shares(
        (lo * k + hi)[cross],
        known[cross],
        ((st == lo) & ~joint)[cross],
        ((st == hi) & ~joint)[cross],
        joint[cross],
        params,
    )
    names = np.asarray(SECTORS, dtype=object)
    first, second = np.divmod(agg["key"], k)
    sectors = _frame(names[first], names[second], ("a_sector", "b_sector"), agg)
    return pairs, sectors


def _any_interaction(g: CooperationGraph, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Interactions of any type in the window between each pair (ids), whatever ``g.options.types``."""
    if g.options.types is not None:
        g = build_graph(g.data, replace(g.options, types=None, coparticipation=False))
    n = max(g.n, 1)
    ia, ib = g.index_of(a), g.index_of(b)
    return _pair_interaction_counts(g, np.minimum(ia, ib) * n + np.maximum(ia, ib))


def multiplex_ties(
    g: CooperationGraph, params: AnalysisParams, dyads: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Cooperation and trust on the same pair: fragile ties and untapped trust.

    One row per unordered pair that is tied in the window or rated in the survey (``a < b`` by
    id). ``trust`` is the mean of the available directions ``trust_ab`` and ``trust_ba``.

    * **fragile** — ``interactions ≥ params.fragile_min_interactions`` and
      ``trust ≤ params.fragile_max_trust``: much joint work resting on little trust.
    * **untapped_trust** — ``trust ≥ params.untapped_min_trust`` and no interaction in the window
      (they may still sit in the same activities): trust nobody uses yet. Interactions of every
      type count here, even when ``g`` keeps only some types.

    Parameters
    ----------
    g:
        The cooperation graph.
    params:
        Thresholds.
    dyads:
        The output of :func:`trust_dyads` (computed when omitted).

    Returns
    -------
    DataFrame
        ``a, b, interactions, shared_activities, weight, trust_ab, trust_ba, fragile,
        untapped_trust, trust``.
    """
    if dyads is None:
        dyads = trust_dyads(g)
    n = g.n
    e = g.edges
    u, v = e["u"].to_numpy(np.int64), e["v"].to_numpy(np.int64)
    edge_key = np.minimum(u, v) * n + np.maximum(u, v)
    inter = e["interactions"].to_numpy(np.int64)
    shared = e["shared_activities"].to_numpy(np.int64)
    weight = e["weight"].to_numpy(float)
    if g.directed and len(edge_key):
        # fold both directions; co-participation is mirrored in a directed graph: count it once
        order = np.argsort(edge_key, kind="stable")
        edge_key, inter, shared, weight = (
            edge_key[order],
            inter[order],
            shared[order],
            weight[order],
        )
        first = np.flatnonzero(np.r_[True, edge_key[1:] != edge_key[:-1]])
        copies = np.diff(np.r_[first, len(edge_key)])
        inter = np.add.reduceat(inter, first)
        weight = np.add.reduceat(weight, first)
        shared = np.maximum.reduceat(shared, first)
        weight = weight - (copies - 1) * shared * g.options.activity_weight
        edge_key = edge_key[first]
    da = g.index_of(dyads["a"].to_numpy(dtype=object))
    db = g.index_of(dyads["b"].to_numpy(dtype=object))
    rated_key = np.minimum(da, db) * n + np.maximum(da, db)
    keys = np.sort(np.r_[edge_key, rated_key])
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    m = len(keys)
    at_edge = np.searchsorted(keys, edge_key)
    at_rated = np.searchsorted(keys, rated_key)
    n_inter = np.zeros(m, dtype=np.int64)
    n_shared = np.zeros(m, dtype=np.int64)
    total_weight = np.zeros(m)
    t_ab = np.full(m, np.nan)
    t_ba = np.full(m, np.nan)
    n_inter[at_edge], n_shared[at_edge], total_weight[at_edge] = inter, shared, weight
    # dyads are id-ordered already, like the output rows
    t_ab[at_rated] = dyads["trust_ab"].to_numpy(float)
    t_ba[at_rated] = dyads["trust_ba"].to_numpy(float)
    lo, hi = np.divmod(keys, n) if n else (keys, keys)
    a, b, _ = _id_ordered(g, lo, hi)
    rank = _id_rank(g)
    order = np.argsort(rank[a] * n + rank[b], kind="stable")
    a, b, n_inter, n_shared = a[order], b[order], n_inter[order], n_shared[order]
    total_weight, t_ab, t_ba = total_weight[order], t_ab[order], t_ba[order]
    trust = _mean_available(t_ab, t_ba)
    return pd.DataFrame(
        {
            "a": g.ids[a],
            "b": g.ids[b],
            "interactions": n_inter,
            "shared_activities": n_shared,
            "weight": total_weight,
            "trust_ab": t_ab,
            "trust_ba": t_ba,
            "fragile": (n_inter >= params.fragile_min_interactions)
            & (trust <= params.fragile_max_trust),
            "untapped_trust": (trust >= params.untapped_min_trust)
            & (_any_interaction(g, g.ids[a], g.ids[b]) == 0),
            "trust": trust,
        },
        copy=False,  # fresh arrays, a million rows at 100k: not copied again into blocks
    )
