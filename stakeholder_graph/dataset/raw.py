"""Read the files of a dataset into text tables that remember the physical line of every row.

The stdlib :mod:`csv` module parses CSV files (it counts physical lines, so a row after a quoted
field spanning several lines still gets its true line number); a file without any quote whose
lines all have the header's field count — what generators and exports usually write — is parsed
by pyarrow's CSV reader instead, where line ``k`` is record ``k - 1``. ``openpyxl`` reads workbooks. Both
give a :class:`RawTable`: every cell as stripped text plus the line (or sheet row) each record
starts on. Structural problems (encoding, empty file, delimiter, header, field counts) are found
here; the meaning of values is checked in :mod:`stakeholder_graph.dataset.reader`.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from stakeholder_graph.dataset.arrow_text import encode_stripped, read_plain_columns, strip_text
from stakeholder_graph.dataset.problems import Findings
from stakeholder_graph.memory import release_memory

UTF8_BOM = b"\xef\xbb\xbf"
KEY_COLUMNS = {"organizations": "id", "activities": "id"}
"""The column whose values other tables refer to."""


@dataclass
class RawTable:
    """One table as text.

    Attributes
    ----------
    table:
        The table name (``"organizations"``, ...).
    label:
        How findings name it: ``"organizations.csv"`` or ``"book.xlsx[organizations]"``.
    rank:
        Position of the table in file order (sorts findings).
    text:
        Columns held as ``object`` Series of stripped ``str`` (lower-cased names); a column
        read by pyarrow is held only as its codes (see :meth:`encoded`) and turned into text
        when asked for (:meth:`column`, :attr:`frame`).
    lines:
        The physical line (CSV) or row number (sheet) where each record starts.
    decimal_comma:
        True for ``;``-separated files, where ``2,5`` means 2.5.
    stray_keys:
        Values of the key column in rows dropped for a wrong field count, so references to them
        are not reported a second time.
    header_line:
        The line (or row) of the header: 1 unless blank lines come first.
    codes:
        ``(codes, uniques)`` of columns already encoded (see :meth:`encoded`).
    names:
        Every named column, in header order (``text`` and ``codes`` together).
    longest:
        The length in characters of the longest value of a column, where known already.
    """

    table: str
    label: str
    rank: int
    text: dict[str, pd.Series]
    lines: np.ndarray
    decimal_comma: bool = False
    stray_keys: set[str] = field(default_factory=set)
    header_line: int = 1
    codes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    names: list[str] = field(default_factory=list)
    longest: dict[str, int] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> pd.Series:
        """The stripped text of column ``name`` as an ``object`` Series (repeated values share
        one ``str``)."""
        if name in self.text:
            return self.text[name]
        codes, uniques = self.codes[name]
        return pd.Series(uniques[codes], dtype=object)

    @property
    def frame(self) -> pd.DataFrame:
        """Every column as text, in header order (built on each access: hold the result)."""
        return pd.DataFrame(
            {name: self.column(name) for name in self.names},
            index=pd.RangeIndex(len(self.lines)),
            columns=pd.Index(self.names, dtype=object),
        )

    def encoded(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, uniques)`` of ``column``: its distinct values in order of first appearance
        and each row's position among them (:func:`pandas.factorize`), computed once.

        Checks run on ``uniques`` and reach the rows through ``codes``: a million interaction
        rows hold a hundred thousand distinct organization ids and a few hundred dates.
        """
        if column not in self.codes:
            codes, uniques = pd.factorize(self.text[column].to_numpy(dtype=object))
            self.codes[column] = (codes.astype(np.int32, copy=False), uniques.astype(object))
        return self.codes[column]


