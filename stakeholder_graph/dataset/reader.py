"""Read and validate a dataset (format v1) into a :class:`NetworkData`.

A dataset is a folder of CSV files or an ``.xlsx`` workbook with one sheet per file name. Every
problem is collected and reported as ``FILE:LINE: column COL: message`` (the header is line 1);
if there is any, :func:`read_dataset` raises :class:`~stakeholder_graph.errors.InputError` whose
``details`` lists them (at most 50, then one line counting the rest). Findings that do not stop
the analysis (interaction types or themes outside the vocabulary, unknown columns, a ``;``
delimiter) become :attr:`NetworkData.warnings`. The format is described in
``docs/data-format.md``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.bounds import MAX_WEIGHT
from stakeholder_graph.dataset.checks import TableCheck, row_ids
from stakeholder_graph.dataset.limits import (
    check_field_sizes,
    check_header_width,
    check_regular_file,
)
from stakeholder_graph.dataset.model import (
    ACTIVITY_KINDS,
    INITIATORS,
    INTERACTION_TYPES,
    REQUIRED_COLUMNS,
    ROLES,
    SECTORS,
    STAGES,
    SURVEY_ITEMS,
    TABLES,
    THEMES,
    TRUST_ITEMS,
    NetworkData,
    coerce_table,
)
from stakeholder_graph.dataset.problems import Findings
from stakeholder_graph.dataset.raw import RawTable, read_csv_table, read_workbook
from stakeholder_graph.errors import InputError
from stakeholder_graph.memory import release_memory

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
DATASET_FILE_NAMES = frozenset(f"{t}.csv" for t in TABLES)
Refer = Callable[[TableCheck, str, str], None]
"""Checks that a column refers to known ids: ``refer(check, column, "organization")``."""
SCORE_RANGE = (1.0, 4.0)
"""Survey answers are on a 1–4 scale."""
FOUNDED_RANGE = (1000.0, 2100.0)
Columns = dict[str, pd.Series]
"""A checked table as its columns (one frame is built from them once, typed)."""


def read_dataset(path: Path) -> NetworkData:
    """Read the dataset at ``path`` (a folder of CSV files or an ``.xlsx`` workbook).

    Parameters
    ----------
    path:
        A folder holding ``organizations.csv`` and optionally ``interactions.csv``,
        ``activities.csv``, ``participation.csv``, ``perceptions.csv``; or a workbook with
        sheets of those names (without ``.csv``). Other files and sheets are ignored.

    Returns
    -------
    NetworkData
        Typed tables (:data:`~stakeholder_graph.dataset.model.TABLES`); interactions without an
        ``id`` get a stable one (see :func:`~stakeholder_graph.dataset.checks.row_ids`); empty
        weights are 1. ``warnings`` holds the non-fatal findings.

    Raises
    ------
    InputError
        When anything is wrong; ``details`` holds one ``FILE:LINE: column COL: message`` line
        per problem.

    Examples
    --------
    >>> from stakeholder_graph.resources import bundled_dataset
    >>> data = read_dataset(bundled_dataset("pleven"))  # doctest: +SKIP
    >>> data.summary()["organizations"]  # doctest: +SKIP
    120
    """
    path = Path(path)
    errors = Findings("problem")
    warnings = Findings("warning", limit=100)
    raws, unreadable = _read_tables(path, errors, warnings)
    tables = _validate(raws, unreadable, errors, warnings)
    del raws  # the text tables; the typed ones hold what is needed
    release_memory()
    if errors:
        n = len(errors)
        raise InputError(
            f"{path}: {n} problem{'s' if n != 1 else ''} found; fix {'them' if n != 1 else 'it'} "
            "and run again",
            errors.lines(),
        )
    name = path.stem if path.suffix.lower() in WORKBOOK_SUFFIXES else path.resolve().name
    return NetworkData(
        **tables, name=name, source=str(path), warnings=tuple(warnings.lines()) if warnings else ()
    )


def _read_tables(
    path: Path, errors: Findings, warnings: Findings
) -> tuple[dict[str, RawTable], set[str]]:
    """The raw tables found at ``path`` and the names of tables present but unreadable."""
    names = list(TABLES)
    raws: dict[str, RawTable] = {}
    if path.is_dir():
        # every entry named like a dataset file counts: a FIFO, a folder or a dangling symlink
        # named interactions.csv is an error, not an absent file
        files = {
            p.name.lower(): p
            for p in path.iterdir()
            if p.is_file() or p.name.lower() in DATASET_FILE_NAMES
        }
        for rank, table in enumerate(names):
            file = files.get(f"{table}.csv")
            if file is None or not check_regular_file(file, file.name, rank, errors):
                continue
            if not check_header_width(file, file.name, rank, errors):
                continue
            raw = read_csv_table(file, table, rank, errors, warnings)
            if raw is not None:
                check_field_sizes(raw, rank, errors)
                raws[table] = raw
        if "organizations.csv" not in files:
            hint = _file_hint(files, "organizations.csv")
            errors.add(-1, "organizations.csv", f"missing: every dataset needs it{hint}")
        for lower, file in sorted(files.items()):
            if file.suffix.lower() == ".csv" and lower[:-4] not in names:
                close = difflib.get_close_matches(
                    lower, [f"{t}.csv" for t in names], n=1, cutoff=0.85
                )
                if close:
                    warnings.add(
                        -1, file.name, f"ignored: not a dataset file (did you mean {close[0]}?)"
                    )
        present = {t for t in names if f"{t}.csv" in files}
    elif path.suffix.lower() in WORKBOOK_SUFFIXES and path.exists():
        if not check_regular_file(path, path.name, -1, errors):
            return {}, set(names)
        book = read_workbook(path, names, errors, warnings)
        if book is None:
            return {}, set(names)
        raws, present = book
        if "organizations" not in present:
            errors.add(-1, path.name, "no sheet named 'organizations': every dataset needs one")
    elif path.exists():
        errors.add(
            -1, str(path), "not a dataset: expected a folder of CSV files or an .xlsx workbook"
        )
        return {}, set(names)
    else:
        errors.add(-1, str(path), "no such dataset folder or workbook")
        return {}, set(names)
    return raws, present - set(raws)


def _file_hint(files: dict[str, Path], wanted: str) -> str:
    others = [f for f in files if f[:-4] not in TABLES]
    close = difflib.get_close_matches(wanted, others, n=1)
    if close:
        return f" (found {files[close[0]].name}: rename it to {wanted})"
    books = [p.name for p in files.values() if p.suffix.lower() in WORKBOOK_SUFFIXES]
    if books:
        return f" (found {books[0]}: pass the workbook itself as the dataset)"
    return ""


def _validate(
    raws: dict[str, RawTable], unreadable: set[str], errors: Findings, warnings: Findings
) -> dict[str, pd.DataFrame]:
    """Check every table; return the typed frames (meaningful only when there are no errors)."""
    checks = {t: TableCheck(raw, errors, warnings) for t, raw in raws.items()}
    complete = {t for t, c in checks.items() if c.columns(REQUIRED_COLUMNS[t], TABLES[t])}
    out: dict[str, Columns] = {}
    orgs_label = raws["organizations"].label if "organizations" in raws else "organizations.csv"
    acts_label = raws["activities"].label if "activities" in raws else "activities.csv"

    def done(table: str) -> None:
        # its text is no longer needed: free it before the next (large) table is checked
        checks.pop(table, None)
        raws.pop(table, None)
        release_memory()

    org_ids: pd.Index | None = None
    org_extra: set[str] = set()
    if "organizations" in complete:
        out["organizations"] = _organizations(checks["organizations"])
        org_ids = pd.Index(out["organizations"]["id"])
        org_extra = raws["organizations"].stray_keys
        done("organizations")
    activity_ids: pd.Index | None = None
    activity_extra: set[str] = set()
    if "activities" in complete:
        out["activities"] = _activities(checks["activities"])
        activity_ids = pd.Index(out["activities"]["id"])
        activity_extra = raws["activities"].stray_keys
        done("activities")
    elif "activities" not in raws and "activities" not in unreadable:
        activity_ids = pd.Index([], dtype=object)

    def refer(check: TableCheck, column: str, what: str) -> None:
        if what == "organization" and org_ids is not None:
            check.references(column, org_ids, what, orgs_label, org_extra)
        elif what == "activity" and activity_ids is not None:
            check.references(column, activity_ids, what, acts_label, activity_extra)

    if "interactions" in complete:
        out["interactions"] = _interactions(checks["interactions"], refer)
        done("interactions")
    if "participation" in complete:
        out["participation"] = _participation(checks["participation"], refer)
    if "perceptions" in complete:
        out["perceptions"] = _perceptions(checks["perceptions"], refer)
    if errors:
        return {}
    # the text is stripped already (RawTable); each table's columns are released once typed
    return {t: coerce_table(t, out.pop(t, {}), strip=False) for t in TABLES}


def _organizations(c: TableCheck) -> Columns:
    ids = c.nonempty("id", "id")
    c.unique("id")
    name = c.nonempty("name", "name")
    sector = c.choice("sector", SECTORS, True, "sector")
    c.vocabulary("themes", THEMES, "theme", separator=";")
    founded = c.integers("founded", *FOUNDED_RANGE)
    staff = c.integers("staff", 0.0, None)
    frame = {col: c.text(col) for col in ("type", "municipality", "country", "themes")}
    return {"id": ids, "name": name, "sector": sector, **frame, "founded": founded, "staff": staff}


def _activities(c: TableCheck) -> Columns:
    ids = c.nonempty("id", "id")
    c.unique("id")
    name = c.nonempty("name", "name")
    kind = c.choice("kind", ACTIVITY_KINDS, True, "kind")
    c.vocabulary("themes", THEMES, "theme", separator=";")
    start = c.dates("start")
    end = c.dates("end")
    c.not_before(start, end, "end", "start")
    return {
        "id": ids,
        "name": name,
        "kind": kind,
        "themes": c.text("themes"),
        "start": start,
        "end": end,
        "municipality": c.text("municipality"),
    }


def _interactions(c: TableCheck, refer: Refer) -> Columns:
    given_id = c.text("id")
    c.unique("id")
    source = c.nonempty("source", "source")
    target = c.nonempty("target", "target")
    refer(c, "source", "organization")
    refer(c, "target", "organization")
    loop = c.same("source", "target") & c.given("source")
    c.flag(loop, "target", target, lambda v: f"source and target are the same organization '{v}'")
    c.vocabulary("type", INTERACTION_TYPES, "interaction type")
    date = c.dates("date")
    end_date = c.dates("end_date")
    c.not_before(date, end_date, "end_date", "date")
    initiator = c.choice("initiator", INITIATORS, False, "initiator")
    stage = c.choice("stage", STAGES, False, "stage")
    weight = c.numbers("weight", 0.0, MAX_WEIGHT, "weight").fillna(1.0)
    formal = c.booleans("formal")
    columns: Columns = {
        "id": given_id,
        "source": source,
        "target": target,
        "type": c.text("type"),
        "date": date,
        "end_date": end_date,
        "initiator": initiator,
        "stage": stage,
        "weight": weight,
        "formal": formal,
    }
    missing = ~c.given("id")
    if missing.any():
        content = pd.DataFrame({k: v[missing] for k, v in columns.items() if k != "id"})
        given_id = given_id.copy()
        given_id[missing] = row_ids(content)
        columns["id"] = given_id
    return columns


def _participation(c: TableCheck, refer: Refer) -> Columns:
    activity = c.nonempty("activity", "activity")
    organization = c.nonempty("organization", "organization")
    refer(c, "activity", "activity")
    refer(c, "organization", "organization")
    role = c.choice("role", ROLES, False, "role")
    pairs = pd.DataFrame({"a": activity, "o": organization})
    repeated = pairs.duplicated(keep="first").to_numpy() & (activity != "").to_numpy()
    if repeated.any():
        c.warnings.add(
            c.raw.rank,
            c.raw.label,
            f"{int(repeated.sum())} repeated (activity, organization) pairs; kept",
            line=int(c.lines[repeated].min()),
        )
    return {"activity": activity, "organization": organization, "role": role}


def _perceptions(c: TableCheck, refer: Refer) -> Columns:
    rater = c.nonempty("rater", "rater")
    ratee = c.nonempty("ratee", "ratee")
    refer(c, "rater", "organization")
    refer(c, "ratee", "organization")
    itself = c.same("rater", "ratee") & c.given("rater")
    c.flag(itself, "ratee", ratee, lambda v: f"'{v}' rates itself")
    date = c.dates("date")
    scores = {item: c.numbers(item, *SCORE_RANGE, "score") for item in SURVEY_ITEMS}
    if not any(c.has(item) for item in TRUST_ITEMS):
        c.header_error("needs at least one of the columns " + ", ".join(TRUST_ITEMS))
    else:
        answered = np.zeros(c.n, dtype=bool)
        given = np.zeros(c.n, dtype=bool)
        for item in TRUST_ITEMS:
            answered |= scores[item].notna().to_numpy()
            given |= c.given(item)
        c.flag(
            ~answered & ~given,
            None,
            rater,
            lambda _v: "no answer: give at least one of " + ", ".join(TRUST_ITEMS),
        )
    wave = c.text("wave")
    return {"rater": rater, "ratee": ratee, "date": date, **scores, "wave": wave}
