"""Every analyst query of ``cypher/queries`` against real Neo4j loaded with the pleven dataset.

Each expected answer is computed here, independently, with pandas / networkx from the dataset's
tables (or, for the queries that read written-back results, from the analysis tables).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.model import TRUST_ITEMS, NetworkData
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset
from stakeholder_graph.store.neo4j import load_network, run_query
from stakeholder_graph.store.query_library import library_queries, prepare_parameters, resolve_query
from tests.integration.conftest import empty_database


@dataclass
class Loaded:
    driver: neo4j.Driver
    database: str
    data: NetworkData

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        text = resolve_query(name)
        columns, rows = run_query(
            self.driver, text, prepare_parameters(text, params), self.database
        )
        return pd.DataFrame(rows, columns=columns)


@pytest.fixture(scope="module")
def pleven(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> Iterator[Loaded]:
    db = neo4j_settings.database
    with neo4j_driver.session(database=db) as session:
        empty_database(session)
    data = read_dataset(bundled_dataset("pleven"))
    load_network(neo4j_driver, data, db)
    yield Loaded(neo4j_driver, db, data)


# --- independent expectations -----------------------------------------------------------------


def sectors(data: NetworkData) -> pd.Series:
    return data.organizations.set_index("id")["sector"]


def answers(data: NetworkData) -> pd.DataFrame:
    p = data.perceptions.copy()
    p["trust"] = p[list(TRUST_ITEMS)].mean(axis=1)
    return p[p["trust"].notna()]


def touching(data: NetworkData) -> pd.DataFrame:
    """Interactions seen from each endpoint: org, partner (self-loops once)."""
    i = data.interactions
    both = pd.concat(
        [
            i.assign(org=i["source"], partner=i["target"]),
            i[i["source"] != i["target"]].assign(org=i["target"], partner=i["source"]),
        ]
    )
    return both.reset_index(drop=True)


def unordered(a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    lo = a.where(a < b, b)
    hi = b.where(a < b, a)
    return lo, hi


# --- queries on the loaded dataset ------------------------------------------------------------


def test_ngos_without_public_tie(pleven: Loaded) -> None:
    data, sec = pleven.data, sectors(pleven.data)
    civil = set(sec[sec == "civil"].index)
    public = set(sec[sec == "public"].index)
    t = touching(data)
    by_interaction = set(t.loc[t["partner"].isin(public), "org"])
    part = data.participation
    public_acts = set(part.loc[part["organization"].isin(public), "activity"])
    by_activity = set(part.loc[part["activity"].isin(public_acts), "organization"])

    got = pleven.run("ngos_without_public_tie")
    assert set(got["id"]) == civil - by_interaction - by_activity
    assert "pl-ngo-roma-2" in set(got["id"])  # planted: ties only inside the civil sector
    counts = t.groupby("org").size()
    assert got["interactions"].tolist() == [int(counts.get(i, 0)) for i in got["id"]]

    loose = pleven.run(
        "ngos_without_public_tie", coparticipation=False, sectors=["civil", "social_economy"]
    )
    watched = set(sec[sec.isin(["civil", "social_economy"])].index)
    assert set(loose["id"]) == watched - by_interaction
    assert "pl-se-coop" in set(loose["id"])  # planted: works only with companies


def test_ngos_inactive_since(pleven: Loaded) -> None:
    data, sec = pleven.data, sectors(pleven.data)
    since = pd.Timestamp("2024-07-01")
    t = touching(data)
    last = t.groupby("org")["date"].max()
    civil = sec[sec == "civil"].index
    expected = {i for i in civil if pd.isna(last.get(i)) or last.get(i) < since}
    got = pleven.run("ngos_inactive_since", since=since.date())
    assert set(got["id"]) == expected
    assert "pl-ngo-env-1" in expected  # planted: last interaction 2023-10-20
    row = got.set_index("id").loc["pl-ngo-env-1"]
    assert row["last_interaction"] == "2023-10-20"
    assert row["interactions"] == int((t["org"] == "pl-ngo-env-1").sum())


def test_sector_trust_matrix(pleven: Loaded) -> None:
    sec = sectors(pleven.data)
    a = answers(pleven.data)
    a = a.assign(rs=a["rater"].map(sec), es=a["ratee"].map(sec))
    cells = a.groupby(["rs", "es"])["trust"].agg(["mean", "size"])
    got = pleven.run("sector_trust_matrix").set_index(["rater_sector", "ratee_sector"])
    assert set(got.index) == set(cells.index)
    for (rs, es), row in got.iterrows():
        assert row["trust"] == pytest.approx(cells.loc[(rs, es), "mean"])
        assert row["n"] == cells.loc[(rs, es), "size"]
        if (es, rs) in cells.index:
            back = cells.loc[(es, rs), "mean"]
            assert row["asymmetry"] == pytest.approx(cells.loc[(rs, es), "mean"] - back)
        else:
            assert row["asymmetry"] is None or np.isnan(row["asymmetry"])
    # planted: civil organizations trust public bodies far less than the reverse
    assert got.loc[("civil", "public"), "asymmetry"] < -0.5


def test_trust_gap_dyads(pleven: Loaded) -> None:
    a = answers(pleven.data)
    mean = a.groupby(["rater", "ratee"])["trust"].mean()
    rows = []
    for (x, y), t_xy in mean.items():
        if x < y and (y, x) in mean.index:
            rows.append((x, y, t_xy, mean[(y, x)], abs(t_xy - mean[(y, x)])))
    expected = pd.DataFrame(rows, columns=["a", "b", "trust_ab", "trust_ba", "gap"])
    expected = expected.sort_values(["gap", "a", "b"], ascending=[False, True, True])
    assert len(expected) > 3
    got = pleven.run("trust_gap_dyads", limit=1000)
    np.testing.assert_allclose(got["gap"], expected["gap"])  # same gaps, in the same order
    merged = got.merge(expected, on=["a", "b"], suffixes=("", "_x"))
    assert len(merged) == len(expected)
    np.testing.assert_allclose(merged["gap"], merged["gap_x"])
    np.testing.assert_allclose(merged["trust_ab"], merged["trust_ab_x"])
    assert got["gap"].is_monotonic_decreasing
    top = pleven.run("trust_gap_dyads", limit=3, min_gap=1.0)
    assert len(top) == min(3, int((expected["gap"] >= 1.0).sum()))


def test_one_sided_initiative(pleven: Loaded) -> None:
    sec = sectors(pleven.data)
    i = pleven.data.interactions
    i = i.assign(ss=i["source"].map(sec), ts=i["target"].map(sec))
    i = i[(i["ss"] != i["ts"]) & i["initiator"].isin(["source", "target", "joint"])]
    sa, sb = unordered(i["ss"], i["ts"])
    by = np.where(
        i["initiator"] == "source", i["ss"], np.where(i["initiator"] == "target", i["ts"], "")
    )
    frame = pd.DataFrame({"a": sa, "b": sb, "by": by})
    got = pleven.run("one_sided_initiative").set_index(["sector_a", "sector_b"])
    groups = frame.groupby(["a", "b"])
    assert set(got.index) == set(groups.groups)
    for (x, y), g in groups:
        row = got.loc[(x, y)]
        n, by_a, by_b = len(g), int((g["by"] == x).sum()), int((g["by"] == y).sum())
        assert (row["n"], row["by_a"], row["by_b"], row["joint"]) == (
            n,
            by_a,
            by_b,
            n - by_a - by_b,
        )
        one_sided = n >= 3 and max(by_a, by_b) / n >= 0.8
        assert row["one_sided"] == one_sided
    # planted: NGOs take the initiative with the municipality
    assert got.loc[("civil", "public"), "initiator"] == "civil"


def test_planning_vs_implementation(pleven: Loaded) -> None:
    sec = sectors(pleven.data)
    i = pleven.data.interactions
    since = pd.Timestamp("2023-01-01")
    i = i[i["date"] >= since]
    long = pd.concat(
        [
            i.assign(sector=i["source"].map(sec)),
            i[i["source"].map(sec) != i["target"].map(sec)].assign(sector=i["target"].map(sec)),
        ]
    )
    counts = long.groupby(["sector", "stage"]).size().unstack(fill_value=0)
    got = pleven.run("planning_vs_implementation", since=since.date()).set_index("sector")
    assert set(got.index) == set(counts.index)
    for sector, row in got.iterrows():
        for stage in ("planning", "implementation", "evaluation"):
            assert row[stage] == counts.loc[sector].get(stage, 0)
        assert row["interactions"] == (long["sector"] == sector).sum()
        staged = counts.loc[sector].sum()
        assert row["share_planning"] == pytest.approx(
            counts.loc[sector].get("planning", 0) / staged
        )
    assert (got["share_planning"] < 0.5).all()  # planted: cooperation is mostly implementation


def test_council_members_outside_ties(pleven: Loaded) -> None:
    data, sec = pleven.data, sectors(pleven.data)
    councils = data.activities.loc[data.activities["kind"] == "council", "id"]
    part = data.participation[data.participation["activity"].isin(councils)]
    t = touching(data)
    got = pleven.run("council_members_outside_ties")
    assert set(got["council"]) == set(part["activity"])
    expected_rows = part.drop_duplicates(["activity", "organization"])
    assert len(got) == len(expected_rows)
    for _, row in got.iterrows():
        members = set(part.loc[part["activity"] == row["council"], "organization"])
        partners = set(t.loc[t["org"] == row["member"], "partner"]) - members
        assert row["members"] == len(members)
        assert row["outside_partners"] == len(partners)
        assert row["outside_sectors"] == len({sec[p] for p in partners} - {sec[row["member"]]})
        roles = part.loc[
            (part["activity"] == row["council"]) & (part["organization"] == row["member"]), "role"
        ]
        assert sorted(row["roles"]) == sorted(set(roles) - {""})


def test_shared_theme_not_connected(pleven: Loaded) -> None:
    data, sec = pleven.data, sectors(pleven.data)
    themes = data.organization_themes().drop_duplicates()
    pairs = themes.merge(themes, on="theme")
    pairs = pairs[pairs["organization_x"] < pairs["organization_y"]]
    shared = pairs.groupby(["organization_x", "organization_y"])["theme"].apply(sorted)
    i = data.interactions
    lo, hi = unordered(i["source"], i["target"])
    tied = set(zip(lo, hi, strict=True))
    expected = {
        (a, b): names for (a, b), names in shared.items() if len(names) >= 2 and (a, b) not in tied
    }
    uncapped = {"limit": 100_000, "per_organization": 100_000}
    got = pleven.run("shared_theme_not_connected", min_shared=2, **uncapped)
    assert {
        (a, b): s for a, b, s in zip(got["a"], got["b"], got["shared_themes"], strict=True)
    } == (expected)
    assert got["a"].is_monotonic_increasing  # streamed in id order
    for _, part in got.groupby("a"):  # each organization's partners, most shared first
        assert part["n_shared"].is_monotonic_decreasing
    assert ("pl-co-stroy", "pl-ngo-roma-1") in expected  # a planted pair of potential allies
    cross = pleven.run("shared_theme_not_connected", cross_sector_only=True, **uncapped)
    assert len(cross) == sum(
        1 for (a, b), s in shared.items() if (a, b) not in tied and sec[a] != sec[b]
    )
    # the cap: each organization's best `per_organization` partners, ties broken by id
    capped = pleven.run("shared_theme_not_connected", per_organization=2, limit=100_000)
    full = pleven.run("shared_theme_not_connected", **uncapped)
    full = full.assign(order=-full["n_shared"]).sort_values(["a", "order", "b"])
    assert capped[["a", "b"]].values.tolist() == (
        full.groupby("a").head(2)[["a", "b"]].values.tolist()
    )
    # paging: from_id starts at an organization; limit stops the stream
    page = pleven.run("shared_theme_not_connected", from_id="pl-co", limit=7)
    assert len(page) == 7 and page["a"].min() >= "pl-co"
    # one organization, either side of the pair
    mine = pleven.run("shared_theme_not_connected", id="pl-ngo-roma-1", min_shared=2, **uncapped)
    assert set(mine["b"]) == {b for (a, b) in expected if a == "pl-ngo-roma-1"} | {
        a for (a, b) in expected if b == "pl-ngo-roma-1"
    }


def test_shortest_cooperation_path(pleven: Loaded) -> None:
    data = pleven.data
    g = nx.Graph()
    g.add_nodes_from(data.organizations["id"])
    g.add_edges_from(zip(data.interactions["source"], data.interactions["target"], strict=True))
    for a, b in [("pl-ngo-roma-2", "pl-co-stroy"), ("pl-se-coop", "pl-ngo-disab-3")]:
        got = pleven.run("shortest_cooperation_path", **{"from": a, "to": b})
        assert len(got) == 1
        ids = got.loc[0, "ids"]
        assert got.loc[0, "hops"] == nx.shortest_path_length(g, a, b) == len(ids) - 1
        assert ids[0] == a and ids[-1] == b
        assert all(g.has_edge(x, y) for x, y in zip(ids, ids[1:], strict=False))
    lonely = [n for n in g.nodes if g.degree(n) == 0]
    if lonely:
        got = pleven.run("shortest_cooperation_path", **{"from": lonely[0], "to": "pl-co-stroy"})
        assert got.empty


def test_ego_network(pleven: Loaded) -> None:
    data, ego = pleven.data, "pl-adm-social"
    t = touching(data)
    t = t[(t["org"] == ego) & (t["partner"] != ego)]
    stats = t.groupby("partner").agg(
        interactions=("id", "size"), weight=("weight", "sum"), last=("date", "max")
    )
    a = answers(data)
    given = a[a["rater"] == ego].groupby("ratee")["trust"].mean()
    received = a[a["ratee"] == ego].groupby("rater")["trust"].mean()
    got = pleven.run("ego_network", id=ego).set_index("partner")
    assert set(got.index) == set(stats.index)
    for partner, row in got.iterrows():
        assert row["interactions"] == stats.loc[partner, "interactions"]
        assert row["weight"] == pytest.approx(stats.loc[partner, "weight"])
        assert row["last_interaction"] == stats.loc[partner, "last"].date().isoformat()
        assert set(row["types"]) == set(t.loc[t["partner"] == partner, "type"])
        for column, series in (("trust_given", given), ("trust_received", received)):
            if partner in series.index:
                assert row[column] == pytest.approx(series[partner])
            else:
                assert row[column] is None or np.isnan(row[column])
    assert got["interactions"].is_monotonic_decreasing


def test_themes_by_sector(pleven: Loaded) -> None:
    sec = sectors(pleven.data)
    themes = pleven.data.organization_themes().drop_duplicates()
    table = themes.assign(sector=themes["organization"].map(sec)).pivot_table(
        index="theme", columns="sector", values="organization", aggfunc="count", fill_value=0
    )
    got = pleven.run("themes_by_sector").set_index("theme")
    assert set(got.index) == set(table.index)
    for theme, row in got.iterrows():
        for s in ("public", "private", "civil", "social_economy"):
            assert row[s] == (table.loc[theme, s] if s in table.columns else 0)
        assert row["sectors"] == int((table.loc[theme] > 0).sum())
    single = pleven.run("themes_by_sector", max_sectors=1)
    assert set(single["theme"]) == {th for th in table.index if (table.loc[th] > 0).sum() == 1}


def test_cooperation_forms_by_sector_pair(pleven: Loaded) -> None:
    sec = sectors(pleven.data)
    i = pleven.data.interactions
    a, b = unordered(i["source"].map(sec), i["target"].map(sec))
    frame = pd.DataFrame({"a": a, "b": b, "type": i["type"], "formal": i["formal"].fillna(False)})
    expected = frame.groupby(["a", "b", "type"]).agg(n=("formal", "size"), f=("formal", "mean"))
    got = pleven.run("cooperation_forms_by_sector_pair").set_index(["sector_a", "sector_b", "type"])
    assert set(got.index) == set(expected.index)
    np.testing.assert_array_equal(got["interactions"], expected.loc[got.index, "n"])
    np.testing.assert_allclose(got["share_formal"], expected.loc[got.index, "f"].astype(float))


def test_fragile_ties(pleven: Loaded) -> None:
    data = pleven.data
    i = data.interactions
    lo, hi = unordered(i["source"], i["target"])
    n = pd.Series(1, index=pd.MultiIndex.from_arrays([lo, hi])).groupby(level=[0, 1]).size()
    a = answers(data)
    plo, phi = unordered(a["rater"], a["ratee"])
    trust = a.assign(lo=plo, hi=phi).groupby(["lo", "hi"])["trust"].mean()
    expected = {
        pair
        for pair, count in n.items()
        if pair[0] != pair[1] and count >= 3 and pair in trust.index and trust[pair] <= 2.0
    }
    got = pleven.run("fragile_ties")
    assert set(zip(got["a"], got["b"], strict=True)) == expected
    assert len(expected) > 0
    for _, row in got.iterrows():
        assert row["interactions"] == n[(row["a"], row["b"])]
        assert row["trust"] == pytest.approx(trust[(row["a"], row["b"])])


# --- queries on written-back results ----------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(pleven: Loaded) -> Any:
    from stakeholder_graph.analysis import analyze
    from stakeholder_graph.store.neo4j import read_network, write_back

    analysis = analyze(read_network(pleven.driver, pleven.database))
    first = dt.datetime(2025, 7, 1, 8, 0, tzinfo=dt.UTC)
    write_back(pleven.driver, analysis, pleven.database, run_id="run-a", started_at=first)
    later = dt.datetime(2025, 7, 2, 8, 0, tzinfo=dt.UTC)
    write_back(pleven.driver, analysis, pleven.database, run_id="run-b", started_at=later)
    return analysis


def test_brokers_between_sectors(pleven: Loaded, analysed: Any) -> None:
    b = analysed["brokerage"].merge(analysed["centrality"][["id", "betweenness"]], on="id")
    b = b[b["total"] > 0].sort_values(
        ["total", "betweenness", "id"], ascending=[False, False, True]
    )
    got = pleven.run("brokers_between_sectors", limit=15)
    assert got["id"].tolist() == b["id"].head(15).tolist()
    assert got["brokerage"].tolist() == b["total"].head(15).tolist()
    assert (got["run_id"] == "run-b").all()
    civil = pleven.run("brokers_between_sectors", sector="civil", limit=1000)
    assert civil["id"].tolist() == b.loc[b["sector"] == "civil", "id"].tolist()


def test_potential_allies(pleven: Loaded, analysed: Any) -> None:
    allies = analysed["allies"].sort_values(["score", "rank"], ascending=[False, True])
    got = pleven.run("potential_allies", limit=10)
    assert list(zip(got["a"], got["b"], strict=True)) == list(
        zip(allies["a"].head(10), allies["b"].head(10), strict=True)
    )
    np.testing.assert_allclose(got["score"], allies["score"].head(10))
    assert got["reasons"].tolist() == allies["reasons"].head(10).tolist()
    one = pleven.run("potential_allies", id="pl-ngo-roma-1", limit=1000)
    mine = allies[(allies["a"] == "pl-ngo-roma-1") | (allies["b"] == "pl-ngo-roma-1")]
    assert len(one) == len(mine) > 0
    assert ("pl-co-stroy", "pl-ngo-roma-1") in set(zip(got["a"], got["b"], strict=True))


def test_latest_analysis_run(pleven: Loaded, analysed: Any) -> None:
    got = pleven.run("latest_analysis_run")
    assert got.loc[0, "id"] == "run-b"
    assert got.loc[0, "started_at"].startswith("2025-07-02T08:00:00")
    assert got.loc[0, "organizations"] == len(pleven.data.organizations)
    assert got.loc[0, "isolated"] == len(analysed["isolated"])
    assert pleven.run("latest_analysis_run", kind="no-such-kind").empty


def test_isolated_ngos(pleven: Loaded, analysed: Any) -> None:
    iso = analysed["isolated"]
    got = pleven.run("isolated_ngos").set_index("id")
    assert set(got.index) == set(iso["id"])
    assert set(got.index) == {
        "pl-ngo-env-1",
        "pl-ngo-roma-2",
        "pl-ngo-disab-3",
        "pl-ngo-youth-3",
        "pl-se-coop",
    }
    for _, row in iso.iterrows():
        flags = [
            f
            for f in ("no_interaction", "no_public_tie", "civil_only", "single_tie", "declining")
            if row[f]
        ]
        assert got.loc[row["id"], "flags"] == flags
        assert got.loc[row["id"], "reasons"] == row["reasons"]
        assert got.loc[row["id"], "flagged_at"].startswith("2025-07-01T08:00:00")  # first flagged
    assert pleven.run("isolated_ngos", municipality="nowhere").empty


def test_every_library_query_has_a_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [name for name, _ in library_queries() if f'.run("{name}"' not in source]
    assert untested == []


@pytest.fixture(scope="module")
def compared(pleven: Loaded) -> Any:
    """A two-period comparison (2023 vs 2024) written back, as `compare --write-back` does."""
    from stakeholder_graph.network.change import compare, parse_period
    from stakeholder_graph.store.neo4j_compare import write_comparison

    result = compare(pleven.data, parse_period("2023"), parse_period("2024"))
    write_comparison(pleven.driver, result, pleven.database, run_id="cmp-queries")
    return result


def test_comparison_movers(pleven: Loaded, compared: Any) -> None:
    orgs = compared["organizations"].set_index("id")
    got = pleven.run("comparison_movers", measure="degree", limit=5)
    assert len(got) == 5
    assert got["change"].abs().iloc[0] == pytest.approx(orgs["degree_change"].abs().max())
    assert got["change"].abs().is_monotonic_decreasing


def test_every_header_example_returns_rows(pleven: Loaded, analysed: Any, compared: Any) -> None:
    """Each example call in a query's header runs, as written, on pleven and finds rows."""
    from stakeholder_graph.store.query_library import bind_parameters, examples

    for name, _ in library_queries():
        text = resolve_query(name)
        for call in examples(text):
            values = bind_parameters(text, [f"{k}={v}" for k, v in call.items()])
            columns, rows = run_query(pleven.driver, text, values, pleven.database)
            assert rows, f"{name} {call}: no rows"


