"""Unconnected potential allies: pairs of organizations with no tie that should meet.

:func:`potential_allies` ranks the untied pairs that share a theme or a partner
(:func:`~stakeholder_graph.network.allies_candidates.candidate_pairs`) by the ally score of
:mod:`~stakeholder_graph.network.allies_score`:

``score = (√partner_score + 0.1·same_municipality + 0.01)
          · (1 + gain·specificity) · (1 + 0.05·complementarity)``

with ``partner_score`` the weighted resource allocation over shared partners (tie strength
``log₂(1 + weight)``), ``specificity`` the shared themes' squared rarity ``Σ_t (idf / ln n)²``,
``gain`` how much the network's ties follow shared themes, and ``complementarity`` the sector
matrix :data:`COMPLEMENTARITY` (the score's module states each term). Each suggestion carries a
sentence (:mod:`~stakeholder_graph.network.allies_text`).

References
----------
Zhou, T., Lü, L. & Zhang, Y.-C. (2009). Predicting missing links via local information.
*EPJ B* 71(4). Lü, L. & Zhou, T. (2010). Link prediction in weighted networks: the role of
weak ties. *EPL* 89(1). Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem
for social networks. *JASIST* 58(7). Salton, G. & Buckley, C. (1988). Term-weighting
approaches in automatic text retrieval. *Information Processing & Management* 24(5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from stakeholder_graph.network.allies_candidates import (
    EXHAUSTIVE_BELOW,
    candidate_pairs,
    cooperating_pairs,
)
from stakeholder_graph.network.allies_kernel import shared_entries
from stakeholder_graph.network.allies_pick import per_org_best, top_shared
from stakeholder_graph.network.allies_score import COMPLEMENTARITY, WEIGHTS, PairScorer
from stakeholder_graph.network.allies_sentence import Labels, joined, sentences
from stakeholder_graph.network.allies_text import SECTOR_NOUNS, ranked_codes
from stakeholder_graph.network.graph import CooperationGraph

if TYPE_CHECKING:
    from stakeholder_graph.analysis import AnalysisParams

__all__ = [
    "COLUMNS",
    "COMPLEMENTARITY",
    "EXHAUSTIVE_BELOW",
    "WEIGHTS",
    "candidate_pairs",
    "cooperating_pairs",
    "potential_allies",
]

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


def _text_column(column: pa.Array) -> pd.arrays.ArrowExtensionArray:
    """An arrow string column kept as arrow in the table (no copy): the ~430k sentences of a
    100k-organization network take 70 MB as UTF-8, 180 MB as Python strings."""
    return pd.arrays.ArrowExtensionArray(column)


def _select(
    lo: np.ndarray, hi: np.ndarray, score: np.ndarray, top_k: int, per_org: int, n: int
) -> np.ndarray:
    """Indices of the overall top ``top_k`` united with every organization's top ``per_org``
    (equal scores: by position)."""
    m = len(score)
    chosen = np.zeros(m, dtype=bool)
    if m == 0:
        return np.flatnonzero(chosen)
    k = min(top_k, m)
    if k > 0:
        chosen[np.argpartition(-score, k - 1)[:k]] = True
    if per_org > 0:
        chosen |= per_org_best(lo, hi, score, n, per_org)
    return np.flatnonzero(chosen)


def potential_allies(
    g: CooperationGraph,
    params: AnalysisParams,
    *,
    max_theme_df: int | None = 500,
    max_partner_degree: int | None = 1000,
    partners_per_org: int | None = 15,
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
    scorer = PairScorer(g)
    lo, hi = candidate_pairs(
        g,
        max_theme_df=max_theme_df,
        max_partner_degree=max_partner_degree,
        partners_per_org=partners_per_org,
        candidates_per_org=candidates_per_org,
        exhaustive_below=exhaustive_below,
        scorer=scorer,
    )
    if len(lo) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    n = g.n
    c = scorer.components(lo, hi)
    score = c["score"]
    pick = _select(lo, hi, score, params.allies_top_k, params.allies_per_org, n)
    del c["score"]

    # orient each pair by id, then rank (equal scores: by the ids)
    lo, hi, score = lo[pick], hi[pick], score[pick]
    rank_of_id = np.empty(n, dtype=np.int64)
    rank_of_id[np.argsort(g.ids.astype(str), kind="stable")] = np.arange(n)
    swap = rank_of_id[lo] > rank_of_id[hi]
    a, b = np.where(swap, hi, lo), np.where(swap, lo, hi)
    del lo, hi, swap
    order = np.lexsort((rank_of_id[b], rank_of_id[a], -score))
    a, b, pick = a[order], b[order], pick[order]
    score = score[order]
    c = {key: value[pick] for key, value in c.items()}
    del pick, order

    # shared themes (rarest first) and the three shared partners that carry most of the
    # partner score (close to both, few other ties), as codes: each label is looked up once
    m = len(a)
    themes, idf = scorer.themes, scorer.idf
    t_row, t_pos, _ = shared_entries(themes.indptr, themes.indices, a, b)
    t_col = themes.indices[t_pos].astype(np.int64)
    t_codes, t_count = ranked_codes(t_row, t_col, -idf[t_col], m, None)
    del t_row, t_pos, t_col
    s = scorer.strength
    p_codes = top_shared(s.indptr, s.indices, s.data, scorer.allocation, a, b, 3)
    sector_codes, sectors = pd.factorize(np.asarray(g.sector, dtype=object).astype(str))
    muni_codes, munis = pd.factorize(g.municipality.astype(str))
    text = sentences(
        Labels([str(t).replace("_", " ") for t in g.theme_names]),
        t_codes,
        t_count,
        Labels(g.names),
        p_codes,
        c["shared_partners"],
        Labels([SECTOR_NOUNS.get(v, v) for v in sectors]),
        sector_codes[a],
        sector_codes[b],
        c["complementarity"] > 0,
        Labels(munis),
        muni_codes[a],
        c["same_municipality"],
    )
    shared_themes = _text_column(joined(Labels(g.theme_names), t_codes))
    del t_codes, p_codes
    text = _text_column(text)
    theme_score, partner_score = c["theme_score"], c["partner_score"]
    shared_partners = c["shared_partners"]
    comp, same = c["complementarity"], c["same_municipality"]
    a_sector, b_sector = g.sector[a], g.sector[b]
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
            "shared_themes": shared_themes,
            "shared_partners": shared_partners.astype(np.int64),
            "partner_score": partner_score,
            "complementarity": comp.astype(float),
            "same_municipality": same.astype(bool),
            "rank": np.arange(1, m + 1, dtype=np.int64),
            "reasons": text,
        },
        copy=False,  # the arrays are this table's alone: not copied again into blocks
    )
