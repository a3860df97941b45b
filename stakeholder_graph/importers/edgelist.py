"""Import an edge list: a CSV file or a workbook sheet with one row per tie or interaction.

Columns are found by name (``source``/``from``, ``target``/``to``, ``date``, ``type``,
``weight``, ...) or named in the mapping file's ``[columns]`` table. Organizations come from an
``organizations`` sheet of the workbook (or an ``organizations.csv`` beside the CSV file) when
there is one, read with the same column rules; otherwise from the ids in the edge list, with
``source_name``/``source_sector`` (and ``target_…``) columns when present — what
``export --format csv`` writes — or the mapping's ``[default] sector``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.dataset.raw import RawTable
from stakeholder_graph.errors import InputError
from stakeholder_graph.importers.build import (
    WORKBOOKS,
    clean_interactions,
    parse_dates,
    pick,
    read_csv,
    read_sheets,
    resolve_sectors,
    sheet_names,
    where,
)
from stakeholder_graph.importers.mapping import Mapping
from stakeholder_graph.importers.summary import ImportSummary

EDGE_COLUMNS = {
    "source": ("source", "from", "source_id", "organization_a", "a"),
    "target": ("target", "to", "target_id", "organization_b", "b"),
    "type": ("type", "kind", "interaction_type"),
    "date": ("date", "start", "start_date"),
    "end_date": ("end_date", "end"),
    "weight": ("weight", "strength", "value"),
    "id": ("id",),
}
ORG_COLUMNS = {
    "id": ("id", "organization", "org_id"),
    "name": ("name", "label"),
    "sector": ("sector",),
    "type": ("type", "kind"),
    "municipality": ("municipality", "city"),
    "country": ("country",),
    "themes": ("themes", "tags"),
}
GEPHI_EDGE_TYPES = ("directed", "undirected", "mutual")
"""Values of Gephi's edge-list ``Type`` column (what ``export --format csv`` writes too)."""
EDGE_SHEETS = ("edges", "interactions", "ties", "connections", "edgelist")


def _tables(path: Path) -> tuple[RawTable, RawTable | None]:
    if path.suffix.lower() in WORKBOOKS:
        titles = sheet_names(path)
        lowered = [t.strip().lower() for t in titles]
        edge = next((t for t in lowered if t in EDGE_SHEETS), None)
        edge = edge or next((t for t in lowered if t != "organizations"), None)
        if edge is None:
            raise InputError(f"{path.name}: no sheet holding the edge list")
        sheets = read_sheets(path, [edge, "organizations"])
        if edge not in sheets:
            raise InputError(f"{path.name}[{edge}]: the edge sheet is empty")
        return sheets[edge], sheets.get("organizations")
    orgs = path.with_name("organizations.csv")
    return read_csv(path), read_csv(orgs) if orgs.is_file() and orgs != path else None


def _organizations_from_sheet(
    table: RawTable, mapping: Mapping, summary: ImportSummary
) -> pd.DataFrame:
    prefix = "organizations."
    mapping = replace(
        mapping,
        columns={k[len(prefix) :]: v for k, v in mapping.columns.items() if k.startswith(prefix)},
    )
    found = {k: pick(table, mapping, k, *al) for k, al in ORG_COLUMNS.items()}
    if found["id"] is None:
        raise InputError(f"{table.label}:{table.header_line}: no 'id' column")
    frame = table.frame
    for key, column in found.items():
        if column:
            summary.map(f"{table.label}.{column} -> organizations.{key}")
    blank = lambda: pd.Series("", index=frame.index)  # noqa: E731
    ids = frame[found["id"]]
    names = frame[found["name"]] if found["name"] else ids
    sector = frame[found["sector"]] if found["sector"] else blank()
    kind = frame[found["type"]] if found["type"] else blank()
    sectors = resolve_sectors(sector, kind, names, mapping, summary)
    bad = ((sectors == "") | (ids == "") | ids.duplicated()).to_numpy()
    if bad.any():
        summary.drop(
            "organizations without an id, repeated, or whose sector or type maps to no sector",
            *where(table, bad),
        )
    columns = {k: frame[c] for k, c in found.items() if c and k not in ("sector", "name")}
    columns.update(id=ids, name=names, sector=sectors)
    return coerce_table("organizations", pd.DataFrame(columns)[~bad])


