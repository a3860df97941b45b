"""Collect validation findings as ``FILE:LINE: column COL: message`` lines, capped and sorted.

A :class:`Findings` object gathers errors (or warnings) from vectorised checks. A check hands
over the lines of every offending row at once; only the first few are turned into text, so a
column of a million bad values costs one sort, not a million formatted messages.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

QUOTE_CHARS = 80
"""Bad values in messages are cut to this many characters."""

# A value quoted in a message keeps the message on one line: line breaks, tabs and NUL are
# shown escaped (an unclosed quote in a CSV can pull the next lines into one field).
_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\0"})


def clip(value: object, limit: int = QUOTE_CHARS) -> str:
    """``value`` as one line of text cut to ``limit`` characters (with ``…`` when cut).

    >>> clip("a\\nb"), len(clip("x" * 200))
    ('a\\\\nb', 80)
    """
    text = str(value).translate(_ESCAPES)
    return text if len(text) <= limit else text[: limit - 1] + "…"


LIMIT = 50
"""At most this many findings are listed; one more line says how many were left out."""


def location(label: str, line: int | None = None, column: str | None = None) -> str:
    """The ``FILE:LINE: column COL:`` prefix of a finding.

    Examples
    --------
    >>> location("organizations.csv", 4, "sector")
    'organizations.csv:4: column sector:'
    >>> location("book.xlsx[interactions]", 1)
    'book.xlsx[interactions]:1:'
    >>> location("perceptions.csv")
    'perceptions.csv:'
    """
    text = label if line is None else f"{label}:{line}"
    if column is not None:
        text += f": column {column}"
    return text + ":"


def did_you_mean(value: str, choices: Sequence[str], limit: int = 20_000) -> str:
    """A ``" (did you mean 'x'?)"`` hint for ``value`` among ``choices``, or ``""``.

    Uses :func:`difflib.get_close_matches` (Ratcliff/Obershelp similarity >= 0.6), also on the
    lower-cased value so ``"Public"`` suggests ``"public"``. No hint when there are more than
    ``limit`` choices (the search would be slow and the hint rarely right).

    Examples
    --------
    >>> did_you_mean("pubic", ["public", "private", "civil", "social_economy"])
    " (did you mean 'public'?)"
    >>> did_you_mean("zzz", ["public"])
    ''
    """
    if not value or len(choices) > limit:
        return ""
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return f" (did you mean '{lowered[value.lower()]}'?)"
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    if not matches:
        matches = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


@dataclass
class Findings:
    """Errors or warnings of one validation run, kept in file and line order.

    Parameters
    ----------
    kind:
        ``"problem"`` or ``"warning"``: the noun used in the "... and N more" line.
    limit:
        How many findings are listed.
    """

    kind: str = "problem"
    limit: int = LIMIT
    _items: list[tuple[int, int, int, str]] = field(default_factory=list)
    _count: int = 0

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def add(
        self,
        rank: int,
        label: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        """Add one finding. ``rank`` orders files (the table's position, -1 for the dataset)."""
        self._count += 1
        key = -1 if line is None else int(line)
        self._items.append(
            (rank, key, len(self._items), f"{location(label, line, column)} {message}")
        )

    def add_rows(
        self,
        rank: int,
        label: str,
        lines: np.ndarray,
        column: str | None,
        values: Sequence[Any] | np.ndarray,
        message: Callable[[Any], str],
    ) -> None:
        """Add one finding per offending row; ``message(value)`` is called for the first few only.

        ``lines`` and ``values`` are aligned arrays holding the rows that failed a check.
        """
        lines = np.asarray(lines)
        n = len(lines)
        if n == 0:
            return
        order = np.argsort(lines, kind="stable")[: self.limit]
        values = np.asarray(values, dtype=object)
        for i in order:  # a value is quoted on one line, at most ~80 characters long
            value = values[i]
            if isinstance(value, str):
                value = clip(value)
            self.add(rank, label, message(value), int(lines[i]), column)
        self._count += n - len(order)

    def lines(self) -> list[str]:
        """The findings as text, sorted by file then line, capped at ``limit`` plus a count."""
        items = sorted(self._items)[: self.limit]
        text = [t for _, _, _, t in items]
        left = self._count - len(text)
        if left > 0:
            text.append(f"... and {left} more {self.kind}{'s' if left != 1 else ''} not shown")
        return text

    def extend(self, other: Iterable[str], rank: int = -1) -> None:
        """Add already formatted findings (kept in the given order, before any file)."""
        for t in other:
            self._count += 1
            self._items.append((rank, -1, len(self._items), t))
