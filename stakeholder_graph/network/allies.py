"""Unconnected potential allies: pairs of organizations with no tie that should meet.

A pair is a *candidate* when the two share a theme (through an inverted index of themes) or a
partner (a two-hop path in the tie graph); pairs already tied in the window are never suggested.
Each candidate gets four components:

* ``theme_score`` — the shared themes weighted by rarity, ``Σ_t idf(t)`` over the themes both
  work on, with ``idf(t) = log(n / df(t))`` (Salton & Buckley 1988): a theme few organizations
  work on says more than one everybody claims;
* ``partner_score`` — the Adamic–Adar index ``Σ_z 1 / log k(z)`` over shared partners *z* of
  degree *k(z)* (Adamic & Adar 2003), the strongest simple predictor of new ties in
  Liben-Nowell & Kleinberg (2007); ``shared_partners`` counts them;
* ``complementarity`` — :data:`COMPLEMENTARITY` of the two sectors: 1 across the three sectors
  (a company with an NGO, a public body with a company, …), 0.5 between an NGO and a social
  enterprise, 0 inside one sector;
* ``same_municipality`` — both based in the same municipality.

``score = 0.4·theme/max(theme) + 0.3·partner/max(partner) + 0.2·complementarity
+ 0.1·locality`` (:data:`WEIGHTS`), the maxima taken over the candidate pairs, so that each term
lies in [0, 1].

Scale: candidates come from sparse products ``K·W·Kᵀ`` (themes) and ``A·D·A`` (shared partners)
computed in row blocks of bounded size, keeping the best ``candidates_per_org`` per row. Themes
held by more than ``max_theme_df`` organizations generate candidates only inside one
municipality (a theme × municipality token), and tokens still larger than that are left out of
candidate generation; partners with more than ``max_partner_degree`` ties are likewise left out
of generation. Both still count fully in the scores of the candidates found. No step enumerates
all n² pairs.

References
----------
Adamic, L. A. & Adar, E. (2003). Friends and neighbors on the Web. *Social Networks* 25(3).
Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social networks.
*JASIST* 58(7). Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text
retrieval. *Information Processing & Management* 24(5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from stakeholder_graph.network.allies_kernel import shared_columns
from stakeholder_graph.network.allies_text import join_columns, ranked_labels, reasons
from stakeholder_graph.network.graph import CooperationGraph, build_graph

if TYPE_CHECKING:
    from stakeholder_graph.analysis import AnalysisParams

COMPLEMENTARITY = np.array(
    [
        # public private civil social_economy
        [0.0, 1.0, 1.0, 1.0],  # public
        [1.0, 0.0, 1.0, 1.0],  # private
        [1.0, 1.0, 0.0, 0.5],  # civil
        [1.0, 1.0, 0.5, 0.0],  # social_economy
    ]
)
"""Sector complementarity in :data:`~stakeholder_graph.dataset.model.SECTORS` order."""

WEIGHTS: dict[str, float] = {
    "theme": 0.4,
    "partner": 0.3,
    "complementarity": 0.2,
    "locality": 0.1,
}
"""Weights of the normalised components in the ally score."""

COLUMNS = [
    "a",
    "b",
    "a_name",
    "b_name",
    "a_sector",
    "b_sector",
    "score",
    "theme_score",
    "shared_themes",
    "shared_partners",
    "partner_score",
    "complementarity",
    "same_municipality",
    "rank",
    "reasons",
]

_BLOCK_BUDGET = 4_000_000  # product entries per row block
EXHAUSTIVE_BELOW = 1_000_000
"""A candidate product with at most this many entries is used whole, without limits."""


def _unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a diff: faster than ``np.unique`` on large int64)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix, dtype=float, copy=True)
    out.sum_duplicates()
    out.data[:] = 1.0
    out.eliminate_zeros()
    out.sort_indices()
    return out


def _top_per_row(
    indptr: np.ndarray,
    rank_value: Callable[[np.ndarray], np.ndarray],
    k: int | None,
) -> np.ndarray:
    """Mask over the entries of a CSR structure keeping the ``k`` best of each row.

    Rows holding at most ``k`` entries are kept whole; ``rank_value(positions)`` is evaluated
    only on the entries of crowded rows, and one argsort of the composite key
    ``row + ½·(1 − value/max)`` orders them by row and, within a row, by decreasing value.
    """
    counts = np.diff(indptr)
    total = int(indptr[-1]) if len(indptr) else 0
    keep = np.ones(total, dtype=bool)
    if k is None or total == 0:
        return keep
    crowded_rows = np.flatnonzero(counts > k)
    if len(crowded_rows) == 0:
        return keep
    per = counts[crowded_rows]
    starts = indptr[crowded_rows]
    positions = np.repeat(starts, per) + (
        np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    )
    keep[positions] = False
    v = rank_value(positions)
    top = v.max()
    scaled = v / top if top > 0 else np.zeros_like(v)
    local_row = np.repeat(np.arange(len(crowded_rows)), per)
    order = np.argsort(local_row + 0.5 * (1.0 - scaled), kind="stable")
    within = np.arange(len(order)) - (np.cumsum(per) - per)[local_row[order]]
    keep[positions[order[within < k]]] = True
    return keep


def _product_pairs(
    left: sp.csr_matrix,
    right: sp.csr_matrix,
    mask: sp.csr_matrix,
    per_row: int | None,
    prior: tuple[float, float, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Keys ``lo·n + hi`` of the best allowed pairs of ``left · right``, in bounded row blocks.

    Entries where ``mask`` is nonzero (tied pairs and the diagonal) are removed with sparse
    operations; the best ``per_row`` entries of each row are kept, ranked like the final score:
    ``prior = (weight, scale, sector codes, municipality codes)`` turns the product value *x*
    into ``weight · x / scale`` and adds the pair's complementarity and locality terms (sector
    code 4 and municipality code −1 mean unknown).
    """
    n = left.shape[0]
    if n == 0 or left.nnz == 0 or right.nnz == 0:
        return np.zeros(0, dtype=np.int64)
    right_nnz = np.diff(right.indptr).astype(float)
    estimate = left @ right_nnz  # upper bound of entries per output row
    before = np.cumsum(estimate) - estimate
    block_of_row = (before // _BLOCK_BUDGET).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, np.diff(block_of_row) != 0])
    # sector codes run 0..3, and 4 for an unknown sector (no complementarity)
    comp_table = np.zeros((5, 5))
    comp_table[:4, :4] = WEIGHTS["complementarity"] * COMPLEMENTARITY
    comp_table = comp_table.ravel()
    locality = WEIGHTS["locality"]
    found = []
    for s, e in zip(starts, np.r_[starts[1:], n], strict=True):
        block = (left[s:e] @ right).tocsr()
        block = block - block.multiply(mask[s:e])
        block.eliminate_zeros()
        rows = np.repeat(np.arange(s, e, dtype=np.int64), np.diff(block.indptr))
        cols = block.indices.astype(np.int64)

        def value(pos: np.ndarray, block=block, rows=rows, cols=cols) -> np.ndarray:
            if prior is None:
                return block.data[pos]
            weight, scale, sector, muni = prior
            r, c = rows[pos], cols[pos]
            mr = muni[r]
            bonus = comp_table[sector[r] * 5 + sector[c]] + locality * ((mr == muni[c]) & (mr >= 0))
            return (weight / scale) * block.data[pos] + bonus

        keep = _top_per_row(block.indptr, value, per_row)
        rows, kept_cols = rows[keep], cols[keep]
        found.append(np.minimum(rows, kept_cols) * n + np.maximum(rows, kept_cols))
    return _unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _municipality_codes(g: CooperationGraph) -> np.ndarray:
    """Integer code of each organization's municipality, −1 when none is given."""
    names = g.municipality.astype(str)
    codes = pd.factorize(names)[0].astype(np.int64)
    codes[names == ""] = -1
    return codes


def _theme_tokens(g: CooperationGraph, max_df: int | None) -> tuple[sp.csr_matrix, np.ndarray]:
    """Token matrix for candidate generation and the IDF weight of each token.

    Themes with ``df ≤ max_df`` are tokens; more common themes become theme × municipality
    tokens, kept when those have ``df ≤ max_df``.
    """
    themes = g.themes.tocsc()
    n = g.n
    df = np.diff(themes.indptr).astype(float)
    idf = np.log(n / np.maximum(df, 1.0))
    if max_df is None:
        return themes.tocsr(), idf
    small = np.flatnonzero((df <= max_df) & (df >= 2))
    parts = [themes[:, small]]
    weights = [idf[small]]
    big = np.flatnonzero(df > max_df)
    if len(big):
        coo = themes[:, big].tocoo()
        muni = _municipality_codes(g)[coo.row]
        has = muni >= 0
        token, _ = pd.factorize(coo.col[has].astype(np.int64) * (n + 1) + muni[has])
        if len(token):
            t_df = np.bincount(token)
            t_idf = np.zeros(len(t_df))
            t_idf[token] = idf[big][coo.col[has]]
            ok = (t_df <= max_df) & (t_df >= 2)
            remap = np.cumsum(ok) - 1
            sel = ok[token]
            parts.append(
                sp.csr_matrix(
                    (np.ones(int(sel.sum())), (coo.row[has][sel], remap[token[sel]])),
                    shape=(n, int(ok.sum())),
                )
            )
            weights.append(t_idf[ok])
    return sp.hstack(parts, format="csr"), np.concatenate(weights)


def _adamic_adar_weights(degree: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.where(degree >= 2, 1.0 / np.log(np.maximum(degree, 2)), 0.0)


def cooperating_pairs(g: CooperationGraph) -> sp.csr_matrix:
    """Symmetric adjacency of the pairs that cooperate in the data inside the graph's window.

    Whatever ``types`` and ``coparticipation`` chose for the graph measures, a pair with any
    recorded interaction or shared activity in the window cooperates already: the exclusion
    list of potential allies and the ties flags are built from all of them.
    """
    options = g.options
    if options.types is None and options.coparticipation:
        return g.adjacency(weighted=False, symmetric=True)
    full = build_graph(g.data, replace(options, types=None, coparticipation=True))
    return full.adjacency(weighted=False, symmetric=True)


def candidate_pairs(
    g: CooperationGraph,
    *,
    max_theme_df: int | None = 500,
    max_partner_degree: int | None = 1000,
    partners_per_org: int | None = 5,
    candidates_per_org: int | None = 10,
    exhaustive_below: int = EXHAUSTIVE_BELOW,
) -> tuple[np.ndarray, np.ndarray]:
    """Untied candidate pairs ``(lo, hi)`` (vertex indices, ``lo < hi``), sorted.

    Theme candidates come from ``K·W·Kᵀ`` over theme tokens (see :func:`_theme_tokens`);
    partner candidates from ``A'·D·A`` where ``A'`` keeps each organization's
    ``partners_per_org`` most specific partners (fewest ties, largest Adamic–Adar weight) and
    ``D`` zeroes partners with more than ``max_partner_degree`` ties. Each row keeps its best
    ``candidates_per_org`` per source. The limits only apply to a product that would otherwise
    hold more than ``exhaustive_below`` entries; below that (and with every limit ``None``) the
    result is exactly the set of untied pairs that share a theme or a partner.
    """
    n = g.n
    adj = _binary(g.adjacency(weighted=False, symmetric=True))
    sector = np.where(g.sector_code >= 0, g.sector_code, 4).astype(np.int32)
    muni_codes = _municipality_codes(g).astype(np.int32)
    # every pair that cooperates in the data, and the diagonal: never suggested
    mask = (_binary(cooperating_pairs(g)) + sp.identity(n, format="csr")).tocsr()

    df = np.diff(g.themes.tocsc().indptr).astype(float)
    small_themes = float((df**2).sum()) <= exhaustive_below
    tokens, token_idf = _theme_tokens(g, None if small_themes else max_theme_df)
    tokens = _binary(tokens)
    # weight tokens by rarity (+ a small floor so ubiquitous themes still produce entries)
    token_idf = np.maximum(token_idf, 1e-9)
    right = (sp.diags(token_idf) @ tokens.T).tocsr()
    # scale: the largest theme score any organization has with itself, a bound on every pair's
    scale = float((tokens @ token_idf).max()) if tokens.nnz else 1.0
    prior = (WEIGHTS["theme"], scale, sector, muni_codes)
    per_row = None if small_themes else candidates_per_org
    keys = [_product_pairs(tokens, right, mask, per_row, prior)]

    degree = np.diff(adj.indptr)
    small_paths = float((degree.astype(float) ** 2).sum()) <= exhaustive_below
    w = _adamic_adar_weights(degree)
    if max_partner_degree is not None and not small_paths:
        w = np.where(degree <= max_partner_degree, w, 0.0)
    right = (sp.diags(w) @ adj).tocsr()
    right.eliminate_zeros()
    left = adj.copy()
    if partners_per_org is not None and adj.nnz and not small_paths:
        specific = w[adj.indices] + 1e-12
        keep = _top_per_row(adj.indptr, lambda pos: specific[pos], partners_per_org)
        left.data = keep.astype(float)
        left.eliminate_zeros()
    scale = float((adj @ w).max()) if right.nnz else 1.0
    prior = (WEIGHTS["partner"], scale, sector, muni_codes)
    per_row = None if small_paths else candidates_per_org
    keys.append(_product_pairs(left, right, mask, per_row, prior))
    allkeys = _unique(np.concatenate(keys))
    if n == 0:
        return allkeys, allkeys
    return np.divmod(allkeys, n)


def _shared_entries(
    left: sp.csr_matrix, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The columns rows ``lo[i]`` and ``hi[i]`` of ``left`` share, as ``(i, column)`` arrays.

    A compiled merge of the two sorted rows per pair
    (:func:`~stakeholder_graph.network.allies_kernel.shared_columns`): the work is about
    ``Σ min(nnz(lo), nnz(hi))``, never ``n²``. ``left`` must have sorted indices.
    """
    return shared_columns(left.indptr, left.indices, lo, hi)


def _row_products(
    left: sp.csr_matrix, lo: np.ndarray, hi: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: ``Σ_k L[lo,k]·L[hi,k]·w_k`` over shared columns, and their number."""
    pair, col = _shared_entries(left, lo, hi)
    score = np.bincount(pair, weights=weights[col], minlength=len(lo))
    return score, np.bincount(pair, minlength=len(lo)).astype(np.int64)


def _select(lo: np.ndarray, hi: np.ndarray, score: np.ndarray, top_k: int, per_org: int):
    """Indices of the overall top ``top_k`` united with every organization's top ``per_org``."""
    m = len(score)
    chosen = np.zeros(m, dtype=bool)
    if m == 0:
        return np.flatnonzero(chosen)
    k = min(top_k, m)
    if k > 0:
        chosen[np.argpartition(-score, k - 1)[:k]] = True
    if per_org > 0:
        org = np.r_[lo, hi]
        idx = np.r_[np.arange(m), np.arange(m)]
        sc = np.r_[score, score]
        order = np.lexsort((idx, -sc, org))
        sorted_org = org[order]
        within = np.arange(len(org)) - np.searchsorted(sorted_org, sorted_org, side="left")
        chosen[idx[order[within < per_org]]] = True
    return np.flatnonzero(chosen)


def potential_allies(
    g: CooperationGraph,
    params: AnalysisParams,
    *,
    max_theme_df: int | None = 500,
    max_partner_degree: int | None = 1000,
    partners_per_org: int | None = 5,
    candidates_per_org: int | None = 10,
    exhaustive_below: int = EXHAUSTIVE_BELOW,
) -> pd.DataFrame:
    """Rank untied pairs of organizations that should meet, with their reasons.

    Parameters
    ----------
    g:
        The cooperation graph; a pair that cooperates in the window — any interaction of any
        type, or a shared activity, even when ``g`` leaves them out — is never suggested
        (:func:`cooperating_pairs`).
    params:
        ``allies_top_k`` pairs overall and the best ``allies_per_org`` of every organization are
        returned (their union, ranked by score).
    max_theme_df, max_partner_degree, partners_per_org, candidates_per_org, exhaustive_below:
        Limits of candidate generation (see :func:`candidate_pairs`); ``None`` lifts a limit.

    Returns
    -------
    DataFrame
        ``a, b, a_name, b_name, a_sector, b_sector, score, theme_score, shared_themes,
        shared_partners, partner_score, complementarity, same_municipality, rank, reasons``,
        ``a < b`` by id, sorted by ``rank`` (1 = best).

    Examples
    --------
    >>> import pandas as pd
    >>> from stakeholder_graph.analysis import AnalysisParams
    >>> from stakeholder_graph.dataset.model import NetworkData, coerce_table
    >>> from stakeholder_graph.network.graph import build_graph
    >>> orgs = coerce_table("organizations", pd.DataFrame({"id": ["a", "b", "c"],
    ...     "name": ["Youth NGO", "Bank", "Town"], "sector": ["civil", "private", "public"],
    ...     "themes": ["youth", "youth", "roads"], "municipality": ["X", "X", "X"]}))
    >>> allies = potential_allies(build_graph(NetworkData(orgs)), AnalysisParams())
    >>> allies.loc[0, "reasons"]
    'both work on youth; would connect an NGO with a company; both in X'
    """
    lo, hi = candidate_pairs(
        g,
        max_theme_df=max_theme_df,
        max_partner_degree=max_partner_degree,
        partners_per_org=partners_per_org,
        candidates_per_org=candidates_per_org,
        exhaustive_below=exhaustive_below,
    )
    if len(lo) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    n = g.n
    themes = _binary(g.themes)
    df = np.asarray(themes.sum(axis=0)).ravel()
    idf = np.log(n / np.maximum(df, 1.0))
    theme_score, _ = _row_products(themes, lo, hi, idf)
    adj = _binary(g.adjacency(weighted=False, symmetric=True))
    degree = np.diff(adj.indptr)
    aa = _adamic_adar_weights(degree)
    partner_score, shared_partners = _row_products(adj, lo, hi, aa)
    codes = g.sector_code.astype(np.int64)
    known = (codes[lo] >= 0) & (codes[hi] >= 0)
    comp = np.where(known, COMPLEMENTARITY[np.maximum(codes[lo], 0), np.maximum(codes[hi], 0)], 0)
    muni = g.municipality.astype(str)
    same = (muni[lo] == muni[hi]) & (muni[lo] != "")

    def normalised(x: np.ndarray) -> np.ndarray:
        top = x.max() if len(x) else 0.0
        return x / top if top > 0 else np.zeros_like(x)

    score = (
        WEIGHTS["theme"] * normalised(theme_score)
        + WEIGHTS["partner"] * normalised(partner_score)
        + WEIGHTS["complementarity"] * comp
        + WEIGHTS["locality"] * same
    )
    pick = _select(lo, hi, score, params.allies_top_k, params.allies_per_org)
    lo, hi, score = lo[pick], hi[pick], score[pick]
    theme_score, partner_score = theme_score[pick], partner_score[pick]
    shared_partners, comp, same = shared_partners[pick], comp[pick], same[pick]

    # orient each pair by id, then rank
    rank_of_id = np.empty(n, dtype=np.int64)
    rank_of_id[np.argsort(g.ids.astype(str), kind="stable")] = np.arange(n)
    swap = rank_of_id[lo] > rank_of_id[hi]
    a, b = np.where(swap, hi, lo), np.where(swap, lo, hi)
    order = np.lexsort((rank_of_id[b], rank_of_id[a], -score))
    a, b, lo, hi = a[order], b[order], lo[order], hi[order]
    score, theme_score, partner_score = score[order], theme_score[order], partner_score[order]
    shared_partners, comp, same = shared_partners[order], comp[order], same[order]

    # names of the shared themes (rarest first) and shared partners (fewest ties first)
    m = len(a)
    t_row, t_col = _shared_entries(themes, a, b)
    theme_label = np.array([str(t).replace("_", " ") for t in g.theme_names], dtype=object)
    theme_words = ranked_labels(t_row, theme_label[t_col], -idf[t_col], t_col, m, 3)
    all_themes, _ = ranked_labels(t_row, g.theme_names[t_col], -idf[t_col], t_col, m, None)
    p_row, p_col = _shared_entries(adj, a, b)
    partner_words = ranked_labels(p_row, g.names[p_col], degree[p_col], p_col, m, 3)
    a_sector, b_sector = g.sector[a], g.sector[b]
    text = reasons(theme_words, partner_words, a_sector, b_sector, comp, muni[a], same)
    return pd.DataFrame(
        {
            "a": g.ids[a],
            "b": g.ids[b],
            "a_name": g.names[a],
            "b_name": g.names[b],
            "a_sector": a_sector,
            "b_sector": b_sector,
            "score": score,
            "theme_score": theme_score,
            "shared_themes": join_columns(all_themes, ";", m),
            "shared_partners": shared_partners.astype(np.int64),
            "partner_score": partner_score,
            "complementarity": comp.astype(float),
            "same_municipality": same.astype(bool),
            "rank": np.arange(1, m + 1, dtype=np.int64),
            "reasons": text,
        }
    )
