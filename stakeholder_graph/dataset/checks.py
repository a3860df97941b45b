"""Vectorised checks of one text table: each turns a column into typed values and reports the rows
that fail, by their physical line, through :class:`~stakeholder_graph.dataset.problems.Findings`.

Each check runs once per distinct value of a column (:meth:`RawTable.encoded
<stakeholder_graph.dataset.raw.RawTable.encoded>`) and reaches the rows through their codes:
the same pandas parsing as over the whole column, so the same values and messages, at the cost
of the distinct values (a few hundred dates, a hundred thousand organization ids among a
million interactions).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from stakeholder_graph.bounds import DATE_MAX, DATE_MIN, date_range_text
from stakeholder_graph.dataset.problems import Findings, did_you_mean
from stakeholder_graph.dataset.raw import RawTable

TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")
MAX_VALUE_WARNINGS = 10
"""Distinct off-vocabulary values warned about per column; the rest are counted in one line."""


class TableCheck:
    """Checks over the columns of one :class:`RawTable`, reporting into shared findings."""

    def __init__(self, raw: RawTable, errors: Findings, warnings: Findings) -> None:
        self.raw = raw
        self.errors = errors
        self.warnings = warnings
        self.n = len(raw)
        self.lines = raw.lines
        self._given: dict[str, np.ndarray] = {}

    # -- access ------------------------------------------------------------------------------
    def has(self, column: str) -> bool:
        """True when the file has ``column``."""
        return column in self.raw.names

    def text(self, column: str) -> pd.Series:
        """The stripped text of ``column`` (all ``""`` when the file lacks it)."""
        if self.has(column):
            return self.raw.column(column)
        return pd.Series(np.full(self.n, "", dtype=object), dtype=object)

    def values_at(self, column: str, mask: np.ndarray) -> np.ndarray:
        """The text of ``column`` in the rows where ``mask`` holds (``object`` array)."""
        codes, uniques = self.coded(column)
        return uniques.to_numpy()[codes[mask]]

    def coded(self, column: str) -> tuple[np.ndarray, pd.Series]:
        """``(codes, uniques)`` of ``column``: ``uniques`` a Series of its distinct values."""
        if self.has(column):
            codes, uniques = self.raw.encoded(column)
            return codes, pd.Series(uniques, dtype=object)
        return np.zeros(self.n, dtype=np.int32), pd.Series([""], dtype=object)

    def per_row(self, column: str, per_value: np.ndarray | pd.Series) -> np.ndarray:
        """Spread a result computed per distinct value of ``column`` over its rows."""
        return np.asarray(per_value)[self.coded(column)[0]]

    def given(self, column: str) -> np.ndarray:
        """Boolean mask of the rows where ``column`` is not empty (cached)."""
        if column not in self._given:
            _, uniques = self.coded(column)
            self._given[column] = self.per_row(column, (uniques != "").to_numpy())
        return self._given[column]

    def same(self, column: str, other: str) -> np.ndarray:
        """Boolean mask of the rows where ``column`` and ``other`` hold the same text."""
        codes, uniques = self.coded(column)
        other_codes, other_uniques = self.coded(other)
        mapped = pd.Index(uniques).get_indexer(other_uniques.to_numpy())
        return codes == mapped[other_codes]

    def flag(
        self,
        mask: np.ndarray | pd.Series,
        column: str | None,
        values: pd.Series | np.ndarray | str,
        message: Callable[[Any], str],
    ) -> None:
        """Report every row where ``mask`` holds; ``message(value)`` words one finding.

        ``values`` are the rows' values, or the name of the column whose text they are.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if isinstance(values, str):
            vals = self.values_at(values, mask)
        else:
            vals = np.asarray(values, dtype=object)[mask]
        self.errors.add_rows(self.raw.rank, self.raw.label, self.lines[mask], column, vals, message)

    def header_error(self, message: str, column: str | None = None) -> None:
        """Report a problem with the header line."""
        self.errors.add(
            self.raw.rank, self.raw.label, message, line=self.raw.header_line, column=column
        )

    # -- checks ------------------------------------------------------------------------------
    def columns(self, required: Sequence[str], known: Collection[str]) -> bool:
        """Missing required columns are errors, unknown ones warnings. True when all are there."""
        ok = True
        for column in required:
            if not self.has(column):
                others = [c for c in self.raw.names if c not in known]
                self.header_error("missing required column" + did_you_mean(column, others), column)
                ok = False
        for column in self.raw.names:
            if column not in known:
                self.warnings.add(
                    self.raw.rank,
                    self.raw.label,
                    "unknown column, ignored" + did_you_mean(column, list(known)),
                    line=self.raw.header_line,
                    column=column,
                )
        return ok

    def nonempty(self, column: str, what: str) -> pd.Series:
        """The column's text; empty cells are errors (``empty id``, ``empty source``, ...)."""
        s = self.text(column)
        self.flag(~self.given(column), column, s, lambda _v: f"empty {what}")
        return s

    def unique(self, column: str, what: str = "id") -> None:
        """Repeated non-empty values are errors naming the line of the first occurrence."""
        codes, _ = self.coded(column)
        # codes number values in order of first appearance: a row repeats an earlier value
        # exactly when its code is not above every code before it
        dup = np.zeros(self.n, dtype=bool)
        if self.n > 1:
            dup[1:] = codes[1:] <= np.maximum.accumulate(codes[:-1])
        dup &= self.given(column)
        if not dup.any():
            return
        # the line of each value's first row: the first row holding each code
        seen = np.flatnonzero(np.r_[True, codes[1:] > np.maximum.accumulate(codes[:-1])])
        first = dict(zip(self.values_at(column, seen), self.lines[seen].tolist(), strict=True))
        self.flag(
            dup,
            column,
            column,
            lambda v: f"duplicate {what} '{v}' (first on line {first[v]})",
        )

    def choice(self, column: str, allowed: Sequence[str], required: bool, what: str) -> pd.Series:
        """Values outside ``allowed`` are errors with a did-you-mean; empty is allowed unless
        ``required``."""
        s = self.text(column)
        bad = ~self.per_row(column, self.coded(column)[1].isin(allowed).to_numpy())
        if not required:
            bad &= self.given(column)
        expected = ", ".join(allowed)
        self.flag(
            bad,
            column,
            s,
            lambda v: (
                (f"empty {what}" if v == "" else f"unknown {what} '{v}'")
                + f"; expected one of {expected}"
                + did_you_mean(v, allowed)
            ),
        )
        return s

    def references(
        self, column: str, known: pd.Index, what: str, where: str, extra: Collection[str] = ()
    ) -> None:
        """Non-empty values that are not ids of ``known`` are errors (``unknown organization``)."""
        uniques = self.coded(column)[1]
        unknown = ~uniques.isin(known).to_numpy()
        if extra and unknown.any():
            unknown &= ~uniques.isin(list(extra)).to_numpy()
        bad = self.per_row(column, unknown) & self.given(column)
        choices = list(known) if len(known) <= 5_000 else []
        self.flag(
            bad,
            column,
            column,
            lambda v: f"unknown {what} '{v}' (not an id in {where})" + did_you_mean(v, choices),
        )

    def dates(self, column: str) -> pd.Series:
        """Dates as ``datetime64[ns]`` (``YYYY-MM-DD``, or ``DD.MM.YYYY``); others are errors."""
        given = self.given(column)
        _, uniques = self.coded(column)
        nonempty = (uniques != "").to_numpy()
        parsed = pd.to_datetime(uniques.where(nonempty), format="%Y-%m-%d", errors="coerce")
        retry = nonempty & parsed.isna().to_numpy()
        if retry.any():
            dotted = pd.to_datetime(uniques[retry], format="%d.%m.%Y", errors="coerce")
            parsed = parsed.where(~retry, dotted.reindex(parsed.index))
        parsed = pd.Series(self.per_row(column, parsed.astype("datetime64[ns]")))
        bad = given & parsed.isna().to_numpy()
        self.flag(bad, column, column, lambda v: f"bad date '{v}'; expected YYYY-MM-DD")
        outside = given & ~bad & ~parsed.between(DATE_MIN, DATE_MAX).to_numpy()
        self.flag(
            outside,
            column,
            column,
            lambda v: f"date '{v}' is outside the supported range {date_range_text()}",
        )
        return parsed.where(~outside).astype("datetime64[ns]")

    def not_before(self, start: pd.Series, end: pd.Series, column: str, start_name: str) -> None:
        """Rows whose ``end`` falls before ``start`` are errors on ``column``."""
        bad = (end < start).to_numpy()
        self.flag(
            bad,
            column,
            column,
            lambda v: f"'{v}' is before {start_name}",
        )

    def numbers(
        self, column: str, low: float | None, high: float | None, what: str = "number"
    ) -> pd.Series:
        """Finite numbers in ``[low, high]`` as float64 (NaN where empty); others are errors."""
        given = self.given(column)
        _, uniques = self.coded(column)
        source = uniques.str.replace(",", ".", regex=False) if self.raw.decimal_comma else uniques
        parsed = pd.to_numeric(source.where(uniques != ""), errors="coerce").astype("float64")
        values = pd.Series(self.per_row(column, parsed), dtype="float64")
        v = values.to_numpy()
        not_number = given & ~np.isfinite(v)
        self.flag(not_number, column, column, lambda x: f"not a number: '{x}'")
        out_of_range = given & np.isfinite(v)
        if low is not None and high is not None:
            out_of_range &= (v < low) | (v > high)
            rule = f"must be between {low:g} and {high:g}"
        elif low is not None:
            out_of_range &= v < low
            rule = f"must be at least {low:g}"
        else:
            out_of_range &= False
            rule = ""
        self.flag(out_of_range, column, column, lambda x: f"{what} {x} out of range: {rule}")
        return values.where(given & ~not_number & ~out_of_range)

    def integers(self, column: str, low: float, high: float | None) -> pd.Series:
        """Whole numbers in range (as float64, NaN where empty); fractions are errors."""
        values = self.numbers(column, low, high)
        v = values.to_numpy()
        fraction = np.isfinite(v) & (v != np.round(v))
        self.flag(fraction, column, column, lambda x: f"not a whole number: '{x}'")
        return values

    def booleans(self, column: str) -> pd.Series:
        """``true/false/yes/no/1/0`` in any case as nullable boolean; others are errors."""
        mapping = dict.fromkeys(TRUE_WORDS, True) | dict.fromkeys(FALSE_WORDS, False)
        per_value = self.coded(column)[1].str.lower().map(mapping).astype("boolean")
        values = pd.Series(per_value.array.take(self.coded(column)[0]), dtype="boolean")
        bad = self.given(column) & values.isna().to_numpy()
        self.flag(bad, column, column, lambda v: f"'{v}' is not true/false (or yes/no, 1/0)")
        return values

    def vocabulary(
        self, column: str, words: Sequence[str], what: str, separator: str | None = None
    ) -> None:
        """Warn once per value outside ``words`` (with its row count and first line)."""
        vocabulary = pd.Index(words)
        _, uniques = self.coded(column)
        if separator is not None:
            parts = uniques.str.split(separator).explode().str.strip()
            off_parts = (parts != "") & ~parts.isin(vocabulary) & parts.notna()
            off_value = off_parts.groupby(level=0).any().reindex(uniques.index, fill_value=False)
        else:
            off_value = (uniques != "") & ~uniques.isin(vocabulary)
        rows = self.per_row(column, off_value.to_numpy(bool))
        if not rows.any():
            return
        # only rows with a value off the vocabulary (their row numbers as the index)
        s = pd.Series(self.values_at(column, rows), index=np.flatnonzero(rows), dtype=object)
        if separator is not None:
            s = s.str.split(separator).explode().str.strip()
        off = s[(s != "") & ~s.isin(vocabulary) & s.notna()]
        if off.empty:
            return
        frame = pd.DataFrame({"value": off.to_numpy(), "line": self.lines[off.index.to_numpy()]})
        stats = frame.groupby("value", sort=False)["line"].agg(["min", "size"]).sort_values("min")
        for value, (line, size) in stats.head(MAX_VALUE_WARNINGS).iterrows():
            rows = f"{size} rows" if size != 1 else "1 row"
            self.warnings.add(
                self.raw.rank,
                self.raw.label,
                f"{what} '{value}' is not in the vocabulary ({rows}); kept as is"
                + did_you_mean(str(value), words),
                line=int(line),
                column=column,
            )
        if len(stats) > MAX_VALUE_WARNINGS:
            self.warnings.add(
                self.raw.rank,
                self.raw.label,
                f"... and {len(stats) - MAX_VALUE_WARNINGS} more {what}s outside the vocabulary",
                column=column,
            )