def test_metric_trajectory_and_run_provenance(pleven: Loaded, analysed: Any) -> None:
    c = analysed["centrality"].set_index("id")
    got = pleven.run("metric_trajectory", id="pl-adm-mayor")
    assert got["run"].tolist() == ["run-a", "run-b"]  # both written-back runs, oldest first
    for _, row in got.iterrows():
        assert row["degree"] == c.loc["pl-adm-mayor", "degree"]
        assert row["betweenness"] == pytest.approx(c.loc["pl-adm-mayor", "betweenness"])
        assert row["dataset"] == "pleven"  # the loaded dataset, not "neo4j"
    assert pleven.run("metric_trajectory", id="pl-adm-mayor", kind="flag-isolated").empty
    records, _, _ = pleven.driver.execute_query(
        "MATCH (r:AnalysisRun {id: 'run-b'}) RETURN r.param_seed AS seed, "
        "r.param_graph_directed AS directed, r.dataset_hash AS hash, r.load_run AS load_run, "
        "valueType(r.loaded_at) AS loaded_at, valueType(r.finished_at) AS finished_at",
        database_=pleven.database,
    )
    run = records[0]
    assert (run["seed"], run["directed"]) == (42, False)
    assert run["loaded_at"].startswith("ZONED DATETIME")
    assert run["finished_at"].startswith("ZONED DATETIME")
    from stakeholder_graph.store.neo4j_load_runs import content_hash

    assert run["hash"] == content_hash(pleven.data)  # same tables as the folder
    assert run["load_run"].startswith("load-")


