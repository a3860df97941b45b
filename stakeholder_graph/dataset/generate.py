"""Synthetic cooperation networks of any size, with the structure the field studies describe.

:func:`generate_network` builds a :class:`NetworkData` in memory; :func:`generate_dataset` also
writes it as a dataset folder (format v1). The same ``(n_orgs, seed, interactions_per_org)``
always gives the same network and the same bytes on disk.

What the network looks like (the numbers live in
:mod:`stakeholder_graph.dataset.generate_params`):

* **Sectors** in fixed shares (``SECTOR_SHARES``: public 10 %, private 35 %, civil 45 %,
  social economy 10 %), each with its organization types (administrations, schools, companies,
  NGOs, community centres, cooperatives, ...).
* **Municipalities**, about one per 200 organizations, with Zipf-distributed sizes; the first
  public body of each is its administration.
* **Themes** from :data:`~stakeholder_graph.dataset.model.THEMES` with Zipf popularity, one to
  three per organization.
* **Interactions**: ``round(n_orgs * interactions_per_org)`` draws, endpoints chosen with
  probability proportional to a Pareto activity weight (a heavy-tailed degree distribution:
  a few hubs, many organizations with a handful of ties), the partner's sector from a
  sector-mixing matrix and, with probability ``LOCAL_SHARE`` (0.85), from the same
  municipality. About 3 % of non-public organizations have weight 0 (isolates) and 6 % of civil
  ones fade out (their interactions all fall in the first 60 % of the period). Self-loops are
  dropped. Civil and social-economy organizations are the source of their ties with public
  bodies and initiate most of them ("the initiative is always ours"); most interactions are in
  implementation, few in planning. Dates span the four years ending ``PERIOD_END``
  (2025-06-30).
* **Activities**: per municipality, a public council for cooperation with NGOs, thematic
  councils, yearly budget hearings, a business forum, civil networks and joint projects, with
  participants drawn by the same activity weights.
* **Survey**: a quarter of the interacting pairs answer the partner survey (some one-way only),
  plus a few pairs with no interaction ("untapped trust"); scores 1–4 around a sector × sector
  trust matrix (``BASE_TRUST``) in which public bodies rate civil organizations about one
  point higher than the reverse.

Everything is vectorised with numpy: the only Python loops run over tables and the fixed
vocabularies, never over organizations or interactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.generate_params import (
    ACTIVITY_SPECS,
    BASE_TRUST,
    CLOSURE_DELAY_DAYS,
    CLOSURE_SHARE,
    COUNTRIES,
    FADING_SHARE,
    FORMAL_TYPES,
    ISOLATE_SHARE,
    LASTING_TYPES,
    LOCAL_SHARE,
    NAME_SYLLABLES_A,
    NAME_SYLLABLES_B,
    PAIR_TYPES,
    PARETO_SHAPE,
    PERIOD_DAYS,
    PERIOD_END,
    PERIOD_START,
    SECTOR_ACTIVITY,
    SECTOR_MIXING,
    SECTOR_SHARES,
    SECTOR_TYPES,
    THEME_TIE_SHARE,
)
from stakeholder_graph.dataset.model import (
    INITIATORS,
    INTERACTION_TYPES,
    SECTORS,
    STAGES,
    THEMES,
    NetworkData,
)
from stakeholder_graph.dataset.sampling import (
    categorical,
    pick_in_blocks,
    pick_themes,
    zipf_weights,
)
from stakeholder_graph.dataset.writer import write_dataset


@dataclass(frozen=True)
class _Population:
    """Per-organization arrays the later tables are drawn from (index = row of organizations)."""

    sector: np.ndarray  # index into SECTORS
    mun: np.ndarray  # municipality index
    n_mun: int
    anchor: np.ndarray  # per municipality: the administration's row, or -1
    weight: np.ndarray  # Pareto activity weight (0 = isolate)
    fading: np.ndarray  # activity stops after 60 % of the period
    ids: np.ndarray
    mun_names: np.ndarray
    theme_popularity: np.ndarray
    theme: np.ndarray  # index of the main (first) theme in THEMES


def _dates(offsets: np.ndarray) -> np.ndarray:
    return (PERIOD_START + offsets.astype("timedelta64[D]")).astype("datetime64[ns]")


def _organizations(rng: np.random.Generator, n: int) -> tuple[pd.DataFrame, _Population]:
    popularity = zipf_weights(len(THEMES), 1.1)[rng.permutation(len(THEMES))]
    counts = np.floor(np.asarray(SECTOR_SHARES) * n).astype(int)
    counts[2] += n - counts.sum()
    sector = rng.permutation(np.repeat(np.arange(4), counts))
    n_mun = max(1, round(n / 200))
    mun = rng.choice(n_mun, size=n, p=zipf_weights(n_mun))
    # every municipality gets an administration: the first public bodies go one per municipality
    public = np.flatnonzero(sector == 0)
    anchors = public[: min(n_mun, len(public))]
    mun[anchors] = np.arange(len(anchors))
    org_type = np.empty(n, dtype=object)
    label = np.empty(n, dtype=object)
    for code, name in enumerate(SECTORS):
        members = np.flatnonzero(sector == code)
        types = SECTOR_TYPES[name]
        pick = rng.choice(len(types), size=len(members), p=[t[1] for t in types])
        org_type[members] = np.asarray([t[0] for t in types], dtype=object)[pick]
        label[members] = np.asarray([t[2] for t in types], dtype=object)[pick]
    org_type[anchors] = "administration"
    mun_names = np.asarray(
        [
            NAME_SYLLABLES_A[k % 12]
            + NAME_SYLLABLES_B[(k // 12) % 10]
            + (f" {k // 120 + 1}" if k >= 120 else "")
            for k in range(n_mun)
        ],
        dtype=object,
    )
    mun_country = np.asarray(COUNTRIES, dtype=object)[rng.integers(0, 3, n_mun)]
    number = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(6).to_numpy(dtype=object)
    prefix = np.asarray(["pub", "pri", "civ", "soc"], dtype=object)[sector]
    ids = prefix + "-" + number
    names = label + " " + number + " " + mun_names[mun]
    names[anchors] = "Municipality of " + mun_names[mun[anchors]]
    founded = np.where(sector == 0, rng.integers(1880, 2000, n), rng.integers(1950, 2024, n))
    staff = np.round(rng.lognormal(np.array([4.0, 2.5, 1.2, 2.0])[sector], 1.0)).astype(np.int64)
    staff_known = rng.random(n) < 0.8
    frame = pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "name": pd.Series(names, dtype=object),
            "sector": pd.Series(np.asarray(SECTORS, dtype=object)[sector], dtype=object),
            "type": pd.Series(org_type, dtype=object),
            "municipality": pd.Series(mun_names[mun], dtype=object),
            "country": pd.Series(mun_country[mun], dtype=object),
            "themes": pd.Series(pick_themes(rng, n, 3, THEMES, popularity), dtype=object),
            "founded": pd.array(founded, dtype="Int64"),
            "staff": pd.array(np.where(staff_known, staff, 0), dtype="Int64"),
        }
    )
    frame.loc[~staff_known, "staff"] = pd.NA
    weight = (rng.pareto(PARETO_SHAPE, n) + 1.0) * SECTOR_ACTIVITY[sector]
    isolate = (sector != 0) & (rng.random(n) < ISOLATE_SHARE)
    isolate[anchors] = False
    weight[isolate] = 0.0
    if not weight.any():  # a tiny network drew only isolates: keep one active organization
        weight[0] = 1.0
    fading = (sector >= 2) & ~isolate & (rng.random(n) < FADING_SHARE)
    population = _Population(
        sector=sector,
        mun=mun,
        n_mun=n_mun,
        anchor=np.r_[anchors, np.full(n_mun - len(anchors), -1)].astype(np.int64),
        weight=weight,
        fading=fading,
        ids=ids,
        mun_names=mun_names,
        theme_popularity=popularity,
        theme=pd.Index(THEMES).get_indexer(frame["themes"].str.split(";").str[0]).astype(np.int64),
    )
    return frame, population


def _pair_type_table() -> np.ndarray:
    """16 × len(INTERACTION_TYPES) type probabilities per ordered sector pair."""
    table = np.zeros((16, len(INTERACTION_TYPES)))
    for a, sa in enumerate(SECTORS):
        for b, sb in enumerate(SECTORS):
            shares = PAIR_TYPES.get((sa, sb)) or PAIR_TYPES[(sb, sa)]
            for t, p in shares.items():
                table[a * 4 + b, INTERACTION_TYPES.index(t)] = p
    return table / table.sum(axis=1, keepdims=True)


def _close_triangles(
    rng: np.random.Generator,
    n: int,
    src: np.ndarray,
    tgt: np.ndarray,
    offsets: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Append ``count`` draws of triadic closure: for a random tie x–y and a random other tie
    y–z of y, a tie x–z dated after both (kept when inside the period and z ≠ x)."""
    if count <= 0 or len(src) == 0:
        return src, tgt, offsets
    ends = np.r_[src, tgt]
    other = np.r_[tgt, src]
    when = np.r_[offsets, offsets]
    order = np.argsort(ends, kind="stable")
    ends, other, when = ends[order], other[order], when[order]
    start = np.searchsorted(ends, np.arange(n + 1))
    first = rng.integers(0, len(ends), count)
    x, y, d1 = other[first], ends[first], when[first]
    size = start[y + 1] - start[y]
    second = start[y] + np.floor(rng.random(count) * size).astype(np.int64)
    z, d2 = other[second], when[second]
    date = np.maximum(d1, d2) + rng.integers(*CLOSURE_DELAY_DAYS, count)
    keep = (z != x) & (date < PERIOD_DAYS)
    return np.r_[src, x[keep]], np.r_[tgt, z[keep]], np.r_[offsets, date[keep]]


