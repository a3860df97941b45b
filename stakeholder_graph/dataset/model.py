"""The typed in-memory form of a cooperation network: :class:`NetworkData`.

Every reader (a dataset folder, an ``.xlsx`` workbook, Neo4j) produces a ``NetworkData`` and every
consumer (the analytics core, the loader, the dashboard) reads one. The tables are pandas frames
whose columns and dtypes are fixed by :data:`TABLES`, so two sources holding the same network give
frames that compare equal with :meth:`NetworkData.equals`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from stakeholder_graph.dataset.arrow_text import strip_text

SECTORS: tuple[str, ...] = ("public", "private", "civil", "social_economy")
"""The four sectors, in the order used for colours, matrices and reports."""

INITIATORS: tuple[str, ...] = ("source", "target", "joint")
STAGES: tuple[str, ...] = ("planning", "implementation", "evaluation")
ACTIVITY_KINDS: tuple[str, ...] = ("project", "council", "hearing", "forum", "network")
ROLES: tuple[str, ...] = ("lead", "partner", "member", "chair", "observer")
TRUST_ITEMS: tuple[str, ...] = ("reliability", "mission_support", "openness")
OTHER_SURVEY_ITEMS: tuple[str, ...] = ("influence", "involvement", "resources")
SURVEY_ITEMS: tuple[str, ...] = TRUST_ITEMS + OTHER_SURVEY_ITEMS

INTERACTION_TYPES: tuple[str, ...] = (
    "consultative_council",
    "public_hearing",
    "joint_project",
    "operating_agreement",
    "service_purchase",
    "partnership",
    "ppp",
    "innovation_partnership",
    "grant",
    "sponsorship",
    "information_exchange",
    "volunteering",
    "meeting",
    "other",
)
"""The interaction vocabulary. Other types are accepted with a warning."""

THEMES: tuple[str, ...] = (
    "youth",
    "education",
    "culture",
    "sports",
    "tourism",
    "health",
    "disability",
    "elderly_care",
    "home_care",
    "social_services",
    "roma_inclusion",
    "domestic_violence",
    "employment",
    "environment",
    "quality_of_life",
    "civil_sector_development",
    "crime_prevention",
    "regional_development",
    "intercultural_dialogue",
    "playgrounds",
    "community_spaces",
    "holiday_childcare",
    "homelessness",
    "addiction",
    "mental_health",
    "housing",
    "welfare_technology",
)
"""The theme vocabulary (English snake_case). Other themes are accepted with a warning."""

# Column name -> dtype kind. "str" columns are pandas ``object`` holding str (missing = "");
# "date" is datetime64[ns] (missing = NaT); "float" is float64 (missing = NaN);
# "int" is the nullable Int64; "bool" is the nullable boolean.
TABLES: dict[str, dict[str, str]] = {
    "organizations": {
        "id": "str",
        "name": "str",
        "sector": "str",
        "type": "str",
        "municipality": "str",
        "country": "str",
        "themes": "str",
        "founded": "int",
        "staff": "int",
    },
    "interactions": {
        "id": "str",
        "source": "str",
        "target": "str",
        "type": "str",
        "date": "date",
        "end_date": "date",
        "initiator": "str",
        "stage": "str",
        "weight": "float",
        "formal": "bool",
    },
    "activities": {
        "id": "str",
        "name": "str",
        "kind": "str",
        "themes": "str",
        "start": "date",
        "end": "date",
        "municipality": "str",
    },
    "participation": {
        "activity": "str",
        "organization": "str",
        "role": "str",
    },
    "perceptions": {
        "rater": "str",
        "ratee": "str",
        "date": "date",
        "reliability": "float",
        "mission_support": "float",
        "openness": "float",
        "influence": "float",
        "involvement": "float",
        "resources": "float",
        "wave": "str",
    },
}
"""The five tables of dataset format v1 with their typed columns, in file order."""

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "sector"),
    "interactions": ("source", "target"),
    "activities": ("id", "name", "kind"),
    "participation": ("activity", "organization"),
    "perceptions": ("rater", "ratee"),
}

_PANDAS_DTYPES = {
    "str": "object",
    "date": "datetime64[ns]",
    "float": "float64",
    "int": "Int64",
    "bool": "boolean",
}


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``table``."""
    columns = TABLES[table]
    return pd.DataFrame({c: pd.Series(dtype=_PANDAS_DTYPES[k]) for c, k in columns.items()})


def coerce_table(
    table: str, frame: pd.DataFrame | Mapping[str, pd.Series], strip: bool = True
) -> pd.DataFrame:
    """Return ``frame`` with exactly the columns of ``table``, in order, with canonical dtypes.

    ``frame`` is a DataFrame or its columns by name (Series of equal length): the result is
    then the only frame built, without a copy of the columns in between.

    Missing optional columns are added empty; values must already be parseable (the validator
    guarantees that for files). Strings are stripped and missing strings become ``""``;
    ``strip=False`` is for text columns known to hold stripped ``str`` only (the validator's):
    they are kept as they are, without a second pass over every cell.
    """
    out: dict[str, pd.Series] = {}
    present = frame.columns if isinstance(frame, pd.DataFrame) else list(frame)
    n = len(frame) if isinstance(frame, pd.DataFrame) else len(next(iter(frame.values()), ()))
    for column, kind in TABLES[table].items():
        if column in present:
            s = frame[column].reset_index(drop=True)
        else:
            s = pd.Series([None] * n, dtype="object")
        if kind == "str":
            if strip or s.dtype != object or column not in present:
                s = strip_text(s.astype("object"))
        elif kind == "date":
            s = pd.to_datetime(s, errors="raise").astype("datetime64[ns]")
        elif kind == "float":
            s = pd.to_numeric(s, errors="raise").astype("float64")
        elif kind == "int":
            s = pd.to_numeric(s, errors="raise").astype("Int64")
        elif kind == "bool":
            s = s.astype("boolean")
        out[column] = s
    # columns handed over by name are the caller's to give away: no copy into one block
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=isinstance(frame, pd.DataFrame))


