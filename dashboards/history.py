"""What the scheduled isolated-NGO job found, read from its out folder for the Isolated view.

The job (``stakeholder-graph job isolated --out DIR``) leaves ``DIR/report.json``: the latest run,
the run it was compared with, and the organizations newly isolated, still isolated and recovered.
:func:`read_history` turns it into a :class:`JobHistory`; a missing or unreadable report gives
``None`` (the view then says no job history is available).

>>> read_history(None) is None
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORT = "report.json"


@dataclass(frozen=True)
class JobHistory:
    """The latest job run and its comparison with the previous one.

    ``status`` maps an organization id to ``new`` (newly isolated) or ``still``; ``recovered``
    lists ``(id, name)`` of organizations flagged before and not any more.
    """

    run_at: str
    as_of: str | None
    window_days: int | None
    previous_run_at: str | None
    counts: dict[str, int]
    status: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    recovered: tuple[tuple[str, str], ...] = ()


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_history(folder: str | Path | None) -> JobHistory | None:
    """The job history in ``folder`` (its ``report.json``), or ``None`` when there is none."""
    if folder is None:
        return None
    path = Path(folder) / REPORT
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or "counts" not in report:
        return None
    run = report.get("run") or {}
    params = report.get("parameters") or {}
    previous = report.get("previous_run") or {}
    counts = {k: _int(v) or 0 for k, v in (report.get("counts") or {}).items() if k != "by_flag"}
    flags = report.get("flags") or []
    status = {str(r["id"]): str(r.get("status", "")) for r in flags if "id" in r}
    names = {str(r["id"]): str(r.get("name", "")) for r in flags if "id" in r}
    recovered = tuple(
        (str(r.get("id", "")), str(r.get("name", "")))
        for r in (report.get("diff") or {}).get("recovered") or []
    )
    return JobHistory(
        run_at=str(run.get("started_at") or run.get("first_recorded_at") or ""),
        as_of=params.get("as_of_date"),
        window_days=_int(params.get("window_days")),
        previous_run_at=previous.get("run_at"),
        counts=counts,
        status=status,
        names=names,
        recovered=recovered,
    )
