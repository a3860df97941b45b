"""Structural facts of the bundled sample datasets, read straight from their CSV files.

These tests check that the patterns each dataset's README says are planted are really in the
data (sizes, ties, windows, survey answers), independently of the analytics that should find them.
"""

from __future__ import annotations

import filecmp
import importlib
import sys
from pathlib import Path

import pandas as pd
import pytest

from stakeholder_graph.dataset.model import SECTORS, TABLES, THEMES

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "datasets"
NAMES = ("pleven", "dk-social", "hu-town")
CIVIC = ("civil", "social_economy")
AS_OF = {"pleven": "2025-06-30", "dk-social": "2025-03-31", "hu-town": "2025-05-31"}
SIZES = {"pleven": (60, 150), "dk-social": (40, 70), "hu-town": (30, 60)}
ISOLATED = {
    "pleven": {
        "pl-ngo-env-1": "no_interaction",
        "pl-ngo-roma-2": "civil_only",
        "pl-ngo-disab-3": "single_tie",
        "pl-ngo-youth-3": "declining",
        "pl-se-coop": "no_public_tie",
    },
    "dk-social": {"dk-ngo-mad": "no_interaction", "dk-ngo-broen": "single_tie"},
    "hu-town": {"hu-ngo-hagyomany": "no_interaction"},
}
ALLIES = {
    "pleven": [
        ("pl-co-moda", "pl-ngo-dv-1", {"pl-adm-social", "pl-ngo-found", "pl-st-police"}),
        ("pl-co-stroy", "pl-ngo-roma-1", {"pl-st-labour", "pl-sch-levski", "pl-cht-izgrev"}),
        ("pl-cht-saglasie", "pl-sch-tourism", {"pl-adm-culture", "pl-co-wine"}),
    ],
    "dk-social": [
        ("dk-pr-rusklinik", "dk-ngo-nystart", {"dk-adm-sundhed", "dk-si-nordlys"}),
        ("dk-pr-ledsager", "dk-ngo-idraet", {"dk-ngo-lev"}),
    ],
    "hu-town": [
        ("hu-co-bau", "hu-ngo-jatszoter", {"hu-onk", "hu-isk-petofi", "hu-gamesz"}),
        ("hu-co-gyar", "hu-ngo-napkozi", {"hu-onk", "hu-isk-petofi"}),
        ("hu-co-bolt", "hu-ngo-kozosseg", {"hu-onk", "hu-muvhaz"}),
        ("hu-co-fa", "hu-ngo-jatszoter", {"hu-onk", "hu-gamesz"}),
    ],
}


def _read(name: str) -> dict[str, pd.DataFrame]:
    frames = {}
    for table in TABLES:
        frame = pd.read_csv(DATASETS / name / f"{table}.csv", dtype=str, keep_default_na=False)
        for column, kind in TABLES[table].items():
            if kind == "date":
                frame[column] = pd.to_datetime(frame[column].replace("", None), format="%Y-%m-%d")
            elif kind == "float":
                frame[column] = pd.to_numeric(frame[column].replace("", None))
        frames[table] = frame
    return frames


@pytest.fixture(scope="module", params=NAMES)
def dataset(request: pytest.FixtureRequest) -> tuple[str, dict[str, pd.DataFrame]]:
    return request.param, _read(request.param)


def _ties(d: dict[str, pd.DataFrame], since=None, until=None) -> pd.DataFrame:
    """Directed both ways: (a, b) for every interaction or shared activity in (since, until]."""
    inter = d["interactions"]
    keep = pd.Series(True, index=inter.index)
    if since is not None:
        keep &= (inter["date"] > since) & (inter["date"] <= until)
    pairs = [inter.loc[keep, ["source", "target"]].set_axis(["a", "b"], axis=1)]
    acts = d["activities"]
    running = pd.Series(True, index=acts.index)
    if since is not None:
        running &= (acts["end"].isna() | (acts["end"] > since)) & (acts["start"] <= until)
    part = d["participation"][d["participation"]["activity"].isin(acts.loc[running, "id"])]
    co = part.merge(part, on="activity")
    co = co[co["organization_x"] != co["organization_y"]]
    pairs.append(co[["organization_x", "organization_y"]].set_axis(["a", "b"], axis=1))
    both = pd.concat(pairs + [p.set_axis(["b", "a"], axis=1)[["a", "b"]] for p in pairs])
    return both.drop_duplicates().reset_index(drop=True)


