"""Checks of the planted patterns of a sample dataset, straight from its tables.

Used by make_sample_datasets.py after building; the unit tests make the same checks from the
written CSV files independently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData

CIVIC = ("civil", "social_economy")


def tie_pairs(
    data: NetworkData, since: pd.Timestamp | None = None, until: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Undirected pairs (a, b) tied by an interaction or a shared activity in [since, until]."""
    inter = data.interactions
    mask = pd.Series(True, index=inter.index)
    if since is not None:
        mask &= inter["date"] > since
    if until is not None:
        mask &= inter["date"] <= until
    frames = [inter.loc[mask, ["source", "target"]].set_axis(["a", "b"], axis=1)]
    acts = data.activities
    active = pd.Series(True, index=acts.index)
    if since is not None:
        active &= acts["end"].isna() | (acts["end"] > since)
    if until is not None:
        active &= acts["start"] <= until
    part = data.participation[data.participation["activity"].isin(acts.loc[active, "id"])]
    co = part.merge(part, on="activity")
    co = co[co["organization_x"] != co["organization_y"]]
    frames.append(co[["organization_x", "organization_y"]].set_axis(["a", "b"], axis=1))
    pairs = pd.concat(frames, ignore_index=True)
    both = pd.concat([pairs, pairs.set_axis(["b", "a"], axis=1)[["a", "b"]]], ignore_index=True)
    return both.drop_duplicates().reset_index(drop=True)


def isolation_flags(data: NetworkData, as_of: str) -> pd.DataFrame:
    """Flags of every civil and social-economy organization over the 365 days to ``as_of``."""
    end = pd.Timestamp(as_of)
    start, prev = end - pd.Timedelta(days=365), end - pd.Timedelta(days=730)
    orgs = data.organizations.set_index("id")
    sector = orgs["sector"]
    ties = tie_pairs(data, start, end)
    ties["b_sector"] = ties["b"].map(sector)
    inter = data.interactions
    long = pd.concat(
        [
            inter[["source", "date"]].set_axis(["id", "date"], axis=1),
            inter[["target", "date"]].set_axis(["id", "date"], axis=1),
        ]
    )
    cur = long[(long["date"] > start) & (long["date"] <= end)].groupby("id").size()
    before = long[(long["date"] > prev) & (long["date"] <= start)].groupby("id").size()
    civic = orgs.index[sector.isin(CIVIC)]
    out = pd.DataFrame(index=civic)
    out["ties"] = ties.groupby("a").size().reindex(civic, fill_value=0)
    out["public_ties"] = (
        ties[ties["b_sector"] == "public"].groupby("a").size().reindex(civic, fill_value=0)
    )
    out["civil_ties"] = (
        ties[ties["b_sector"] == "civil"].groupby("a").size().reindex(civic, fill_value=0)
    )
    out["window"] = cur.reindex(civic, fill_value=0)
    out["previous"] = before.reindex(civic, fill_value=0)
    out["no_interaction"] = out["window"] == 0
    out["no_public_tie"] = out["public_ties"] == 0
    out["civil_only"] = (out["ties"] > 0) & (out["civil_ties"] == out["ties"])
    out["single_tie"] = out["ties"] == 1
    out["declining"] = (out["previous"] > 0) & (out["window"] <= 0.5 * out["previous"])
    return out


def trust_means(data: NetworkData) -> pd.DataFrame:
    p = data.perceptions.copy()
    p["trust"] = p[["reliability", "mission_support", "openness"]].mean(axis=1)
    sector = data.organizations.set_index("id")["sector"]
    p["rs"], p["es"] = p["rater"].map(sector), p["ratee"].map(sector)
    return p