def test_top_by_metric(pleven: Loaded, analysed: Any) -> None:
    c = analysed["centrality"]
    for metric, ascending in (("pagerank", False), ("constraint", True), ("degree", False)):
        ranked = c.dropna(subset=[metric]).assign(key=c[metric] * (1 if ascending else -1))
        ranked = ranked.sort_values(["key", "id"])
        got = pleven.run("top_by_metric", metric=metric, ascending=ascending, limit=7)
        assert got["id"].tolist() == ranked["id"].head(7).tolist()
        assert got["value"].tolist() == pytest.approx(ranked[metric].head(7).tolist())
    civil = pleven.run("top_by_metric", metric="pagerank", sector="civil", limit=1000)
    assert set(civil["sector"]) == {"civil"}
    assert pleven.run("top_by_metric", metric="name").empty  # not a metric: no rows


def test_interaction_trends(pleven: Loaded) -> None:
    data, sec = pleven.data, sectors(pleven.data)
    i = data.interactions.dropna(subset=["date"])
    s, t = i["source"].map(sec), i["target"].map(sec)
    frame = pd.DataFrame(
        {
            "month": i["date"].dt.to_period("M").dt.start_time.dt.date.map(str),
            "sector_a": np.where(s <= t, s, t),
            "sector_b": np.where(s <= t, t, s),
        }
    )
    expected = frame.groupby(["month", "sector_a", "sector_b"]).size()
    got = pleven.run("interaction_trends").set_index(["month", "sector_a", "sector_b"])
    assert got["interactions"].to_dict() == expected.to_dict()
    civil = pleven.run("interaction_trends", sector="civil")
    assert ((civil["sector_a"] == "civil") | (civil["sector_b"] == "civil")).all()
    assert civil["interactions"].sum() == ((s == "civil") | (t == "civil")).sum()


