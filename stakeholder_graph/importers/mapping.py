"""The mapping file of ``import --map`` and the default words that name a sector.

A mapping file is TOML with up to four tables, all optional::

    [columns]            # dataset column = the column of the file being imported
    source = "From"
    target = "To"
    date = "Meeting date"
    [sectors]            # a type as written (case-insensitive) = a sector
    "Local government" = "public"
    [types]              # an interaction type as written = a type of the vocabulary
    "Coffee" = "meeting"
    [default]
    sector = "civil"     # for organizations whose type maps to no sector

Without a ``[sectors]`` entry, a type is read through :data:`SECTOR_WORDS`: common words for the
kinds of organization of each sector in English, Bulgarian, Danish and Hungarian (a word matches
at the start of a word of the type, so ``"municipal"`` matches ``"Municipal council"``). The
import summary says which types were mapped that way and which matched nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from stakeholder_graph.dataset.model import INTERACTION_TYPES, SECTORS
from stakeholder_graph.errors import InputError

SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "social_economy": (
        # English, Bulgarian, Danish, Hungarian
        "social enterprise", "social economy", "social business", "cooperative", "co-operative",
        "социално предприятие", "социална икономика", "кооперация",
        "socialøkonomisk", "social virksomhed", "kooperativ", "andelsselskab",
        "szociális szövetkezet", "szociális vállalkozás", "szövetkezet",
    ),
    "public": (
        "public", "municipality", "municipal", "city hall", "mayor", "council", "ministry",
        "agency", "state", "government", "administration", "school", "kindergarten",
        "община", "общинск", "кмет", "областн", "министерство", "агенция", "държавн",
        "администрация", "училище", "детска градина", "гимназия", "дирекция",
        "kommune", "kommunal", "regionen", "styrelse", "ministerium", "offentlig", "skole",
        "borgmester", "forvaltning", "daginstitution",
        "önkormányzat", "polgármester", "hivatal", "minisztérium", "állami", "megyei",
        "iskola", "óvoda", "intézmény", "közigazgatás",
    ),
    "private": (
        "private", "company", "business", "firm", "corporation", "enterprise", "ltd", "llc",
        "bank", "chamber of commerce", "employer",
        "фирма", "компания", "дружество", "еоод", "оод", "бизнес", "търговск", "банка",
        "работодател",
        "virksomhed", "firma", "a/s", "aps", "erhverv", "privat",
        "vállalat", "cég", "kft", "zrt", "vállalkozás", "bank", "kamara", "magán",
    ),
    "civil": (
        "civil", "ngo", "non-profit", "nonprofit", "association", "foundation", "charity",
        "club", "community centre", "community center", "chitalishte", "volunteer", "parents",
        "нпо", "сдружение", "фондация", "читалище", "клуб", "асоциация", "съюз", "доброволч",
        "граждански", "родителск",
        "forening", "fond", "frivillig", "ngo", "civilsamfund", "netværk",
        "egyesület", "alapítvány", "civil", "klub", "szövetség", "önkéntes", "nonprofit",
    ),
}  # fmt: skip
"""Words naming a kind of organization of each sector, checked social economy first (so a
"social enterprise" is not a private "enterprise"), then public, private, civil."""


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (sector, re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + ")", re.IGNORECASE))
        for sector, words in SECTOR_WORDS.items()
    )


def sector_from_words(text: str) -> str | None:
    """The sector whose words occur in ``text`` (a type or a label), or None.

    Examples
    --------
    >>> sector_from_words("Municipal council"), sector_from_words("Сдружение")
    ('public', 'civil')
    >>> sector_from_words("Social enterprise"), sector_from_words("Kft."), sector_from_words("?")
    ('social_economy', 'private', None)
    """
    text = str(text).strip().replace("_", " ")
    if text.lower() in SECTORS:
        return text.lower()
    for sector, pattern in _patterns():
        if pattern.search(text):
            return sector
    return None


def type_from_text(text: str) -> str:
    """An interaction type as written, in the vocabulary's spelling when it names one.

    Examples
    --------
    >>> type_from_text("Joint project"), type_from_text("Coffee chat")
    ('joint_project', 'coffee_chat')
    """
    return re.sub(r"[\s\-/]+", "_", str(text).strip().lower())


@dataclass
class Mapping:
    """A parsed mapping file (all tables optional).

    Attributes
    ----------
    columns:
        Dataset column -> the column name in the imported file (case-insensitive).
    sectors:
        Lower-cased type text -> sector.
    types:
        Lower-cased interaction type text -> interaction type.
    default_sector:
        The sector of organizations whose type maps to nothing (None: they are dropped).
    path:
        The file read, for messages ("" without a file).
    """

    columns: dict[str, str] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    default_sector: str | None = None
    path: str = ""

    def column(self, name: str) -> str | None:
        """The file's column for dataset column ``name`` (lower-cased), when the map names one."""
        value = self.columns.get(name)
        return value.strip().lower() if value else None


def load_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file; :class:`InputError` (exit 2) naming the file and line when invalid.

    Examples
    --------
    >>> load_mapping(None).default_sector is None
    True
    """
    if path is None:
        return Mapping()
    path = Path(path)
    label = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{label}: cannot be read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{label}: not UTF-8 text") from error
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+), column (\d+)", str(error))
        where = f"{label}:{match.group(1)}: column {match.group(2)}:" if match else f"{label}:"
        raise InputError(
            "the mapping file is not valid TOML", [f"{where} {error}".rstrip()]
        ) from error
    problems: list[str] = []
    unknown = set(raw) - {"columns", "sectors", "types", "default"}
    problems += [f"{label}: unknown table [{name}]" for name in sorted(unknown)]
    tables = {}
    for name in ("columns", "sectors", "types", "default"):
        value = raw.get(name, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            problems.append(f'{label}: [{name}] must hold text values only (key = "value")')
            value = {}
        tables[name] = value
    sectors = {k.strip().lower(): v.strip() for k, v in tables["sectors"].items()}
    for key, sector in sectors.items():
        if sector not in SECTORS:
            problems.append(
                f"{label}: [sectors] {key!r} = {sector!r}: use one of {', '.join(SECTORS)}"
            )
    default = tables["default"].get("sector")
    if default is not None and default not in SECTORS:
        problems.append(f"{label}: [default] sector = {default!r}: use one of {', '.join(SECTORS)}")
    types = {k.strip().lower(): type_from_text(v) for k, v in tables["types"].items()}
    if problems:
        raise InputError(f"{label}: {len(problems)} problem(s) in the mapping file", problems)
    return Mapping(
        columns={k.strip().lower(): v for k, v in tables["columns"].items()},
        sectors=sectors,
        types=types,
        default_sector=default,
        path=str(path),
    )


def known_type(value: str) -> bool:
    """True when ``value`` is in the interaction vocabulary."""
    return value in INTERACTION_TYPES
