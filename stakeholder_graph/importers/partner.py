"""Import a PARTNER-style survey export into ``perceptions.csv`` of an existing dataset.

The PARTNER tool (Varda et al., partnertool.net) asks each respondent organization about each
of its partners: how *reliable* it is, how much it is *in support of your mission*, how *open to
discussion*, and its *power/influence*, *level of involvement* and *resource contribution*, each
on a 1–4 scale ("Not at all", "A small amount", "A fair amount", "A great deal"). Its export is
wide: one row per respondent, one group of columns per partner, headed ``PARTNER - QUESTION``
(also ``PARTNER: QUESTION``, ``PARTNER | QUESTION`` or ``QUESTION - PARTNER``).

Respondents and partners are matched to the dataset's organizations by id or by name
(case-insensitive). Answers may be numbers or the scale's words. Unknown organizations,
self-ratings, answers off the scale and columns that name no question are listed in the summary.

Reference: Varda, D. M., Chandra, A., Stern, S. A., Lurie, N. (2008). Core dimensions of
connectivity in public health collaboratives. *Journal of Public Health Management and
Practice* 14(5), E1–E7.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import SURVEY_ITEMS, NetworkData, coerce_table
from stakeholder_graph.errors import InputError
from stakeholder_graph.importers.build import (
    WORKBOOKS,
    parse_dates,
    pick,
    read_csv,
    read_sheets,
    sheet_names,
)
from stakeholder_graph.importers.mapping import Mapping
from stakeholder_graph.importers.summary import ImportSummary

ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "reliability": ("reliab", "reliable"),
    "mission_support": ("mission",),
    "openness": ("open", "discussion"),
    "influence": ("influence", "power"),
    "involvement": ("involve",),
    "resources": ("resource",),
}
SCALE_WORDS = {
    "not at all": 1.0,
    "a small amount": 2.0,
    "a fair amount": 3.0,
    "a great deal": 4.0,
}
_SPLIT = re.compile(r"^(.+?)\s*(?:\s-\s|\s–\s|\s—\s|:|\|)\s*(.+)$")


def item_of(text: str) -> str | None:
    """The survey item a question's text names, or None.

    Examples
    --------
    >>> item_of("How reliable is this partner?"), item_of("Open to discussion"), item_of("x")
    ('reliability', 'openness', None)
    """
    lowered = text.lower()
    for item, words in ITEM_WORDS.items():
        if any(w in lowered for w in words):
            return item
    return None


def split_header(header: str) -> tuple[str, str] | None:
    """``(partner, item)`` from a column header, or None when it names no question.

    Examples
    --------
    >>> split_header("Youth Club - Reliability")
    ('Youth Club', 'reliability')
    >>> split_header("In support of mission: Община Плевен")
    ('Община Плевен', 'mission_support')
    """
    match = _SPLIT.match(header)
    if not match:
        return None
    left, right = match.group(1).strip(), match.group(2).strip()
    if item_of(right) is not None:
        return left, item_of(right)  # type: ignore[return-value]
    if item_of(left) is not None:
        return right, item_of(left)  # type: ignore[return-value]
    return None


def import_partner(
    path: Path, dataset: NetworkData, mapping: Mapping, summary: ImportSummary
) -> pd.DataFrame:
    """The perceptions table from a PARTNER-style export, matched to ``dataset``'s organizations."""
    path = Path(path)
    if path.suffix.lower() in WORKBOOKS:
        first = sheet_names(path)[0]
        table = read_sheets(path, [first])[first.lower()]
    else:
        table = read_csv(path)
    rater_col = pick(table, mapping, "rater", "respondent", "organization", "your organization")
    if rater_col is None:
        raise InputError(
            f"{table.label}:{table.header_line}: no respondent column (respondent, organization "
            "or rater; or name it under [columns] rater = ... in --map)"
        )
    date_col = pick(table, mapping, "date", "submitted", "timestamp", "end date")
    summary.map(f"{table.label}.{rater_col} -> perceptions.rater")
    frame = table.frame
    lookup = {**dict(zip(dataset.organizations["name"].str.lower(), dataset.organizations["id"],
                         strict=True)),
              **{i.lower(): i for i in dataset.organizations["id"]}}  # fmt: skip
    groups: list[tuple[str, str, str]] = []
    ignored = []
    # the raw header (RawTable lower-cases it; names are matched case-insensitively anyway)
    for column in frame.columns:
        if column in (rater_col, date_col):
            continue
        parts = split_header(column)
        if parts is None:
            ignored.append(column)
        else:
            groups.append((column, *parts))
    if not groups:
        raise InputError(
            f"{table.label}:{table.header_line}: no 'PARTNER - QUESTION' columns "
            "(e.g. 'Youth Club - Reliability')"
        )
    if ignored:
        summary.drop("columns that name no partner question (not carried)", *ignored)
    items = sorted({item for _, _, item in groups}, key=SURVEY_ITEMS.index)
    summary.map("question columns -> " + ", ".join(items) + " (by their words)")
    columns = [c for c, _, _ in groups]
    long = frame[columns].copy()
    long["_line"] = table.lines
    long["_rater"] = frame[rater_col].str.lower().map(lookup)
    if date_col:
        summary.map(f"{table.label}.{date_col} -> perceptions.date")
        long["_date"] = parse_dates(frame[date_col], table, summary, "date")
    else:
        long["_date"] = pd.NaT
    unknown_rater = long["_rater"].isna() & (frame[rater_col] != "")
    if unknown_rater.any():
        summary.drop(
            "respondents not among the dataset's organizations",
            *[f"{table.label}:{n} {r}" for n, r in zip(long["_line"][unknown_rater],
                                                       frame[rater_col][unknown_rater], strict=True)],
        )  # fmt: skip
    melted = long[~unknown_rater].melt(
        id_vars=["_line", "_rater", "_date"], value_vars=columns, var_name="column"
    )
    melted = melted[melted["value"].astype(str).str.strip() != ""]
    meta = pd.DataFrame(groups, columns=["column", "partner", "item"])
    melted = melted.merge(meta, on="column")
    melted["ratee"] = melted["partner"].str.lower().map(lookup)
    text = melted["value"].astype(str).str.strip().str.lower()
    score = pd.to_numeric(text, errors="coerce").fillna(text.map(SCALE_WORDS))
    place = (
        melted["column"].radd(": column ").radd(melted["_line"].astype(str).radd(table.label + ":"))
    )
    checks = (
        (melted["ratee"].isna(), "answers about partners not among the dataset's organizations"),
        (melted["ratee"] == melted["_rater"], "self-ratings"),
        (~score.between(1, 4), "answers that are not 1-4 or the scale's words"),
    )
    keep = np.ones(len(melted), dtype=bool)
    for mask, reason in checks:
        mask = mask.to_numpy() & keep
        if mask.any():
            summary.drop(reason, *place[mask])
        keep &= ~mask
    melted = melted[keep].assign(score=score[keep])
    wide = melted.pivot_table(
        index=["_rater", "ratee", "_line"], columns="item", values="score", aggfunc="last"
    ).reset_index()
    dates = long.set_index("_line")["_date"]
    wide["date"] = wide["_line"].map(dates)
    wide = wide.rename(columns={"_rater": "rater"}).drop(columns="_line")
    return coerce_table("perceptions", wide)