def proxy_allies(data: NetworkData, top: int = 12) -> pd.DataFrame:
    """A rough ranking of untied pairs (rare shared themes + shared partners + cross-sector)."""
    orgs = data.organizations
    ids = orgs["id"].to_numpy()
    idx = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    themes = data.organization_themes()
    counts = themes["theme"].value_counts()
    m = np.zeros((n, len(counts)))
    col = {t: j for j, t in enumerate(counts.index)}
    for o, t in themes.itertuples(index=False):
        m[idx[o], col[t]] = np.log(n / counts[t])
    ties = tie_pairs(data)
    adj = np.zeros((n, n))
    adj[ties["a"].map(idx), ties["b"].map(idx)] = 1
    theme_score = (
        (m > 0).astype(float) @ np.diag(np.log(n / counts.to_numpy())) @ (m > 0).T.astype(float)
    )
    deg = adj.sum(axis=1)
    shared = adj @ np.diag(1.0 / np.log(np.maximum(deg, 2))) @ adj
    sect = orgs["sector"].to_numpy()
    cross = (sect[:, None] != sect[None, :]).astype(float)
    score = theme_score + 1.0 * shared + 0.5 * cross
    iu = np.triu_indices(n, 1)
    ok = (adj[iu] == 0) & (theme_score[iu] > 0)
    frame = pd.DataFrame(
        {
            "a": ids[iu[0]],
            "b": ids[iu[1]],
            "score": score[iu],
            "themes": theme_score[iu],
            "partners": shared[iu],
        }
    )[ok]
    frame = frame.sort_values("score", ascending=False).reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame.head(top)


def diagnose(name: str, data: NetworkData, as_of: str, planted: dict) -> None:
    """Print what the planted patterns look like and fail loudly when one does not hold."""
    print(f"== {name}: {data.summary()}")
    flags = isolation_flags(data, as_of)
    cols = ["no_interaction", "no_public_tie", "civil_only", "single_tie", "declining"]
    flagged = flags[flags[cols].any(axis=1)]
    print(flagged.to_string())
    expected = planted["isolated"]
    assert set(flagged.index) == set(expected), (set(flagged.index), set(expected))
    for org, flag in expected.items():
        assert flags.loc[org, flag], (org, flag)
    all_ties = tie_pairs(data)
    key = set(zip(all_ties["a"], all_ties["b"], strict=True))
    for a, b in planted.get("allies", []):
        assert (a, b) not in key, (a, b)
    print(proxy_allies(data).to_string())
    p = trust_means(data)
    matrix = p.groupby(["rs", "es"])["trust"].mean().unstack()
    print(matrix.round(2).to_string())
    if "asymmetry" in planted:
        gap = matrix.loc["public", "civil"] - matrix.loc["civil", "public"]
        print(f"asymmetry public->civil minus civil->public: {gap:.2f}")
        assert gap >= planted["asymmetry"], gap
    inter = data.interactions
    counts = inter.groupby(["source", "target"]).size()
    trust = p.set_index(["rater", "ratee"])["trust"]
    for a, b in planted.get("fragile", []):
        k = counts.get((a, b), 0) + counts.get((b, a), 0)
        print("fragile", a, b, k, trust.get((a, b)), trust.get((b, a)))
        assert k >= 3 and trust[(a, b)] <= 2 and trust[(b, a)] <= 2
    for a, b in planted.get("untapped", []):
        assert (a, b) not in key and trust[(a, b)] >= 3 and trust[(b, a)] >= 3, (a, b)
    sector = data.organizations.set_index("id")["sector"]
    ss, ts = inter["source"].map(sector), inter["target"].map(sector)
    initiating = np.where(
        inter["initiator"] == "source", ss, np.where(inter["initiator"] == "target", ts, "joint")
    )
    civic_public = (ss.isin(CIVIC) & (ts == "public")) | (ts.isin(CIVIC) & (ss == "public"))
    share_civic = np.isin(initiating[civic_public], CIVIC).mean()
    oa = (inter["type"] == "operating_agreement").to_numpy()
    share_oa = (initiating[oa] == "public").mean() if oa.any() else float("nan")
    print(
        f"civil side initiates {share_civic:.2f} of civil-public interactions; "
        f"the public side {share_oa:.2f} of operating agreements"
    )
    kind, threshold = planted.get("initiative", (None, 0))
    if kind == "civil_to_public":
        assert share_civic >= threshold
    if kind == "operating_agreement":
        assert share_oa >= threshold
