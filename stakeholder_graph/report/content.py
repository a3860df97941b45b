"""What the council report says: headline numbers with one sentence each, and the short tables
of brokers, asymmetries, potential allies and isolated NGOs — all read from one
:class:`~stakeholder_graph.analysis.Analysis`, so the report and ``analyze`` agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import SECTORS

if TYPE_CHECKING:
    from stakeholder_graph.analysis import Analysis

TOP_BROKERS = 10
TOP_ALLIES = 10
TOP_GAPS = 6


@dataclass
class Headline:
    """One headline number: its label, its value as printed, and what it means."""

    label: str
    value: str
    meaning: str


@dataclass
class ReportContent:
    """Everything the report prints, as plain values and small frames."""

    title: str
    subtitle: str
    headlines: list[Headline]
    brokers: pd.DataFrame
    sector_ei: pd.DataFrame
    trust_gaps: pd.DataFrame
    sector_asymmetry: pd.DataFrame
    initiative: pd.DataFrame
    allies: pd.DataFrame
    isolated: pd.DataFrame
    notes: dict[str, str] = field(default_factory=dict)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def cross_sector_share(analysis: Analysis) -> float:
    """Share of ties that join two different sectors (0 when there are no ties).

    Examples
    --------
    >>> from stakeholder_graph.analysis import analyze
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2)], sectors=["public", "civil", "civil"])
    >>> cross_sector_share(analyze(g.data))
    0.5
    """
    g = analysis.graph
    if g.graph.ecount() == 0:
        return 0.0
    u, v = g.edges["u"].to_numpy(), g.edges["v"].to_numpy()
    sector = np.asarray(g.sector)
    return float((sector[u] != sector[v]).mean())


def headlines(analysis: Analysis) -> list[Headline]:
    """The headline numbers of the first page, each with one sentence on what it means."""
    s = analysis.summary
    size, comps = s["size"], s["components"]
    cross = cross_sector_share(analysis)
    isolated = analysis["isolated"]
    trust = analysis["organization_trust"]["trust_received"].dropna()
    dyads = analysis["trust_dyads"]
    reciprocated = float(dyads["reciprocated"].mean()) if len(dyads) else float("nan")
    out = [
        Headline(
            "Organizations",
            f"{size['organizations']}",
            "municipal bodies, companies, NGOs and social enterprises in the network.",
        ),
        Headline(
            "Ties",
            f"{size['ties']}",
            f"pairs of organizations that worked together ({size['interactions']} recorded "
            f"interactions, {size['activities']} shared councils, projects and hearings).",
        ),
        Headline(
            "Density",
            f"{s['density']:.3f}",
            f"of all possible pairs, {_pct(s['density'])} actually cooperate.",
        ),
        Headline(
            "Cross-sector ties",
            _pct(cross),
            "of ties join two different sectors; the rest stay inside one sector.",
        ),
        Headline(
            "Largest connected group",
            _pct(comps["largest_share"]),
            f"of organizations can reach each other through partners ({comps['count']} "
            f"separate group{'s' if comps['count'] != 1 else ''}).",
        ),
        Headline(
            "Communities",
            f"{s['communities']['count']}",
            f"clusters that mostly work among themselves (modularity "
            f"{s['communities']['modularity']:.2f}; above 0.3 means clearly separate clusters).",
        ),
        Headline(
            "Isolated NGOs",
            f"{len(isolated)}",
            "civil-society organizations flagged as drifting out of cooperation "
            "(reasons on the isolated-NGOs page).",
        ),
    ]
    if len(trust):
        out.append(
            Headline(
                "Mean trust",
                f"{trust.mean():.2f} / 4",
                "average trust organizations receive from their partners in the survey "
                "(1 = not at all, 4 = a great deal).",
            )
        )
    if len(dyads):
        out.append(
            Headline(
                "Reciprocated ratings",
                _pct(reciprocated),
                "of surveyed pairs rated each other; the rest are one-way.",
            )
        )
    return out


def brokers(analysis: Analysis, top: int = TOP_BROKERS) -> pd.DataFrame:
    """Organizations brokering between sectors most (Gould–Fernandez total), with their role."""
    b = analysis["brokerage"]
    b = b[b["total"] > 0].sort_values(["total", "name"], ascending=[False, True])
    return b.head(top)[["name", "sector", "role", "total", "cross_sector_pairs"]].reset_index(
        drop=True
    )


def trust_gaps(analysis: Analysis, top: int = TOP_GAPS) -> pd.DataFrame:
    """The pairs whose trust in each other differs most (both rated), names and sectors."""
    d = analysis["trust_dyads"].dropna(subset=["trust_ab", "trust_ba"])
    if d.empty:
        return pd.DataFrame(columns=["a", "b", "a_trusts_b", "b_trusts_a", "gap"])
    d = d.reindex(d["gap"].abs().sort_values(ascending=False, kind="stable").index).head(top)
    names = dict(zip(analysis.graph.ids, analysis.graph.names, strict=True))
    return pd.DataFrame(
        {
            "a": d["a"].map(names),
            "b": d["b"].map(names),
            "a_trusts_b": d["trust_ab"].round(2),
            "b_trusts_a": d["trust_ba"].round(2),
            "gap": d["gap"].abs().round(2),
        }
    ).reset_index(drop=True)


def sector_asymmetry(analysis: Analysis) -> pd.DataFrame:
    """Sector pairs where trust one way differs from trust the other way, largest first."""
    st = analysis["sector_trust"].dropna(subset=["asymmetry"])
    st = st[(st["rater_sector"] < st["ratee_sector"]) & (st["asymmetry"] != 0)]
    back = analysis["sector_trust"].set_index(["rater_sector", "ratee_sector"])["trust"]
    rows = []
    for a, b, t in zip(st["rater_sector"], st["ratee_sector"], st["trust"], strict=True):
        rows.append({"a": a, "b": b, "a_trusts_b": t, "b_trusts_a": back.get((b, a), np.nan)})
    frame = pd.DataFrame(rows, columns=["a", "b", "a_trusts_b", "b_trusts_a"])
    frame["gap"] = (frame["a_trusts_b"] - frame["b_trusts_a"]).abs()
    return frame.sort_values("gap", ascending=False).round(2).reset_index(drop=True)


def initiative(analysis: Analysis) -> pd.DataFrame:
    """Who starts the joint work between sectors: shares per sector pair."""
    si = analysis["sector_initiative"]
    if si.empty:
        return si
    cols = ["a_sector", "b_sector", "n", "share_a", "share_b", "share_joint", "one_sided"]
    out = si[cols].copy()
    for c in ("share_a", "share_b", "share_joint"):
        out[c] = (100 * out[c]).round(0)
    return out.sort_values("n", ascending=False).reset_index(drop=True)


def allies(analysis: Analysis, top: int = TOP_ALLIES) -> pd.DataFrame:
    """The top potential allies with their reasons."""
    a = analysis["allies"].sort_values("rank").head(top)
    return a[["rank", "a_name", "a_sector", "b_name", "b_sector", "score", "reasons"]].reset_index(
        drop=True
    )


def isolated(analysis: Analysis) -> pd.DataFrame:
    """The isolated NGOs with their reasons."""
    i = analysis["isolated"]
    return i[["name", "sector", "ties", "last_interaction", "reasons"]].reset_index(drop=True)


def build_content(analysis: Analysis, title: str | None = None) -> ReportContent:
    """Gather what the report prints from ``analysis``."""
    s = analysis.summary
    params = s.get("parameters", {}).get("graph", {})
    window = ""
    if params.get("since") or params.get("until"):
        window = f" · window {params.get('since') or '…'} to {params.get('until') or '…'}"
    first, last = analysis.graph.data.date_range()
    span = f"{first.date()} to {last.date()}" if first is not None else "undated interactions"
    notes: dict[str, Any] = {
        "isolation_window": s["isolation_window"],
        "paths": s["paths"]["method"],
        "directed": s["directed"],
    }
    return ReportContent(
        title=title or f"Cooperation network: {s['name']}",
        subtitle=f"Data: {span}{window} · computed {s['computed_at'][:10]}",
        headlines=headlines(analysis),
        brokers=brokers(analysis),
        sector_ei=analysis["sector_ei"].round(2),
        trust_gaps=trust_gaps(analysis),
        sector_asymmetry=sector_asymmetry(analysis),
        initiative=initiative(analysis),
        allies=allies(analysis),
        isolated=isolated(analysis),
        notes=notes,
    )


__all__ = ["SECTORS", "ReportContent", "build_content", "headlines"]
