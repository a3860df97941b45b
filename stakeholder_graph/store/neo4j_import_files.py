"""CSV files for ``neo4j-admin database import full``: the network, and the records kept.

:func:`network_files` writes the network of a :class:`NetworkData` as the import tool's node and
relationship files, with the same labels, properties and property types as the Cypher load of
:mod:`stakeholder_graph.store.neo4j_load` (``cypher/write/create_*``): one truth whichever way a
network was loaded. :func:`kept_files` writes the records a load keeps (``AnalysisRun``,
``LoadRun``, ... and the relationships between them), read from the database before it is
replaced, property types preserved.

Every value is quoted (``"`` doubled inside); a missing value is an empty unquoted field, which the
import tool leaves unset, as a ``null`` does in Cypher. Array elements are separated by
:data:`ARRAY_DELIMITER` (U+001F, which no bundled text holds).

Reference: Neo4j Operations Manual, "Import" (``neo4j-admin database import full``), CSV header
format.

Example
-------
>>> from stakeholder_graph.network.graph import graph_from_edges
>>> import tempfile, pathlib
>>> files = network_files(graph_from_edges([(0, 1)]).data, pathlib.Path(tempfile.mkdtemp()))
>>> sorted(f.kind for f in files)[:2]
['nodes', 'nodes']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j.time
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from stakeholder_graph.dataset.model import SECTORS, TRUST_ITEMS, NetworkData, split_themes
from stakeholder_graph.store.name_search import search_names

ARRAY_DELIMITER = "\x1f"
"""Between the elements of an array value (``--array-delimiter=U+001F``)."""

SECTOR_LABELS = {
    "public": "Public",
    "private": "Private",
    "civil": "Civil",
    "social_economy": "SocialEconomy",
}
"""The extra label of an organization, by sector (the fixed set of the Cypher load)."""


@dataclass(frozen=True)
class ImportFile:
    """One CSV file of the import: ``--nodes=LABEL=path`` or ``--relationships=TYPE=path``."""

    kind: str  # "nodes" or "relationships"
    name: str  # the label or type given on the command line ("" when the file has a column)
    path: Path
    rows: int
    multiline: bool

    def argument(self) -> str:
        """The import tool's argument for this file."""
        prefix = f"{self.name}=" if self.name else ""
        return f"--{self.kind}={prefix}{self.path}"


# -- formatting one column ----------------------------------------------------------------------
# Columns become Arrow arrays and files are written by Arrow's CSV writer in one pass
# (``quoting_style="needed"``: every text value quoted with inner quotes doubled, numbers,
# booleans and dates bare, a missing value an empty unquoted field), much faster than joining
# Python strings row by row.


def _quoted(values: pd.Series) -> pa.Array:
    """Text values (an empty string stays a value, ``""``); missing values as empty fields."""
    return pa.array(values.astype(object), type=pa.string(), from_pandas=True)


def _column(series: pd.Series, kind: str) -> pa.Array:
    """One column as an Arrow array of the import-tool type ``kind`` (string, long, double,
    boolean, date, string[]); a missing value (and an empty string) is a null."""
    s = series.reset_index(drop=True)
    if kind == "string":
        text = _quoted(s)
        return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    if kind == "date":
        return pa.array(pd.to_datetime(s), from_pandas=True).cast(pa.date32())
    if kind == "long":
        return pa.array(s.astype("Int64"), type=pa.int64(), from_pandas=True)
    if kind == "double":
        return pa.array(s.astype("float64"), type=pa.float64(), from_pandas=True)
    if kind == "boolean":
        return pa.array(s.astype("boolean"), type=pa.bool_(), from_pandas=True)
    if kind == "string[]":
        joined = s.map(lambda items: ARRAY_DELIMITER.join(items) if items else None)
        return _quoted(joined)
    raise ValueError(f"unknown column kind {kind!r}")


def _write(
    path: Path, columns: list[tuple[str, pa.Array]], kind: str, name: str = ""
) -> ImportFile:
    """Write ``columns`` (header, values) as one CSV file."""
    header = ",".join(h for h, _ in columns)
    table = pa.table({str(i): values for i, (_, values) in enumerate(columns)})
    multiline = any(
        pc.any(pc.match_substring(values, end)).as_py()
        for values in table.columns
        if pa.types.is_string(values.type)
        for end in ("\n", "\r")
    )
    with path.open("wb") as out:
        out.write((header + "\n").encode("utf-8"))
        if table.num_rows:
            options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
            pa_csv.write_csv(table, out, options)
    return ImportFile(kind, name, path, table.num_rows, multiline)


# -- the network --------------------------------------------------------------------------------


