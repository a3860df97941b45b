"""The words of a potential-ally suggestion, built column-wise for many rows at once.

:func:`reasons` turns the components of each suggested pair into one sentence a coordinator can
read — "both work on youth and roma inclusion; 3 shared partners (Община Плевен, …); would
connect a company with an NGO; both in Плевен" — with numpy operations over whole columns (a
loop runs over the at most three names shown, never over the rows).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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


def ranked_codes(
    rows: np.ndarray,
    codes: np.ndarray,
    priority: np.ndarray,
    m: int,
    k: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per output row, the codes of its first ``k`` entries by ascending ``priority``, then code.

    Returns an ``(m, k)`` int64 array (``-1`` where a row has fewer entries; ``k = None``: the
    largest count) and the number of entries of each row: :func:`ranked_labels` with the
    labels left as codes, to be looked up once per distinct label (:func:`take_labels`).
    """
    count = np.bincount(rows, minlength=m).astype(np.int64)
    if k is None:
        k = int(count.max()) if m and len(rows) else 0
    order = np.lexsort((codes, priority, rows))
    sorted_rows = rows[order]
    start = np.cumsum(count) - count
    within = np.arange(len(rows)) - start[sorted_rows]
    keep = within < k
    out = np.full((m, k), -1, dtype=np.int64)
    out[sorted_rows[keep], within[keep]] = codes[order[keep]]
    return out, count


def _arrow(column: np.ndarray | pa.Array) -> pa.Array:
    """An arrow string array of a column (arrow arrays pass through)."""
    if isinstance(column, pa.Array):
        return column
    return pa.array(np.asarray(column, dtype=object), type=pa.string())


def _text(column: np.ndarray | pa.Array) -> pa.Array:
    """An arrow string array with ``""`` as null (so joins skip it)."""
    arr = _arrow(column)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _join(columns: list, sep: str) -> pa.Array:
    """Row-wise join of arrow string columns with ``sep``, skipping nulls (all null: ``""``).

    Folded pairwise with ``coalesce(a + sep + b, a, b)``: arrow's own ``skip`` null handling
    drops the rows where every value is null.
    """
    separator = pa.scalar(sep, pa.string())
    out = columns[0]
    for column in columns[1:]:
        out = pc.coalesce(pc.binary_join_element_wise(out, column, separator), out, column)
    return pc.fill_null(out, "")


def join_columns(columns: list[np.ndarray | pa.Array], sep: str, m: int) -> np.ndarray:
    """Row-wise join of string columns, skipping empty strings (compiled, through arrow)."""
    if not columns:
        return np.full(m, "", dtype=object)
    out = _join([_text(c) for c in columns], sep)
    return np.asarray(out.to_numpy(zero_copy_only=False), dtype=object)


def _nouns(sectors: np.ndarray | pa.Array) -> pa.Array:
    """The sectors named as in a sentence, looked up once per distinct sector."""
    if not isinstance(sectors, pa.Array):
        sectors = pa.array(np.asarray(sectors, dtype=object).astype(str), type=pa.string())
    encoded = sectors.dictionary_encode()
    nouns = [SECTOR_NOUNS.get(v, v) for v in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(nouns, type=pa.string()), encoded.indices)


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
    null = pa.scalar(None, pa.string())

    def cat(*parts, sep: str) -> pa.Array:
        args = [pa.scalar(x, pa.string()) if isinstance(x, str) else x for x in parts]
        return pc.binary_join_element_wise(*args, pa.scalar(sep, pa.string()))

    def when(mask: np.ndarray, value: pa.Array) -> pa.Array:
        return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), value, null)

    def words(first, second, third, count: np.ndarray) -> pa.Array:
        """'a', 'a and b', 'a, b and c', 'a, b, c and more' by count."""
        a, b, c = (_arrow(x) for x in (first, second, third))
        two = cat(a, b, sep=" and ")
        three = cat(cat(a, b, sep=", "), c, sep=" and ")
        more = cat(cat(a, b, c, sep=", "), "and more", sep=" ")
        count = np.asarray(count)
        out = pc.if_else(pa.array(count == 1), a, null)
        out = pc.if_else(pa.array(count == 2), two, out)
        out = pc.if_else(pa.array(count == 3), three, out)
        return pc.if_else(pa.array(count > 3), more, out)

    (t1, t2, t3, *_), t_count = themes
    theme_part = when(t_count > 0, cat("both work on", words(t1, t2, t3, t_count), sep=" "))
    (p1, p2, p3, *_), p_count = partners
    p_count = np.asarray(p_count)
    names = _join([_text(p1), _text(p2), _text(p3)], ", ")
    names = pc.if_else(pa.array(p_count > 3), cat(names, "…", sep=", "), names)
    count_text = pc.cast(pa.array(p_count.astype(np.int64)), pa.string())
    label = pc.if_else(
        pa.array(p_count > 1), pa.scalar(" shared partners ("), pa.scalar(" shared partner (")
    )
    partner_part = when(p_count > 0, cat(count_text, label, names, ")", sep=""))
    a_words, b_words = _nouns(a_sector), _nouns(b_sector)
    sector_part = when(
        np.asarray(complementarity) > 0,
        cat("would connect", a_words, "with", b_words, sep=" "),
    )
    if isinstance(municipality, pa.Array):
        place = municipality
    else:
        place = pa.array(np.asarray(municipality, dtype=object).astype(str), type=pa.string())
    place_part = when(same_municipality, cat("both in", place, sep=" "))
    out = _join([theme_part, partner_part, sector_part, place_part], "; ")
    return np.asarray(out.to_numpy(zero_copy_only=False), dtype=object)