def test_written_back_degree_is_the_stored_partners(pleven: Loaded, analysed: Any) -> None:
    """Co-participation stored as CO_PARTICIPATED: the stored graph is the analysed one."""
    records, _, _ = pleven.driver.execute_query(
        "MATCH (o:Organization) "
        "OPTIONAL MATCH (o)-[:INTERACTED_WITH|CO_PARTICIPATED]-(p:Organization) WHERE p <> o "
        "RETURN o.id AS id, o.degree AS degree, count(DISTINCT p) AS partners",
        database_=pleven.database,
    )
    stored = {r["id"]: (r["degree"], r["partners"]) for r in records}
    c = analysed["centrality"].set_index("id")["degree"]
    assert {i: d for i, (d, _) in stored.items()} == c.to_dict()
    assert all(d == p for d, p in stored.values())
    assert sum(d != p for d, p in stored.values()) == 0 and len(stored) == 72


def test_community_members(pleven: Loaded, analysed: Any) -> None:
    c = analysed["centrality"]
    got = pleven.run("community_members")
    assert len(got) == len(c) and set(got["id"]) == set(c["id"])
    by_id = c.set_index("id")["community"]
    assert (got.set_index("id")["community"] == by_id.loc[got["id"]]).all()
    sizes = c["community"].value_counts()
    assert (got["size"] == got["community"].map(sizes)).all()
    first = int(c["community"].min())
    one = pleven.run("community_members", community=first)
    assert set(one["id"]) == set(c.loc[c["community"] == first, "id"])
    assert one["degree"].is_monotonic_decreasing


