"""The Social Relations Model against R reference implementations, and on planted patterns.

Fixtures in ``tests/data/r_reference/`` were produced by ``srm.R`` in that folder (R 4.2.2,
TripleR 1.5.4 installed from its source, lme4 1.1.31 with bobyqa at ``rhoend = 1e-12``; exact
versions in ``srm_versions.txt``):

* ``triple_r_liking_*.csv`` — ``TripleR::RR(liking_a ~ perceiver.id * target.id)`` on
  TripleR's own complete round-robin data set ``likingLong`` (``liking_complete.csv``):
  effects, relationship effects, variance components with Lashley–Bond standard errors;
* ``lme4_liking_incomplete_*.csv`` — ``lmer(value ~ 1 + (1|rater) + (1|ratee) + (1|dyad),
  REML = TRUE)`` on ``liking_incomplete.csv`` (the answers with ``(7·rater + 3·ratee) mod 10
  < 6``, 59 % of the round-robin): variance components, intercept, BLUPs and conditional
  standard errors;
* ``lme4_pleven_*.csv`` — the same model on the Pleven trust answers
  (``pleven_trust_answers.csv``, written by ``export_inputs.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.analysis import analyze
from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network import srm, trust_srm
from stakeholder_graph.network.graph import build_graph

REFERENCE = Path(__file__).parents[1] / "data" / "r_reference"
ROOT = Path(__file__).parents[2]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name)


@pytest.fixture(scope="module")
def liking_matrix():
    answers = read("liking_complete.csv")
    people = np.unique(np.r_[answers["rater"], answers["ratee"]])
    x = np.full((len(people), len(people)), np.nan)
    x[np.searchsorted(people, answers["rater"]), np.searchsorted(people, answers["ratee"])] = (
        answers["value"]
    )
    return people, x


def test_round_robin_matches_triple_r(liking_matrix):
    people, x = liking_matrix
    rr = srm.round_robin(x)
    effects = read("triple_r_liking_effects.csv")
    at = np.searchsorted(people, effects["id"])
    np.testing.assert_allclose(rr.actor[at], effects["actor"], atol=1e-6)
    np.testing.assert_allclose(rr.partner[at], effects["partner"], atol=1e-6)
    rel = read("triple_r_liking_relationship.csv")
    got = rr.relationship[
        np.searchsorted(people, rel["rater"]), np.searchsorted(people, rel["ratee"])
    ]
    np.testing.assert_allclose(got, rel["relationship"], atol=1e-6)
    ref = read("triple_r_liking_varcomp.csv").dropna(subset=["estimate"])
    np.testing.assert_allclose(rr.components["estimate"], ref["estimate"], atol=1e-6)
    np.testing.assert_allclose(rr.components["standardized"], ref["standardized"], atol=1e-6)
    np.testing.assert_allclose(rr.components["se"], ref["se"], atol=1e-6)


def test_round_robin_needs_a_complete_design(liking_matrix):
    _, x = liking_matrix
    holed = x.copy()
    holed[0, 1] = np.nan
    with pytest.raises(ValueError, match="fit_srm"):
        srm.round_robin(holed)


def fit_reference(answers: pd.DataFrame) -> srm.SrmFit:
    return srm.fit_srm(answers["rater"].to_numpy(), answers["ratee"].to_numpy(), answers["value"])


@pytest.fixture(scope="module")
def liking_incomplete():
    answers = read("liking_incomplete.csv")
    answers["rater"] = answers["rater"].map("p{:02d}".format)
    answers["ratee"] = answers["ratee"].map("p{:02d}".format)
    return answers, fit_reference(answers)


def test_multilevel_srm_matches_lme4_on_an_incomplete_round_robin(liking_incomplete):
    _, fit = liking_incomplete
    comp = read("lme4_liking_incomplete_components.csv").set_index("component")["value"]
    assert fit.variances["rater"] == pytest.approx(comp["rater"], abs=1e-6)
    assert fit.variances["target"] == pytest.approx(comp["ratee"], abs=1e-6)
    assert fit.variances["dyad"] == pytest.approx(comp["dyad"], abs=1e-6)
    assert fit.variances["residual"] == pytest.approx(comp["Residual"], abs=1e-6)
    assert fit.mean == pytest.approx(comp["intercept"], abs=1e-6)
    assert fit.reml_criterion == pytest.approx(comp["reml_criterion"], abs=1e-6)
    for ours, group in ((fit.rater, "rater"), (fit.target, "ratee"), (fit.dyad, "dyad")):
        ref = read(f"lme4_liking_incomplete_{group}.csv").set_index("level")
        mine = ours.set_index("level").loc[ref.index]
        np.testing.assert_allclose(mine["effect"], ref["blup"], atol=1e-6)
        np.testing.assert_allclose(mine["se"], ref["se"], atol=1e-6)


def test_multilevel_srm_on_pleven_reaches_lme4s_optimum():
    # The Pleven fit lies on a boundary (residual variance → 0: every relationship effect is
    # shared by the pair); lme4 stops at 3e-6, so compare the criterion and the components.
    answers = read("pleven_trust_answers.csv").rename(columns={"trust": "value"})
    fit = fit_reference(answers)
    comp = read("lme4_pleven_components.csv").set_index("component")["value"]
    assert fit.reml_criterion <= comp["reml_criterion"] + 1e-6
    assert fit.variances["target"] == pytest.approx(comp["ratee"], abs=1e-4)
    assert fit.variances["dyad"] == pytest.approx(comp["dyad"], abs=1e-4)
    assert fit.variances["rater"] == pytest.approx(0.0, abs=1e-6)
    assert fit.mean == pytest.approx(comp["intercept"], abs=1e-4)
    ref = read("lme4_pleven_ratee.csv").set_index("level")
    mine = fit.target.set_index("level").loc[ref.index]
    np.testing.assert_allclose(mine["effect"], ref["blup"], atol=1e-3)


def test_relationship_effect_is_rating_minus_mean_rater_and_target(liking_incomplete):
    answers, fit = liking_incomplete
    a = fit.rater.set_index("level")["effect"]
    b = fit.target.set_index("level")["effect"]
    expected = (
        answers["value"]
        - fit.mean
        - a.loc[answers["rater"].astype(str)].to_numpy()
        - b.loc[answers["ratee"].astype(str)].to_numpy()
    )
    np.testing.assert_allclose(fit.relationship, expected, atol=1e-12)
    assert sum(fit.shares().values()) == pytest.approx(1.0)


# ---- planted patterns ------------------------------------------------------------------------


def survey_network(ratings: dict[tuple[str, str], float], sectors: dict[str, str]) -> NetworkData:
    orgs = pd.DataFrame(
        {"id": list(sectors), "name": list(sectors), "sector": list(sectors.values())}
    )
    rows = [
        {"rater": r, "ratee": e, "date": "2024-01-01", "reliability": v, "mission_support": v,
         "openness": v}
        for (r, e), v in ratings.items()
    ]  # fmt: skip
    return NetworkData(
        coerce_table("organizations", orgs),
        perceptions=coerce_table("perceptions", pd.DataFrame(rows)),
    )


def test_leniency_explains_a_raw_sector_gap_in_a_complete_round_robin():
    # Two lenient public raters and two harsh civil raters; every target is rated alike:
    # the raw sector asymmetry is large, the relationship asymmetry is zero.
    sectors = {"p1": "public", "p2": "public", "c1": "civil", "c2": "civil", "c3": "civil"}
    leniency = {"p1": 1.0, "p2": 1.0, "c1": -1.0, "c2": -1.0, "c3": -1.0}
    ratings = {(r, e): 2.5 + leniency[r] for r in sectors for e in sectors if r != e}
    g = build_graph(survey_network(ratings, sectors))
    table, dyads, summary = trust_srm.srm_analysis(g)
    assert summary["method"] == "round-robin ANOVA"
    assert summary["shares"]["rater"] == pytest.approx(1.0)
    np.testing.assert_allclose(dyads["relationship_gap"], 0.0, atol=1e-12)
    assert dyads["raw_gap"].abs().max() == pytest.approx(2.0)
    cells = trust_srm.sector_relationship(g, dyads).set_index(["rater_sector", "ratee_sector"])
    assert cells.loc[("public", "civil"), "relationship_asymmetry"] == pytest.approx(0.0)
    rater = table.set_index("id")["rater_effect"]
    assert rater["p1"] > 0 > rater["c1"]


def test_planted_mutual_distrust_survives_leniency_correction():
    # Random leniency and reputation on an incomplete design, plus three planted pairs that
    # distrust each other both ways (−1.5 on both ratings): their relationship effects stay
    # clearly negative, while a rater who is merely harsh gets a negative rater effect instead.
    rng = np.random.default_rng(3)
    ids = [f"p{i}" for i in range(6)] + [f"c{i}" for i in range(8)]
    sectors = {i: ("public" if i[0] == "p" else "civil") for i in ids}
    lenient = dict(zip(ids, rng.normal(0, 0.4, len(ids)), strict=True))
    lenient["c7"] = -1.2  # the harsh rater
    reputation = dict(zip(ids, rng.normal(0, 0.3, len(ids)), strict=True))
    distrust = {frozenset(p) for p in (("p0", "c0"), ("p1", "c1"), ("p2", "c2"))}
    ratings = {}
    for r in ids:
        for e in ids:
            keep = rng.random() < 0.75 or frozenset((r, e)) in distrust
            if r != e and keep:
                specific = -1.5 if frozenset((r, e)) in distrust else 0.0
                ratings[r, e] = 2.5 + lenient[r] + reputation[e] + specific + rng.normal(0, 0.15)
    g = build_graph(survey_network(ratings, sectors))
    table, dyads, summary = trust_srm.srm_analysis(g)
    assert summary["method"] == "multilevel REML"
    assert summary["dyadic_reciprocity"] > 0.5  # distrust is mutual: shared by the pair
    pairs = dyads.set_index(["a", "b"])
    for a, b in (("c0", "p0"), ("c1", "p1"), ("c2", "p2")):
        assert pairs.loc[(a, b), "relationship_ab"] < -0.7
        assert pairs.loc[(a, b), "relationship_ba"] < -0.7
    others = dyads[
        ~dyads.set_index(["a", "b"]).index.isin([("c0", "p0"), ("c1", "p1"), ("c2", "p2")])
    ]
    assert others[["relationship_ab", "relationship_ba"]].abs().max().max() < 0.7
    rater = table.set_index("id")["rater_effect"]
    assert rater["c7"] == rater.min() and rater["c7"] < -0.7


def test_few_answers_are_flagged_and_summary_counts_the_design():
    g = build_graph(read_dataset(ROOT / "datasets" / "pleven"))
    table, dyads, summary = trust_srm.srm_analysis(g, min_answers=3)
    assert summary["answers"] == 62 and summary["participants"] == 39
    assert summary["missing_share"] == pytest.approx(1 - 62 / (39 * 38))
    few = ((table["n_given"].between(1, 2)) | (table["n_received"].between(1, 2))).to_numpy()
    np.testing.assert_array_equal(table["few_answers"].to_numpy(), few)
    assert len(dyads) == 62 - 28  # 28 reciprocated pairs
    cells = trust_srm.sector_relationship(g, dyads, 3).set_index(["rater_sector", "ratee_sector"])
    assert not cells.loc[("civil", "public"), "few_answers"]
    assert cells.loc[("private", "public"), "few_answers"]


def test_survey_response_rates_and_partner_scores():
    sectors = {"p1": "public", "p2": "public", "c1": "civil", "b1": "private"}
    rows = [
        {"rater": "c1", "ratee": "p1", "date": "2024-01-01", "reliability": 2,
         "mission_support": 2, "openness": 2, "influence": 4, "involvement": 3, "resources": 2},
        {"rater": "p1", "ratee": "c1", "date": "2024-01-01", "reliability": 4,
         "mission_support": 3, "openness": 2},
    ]  # fmt: skip
    orgs = pd.DataFrame(
        {"id": list(sectors), "name": list(sectors), "sector": list(sectors.values())}
    )
    data = NetworkData(
        coerce_table("organizations", orgs),
        perceptions=coerce_table("perceptions", pd.DataFrame(rows)),
    )
    g = build_graph(data)
    survey = trust_srm.survey_summary(g)
    assert survey["response_rate"] == pytest.approx(2 / 4)
    assert survey["response_rate_by_sector"] == {
        "public": 0.5, "private": 0.0, "civil": 1.0, "social_economy": None
    }  # fmt: skip
    assert survey["trust_score"] == pytest.approx((2 + 3) / 2)
    assert survey["value_score"] == pytest.approx(3.0)
    assert survey["value_score_percent"] == pytest.approx(75.0)
    values = trust_srm.value_scores(g).set_index("id")
    assert values.loc["p1", "value_received"] == pytest.approx(3.0)
    assert values.loc["p1", "n_value"] == 1 and values.loc["c1", "n_value"] == 0


def test_pleven_asymmetry_is_reputation_not_relationship():
    # datasets/pleven/README.md: public → civil ≈ 3.05, civil → public ≈ 1.79 (raw asymmetry
    # ≈ 1.25). Nearly every rater of a public body is an NGO, and the SRM puts the difference on
    # the public bodies' target effects (reputation); relationship effects barely differ.
    result = analyze(read_dataset(ROOT / "datasets" / "pleven"))
    cells = result["sector_trust"].set_index(["rater_sector", "ratee_sector"])
    assert cells.loc[("public", "civil"), "asymmetry"] == pytest.approx(1.2506, abs=1e-3)
    assert abs(cells.loc[("public", "civil"), "relationship_asymmetry"]) < 0.05
    shares = result.summary["srm"]["shares"]
    assert shares["target"] > 0.85 and shares["rater"] < 0.01
    srm_table = result["srm"]
    by_sector = srm_table.groupby("sector")["target_effect"].mean()
    assert by_sector["public"] < -0.5 < 0.3 < by_sector["civil"]
