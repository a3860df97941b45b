"""The three report files of the isolated-NGO job, rendered from a :class:`JobResult`.

* ``report.json`` — run (id, time, duration), parameters, data source, counts, every flag with
  its reasons and last interaction, and the comparison with the previous run;
* ``isolated.csv`` — one row per flagged organization: ``status`` (``new`` / ``still``), then the
  columns of the ``isolated`` analysis table, with ``flags`` ``;``-joined;
* ``summary.md`` — a few lines of markdown fit for an e-mail or a chat message: counts, the newly
  isolated with their reasons, the recovered.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from stakeholder_graph.csvsafe import csv_text
from stakeholder_graph.network.isolation import COLUMNS, FLAGS

if TYPE_CHECKING:
    from stakeholder_graph.jobs.isolated import JobResult

REPORT_FORMAT = "stakeholder-graph/isolated-report/v1"
SUMMARY_LIST_LIMIT = 20
"""At most this many organizations per list in ``summary.md``; the rest are counted."""

CSV_COLUMNS = [
    "status",
    *[c for c in COLUMNS if c not in FLAGS and c != "reasons"],
    "flags",
    "reasons",
]


def _flag_lists(flags: pd.DataFrame) -> list[str]:
    on = flags[list(FLAGS)].to_numpy(bool)
    return [";".join(f for f, v in zip(FLAGS, row, strict=True) if v) for row in on]


def _dates(series: pd.Series) -> pd.Series:
    return series.dt.strftime("%Y-%m-%d").astype(object).where(series.notna(), None)


def render_csv(result: JobResult) -> str:
    """``isolated.csv``: the flagged organizations, newly isolated first."""
    flags = result.flags
    table = flags.assign(
        flags=_flag_lists(flags), last_interaction=_dates(flags["last_interaction"])
    )[CSV_COLUMNS]
    table = table.sort_values("status", key=lambda s: s.ne("new"), kind="stable")
    return csv_text(table, raw=result.params.raw_csv)


def report_dict(result: JobResult) -> dict[str, Any]:
    """The content of ``report.json`` as a dict."""
    flags = result.flags
    records = flags.assign(
        last_interaction=_dates(flags["last_interaction"]),
        flags=[s.split(";") if s else [] for s in _flag_lists(flags)],
        reasons=[[r for r in str(t).split("; ") if r] for t in flags["reasons"]],
    )[
        [
            "id",
            "name",
            "sector",
            "municipality",
            "status",
            "last_interaction",
            "ties",
            "public_ties",
            "window_interactions",
            "previous_interactions",
            "flags",
            "reasons",
        ]
    ].to_dict("records")
    previous = result.previous
    diff = result.diff
    return {
        "format": REPORT_FORMAT,
        "run": {
            "id": result.run.id,
            "started_at": result.started_at,
            "first_recorded_at": result.run.run_at,
            "run_date": result.run.run_date,
            "repeat_of_latest": result.repeat,
            "duration_seconds": result.timings.get("total"),
            "timings": result.timings,
        },
        "parameters": {
            **result.params.as_dict(),
            "as_of_date": result.as_of.date().isoformat() if result.as_of is not None else None,
        },
        "data_source": result.source,
        "previous_run": (
            {"id": previous.id, "run_at": previous.run_at, "run_date": previous.run_date}
            if previous is not None
            else None
        ),
        "counts": {
            "checked": result.checked,
            "isolated": len(flags),
            "newly_isolated": len(diff.newly_isolated),
            "still_isolated": len(diff.still_isolated),
            "recovered": len(diff.recovered),
            "by_flag": {f: int(flags[f].sum()) for f in FLAGS},
        },
        "flags": records,
        "diff": {
            "newly_isolated": diff.newly_isolated,
            "still_isolated": diff.still_isolated,
            "recovered": [
                {
                    "id": r["id"],
                    "name": r.get("name", ""),
                    "previous_flags": r.get("flags", []),
                    "previous_reasons": r.get("reasons", []),
                }
                for r in result.recovered
            ],
        },
        "fail_on_matched": result.fail_on_matched,
        "exit_code": result.exit_code,
    }


def render_json(result: JobResult) -> str:
    """``report.json``: :func:`report_dict`, indented, UTF-8."""
    from stakeholder_graph.jobs.state import json_lines

    return json_lines(report_dict(result))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _bullets(items: list[tuple[str, str, str]], limit: int, total: int | None = None) -> list[str]:
    total = len(items) if total is None else total
    lines = [f"- **{_md(name)}** (`{oid}`) — {_md(text)}" for oid, name, text in items[:limit]]
    if total > limit:
        lines.append(f"- … and {total - limit} more (see isolated.csv)")
    return lines


def render_summary(result: JobResult, limit: int = SUMMARY_LIST_LIMIT) -> str:
    """``summary.md``: counts, newly isolated with reasons, recovered; short enough for chat.

    Examples
    --------
    >>> _bullets([("n1", "Club *A*", "a single partner")], 5)
    ['- **Club \\\\*A\\\\*** (`n1`) — a single partner']
    """
    diff = result.diff
    flags = result.flags.set_index("id")
    as_of = result.as_of.date().isoformat() if result.as_of is not None else "undated data"
    name = result.source.get("name") or result.params.source
    lines = [f"# Isolated NGOs — {_md(name)}, as of {as_of}", ""]
    lines.append(
        f"{len(flags)} of {result.checked} civil and social-economy organizations flagged "
        f"(window {result.params.window_days} days)."
    )
    if result.previous is None:
        lines.append("First run: nothing to compare with, so every flag counts as new.")
    else:
        lines.append(
            f"Since the run of {result.previous.run_date}: **{len(diff.newly_isolated)} newly "
            f"isolated**, {len(diff.still_isolated)} still isolated, "
            f"**{len(diff.recovered)} recovered**."
        )
    if diff.newly_isolated:
        shown = flags.loc[diff.newly_isolated[: limit + 1]]
        items = list(zip(shown.index, shown["name"], shown["reasons"], strict=True))
        lines += ["", f"## Newly isolated ({len(diff.newly_isolated)})"]
        lines += _bullets(items, limit, len(diff.newly_isolated))
    if result.recovered:
        items = [
            (r["id"], r.get("name", ""), "was: " + "; ".join(r.get("reasons", [])))
            for r in result.recovered[: limit + 1]
        ]
        lines += ["", f"## Recovered ({len(result.recovered)})"]
        lines += _bullets(items, limit, len(result.recovered))
    if diff.still_isolated:
        lines += ["", f"Still isolated: {len(diff.still_isolated)} (see isolated.csv)."]
    lines += ["", f"Run `{result.run.id}`."]
    return "\n".join(lines) + "\n"