def _flags(name: str, d: dict[str, pd.DataFrame]) -> pd.DataFrame:
    end = pd.Timestamp(AS_OF[name])
    start, before = end - pd.Timedelta(days=365), end - pd.Timedelta(days=730)
    sector = d["organizations"].set_index("id")["sector"]
    ties = _ties(d, start, end)
    ties["s"] = ties["b"].map(sector)
    inter = d["interactions"]
    ends = pd.concat(
        [
            inter[["source", "date"]].set_axis(["id", "date"], axis=1),
            inter[["target", "date"]].set_axis(["id", "date"], axis=1),
        ]
    )
    civic = sector.index[sector.isin(CIVIC)]
    f = pd.DataFrame(index=civic)
    f["ties"] = ties.groupby("a").size().reindex(civic, fill_value=0)
    f["public"] = ties[ties["s"] == "public"].groupby("a").size().reindex(civic, fill_value=0)
    f["civil"] = ties[ties["s"] == "civil"].groupby("a").size().reindex(civic, fill_value=0)
    now = ends[(ends["date"] > start) & (ends["date"] <= end)]
    prev = ends[(ends["date"] > before) & (ends["date"] <= start)]
    f["now"] = now.groupby("id").size().reindex(civic, fill_value=0)
    f["prev"] = prev.groupby("id").size().reindex(civic, fill_value=0)
    f["no_interaction"] = f["now"] == 0
    f["no_public_tie"] = f["public"] == 0
    f["civil_only"] = (f["ties"] > 0) & (f["civil"] == f["ties"])
    f["single_tie"] = f["ties"] == 1
    f["declining"] = (f["prev"] > 0) & (f["now"] <= 0.5 * f["prev"])
    return f


def _trust(d: dict[str, pd.DataFrame]) -> pd.DataFrame:
    p = d["perceptions"].copy()
    p["trust"] = p[["reliability", "mission_support", "openness"]].mean(axis=1)
    sector = d["organizations"].set_index("id")["sector"]
    p["rs"], p["es"] = p["rater"].map(sector), p["ratee"].map(sector)
    return p