def row_ids(content: pd.DataFrame) -> np.ndarray:
    """Stable ids for rows: ``"h"`` + 16 hex digits of a hash of the row and its repeat number.

    The hash is :func:`pandas.util.hash_pandas_object` (SipHash with a fixed key, so the same
    typed values give the same id on every machine and every run); the n-th copy of an
    identical row hashes with ``n``, so copies get distinct ids.

    Examples
    --------
    >>> ids = row_ids(pd.DataFrame({"a": ["x", "x", "y"]}))
    >>> ids[0] != ids[1], len(ids[0]), ids[0][0]
    (True, 17, 'h')
    """
    row_hash = pd.util.hash_pandas_object(content, index=False).to_numpy()
    if pd.Series(row_hash).duplicated().any():
        repeat = pd.Series(row_hash).groupby(row_hash).cumcount().to_numpy()
    else:
        repeat = np.zeros(len(row_hash), dtype=np.int64)
    pair = pd.DataFrame({"row": row_hash, "repeat": repeat.astype(np.uint64)})
    final = pd.util.hash_pandas_object(pair, index=False).to_numpy().astype(">u8")
    digits = np.frombuffer(binascii.hexlify(final.tobytes()), dtype="S16").astype(str)
    return np.char.add("h", digits).astype(object)
