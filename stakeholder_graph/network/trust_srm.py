"""The partner survey read with the Social Relations Model, PARTNER scores and response rates.

This module turns the latest survey answers (:func:`~stakeholder_graph.network.trust.
latest_answers`) into the analysis tables:

* ``srm`` — per organization: rater effect (leniency) and target effect (reputation) with
  standard errors and answer counts, ``few_answers`` when fewer than ``min_answers``;
* ``srm_dyads`` — per rated pair: raw ratings, relationship effects both ways and both gaps;
* the ``srm`` block of ``summary.json`` — method, variance partition, reciprocity;
* relationship-effect columns of the sector trust matrix;
* PARTNER trust and value scores and the survey's response rates.

The estimators are in :mod:`~stakeholder_graph.network.srm`: the round-robin ANOVA when every
participant rated every other one, the multilevel REML model otherwise.

References
----------
Varda, D. M., Chandra, A., Stern, S. A., & Lurie, N. (2008). Core dimensions of connectivity
in public health collaboratives. *Journal of Public Health Management and Practice* 14(5),
E1–E7 (the PARTNER trust and value dimensions).
Varda, D. M., & Retrum, J. H. (2012). An exploratory analysis of network characteristics and
quality of interactions among public health collaboratives. *Journal of Public Health
Research* 1(2), 170–176.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import OTHER_SURVEY_ITEMS, SECTORS
from stakeholder_graph.network import srm
from stakeholder_graph.network.graph import CooperationGraph
from stakeholder_graph.network.trust import latest_answers

MIN_ANSWERS = 3
"""Default fewest answers behind an effect or a sector cell before it is flagged."""

SRM_MIN_PARTICIPANTS = 4
"""Fewest participants (raters or rated) for an SRM fit at all."""

SRM_MAX_ANSWERS = 10_000
"""Default largest survey fitted by the multilevel SRM (larger ones are skipped, and the
summary says so): measured, about 1 CPU second for 2 600 answers and 8 for 8 500."""


def _is_complete(rater: np.ndarray, ratee: np.ndarray) -> tuple[bool, np.ndarray]:
    people = np.unique(np.r_[rater, ratee])
    complete = len(people) >= SRM_MIN_PARTICIPANTS and len(rater) == len(people) * (len(people) - 1)
    return complete, people


def srm_analysis(
    g: CooperationGraph, min_answers: int = MIN_ANSWERS, max_answers: int = SRM_MAX_ANSWERS
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Fit the SRM to the survey's trust answers; the ``srm`` and ``srm_dyads`` tables and the
    summary block.

    Returns
    -------
    srm_table : DataFrame
        ``id, name, sector, n_given, rater_effect, rater_se, n_received, target_effect,
        target_se, few_answers`` — one row per organization (NaN effects outside the survey).
    dyads : DataFrame
        ``a, b, trust_ab, trust_ba, raw_gap, relationship_ab, relationship_ba,
        relationship_gap, reciprocated`` — one row per rated pair, ``a < b`` by id.
    summary : dict
        ``method`` (``round-robin ANOVA`` or ``multilevel REML``), ``answers``, ``participants``,
        ``missing_share`` (of the ordered pairs among participants), ``skipped`` (why no fit,
        or null), ``variances``, ``shares``
        (rater, target, relationship), ``dyadic_reciprocity``, ``generalized_reciprocity``
        (round-robin only), ``min_answers``.
    """
    answers = latest_answers(g)
    rater = answers["rater"].to_numpy(np.int64)
    ratee = answers["ratee"].to_numpy(np.int64)
    value = answers["trust"].to_numpy(float)
    n = g.n
    given = np.bincount(rater, minlength=n)
    received = np.bincount(ratee, minlength=n)
    rater_eff = np.full(n, np.nan)
    rater_se = np.full(n, np.nan)
    target_eff = np.full(n, np.nan)
    target_se = np.full(n, np.nan)
    relationship = np.full(len(value), np.nan)
    complete, people = _is_complete(rater, ratee)
    p = len(people)
    summary: dict[str, Any] = {
        "method": None,
        "answers": int(len(value)),
        "participants": int(p),
        "missing_share": float(1 - len(value) / (p * (p - 1))) if p > 1 else None,
        "variances": {},
        "shares": {},
        "dyadic_reciprocity": None,
        "generalized_reciprocity": None,
        "min_answers": int(min_answers),
        "skipped": None,
    }
    if complete:
        pos = np.searchsorted(people, np.r_[rater, ratee]).reshape(2, -1)
        x = np.full((p, p), np.nan)
        x[pos[0], pos[1]] = value
        rr = srm.round_robin(x)
        comp = rr.components.set_index("component")
        rel_var, rel_se = comp["estimate"], comp["se"]
        err_a = rel_var["relationship_variance"] * (p - 1) / (p * (p - 2))
        err_a += rel_var["dyadic_reciprocity"] / (p * (p - 2))
        rater_eff[people], target_eff[people] = rr.actor, rr.partner
        rater_se[people] = target_se[people] = np.sqrt(max(err_a, 0.0))
        relationship = rr.relationship[pos[0], pos[1]]
        summary["method"] = "round-robin ANOVA"
        summary["variances"] = {
            "rater": float(rel_var["rater_variance"]),
            "target": float(rel_var["target_variance"]),
            "relationship": float(rel_var["relationship_variance"]),
            "dyad_covariance": float(rel_var["dyadic_reciprocity"]),
            "rater_target_covariance": float(rel_var["generalized_reciprocity"]),
            "se": {k: float(v) for k, v in rel_se.items()},
        }
        std = comp["standardized"]
        summary["shares"] = {
            "rater": float(std["rater_variance"]),
            "target": float(std["target_variance"]),
            "relationship": float(std["relationship_variance"]),
        }
        summary["dyadic_reciprocity"] = float(std["dyadic_reciprocity"])
        summary["generalized_reciprocity"] = float(std["generalized_reciprocity"])
    elif len(value) > max_answers:
        summary["skipped"] = (
            f"{len(value)} answers: more than the {max_answers} the multilevel SRM is fitted "
            "to by default (analysis parameter srm_max_answers)"
        )
    elif p < SRM_MIN_PARTICIPANTS or len(value) <= p:
        summary["skipped"] = f"too few answers ({len(value)}) for {p} participants"
    else:
        fit = srm.fit_srm(rater, ratee, value)
        rl = fit.rater["level"].astype(np.int64).to_numpy()
        tl = fit.target["level"].astype(np.int64).to_numpy()
        rater_eff[rl], rater_se[rl] = fit.rater["effect"], fit.rater["se"]
        target_eff[tl], target_se[tl] = fit.target["effect"], fit.target["se"]
        relationship = fit.relationship
        summary["method"] = "multilevel REML"
        summary["variances"] = {k: float(v) for k, v in fit.variances.items()}
        summary["shares"] = fit.shares()
        summary["dyadic_reciprocity"] = fit.dyadic_reciprocity
        summary["mean"] = fit.mean
        summary["reml_criterion"] = fit.reml_criterion
        summary["se_exact"] = fit.se_exact
    table = pd.DataFrame(
        {
            "id": g.ids,
            "name": g.names,
            "sector": g.sector,
            "n_given": given.astype(np.int64),
            "rater_effect": rater_eff,
            "rater_se": rater_se,
            "n_received": received.astype(np.int64),
            "target_effect": target_eff,
            "target_se": target_se,
            "few_answers": ((given > 0) & (given < min_answers))
            | ((received > 0) & (received < min_answers)),
        }
    )
    return table, _dyads(g, rater, ratee, value, relationship), summary


