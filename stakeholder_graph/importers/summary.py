"""What an import did, in one summary: what it mapped, guessed and dropped, and why.

Every importer fills an :class:`ImportSummary` as it goes; nothing is dropped without a line
here. Dropped rows name their ``FILE:LINE`` (or the element) so a coordinator can find them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

LISTED = 20
"""At most this many dropped items are listed per reason; the rest are counted."""


@dataclass
class ImportSummary:
    """The record of one import.

    Attributes
    ----------
    kind:
        The source format (``"kumu"``, ``"graphml"``, ...).
    source:
        The file read.
    mapped:
        One line per source column or value mapped onto the dataset format.
    guessed:
        One line per decision taken without an explicit mapping (a sector read from a type's
        words, a direction read as initiative, ...).
    dropped:
        Reason -> the items dropped for it (``FILE:LINE`` or an element's name).
    counts:
        Rows written per table.

    Examples
    --------
    >>> s = ImportSummary("edgelist", "ties.csv")
    >>> s.drop("self-loop (an organization tied to itself)", "ties.csv:7")
    >>> s.lines()[-1]
    '  1 self-loop (an organization tied to itself): ties.csv:7'
    """

    kind: str
    source: str
    mapped: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=dict)

    def map(self, text: str) -> None:
        """Record a mapping (kept once, in first-seen order)."""
        if text not in self.mapped:
            self.mapped.append(text)

    def guess(self, text: str) -> None:
        """Record a guess (kept once, in first-seen order)."""
        if text not in self.guessed:
            self.guessed.append(text)

    def drop(self, reason: str, *where: str) -> None:
        """Record items dropped for ``reason``."""
        self.dropped[reason].extend(where)

    def n_dropped(self) -> int:
        """How many items were dropped, all reasons together."""
        return sum(len(v) for v in self.dropped.values())

    def lines(self) -> list[str]:
        """The summary as text lines (what the ``import`` command prints)."""
        out = [f"imported {self.kind} {self.source}"]
        if self.counts:
            out.append("wrote " + ", ".join(f"{t} {n}" for t, n in self.counts.items()))
        for title, items in (("mapped", self.mapped), ("guessed", self.guessed)):
            out.append(f"{title}:" if items else f"{title}: nothing")
            out.extend(f"  {item}" for item in items)
        if not self.dropped:
            out.append("dropped: nothing")
            return out
        out.append(f"dropped: {self.n_dropped()}")
        for reason, items in self.dropped.items():
            shown = ", ".join(items[:LISTED])
            more = f" and {len(items) - LISTED} more" if len(items) > LISTED else ""
            out.append(f"  {len(items)} {reason}: {shown}{more}")
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (written as ``import-summary.json`` beside the dataset)."""
        return {
            "kind": self.kind,
            "source": self.source,
            "counts": dict(self.counts),
            "mapped": list(self.mapped),
            "guessed": list(self.guessed),
            "dropped": {reason: list(items) for reason, items in self.dropped.items()},
        }
