"""Shared steps of every importer: read a table with line numbers, resolve sectors and ids,
clean interactions, and write the dataset only once it validates.

Reading goes through :mod:`stakeholder_graph.dataset.raw`, so a broken file gets the same
``FILE:LINE: column COL: message`` errors (exit 2) as ``validate``. Writing goes through
:func:`stakeholder_graph.dataset.writer.write_dataset` into a temporary folder beside ``--out``;
the result is read back with :func:`stakeholder_graph.dataset.reader.read_dataset` and moved
into place only when valid, so a failed import writes nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import SECTORS, NetworkData, coerce_table
from stakeholder_graph.dataset.problems import Findings
from stakeholder_graph.dataset.raw import RawTable, read_csv_table, read_workbook
from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import TEMP_PREFIX, file_errors
from stakeholder_graph.importers.mapping import Mapping, sector_from_words, type_from_text
from stakeholder_graph.importers.summary import ImportSummary

WORKBOOKS = (".xlsx", ".xlsm")


def _fail(path: Path, errors: Findings) -> InputError:
    n = len(errors)
    return InputError(f"{path}: {n} problem{'s' if n != 1 else ''} found", errors.lines())


def read_csv(path: Path) -> RawTable:
    """One CSV file as a :class:`RawTable` (lower-cased header, stripped text, line numbers).

    Raises :class:`InputError` with ``FILE:LINE`` details when it cannot be read.
    """
    errors, warnings = Findings("problem"), Findings("warning")
    table = read_csv_table(path, "import", 0, errors, warnings)
    if errors or table is None:
        raise _fail(path, errors)
    return table


def read_sheets(path: Path, names: Sequence[str]) -> dict[str, RawTable]:
    """The sheets of a workbook named (case-insensitively) in ``names``, keyed by that name."""
    errors, warnings = Findings("problem"), Findings("warning")
    got = read_workbook(path, [n.lower() for n in names], errors, warnings)
    if errors or got is None:
        raise _fail(path, errors)
    return got[0]


def sheet_names(path: Path) -> list[str]:
    """Titles of the sheets of a workbook, in order."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception as error:  # openpyxl raises several unrelated classes
        raise InputError(f"{path.name}: not a readable .xlsx workbook ({error})") from error
    try:
        return [ws.title for ws in book.worksheets]
    finally:
        book.close()


def pick(table: RawTable, mapping: Mapping, name: str, *aliases: str) -> str | None:
    """The column of ``table`` holding dataset column ``name``: the mapping's choice, else the
    first of ``name`` and ``aliases`` present. A mapped column that is missing is an error."""
    wanted = mapping.column(name)
    if wanted is not None:
        if wanted not in table.frame.columns:
            raise InputError(
                f"{table.label}:{table.header_line}: column {wanted}: named for {name!r} in "
                f"{Path(mapping.path).name} but not in the header "
                f"({', '.join(table.frame.columns)})"
            )
        return wanted
    for candidate in (name, *aliases):
        if candidate in table.frame.columns:
            return candidate
    return None


def where(table: RawTable, mask: np.ndarray) -> list[str]:
    """``FILE:LINE`` of the rows selected by ``mask``."""
    return [f"{table.label}:{line}" for line in table.lines[np.asarray(mask, dtype=bool)]]


def make_ids(labels: pd.Series, prefix: str = "org") -> pd.Series:
    """Stable ids from labels: lower-case words joined by ``-``, numbered when repeated.

    Examples
    --------
    >>> make_ids(pd.Series(["Община Плевен", "Youth Club", "Youth club"])).tolist()
    ['org-община-плевен', 'org-youth-club', 'org-youth-club-2']
    """
    slugs = labels.astype(str).str.lower().map(lambda s: re.sub(r"[\W_]+", "-", s).strip("-"))
    slugs = prefix + "-" + slugs.where(slugs != "", "x")
    nth = slugs.groupby(slugs).cumcount()
    return slugs.where(nth == 0, slugs + "-" + (nth + 1).astype(str))


def resolve_sectors(
    sector: pd.Series,
    kind: pd.Series,
    names: pd.Series,
    mapping: Mapping,
    summary: ImportSummary,
) -> pd.Series:
    """The sector of each organization ("" when none could be found).

    In order: a sector written as such; the mapping file's ``[sectors]`` entry for the sector
    or type text; the default words (:data:`~stakeholder_graph.importers.mapping.SECTOR_WORDS`)
    in the sector text, then the type, then the name; the mapping's ``[default] sector``.
    Each decision is recorded once per distinct text in ``summary``.
    """
    sector = sector.fillna("").astype(str).str.strip()
    kind = kind.fillna("").astype(str).str.strip()
    out = pd.Series("", index=sector.index, dtype=object)
    exact = sector.str.lower().isin(SECTORS)
    out[exact] = sector[exact].str.lower()
    if exact.any():
        summary.map("sector values written as sectors kept as they are")
    for column, text in (("sector", sector), ("type", kind)):
        for value in text[(out == "")].unique():
            if not value:
                continue
            rows = (out == "") & (text == value)
            if value.lower() in mapping.sectors:
                out[rows] = mapping.sectors[value.lower()]
                summary.map(f"{column} {value!r} -> {mapping.sectors[value.lower()]} (--map)")
                continue
            found = sector_from_words(value)
            if found is not None:
                out[rows] = found
                summary.guess(f"{column} {value!r} -> {found} (default words)")
    rest = out == ""
    for i in np.flatnonzero(rest.to_numpy()):
        found = sector_from_words(names.iloc[i])
        if found is not None:
            out.iloc[i] = found
            summary.guess(f"name {names.iloc[i]!r} -> {found} (default words, no type)")
    rest = out == ""
    if rest.any() and mapping.default_sector is not None:
        out[rest] = mapping.default_sector
        for value in sorted(set(kind[rest]) | set(sector[rest])):
            summary.guess(f"type {value!r} -> {mapping.default_sector} ([default] sector)")
    return out


