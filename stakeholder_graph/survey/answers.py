"""From a respondent's form to rows of ``perceptions.csv``: parse, validate, write atomically.

A submission becomes one ``perceptions.csv`` row per partner rated (rater = the respondent's
organization, ``wave`` = the invitation's wave, ``date`` = the day of submission). The rows are
checked by the dataset reader itself (:func:`~stakeholder_graph.dataset.reader.read_dataset` on a
scratch folder holding the dataset's ``organizations.csv`` and the new rows), so a respondent
gets exactly the messages ``validate`` prints. Under the survey lock the dataset's perceptions are
then replaced in the answer store (:mod:`.stores`: the dataset's ``perceptions.csv`` through the
dataset writer, or Neo4j's ``PERCEIVES`` in one write transaction): the organization's previous
rows for the same wave are replaced, never duplicated. When several contacts of one organization
answer, the organization's row about a partner holds the mean of their ratings.

The cooperation details (how often, the kind, who takes the initiative, the stages) and the free
text go to the raw answers log with the ratings.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from stakeholder_graph.dataset.model import INTERACTION_TYPES, STAGES, SURVEY_ITEMS, coerce_table
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.errors import InputError
from stakeholder_graph.survey.state import SurveyState
from stakeholder_graph.survey.stores import AnswerStore
from stakeholder_graph.survey.tokens import Invite

FREQUENCIES: tuple[str, ...] = ("yearly", "quarterly", "monthly", "weekly", "daily")
INITIATIVES: tuple[str, ...] = ("us", "them", "joint")
MAX_TEXT = 2000
"""Longest free-text answer kept (characters)."""
MAX_SCORE_TEXT = 12


def parse_partners(form: Any, known: set[str], itself: str) -> list[str]:
    """The partner ids ticked in ``form`` (field ``partner``), known and not ``itself``, in order.

    Example
    -------
    >>> from werkzeug.datastructures import MultiDict
    >>> parse_partners(MultiDict([("partner", "b"), ("partner", "x"), ("partner", "a")]),
    ...                {"a", "b"}, "a")
    ['b']
    """
    seen: dict[str, None] = {}
    for value in form.getlist("partner"):
        if value in known and value != itself:
            seen[value] = None
    return list(seen)


def parse_ratings(form: Any, partners: list[str]) -> dict[str, dict[str, Any]]:
    """Answers about each partner from the ratings form (fields ``p{i}-{name}``).

    Scores are kept as the text posted (validated later by the dataset reader); choices outside
    their lists (only a tampered form sends them) are dropped.
    """
    answers: dict[str, dict[str, Any]] = {}
    for i, partner in enumerate(partners):
        field = f"p{i}-"
        entry: dict[str, Any] = {
            item: form.get(field + item, "").strip()[:MAX_SCORE_TEXT] for item in SURVEY_ITEMS
        }
        entry["frequency"] = _choice(form.get(field + "frequency", ""), FREQUENCIES)
        entry["type"] = _choice(form.get(field + "type", ""), INTERACTION_TYPES)
        entry["initiative"] = _choice(form.get(field + "initiative", ""), INITIATIVES)
        entry["stages"] = [s for s in STAGES if s in form.getlist(field + "stage")]
        answers[partner] = entry
    return answers


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else ""


def answer_rows(invite: Invite, draft: dict[str, Any], day: str) -> pd.DataFrame:
    """The text rows of ``perceptions.csv`` for a draft: one per partner with any rating."""
    rows = []
    for partner in draft.get("partners", []):
        entry = draft.get("answers", {}).get(partner, {})
        scores = {item: str(entry.get(item, "")) for item in SURVEY_ITEMS}
        if any(scores.values()):
            rows.append(
                {"rater": invite.organization, "ratee": partner, "date": day, **scores}
                | {"wave": invite.wave}
            )
    columns = ["rater", "ratee", "date", *SURVEY_ITEMS, "wave"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def check_rows(organizations: Path, rows: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Validate text rows with the dataset reader against the roster file ``organizations``;
    return them typed.

    Raises
    ------
    InputError
        With the reader's messages, ``perceptions.csv:LINE:`` replaced by the partner's name.
    """
    if rows.empty:
        return coerce_table("perceptions", pd.DataFrame())
    with tempfile.TemporaryDirectory(prefix="survey-check-") as scratch:
        folder = Path(scratch)
        os.symlink(Path(organizations).resolve(), folder / "organizations.csv")
        rows.to_csv(folder / "perceptions.csv", index=False, lineterminator="\n")
        try:
            return read_dataset(folder).perceptions
        except InputError as error:
            ratees = rows["ratee"].tolist()

            def named(line: str) -> str:
                match = re.match(r"perceptions\.csv:(\d+): ", line)
                if not match or not 2 <= int(match.group(1)) < len(ratees) + 2:
                    return line
                ratee = ratees[int(match.group(1)) - 2]
                return f"{names.get(ratee, ratee)}: " + line[match.end() :]

            raise InputError(error.message, [named(d) for d in error.details]) from None


def submit(
    state: SurveyState, store: AnswerStore, invite: Invite, now: datetime, names: dict[str, str]
) -> int:
    """Record ``invite``'s saved draft as its answers for the wave; return the rows written.

    Validates first (nothing is written when anything is wrong), then, under the lock: marks the
    draft submitted, recomputes the organization's rows for the wave from all its respondents,
    replaces them in ``store`` atomically and appends the submission to the log. When the store
    fails (Neo4j unreachable), the draft stays unsubmitted and nothing is logged.

    Raises
    ------
    InputError
        When the answers fail the dataset's checks (messages name the partner).
    """
    day = now.date().isoformat()
    with state.lock():
        progress = state.progress(invite.hash)
        draft = progress.get("draft", {})
        checked = check_rows(store.organizations_csv, answer_rows(invite, draft, day), names)
        before = dict(progress)
        progress["submitted"] = draft | {"date": day, "time": now.isoformat(timespec="seconds")}
        state.save_progress(invite.hash, progress)
        try:
            rows = _organization_rows(state, store.organizations_csv, invite)
            store.replace(invite.organization, invite.wave, rows)
        except BaseException:
            state.save_progress(invite.hash, before)
            raise
        state.append_log(
            {
                "time": now.isoformat(timespec="seconds"),
                "respondent": invite.respondent,
                "organization": invite.organization,
                "wave": invite.wave,
                "consent": bool(draft.get("consent")),
                "partners": draft.get("partners", []),
                "answers": draft.get("answers", {}),
                "comment": draft.get("comment", ""),
            }
        )
    return len(checked)


def _organization_rows(state: SurveyState, organizations: Path, invite: Invite) -> pd.DataFrame:
    """The organization's typed rows for the wave: every submitted respondent, averaged."""
    parts = []
    for other in state.invites().values():
        if other.organization != invite.organization or other.wave != invite.wave:
            continue
        submitted = state.progress(other.hash).get("submitted")
        if submitted:
            rows = answer_rows(other, submitted, submitted["date"])
            parts.append(check_rows(organizations, rows, {}))
    if not parts:
        return coerce_table("perceptions", pd.DataFrame())
    frame = pd.concat(parts, ignore_index=True)
    agg = {item: "mean" for item in SURVEY_ITEMS} | {"date": "max", "wave": "first"}
    merged = frame.groupby(["rater", "ratee"], sort=True, as_index=False).agg(agg)
    return coerce_table("perceptions", merged)
