"""Numbers the views show, derived from a :class:`~dashboards.data.View` (pure functions).

Everything here reads the cached analysis tables and the graph build; nothing recomputes a
network measure. Aggregations are vectorised pandas group-bys.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboards.data import View
from stakeholder_graph.dataset.model import SECTORS, STAGES


def overview_numbers(view: View) -> dict[str, Any]:
    """Headline numbers of the visible network.

    ``density`` is ties / (n·(n−1)/2); ``cross_sector_share`` the share of ties joining two
    sectors; ``stage_shares`` the share of dated-or-not interactions in each stage (planning,
    implementation, evaluation) among those with a known stage.

    Examples
    --------
    A view with three organizations and two ties has density 2/3.
    """
    n = len(view.nodes)
    m = len(view.edges)
    per_sector = view.nodes["sector"].value_counts()
    stages = _visible_interactions(view)["stage"]
    known = stages[stages.isin(STAGES)]
    shares = {s: float((known == s).mean()) if len(known) else 0.0 for s in STAGES}
    return {
        "organizations": n,
        "per_sector": {s: int(per_sector.get(s, 0)) for s in SECTORS},
        "ties": m,
        "density": (2.0 * m / (n * (n - 1))) if n > 1 else 0.0,
        "cross_sector_share": float(view.edges["cross_sector"].mean()) if m else 0.0,
        "interactions": int(len(stages)),
        "stage_shares": shares,
        "stage_known": int(len(known)),
    }


def sector_pair_ties(view: View) -> pd.DataFrame:
    """Ties between visible organizations counted per unordered pair of sectors.

    Returns
    -------
    DataFrame with columns ``sector_a, sector_b, ties`` (``sector_a`` first in
    :data:`~stakeholder_graph.dataset.model.SECTORS` order).
    """
    sector = pd.Series(view.analysis.graph.sector, index=view.analysis.graph.ids)
    a = view.edges["source"].map(sector).to_numpy(dtype=object)
    b = view.edges["target"].map(sector).to_numpy(dtype=object)
    known = pd.Index(SECTORS)
    rank_a = known.get_indexer(pd.Index(a))
    rank_b = known.get_indexer(pd.Index(b))
    rank_a[rank_a < 0] = len(SECTORS)
    rank_b[rank_b < 0] = len(SECTORS)
    swap = rank_b < rank_a
    first = np.where(swap, b, a)
    second = np.where(swap, a, b)
    frame = pd.DataFrame({"sector_a": first, "sector_b": second})
    return (
        frame.groupby(["sector_a", "sector_b"], as_index=False)
        .size()
        .rename(columns={"size": "ties"})
    )


def _visible_interactions(view: View) -> pd.DataFrame:
    """Interactions of the analysis window between two visible organizations."""
    inter = view.analysis.graph.interactions
    if inter.empty:
        return inter.assign(src=pd.Series(dtype=int), tgt=pd.Series(dtype=int))
    src = inter["src"].to_numpy()
    tgt = inter["tgt"].to_numpy()
    return inter[view.mask[src] & view.mask[tgt]]


def yearly_trend(view: View) -> pd.DataFrame:
    """Per year: active organizations, ties, density, cross-sector share, stage shares.

    A tie counts in a year when its two organizations interacted that year (co-participation
    is left out: activities span years). Density divides by the visible organizations.

    Returns
    -------
    DataFrame with columns ``year, organizations_active, ties, density, cross_sector_share,
    planning_share, implementation_share, interactions``.
    """
    columns = [
        "year",
        "organizations_active",
        "ties",
        "density",
        "cross_sector_share",
        "planning_share",
        "implementation_share",
        "interactions",
    ]
    inter = _visible_interactions(view)
    inter = inter[inter["date"].notna()]
    if inter.empty:
        return pd.DataFrame(columns=columns)
    codes = view.analysis.graph.sector_code
    src = inter["src"].to_numpy()
    tgt = inter["tgt"].to_numpy()
    frame = pd.DataFrame(
        {
            "year": inter["date"].dt.year.to_numpy(),
            "u": np.minimum(src, tgt),
            "v": np.maximum(src, tgt),
            "stage": inter["stage"].to_numpy(),
        }
    )
    frame["cross"] = codes[frame["u"]] != codes[frame["v"]]
    pairs = frame.drop_duplicates(["year", "u", "v"])
    per_year = pairs.groupby("year").agg(ties=("u", "size"), cross_sector_share=("cross", "mean"))
    active = (
        pd.concat([pairs[["year", "u"]], pairs[["year", "v"]].rename(columns={"v": "u"})])
        .drop_duplicates()
        .groupby("year")
        .size()
    )
    known = frame[frame["stage"].isin(STAGES)]
    stage = known.groupby("year")["stage"].agg(
        planning_share=lambda s: (s == "planning").mean(),
        implementation_share=lambda s: (s == "implementation").mean(),
    )
    n = len(view.nodes)
    out = per_year.join(active.rename("organizations_active")).join(stage)
    out["interactions"] = frame.groupby("year").size()
    out["density"] = out["ties"] * 2.0 / (n * (n - 1)) if n > 1 else 0.0
    return out.reset_index()[columns]


def neighbours(view: View, org_id: str) -> pd.DataFrame:
    """Partners of ``org_id`` in the analysis window (whatever the organization filters).

    Columns: ``id, name, sector, weight, interactions, shared_activities``, strongest first.
    """
    graph = view.analysis.graph
    index = int(graph.index_of(org_id)[0])
    columns = ["id", "name", "sector", "weight", "interactions", "shared_activities"]
    if index < 0:
        return pd.DataFrame(columns=columns)
    edges = graph.edges
    u = edges["u"].to_numpy()
    v = edges["v"].to_numpy()
    hit = (u == index) | (v == index)
    other = np.where(u[hit] == index, v[hit], u[hit])
    frame = pd.DataFrame(
        {
            "id": graph.ids[other],
            "name": graph.names[other],
            "sector": graph.sector[other],
            "weight": edges["weight"].to_numpy()[hit],
            "interactions": edges["interactions"].to_numpy()[hit],
            "shared_activities": edges["shared_activities"].to_numpy()[hit],
        }
    )
    frame = frame.groupby(["id", "name", "sector"], as_index=False).sum()
    return frame.sort_values(["weight", "name"], ascending=[False, True]).reset_index(drop=True)


def _rows_with(frame: pd.DataFrame | None, org_id: str) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame()
    return frame[(frame["a"] == org_id) | (frame["b"] == org_id)]


def organization_profile(view: View, org_id: str) -> dict[str, Any] | None:
    """Everything the side panel shows about one organization, or None when unknown.

    Keys: ``profile`` (dict), ``partners`` (frame), ``trust`` (dict: received/given means and
    counts), ``trust_dyads`` (frame: partner, given, received, gap), ``brokerage`` (dict),
    ``flags`` (list of str), ``allies`` (frame: other, other_name, other_sector, score, reasons).
    """
    orgs = view.analysis.graph.data.organizations
    row = orgs[orgs["id"] == org_id]
    if row.empty:
        return None
    profile = row.iloc[0].to_dict()
    tables = view.analysis.tables
    names = pd.Series(view.analysis.graph.names, index=view.analysis.graph.ids)

    trust: dict[str, Any] = {}
    org_trust = tables.get("organization_trust")
    if org_trust is not None and not org_trust.empty:
        hit = org_trust[org_trust["id"] == org_id]
        if not hit.empty:
            trust = {k: hit.iloc[0][k] for k in hit.columns if k != "id"}

    dyads = _rows_with(tables.get("trust_dyads"), org_id)
    if not dyads.empty:
        first = dyads["a"] == org_id
        dyad_frame = pd.DataFrame(
            {
                "partner": np.where(first, dyads["b"], dyads["a"]),
                "given": np.where(first, dyads["trust_ab"], dyads["trust_ba"]),
                "received": np.where(first, dyads["trust_ba"], dyads["trust_ab"]),
            }
        )
        dyad_frame["partner_name"] = dyad_frame["partner"].map(names)
        dyad_frame["gap"] = dyad_frame["given"] - dyad_frame["received"]
        dyad_frame = dyad_frame.sort_values("gap", key=np.abs, ascending=False)
    else:
        dyad_frame = pd.DataFrame(columns=["partner", "partner_name", "given", "received", "gap"])

    brokerage: dict[str, Any] = {}
    brok = tables.get("brokerage")
    if brok is not None and not brok.empty:
        hit = brok[brok["id"] == org_id]
        if not hit.empty:
            brokerage = hit.iloc[0].to_dict()

    flags: list[str] = []
    isolated = tables.get("isolated")
    if isolated is not None and not isolated.empty:
        hit = isolated[isolated["id"] == org_id]
        if not hit.empty and str(hit.iloc[0]["reasons"]):
            flags.append(f"Isolation: {hit.iloc[0]['reasons']}")
    ties = _rows_with(tables.get("ties"), org_id)
    if not ties.empty:
        fragile = int(ties["fragile"].fillna(False).astype(bool).sum())
        untapped = int(ties["untapped_trust"].fillna(False).astype(bool).sum())
        if fragile:
            flags.append(f"{fragile} fragile tie(s): much interaction, little trust")
        if untapped:
            flags.append(f"{untapped} partner(s) trusted but not worked with (untapped trust)")
    initiative = _rows_with(tables.get("initiative"), org_id)
    if not initiative.empty:
        one_sided = initiative[initiative["one_sided"].fillna(False).astype(bool)]
        if len(one_sided):
            own = int((one_sided["initiator"] == org_id).sum())
            flags.append(
                f"One-sided initiative with {len(one_sided)} partner(s); "
                f"it takes the initiative in {own} of them"
            )

    allies = _rows_with(tables.get("allies"), org_id)
    if not allies.empty:
        first = allies["a"] == org_id
        ally_frame = pd.DataFrame(
            {
                "other": np.where(first, allies["b"], allies["a"]),
                "other_name": np.where(first, allies["b_name"], allies["a_name"]),
                "other_sector": np.where(first, allies["b_sector"], allies["a_sector"]),
                "score": allies["score"].to_numpy(),
                "reasons": allies["reasons"].to_numpy(),
            }
        ).sort_values("score", ascending=False)
    else:
        ally_frame = pd.DataFrame(
            columns=["other", "other_name", "other_sector", "score", "reasons"]
        )

    return {
        "profile": profile,
        "partners": neighbours(view, org_id),
        "trust": trust,
        "trust_dyads": dyad_frame.reset_index(drop=True),
        "brokerage": brokerage,
        "flags": flags,
        "allies": ally_frame.head(5).reset_index(drop=True),
    }


def shared_partners(view: View, a: str, b: str) -> pd.DataFrame:
    """Organizations tied to both ``a`` and ``b`` (``id, name, sector``), by name."""
    left = neighbours(view, a)
    right = neighbours(view, b)
    both = left[left["id"].isin(right["id"])]
    return both[["id", "name", "sector"]].sort_values("name").reset_index(drop=True)