def _organizations_from_edges(
    edges: pd.DataFrame, frame: pd.DataFrame, mapping: Mapping, summary: ImportSummary
) -> pd.DataFrame:
    parts = []
    for end in ("source", "target"):
        part = pd.DataFrame({"id": edges[end]})
        part["name"] = frame.get(f"{end}_name", part["id"])
        part["sector"] = frame.get(f"{end}_sector", "")
        parts.append(part)
    orgs = pd.concat(parts).drop_duplicates("id").reset_index(drop=True)
    orgs = orgs[orgs["id"] != ""]
    if "source_sector" in frame or "source_name" in frame:
        summary.map("source_/target_ name and sector columns -> organizations")
    summary.guess("organizations taken from the ids of the edge list (no organizations sheet)")
    sectors = resolve_sectors(
        orgs["sector"], pd.Series("", index=orgs.index), orgs["name"], mapping, summary
    )
    bad = (sectors == "").to_numpy()
    if bad.any():
        summary.drop(
            "organizations whose sector is unknown (add [default] sector in --map)",
            *orgs["id"][bad],
        )
    orgs["sector"] = sectors
    return coerce_table("organizations", orgs[~bad])


def import_edgelist(path: Path, mapping: Mapping, summary: ImportSummary) -> NetworkData:
    """Read an edge list (CSV or workbook) into a :class:`NetworkData`."""
    path = Path(path)
    table, org_table = _tables(path)
    found = {k: pick(table, mapping, k, *al) for k, al in EDGE_COLUMNS.items()}
    missing = [k for k in ("source", "target") if found[k] is None]
    if missing:
        raise InputError(
            f"{table.label}:{table.header_line}: no {' or '.join(missing)} column "
            f"(found: {', '.join(table.frame.columns)}; name them under [columns] in --map)"
        )
    frame = table.frame
    if found["type"] and frame[found["type"]].str.lower().isin(GEPHI_EDGE_TYPES).all():
        summary.drop(
            "a Gephi edge-direction column, not an interaction type (not carried)",
            found["type"],
        )
        found["type"] = None
    for key, column in found.items():
        if column:
            summary.map(f"{table.label}.{column} -> interactions.{key}")
    edges = pd.DataFrame({k: frame[c] for k, c in found.items() if c and k not in ("date",)})
    for key in ("date", "end_date"):
        if found[key]:
            edges[key] = parse_dates(frame[found[key]], table, summary, key)
    if org_table is not None:
        organizations = _organizations_from_sheet(org_table, mapping, summary)
    else:
        organizations = _organizations_from_edges(edges, frame, mapping, summary)
    used = {c for c in found.values() if c}
    used |= {f"{e}_{k}" for e in ("source", "target") for k in ("name", "sector")}
    other = [c for c in frame.columns if c not in used]
    if other:
        summary.drop("edge-list columns with no place in dataset v1 (not carried)", *other)
    places = [f"{table.label}:{n}" for n in table.lines]
    if "id" in edges:
        empty_or_repeated = (edges["id"] == "") | edges["id"].duplicated(keep=False)
        if empty_or_repeated.any():
            summary.guess("interaction ids empty or repeated: all ids made from the rows")
            edges = edges.drop(columns="id")
    interactions = clean_interactions(edges, set(organizations["id"]), summary, places, mapping)
    if "id" in interactions and interactions["id"].duplicated().any():
        interactions = interactions.drop(columns="id")
    return NetworkData(
        organizations=organizations,
        interactions=coerce_table("interactions", interactions),
        name=path.stem,
    )
