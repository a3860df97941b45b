"""Isolated NGOs: each flag on a hand-made network, the windows, and independence of the graph."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.network.graph import GraphOptions, build_graph
from stakeholder_graph.network.isolation import COLUMNS, flag_isolated, isolation_as_of

AS_OF = pd.Timestamp("2025-06-30")
PARAMS = AnalysisParams(as_of=AS_OF, isolation_window_days=365)

ORGS = [
    ("town", "public"),
    ("school", "public"),
    ("shop", "private"),
    ("busy", "civil"),  # ties to the town and others: no flag
    ("quiet", "civil"),  # nothing since 2023
    ("inner", "civil"),  # only civil partners
    ("lonely", "civil"),  # a single (public) partner
    ("fading", "civil"),  # 6 interactions before, 2 now
    ("coop", "social_economy"),  # only companies
    ("council_only", "civil"),  # no interaction, but sits in a council with the town
]


def network(interactions, activities=(), participation=()):
    orgs = pd.DataFrame(
        {
            "id": [o for o, _ in ORGS],
            "name": [o.title() for o, _ in ORGS],
            "sector": [s for _, s in ORGS],
            "municipality": "Pleven",
        }
    )
    rows = [
        {"id": str(i), "source": s, "target": t, "date": d}
        for i, (s, t, d) in enumerate(interactions)
    ]
    return NetworkData(
        coerce_table("organizations", orgs),
        coerce_table(
            "interactions", pd.DataFrame(rows, columns=["id", "source", "target", "date"])
        ),
        coerce_table("activities", pd.DataFrame(list(activities))),
        coerce_table("participation", pd.DataFrame(list(participation))),
    )


INTERACTIONS = [
    ("busy", "town", "2025-01-10"),
    ("busy", "school", "2025-02-10"),
    ("busy", "inner", "2025-03-10"),
    ("quiet", "town", "2023-03-01"),  # previous window starts 2023-07-01: too early
    ("quiet", "busy", "2023-08-01"),  # in the previous window
    ("inner", "fading", "2025-04-01"),
    ("lonely", "town", "2024-09-01"),
    ("lonely", "town", "2024-10-01"),
    ("fading", "town", "2025-05-01"),
    ("fading", "school", "2025-05-02"),
    *[("fading", "town", f"2024-0{m}-15") for m in range(1, 7)],  # previous window
    ("coop", "shop", "2025-01-01"),
    ("inner", "town", "2030-01-01"),  # after as_of: ignored
]
ACTIVITIES = [
    {"id": "council", "name": "Council", "kind": "council", "start": "2020-01-01"},
    {
        "id": "old",
        "name": "Old project",
        "kind": "project",
        "start": "2019-01-01",
        "end": "2021-12-31",
    },
]
PARTICIPATION = [
    {"activity": "council", "organization": "council_only"},
    {"activity": "council", "organization": "town"},
    {"activity": "old", "organization": "quiet"},
    {"activity": "old", "organization": "school"},
]


@pytest.fixture(scope="module")
def flagged() -> pd.DataFrame:
    g = build_graph(network(INTERACTIONS, ACTIVITIES, PARTICIPATION))
    return flag_isolated(g, PARAMS).set_index("id")


def test_columns_and_only_flagged_civil_organizations(flagged):
    assert list(flagged.reset_index().columns) == COLUMNS
    assert set(flagged.index) == {"quiet", "inner", "lonely", "fading", "coop", "council_only"}
    assert "busy" not in flagged.index and "town" not in flagged.index


def test_no_interaction_in_the_window(flagged):
    row = flagged.loc["quiet"]
    assert row["no_interaction"] and row["no_public_tie"] and row["ties"] == 0
    assert row["window_interactions"] == 0 and row["previous_interactions"] == 1
    assert row["last_interaction"] == pd.Timestamp("2023-08-01")
    assert not row["declining"]  # one interaction is too few to read a decline
    assert row["reasons"].startswith("no interaction in the last 365 days (last one 2023-08-01)")


def test_co_participation_is_a_tie_but_not_an_interaction(flagged):
    row = flagged.loc["council_only"]
    assert row["no_interaction"] and row["ties"] == 1 and row["public_ties"] == 1
    assert row["single_tie"] and not row["no_public_tie"]
    assert pd.isna(row["last_interaction"])
    assert "none recorded" in row["reasons"]


def test_ties_only_inside_the_civil_sector(flagged):
    row = flagged.loc["inner"]
    assert row["civil_only"] and row["no_public_tie"]
    assert row["ties"] == 2 and row["public_ties"] == 0  # busy, fading; the 2030 one is ignored
    assert "ties only inside the civil sector (2 civil partners)" in row["reasons"]
    assert "no tie to any public body" in row["reasons"]


def test_single_tie(flagged):
    row = flagged.loc["lonely"]
    assert row["single_tie"] and not row["no_public_tie"] and not row["civil_only"]
    assert row["window_interactions"] == 2
    assert row["reasons"] == "a single partner"


def test_declining_against_the_previous_window(flagged):
    row = flagged.loc["fading"]
    assert row["previous_interactions"] == 6 and row["window_interactions"] == 3
    assert row["declining"]  # 3 ≤ 0.5 · 6
    assert row["reasons"] == ("activity down from 6 to 3 interactions against the previous window")
    milder = AnalysisParams(as_of=AS_OF, decline_threshold=0.6)
    g = build_graph(network(INTERACTIONS, ACTIVITIES, PARTICIPATION))
    assert "fading" not in set(flag_isolated(g, milder)["id"])  # 3 > 0.4 · 6


def test_social_economy_with_companies_only(flagged):
    row = flagged.loc["coop"]
    assert row["no_public_tie"] and not row["civil_only"] and row["single_tie"]


def test_window_boundaries_are_inclusive_at_both_ends():
    data = network(
        [
            ("lonely", "town", "2024-06-30"),  # as_of − 365 days: inside
            ("lonely", "school", "2025-06-30"),  # as_of: inside
            ("lonely", "busy", "2024-06-29"),  # one day earlier: previous window
            ("busy", "town", "2025-01-01"),
        ]
    )
    out = flag_isolated(build_graph(data), PARAMS).set_index("id")
    assert "lonely" not in out.index
    params = AnalysisParams(as_of=AS_OF, decline_threshold=0.0)
    out = flag_isolated(build_graph(data), params).set_index("id")
    assert out.loc["quiet", "no_interaction"]
    assert "lonely" not in out.index  # 2 now vs 1 before: not declining


def test_result_does_not_depend_on_the_analysis_graph_window():
    data = network(INTERACTIONS, ACTIVITIES, PARTICIPATION)
    whole = flag_isolated(build_graph(data), PARAMS)
    narrow = build_graph(
        data,
        GraphOptions(
            since=pd.Timestamp("2025-05-01"),
            until=pd.Timestamp("2025-05-31"),
            types=("meeting",),
            coparticipation=False,
        ),
    )
    pd.testing.assert_frame_equal(whole, flag_isolated(narrow, PARAMS))


def test_as_of_defaults_to_until_then_the_latest_date():
    data = network(INTERACTIONS[:-1])
    g = build_graph(data)
    assert isolation_as_of(g, AnalysisParams()) == pd.Timestamp("2025-05-02")
    until = AnalysisParams().with_graph(until=pd.Timestamp("2024-12-31"))
    assert isolation_as_of(g, until) == pd.Timestamp("2024-12-31")
    assert isolation_as_of(g, PARAMS) == AS_OF
    early = flag_isolated(g, AnalysisParams(as_of=pd.Timestamp("2023-12-31"))).set_index("id")
    # at the end of 2023 "quiet" still worked with the town and "busy"; "busy" only with "quiet"
    assert "quiet" not in early.index
    assert early.loc["busy", "civil_only"] and early.loc["busy", "ties"] == 1
    assert early.loc["busy", "last_interaction"] == pd.Timestamp("2023-08-01")


def test_undated_network_counts_everything_in_the_window():
    data = network([("busy", "town", None), ("busy", "school", None), ("inner", "busy", None)])
    out = flag_isolated(build_graph(data), AnalysisParams()).set_index("id")
    assert out.loc["inner", "civil_only"] and out.loc["inner", "window_interactions"] == 1
    assert out.loc["quiet", "no_interaction"]
    assert not out["declining"].any()
    assert np.all(out["previous_interactions"] == 0)


def brute_force_flags(data: NetworkData, as_of: pd.Timestamp, days: int) -> dict[str, dict]:
    """Per civil / social-economy organization, its counts and flags by plain loops."""
    start, prev_start = as_of - pd.Timedelta(days=days), as_of - pd.Timedelta(days=2 * days)
    sector = dict(zip(data.organizations["id"], data.organizations["sector"], strict=True))
    partners: dict[str, set[str]] = {o: set() for o in sector}
    now = dict.fromkeys(sector, 0)
    before = dict.fromkeys(sector, 0)
    for s, t, d in data.interactions[["source", "target", "date"]].itertuples(index=False):
        if s == t:
            continue
        if start <= d <= as_of:
            now[s] += 1
            now[t] += 1
            partners[s].add(t)
            partners[t].add(s)
        elif prev_start <= d < start:
            before[s] += 1
            before[t] += 1
    for act in data.activities.itertuples():
        if (pd.notna(act.end) and act.end < start) or (pd.notna(act.start) and act.start > as_of):
            continue
        members = set(
            data.participation.loc[data.participation["activity"] == act.id, "organization"]
        )
        for o in members:
            partners[o] |= members - {o}
    out = {}
    for o, sec in sector.items():
        if sec not in ("civil", "social_economy"):
            continue
        ties = partners[o]
        flags = {
            "no_interaction": now[o] == 0,
            "no_public_tie": not any(sector[p] == "public" for p in ties),
            "civil_only": bool(ties) and all(sector[p] == "civil" for p in ties),
            "single_tie": len(ties) == 1,
            "declining": before[o] >= 2 and now[o] <= 0.5 * before[o],
        }
        if any(flags.values()):
            out[o] = {**flags, "ties": len(ties), "window_interactions": now[o]}
    return out


@pytest.mark.parametrize("seed", range(8))
def test_flags_match_a_brute_force_on_random_networks(seed):
    rng = np.random.default_rng(seed)
    n, m = 25, 60
    ids = [f"o{i}" for i in range(n)]
    sectors = rng.choice(["public", "private", "civil", "social_economy"], n)
    orgs = pd.DataFrame({"id": ids, "name": ids, "sector": sectors})
    inter = pd.DataFrame(
        {
            "id": [str(i) for i in range(m)],
            "source": rng.choice(ids, m),
            "target": rng.choice(ids, m),
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 900, m), "D"),
        }
    )
    acts = pd.DataFrame(
        {
            "id": ["x", "y"],
            "name": ["X", "Y"],
            "kind": "council",
            "start": ["2022-01-01", "2025-01-01"],
            "end": ["2023-06-01", None],
        }
    )
    part = pd.DataFrame({"activity": rng.choice(["x", "y"], 8), "organization": rng.choice(ids, 8)})
    data = NetworkData(
        coerce_table("organizations", orgs),
        coerce_table("interactions", inter),
        coerce_table("activities", acts),
        coerce_table("participation", part.drop_duplicates()),
    )
    as_of = pd.Timestamp("2025-03-01")
    got = flag_isolated(build_graph(data), AnalysisParams(as_of=as_of)).set_index("id")
    expected = brute_force_flags(data, as_of, 365)
    assert set(got.index) == set(expected)
    for o, row in expected.items():
        for column, value in row.items():
            assert got.loc[o, column] == value, (o, column)