def _dyads(
    g: CooperationGraph,
    rater: np.ndarray,
    ratee: np.ndarray,
    value: np.ndarray,
    relationship: np.ndarray,
) -> pd.DataFrame:
    """One row per rated pair with raw ratings and relationship effects in both directions."""
    rank = np.empty(g.n, dtype=np.int64)
    rank[np.argsort(g.ids.astype(str), kind="stable")] = np.arange(g.n)
    swap = rank[rater] > rank[ratee]
    a, b = np.where(swap, ratee, rater), np.where(swap, rater, ratee)
    key = rank[a] * max(g.n, 1) + rank[b]
    keys, pos = np.unique(key, return_inverse=True)
    m = len(keys)
    t_ab, t_ba, r_ab, r_ba = (np.full(m, np.nan) for _ in range(4))
    t_ab[pos[~swap]], t_ba[pos[swap]] = value[~swap], value[swap]
    r_ab[pos[~swap]], r_ba[pos[swap]] = relationship[~swap], relationship[swap]
    first_a = np.zeros(m, dtype=np.int64)
    first_b = np.zeros(m, dtype=np.int64)
    first_a[pos], first_b[pos] = a, b
    return pd.DataFrame(
        {
            "a": g.ids[first_a],
            "b": g.ids[first_b],
            "trust_ab": t_ab,
            "trust_ba": t_ba,
            "raw_gap": t_ab - t_ba,
            "relationship_ab": r_ab,
            "relationship_ba": r_ba,
            "relationship_gap": r_ab - r_ba,
            "reciprocated": ~np.isnan(t_ab) & ~np.isnan(t_ba),
        }
    )