def _interactions(rng: np.random.Generator, org: _Population, m: int) -> pd.DataFrame:
    sector, mun, weight = org.sector, org.mun, org.weight
    n, n_mun = len(sector), org.n_mun
    closing = round(m * CLOSURE_SHARE)  # added rows that close triangles
    src = rng.choice(n, size=m, p=weight / weight.sum())
    tsec = categorical(rng, SECTOR_MIXING, sector[src])
    local = rng.random(m) < LOCAL_SHARE
    u = rng.random(m)
    tgt = pick_in_blocks(u, mun[src] * 4 + tsec, mun * 4 + sector, weight, n_mun * 4)
    far = pick_in_blocks(u, tsec, sector, weight, 4)
    tgt = np.where(local & (tgt >= 0), tgt, far)
    fallback = pick_in_blocks(u, mun[src], mun, weight, n_mun)
    tgt = np.where(tgt >= 0, tgt, fallback)
    # ties for a reason: some partners share the source's main theme in its municipality
    n_themes = len(THEMES)
    themed = rng.random(m) < THEME_TIE_SHARE
    block = mun * n_themes + org.theme
    same_theme = pick_in_blocks(rng.random(m), block[src], block, weight, n_mun * n_themes)
    tgt = np.where(themed & (same_theme >= 0) & (same_theme != src), same_theme, tgt)
    keep = (tgt >= 0) & (tgt != src)
    src, tgt = src[keep], tgt[keep]
    offsets = rng.integers(0, PERIOD_DAYS, len(src))
    fades = org.fading[src] | org.fading[tgt]
    offsets = np.where(fades, (offsets * 0.6).astype(np.int64), offsets)
    src, tgt, offsets = _close_triangles(rng, n, src, tgt, offsets, closing)
    m = len(src)
    # civil and social-economy organizations are the source of their ties with public bodies,
    # companies the source of theirs with civil society (sponsors)
    s_sec, t_sec = sector[src], sector[tgt]
    flip = ((s_sec == 0) & (t_sec >= 2)) | ((s_sec == 2) & (t_sec == 1))
    src, tgt = np.where(flip, tgt, src), np.where(flip, src, tgt)
    s_sec, t_sec = sector[src], sector[tgt]
    kind = categorical(rng, _pair_type_table(), s_sec * 4 + t_sec)
    types = np.asarray(INTERACTION_TYPES, dtype=object)[kind]
    civic_to_public = (s_sec >= 2) & (t_sec == 0)
    init_probs = np.array([[0.65, 0.15, 0.20], [0.82, 0.10, 0.08], [0.75, 0.10, 0.15]])
    init_row = np.where(civic_to_public, 1, np.where(s_sec == 0, 2, 0))
    initiator = np.asarray(INITIATORS, dtype=object)[categorical(rng, init_probs, init_row)]
    deliberative = np.isin(types, ["consultative_council", "public_hearing"])
    stage_probs = np.array([[0.12, 0.72, 0.16], [0.45, 0.40, 0.15]])
    stage = np.asarray(STAGES, dtype=object)[categorical(rng, stage_probs, deliberative * 1)]
    formal_type = np.isin(types, list(FORMAL_TYPES))
    formal = rng.random(m) < np.where(formal_type, 0.9, 0.1)
    lasting = np.isin(types, list(LASTING_TYPES))
    duration = rng.integers(30, 541, m)
    dates = _dates(offsets)
    end = np.where(lasting, dates + duration.astype("timedelta64[D]"), np.datetime64("NaT"))
    weight_col = np.minimum(1 + rng.poisson(0.4, m), 5).astype(float)
    order = np.lexsort((tgt, src, offsets))
    ids = "i" + pd.Series(np.arange(1, m + 1)).astype(str).str.zfill(8).to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "source": pd.Series(org.ids[src[order]], dtype=object),
            "target": pd.Series(org.ids[tgt[order]], dtype=object),
            "type": pd.Series(types[order], dtype=object),
            "date": pd.Series(dates[order], dtype="datetime64[ns]"),
            "end_date": pd.Series(end[order].astype("datetime64[ns]"), dtype="datetime64[ns]"),
            "initiator": pd.Series(initiator[order], dtype=object),
            "stage": pd.Series(stage[order], dtype=object),
            "weight": weight_col[order],
            "formal": pd.array(formal[order], dtype="boolean"),
        }
    )