def split_themes(themes: pd.Series) -> pd.Series:
    """Split a ``;``-separated themes column into lists of trimmed, non-empty theme names."""
    return themes.fillna("").map(lambda t: [x.strip() for x in t.split(";") if x.strip()])


@dataclass(frozen=True)
class NetworkData:
    """A validated cooperation network: five typed tables and where they came from.

    Attributes
    ----------
    organizations, interactions, activities, participation, perceptions:
        Frames with the columns of :data:`TABLES`. Optional tables that were absent are empty.
        Every interaction has a non-empty ``id`` (given in the file, or a stable hash of the row).
    name:
        A short name for the network (the dataset folder name, by default).
    source:
        Where it was read from, e.g. ``"datasets/pleven"`` or ``"neo4j://127.0.0.1:7687"``.
    warnings:
        Non-fatal findings from validation (unknown interaction types, themes off the vocabulary).
    """

    organizations: pd.DataFrame
    interactions: pd.DataFrame = field(default_factory=lambda: empty_table("interactions"))
    activities: pd.DataFrame = field(default_factory=lambda: empty_table("activities"))
    participation: pd.DataFrame = field(default_factory=lambda: empty_table("participation"))
    perceptions: pd.DataFrame = field(default_factory=lambda: empty_table("perceptions"))
    name: str = "network"
    source: str = ""
    warnings: tuple[str, ...] = ()

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (one of :data:`TABLES`)."""
        return getattr(self, name)

    def tables(self) -> dict[str, pd.DataFrame]:
        """All five tables by name, in :data:`TABLES` order."""
        return {name: self.table(name) for name in TABLES}

    def organization_themes(self) -> pd.DataFrame:
        """Long table ``(organization, theme)``, one row per theme an organization works on."""
        lists = split_themes(self.organizations["themes"])
        long = pd.DataFrame({"organization": self.organizations["id"], "theme": lists}).explode(
            "theme"
        )
        return long.dropna().reset_index(drop=True)

    def canonical(self) -> NetworkData:
        """The same network with every table sorted by its key columns and coerced to dtype.

        Used to compare networks from different sources regardless of row order.
        """
        sorted_tables: dict[str, Any] = {}
        for name, frame in self.tables().items():
            frame = coerce_table(name, frame)
            sorted_tables[name] = frame.sort_values(ROW_KEYS[name], kind="stable").reset_index(
                drop=True
            )
        return NetworkData(**sorted_tables, name=self.name, source=self.source)

    def equals(self, other: NetworkData) -> bool:
        """True when both networks hold the same rows (order-insensitive, dtype-exact)."""
        a, b = self.canonical(), other.canonical()
        return all(a.table(t).equals(b.table(t)) for t in TABLES)

    def date_range(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """Earliest and latest interaction date, or ``(None, None)`` when nothing is dated."""
        dates = self.interactions["date"].dropna()
        if dates.empty:
            return None, None
        return dates.min(), dates.max()

    def summary(self) -> dict[str, Any]:
        """Counts a person checks first: organizations per sector, ties, activities, answers."""
        per_sector = self.organizations["sector"].value_counts()
        first, last = self.date_range()
        return {
            "name": self.name,
            "organizations": len(self.organizations),
            "per_sector": {s: int(per_sector.get(s, 0)) for s in SECTORS},
            "interactions": len(self.interactions),
            "activities": len(self.activities),
            "participations": len(self.participation),
            "survey_answers": len(self.perceptions),
            "first_date": first.date().isoformat() if first is not None else None,
            "last_date": last.date().isoformat() if last is not None else None,
        }


ROW_KEYS: dict[str, list[str]] = {
    "organizations": ["id"],
    "interactions": ["id"],
    "activities": ["id"],
    "participation": ["activity", "organization"],
    "perceptions": ["rater", "ratee", "date"],
}
"""The key columns each table's rows are put in order of before an analysis."""


def in_key_order(data: NetworkData) -> NetworkData:
    """``data`` with every table's rows sorted by :data:`ROW_KEYS` (stable: repeated keys keep
    their order), so an analysis does not depend on the order rows were read in.

    A dataset folder lists rows in file order, Neo4j returns them by key: sorted first, both
    build the same graph (vertices in id order, so ties are broken by id), the same community
    labels and the same reasons, and their tables are identical. Tables already in order are
    kept as they are (no copy).

    Examples
    --------
    >>> import pandas as pd
    >>> data = NetworkData(organizations=pd.DataFrame({"id": ["b", "a"]}))
    >>> in_key_order(data).organizations["id"].tolist()
    ['a', 'b']
    """
    tables: dict[str, pd.DataFrame] = {}
    for name, frame in data.tables().items():
        keys = ROW_KEYS[name]
        if len(keys) == 1 and frame[keys[0]].is_monotonic_increasing:
            tables[name] = frame
        else:
            tables[name] = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    if all(tables[name] is frame for name, frame in data.tables().items()):
        return data
    return replace(data, **tables)
