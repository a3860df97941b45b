"""The state a run leaves for the next one: ``<out>/state.json``, and the JSON layout of files.

``state.json`` holds what the latest run flagged (``latest``) and the run it was compared with
(``base``); the next run compares with ``latest``, or — when it repeats the latest run — with
``base``, so a repeat reports the same comparison.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import file_errors

STATE_FORMAT = "stakeholder-graph/isolated-state/v1"
STATE_FILE = "state.json"


@dataclass(frozen=True)
class RunSnapshot:
    """What a run flagged, as kept in the state file or in Neo4j.

    ``flagged`` maps organization id to ``{"name", "flags", "reasons"}`` (lists of strings).
    """

    id: str
    run_at: str
    run_date: str
    content_key: str
    flagged: dict[str, dict[str, Any]]
    base_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the state file's layout)."""
        return {
            "id": self.id,
            "run_at": self.run_at,
            "run_date": self.run_date,
            "content_key": self.content_key,
            "compared_with": self.base_id,
            "flagged": self.flagged,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RunSnapshot:
        """Inverse of :meth:`as_dict`."""
        return cls(
            id=str(raw["id"]),
            run_at=str(raw["run_at"]),
            run_date=str(raw["run_date"]),
            content_key=str(raw.get("content_key", "")),
            flagged={str(k): dict(v) for k, v in dict(raw.get("flagged") or {}).items()},
            base_id=raw.get("compared_with"),
        )


def read_state(out: Path) -> tuple[RunSnapshot | None, RunSnapshot | None]:
    """``(latest run, the run it was compared with)`` from ``out/state.json`` (None when absent)."""
    path = out / STATE_FILE
    if not path.exists() and not path.is_symlink():
        return None, None
    with file_errors(path, "read the previous run's state"):
        text = path.read_text(encoding="utf-8")
    try:
        raw = json.loads(text)
        latest = RunSnapshot.from_dict(raw["latest"])
        base = RunSnapshot.from_dict(raw["base"]) if raw.get("base") else None
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(
            f"{path}: unreadable state of the previous run ({error}); move it away to start afresh"
        ) from None
    return latest, base


def state_text(run: RunSnapshot, base: RunSnapshot | None) -> str:
    """The state file for a run and the run it was compared with."""
    state = {
        "format": STATE_FORMAT,
        "latest": run.as_dict(),
        "base": base.as_dict() if base is not None else None,
    }
    return json_lines(state)


def json_lines(value: Any, depth: int = 0) -> str:
    """JSON laid out one key per line (dicts down to three levels) and one list item per line.

    Readable and diffable like indented JSON, but each list item and each deeper value is
    encoded in one call of the C encoder (indented ``json.dumps`` runs in pure Python: seconds
    on a large report).

    Examples
    --------
    >>> print(json_lines({"a": 1, "b": [{"x": 1}, {"x": 2}], "c": {"d": {"e": [1]}}}), end="")
    {
     "a": 1,
     "b": [
      {"x": 1},
      {"x": 2}
     ],
     "c": {
      "d": {
       "e": [1]
      }
     }
    }
    """
    indent, inner = " " * depth, " " * (depth + 1)
    end = "" if depth else "\n"
    if isinstance(value, dict) and value and depth < 3:
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {json_lines(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}" + end
    if isinstance(value, list) and value and depth < 3 and len(value) > 1:
        items = [inner + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{indent}]" + end
    return json.dumps(value, ensure_ascii=False) + end