def _activities(rng: np.random.Generator, org: _Population) -> tuple[pd.DataFrame, pd.DataFrame]:
    sector, mun, weight = org.sector, org.mun, org.weight
    n_mun = org.n_mun
    size = np.bincount(mun, minlength=n_mun)
    per_mun = np.stack(
        [
            np.ones(n_mun, dtype=np.int64),  # the public council for cooperation with NGOs
            1 + size // 150,  # thematic councils
            np.full(n_mun, 4),  # one budget hearing a year
            np.ones(n_mun, dtype=np.int64),  # business forum
            size // 300,  # civil networks
            1 + size // 25,  # joint projects
        ]
    )
    kind_idx = np.repeat(np.tile(np.arange(6), n_mun), per_mun.T.ravel())
    act_mun = np.repeat(np.repeat(np.arange(n_mun), 6), per_mun.T.ravel())
    a = len(kind_idx)
    kinds = np.asarray([k[0] for k in ACTIVITY_SPECS], dtype=object)[kind_idx]
    theme = pick_themes(rng, a, 2, THEMES, org.theme_popularity)
    first_theme = pd.Series(theme).str.split(";").str[0].str.replace("_", " ").to_numpy(object)
    start_off = rng.integers(0, PERIOD_DAYS - 180, a)
    start_off = np.where(np.isin(kind_idx, [0, 1, 4]), rng.integers(0, 365, a), start_off)
    hearing_no = pd.Series(act_mun).groupby(kind_idx * n_mun + act_mun).cumcount().to_numpy()
    start_off = np.where(
        kind_idx == 2, np.minimum(hearing_no * 365 + 40, PERIOD_DAYS - 1), start_off
    )
    length = np.select(
        [np.isin(kind_idx, [2, 3]), kind_idx == 5],
        [np.zeros(a, dtype=np.int64), rng.integers(180, 721, a)],
        np.where(rng.random(a) < 0.6, -1, PERIOD_DAYS - 1 - start_off),
    )
    start = _dates(start_off)
    end = np.where(
        length >= 0, start + np.maximum(length, 0).astype("timedelta64[D]"), np.datetime64("NaT")
    )
    year = pd.Series(start).dt.year.astype(str).to_numpy(object)
    prefix = np.asarray([k[1] for k in ACTIVITY_SPECS], dtype=object)[kind_idx]
    suffix = np.select(
        [np.isin(kind_idx, [1, 4, 5]), kind_idx == 2], [" " + first_theme, " " + year], ""
    )
    ids = "a" + pd.Series(np.arange(1, a + 1)).astype(str).str.zfill(6).to_numpy(dtype=object)
    activities = pd.DataFrame(
        {
            "id": pd.Series(ids, dtype=object),
            "name": pd.Series(
                prefix + suffix.astype(object) + " (" + org.mun_names[act_mun] + ")",
                dtype=object,
            ),
            "kind": pd.Series(kinds, dtype=object),
            "themes": pd.Series(theme, dtype=object),
            "start": pd.Series(start, dtype="datetime64[ns]"),
            "end": pd.Series(end.astype("datetime64[ns]"), dtype="datetime64[ns]"),
            "municipality": pd.Series(org.mun_names[act_mun], dtype=object),
        }
    )
    lo = np.asarray([k[2][0] for k in ACTIVITY_SPECS])[kind_idx]
    hi = np.asarray([k[2][1] for k in ACTIVITY_SPECS])[kind_idx]
    n_members = rng.integers(lo, hi + 1)
    row_act = np.repeat(np.arange(a), n_members)
    shares = np.asarray([k[3] for k in ACTIVITY_SPECS])
    psec = categorical(rng, shares, kind_idx[row_act])
    u = rng.random(len(row_act))
    member = pick_in_blocks(u, act_mun[row_act] * 4 + psec, mun * 4 + sector, weight, n_mun * 4)
    member = np.where(member >= 0, member, pick_in_blocks(u, act_mun[row_act], mun, weight, n_mun))
    # councils, hearings and forums are chaired by the municipality's administration
    chaired = np.isin(kind_idx, [0, 1, 2, 3]) & (org.anchor[act_mun] >= 0)
    first = np.r_[True, row_act[1:] != row_act[:-1]]
    member = np.where(first & chaired[row_act], org.anchor[act_mun[row_act]], member)
    role = np.where(kind_idx[row_act] == 5, "partner", "member").astype(object)
    role[(kind_idx[row_act] == 2) & (rng.random(len(row_act)) < 0.2)] = "observer"
    role[first] = np.where(kind_idx[row_act[first]] == 5, "lead", "chair")
    part = pd.DataFrame({"act": row_act, "org": member, "role": role})
    part = part[part["org"] >= 0].drop_duplicates(["act", "org"], keep="first")
    participation = pd.DataFrame(
        {
            "activity": pd.Series(ids[part["act"].to_numpy()], dtype=object),
            "organization": pd.Series(org.ids[part["org"].to_numpy()], dtype=object),
            "role": pd.Series(part["role"].to_numpy(dtype=object), dtype=object),
        }
    )
    return activities, participation


