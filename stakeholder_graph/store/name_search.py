"""``searchName``: an organization's name folded for partial, accent-insensitive lookup.

Lower case (``str.casefold``), accents removed (Unicode NFKD, combining marks dropped: "Pécs" →
"pecs", "Győr" → "gyor"), letters without a decomposition mapped by hand ("Børne" → "borne",
"æ" → "ae", "ß" → "ss") and Cyrillic transliterated with the Bulgarian streamlined system
("Плевен" → "pleven", "Зелени" → "zeleni"), so an analyst typing Latin letters without accents
finds the organization (``cypher/queries/find_organization.cypher``). Vectorised with pandas'
string methods.

>>> import pandas as pd
>>> search_names(pd.Series(["Плевен", "Børnehuset Åen", "Győri Nő"])).tolist()
['pleven', 'bornehuset aen', 'gyori no']
"""

from __future__ import annotations

import pandas as pd

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "ё": "e", "ы": "y", "э": "e", "і": "i",
    "ї": "yi", "є": "ye", "ѝ": "i",
}  # fmt: skip
_OTHER = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th"}
_TABLE = str.maketrans(_CYRILLIC | _OTHER)


def search_names(names: pd.Series) -> pd.Series:
    """Each name folded as described in the module (missing names stay missing)."""
    folded = names.astype(object).where(names.notna(), None).astype("string")
    folded = folded.str.casefold().str.normalize("NFKD")
    folded = folded.str.replace(r"[\u0300-\u036f]", "", regex=True)
    # NFKD splits "й" into "и" + breve (dropped above): the table maps the base letters
    return folded.str.translate(_TABLE).astype(object).where(folded.notna(), None)
