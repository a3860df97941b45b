"""The survey's languages: one JSON file per language in ``survey/locales/``.

English (``en``), Bulgarian (``bg``), Danish (``da``) and Hungarian (``hu``) ship with the
package; another language is one more file with the same keys (a unit test checks that every file
has every key of ``en.json``). The dataset's language is guessed from the organizations'
``country`` column.

Example
-------
>>> messages("da")["sectors"]["civil"]
'Civilsamfund'
>>> language_for_countries(["BG", "BG", "DK"])
'bg'
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from stakeholder_graph.errors import InputError

COUNTRY_LANGUAGES: dict[str, str] = {"BG": "bg", "DK": "da", "HU": "hu"}
"""ISO country code → the language of its invitations and form (others: English)."""


def available_languages() -> tuple[str, ...]:
    """The language codes that have a file in ``survey/locales/``, sorted."""
    folder = resources.files("stakeholder_graph.survey") / "locales"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


@lru_cache(maxsize=16)
def messages(language: str) -> dict[str, Any]:
    """Every text of the form and the invitation in ``language``.

    Raises
    ------
    InputError
        For a language without a file.
    """
    if language not in available_languages():
        raise InputError(
            f"no survey texts for language '{language}': available are "
            + ", ".join(available_languages())
        )
    folder = resources.files("stakeholder_graph.survey") / "locales"
    return json.loads((folder / f"{language}.json").read_text(encoding="utf-8"))


def language_for_countries(countries: Iterable[str]) -> str:
    """The language of the most common country among ``countries`` (English when unknown)."""
    counts = Counter(c.strip().upper() for c in countries if c and c.strip())
    if not counts:
        return "en"
    country = counts.most_common(1)[0][0]
    return COUNTRY_LANGUAGES.get(country, "en")
