"""Bounds on what a dataset reader will take in, checked before or around parsing.

Hostile-but-ordinary input must fail fast with a clear message, not take all memory or minutes:

===========================  =========  =================================================
limit                        default    environment variable to raise it
===========================  =========  =================================================
file size                    1024 MB    ``STAKEHOLDER_GRAPH_MAX_FILE_MB``
columns of a table           1000       ``STAKEHOLDER_GRAPH_MAX_COLUMNS``
characters in one field      100000     ``STAKEHOLDER_GRAPH_MAX_FIELD_CHARS``
rows of a workbook sheet     1048576    ``STAKEHOLDER_GRAPH_MAX_ROWS``
cells of a workbook          50000000   ``STAKEHOLDER_GRAPH_MAX_CELLS``
===========================  =========  =================================================

A dataset file that exists but is not a regular readable file (a dangling symlink, a FIFO, a
device, a folder) is an error, never "absent". Bad values are quoted in messages cut to
:data:`QUOTE_CHARS` characters.

Examples
--------
>>> clip("x" * 200)[-5:], len(clip("x" * 200))
('xxxx…', 80)
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.problems import Findings, clip

if TYPE_CHECKING:
    from stakeholder_graph.dataset.raw import RawTable

ENV = {
    "file_mb": "STAKEHOLDER_GRAPH_MAX_FILE_MB",
    "columns": "STAKEHOLDER_GRAPH_MAX_COLUMNS",
    "field_chars": "STAKEHOLDER_GRAPH_MAX_FIELD_CHARS",
    "rows": "STAKEHOLDER_GRAPH_MAX_ROWS",
    "cells": "STAKEHOLDER_GRAPH_MAX_CELLS",
}
DEFAULTS = {
    "file_mb": 1024,
    "columns": 1000,
    "field_chars": 100_000,
    "rows": 1_048_576,
    "cells": 50_000_000,
}


@dataclass(frozen=True)
class Limits:
    """The limits in force (defaults, or the environment variables of :data:`ENV`)."""

    file_mb: int = DEFAULTS["file_mb"]
    columns: int = DEFAULTS["columns"]
    field_chars: int = DEFAULTS["field_chars"]
    rows: int = DEFAULTS["rows"]
    cells: int = DEFAULTS["cells"]

    @classmethod
    def from_env(cls) -> Limits:
        """Limits with every set and valid environment variable applied."""
        values = {}
        for key, name in ENV.items():
            text = os.environ.get(name, "").strip()
            if text.isdigit() and int(text) > 0:
                values[key] = int(text)
        return cls(**values)

    def message(self, key: str, what: str) -> str:
        """``what`` and how to raise the limit, e.g. ``... (raise STAKEHOLDER_GRAPH_MAX_...)``."""
        return f"{what}: the limit is {getattr(self, key)} (set {ENV[key]} to raise it)"


def check_regular_file(path: Path, label: str, rank: int, errors: Findings) -> bool:
    """True when ``path`` is a regular file within the size limit; else an error is reported."""
    limits = Limits.from_env()
    try:
        info = path.stat()  # follows symlinks: a dangling one raises
    except OSError as error:
        errors.add(rank, label, f"cannot be read: {error.strerror or error}")
        return False
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "a FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else "a device or socket"
        )
        errors.add(rank, label, f"is {kind}, not a regular file: a dataset file must be a file")
        return False
    if not os.access(path, os.R_OK):
        errors.add(rank, label, "cannot be read: permission denied")
        return False
    if info.st_size > limits.file_mb * 1024 * 1024:
        size = f"file is {info.st_size / 2**20:.0f} MB"
        errors.add(rank, label, limits.message("file_mb", size))
        return False
    return True


def check_header_width(path: Path, label: str, rank: int, errors: Findings) -> bool:
    """True when the first line of a CSV file has at most the column limit of fields.

    Runs before parsing (reads the first line only): a 100,000-column header is refused at once.
    """
    limits = Limits.from_env()
    try:
        with open(path, "rb") as handle:
            first = handle.readline(16 * 2**20)
    except OSError as error:
        errors.add(rank, label, f"cannot be read: {error.strerror or error}")
        return False
    width = 1 + max(first.count(b","), first.count(b";"), first.count(b"\t"))
    if width > limits.columns:
        errors.add(rank, label, limits.message("columns", f"the header has {width} columns"), 1)
        return False
    return True


def check_field_sizes(raw: RawTable, rank: int, errors: Findings) -> None:
    """Report every field longer than the limit, naming its line and column (vectorised).

    Lengths are measured once per distinct value (:meth:`RawTable.encoded`).
    """
    limits = Limits.from_env()
    for column in raw.names:
        if raw.longest.get(column, limits.field_chars + 1) <= limits.field_chars:
            continue  # its longest value is known and short enough
        if column in raw.text and raw.text[column].dtype != object:
            continue
        codes, uniques = raw.encoded(column)
        lengths = pd.Series(uniques, dtype=object).astype("string").str.len()
        too_long = (lengths.fillna(0).to_numpy(np.int64) > limits.field_chars)[codes]
        if too_long.any():
            message = limits.message("field_chars", "field too long")
            errors.add_rows(
                rank,
                raw.label,
                np.asarray(raw.lines)[too_long],
                column,
                uniques[codes[too_long]],
                lambda v, m=message: f"{m}: {len(str(v))} characters '{clip(v)}'",
            )


def check_workbook_size(path: Path, label: str, errors: Findings) -> bool:
    """Refuse a workbook whose unpacked parts exceed the file-size limit (a zip bomb)."""
    import zipfile

    limits = Limits.from_env()
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return True  # the workbook reader reports what is wrong with it
    if unpacked > limits.file_mb * 1024 * 1024:
        what = f"the workbook unpacks to {unpacked / 2**20:.0f} MB"
        errors.add(-1, label, limits.message("file_mb", what))
        return False
    return True


def sheet_rows(
    worksheet: object, label: str, rank: int, errors: Findings
) -> list[list[str]] | None:
    """The rows of a read-only openpyxl sheet as text, read bounded; None when over a limit.

    The sheet's ``<dimension>`` is ignored (``reset_dimensions``): some writers leave it stale,
    and trusting it either drops rows silently or pads every row to a far corner (one cell at
    XFD1048576 means 17 billion cells). Rows are read as stored; blank rows are kept only
    where data follows them (they number the rows), and rows, columns, cells and the characters
    of a cell are counted against :class:`Limits` as they come.
    """
    from stakeholder_graph.dataset.raw import _cell_text

    limits = Limits.from_env()
    worksheet.reset_dimensions()  # type: ignore[attr-defined]
    rows: list[list[str]] = []
    pending = 0
    cells = 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        last = len(values)
        while last and (values[last - 1] is None or values[last - 1] == ""):
            last -= 1
        if not last:
            pending += 1
            continue
        if number > limits.rows:
            errors.add(rank, label, limits.message("rows", "too many rows"), number)
            return None
        if last > limits.columns:
            errors.add(rank, label, limits.message("columns", f"{last} columns"), number)
            return None
        cells += last
        if cells > limits.cells:
            errors.add(rank, label, limits.message("cells", "too many cells"), number)
            return None
        row = [_cell_text(v) for v in values[:last]]
        longest = max(map(len, row))
        if longest > limits.field_chars:
            what = f"a cell of {longest} characters '{clip(max(row, key=len))}'"
            errors.add(rank, label, limits.message("field_chars", what), number)
            return None
        if pending:
            rows.extend([] for _ in range(pending))
            pending = 0
        rows.append(row)
    return rows
