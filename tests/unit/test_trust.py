"""Trust gaps, sector trust, initiative and the multiplex reading of ties, on hand-made networks."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.dataset.model import SECTORS, NetworkData, coerce_table
from stakeholder_graph.network.graph import GraphOptions, build_graph
from stakeholder_graph.network.trust import (
    initiative,
    latest_answers,
    multiplex_ties,
    organization_trust,
    sector_trust,
    trust_dyads,
)


def network(orgs, interactions=(), perceptions=(), activities=(), participation=()):
    """A NetworkData from lists of dicts."""
    return NetworkData(
        coerce_table("organizations", pd.DataFrame(list(orgs))),
        coerce_table("interactions", pd.DataFrame(list(interactions))),
        coerce_table("activities", pd.DataFrame(list(activities))),
        coerce_table("participation", pd.DataFrame(list(participation))),
        coerce_table("perceptions", pd.DataFrame(list(perceptions))),
    )


ORGS = [
    {"id": "town", "name": "Town hall", "sector": "public"},
    {"id": "ngo1", "name": "Youth NGO", "sector": "civil"},
    {"id": "ngo2", "name": "Roma NGO", "sector": "civil"},
    {"id": "bank", "name": "Bank", "sector": "private"},
]


def answer(rater, ratee, r, m, o, date="2024-01-01"):
    return {
        "rater": rater,
        "ratee": ratee,
        "date": date,
        "reliability": r,
        "mission_support": m,
        "openness": o,
    }


def interaction(i, s, t, initiator="source", date="2024-03-01", kind="meeting"):
    return {
        "id": str(i),
        "source": s,
        "target": t,
        "initiator": initiator,
        "date": date,
        "type": kind,
    }


SURVEY = [
    answer("town", "ngo1", 4, 4, 3),  # 11/3
    answer("ngo1", "town", 2, 1, 2, "2023-01-01"),  # superseded by the next one
    answer("ngo1", "town", 1, 1, 1, "2024-02-01"),  # 1
    answer("ngo2", "town", 2, None, 3),  # item missing: (2+3)/2 = 2.5
    answer("bank", "ngo1", 3, 3, 3),  # 3
    answer("bank", "bank", 4, 4, 4),  # about itself: ignored
    answer("ngo2", "ghost", 4, 4, 4),  # unknown ratee: ignored
]


def test_answer_trust_is_the_mean_of_available_items_and_latest_answer_wins():
    g = build_graph(network(ORGS, perceptions=SURVEY))
    answers = latest_answers(g)
    got = dict(
        zip(
            zip(g.ids[answers["rater"]], g.ids[answers["ratee"]], strict=True),
            answers["trust"],
            strict=True,
        )
    )
    assert got == pytest.approx(
        {
            ("town", "ngo1"): 11 / 3,
            ("ngo1", "town"): 1.0,
            ("ngo2", "town"): 2.5,
            ("bank", "ngo1"): 3,
        }
    )


def test_undated_answers_count_as_older_and_answers_after_until_are_ignored():
    survey = [
        answer("ngo1", "town", 4, 4, 4, None),
        answer("ngo1", "town", 2, 2, 2, "2022-01-01"),
        answer("ngo1", "town", 1, 1, 1, "2025-01-01"),
    ]
    g = build_graph(network(ORGS, perceptions=survey))
    assert latest_answers(g)["trust"].tolist() == [1.0]
    g = build_graph(
        network(ORGS, perceptions=survey), GraphOptions(until=pd.Timestamp("2024-12-31"))
    )
    assert latest_answers(g)["trust"].tolist() == [2.0]


def test_organization_trust_received_and_given():
    g = build_graph(network(ORGS, perceptions=SURVEY))
    out = organization_trust(g).set_index("id")
    assert list(out.columns) == ["trust_received", "n_received", "trust_given", "n_given"]
    # town is rated by ngo1 (1.0) and ngo2 (2.5); ngo1 by town (11/3) and bank (3)
    assert out.loc["town", "trust_received"] == pytest.approx(1.75)
    assert out.loc["town", "n_received"] == 2
    assert out.loc["ngo1", "trust_received"] == pytest.approx((11 / 3 + 3) / 2)
    assert out.loc["town", "trust_given"] == pytest.approx(11 / 3)
    assert out.loc["bank", "n_received"] == 0
    assert np.isnan(out.loc["bank", "trust_received"])
    assert out.loc["bank", "n_given"] == 1


def test_trust_dyads_gap_sign_reciprocity_and_interactions():
    inter = [
        interaction(1, "ngo1", "town"),
        interaction(2, "town", "ngo1"),
        interaction(3, "ngo1", "town", date="2010-01-01"),  # outside the window below
        interaction(4, "bank", "ngo2"),
    ]
    options = GraphOptions(since=pd.Timestamp("2020-01-01"))
    g = build_graph(network(ORGS, inter, SURVEY), options)
    dyads = trust_dyads(g)
    assert list(dyads.columns[:7]) == [
        "a",
        "b",
        "trust_ab",
        "trust_ba",
        "gap",
        "reciprocated",
        "interactions_ab",
    ]
    assert (dyads["a"] < dyads["b"]).all()
    row = dyads.set_index(["a", "b"]).loc[("ngo1", "town")]
    assert row["trust_ab"] == pytest.approx(1.0)  # ngo1 rates town
    assert row["trust_ba"] == pytest.approx(11 / 3)  # town rates ngo1
    assert row["gap"] == pytest.approx(1.0 - 11 / 3)
    assert row["abs_gap"] == pytest.approx(11 / 3 - 1.0)
    assert row["reciprocated"]
    assert row["interactions_ab"] == 2
    other = dyads.set_index(["a", "b"]).loc[("bank", "ngo1")]
    assert not other["reciprocated"]
    assert np.isnan(other["trust_ba"]) and np.isnan(other["gap"])
    assert other["interactions_ab"] == 0
    assert len(dyads) == 3  # ngo1–town, ngo2–town, bank–ngo1


def test_sector_trust_matches_a_pandas_brute_force():
    g = build_graph(network(ORGS, perceptions=SURVEY))
    out = sector_trust(g)
    assert len(out) == 16
    assert set(zip(out["rater_sector"], out["ratee_sector"], strict=True)) == set(
        itertools.product(SECTORS, SECTORS)
    )
    sector = {o["id"]: o["sector"] for o in ORGS}
    expected = {
        ("public", "civil"): [11 / 3],
        ("civil", "public"): [1.0, 2.5],
        ("private", "civil"): [3.0],
    }
    m = out.set_index(["rater_sector", "ratee_sector"])
    for pair, values in expected.items():
        assert m.loc[pair, "trust"] == pytest.approx(np.mean(values))
        assert m.loc[pair, "n"] == len(values)
    assert m.loc[("public", "civil"), "asymmetry"] == pytest.approx(11 / 3 - 1.75)
    assert m.loc[("civil", "public"), "asymmetry"] == pytest.approx(1.75 - 11 / 3)
    assert np.isnan(m.loc[("private", "civil"), "asymmetry"])  # nobody civil rated private
    assert m.loc[("public", "public"), "n"] == 0
    assert sector["town"] == "public"


def test_initiative_shares_one_sidedness_and_unknown_initiators():
    inter = [
        interaction(1, "ngo1", "town", "source"),
        interaction(2, "ngo1", "town", "source"),
        interaction(3, "town", "ngo1", "target"),  # ngo1 started it too
        interaction(4, "town", "ngo1", "source"),  # town started
        interaction(5, "ngo1", "town", "source"),
        interaction(6, "ngo1", "town", "source"),
        interaction(7, "ngo1", "town", ""),  # unknown: left out of the shares
        interaction(8, "bank", "ngo2", "joint"),
        interaction(9, "bank", "ngo2", "source"),
    ]
    g = build_graph(network(ORGS, inter))
    pairs, sectors = initiative(g, AnalysisParams())
    assert list(pairs.columns[:8]) == [
        "a",
        "b",
        "n",
        "share_a",
        "share_b",
        "share_joint",
        "one_sided",
        "initiator",
    ]
    p = pairs.set_index(["a", "b"])
    row = p.loc[("ngo1", "town")]
    assert row["n"] == 6 and row["n_total"] == 7
    assert row["share_a"] == pytest.approx(5 / 6)
    assert row["share_b"] == pytest.approx(1 / 6)
    assert row["one_sided"]  # 5/6 ≥ 0.8 over 6 ≥ 3
    assert row["initiator"] == "ngo1"
    row = p.loc[("bank", "ngo2")]
    assert row["share_joint"] == pytest.approx(0.5) and row["share_a"] == pytest.approx(0.5)
    assert not row["one_sided"]  # too few interactions
    s = sectors.set_index(["a_sector", "b_sector"])
    assert s.loc[("public", "civil"), "share_b"] == pytest.approx(5 / 6)
    assert s.loc[("public", "civil"), "initiator"] == "civil"
    assert s.loc[("public", "civil"), "one_sided"]
    assert s.loc[("private", "civil"), "share_a"] == pytest.approx(0.5)
    # stricter thresholds turn the verdict
    strict = AnalysisParams(one_sided_share=0.9)
    assert not initiative(g, strict)[0].set_index(["a", "b"]).loc[("ngo1", "town"), "one_sided"]


def test_multiplex_ties_fragile_and_untapped():
    inter = [interaction(i, "ngo1", "town") for i in range(4)] + [interaction(9, "bank", "ngo2")]
    survey = [
        answer("ngo1", "town", 1, 2, 1),  # 4/3
        answer("town", "ngo1", 3, 3, 2),  # 8/3 → mean 2.0: fragile at ≤ 2
        answer("bank", "town", 4, 3, 3),  # 10/3, no interaction: untapped
        answer("ngo2", "bank", 1, 1, 1),  # tied once: neither
    ]
    activities = [{"id": "act", "name": "Council", "kind": "council"}]
    participation = [
        {"activity": "act", "organization": "ngo2"},
        {"activity": "act", "organization": "town"},
    ]
    g = build_graph(network(ORGS, inter, survey, activities, participation))
    ties = multiplex_ties(g, AnalysisParams(), trust_dyads(g))
    assert list(ties.columns[:9]) == [
        "a",
        "b",
        "interactions",
        "shared_activities",
        "weight",
        "trust_ab",
        "trust_ba",
        "fragile",
        "untapped_trust",
    ]
    t = ties.set_index(["a", "b"])
    assert set(t.index) == {("ngo1", "town"), ("bank", "town"), ("bank", "ngo2"), ("ngo2", "town")}
    assert t.loc[("ngo1", "town"), "interactions"] == 4
    assert t.loc[("ngo1", "town"), "trust_ab"] == pytest.approx(4 / 3)
    assert t.loc[("ngo1", "town"), "fragile"]
    assert not t.loc[("ngo1", "town"), "untapped_trust"]
    assert t.loc[("bank", "town"), "untapped_trust"]  # rated, never tied: a row of its own
    assert t.loc[("bank", "town"), "interactions"] == 0
    assert not t.loc[("bank", "ngo2"), "fragile"]  # one interaction only
    assert t.loc[("ngo2", "town"), "shared_activities"] == 1
    assert np.isnan(t.loc[("ngo2", "town"), "trust_ab"])
    assert t["fragile"].sum() == 1 and t["untapped_trust"].sum() == 1


def test_directed_graph_gives_the_same_ties_table():
    inter = [
        interaction(1, "ngo1", "town"),
        interaction(2, "town", "ngo1"),
        interaction(3, "bank", "ngo2"),
    ]
    activities = [{"id": "act", "name": "Council", "kind": "council"}]
    participation = [
        {"activity": "act", "organization": "ngo1"},
        {"activity": "act", "organization": "town"},
    ]
    data = network(ORGS, inter, SURVEY, activities, participation)
    params = AnalysisParams()
    undirected = multiplex_ties(build_graph(data), params)
    directed = multiplex_ties(build_graph(data, GraphOptions(directed=True)), params)
    pd.testing.assert_frame_equal(undirected, directed)
    assert undirected.set_index(["a", "b"]).loc[("ngo1", "town"), "weight"] == 3.0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(0, 5),
            st.integers(1, 4),
            st.integers(1, 4),
            st.integers(1, 4),
        ),
        max_size=30,
    )
)
def test_sector_asymmetry_is_antisymmetric_and_dyads_match_brute_force(answers):
    sectors = ["public", "civil", "private", "civil", "social_economy", "public"]
    orgs = [{"id": f"o{i}", "name": f"O{i}", "sector": s} for i, s in enumerate(sectors)]
    survey = [answer(f"o{r}", f"o{e}", a, b, c) for r, e, a, b, c in answers]
    g = build_graph(network(orgs, perceptions=survey))
    matrix = sector_trust(g).pivot(index="rater_sector", columns="ratee_sector", values="asymmetry")
    m = matrix.to_numpy()
    both = ~np.isnan(m)
    assert np.allclose(m[both], -m.T[both])
    # brute force: the last answer per (rater, ratee) in file order (all share one date)
    last: dict[tuple[str, str], float] = {}
    for r, e, a, b, c in answers:
        if r != e:
            last[(f"o{r}", f"o{e}")] = (a + b + c) / 3
    dyads = trust_dyads(g)
    for row in dyads.itertuples():
        assert row.trust_ab == pytest.approx(last.get((row.a, row.b), np.nan), nan_ok=True)
        assert row.trust_ba == pytest.approx(last.get((row.b, row.a), np.nan), nan_ok=True)
    pairs = {tuple(sorted(k)) for k in last}
    assert len(dyads) == len(pairs)
