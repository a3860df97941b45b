"""The synthetic network generator and the ``generate`` command."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.cli import main
from stakeholder_graph.dataset.generate import generate_dataset, generate_network
from stakeholder_graph.dataset.generate_params import CLOSURE_SHARE, SECTOR_SHARES
from stakeholder_graph.dataset.model import (
    INITIATORS,
    INTERACTION_TYPES,
    ROLES,
    SECTORS,
    STAGES,
    TABLES,
    THEMES,
    coerce_table,
)
from stakeholder_graph.dataset.reader import read_dataset


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }


@pytest.fixture(scope="module")
def network():
    return generate_network(3000, seed=11)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    generate_dataset(400, 5, tmp_path / "a")
    generate_dataset(400, 5, tmp_path / "b")
    generate_dataset(400, 6, tmp_path / "c")
    a, b, c = (_digests(tmp_path / x) for x in "abc")
    assert set(a) == {f"{t}.csv" for t in TABLES}
    assert a == b
    assert a["interactions.csv"] != c["interactions.csv"]
    assert a["organizations.csv"] != c["organizations.csv"]


def test_written_dataset_passes_the_validator_and_round_trips(tmp_path: Path) -> None:
    written = generate_dataset(800, 3, tmp_path / "g", interactions_per_org=6.0)
    read = read_dataset(tmp_path / "g")
    assert read.equals(written)
    assert len(read.organizations) == 800


def test_sizes_follow_the_parameters(network) -> None:
    assert len(network.organizations) == 3000
    m = len(network.interactions)
    # the draws (only self-loops are dropped) plus up to CLOSURE_SHARE more closing triangles
    assert 0.9 * 3000 * 10 <= m <= 3000 * 10 * (1 + CLOSURE_SHARE)
    small = generate_network(3000, seed=11, interactions_per_org=2.0)
    assert 0.9 * 6000 <= len(small.interactions) <= 6000 * (1 + CLOSURE_SHARE)


def test_tables_have_contract_dtypes(network) -> None:
    for table, frame in network.tables().items():
        assert list(frame.columns) == list(TABLES[table])
        assert coerce_table(table, frame).equals(frame), table


def test_references_vocabularies_and_scores_are_valid(network) -> None:
    orgs, inter = network.organizations, network.interactions
    ids = set(orgs["id"])
    assert orgs["id"].is_unique and inter["id"].is_unique
    assert network.activities["id"].is_unique
    assert set(inter["source"]) | set(inter["target"]) <= ids
    assert (inter["source"] != inter["target"]).all()
    assert set(inter["type"]) <= set(INTERACTION_TYPES)
    assert set(inter["initiator"]) <= set(INITIATORS) and set(inter["stage"]) <= set(STAGES)
    assert (inter["end_date"].isna() | (inter["end_date"] >= inter["date"])).all()
    part = network.participation
    assert set(part["organization"]) <= ids
    assert set(part["activity"]) <= set(network.activities["id"])
    assert not part.duplicated(["activity", "organization"]).any()
    assert set(part["role"]) <= set(ROLES)
    p = network.perceptions
    assert set(p["rater"]) | set(p["ratee"]) <= ids and (p["rater"] != p["ratee"]).all()
    assert not p.duplicated(["rater", "ratee"]).any()
    scores = p[["reliability", "mission_support", "openness"]].to_numpy()
    assert ((scores >= 1) & (scores <= 4) & (scores == np.round(scores))).all()
    themes = network.organization_themes()["theme"]
    assert set(themes) <= set(THEMES)


def test_sector_proportions(network) -> None:
    shares = network.organizations["sector"].value_counts(normalize=True)
    for sector, expected in zip(SECTORS, SECTOR_SHARES, strict=True):
        assert abs(shares[sector] - expected) < 0.005


def test_heavy_tailed_degrees_and_isolates(network) -> None:
    inter, orgs = network.interactions, network.organizations
    degree = (
        pd.concat([inter["source"], inter["target"]])
        .value_counts()
        .reindex(orgs["id"], fill_value=0)
    )
    assert degree.max() >= 20 * degree.median()
    isolated = degree[degree == 0].index
    assert 0.01 * len(orgs) <= len(isolated) <= 0.06 * len(orgs)
    sector = orgs.set_index("id")["sector"]
    assert (sector[isolated] != "public").all()
    assert not network.participation["organization"].isin(isolated).any()


def test_theme_popularity_is_skewed(network) -> None:
    counts = network.organization_themes()["theme"].value_counts()
    assert counts.iloc[0] >= 5 * counts.iloc[-1]


def test_ties_mostly_local_and_over_four_years(network) -> None:
    inter = network.interactions
    mun = network.organizations.set_index("id")["municipality"]
    local = (inter["source"].map(mun) == inter["target"].map(mun)).mean()
    assert 0.75 <= local <= 0.95
    span = inter["date"].max() - inter["date"].min()
    assert span >= pd.Timedelta(days=4 * 365 - 5)
    assert network.organizations["municipality"].nunique() == 15  # 3000 / 200


def test_civil_initiative_and_trust_asymmetry(network) -> None:
    sector = network.organizations.set_index("id")["sector"]
    inter = network.interactions
    s, t = inter["source"].map(sector), inter["target"].map(sector)
    civic_public = s.isin(["civil", "social_economy"]) & (t == "public")
    assert civic_public.sum() > 1000
    assert (inter.loc[civic_public, "initiator"] == "source").mean() >= 0.75
    assert (s.eq("public") & t.isin(["civil", "social_economy"])).sum() == 0
    stages = inter["stage"].value_counts(normalize=True)
    assert stages["implementation"] > 0.6 and stages["planning"] < 0.2
    p = network.perceptions.copy()
    p["trust"] = p[["reliability", "mission_support", "openness"]].mean(axis=1)
    rs, es = p["rater"].map(sector), p["ratee"].map(sector)
    pub_civ = p.loc[(rs == "public") & (es == "civil"), "trust"].mean()
    civ_pub = p.loc[(rs == "civil") & (es == "public"), "trust"].mean()
    assert pub_civ - civ_pub >= 0.7
    pairs = set(zip(p["rater"], p["ratee"], strict=True))
    one_way = sum((b, a) not in pairs for a, b in pairs)
    assert 0.1 * len(pairs) <= one_way <= 0.6 * len(pairs)


def test_councils_and_projects_have_participants(network) -> None:
    acts, part = network.activities, network.participation
    kinds = set(acts["kind"])
    assert {"council", "project", "hearing"} <= kinds
    size = part.groupby("activity").size().reindex(acts["id"], fill_value=0)
    assert (size >= 1).all() and size.median() >= 3


def test_cli_generate_writes_a_dataset(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cli"
    with pytest.raises(SystemExit) as done:
        main(["generate", "--orgs", "300", "--seed", "2", "--out", str(out)])
    assert done.value.code == 0
    assert "300 organizations" in capsys.readouterr().out
    generate_dataset(300, 2, tmp_path / "lib")
    assert _digests(out) == _digests(tmp_path / "lib")


def test_cli_generate_rejects_too_few_organizations(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["generate", "--orgs", "1", "--out", str(tmp_path / "x")])
    assert done.value.code == 2
    assert "--orgs" in capsys.readouterr().err


def test_new_ties_form_for_a_reason(network) -> None:
    """Ties new in the last year share a main theme or a partner far more often than chance."""
    from stakeholder_graph.network.backtest import backtest_allies
    from stakeholder_graph.network.change import parse_period

    result = backtest_allies(
        network, parse_period(":2024-06-30"), parse_period("2024-07-01:"), ks=(100,)
    )
    auc = result["scores"].set_index("method")["auc"]
    assert auc["random"] == pytest.approx(0.5, abs=0.03)
    assert auc["adamic_adar"] > 0.75 and auc["allies"] > 0.7
    new = result["summary"]["new_ties"]
    assert new > 1000