def test_community_bridges(pleven: Loaded, analysed: Any) -> None:
    from stakeholder_graph.network.graph import build_graph

    g = build_graph(pleven.data)
    community = analysed["centrality"].set_index("id")["community"]
    ids = g.ids
    e = g.edges
    ends = pd.DataFrame({"x": ids[e["u"]], "y": ids[e["v"]]})
    ends = pd.concat([ends, ends.rename(columns={"x": "y", "y": "x"})], ignore_index=True)
    ends["cx"], ends["cy"] = (
        community.loc[ends["x"]].to_numpy(),
        community.loc[ends["y"]].to_numpy(),
    )
    cross = ends[ends["cx"] != ends["cy"]]
    expected = cross.groupby(["x", "cy"])["y"].nunique()
    got = pleven.run("community_bridges", limit=10_000)
    assert len(got) == len(expected) > 0
    table = got.set_index(["id", "other_community"])["partners"]
    assert table.sort_index().to_dict() == {(x, int(c)): int(n) for (x, c), n in expected.items()}
    a, b = int(cross["cx"].iloc[0]), int(cross["cy"].iloc[0])
    pair = pleven.run("community_bridges", a=a, b=b, limit=10_000)
    assert (pair["community"] == a).all() and (pair["other_community"] == b).all()
    assert len(pair) == cross[(cross["cx"] == a) & (cross["cy"] == b)]["x"].nunique()


