"""Text columns through pyarrow: parse a plain CSV body and strip values at C speed.

Both functions give the same values as the pure-Python / pandas code they replace: the CSV body
is parsed with every column as text (no type inference, no quoting, empty fields stay ``""``),
and :func:`strip_text` removes exactly the characters :meth:`str.strip` removes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""Every character :meth:`str.strip` strips (those for which ``str.isspace`` holds)."""


def read_plain_columns(body: bytes | pa.Buffer, delimiter: str, width: int) -> list[pa.Array]:
    """Columns (pyarrow ``string`` arrays) of a CSV body without quotes or blank lines.

    The body has no header; a line with another number of fields than ``width`` raises
    :class:`pyarrow.ArrowInvalid`, and an empty line is a record (of one empty field). A
    :class:`pyarrow.Buffer` slice of the file's bytes is read without copying them.

    Examples
    --------
    >>> [c.to_pylist() for c in read_plain_columns(b"1,a\\n2,\\n", ",", 2)]
    [['1', '2'], ['a', '']]
    """
    names = [f"c{i}" for i in range(width)]
    buffer = body if isinstance(body, pa.Buffer) else pa.py_buffer(body)
    table = pacsv.read_csv(
        pa.BufferReader(buffer),
        read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            quote_char=False,
            double_quote=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )
    columns = []
    for i in range(width):
        column = table.column(i)
        columns.append(column.combine_chunks() if column.num_chunks != 1 else column.chunk(0))
    return columns


def read_plain_body(body: bytes, delimiter: str, width: int) -> list[np.ndarray]:
    """Columns (``object`` arrays of ``str``) of a CSV body without quotes or blank lines.

    :func:`read_plain_columns` turned into Python strings (:func:`to_objects`).

    Examples
    --------
    >>> [c.tolist() for c in read_plain_body(b"1,a\\n2,\\n", ",", 2)]
    [['1', '2'], ['a', '']]
    """
    return [to_objects(column) for column in read_plain_columns(body, delimiter, width)]


def encode(array: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of a string column: ``uniques[codes]`` is the column as ``str``.

    ``uniques`` is an ``object`` array of the distinct values in order of first appearance and
    ``codes`` an ``int32`` array (the positions in ``uniques``), as :func:`pandas.factorize`
    gives them; missing values are ``""``. A check then runs once per distinct value and is
    spread over the rows by ``codes``.

    Examples
    --------
    >>> codes, uniques = encode(pa.array(["b", "a", "b"]))
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, 0], ['b', 'a'])
    """
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.null_count:
        array = array.fill_null("")
    encoded = pc.dictionary_encode(array)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return codes, encoded.dictionary.to_numpy(zero_copy_only=False)


def encode_stripped(
    array: pa.Array | pa.ChunkedArray, strip: bool = True
) -> tuple[np.ndarray, np.ndarray, int]:
    """:func:`encode` of ``array`` with every value stripped (:func:`strip_array`), and the
    length in characters of its longest (stripped) value.

    The distinct values are found first and only they are stripped (a million rows hold a
    hundred thousand ids): when stripping makes two of them equal they are merged, keeping the
    order of first appearance, so the result is :func:`encode` of the stripped column.

    Examples
    --------
    >>> codes, uniques, longest = encode_stripped(pa.array(["b ", "a", " b", "ab"]))
    >>> codes.tolist(), uniques.tolist(), longest
    ([0, 1, 0, 2], ['b', 'a', 'ab'], 2)
    """
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.null_count:
        array = array.fill_null("")
    encoded = pc.dictionary_encode(array)
    indices, dictionary = encoded.indices, encoded.dictionary
    if strip and len(dictionary):
        trimmed = strip_array(dictionary)
        if not pc.all(pc.equal(trimmed, dictionary)).as_py():
            again = pc.dictionary_encode(trimmed)
            indices = pc.take(again.indices, indices)
            dictionary = again.dictionary
    longest = int(pc.max(pc.utf8_length(dictionary)).as_py() or 0) if len(dictionary) else 0
    codes = indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return codes, dictionary.to_numpy(zero_copy_only=False), longest


def strip_array(array: pa.Array) -> pa.Array:
    """A pyarrow string array with :meth:`str.strip`'s whitespace removed from every value.

    Examples
    --------
    >>> strip_array(pa.array([" a ", "b\\u3000"])).to_pylist()
    ['a', 'b']
    """
    return pc.utf8_trim(array, characters=WHITESPACE)


def to_objects(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An ``object`` array of ``str`` from a pyarrow string array, sharing repeated values.

    A column where values repeat (ids in ``source``, types, dates) gets one Python string per
    distinct value, not one per cell: a million interaction rows then hold a hundred thousand
    organization ids, not two million copies of them.

    Examples
    --------
    >>> out = to_objects(pa.array(["a", "b", "a"]))
    >>> out.tolist(), out[0] is out[2]
    (['a', 'b', 'a'], True)
    """
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if len(array) < 64:
        return array.to_numpy(zero_copy_only=False)
    encoded = pc.dictionary_encode(array)
    if len(encoded.dictionary) > len(array) // 2:
        return array.to_numpy(zero_copy_only=False)
    values = encoded.dictionary.to_numpy(zero_copy_only=False)
    return values[encoded.indices.to_numpy(zero_copy_only=False)]


def strip_text(values: pd.Series) -> pd.Series:
    """``values.str.strip()`` for an ``object`` column of ``str`` (missing values become ``""``).

    Falls back to pandas when the column holds anything but strings and missing values.

    Examples
    --------
    >>> strip_text(pd.Series([" a ", None, "b\\u3000"], dtype=object)).tolist()
    ['a', '', 'b']
    """
    try:
        array = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return values.where(values.notna(), "").astype(str).str.strip().astype(object)
    stripped = pc.utf8_trim(array.fill_null(""), characters=WHITESPACE)
    return pd.Series(to_objects(stripped), index=values.index, dtype=object)
