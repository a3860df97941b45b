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
import io
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

PREFIX = "'"
"""What a dangerous cell is prefixed with."""

TRIGGERS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
"""Leading characters a spreadsheet may take as the start of a formula (with full-width forms)."""

_DANGEROUS = re.compile(r"^(?:[\t\r]| *[=+\-@\uff1d\uff0b\uff0d\uff20])")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_FIRST = "^(?:[\t\r]| *[=+\\-@\uff1d\uff0b\uff0d\uff20])"
""":data:`_DANGEROUS` in RE2 syntax (pyarrow): the cells that may need the prefix."""
CHUNK_ROWS = 25_000
"""Rows formatted at a time when a table is written (bounds the text held in memory: a piece
of the allies table at 100k, the widest, is about 8 MB of text and 45 MB of work while formatted;
smaller pieces cost more CPU per row)."""


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could evaluate ``text`` as a formula.

    >>> is_dangerous("=HYPERLINK(\\"http://x\\")"), is_dangerous("-12.5"), is_dangerous("a=b")
    (True, False, False)
    """
    return bool(_DANGEROUS.match(text)) and not _PLAIN_NUMBER.match(text)


def neutralise(values: pd.Series) -> pd.Series:
    """``values`` with every dangerous text cell prefixed by ``'`` (other cells unchanged).

    A column of text is scanned at C speed (pyarrow) for cells whose first character (after
    spaces) can start a formula; the full rule (:func:`is_dangerous`) runs on those only.
    """
    from stakeholder_graph.csvformat import is_text, text_array

    if values.dtype.kind not in "OSUT" and not is_text(values.dtype):
        return values
    array = text_array(values)
    if array is not None:
        candidate = pc.match_substring_regex(array, _FIRST).fill_null(False)
        rows = np.flatnonzero(candidate.to_numpy(zero_copy_only=False))
        if not len(rows):
            return values
        # Python text: the patterns are Python's, which pyarrow's RE2 (arrow-backed columns'
        # .str) rejects
        picked = values.iloc[rows].astype(object)
        danger = picked.str.match(_DANGEROUS.pattern).to_numpy(bool) & ~picked.str.match(
            _PLAIN_NUMBER.pattern
        ).to_numpy(bool)
        if not danger.any():
            return values
        out = values.astype(object).copy()
        out.iloc[rows[danger]] = PREFIX + picked[danger].astype(object)
        return out
    text_cells = values.map(type).eq(str).to_numpy() if values.dtype == object else None
    text = values.astype("string")
    danger = text.str.match(_DANGEROUS.pattern).fillna(False).to_numpy(bool) & ~text.str.match(
        _PLAIN_NUMBER.pattern
    ).fillna(False).to_numpy(bool)
    if text_cells is not None:
        danger &= text_cells
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
    from stakeholder_graph.csvformat import is_text

    text_columns = [c for c in frame.columns if is_text(frame[c].dtype)]
    if not text_columns:
        return frame
    safe = frame.copy()
    for column in text_columns:
        safe[column] = neutralise(frame[column])
    return safe


def csv_text(frame: pd.DataFrame, raw: bool = False, **options: object) -> str:
    """``frame`` as CSV text (UTF-8, ``\\n`` line ends, no index), spreadsheet-safe unless raw."""
    return "".join(csv_chunks(frame, raw, **options))


def csv_chunks(
    frame: pd.DataFrame, raw: bool = False, rows: int = CHUNK_ROWS, **options: object
) -> Iterator[str]:
    """:func:`csv_text` of ``frame`` in pieces of ``rows`` rows (the header with the first).

    Joined, the pieces are :func:`csv_text`. See :func:`csv_byte_chunks`.
    """
    for piece in csv_byte_chunks(frame, raw, rows, **options):
        yield piece.decode("utf-8")


def csv_byte_chunks(
    frame: pd.DataFrame, raw: bool = False, rows: int = CHUNK_ROWS, **options: object
) -> Iterator[bytes]:
    """:func:`csv_chunks` encoded as UTF-8.

    Written one by one (:meth:`StagedFiles.write_chunks
    <stakeholder_graph.fileio.StagedFiles.write_chunks>`), a table of a million rows never
    exists as one string, as a neutralised copy, nor as a whole in pyarrow: each piece is
    formatted column by column (:func:`stakeholder_graph.csvformat.csv_bytes`, the same bytes as
    pandas' ``to_csv``), its text columns converted to pyarrow piece by piece; frames it does not
    cover are written by pandas.
    """
    from stakeholder_graph.csvformat import DEFAULT_OPTIONS, csv_bytes, text_array

    options = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d", **options}
    rows = max(int(rows), 1)
    texts = _text_positions(frame)
    if _has_carriage_return(frame, texts, rows):
        # Python's csv writer quotes a field holding a line terminator, and "\r" is none with
        # "\n" line ends: an unquoted "\r" would split the row for every reader. Quote text.
        # (A prefix never adds a "\r", so the raw frame decides for the neutralised one.)
        options.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    header = options.pop("header", True)
    fast_options = {**DEFAULT_OPTIONS, **options} == DEFAULT_OPTIONS
    for start in range(0, max(len(frame), 1), rows):
        part = frame.iloc[start : start + rows]
        first = header if start == 0 else False
        if isinstance(first, bool) and fast_options:
            # a column converted for this piece alone: the whole table is never held in
            # pyarrow beside its frame (hundreds of MB for the largest tables at 100k)
            chunk = {i: text_array(part.iloc[:, i]) for i in texts}
            chunk = {i: text for i, text in chunk.items() if text is not None}
            if not raw:
                chunk = {i: _neutralise_text(text) for i, text in chunk.items()}
            fast = csv_bytes(part, header=first, texts=chunk, **options)
            del chunk
            if fast is not None:
                yield fast
                continue
        buffer = io.StringIO()
        table = part if raw else spreadsheet_safe(part)
        table.to_csv(buffer, header=first, **options)  # type: ignore[call-overload]
        yield buffer.getvalue().encode("utf-8")


def _text_positions(frame: pd.DataFrame) -> list[int]:
    """Positions of the columns of ``frame`` that may hold text."""
    from stakeholder_graph.csvformat import is_text

    return [
        i
        for i in range(frame.shape[1])
        if frame.dtypes.iloc[i].kind == "O" or is_text(frame.dtypes.iloc[i])
    ]


def _neutralise_text(array: pa.Array) -> pa.Array:
    """:func:`neutralise` on a pyarrow string array (the full rule on the candidates only)."""
    candidate = pc.match_substring_regex(array, _FIRST).fill_null(False)
    if not pc.any(candidate).as_py():
        return array
    rows = np.flatnonzero(candidate.to_numpy(zero_copy_only=False))
    picked = pd.Series(array.take(pa.array(rows)).to_pylist(), dtype=object)
    danger = picked.str.match(_DANGEROUS.pattern).to_numpy(bool) & ~picked.str.match(
        _PLAIN_NUMBER.pattern
    ).to_numpy(bool)
    if not danger.any():
        return array
    mask = np.zeros(len(array), dtype=bool)
    mask[rows[danger]] = True
    prefixed = pa.array((PREFIX + picked[danger]).tolist(), type=pa.string())
    return pc.replace_with_mask(array, pa.array(mask), prefixed)


def _has_carriage_return(
    frame: pd.DataFrame, texts: list[int] | None = None, rows: int = CHUNK_ROWS
) -> bool:
    """Whether a text cell of ``frame`` holds a carriage return, read ``rows`` rows at a time."""
    from stakeholder_graph.csvformat import has_carriage_return, is_arrow_text, text_array

    texts = _text_positions(frame) if texts is None else texts
    for position in texts:
        values = frame.iloc[:, position]
        if is_arrow_text(values.dtype):  # searched where it is, without a copy
            if has_carriage_return(pa.array(values.array)):
                return True
            continue
        for start in range(0, len(values), rows):
            piece = values.iloc[start : start + rows]
            array = text_array(piece)
            if array is not None:
                if has_carriage_return(array):
                    return True
            elif piece.astype("string").str.contains("\r", regex=False).fillna(False).any():
                return True
    return False


def write_csv(frame: pd.DataFrame, path: str | Path, raw: bool = False) -> Path:
    """Write ``frame`` to ``path`` atomically (temporary file, then rename) as safe CSV."""
    from stakeholder_graph.fileio import atomic_write_text

    return atomic_write_text(Path(path), csv_text(frame, raw=raw))


__all__ = [
    "PREFIX",
    "TRIGGERS",
    "csv_byte_chunks",
    "csv_chunks",
    "csv_text",
    "is_dangerous",
    "spreadsheet_safe",
    "write_csv",
]
