"""Response rates and the privacy-aware exports of a survey.

* :func:`response_rates` — per sector: organizations invited, started (saved anything),
  submitted, and the response rate (submitted / invited).
* :func:`analyst_export` — the dyads: who rated whom, every rating and the cooperation details,
  **without** the free-text answers.
* :func:`aggregated_export` — what partners may see: per rated organization the number of raters
  and the mean of each rating, blanked when fewer than ``min_raters`` answered, so no single
  organization's rating of another can be read back (PARTNER's guidance: showing trust scores
  back to partners "can create problems").

Example
-------
>>> import pandas as pd
>>> p = pd.DataFrame({"rater": ["a", "b", "c"], "ratee": ["d"] * 3, "reliability": [1.0, 2, 3]})
>>> aggregated_export(p, min_raters=3)[["organization", "raters", "reliability"]].values.tolist()
[['d', 3, 2.0]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import SECTORS, SURVEY_ITEMS, NetworkData
from stakeholder_graph.survey.state import SurveyState

DETAILS: tuple[str, ...] = ("frequency", "type", "initiative", "stages")


def response_rates(state: SurveyState, data: NetworkData, wave: str | None = None) -> pd.DataFrame:
    """Per sector (and ``all``): ``invited``, ``started``, ``submitted`` organizations and ``rate``.

    An organization counts as submitted when any of its respondents submitted for the wave.
    """
    invites = [i for i in state.invites().values() if wave is None or i.wave == wave]
    progress = state.all_progress()
    frame = pd.DataFrame(
        {
            "organization": [i.organization for i in invites],
            "wave": [i.wave for i in invites],
            "started": [bool(progress.get(i.hash, {}).get("draft")) for i in invites],
            "submitted": [bool(progress.get(i.hash, {}).get("submitted")) for i in invites],
        }
    )
    sector = dict(zip(data.organizations["id"], data.organizations["sector"], strict=True))
    frame["sector"] = frame["organization"].map(sector).fillna("")
    per_org = frame.groupby(["wave", "organization", "sector"], as_index=False)[
        ["started", "submitted"]
    ].any()
    rows = []
    for name in (*SECTORS, "all"):
        part = per_org if name == "all" else per_org[per_org["sector"] == name]
        invited = len(part)
        submitted = int(part["submitted"].sum())
        rows.append(
            {
                "sector": name,
                "invited": invited,
                "started": int(part["started"].sum()),
                "submitted": submitted,
                "rate": round(submitted / invited, 3) if invited else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def _details(state: SurveyState) -> pd.DataFrame:
    """Cooperation details of every submitted answer: organization, ratee, wave, details."""
    invites = state.invites()
    rows: list[dict[str, Any]] = []
    for digest, progress in state.all_progress().items():
        submitted = progress.get("submitted")
        invite = invites.get(digest)
        if not submitted or invite is None:
            continue
        for ratee in submitted.get("partners", []):
            entry = submitted.get("answers", {}).get(ratee, {})
            row = {"rater": invite.organization, "ratee": ratee, "wave": invite.wave}
            row |= {k: entry.get(k, "") for k in DETAILS[:-1]}
            row["stages"] = ";".join(entry.get("stages", []))
            rows.append(row)
    columns = ["rater", "ratee", "wave", *DETAILS]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.drop_duplicates(["rater", "ratee", "wave"], keep="first")


def analyst_export(state: SurveyState, data: NetworkData, wave: str | None = None) -> pd.DataFrame:
    """Every dyad of the survey with its ratings and cooperation details; no free text.

    Rows come from the dataset's perceptions (so answers collected elsewhere are included);
    details from the survey where it collected them.
    """
    p = data.perceptions
    if wave is not None:
        p = p[p["wave"] == wave]
    out = p.merge(_details(state), on=["rater", "ratee", "wave"], how="left")
    out[list(DETAILS)] = out[list(DETAILS)].fillna("")
    return out.reset_index(drop=True)


def aggregated_export(perceptions: pd.DataFrame, min_raters: int = 3) -> pd.DataFrame:
    """Per rated organization: ``raters`` and the mean of each rating (blank below ``min_raters``).

    Only the latest answer of each rater about a ratee counts (as in the trust analysis).
    """
    p = perceptions
    if "date" in p.columns:
        p = p.sort_values("date", na_position="first", kind="stable")
    p = p.drop_duplicates(["rater", "ratee"], keep="last")
    items = [c for c in SURVEY_ITEMS if c in p.columns]
    grouped = p.groupby("ratee", sort=True)
    out = grouped[items].mean()
    out.insert(0, "raters", grouped["rater"].nunique())
    hidden = out["raters"].to_numpy() < min_raters
    out.loc[hidden, items] = np.nan
    return out.reset_index().rename(columns={"ratee": "organization"})
