"""Import a GraphML or GEXF file (Gephi, yEd, Cytoscape, networkx, this project's ``export``).

Files are parsed with networkx's readers. Each node becomes an organization: its id stays its
id; ``label``/``name`` -> ``name``; ``sector``, ``type`` (sector through the mapping file or the
default words when ``sector`` is missing or not one of the four), ``municipality``,
``country``, ``themes``, ``founded``, ``staff``. Each edge becomes one interaction: ``weight``;
``type``/``kind`` -> ``type``; ``date``/``start`` -> ``date`` and ``end`` -> ``end_date``; a GEXF
edge with several ``<spell>`` intervals becomes one interaction per spell. Attributes with no
place in dataset v1 — the metrics ``export`` writes, yEd's graphics — are listed as not carried.

Round trip: ``export --format gexf|graphml`` then ``import`` gives back the organizations (id,
name, sector, municipality) and one interaction per tie whose weight is the tie's weight, so a
new analysis finds the same ties with the same weights.

References: GraphML Primer (graphml.graphdrawing.org/primer); GEXF 1.3 specification
(gexf.net), section "dynamics" (spells).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.errors import InputError
from stakeholder_graph.importers.build import clean_interactions, parse_dates, resolve_sectors
from stakeholder_graph.importers.mapping import Mapping
from stakeholder_graph.importers.summary import ImportSummary

NODE_FIELDS = {
    "name": ("label", "name"),
    "sector": ("sector",),
    "type": ("type", "kind"),
    "municipality": ("municipality",),
    "country": ("country",),
    "themes": ("themes", "tags"),
    "founded": ("founded",),
    "staff": ("staff",),
}
EDGE_FIELDS = {
    "weight": ("weight",),
    "type": ("type", "kind", "interaction", "label"),
    "date": ("date", "start"),
    "end_date": ("end_date", "end"),
}
IGNORED = {"id", "viz", "spells", "key"}


def _read(path: Path, kind: str) -> nx.Graph:
    reader = nx.read_graphml if kind == "graphml" else nx.read_gexf
    try:
        return reader(path)
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        raise InputError(
            f"{path.name}: not a readable {kind.upper()} file",
            [f"{path.name}:{line}: column {column}: XML error: {error}"],
        ) from error
    except (nx.NetworkXError, KeyError, ValueError, TypeError) as error:
        raise InputError(
            f"{path.name}: not a readable {kind.upper()} file",
            [f"{path.name}: {type(error).__name__}: {error}"],
        ) from error
    except OSError as error:
        raise InputError(f"{path.name}: cannot be read: {error.strerror or error}") from error


def _value(value: Any) -> Any:
    """A dynamic GEXF attribute (list of (value, start, end)) as its last value."""
    if isinstance(value, list) and value:
        last = value[-1]
        return last[0] if isinstance(last, tuple) else last
    return value


def _field(attrs: dict[str, Any], names: tuple[str, ...], mapping: Mapping, key: str) -> Any:
    wanted = mapping.column(key)
    lowered = {k.lower(): v for k, v in attrs.items()}
    for name in (wanted,) if wanted else names:
        if name in lowered:
            return _value(lowered[name])
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def import_graph_file(
    path: Path, kind: str, mapping: Mapping, summary: ImportSummary
) -> NetworkData:
    """Read a GraphML (``kind="graphml"``) or GEXF (``kind="gexf"``) file."""
    path = Path(path)
    graph = _read(path, kind)
    seen: Counter[str] = Counter()
    rows: dict[str, list[Any]] = {key: [] for key in ("id", *NODE_FIELDS)}
    for node, attrs in graph.nodes(data=True):
        rows["id"].append(str(node))
        for key, names in NODE_FIELDS.items():
            rows[key].append(_field(attrs, names, mapping, key))
        seen.update(k.lower() for k in attrs)
    frame = pd.DataFrame(rows)
    node_used = {n for names in NODE_FIELDS.values() for n in names}
    for key, names in NODE_FIELDS.items():
        hit = [n for n in names if seen[n]]
        if hit and frame[key].notna().any():
            summary.map(f"node {hit[0]} -> organizations.{key}")
    names = frame["name"].map(_text)
    nameless = names == ""
    if nameless.any():
        summary.guess(f"{int(nameless.sum())} nodes without a label named by their id")
        names = names.where(~nameless, frame["id"])
    sectors = resolve_sectors(
        frame["sector"].map(_text), frame["type"].map(_text), names, mapping, summary
    )
    nosector = sectors == ""
    if nosector.any():
        summary.drop(
            "nodes whose sector or type maps to no sector (set [sectors] or [default] in --map)",
            *[f"node {i}" for i in frame["id"][nosector]],
        )
    for key in ("founded", "staff"):
        frame[key] = pd.to_numeric(frame[key], errors="coerce").round()
    organizations = coerce_table(
        "organizations",
        pd.DataFrame(
            {
                "id": frame["id"],
                "name": names,
                "sector": sectors,
                "type": frame["type"].map(_text),
                "municipality": frame["municipality"].map(_text),
                "country": frame["country"].map(_text),
                "themes": frame["themes"].map(_text),
                "founded": frame["founded"],
                "staff": frame["staff"],
            }
        )[~nosector],
    )
    extra = sorted(k for k in seen if k not in node_used and k not in IGNORED)
    if extra:
        summary.drop(
            "node attributes with no place in dataset v1 (not carried; analyze recomputes metrics)",
            *extra,
        )
    interactions = _edges(graph, mapping, summary, set(organizations["id"]))
    return NetworkData(organizations=organizations, interactions=interactions, name=path.stem)


def _edges(graph: nx.Graph, mapping: Mapping, summary: ImportSummary, known: set[str]) -> Any:
    rows: dict[str, list[Any]] = {key: [] for key in ("source", "target", *EDGE_FIELDS)}
    places: list[str] = []
    seen: Counter[str] = Counter()
    for u, v, attrs in graph.edges(data=True):
        spells = attrs.get("spells") or [(None, None)]
        for start, end in spells:
            rows["source"].append(str(u))
            rows["target"].append(str(v))
            for key, names in EDGE_FIELDS.items():
                rows[key].append(_field(attrs, names, mapping, key))
            if start is not None or end is not None:
                rows["date"][-1], rows["end_date"][-1] = start, end
            places.append(f"edge {u}-{v}")
        seen.update(k.lower() for k in attrs)
        if len(spells) > 1 or spells[0] != (None, None):
            summary.map("edge spells -> one interaction per spell (date, end_date)")
    frame = pd.DataFrame(rows)
    for key, names in EDGE_FIELDS.items():
        hit = [n for n in names if seen[n]]
        if hit and frame[key].notna().any():
            summary.map(f"edge {hit[0]} -> interactions.{key}")
    for key in ("date", "end_date"):
        frame[key] = parse_dates(frame[key].map(_text), None, summary, f"edge {key}")
    frame["type"] = frame["type"].astype(object).map(_text)
    if graph.is_directed():
        summary.guess("directed edges kept as source -> target; direction not read as initiative")
    edge_used = {n for names in EDGE_FIELDS.values() for n in names}
    extra = sorted(k for k in seen if k not in edge_used and k not in IGNORED)
    if extra:
        summary.drop(
            "edge attributes with no place in dataset v1 (not carried; counts are folded into "
            "the weight)",
            *extra,
        )
    frame["weight"] = frame["weight"].map(_text)
    frame = clean_interactions(frame, known, summary, places, mapping)
    return coerce_table("interactions", frame)