def test_untapped_trust(pleven: Loaded) -> None:
    p = answers(pleven.data)
    p = p[p["rater"] != p["ratee"]]
    direction = p.groupby(["rater", "ratee"])["trust"].mean().reset_index()
    lo, hi = unordered(direction["rater"], direction["ratee"])
    pairs = direction.assign(a=lo, b=hi).groupby(["a", "b"])["trust"].mean()
    i = pleven.data.interactions
    ilo, ihi = unordered(i["source"], i["target"])
    tied = set(zip(ilo, ihi, strict=True))
    expected = {k: t for k, t in pairs.items() if t >= 3.0 and k not in tied}
    got = pleven.run("untapped_trust", limit=10_000)
    assert len(expected) > 0
    assert {(r.a, r.b): r.trust for r in got.itertuples()} == pytest.approx(expected)
    strict = pleven.run("untapped_trust", min_trust=3.4, limit=10_000)
    assert len(strict) == sum(t >= 3.4 for t in expected.values()) < len(expected)


def test_find_organization(pleven: Loaded) -> None:
    green = {"pl-ngo-env-1", "pl-se-coop"}  # "Зелен Плевен", "Зелен труд"
    for text in ("zelen", "Зелен", "ZELEN", "зелен "):
        assert set(pleven.run("find_organization", text=text)["id"]) == green, text
    plev = pleven.run("find_organization", text="plev", limit=1000)
    assert "pl-ngo-env-1" in set(plev["id"])  # "Плевен", matched transliterated
    assert set(plev["id"]) == set(pleven.run("find_organization", text="Плев", limit=1000)["id"])
    assert pleven.run("find_organization", text="no such name anywhere").empty


def test_gds_projection_counts(pleven: Loaded) -> None:
    from stakeholder_graph.network.graph import build_graph

    g = build_graph(pleven.data)
    got = pleven.run("gds_projection_counts").iloc[0]
    assert (got["node_count"], got["ties"]) == (72, g.graph.ecount())
    assert got["total_weight"] == pytest.approx(float(g.edges["weight"].sum()))
    double = pleven.run("gds_projection_counts", activity_weight=2.0).iloc[0]
    shared = float(g.edges["shared_activities"].sum())
    assert double["total_weight"] == pytest.approx(got["total_weight"] + shared)