def sector_relationship(
    g: CooperationGraph, dyads: pd.DataFrame, min_answers: int = MIN_ANSWERS
) -> pd.DataFrame:
    """Mean relationship effect per ordered sector pair, its asymmetry, and small-cell flags.

    ``relationship`` is the mean relationship effect of the answers by ``rater_sector`` about
    ``ratee_sector`` (leniency and reputation removed), ``relationship_asymmetry =
    R(A→B) − R(B→A)``; ``few_answers`` flags cells with fewer than ``min_answers`` answers.

    Returns
    -------
    DataFrame
        ``rater_sector, ratee_sector, relationship, relationship_asymmetry, few_answers`` for
        all 16 ordered pairs of :data:`~stakeholder_graph.dataset.model.SECTORS`.
    """
    codes = g.sector_code.astype(np.int64)
    a = g.index_of(dyads["a"].to_numpy(dtype=object))
    b = g.index_of(dyads["b"].to_numpy(dtype=object))
    rs = np.r_[codes[a], codes[b]]
    es = np.r_[codes[b], codes[a]]
    rel = np.r_[dyads["relationship_ab"].to_numpy(float), dyads["relationship_ba"].to_numpy(float)]
    raw = np.r_[dyads["trust_ab"].to_numpy(float), dyads["trust_ba"].to_numpy(float)]
    ok = (rs >= 0) & (es >= 0) & ~np.isnan(raw)
    k = len(SECTORS)
    cell = rs[ok] * k + es[ok]
    has_rel = ~np.isnan(rel[ok])
    total = np.bincount(cell[has_rel], weights=rel[ok][has_rel], minlength=k * k)
    count = np.bincount(cell[has_rel], minlength=k * k)
    answers = np.bincount(cell, minlength=k * k)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan).reshape(k, k)
    rows, cols = np.divmod(np.arange(k * k), k)
    return pd.DataFrame(
        {
            "rater_sector": np.asarray(SECTORS, dtype=object)[rows],
            "ratee_sector": np.asarray(SECTORS, dtype=object)[cols],
            "relationship": mean.ravel(),
            "relationship_asymmetry": (mean - mean.T).ravel(),
            "few_answers": answers < min_answers,
        }
    )


def value_scores(g: CooperationGraph) -> pd.DataFrame:
    """PARTNER value score per organization: mean of influence, involvement and resources.

    ``value_received`` is the mean over the partners who rated the organization of the mean of
    its available value items (Varda et al. 2008); ``n_value`` counts those partners. The
    PARTNER trust score is ``trust_received`` of
    :func:`~stakeholder_graph.network.trust.organization_trust`.

    Returns
    -------
    DataFrame
        ``id, value_received, n_value`` in the order of ``g.ids``.
    """
    answers = latest_answers(g, OTHER_SURVEY_ITEMS)
    received = answers.groupby("ratee")["trust"].agg(["mean", "size"])
    vertices = np.arange(g.n)
    return pd.DataFrame(
        {
            "id": g.ids,
            "value_received": received["mean"].reindex(vertices).to_numpy(float),
            "n_value": received["size"].reindex(vertices).fillna(0).to_numpy(np.int64),
        }
    )


def survey_summary(g: CooperationGraph) -> dict[str, Any]:
    """Response rates and network-level PARTNER scores for ``summary.json``.

    ``response_rate`` is the share of organizations that answered about at least one partner
    (overall and per sector); ``trust_score`` and ``value_score`` are the means over all
    answers of the trust and value items (1–4), with ``*_percent`` = score / 4 × 100, the form
    PARTNER reports.
    """
    trust = latest_answers(g)
    value = latest_answers(g, OTHER_SURVEY_ITEMS)
    answered = np.zeros(g.n, dtype=bool)
    answered[trust["rater"].to_numpy(np.int64)] = True
    answered[value["rater"].to_numpy(np.int64)] = True
    codes = g.sector_code.astype(np.int64)
    by_sector = {}
    for i, sector in enumerate(SECTORS):  # four sectors, not a loop over data
        members = codes == i
        by_sector[sector] = float(answered[members].mean()) if members.any() else None
    t = float(trust["trust"].mean()) if len(trust) else None
    v = float(value["trust"].mean()) if len(value) else None
    return {
        "respondents": int(answered.sum()),
        "organizations": int(g.n),
        "response_rate": float(answered.mean()) if g.n else None,
        "response_rate_by_sector": by_sector,
        "trust_score": t,
        "trust_score_percent": t / 4 * 100 if t is not None else None,
        "value_score": v,
        "value_score_percent": v / 4 * 100 if v is not None else None,
    }