# ---------------------------------------------------------------------------- format and size
def test_files_have_exactly_the_contract_columns_utf8_without_bom(dataset) -> None:
    name, _ = dataset
    for table, columns in TABLES.items():
        raw = (DATASETS / name / f"{table}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        header = raw.decode("utf-8").split("\n", 1)[0]
        assert header.split(",") == list(columns)
    assert (DATASETS / name / "README.md").is_file()


def test_sizes_ids_references_and_scores(dataset) -> None:
    name, d = dataset
    orgs, inter = d["organizations"], d["interactions"]
    lo, hi = SIZES[name]
    assert lo <= len(orgs) <= hi
    assert orgs["id"].is_unique and inter["id"].is_unique and d["activities"]["id"].is_unique
    assert set(orgs["sector"]) == set(SECTORS)
    ids = set(orgs["id"])
    assert set(inter["source"]) | set(inter["target"]) <= ids
    assert (inter["source"] != inter["target"]).all()
    assert set(d["participation"]["organization"]) <= ids
    assert set(d["participation"]["activity"]) <= set(d["activities"]["id"])
    p = d["perceptions"]
    assert set(p["rater"]) | set(p["ratee"]) <= ids and (p["rater"] != p["ratee"]).all()
    scores = p[["reliability", "mission_support", "openness"]].to_numpy()
    assert ((scores >= 1) & (scores <= 4)).all()
    themes = orgs["themes"].str.split(";").explode()
    assert set(themes) <= set(THEMES)


def test_interactions_span_years_mostly_in_implementation(dataset) -> None:
    name, d = dataset
    inter = d["interactions"]
    assert inter["date"].max() == pd.Timestamp(AS_OF[name])
    assert inter["date"].max() - inter["date"].min() >= pd.Timedelta(days=3 * 365 - 30)
    stages = inter["stage"].value_counts(normalize=True)
    assert stages["implementation"] > 0.6 and stages["planning"] < 0.15


# ---------------------------------------------------------------------------- isolated NGOs
def test_planted_isolated_organizations_and_no_others(dataset) -> None:
    name, d = dataset
    f = _flags(name, d)
    cols = ["no_interaction", "no_public_tie", "civil_only", "single_tie", "declining"]
    assert set(f.index[f[cols].any(axis=1)]) == set(ISOLATED[name])
    for org, flag in ISOLATED[name].items():
        assert f.loc[org, flag], (org, flag)


def test_pleven_isolated_kinds_differ() -> None:
    d = _read("pleven")
    f = _flags("pleven", d)
    assert f.loc["pl-ngo-env-1", "now"] == 0 and f.loc["pl-ngo-env-1", "prev"] > 0
    roma2 = f.loc["pl-ngo-roma-2"]
    assert roma2["ties"] >= 2 and roma2["public"] == 0 and roma2["civil_only"]
    assert f.loc["pl-ngo-disab-3", "ties"] == 1 and f.loc["pl-ngo-disab-3", "public"] == 1
    youth3 = f.loc["pl-ngo-youth-3"]
    assert youth3["ties"] >= 2 and youth3["public"] >= 1 and youth3["now"] <= 0.5 * youth3["prev"]
    coop = f.loc["pl-se-coop"]
    assert coop["ties"] >= 2 and coop["public"] == 0 and not coop["civil_only"]
    # ever, not only in the window: roma-2 never met a public body, the coop only companies
    sector = d["organizations"].set_index("id")["sector"]
    ever = _ties(d)
    assert set(ever.loc[ever["a"] == "pl-ngo-roma-2", "b"].map(sector)) == {"civil"}
    assert set(ever.loc[ever["a"] == "pl-se-coop", "b"].map(sector)) == {"private"}
    assert set(ever.loc[ever["a"] == "pl-ngo-disab-3", "b"]) == {"pl-adm-social"}


# ---------------------------------------------------------------------------- potential allies
def test_planted_allies_are_unconnected_share_themes_and_partners(dataset) -> None:
    name, d = dataset
    orgs = d["organizations"].set_index("id")
    ever = _ties(d)
    tied = set(zip(ever["a"], ever["b"], strict=True))
    partners = ever.groupby("a")["b"].agg(set)
    acts = d["participation"].groupby("organization")["activity"].agg(set)
    for a, b, shared in ALLIES[name]:
        assert (a, b) not in tied and (b, a) not in tied
        assert not (acts.get(a, set()) & acts.get(b, set()))
        inter = d["interactions"]
        assert not (
            ((inter["source"] == a) & (inter["target"] == b))
            | ((inter["source"] == b) & (inter["target"] == a))
        ).any()
        assert orgs.loc[a, "sector"] != orgs.loc[b, "sector"]
        assert orgs.loc[a, "municipality"] == orgs.loc[b, "municipality"]
        assert set(orgs.loc[a, "themes"].split(";")) & set(orgs.loc[b, "themes"].split(";"))
        assert shared <= partners[a] & partners[b]


def test_hu_companies_and_cause_ngos_never_tied_but_the_municipality_is() -> None:
    d = _read("hu-town")
    orgs = d["organizations"].set_index("id")
    causes = {"playgrounds", "community_spaces", "holiday_childcare"}
    holders = orgs[orgs["themes"].str.split(";").map(lambda t: bool(set(t) & causes))]
    assert set(holders["sector"]) == {"private", "civil"}
    companies = set(holders.index[holders["sector"] == "private"])
    ngos = set(holders.index[holders["sector"] == "civil"])
    assert len(companies) >= 3 and len(ngos) >= 3
    ever = _ties(d)
    assert not ((ever["a"].isin(companies)) & (ever["b"].isin(ngos))).any()
    assert companies | ngos <= set(ever.loc[ever["a"] == "hu-onk", "b"])


# ---------------------------------------------------------------------------- trust, initiative
def test_sector_trust_asymmetry_public_to_civil_exceeds_reverse(dataset) -> None:
    _, d = dataset
    p = _trust(d)
    pub_civ = p[(p["rs"] == "public") & (p["es"] == "civil")]["trust"].mean()
    civ_pub = p[(p["rs"] == "civil") & (p["es"] == "public")]["trust"].mean()
    assert pub_civ - civ_pub >= 1.0


@pytest.mark.parametrize(
    ("name", "fragile", "untapped"),
    [
        (
            "pleven",
            [("pl-ngo-homecare-1", "pl-adm-social"), ("pl-ngo-roma-1", "pl-adm-social")],
            [("pl-ngo-youth-2", "pl-sch-lang"), ("pl-cht-botev", "pl-ngo-disab-2")],
        ),
        ("dk-social", [("dk-si-havnely", "dk-adm-social")], []),
    ],
)
def test_fragile_ties_and_untapped_trust(name, fragile, untapped) -> None:
    d = _read(name)
    trust = _trust(d).set_index(["rater", "ratee"])["trust"]
    inter = d["interactions"]
    ever = _ties(d)
    tied = set(zip(ever["a"], ever["b"], strict=True))
    for a, b in fragile:
        n = (
            ((inter["source"] == a) & (inter["target"] == b))
            | ((inter["source"] == b) & (inter["target"] == a))
        ).sum()
        assert n >= 3 and trust[(a, b)] <= 2 and trust[(b, a)] <= 2
    for a, b in untapped:
        assert (a, b) not in tied and trust[(a, b)] >= 3 and trust[(b, a)] >= 3
    pairs = set(trust.index)
    assert any((b, a) not in pairs for a, b in pairs), "some ratings are unreciprocated"


def _initiating_sector(d: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series, pd.Series]:
    sector = d["organizations"].set_index("id")["sector"]
    inter = d["interactions"]
    s, t = inter["source"].map(sector), inter["target"].map(sector)
    who = s.where(inter["initiator"] == "source", t.where(inter["initiator"] == "target", "joint"))
    return s, t, who


@pytest.mark.parametrize("name", ["pleven", "hu-town"])
def test_civil_side_takes_the_initiative_with_public_bodies(name) -> None:
    d = _read(name)
    s, t, who = _initiating_sector(d)
    mixed = (s.isin(CIVIC) & (t == "public")) | (t.isin(CIVIC) & (s == "public"))
    assert who[mixed].isin(CIVIC).mean() >= 0.8


def test_dk_municipality_initiates_operating_agreements_and_one_opp_one_opi() -> None:
    d = _read("dk-social")
    s, t, who = _initiating_sector(d)
    inter = d["interactions"]
    oa = inter["type"] == "operating_agreement"
    assert oa.sum() >= 50 and (who[oa] == "public").mean() >= 0.8
    assert (inter.loc[oa, "formal"] == "true").all()
    assert set(inter.loc[oa, "target"].str[:6]) == {"dk-si-"}
    ppp = inter[inter["type"] == "ppp"]
    opi = inter[inter["type"] == "innovation_partnership"]
    assert {frozenset(x) for x in zip(ppp["source"], ppp["target"], strict=True)} == {
        frozenset({"dk-adm-social", "dk-pr-fjordhuse"})
    }
    assert {frozenset(x) for x in zip(opi["source"], opi["target"], strict=True)} == {
        frozenset({"dk-adm-handicap", "dk-pr-velfaerd"})
    }
    # the market: the municipality buys places from private providers
    bought = (inter["type"] == "service_purchase") & (s == "public")
    assert bought.sum() >= 50 and (t[bought] == "private").all()


# ---------------------------------------------------------------------------- regeneration
def test_script_regenerates_the_committed_files(tmp_path: Path) -> None:
    scripts = str(REPO / "scripts")
    sys.path.insert(0, scripts)
    try:
        make = importlib.import_module("make_sample_datasets")
        from stakeholder_graph.dataset.writer import write_dataset

        for name, builder in make.BUILDERS.items():
            net, _ = builder()
            write_dataset(net.build(), tmp_path / name)
            for table in TABLES:
                assert filecmp.cmp(
                    tmp_path / name / f"{table}.csv",
                    DATASETS / name / f"{table}.csv",
                    shallow=False,
                ), (name, table)
    finally:
        sys.path.remove(scripts)