@contextmanager
def _no_gc() -> Iterator[None]:
    # Parsing allocates millions of small lists; the cyclic collector only slows that down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode(raw: bytes, label: str, rank: int, errors: Findings) -> str | None:
    """UTF-8 text of a file (a leading BOM is dropped), or None after reporting why not.

    Examples
    --------
    >>> f = Findings()
    >>> decode(b"\\xef\\xbb\\xbfid\\n", "x.csv", 0, f)
    'id\\n'
    >>> decode(b"id\\ncaf\\xe9\\n", "x.csv", 0, f) is None, f.lines()[0][:18]
    (True, 'x.csv:2: not UTF-8')
    """
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        errors.add(
            rank,
            label,
            "not UTF-8: the file is UTF-16 (saved as 'Unicode text'); "
            "re-save it as 'CSV UTF-8 (comma delimited)'",
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        errors.add(
            rank,
            label,
            f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded (the file was probably "
            "saved in a legacy encoding such as Windows-1251 or Windows-1252); "
            "re-save it as 'CSV UTF-8'",
            line=line,
        )
        return None


def sniff_delimiter(text: str) -> str:
    """``","``, ``";"`` or tab: whichever occurs most in the first non-blank line.

    Examples
    --------
    >>> sniff_delimiter("id;name;sector\\n1;a;b")
    ';'
    >>> sniff_delimiter("id,name\\n")
    ','
    """
    header = next((line for line in _lines(text) if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 0 else ","


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time, as iterating ``io.StringIO(text)`` gives them
    (split after each ``\\n``), without copying the whole text first.

    >>> list(_lines("a\\r\\nb\\rc\\n\\nd"))
    ['a\\r\\n', 'b\\rc\\n', '\\n', 'd']
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def read_csv_table(
    path: Path, table: str, rank: int, errors: Findings, warnings: Findings
) -> RawTable | None:
    """Read one CSV file of a dataset folder; None when it cannot be read (reported)."""
    label = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        errors.add(rank, label, f"cannot be read: {error.strerror or error}")
        return None
    if raw.isascii():
        # ASCII is UTF-8 (and holds no BOM): the fast path needs no decoded copy of the file
        if _blank(raw):
            errors.add(rank, label, "empty file: expected a header line naming the columns")
            return None
        delimiter = sniff_delimiter(_first_text_line(raw))
    else:
        text = decode(raw, label, rank, errors)
        if text is None:
            return None
        if not text.strip():
            errors.add(rank, label, "empty file: expected a header line naming the columns")
            return None
        delimiter = sniff_delimiter(text)
        del text  # the fast path reads the bytes; the csv module gets the text again
    if delimiter != ",":
        name = "semicolon" if delimiter == ";" else "tab"
        warnings.add(
            rank,
            label,
            f"{name}-separated (a spreadsheet's regional CSV format); read with {name} "
            "as the delimiter" + (" and ',' as the decimal mark" if delimiter == ";" else ""),
        )
    fast = _read_plain(raw, len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0, delimiter)
    if fast is not None:
        del raw  # the columns hold the values now
        header, columns = fast
        lines = np.arange(2, len(columns[0]) + 2 if columns else 2, dtype=np.int64)
        # the distinct values of each column are stripped (cheap): no scan of the file first
        result = assemble(
            table, label, rank, header, 1, columns, lines, errors, warnings, delimiter == ";", True
        )
        del columns
        release_memory()  # the file's bytes and pyarrow's parse, before the next file
        return result
    strip = _padded(raw, delimiter)
    text = raw[len(UTF8_BOM) :].decode() if raw.startswith(UTF8_BOM) else raw.decode()
    del raw
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous = 0
    try:
        with _no_gc():
            for row in reader:
                rows.append(row)
                starts.append(previous + 1)
                previous = reader.line_num
    except csv.Error as error:
        errors.add(rank, label, f"cannot be parsed as CSV: {error}", line=reader.line_num)
        return None
    return build_table(
        table,
        label,
        rank,
        rows,
        starts,
        errors,
        warnings,
        delimiter == ";",
        False,
        strip,
    )


_ASCII_BLANKS = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
"""The ASCII characters :meth:`str.isspace` holds for."""


def _blank(raw: bytes) -> bool:
    """True when ASCII ``raw`` holds only whitespace (as :meth:`str.strip` sees it)."""
    return not raw[:4096].strip(_ASCII_BLANKS) and not raw.strip(_ASCII_BLANKS)


def _first_text_line(raw: bytes) -> str:
    """The first line of ASCII ``raw`` holding more than whitespace ("" when none)."""
    start = 0
    while start < len(raw):
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end + 1
        line = raw[start:end].decode("ascii")
        if line.strip():
            return line
        start = end
    return ""


def _padded(raw: bytes, delimiter: str) -> bool:
    """True when some field may start or end with whitespace (so values need stripping).

    ``raw`` is the file's UTF-8 bytes (valid, checked before). A cheap scan for blanks next to
    a delimiter, a quote or a line end, and for any of the rarer whitespace characters (found
    by their UTF-8 bytes: a character's encoding never occurs inside another's); false
    positives only cost the stripping time.

    Examples
    --------
    >>> _padded(b"id,name\\n1,a\\n", ","), _padded(b"id,name\\n1, a\\n", ",")
    (False, True)
    """
    start = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    rare = _RARE_BLANKS[:6] if raw.isascii() else _RARE_BLANKS
    if any(ch.encode("utf-8") in raw for ch in rare) or raw[start : start + 1].isspace():
        return True
    separator = delimiter.encode("ascii")
    for blank in (b" ", b"\t"):
        if blank not in raw:
            continue
        for other in (separator, b"\n", b"\r", b'"'):
            if blank + other in raw or other + blank in raw:
                return True
    end = len(raw)
    while end > start and raw[end - 1] in b"\r\n":
        end -= 1
    return end > start and raw[end - 1 : end].isspace()


_RARE_BLANKS = (
    "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""Whitespace that :meth:`str.strip` removes besides space, tab, CR and LF (ASCII ones first)."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_workbook(
    path: Path, tables: Sequence[str], errors: Findings, warnings: Findings
) -> tuple[dict[str, RawTable], set[str]] | None:
    """Read the sheets of an ``.xlsx`` workbook named after ``tables`` (case-insensitive).

    Sheet rows are numbered as in the spreadsheet (the header is row 1 when it starts there).
    Other sheets are ignored. Returns the tables read and the names of the tables that have a
    sheet, or None when the file is not a readable workbook (reported).
    """
    from openpyxl import load_workbook

    from stakeholder_graph.dataset.limits import check_workbook_size, sheet_rows

    if not check_workbook_size(path, path.name, errors):
        return None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        errors.add(
            -1, path.name, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"
        )
        return None
    except Exception as error:  # openpyxl raises its own InvalidFileException and others
        errors.add(
            -1, path.name, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"
        )
        return None
    try:
        sheets = {ws.title.strip().lower(): ws for ws in book.worksheets}
        out: dict[str, RawTable] = {}
        for rank, table in enumerate(tables):
            ws = sheets.get(table)
            if ws is None:
                continue
            label = f"{path.name}[{ws.title}]"
            with _no_gc():
                rows = sheet_rows(ws, label, rank, errors)  # bounded; real rows, not <dimension>
            if rows is None:
                continue
            if not any(any(c.strip() for c in row) for row in rows):
                errors.add(rank, label, "empty sheet: expected a header row naming the columns")
                continue
            starts = list(range(1, len(rows) + 1))
            built = build_table(table, label, rank, rows, starts, errors, warnings, False, True)
            if built is not None:
                out[table] = built
        return out, {t for t in tables if t in sheets}
    finally:
        book.close()


def build_table(
    table: str,
    label: str,
    rank: int,
    rows: list[list[str]],
    starts: list[int],
    errors: Findings,
    warnings: Findings,
    decimal_comma: bool,
    sheet: bool,
    strip: bool = True,
) -> RawTable | None:
    """Turn parsed rows into a :class:`RawTable`, reporting header and field-count problems.

    Blank rows are skipped. In a sheet, short rows are padded (empty cells) and trailing empty
    cells ignored; in a CSV file every row must have exactly as many fields as the header.
    Values are stripped of surrounding whitespace unless ``strip`` is False (none has any).
    """
    if sheet:
        rows = [_trim(r) for r in rows]
    nonblank = np.fromiter(map(any, rows), dtype=bool, count=len(rows))
    if not nonblank.any():
        errors.add(rank, label, "empty file: expected a header line naming the columns")
        return None
    first = int(np.argmax(nonblank))
    header_line = starts[first]
    header = [h.strip().lower() for h in rows[first]]
    width = len(header)
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    lines = np.asarray(starts, dtype=np.int64)
    body = nonblank.copy()
    body[: first + 1] = False
    wrong = body & ((lengths > width) if sheet else (lengths != width))
    if wrong.any():
        index = np.flatnonzero(wrong)

        def count_message(i: int) -> str:
            row = rows[i]
            hint = ""
            if any("\n" in f for f in row):
                hint = " (a quoted field spans several lines: is a closing quote missing?)"
            fields = f"{len(row)} field{'s' if len(row) != 1 else ''}"
            return f"row has {fields} but the header has {width}{hint}"

        errors.add_rows(rank, label, lines[index], None, index, count_message)
    good = np.flatnonzero(body & ~wrong)
    with _no_gc():
        picked = [rows[i] for i in good]
        if sheet:
            picked = [r + [""] * (width - len(r)) if len(r) < width else r for r in picked]
        columns = list(zip(*picked, strict=True)) if picked else [()] * width
    strays: set[str] = set()
    key = KEY_COLUMNS.get(table)
    if wrong.any() and key in header:
        k = header.index(key)
        strays = {rows[i][k].strip() for i in np.flatnonzero(wrong) if len(rows[i]) > k}
    return assemble(
        table,
        label,
        rank,
        rows[first],
        header_line,
        columns,
        lines[good],
        errors,
        warnings,
        decimal_comma,
        strip,
        strays,
    )


def assemble(
    table: str,
    label: str,
    rank: int,
    header: Sequence[str],
    header_line: int,
    columns: Sequence[Sequence[str] | pa.Array],
    lines: np.ndarray,
    errors: Findings,
    warnings: Findings,
    decimal_comma: bool,
    strip: bool,
    strays: set[str] | None = None,
) -> RawTable:
    """Name the columns after the header (lower-cased, trimmed) and build the :class:`RawTable`.

    Columns without a name are dropped (with a warning when they hold values); a name given
    twice is an error and only its first column is kept. A pyarrow column is stripped and
    encoded at C speed (:meth:`RawTable.encoded` then has its codes).
    """
    header = [h.strip().lower() for h in header]
    frame: dict[str, pd.Series] = {}
    seen: dict[str, int] = {}
    codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    longest: dict[str, int] = {}
    for position, name in enumerate(header):
        column = columns[position]
        if isinstance(column, pa.Array):
            if name and name not in seen:
                column_codes, uniques, longest[name] = encode_stripped(column, strip)
                codes[name] = (column_codes, uniques)
                seen[name] = position
                continue
            column = column.to_numpy(zero_copy_only=False)
        values = pd.Series(np.array(column, dtype=object), dtype=object)
        if not name:
            if len(values) and (values.str.strip() != "").any():
                warnings.add(
                    rank, label, f"column {position + 1} has no name; ignored", line=header_line
                )
            continue
        if name in seen:
            errors.add(
                rank,
                label,
                f"appears twice in the header (columns {seen[name] + 1} and {position + 1})",
                line=header_line,
                column=name,
            )
            continue
        seen[name] = position
        frame[name] = strip_text(values) if strip and len(values) else values
    names = sorted(seen, key=seen.__getitem__)
    return RawTable(
        table,
        label,
        rank,
        frame,
        lines,
        decimal_comma,
        strays or set(),
        header_line,
        codes,
        names,
        longest,
    )


def _read_plain(raw: bytes, start: int, delimiter: str) -> tuple[list[str], list[pa.Array]] | None:
    """Fast path for the common machine-written file: the header, then the columns.

    ``raw`` is the file's UTF-8 bytes (already checked to decode), read from ``start`` (past a
    BOM). Applies only when no field can hide a line break or a delimiter (no quote character
    at all), line ends are consistent, the header is on line 1 and every line has exactly as
    many fields as the header and some text, so line ``k`` is record ``k - 1``. pyarrow parses
    the body in place, every column as text
    (:func:`~stakeholder_graph.dataset.arrow_text.read_plain_columns`), and refuses a line with
    another field count; a blank or delimiters-only line is a record of empty fields, found
    afterwards, and the records are counted against the lines. Any other file returns None and
    goes through :mod:`csv`, which reports what is wrong with it.
    """
    if b'"' in raw or b"\x00" in raw or b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    newline = raw.find(b"\n", start)
    end = len(raw) if newline < 0 else newline
    header = raw[start:end].decode("utf-8").rstrip("\r").split(delimiter)
    if not any(header):
        return None  # a blank or delimiters-only first line
    if newline < 0 or newline + 1 == len(raw):
        return header, [pa.array([], type=pa.string()) for _ in header]
    lines = raw.count(b"\n", start) + (0 if raw.endswith(b"\n") else 1)
    body = pa.py_buffer(raw).slice(newline + 1)
    try:
        columns = read_plain_columns(body, delimiter, len(header))
    except pa.ArrowInvalid:
        return None  # a line with another number of fields
    if not columns or len(columns[0]) != lines - 1 or _any_blank_record(columns):
        return None
    return header, columns


def _any_blank_record(columns: list[pa.Array]) -> bool:
    """True when some record has only empty fields (a blank or delimiters-only line)."""
    import pyarrow.compute as pc

    blank = pc.equal(columns[0], "")
    for column in columns[1:]:
        if not pc.any(blank).as_py():
            return False
        blank = pc.and_(blank, pc.equal(column, ""))
    return bool(pc.any(blank).as_py())


def _trim(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]