def _perceptions(
    rng: np.random.Generator, org: _Population, interactions: pd.DataFrame
) -> pd.DataFrame:
    sector, mun, weight = org.sector, org.mun, org.weight
    n, n_mun = len(sector), org.n_mun
    index = pd.Index(org.ids)
    s = index.get_indexer(interactions["source"]).astype(np.int64)
    t = index.get_indexer(interactions["target"]).astype(np.int64)
    codes = np.unique(np.minimum(s, t) * n + np.maximum(s, t))
    chosen = codes[rng.random(len(codes)) < 0.25]
    a, b = chosen // n, chosen % n
    how = rng.random(len(chosen))
    raters = np.r_[a[how < 0.775], b[how >= 0.225]]
    ratees = np.r_[b[how < 0.775], a[how >= 0.225]]
    # untapped trust: a few same-municipality pairs that never interacted
    k = max(1, len(chosen) // 50)
    x = rng.choice(n, size=k, p=weight / weight.sum())
    y = pick_in_blocks(rng.random(k), mun[x], mun, weight, n_mun)
    new = (y >= 0) & (x != y)
    x, y = x[new], y[new]
    new = ~np.isin(np.minimum(x, y) * n + np.maximum(x, y), codes)
    raters, ratees = np.r_[raters, x[new]], np.r_[ratees, y[new]]
    pairs = pd.DataFrame({"r": raters, "e": ratees}).drop_duplicates().sort_values(["r", "e"])
    r, e = pairs["r"].to_numpy(), pairs["e"].to_numpy()
    q = len(r)
    leniency = rng.normal(0.0, 0.3, n)
    mean = BASE_TRUST[sector[r], sector[e]] + leniency[r] + rng.normal(0.0, 0.4, q)
    items = np.clip(np.rint(mean[:, None] + rng.normal(0.0, 0.5, (q, 6))), 1, 4)
    items[~(rng.random(n) < 0.6)[r], 3:] = np.nan
    survey_day = (
        PERIOD_END - np.timedelta64(150, "D") + rng.integers(0, 60, n_mun).astype("timedelta64[D]")
    )
    frame = pd.DataFrame(
        {
            "rater": pd.Series(org.ids[r], dtype=object),
            "ratee": pd.Series(org.ids[e], dtype=object),
            "date": pd.Series(survey_day[mun[r]].astype("datetime64[ns]"), dtype="datetime64[ns]"),
        }
    )
    for j, item in enumerate(
        ("reliability", "mission_support", "openness", "influence", "involvement", "resources")
    ):
        frame[item] = items[:, j]
    frame["wave"] = pd.Series([""] * len(frame), dtype=object)  # one survey: no wave label
    return frame


def generate_network(n_orgs: int, seed: int, interactions_per_org: float = 10.0) -> NetworkData:
    """Build a synthetic cooperation network in memory.

    Parameters
    ----------
    n_orgs:
        Number of organizations (at least 2).
    seed:
        Seed of the random generator; the same arguments always give the same network.
    interactions_per_org:
        Interaction rows drawn per organization (``round(n_orgs * interactions_per_org)``
        draws; self-loops are dropped, so slightly fewer rows remain).

    Returns
    -------
    NetworkData
        With all five tables, named ``generated-<n_orgs>-<seed>``.

    Examples
    --------
    >>> data = generate_network(300, seed=1)
    >>> data.summary()["per_sector"]
    {'public': 30, 'private': 105, 'civil': 135, 'social_economy': 30}
    """
    if n_orgs < 2:
        raise ValueError("a network needs at least 2 organizations")
    rng = np.random.default_rng(seed)
    organizations, org = _organizations(rng, n_orgs)
    interactions = _interactions(rng, org, round(n_orgs * interactions_per_org))
    activities, participation = _activities(rng, org)
    perceptions = _perceptions(rng, org, interactions)
    return NetworkData(
        organizations=organizations,
        interactions=interactions,
        activities=activities,
        participation=participation,
        perceptions=perceptions,
        name=f"generated-{n_orgs}-{seed}",
        source="generated",
    )


def generate_dataset(
    n_orgs: int, seed: int, out: Path, interactions_per_org: float = 10.0
) -> NetworkData:
    """Generate a network (see :func:`generate_network`) and write it to the folder ``out``.

    Returns the network that was written.
    """
    data = generate_network(n_orgs, seed, interactions_per_org)
    write_dataset(data, Path(out))
    return data
