"""The words of a potential-ally suggestion, built column-wise for many rows at once.

:func:`reasons` turns the components of each suggested pair into one sentence a coordinator can
read — "both work on youth and roma inclusion; 3 shared partners (Община Плевен, …); would
connect a company with an NGO; both in Плевен" — with numpy operations over whole columns (a
loop runs over the at most three names shown, never over the rows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SECTOR_NOUNS: dict[str, str] = {
    "public": "a public body",
    "private": "a company",
    "civil": "an NGO",
    "social_economy": "a social enterprise",
}
"""How a sector is named in a sentence."""


def ranked_labels(
    rows: np.ndarray,
    labels: np.ndarray,
    priority: np.ndarray,
    tiebreak: np.ndarray,
    m: int,
    k: int | None,
) -> tuple[list[np.ndarray], np.ndarray]:
    """Per output row, its first ``k`` labels by ascending ``priority``, then ``tiebreak``.

    Parameters
    ----------
    rows, labels, priority, tiebreak:
        One entry per (row, label), in any order.
    m:
        Number of output rows.
    k:
        How many labels to keep per row (``None``: all).

    Returns
    -------
    columns, count
        ``columns[r]`` holds every row's ``r``-th label (``""`` when it has fewer); ``count`` is
        the number of labels of each row.
    """
    count = np.bincount(rows, minlength=m).astype(np.int64)
    if k is None:
        k = int(count.max()) if m and len(rows) else 0
    order = np.lexsort((tiebreak, priority, rows))
    sorted_rows, sorted_labels = rows[order], labels[order]
    start = np.cumsum(count) - count
    within = np.arange(len(rows)) - start[sorted_rows]
    columns = []
    for r in range(k):
        column = np.full(m, "", dtype=object)
        pick = within == r
        column[sorted_rows[pick]] = sorted_labels[pick]
        columns.append(column)
    return columns, count


def join_columns(columns: list[np.ndarray], sep: str, m: int) -> np.ndarray:
    """Row-wise join of string columns, skipping empty strings."""
    out = np.full(m, "", dtype=object)
    for column in columns:
        at = np.flatnonzero(column != "")
        head, tail = out[at], column[at]
        out[at] = np.where(head == "", tail, head + sep + tail)
    return out


def _nouns(sectors: np.ndarray) -> np.ndarray:
    names = pd.Series(np.asarray(sectors, dtype=object).astype(str))
    return names.map(SECTOR_NOUNS).fillna(names).to_numpy(dtype=object)


def _words(first: np.ndarray, second: np.ndarray, third: np.ndarray, count: np.ndarray):
    """'a', 'a and b', 'a, b and c', 'a, b, c and more' by count."""
    return np.select(
        [count == 1, count == 2, count == 3, count > 3],
        [
            first,
            first + " and " + second,
            first + ", " + second + " and " + third,
            first + ", " + second + ", " + third + " and more",
        ],
        default="",
    ).astype(object)


def reasons(
    themes: tuple[list[np.ndarray], np.ndarray],
    partners: tuple[list[np.ndarray], np.ndarray],
    a_sector: np.ndarray,
    b_sector: np.ndarray,
    complementarity: np.ndarray,
    municipality: np.ndarray,
    same_municipality: np.ndarray,
) -> np.ndarray:
    """The sentence of each suggested pair.

    Parameters
    ----------
    themes, partners:
        :func:`ranked_labels` output with at least three columns: shared theme labels (rarest
        first) and shared partner names (most specific first), with their counts.
    a_sector, b_sector, complementarity, municipality, same_municipality:
        Per-row sectors of the two sides, their complementarity, the first side's municipality
        and whether both are based there.

    Examples
    --------
    >>> import numpy as np
    >>> obj = lambda *v: np.array(v, dtype=object)
    >>> themes = ([obj("youth"), obj("roma inclusion"), obj("")], np.array([2]))
    >>> partners = ([obj("Town"), obj(""), obj("")], np.array([1]))
    >>> reasons(themes, partners, obj("private"), obj("civil"), np.array([1.0]),
    ...         obj("Плевен"), np.array([True]))[0]
    'both work on youth and roma inclusion; 1 shared partner (Town); would connect a company with an NGO; both in Плевен'
    """
    m = len(a_sector)
    (t1, t2, t3, *_), t_count = themes
    theme_part = np.where(t_count > 0, "both work on " + _words(t1, t2, t3, t_count), "")
    (p1, p2, p3, *_), p_count = partners
    names = join_columns([p1, p2, p3], ", ", m) + np.where(p_count > 3, ", …", "").astype(object)
    plural = np.where(p_count > 1, "s", "").astype(object)
    partner_part = np.where(
        p_count > 0,
        p_count.astype(str).astype(object) + " shared partner" + plural + " (" + names + ")",
        "",
    )
    a_words, b_words = _nouns(a_sector), _nouns(b_sector)
    sector_part = np.where(
        complementarity > 0, "would connect " + a_words + " with " + b_words, ""
    ).astype(object)
    place_part = np.where(same_municipality, "both in " + municipality.astype(object), "")
    parts = [theme_part, partner_part, sector_part, place_part]
    return join_columns([np.asarray(p, dtype=object) for p in parts], "; ", m)