def parse_dates(
    values: pd.Series, table: RawTable | None, summary: ImportSummary, what: str
) -> pd.Series:
    """Dates from text (ISO, or what pandas reads); unreadable ones are left empty and listed."""
    text = values.fillna("").astype(str).str.strip()
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", format="mixed")
    parsed = parsed.dt.tz_localize(None) if parsed.dt.tz is not None else parsed
    bad = (text != "") & parsed.isna()
    if bad.any():
        items = where(table, bad.to_numpy()) if table is not None else list(text[bad])
        summary.drop(f"unreadable {what} left empty", *items)
    return parsed.dt.normalize()


def clean_interactions(
    frame: pd.DataFrame,
    known: set[str],
    summary: ImportSummary,
    places: list[str],
    mapping: Mapping,
) -> pd.DataFrame:
    """Drop interactions with an unknown end or tied to themselves, map types; list the drops.

    ``frame`` has source, target and optionally type, weight and the other interaction columns;
    ``places`` names each row (``FILE:LINE`` or an edge) for the summary.
    """
    frame = frame.reset_index(drop=True)
    places_arr = np.asarray(places, dtype=object)
    src, dst = frame["source"].astype(str), frame["target"].astype(str)
    unknown = ~(src.isin(known) & dst.isin(known)).to_numpy()
    if unknown.any():
        summary.drop("ties to an organization that is not imported", *places_arr[unknown])
    loop = (src == dst).to_numpy() & ~unknown
    if loop.any():
        summary.drop("self-loops (an organization tied to itself)", *places_arr[loop])
    keep = ~unknown & ~loop
    if "weight" in frame:
        text = frame["weight"].astype(str).str.strip()
        text = text.where(frame["weight"].notna(), "")
        weight = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = (text != "") & weight.isna()
        bad |= weight.notna() & ~(weight >= 0)
        bad = bad.to_numpy() & keep
        if bad.any():
            summary.drop("ties whose weight is not a number >= 0", *places_arr[bad])
        keep &= ~bad
        frame["weight"] = weight
    if "date" in frame and "end_date" in frame:
        reversed_ = (frame["end_date"] < frame["date"]).to_numpy() & keep
        if reversed_.any():
            summary.drop("end dates before the start date left empty", *places_arr[reversed_])
            frame.loc[reversed_, "end_date"] = pd.NaT
    if "type" in frame:
        raw = frame["type"].fillna("").astype(str).str.strip()
        lowered = raw.str.lower()
        mapped = lowered.map(mapping.types)
        for value in sorted(set(raw[mapped.notna()])):
            summary.map(f"type {value!r} -> {mapping.types[value.lower()]} (--map)")
        frame["type"] = mapped.where(mapped.notna(), raw.map(type_from_text))
    return frame[keep].reset_index(drop=True)


def finish(
    out: Path,
    summary: ImportSummary,
    data: NetworkData,
    tables: Sequence[str] | None = None,
    base: Path | None = None,
) -> NetworkData:
    """Write ``data`` (or only ``tables`` of it, on top of the dataset ``base``) to ``out``.

    The files go to a temporary folder first and are validated there; only a valid dataset is
    moved into ``out`` together with ``import-summary.json``. Returns the validated network.
    """
    from stakeholder_graph.dataset.reader import read_dataset
    from stakeholder_graph.dataset.writer import write_dataset

    out = Path(out)
    with file_errors(out.parent, "create folder"):
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}.", dir=out.parent))
    try:
        if base is not None:
            for file in Path(base).glob("*.csv"):
                shutil.copyfile(file, tmp / file.name)
        write_dataset(data, tmp, tuple(tables) if tables else None)
        try:
            valid = read_dataset(tmp)
        except InputError as error:
            raise InputError(
                "the imported network does not pass validation; nothing was written",
                error.details,
            ) from error
        for table in tables or data.tables():
            summary.counts[table] = len(valid.table(table))
        (tmp / "import-summary.json").write_text(
            json.dumps(summary.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written = [f"{t}.csv" for t in (tables or data.tables())] + ["import-summary.json"]
        with file_errors(out):
            out.mkdir(parents=True, exist_ok=True)
            for name in written:
                os.replace(tmp / name, out / name)
        return replace(valid, name=out.resolve().name, source=str(out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def organizations_frame(columns: dict[str, pd.Series], keep: np.ndarray) -> pd.DataFrame:
    """The organizations table from the columns found (missing ones empty), rows ``keep``."""
    frame = pd.DataFrame(columns).reset_index(drop=True)
    return coerce_table("organizations", frame[keep].reset_index(drop=True))
