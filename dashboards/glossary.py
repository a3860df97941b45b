"""The dashboard's glossary, read from ``docs/metrics.md`` so the two cannot drift apart.

Every ``##``/``###`` section of the metrics document whose heading names measures (``### strength``,
``### betweenness, betweenness_norm``, ``## Isolated NGOs — `isolated.csv```) gives one entry:
its *definition* is the first sentence of the section's first paragraph (or first list item), and
its *reading* — what a coordinator can do with the number — the first sentence of its
``Reading:`` paragraph. Markdown emphasis and code marks are removed; nothing is copied by hand.

>>> entries = glossary()
>>> entries["strength"].definition.startswith("Sum of the weights")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from stakeholder_graph.resources import metrics_doc

# measures the document names in a heading under another key, or with words around it
ALIASES: dict[str, str] = {
    "role": "coordinator",
    "ally_score": "score",
    "isolated": "isolated_ngos",
    "ei_index": "ei_index",
    "trust_gap": "trust_gaps_between_two_organizations",
}


@dataclass(frozen=True)
class Entry:
    """One measure: its name as the document heads it, a definition and a reading."""

    key: str
    title: str
    definition: str
    reading: str

    @property
    def text(self) -> str:
        """Both sentences, for a tooltip."""
        return f"{self.definition} {self.reading}".strip()


_MARKS = re.compile(r"[*`]|\[(.*?)\]\([^)]*\)")


def plain(text: str) -> str:
    """Markdown inline marks removed, whitespace collapsed.

    >>> plain("**Ties** join `a` and [b](#x)")
    'Ties join a and b'
    """
    text = _MARKS.sub(lambda m: m.group(1) or "", text)
    return re.sub(r"\s+", " ", text).strip()


def first_sentence(text: str) -> str:
    """The text up to the first full stop followed by a space and a capital, or all of it.

    >>> first_sentence("One thing (e.g. two). Then more.")
    'One thing (e.g. two).'
    """
    match = re.search(r"(?<!e\.g)(?<!i\.e)(?<!et al)\.\s+(?=[A-Z(*])", text)
    return text[: match.start() + 1] if match else text


def _keys(heading: str) -> list[str]:
    """Measure names of a heading: ``"betweenness, betweenness_norm"`` → both."""
    head = heading.split(" — ")[0].split(" (")[0]
    head = head.split(":")[-1] if ":" in head and "`" not in head else head
    names = [plain(part).strip().lower() for part in re.split(r",| and ", head)]
    keys = [re.sub(r"[^a-z0-9_]+", "_", n).strip("_") for n in names if n]
    return [k for k in keys if k]


def parse(text: str) -> dict[str, Entry]:
    """Entries of a metrics document (see the module docstring)."""
    entries: dict[str, Entry] = {}
    for block in re.split(r"\n(?=#{2,3} )", text):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith("##"):
            continue
        title = lines[0].lstrip("#").strip()
        paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        prose = [p for p in paragraphs if not p.startswith(("|", "```", "#", "  *"))]
        if not prose:
            continue
        first = prose[0]
        if first.startswith("- "):
            first = first.splitlines()[0][2:]
            first = first.split(" — ", 1)[-1]
        definition = first_sentence(plain(first)).rstrip(":")
        definition = definition[:1].upper() + definition[1:]
        reading = ""
        for p in prose:
            if re.match(r"^\*?Reading\*?:", p):
                reading = first_sentence(plain(re.sub(r"^\*?Reading\*?:\s*", "", p)))
                reading = reading[:1].upper() + reading[1:]
                break
        entry_title = plain(title.split(" — ")[0])
        for key in _keys(title):
            entries.setdefault(key, Entry(key, entry_title, definition, reading))
    return entries


def sections() -> list[Entry]:
    """One entry per section of the document (the first of its keys), in the document's order,
    without the reference lists.

    >>> any(e.title == "coreness" for e in sections())
    True
    """
    seen: dict[str, Entry] = {}
    for entry in glossary().values():
        if entry.title not in seen and not entry.title.lower().startswith("references"):
            seen[entry.title] = entry
    return list(seen.values())


@lru_cache(maxsize=1)
def glossary() -> dict[str, Entry]:
    """Entries of the installed ``docs/metrics.md`` (empty when the document is missing)."""
    path: Path | None = metrics_doc()
    return parse(path.read_text(encoding="utf-8")) if path else {}


def explain(measure: str) -> str:
    """Tooltip text of ``measure`` (a column name), or ``""`` when the document lacks it.

    >>> explain("coreness").startswith("The k-core number")
    True
    """
    entries = glossary()
    entry = entries.get(measure) or entries.get(ALIASES.get(measure, ""))
    if entry is None and measure.endswith("_norm"):
        entry = entries.get(measure[: -len("_norm")])
    return entry.text if entry else ""
