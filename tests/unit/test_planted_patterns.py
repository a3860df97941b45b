"""The patterns planted in each bundled dataset (see ``datasets/<name>/README.md``) are found.

Each assertion follows the README's own words: isolated nonprofits with the right reason, the
planted allies in the top k, the one-sided trust in the sector matrix, one-sided initiative,
fragile ties, untapped trust and unreciprocated ratings.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network.allies import potential_allies
from stakeholder_graph.network.graph import CooperationGraph, GraphOptions, build_graph
from stakeholder_graph.network.isolation import flag_isolated
from stakeholder_graph.network.trust import (
    initiative,
    multiplex_ties,
    sector_trust,
    trust_dyads,
)
from stakeholder_graph.resources import bundled_dataset

PARAMS = AnalysisParams()


@cache
def data(name: str) -> NetworkData:
    path = bundled_dataset(name)
    if path is None:
        pytest.skip(f"bundled dataset {name} is not there")
    return read_dataset(path)


@cache
def graph(name: str) -> CooperationGraph:
    return build_graph(data(name))


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def top_pairs(name: str, k: int) -> list[tuple[str, str]]:
    allies = potential_allies(graph(name), PARAMS)
    top = allies[allies["rank"] <= k]
    return [pair(a, b) for a, b in zip(top["a"], top["b"], strict=True)]


def isolated(name: str) -> pd.DataFrame:
    return flag_isolated(graph(name), PARAMS).set_index("id")


def sector_matrix(name: str) -> pd.DataFrame:
    return sector_trust(graph(name)).set_index(["rater_sector", "ratee_sector"])


def unreciprocated(name: str) -> set[tuple[str, str]]:
    d = trust_dyads(graph(name))
    d = d[~d["reciprocated"]]
    return {pair(a, b) for a, b in zip(d["a"], d["b"], strict=True)}


def ties(name: str) -> pd.DataFrame:
    return multiplex_ties(graph(name), PARAMS).set_index(["a", "b"])


# --- pleven ---------------------------------------------------------------------------------


def test_pleven_isolated_organizations_and_their_reasons():
    out = isolated("pleven")
    assert set(out.index) == {
        "pl-ngo-env-1",
        "pl-ngo-roma-2",
        "pl-ngo-disab-3",
        "pl-ngo-youth-3",
        "pl-se-coop",
    }
    env = out.loc["pl-ngo-env-1"]
    assert env["no_interaction"] and env["no_public_tie"] and env["declining"]
    assert env["window_interactions"] == 0
    assert "no interaction" in env["reasons"]
    roma = out.loc["pl-ngo-roma-2"]
    assert roma["civil_only"] and roma["no_public_tie"] and not roma["no_interaction"]
    assert "ties only inside the civil sector" in roma["reasons"]
    disab = out.loc["pl-ngo-disab-3"]
    assert disab["single_tie"] and disab["ties"] == 1 and disab["public_ties"] == 1
    assert disab["reasons"] == "a single partner"
    youth = out.loc["pl-ngo-youth-3"]
    assert youth["declining"]
    assert (youth["previous_interactions"], youth["window_interactions"]) == (10, 4)
    assert youth["ties"] == 2 and youth["public_ties"] >= 1
    coop = out.loc["pl-se-coop"]
    assert coop["no_public_tie"] and not coop["civil_only"] and coop["ties"] == 3
    assert coop["reasons"] == "no tie to any public body"


def test_pleven_planted_allies_are_in_the_top_5():
    top = top_pairs("pleven", 5)
    for a, b in [
        ("pl-co-stroy", "pl-ngo-roma-1"),
        ("pl-co-moda", "pl-ngo-dv-1"),
        ("pl-cht-saglasie", "pl-sch-tourism"),
    ]:
        assert pair(a, b) in top
    allies = potential_allies(graph("pleven"), PARAMS).set_index(["a", "b"])
    stroy = allies.loc[pair("pl-co-stroy", "pl-ngo-roma-1")]
    assert set(stroy["shared_themes"].split(";")) == {"roma_inclusion", "employment", "housing"}
    assert stroy["shared_partners"] == 3
    assert "would connect a company with an NGO" in stroy["reasons"]


def test_pleven_trust_is_one_sided_between_the_municipality_and_the_ngos():
    m = sector_matrix("pleven")
    assert m.loc[("public", "civil"), "trust"] == pytest.approx(3.05, abs=0.01)
    assert m.loc[("civil", "public"), "trust"] == pytest.approx(1.79, abs=0.01)
    assert m.loc[("public", "civil"), "asymmetry"] == pytest.approx(1.25, abs=0.01)
    assert m.loc[("public", "civil"), "asymmetry"] >= 1.0
    assert unreciprocated("pleven") == {
        pair("pl-ngo-civdev", "pl-council"),
        pair("pl-ngo-civdev", "pl-ngo-found"),
        pair("pl-ngo-disab-1", "pl-council-social"),
        pair("pl-ngo-disab-2", "pl-st-labour"),
        pair("pl-ngo-homecare-1", "pl-ngo-homecare-2"),
        pair("pl-ngo-roma-1", "pl-sch-levski"),
    }


def test_pleven_fragile_ties_and_untapped_trust():
    t = ties("pleven")
    homecare = t.loc[pair("pl-ngo-homecare-1", "pl-adm-social")]
    assert homecare["fragile"] and homecare["interactions"] == 21
    roma = t.loc[pair("pl-ngo-roma-1", "pl-adm-social")]
    assert roma["fragile"] and roma["interactions"] == 14
    for a, b in [("pl-ngo-youth-2", "pl-sch-lang"), ("pl-cht-botev", "pl-ngo-disab-2")]:
        row = t.loc[pair(a, b)]
        assert row["untapped_trust"]
        assert row["interactions"] == 0 and row["shared_activities"] == 0


def test_pleven_ngos_take_the_initiative():
    pairs, sectors = initiative(graph("pleven"), PARAMS)
    s = sectors.set_index(["a_sector", "b_sector"]).loc[("public", "civil")]
    assert s["share_b"] >= 0.8 and s["one_sided"] and s["initiator"] == "civil"
    assert s["share_a"] == pytest.approx(0.09, abs=0.02)
    # 37 of the 53 civil/social-economy–public pairs with ≥ 3 interactions: the civil side ≥ 80 %
    sector = dict(zip(graph("pleven").ids, graph("pleven").sector, strict=True))
    civil = {"civil", "social_economy"}
    sa, sb = pairs["a"].map(sector), pairs["b"].map(sector)
    mixed = ((sa.isin(civil) & (sb == "public")) | (sb.isin(civil) & (sa == "public"))) & (
        pairs["n"] >= 3
    )
    civil_side = pairs["a"].where(sa.isin(civil), pairs["b"])
    assert mixed.sum() == 53
    assert (mixed & pairs["one_sided"] & (pairs["initiator"] == civil_side)).sum() == 37


# --- dk-social ------------------------------------------------------------------------------


def test_dk_isolated_nonprofits():
    out = isolated("dk-social")
    assert set(out.index) == {"dk-ngo-mad", "dk-ngo-broen"}
    mad = out.loc["dk-ngo-mad"]
    assert mad["no_interaction"] and mad["no_public_tie"] and mad["declining"]
    broen = out.loc["dk-ngo-broen"]
    assert broen["single_tie"] and not broen["no_interaction"] and not broen["no_public_tie"]


def test_dk_planted_allies_are_in_the_top_5():
    top = top_pairs("dk-social", 5)
    assert pair("dk-pr-ledsager", "dk-ngo-idraet") in top
    assert pair("dk-pr-rusklinik", "dk-ngo-nystart") in top


def test_dk_operating_agreements_are_steered_by_the_municipality():
    g = build_graph(data("dk-social"), GraphOptions(types=("operating_agreement",)))
    pairs, sectors = initiative(g, PARAMS)
    assert len(pairs) == 8
    departments = {"dk-adm-social", "dk-adm-handicap", "dk-adm-sundhed"}
    assert (pairs["one_sided"] & pairs["initiator"].isin(departments)).sum() == 7
    s = sectors.set_index(["a_sector", "b_sector"])
    rows = s.loc[[("public", "civil"), ("public", "social_economy")]]
    assert rows["n"].sum() == 113
    public_share = (rows["share_a"] * rows["n"]).sum() / rows["n"].sum()
    assert public_share == pytest.approx(0.89, abs=0.01)
    assert s.loc[("public", "civil"), "one_sided"] and s.loc[("public", "civil"), "initiator"] == (
        "public"
    )


def test_dk_trust_asymmetry_fragile_tie_and_unreciprocated_ratings():
    m = sector_matrix("dk-social")
    assert m.loc[("public", "civil"), "trust"] == pytest.approx(3.04, abs=0.01)
    assert m.loc[("civil", "public"), "trust"] == pytest.approx(1.75, abs=0.01)
    assert m.loc[("public", "civil"), "asymmetry"] == pytest.approx(1.29, abs=0.01)
    assert m.loc[("public", "private"), "trust"] == pytest.approx(2.5, abs=0.1)
    assert m.loc[("private", "public"), "trust"] == pytest.approx(2.5, abs=0.1)
    fragile = ties("dk-social").loc[pair("dk-si-havnely", "dk-adm-social")]
    assert fragile["fragile"] and fragile["interactions"] == 14
    assert unreciprocated("dk-social") == {
        pair("dk-ngo-gadens", "dk-adm-social"),
        pair("dk-ngo-kvinder", "dk-adm-boern"),
        pair("dk-ngo-lev", "dk-adm-handicap"),
        pair("dk-ngo-lyspunkt", "dk-adm-handicap"),
    }


# --- hu-town --------------------------------------------------------------------------------

HU_ALLIES = [
    ("hu-co-bau", "hu-ngo-jatszoter"),
    ("hu-co-gyar", "hu-ngo-napkozi"),
    ("hu-co-bolt", "hu-ngo-kozosseg"),
    ("hu-co-fa", "hu-ngo-jatszoter"),
]


def test_hu_companies_and_ngos_with_the_same_causes_are_the_top_allies():
    # the two pairs with three and two close shared partners lead; the bakery and the
    # after-school club share their cause but only two loosely tied partners (top 10)
    top3 = top_pairs("hu-town", 3)
    assert {pair(*HU_ALLIES[0]), pair(*HU_ALLIES[2])} <= set(top3)
    assert pair(*HU_ALLIES[3]) in top_pairs("hu-town", 5)
    assert pair(*HU_ALLIES[1]) in top_pairs("hu-town", 10)
    allies = potential_allies(graph("hu-town"), PARAMS).set_index(["a", "b"])
    gyar = allies.loc[pair("hu-co-gyar", "hu-ngo-napkozi")]
    assert gyar["shared_themes"] == "holiday_childcare"
    assert gyar["reasons"].startswith("both work on holiday childcare; 2 shared partners")


def test_hu_no_company_works_with_an_ngo_on_those_causes():
    g = graph("hu-town")
    companies = g.index_of(["hu-co-bau", "hu-co-fa", "hu-co-bolt", "hu-co-gyar"])
    ngos = g.index_of(["hu-ngo-jatszoter", "hu-ngo-kozosseg", "hu-ngo-napkozi"])
    edges = set(zip(g.edges["u"], g.edges["v"], strict=True))
    assert not any((min(c, n), max(c, n)) in edges for c in companies for n in ngos)


def test_hu_isolated_ngo():
    out = isolated("hu-town")
    assert list(out.index) == ["hu-ngo-hagyomany"]
    assert out.loc["hu-ngo-hagyomany", "no_interaction"]


def test_hu_trust_and_initiative():
    m = sector_matrix("hu-town")
    assert m.loc[("public", "civil"), "trust"] == pytest.approx(3.17, abs=0.01)
    assert m.loc[("civil", "public"), "trust"] == pytest.approx(1.83, abs=0.01)
    assert m.loc[("public", "civil"), "asymmetry"] == pytest.approx(1.33, abs=0.01)
    assert m.loc[("private", "public"), "trust"] == pytest.approx(3.0)
    assert m.loc[("private", "civil"), "n"] == 0 and m.loc[("civil", "private"), "n"] == 0
    _, sectors = initiative(graph("hu-town"), PARAMS)
    s = sectors.set_index(["a_sector", "b_sector"]).loc[("public", "civil")]
    assert s["share_b"] == pytest.approx(0.85, abs=0.02)
    assert s["one_sided"] and s["initiator"] == "civil"
