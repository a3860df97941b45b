"""Spreadsheet-safe CSV: the one function every CSV this project writes goes through.

A spreadsheet that opens a CSV evaluates a cell starting with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``, ``@SUM(1+1)``), and a leading tab or
carriage return can smuggle one past a quick look; quoting the field does not stop it. Following
the OWASP advice on CSV injection, :func:`spreadsheet_safe` prefixes such text cells with a single
quote ``'``, which makes every spreadsheet show the text as typed. Numbers stay numbers: numeric
columns are never touched, and a text cell that is a plain number (``-3``, ``+1.5e3``) is left
as it is, since a spreadsheet reads it as that number and nothing else.

:func:`write_csv` (a file) and :func:`csv_text` (a string) apply it unless ``raw=True``
(the CLI's ``--raw-csv``, for pipelines that want the bytes as stored).

Reference: OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"name": ["=1+1", "@SUM(A1)", "-3", "Plain"], "n": [-1, 2, 3, 4]})
>>> spreadsheet_safe(frame)["name"].tolist()
["'=1+1", "'@SUM(A1)", '-3', 'Plain']
>>> print(csv_text(frame.head(1)), end="")
name,n
'=1+1,-1
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

PREFIX = "'"
"""What a dangerous cell is prefixed with."""

TRIGGERS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
"""Leading characters a spreadsheet may take as the start of a formula (with full-width forms)."""

_DANGEROUS = re.compile(r"^(?:[\t\r]| *[=+\-@\uff1d\uff0b\uff0d\uff20])")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could evaluate ``text`` as a formula.

    >>> is_dangerous("=HYPERLINK(\\"http://x\\")"), is_dangerous("-12.5"), is_dangerous("a=b")
    (True, False, False)
    """
    return bool(_DANGEROUS.match(text)) and not _PLAIN_NUMBER.match(text)


def neutralise(values: pd.Series) -> pd.Series:
    """``values`` with every dangerous text cell prefixed by ``'`` (other cells unchanged)."""
    if values.dtype.kind not in "OSUT" and not isinstance(values.dtype, pd.StringDtype):
        return values
    is_text = values.map(type).eq(str).to_numpy() if values.dtype == object else None
    text = values.astype("string")
    danger = text.str.match(_DANGEROUS.pattern).fillna(False).to_numpy(bool) & ~text.str.match(
        _PLAIN_NUMBER.pattern
    ).fillna(False).to_numpy(bool)
    if is_text is not None:
        danger &= is_text
    if not danger.any():
        return values
    out = values.astype(object).copy()
    out[danger] = PREFIX + text[danger].astype(object)
    return out


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells a spreadsheet cannot evaluate as formulas.

    Vectorised over each text column; numeric, boolean and date columns are returned as they
    are. See the module docstring for the rule and its reference.
    """
    text_columns = [
        c
        for c in frame.columns
        if frame[c].dtype == object or isinstance(frame[c].dtype, pd.StringDtype)
    ]
    if not text_columns:
        return frame
    safe = frame.copy()
    for column in text_columns:
        safe[column] = neutralise(frame[column])
    return safe


def csv_text(frame: pd.DataFrame, raw: bool = False, **options: object) -> str:
    """``frame`` as CSV text (UTF-8, ``\\n`` line ends, no index), spreadsheet-safe unless raw."""
    table = frame if raw else spreadsheet_safe(frame)
    options = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d", **options}
    if _has_carriage_return(table):
        # Python's csv writer quotes a field holding a line terminator, and "\r" is none with
        # "\n" line ends: an unquoted "\r" would split the row for every reader. Quote text.
        options.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    return table.to_csv(**options)  # type: ignore[call-overload, no-any-return]


def _has_carriage_return(frame: pd.DataFrame) -> bool:
    for column in frame.columns:
        values = frame[column]
        text = values.dtype == object or isinstance(values.dtype, pd.StringDtype)
        if text and values.astype("string").str.contains("\r", regex=False).fillna(False).any():
            return True
    return False


def write_csv(frame: pd.DataFrame, path: str | Path, raw: bool = False) -> Path:
    """Write ``frame`` to ``path`` atomically (temporary file, then rename) as safe CSV."""
    from stakeholder_graph.fileio import atomic_write_text

    return atomic_write_text(Path(path), csv_text(frame, raw=raw))


__all__ = ["PREFIX", "TRIGGERS", "csv_text", "is_dangerous", "spreadsheet_safe", "write_csv"]