def _themes(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The theme list of each row, and ``themes_text`` (the cell when it is not exactly the
    ``;``-joined list), as in :func:`stakeholder_graph.store.neo4j_load.organization_rows`."""
    themes = split_themes(frame["themes"]).reset_index(drop=True)
    cells = frame["themes"].reset_index(drop=True)
    text = cells.where(cells != themes.map(";".join), "")
    return themes, text


def _links(ids: pd.Series, themes: pd.Series) -> pd.DataFrame:
    long = pd.DataFrame({"id": ids.to_numpy(), "theme": themes.to_numpy()}).explode("theme")
    return long.dropna().drop_duplicates().reset_index(drop=True)


def network_files(data: NetworkData, folder: Path) -> list[ImportFile]:
    """Write the network's node and relationship files into ``folder``; return them in order.

    A file is written (Arrow's C++ writer, which releases the GIL) while the columns of the
    next one are made.
    """
    with ThreadPoolExecutor(1) as writer:
        return [f.result() for f in _submit_network_files(data, folder, writer)]


def _submit_network_files(
    data: NetworkData, folder: Path, writer: ThreadPoolExecutor
) -> list[Future[ImportFile]]:
    """Make the columns of each file of :func:`network_files` and submit its writing."""
    orgs, acts = data.organizations.reset_index(drop=True), data.activities.reset_index(drop=True)
    o_themes, o_text = _themes(orgs)
    a_themes, a_text = _themes(acts)
    o_links, a_links = _links(orgs["id"], o_themes), _links(acts["id"], a_themes)
    theme_names = sorted(set(o_links["theme"]) | set(a_links["theme"]))
    o_places = orgs.loc[orgs["municipality"] != "", ["id", "municipality"]]
    a_places = acts.loc[acts["municipality"] != "", ["id", "municipality"]]
    places = sorted(set(o_places["municipality"]) | set(a_places["municipality"]))
    files: list[Future[ImportFile]] = []

    def add(file: str, columns: list[tuple[str, pa.Array]], kind: str, name: str) -> None:
        files.append(writer.submit(_write, folder / file, columns, kind, name))

    s = lambda values, kind="string": _column(pd.Series(values), kind)  # noqa: E731
    add("themes.csv", [("name:ID(Theme)", s(theme_names))], "nodes", "Theme")
    add("municipalities.csv", [("name:ID(Municipality)", s(places))], "nodes", "Municipality")
    sector_label = orgs["sector"].map(SECTOR_LABELS)
    add(
        "organizations.csv",
        [
            ("id:ID(Organization)", s(orgs["id"])),
            (":LABEL", s(sector_label)),
            ("name", s(orgs["name"])),
            ("searchName", s(search_names(orgs["name"]))),
            ("sector", s(orgs["sector"])),
            ("sectorCode:long", s(sector_codes(orgs["sector"]), "long")),
            ("type", s(orgs["type"])),
            ("municipality", s(orgs["municipality"])),
            ("country", s(orgs["country"])),
            ("themes:string[]", s(o_themes, "string[]")),
            ("themes_text", s(o_text)),
            ("founded:long", s(orgs["founded"], "long")),
            ("staff:long", s(orgs["staff"], "long")),
        ],
        "nodes",
        "Organization",
    )
    add(
        "activities.csv",
        [
            ("id:ID(Activity)", s(acts["id"])),
            ("name", s(acts["name"])),
            ("kind", s(acts["kind"])),
            ("themes:string[]", s(a_themes, "string[]")),
            ("themes_text", s(a_text)),
            ("start:date", s(acts["start"], "date")),
            ("end:date", s(acts["end"], "date")),
            ("municipality", s(acts["municipality"])),
        ],
        "nodes",
        "Activity",
    )
    for who, links, places_of in (
        ("Organization", o_links, o_places),
        ("Activity", a_links, a_places),
    ):
        stem = who.lower()
        add(
            f"{stem}_themes.csv",
            [(f":START_ID({who})", s(links["id"])), (":END_ID(Theme)", s(links["theme"]))],
            "relationships",
            "WORKS_ON",
        )
        add(
            f"{stem}_municipality.csv",
            [
                (f":START_ID({who})", s(places_of["id"])),
                (":END_ID(Municipality)", s(places_of["municipality"])),
            ],
            "relationships",
            "BASED_IN",
        )
    i = data.interactions.reset_index(drop=True)
    add(
        "interactions.csv",
        [
            (":START_ID(Organization)", s(i["source"])),
            (":END_ID(Organization)", s(i["target"])),
            ("id", s(i["id"])),
            ("type", s(i["type"])),
            ("date:date", s(i["date"], "date")),
            ("end_date:date", s(i["end_date"], "date")),
            ("initiator", s(i["initiator"])),
            ("stage", s(i["stage"])),
            ("weight:double", s(i["weight"], "double")),
            ("formal:boolean", s(i["formal"], "boolean")),
        ],
        "relationships",
        "INTERACTED_WITH",
    )
    p = data.participation.reset_index(drop=True)
    add(
        "participation.csv",
        [
            (":START_ID(Organization)", s(p["organization"])),
            (":END_ID(Activity)", s(p["activity"])),
            ("seq:long", s(p.groupby(["activity", "organization"]).cumcount(), "long")),
            ("role", s(p["role"])),
        ],
        "relationships",
        "PARTICIPATES_IN",
    )
    q = data.perceptions.reset_index(drop=True)
    answer = q["date"].dt.strftime("%Y-%m-%d").fillna("")
    add(
        "perceptions.csv",
        [
            (":START_ID(Organization)", s(q["rater"])),
            (":END_ID(Organization)", s(q["ratee"])),
            ("answer", _quoted(answer)),  # '' (undated) is a value here, not a missing one
            ("seq:long", s(q.groupby(["rater", "ratee", "date"], dropna=False).cumcount(), "long")),
            ("date:date", s(q["date"], "date")),
            *[(f"{c}:double", s(q[c], "double")) for c in perception_items()],
            ("trust:double", s(q[list(TRUST_ITEMS)].mean(axis=1, skipna=True), "double")),
            ("wave", s(q["wave"])),
        ],
        "relationships",
        "PERCEIVES",
    )
    from stakeholder_graph.store.neo4j_coparticipation import coparticipation_pairs

    pairs = coparticipation_pairs(data)
    add(
        "co_participation.csv",
        [
            (":START_ID(Organization)", s(pairs["a"])),
            (":END_ID(Organization)", s(pairs["b"])),
            ("activities:long", s(pairs["activities"], "long")),
        ],
        "relationships",
        "CO_PARTICIPATED",
    )
    return files


def perception_items() -> tuple[str, ...]:
    """The survey items stored on ``PERCEIVES``, in the order of the Cypher load."""
    from stakeholder_graph.dataset.model import SURVEY_ITEMS

    return SURVEY_ITEMS


def sector_codes(sectors: pd.Series) -> pd.Series:
    """``sectorCode``: the sector's position in :data:`~stakeholder_graph.dataset.model.SECTORS`
    (public 0, private 1, civil 2, social_economy 3), a number Graph Data Science can project.

    >>> sector_codes(pd.Series(["civil", "public"])).tolist()
    [2, 0]
    """
    codes = {name: i for i, name in enumerate(SECTORS)}
    return sectors.map(codes).astype("Int64")


# -- the records a load keeps ------------------------------------------------------------------


class Unportable(ValueError):
    """A kept value the import tool cannot carry (an empty list, a map, a point, ...)."""


def _type_of(value: Any) -> str:
    """The import-tool type of one property value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        if ARRAY_DELIMITER in value:
            raise Unportable("a text holding U+001F")
        return "string"
    if isinstance(value, neo4j.time.DateTime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, neo4j.time.Date):
        return "date"
    if isinstance(value, list):
        kinds = {_type_of(v) for v in value}
        if len(kinds) != 1 or next(iter(kinds)).endswith("]"):
            raise Unportable("an empty or mixed list")
        return kinds.pop() + "[]"
    raise Unportable(f"a value of type {type(value).__name__}")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, neo4j.time.DateTime | neo4j.time.Date):
        return value.iso_format()
    return str(value)


def _field(value: Any) -> str:
    return '"' + _text(value).replace('"', '""') + '"'


def _grouped(
    records: Iterable[dict[str, Any]],
) -> dict[tuple[tuple[str, str], ...], list[dict[str, Any]]]:
    """Records grouped by their properties' (name, type) signature (one file, one header each)."""
    groups: dict[tuple[tuple[str, str], ...], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        props = {k: v for k, v in record["props"].items() if v is not None}
        if any(c in k for k in props for c in ':,"` '):
            raise Unportable('a property name holding one of :,"` or a space')
        signature = tuple(sorted((k, _type_of(v)) for k, v in props.items()))
        groups[signature].append(record | {"props": props})
    return groups


def kept_files(
    folder: Path, nodes: list[dict[str, Any]], relationships: list[dict[str, Any]]
) -> list[ImportFile]:
    """Write the kept records as import files.

    ``nodes``: ``{"key", "labels", "props"}``; ``relationships``: ``{"start", "end", "type",
    "props"}`` between kept nodes (``key`` values). Raises :class:`Unportable` when a value
    cannot be written.
    """
    files: list[ImportFile] = []
    for n, (signature, group) in enumerate(sorted(_grouped(nodes).items())):
        header = [":ID(Kept)", ":LABEL"] + [f"{k}:{t}" for k, t in signature]
        lines = [
            ",".join(
                [_field(r["key"]), _field(ARRAY_DELIMITER.join(r["labels"]))]
                + [_field(r["props"][k]) for k, _ in signature]
            )
            for r in group
        ]
        files.append(_lines(folder / f"kept_nodes_{n}.csv", header, lines, "nodes"))
    for n, (signature, group) in enumerate(sorted(_grouped(relationships).items())):
        header = [":START_ID(Kept)", ":END_ID(Kept)", ":TYPE"] + [f"{k}:{t}" for k, t in signature]
        lines = [
            ",".join(
                [_field(r["start"]), _field(r["end"]), _field(r["type"])]
                + [_field(r["props"][k]) for k, _ in signature]
            )
            for r in group
        ]
        files.append(_lines(folder / f"kept_relationships_{n}.csv", header, lines, "relationships"))
    return files


def _lines(path: Path, header: list[str], lines: list[str], kind: str) -> ImportFile:
    text = "\n".join(lines)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n" + text + "\n")
    return ImportFile(kind, "", path, len(lines), "\n" in text or "\r" in text)
