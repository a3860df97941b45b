"""Which untied pairs the potential-ally score is computed for: candidates, never all pairs.

A pair is a *candidate* when the two share a theme (through an inverted index of themes) or a
partner (a two-hop path in the tie graph); pairs that cooperate in the window are never
candidates. Both come from sparse products — ``K·W·Kᵀ`` over theme tokens and ``S'·D·S`` over
tie strengths — computed in row blocks of bounded size. A product with at most
:data:`EXHAUSTIVE_BELOW` entries is used whole; beyond that each row keeps its best
``candidates_per_org`` pairs per product, ranked the way the final score
(:func:`~stakeholder_graph.network.allies_score.ally_score`) ranks them, common themes generate
candidates only inside a municipality and hubs generate none. No step enumerates all n² pairs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from stakeholder_graph.network.allies_score import (
    COMPLEMENTARITY,
    WEIGHTS,
    PairScorer,
    binary,
    municipality_codes,
    theme_unit,
)
from stakeholder_graph.network.allies_topk import PARTNER_RANK, THEME_RANK, product_top_keys
from stakeholder_graph.network.graph import CooperationGraph, build_graph

_BLOCK_BUDGET = 4_000_000  # product entries per row block
EXHAUSTIVE_BELOW = 1_000_000
"""A candidate product with at most this many entries is used whole, without limits."""
_TOP_ROWS_PER_BLOCK = 16_384  # crowded rows ranked at a time by _top_per_row


def unique_keys(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a diff: faster than ``np.unique`` on large int64)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _top_per_row(
    indptr: np.ndarray,
    rank_value: Callable[[np.ndarray], np.ndarray],
    k: int | None,
    rows_per_block: int = _TOP_ROWS_PER_BLOCK,
) -> np.ndarray:
    """Mask over the entries of a CSR structure keeping the ``k`` best of each row.

    Rows holding at most ``k`` entries are kept whole; ``rank_value(positions)`` is evaluated
    only on the entries of crowded rows, and one argsort of the composite key
    ``row + ½·(1 − value/max)`` orders them by row and, within a row, by decreasing value.
    The crowded rows are taken ``rows_per_block`` at a time (a key never leaves its row's
    interval, so each block sorts as it would among all): at 100k the work arrays of all
    crowded rows at once took 100 MB.
    """
    counts = np.diff(indptr)
    total = int(indptr[-1]) if len(indptr) else 0
    keep = np.ones(total, dtype=bool)
    if k is None or total == 0:
        return keep
    crowded_rows = np.flatnonzero(counts > k)
    if len(crowded_rows) == 0:
        return keep
    blocks = range(0, len(crowded_rows), max(rows_per_block, 1))

    def entries(first: int) -> tuple[np.ndarray, np.ndarray]:
        per = counts[crowded_rows[first : first + rows_per_block]]
        starts = indptr[crowded_rows[first : first + rows_per_block]]
        positions = np.repeat(starts, per) + (
            np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
        )
        return per, positions

    top = max(float(rank_value(entries(first)[1]).max()) for first in blocks)
    for first in blocks:
        per, positions = entries(first)
        keep[positions] = False
        v = rank_value(positions)
        scaled = v / top if top > 0 else np.zeros_like(v)
        # the row's number among all crowded rows: the same keys, and roundings, as one sort
        local_row = np.repeat(np.arange(first, first + len(per)), per)
        order = np.argsort(local_row + 0.5 * (1.0 - scaled), kind="stable")
        within = np.arange(len(order)) - (np.cumsum(per) - per)[local_row[order] - first]
        keep[positions[order[within < k]]] = True
    return keep


def _blocks(left: sp.csr_matrix, right: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Row blocks ``starts[b]:ends[b]`` of ``left · right`` holding about
    :data:`_BLOCK_BUDGET` product entries each (an upper bound per row from the sizes)."""
    n = left.shape[0]
    right_nnz = np.diff(right.indptr).astype(float)
    estimate = (left != 0) @ right_nnz  # upper bound of entries per output row
    before = np.cumsum(estimate) - estimate
    block_of_row = (before // _BLOCK_BUDGET).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, np.diff(block_of_row) != 0])
    return starts, np.r_[starts[1:], n]


def _product_pairs(
    left: sp.csr_matrix,
    right: sp.csr_matrix,
    mask: sp.csr_matrix,
    per_row: int | None,
    kind: int,
    ranking: dict[str, object],
) -> np.ndarray:
    """Keys ``lo·n + hi`` of the best allowed pairs of ``left · right``, in bounded row blocks.

    Entries where ``mask`` is nonzero (tied pairs and the diagonal) are left out; the best
    ``per_row`` entries of each row are kept, ranked by ``kind``
    (:func:`~stakeholder_graph.network.allies_topk.product_top_keys`, which never holds the
    product itself).
    """
    n = left.shape[0]
    if n == 0 or left.nnz == 0 or right.nnz == 0:
        return np.zeros(0, dtype=np.int64)
    starts, ends = _blocks(left, right)
    keys = product_top_keys(left, right, mask, per_row, kind, starts, ends, **ranking)  # type: ignore[arg-type]
    return unique_keys(keys)


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
        muni = municipality_codes(g)[coo.row]
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
    partners_per_org: int | None = 15,
    candidates_per_org: int | None = 10,
    exhaustive_below: int = EXHAUSTIVE_BELOW,
    scorer: PairScorer | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Untied candidate pairs ``(lo, hi)`` (vertex indices, ``lo < hi``), sorted.

    Theme candidates come from ``K·W·Kᵀ`` over theme tokens (see :func:`_theme_tokens`);
    partner candidates from ``S'·D·S``, ``S`` the tie strengths, ``D = diag(1/S(z))`` zeroed
    for partners with more than ``max_partner_degree`` ties, and ``S'`` keeping each
    organization's ``partners_per_org`` partners of largest ``s(a,z)/S(z)`` (who carry most of
    its score). Each row keeps its best ``candidates_per_org`` per product, ranked by the score
    with the component the product does not see left out. The limits only apply to a product
    that would otherwise hold more than ``exhaustive_below`` entries; below that (and with
    every limit ``None``) the result is exactly the set of untied pairs that share a theme or a
    partner. ``scorer`` (a :class:`PairScorer` of ``g``) lends its tie strengths, theme IDF
    and municipality codes instead of computing them again.
    """
    scorer = scorer if scorer is not None else PairScorer(g)
    n = g.n
    sector = np.where(g.sector_code >= 0, g.sector_code, 4).astype(np.int64)
    muni = scorer.municipality
    # every pair that cooperates in the data, and the diagonal: never suggested
    mask = (binary(cooperating_pairs(g)) + sp.identity(n, format="csr")).tocsr()
    comp_table = np.zeros((5, 5))  # sector code 4: unknown, no complementarity
    comp_table[:4, :4] = COMPLEMENTARITY
    comp_table = 1.0 + WEIGHTS["complementarity"] * comp_table.ravel()
    unit = theme_unit(n)
    gain = scorer.gain

    # a candidate is ranked by the score with the component its product does not see left out:
    # theme candidates by local · (1 + gain · x) · comp, partner candidates by (√x + local) · comp
    ranking: dict[str, object] = {
        "muni": muni,
        "sector": sector,
        "comp_table": comp_table,
        "locality": WEIGHTS["locality"],
        "base": WEIGHTS["base"],
        "gain": gain,
    }

    df = np.diff(g.themes.tocsc().indptr).astype(float)
    small_themes = float((df**2).sum()) <= exhaustive_below
    tokens, token_idf = _theme_tokens(g, None if small_themes else max_theme_df)
    tokens = binary(tokens)
    # weight tokens by specificity (idf / ln n)², with a small floor so ubiquitous themes still
    # produce entries: the product is the pairs' theme_specificity
    right = (sp.diags(np.maximum((token_idf / unit) ** 2, 1e-12)) @ tokens.T).tocsr()
    per_row = None if small_themes else candidates_per_org
    keys = [_product_pairs(tokens, right, mask, per_row, THEME_RANK, ranking)]

    strength = scorer.strength
    degree = np.diff(strength.indptr)
    small_paths = float((degree.astype(float) ** 2).sum()) <= exhaustive_below
    w = scorer.allocation
    if max_partner_degree is not None and not small_paths:
        w = np.where(degree <= max_partner_degree, w, 0.0)
    right = (sp.diags(w) @ strength).tocsr()
    right.eliminate_zeros()
    left = strength.copy()
    if partners_per_org is not None and strength.nnz and not small_paths:
        carried = strength.data * w[strength.indices] + 1e-300
        keep = _top_per_row(strength.indptr, lambda pos: carried[pos], partners_per_org)
        left.data = np.where(keep, left.data, 0.0)
        left.eliminate_zeros()
    per_row = None if small_paths else candidates_per_org
    keys.append(_product_pairs(left, right, mask, per_row, PARTNER_RANK, ranking))
    if partners_per_org is not None and strength.nnz and not small_paths:
        # the √n organizations with most partners look through all of them: through 15 of
        # several hundred partners a pair of hubs with dozens of shared partners looks weak
        hubs = np.argsort(-degree, kind="stable")[: math.isqrt(n) + 1]
        hubs = hubs[degree[hubs] > partners_per_org]
        left = (sp.diags(np.isin(np.arange(n), hubs).astype(float)) @ strength).tocsr()
        left.eliminate_zeros()
        keys.append(_product_pairs(left, right, mask, per_row, PARTNER_RANK, ranking))
    allkeys = unique_keys(np.concatenate(keys))
    if n == 0:
        return allkeys, allkeys
    return np.divmod(allkeys, n)
