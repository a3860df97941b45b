"""The documented ranges every date, window and weight is checked against.

pandas holds timestamps from 1677-09-21 to 2262-04-11; an isolation window reaches two window
lengths back from its end (the window and the one before it, for falling activity). Keeping
dates within :data:`DATE_MIN` … :data:`DATE_MAX` and windows up to :data:`MAX_WINDOW_DAYS`
therefore keeps every date arithmetic of the core inside what pandas can hold — so an odd date
is a clear exit-2 message at validation time, never an overflow deep inside an analysis.

Weights stay within ``[0, MAX_WEIGHT]``: sums over a hundred million ties remain finite, so
igraph never meets an infinite or NaN weight (which makes it abort the process).

Examples
--------
>>> check_date(pd.Timestamp("2024-05-01"), "--as-of").date().isoformat()
'2024-05-01'
>>> check_date(pd.Timestamp("1677-12-31"), "--as-of")
Traceback (most recent call last):
...
stakeholder_graph.errors.InputError: --as-of: 1677-12-31 is outside the supported range 1900-01-01 .. 2199-12-31
"""

from __future__ import annotations

import math

import pandas as pd

from stakeholder_graph.errors import InputError

DATE_MIN = pd.Timestamp("1900-01-01")
DATE_MAX = pd.Timestamp("2199-12-31")
MAX_WINDOW_DAYS = 36_500
"""A hundred years: the longest isolation window."""
MAX_WEIGHT = 1e6
"""The largest interaction weight accepted."""
MAX_LOCK_TIMEOUT = 7 * 86_400.0
"""A week: the longest ``--lock-timeout``."""


def date_range_text() -> str:
    """``1900-01-01 .. 2199-12-31``."""
    return f"{DATE_MIN.date().isoformat()} .. {DATE_MAX.date().isoformat()}"


def check_date(stamp: pd.Timestamp, name: str) -> pd.Timestamp:
    """``stamp`` when within :data:`DATE_MIN` … :data:`DATE_MAX`; else :class:`InputError`."""
    if not DATE_MIN <= stamp <= DATE_MAX:
        shown = stamp.date().isoformat() if not pd.isna(stamp) else str(stamp)
        raise InputError(f"{name}: {shown} is outside the supported range {date_range_text()}")
    return stamp


def parse_date_text(text: object, name: str) -> pd.Timestamp:
    """A date option's value (``YYYY-MM-DD``) as a range-checked timestamp; never NaT.

    An empty value (an unset shell variable) and anything pandas cannot read or hold is an
    :class:`InputError` naming the option.

    >>> parse_date_text("", "--as-of")
    Traceback (most recent call last):
    ...
    stakeholder_graph.errors.InputError: --as-of: an empty date; expected YYYY-MM-DD
    """
    if isinstance(text, pd.Timestamp):
        stamp = text
    else:
        value = str(text).strip() if text is not None else ""
        if not value:
            raise InputError(f"{name}: an empty date; expected YYYY-MM-DD")
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            raise InputError(
                f"{name}: {_quote(value)} is not a date (use YYYY-MM-DD, {date_range_text()})"
            ) from None
    if pd.isna(stamp):
        raise InputError(f"{name}: {_quote(str(text))} is not a date (use YYYY-MM-DD)")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return check_date(stamp, name)


def check_window_days(days: int, name: str) -> int:
    """A window length in days within ``1 … MAX_WINDOW_DAYS``."""
    if not 1 <= days <= MAX_WINDOW_DAYS:
        raise InputError(f"{name}: {days} days; expected 1 .. {MAX_WINDOW_DAYS} (100 years)")
    return days


def check_seconds(value: float, name: str, high: float = MAX_LOCK_TIMEOUT) -> float:
    """A finite number of seconds within ``0 … high`` (``nan`` and ``inf`` refused)."""
    if not (math.isfinite(value) and 0 <= value <= high):
        raise InputError(f"{name}: {value!r}; expected a number of seconds from 0 to {high:g}")
    return value


def _quote(value: str, limit: int = 80) -> str:
    """``value`` in quotes, cut to ``limit`` characters."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


def check_network_values(data: object) -> None:
    """Refuse a network whose weights or dates fall outside the documented ranges.

    ``validate`` reports these per file, line and column; this is the same guard for a network
    that did not come through it (built in code, read from Neo4j), so igraph never meets an
    infinite weight and no window arithmetic overflows.
    """
    import numpy as np

    interactions = data.interactions  # type: ignore[attr-defined]
    weights = interactions["weight"].to_numpy(dtype=float, na_value=1.0)
    bad = ~np.isfinite(weights) | (weights < 0) | (weights > MAX_WEIGHT)
    if bad.any():
        raise InputError(
            f"{int(bad.sum())} interaction weight(s) outside 0 .. {MAX_WEIGHT:g} "
            f"(first: {float(weights[bad][0]):g}); weights must be finite"
        )
    for table, column in (("interactions", "date"), ("interactions", "end_date")):
        frame = getattr(data, table)
        if column in frame:
            dates = frame[column].dropna()
            if len(dates) and (dates.min() < DATE_MIN or dates.max() > DATE_MAX):
                raise InputError(
                    f"{table}.{column}: dates outside the supported range {date_range_text()}"
                )
