"""Import a Kumu map: its "Elements" and "Connections" export.

Kumu (kumu.io) exports a map as a workbook with an ``Elements`` sheet (``Label``, ``Type``,
``Description``, ``Tags``, any custom fields) and a ``Connections`` sheet (``From``, ``To``,
``Type``, ``Direction``, ``Label``, ``Tags``, custom fields such as ``Strength`` or ``Date``);
``From`` and ``To`` name elements by their label. The CSV export is the same two tables as two
files. Multi-valued fields (tags) are separated by ``|``.

Mapping onto dataset v1:

* element ``Label`` -> organization ``name`` (as written); ``ID`` -> ``id`` when present, else an
  id made from the label; ``Type`` -> ``type`` and, through the mapping file or the default
  words, ``sector``; ``Tags`` -> ``themes``; ``Municipality``, ``Country``, ``Founded``,
  ``Staff`` when present.
* connection ``From``/``To`` -> ``source``/``target``; ``Type`` -> interaction ``type``;
  ``Strength``/``Weight`` -> ``weight``; ``Date``/``Start`` and ``End`` -> ``date`` and
  ``end_date``; ``Direction``: "directed" -> initiator ``source``, "mutual" -> ``joint``
  (reported as a guess: Kumu's arrow shows who acts towards whom).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, coerce_table, empty_table
from stakeholder_graph.dataset.raw import RawTable
from stakeholder_graph.errors import InputError
from stakeholder_graph.importers.build import (
    WORKBOOKS,
    clean_interactions,
    make_ids,
    parse_dates,
    pick,
    read_csv,
    read_sheets,
    resolve_sectors,
    where,
)
from stakeholder_graph.importers.mapping import Mapping
from stakeholder_graph.importers.summary import ImportSummary

ELEMENT_COLUMNS = {
    "name": ("label", "name"),
    "id": ("id",),
    "type": ("type", "element type"),
    "sector": ("sector",),
    "themes": ("tags", "themes"),
    "municipality": ("municipality", "location", "city"),
    "country": ("country",),
    "founded": ("founded",),
    "staff": ("staff",),
}
CONNECTION_COLUMNS = {
    "source": ("from",),
    "target": ("to",),
    "type": ("type", "connection type"),
    "weight": ("strength", "weight"),
    "date": ("date", "start", "start date"),
    "end_date": ("end", "end date"),
    "direction": ("direction",),
}
DIRECTIONS = {"directed": "source", "mutual": "joint", "undirected": ""}


def _locate(path: Path) -> tuple[RawTable, RawTable | None]:
    """The elements and connections tables of a workbook, a folder or an elements CSV."""
    if path.suffix.lower() in WORKBOOKS:
        sheets = read_sheets(path, ["elements", "connections"])
        if "elements" not in sheets:
            raise InputError(f"{path.name}: no 'Elements' sheet (a Kumu export has one)")
        return sheets["elements"], sheets.get("connections")
    if path.is_dir():
        files = {p.name.lower(): p for p in path.glob("*.csv")}
        elements = [p for n, p in sorted(files.items()) if "element" in n]
        connections = [p for n, p in sorted(files.items()) if "connection" in n]
        if not elements:
            raise InputError(f"{path}: no elements CSV (a file named like 'elements.csv')")
        return read_csv(elements[0]), read_csv(connections[0]) if connections else None
    name = path.name
    for old, new in (("elements", "connections"), ("Elements", "Connections")):
        name = name.replace(old, new)
    sibling = path.with_name(name.replace("ELEMENTS", "CONNECTIONS"))
    return read_csv(path), read_csv(sibling) if sibling != path and sibling.is_file() else None


def _themes(tags: pd.Series) -> pd.Series:
    """Kumu tags (``a | b``) as ``;``-separated snake_case themes."""
    return (
        tags.fillna("")
        .astype(str)
        .map(
            lambda t: ";".join(
                s.strip().lower().replace(" ", "_")
                for s in t.replace(";", "|").split("|")
                if s.strip()
            )
        )
    )


def _numbers(values: pd.Series, table: RawTable, summary: ImportSummary, what: str) -> pd.Series:
    parsed = pd.to_numeric(values.where(values != ""), errors="coerce").round()
    bad = values.astype(str).str.strip().ne("") & parsed.isna()
    if bad.any():
        summary.drop(f"unreadable {what} left empty", *where(table, bad.to_numpy()))
    return parsed


def import_kumu(path: Path, mapping: Mapping, summary: ImportSummary) -> NetworkData:
    """Read a Kumu export into a :class:`NetworkData` (not yet validated nor written)."""
    elements, connections = _locate(Path(path))
    found = {key: pick(elements, mapping, key, *names) for key, names in ELEMENT_COLUMNS.items()}
    if found["name"] is None:
        raise InputError(
            f"{elements.label}:{elements.header_line}: no 'Label' column "
            f"(found: {', '.join(elements.frame.columns)})"
        )
    frame = elements.frame
    used = {c for c in found.values() if c}
    for key, column in found.items():
        if column and key != "sector":
            summary.map(f"Elements.{column} -> organizations.{key}")
    names = frame[found["name"]]
    blank = (names.str.strip() == "").to_numpy()
    if blank.any():
        summary.drop("elements without a label", *where(elements, blank))
    ids = frame[found["id"]] if found["id"] else make_ids(names)
    if not found["id"]:
        summary.guess("organization ids made from the labels (the export has no ID column)")
    kind = frame[found["type"]] if found["type"] else pd.Series("", index=frame.index)
    sector_text = frame[found["sector"]] if found["sector"] else pd.Series("", index=frame.index)
    sectors = resolve_sectors(sector_text, kind, names, mapping, summary)
    duplicate = (
        (names.duplicated() & ~blank).to_numpy() if not found["id"] else ids.duplicated().to_numpy()
    )
    if duplicate.any():
        summary.drop("elements repeating a label already imported", *where(elements, duplicate))
    nosector = (sectors == "").to_numpy() & ~blank & ~duplicate
    if nosector.any():
        types = sorted(set(kind[nosector]))
        summary.drop(
            "elements whose type maps to no sector (types "
            + ", ".join(repr(t) for t in types)
            + "; name them under [sectors] in --map)",
            *[
                f"{elements.label}:{n} {names.iloc[i]}"
                for i, n in zip(np.flatnonzero(nosector), elements.lines[nosector], strict=True)
            ],
        )
    keep = ~blank & ~duplicate & ~nosector
    columns = {
        "id": ids,
        "name": names,
        "sector": sectors,
        "type": kind,
        "themes": _themes(frame[found["themes"]]) if found["themes"] else "",
    }
    for key in ("municipality", "country"):
        if found[key]:
            columns[key] = frame[found[key]]
    for key in ("founded", "staff"):
        if found[key]:
            columns[key] = _numbers(frame[found[key]], elements, summary, key)
    organizations = coerce_table("organizations", pd.DataFrame(columns)[keep])
    other = [c for c in frame.columns if c not in used]
    if other:
        summary.drop("element columns with no place in dataset v1 (not carried)", *other)
    interactions = empty_table("interactions")
    if connections is None:
        summary.guess("no Connections sheet or file: organizations only")
    else:
        interactions = _connections(connections, names, ids, keep, organizations, mapping, summary)
    return NetworkData(organizations=organizations, interactions=interactions, name=Path(path).stem)


def _connections(
    table: RawTable,
    names: pd.Series,
    ids: pd.Series,
    keep: np.ndarray,
    organizations: pd.DataFrame,
    mapping: Mapping,
    summary: ImportSummary,
) -> pd.DataFrame:
    found = {key: pick(table, mapping, key, *al) for key, al in CONNECTION_COLUMNS.items()}
    missing = [k for k in ("source", "target") if found[k] is None]
    if missing:
        raise InputError(
            f"{table.label}:{table.header_line}: no "
            + " or ".join(repr(CONNECTION_COLUMNS[k][0].title()) for k in missing)
            + f" column (found: {', '.join(table.frame.columns)})"
        )
    frame = table.frame
    for key, column in found.items():
        if column and key != "direction":
            summary.map(f"Connections.{column} -> interactions.{key}")
    label_to_id = dict(zip(names[keep], ids[keep], strict=True))
    label_to_id.update({i: i for i in ids[keep]})
    out = pd.DataFrame(
        {
            "source": frame[found["source"]].map(label_to_id).fillna("!" + frame[found["source"]]),
            "target": frame[found["target"]].map(label_to_id).fillna("!" + frame[found["target"]]),
        }
    )
    for key in ("type", "weight"):
        if found[key]:
            out[key] = frame[found[key]]
    for key in ("date", "end_date"):
        if found[key]:
            out[key] = parse_dates(frame[found[key]], table, summary, key)
    if found["direction"]:
        direction = frame[found["direction"]].str.strip().str.lower()
        out["initiator"] = direction.map(DIRECTIONS).fillna("")
        summary.guess(
            f"Connections.{found['direction']}: 'directed' read as initiator=source (From "
            "started it), 'mutual' as joint"
        )
    other = [c for c in frame.columns if c not in {c for c in found.values() if c}]
    if other:
        summary.drop("connection columns with no place in dataset v1 (not carried)", *other)
    places = [f"{table.label}:{n}" for n in table.lines]
    known = set(organizations["id"])
    out = clean_interactions(out, known, summary, places, mapping)
    return coerce_table("interactions", out)
