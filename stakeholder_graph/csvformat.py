"""CSV text of a data frame at C speed, byte for byte what pandas' ``to_csv`` writes.

pandas formats every cell as a Python object and hands the rows to Python's ``csv`` writer: on
the tables of a 100,000-organization analysis (several million cells) that takes tens of CPU
seconds. :func:`csv_bytes` formats each column as a whole with pyarrow and numpy and joins the
columns and rows with pyarrow's string kernels, reproducing pandas' output (``index=False``,
``lineterminator="\\n"``, ``date_format="%Y-%m-%d"``, default quoting) exactly:

* text (``str`` cells, missing ones empty): quoted when it holds ``,``, ``"`` or a line feed,
  with ``"`` doubled (Python's ``csv.QUOTE_MINIMAL`` with ``"\\n"`` line ends);
* integers as digits, booleans as ``True`` / ``False``;
* floats as Python's ``repr`` (the shortest text that reads back as the same number:
  ``0.1``, ``1.0``, ``-0.0``, ``1e-05``, ``1e+16``, ``inf``), ``NaN`` empty — pyarrow's cast
  gives the same shortest digits, and the values whose layout differs (whole numbers, below
  ``1e-4``, from ``1e16``, infinite) are formatted by integer cast or by numpy on their own;
* dates and times (no time zone) as ``YYYY-MM-DD``, ``NaT`` empty.

Anything else — a column of mixed Python objects, a categorical, a nullable integer, a frame of
one column (where an empty row is written ``""``), a cell holding a carriage return (written
with other quoting by :mod:`~stakeholder_graph.csvsafe`) — is left to pandas:
:func:`csv_bytes` returns ``None`` and the caller falls back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

DEFAULT_OPTIONS = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}
"""The ``to_csv`` options :func:`csv_bytes` reproduces (any other option: pandas writes)."""

_NEEDS_QUOTES = '[,"\n]'


def _quote(text: pa.Array) -> pa.Array:
    """Text cells as Python's csv writer writes them (minimal quoting, ``"`` doubled)."""
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    count = pc.sum(needs).as_py() or 0
    if not count:
        return text
    inner = text
    if pc.any(pc.match_substring_regex(text, '"')).as_py():
        inner = pc.replace_substring(text, '"', '""')
    quoted = pc.binary_join_element_wise("", inner, "", '"')  # '"' + text + '"'
    return quoted if count == len(text) - text.null_count else pc.if_else(needs, quoted, text)


def is_arrow_text(dtype: object) -> bool:
    """Whether ``dtype`` is pandas' pyarrow-backed ``string`` or ``large_string``."""
    return isinstance(dtype, pd.ArrowDtype) and (
        pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype)
    )


def is_text(dtype: object) -> bool:
    """Whether a column of ``dtype`` may hold text cells (object, ``string``, arrow strings)."""
    return (
        pd.api.types.is_object_dtype(dtype)
        or isinstance(dtype, pd.StringDtype)
        or is_arrow_text(dtype)
    )


def text_array(values: pd.Series) -> pa.Array | None:
    """A column of ``str`` and missing values as a pyarrow string array (missing: null), or
    ``None`` when it holds anything else."""
    if values.dtype == object:
        if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            return None
    elif is_arrow_text(values.dtype):
        return pa.array(values.array).cast(pa.string())
    elif not isinstance(values.dtype, pd.StringDtype):
        return None
    try:
        return pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def has_carriage_return(text: pa.Array) -> bool:
    """Whether a cell of ``text`` holds a carriage return (written with other quoting)."""
    return bool(pc.any(pc.match_substring_regex(text, "\r")).as_py())


def _text_cells(text: pa.Array | None) -> pa.Array | None:
    if text is None or has_carriage_return(text):
        return None
    return _quote(text).fill_null("")


def float_cells(values: np.ndarray) -> pa.Array:
    """Float64 values as Python's ``repr`` writes them (numpy ``astype(str)``), ``NaN`` empty.

    >>> float_cells(np.array([0.1, 2.0, -0.0, 1e-05, 1e16, np.nan, np.inf, 1.5e12])).to_pylist()
    ['0.1', '2.0', '-0.0', '1e-05', '1e+16', '', 'inf', '1500000000000.0']
    """
    values = np.asarray(values, dtype=np.float64)
    cells = pc.cast(pa.array(values, from_pandas=True), pa.string())  # NaN: null
    size = np.abs(values)
    with np.errstate(invalid="ignore"):
        whole = (values == np.floor(values)) & (size < 1e16)
        ordinary = ~whole & (size >= 1e-4) & (size < 1e16)
    # pyarrow and repr give the same shortest digits; repr writes whole numbers with ".0" and
    # every value from 1e-4 to 1e16 positionally, pyarrow some of those in exponent form
    odd = ~whole & ~ordinary & ~np.isnan(values)  # tiny, huge, infinite
    odd[ordinary] |= ~_positional(cells.filter(pa.array(ordinary)))
    if whole.any():
        picked = values[whole]
        digits = pc.cast(pa.array(picked.astype(np.int64)), pa.string())
        text = pc.binary_join_element_wise(digits, ".0", "")
        text = pc.if_else(pa.array(np.signbit(picked) & (picked == 0)), "-0.0", text)
        cells = pc.replace_with_mask(cells, pa.array(whole), text)
    if odd.any():
        picked = values[odd]
        text = pa.array(picked.astype(str), type=pa.string())
        cells = pc.replace_with_mask(cells, pa.array(odd), text)
    return cells.fill_null("")


def _positional(cells: pa.Array) -> np.ndarray:
    """Whether each cell is written with a decimal point and no exponent."""
    point = pc.match_substring(cells, ".")
    return pc.and_not(point, pc.match_substring(cells, "e")).to_numpy(zero_copy_only=False)


def _cells(
    values: pd.Series, options: dict[str, object], text: pa.Array | None = None
) -> pa.Array | None:
    """One column's cells as pandas would write them, or ``None`` when left to pandas."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype):
        if dtype.kind == "f":
            return float_cells(values.to_numpy(np.float64))
        if dtype.kind in "iu":
            return pc.cast(pa.array(values.to_numpy()), pa.string())
        if dtype.kind == "b":
            return pc.if_else(pa.array(values.to_numpy()), "True", "False")
        if dtype.kind == "M" and options["date_format"] == "%Y-%m-%d":
            days = values.to_numpy().astype("datetime64[D]")
            text = pa.array(days.astype(str).astype(object), type=pa.string())
            return pc.if_else(pa.array(np.isnat(days)), "", text)
    return _text_cells(text_array(values) if text is None else text)


def csv_bytes(
    frame: pd.DataFrame,
    header: bool = True,
    texts: dict[int, pa.Array] | None = None,
    **options: object,
) -> bytes | None:
    """``frame.to_csv(header=header, **options)`` encoded as UTF-8, or ``None`` when the frame
    (or an option other than :data:`DEFAULT_OPTIONS`) needs pandas to write it.

    ``texts`` may give text columns already converted (:func:`text_array`), by position, which
    are written in place of the frame's.

    >>> frame = pd.DataFrame({"a": ["x", 'say "hi", twice', None], "b": [1.5, np.nan, 3.0]})
    >>> csv_bytes(frame).decode() == frame.to_csv(index=False, lineterminator="\\n")
    True
    """
    settings = {**DEFAULT_OPTIONS, **options}
    if (
        settings != DEFAULT_OPTIONS
        or frame.shape[1] < 2
        or isinstance(frame.columns, pd.MultiIndex)
        or not frame.columns.is_unique
    ):
        return None
    columns = []
    for position in range(frame.shape[1]):
        cells = _cells(frame.iloc[:, position], settings, (texts or {}).get(position))
        if cells is None:
            return None
        columns.append(cells)
    pieces = []
    if header:
        names = _quote(pa.array([str(c) for c in frame.columns], type=pa.string()))
        if any("\r" in name for name in names.to_pylist()):
            return None
        pieces.append(",".join(names.to_pylist()).encode() + b"\n")
    if len(frame):
        # the line end joins the last column's cells (no cell is null), so the rows are built
        # as lines at once, and each copy is dropped as soon as the next exists
        columns[-1] = pc.binary_join_element_wise(columns[-1], pa.scalar("", pa.string()), "\n")
        lines = pc.binary_join_element_wise(*columns, ",")
        del columns
        pieces.append(_buffer_bytes(lines))
    return b"".join(pieces)


def _buffer_bytes(strings: pa.Array) -> bytes:
    """The concatenated UTF-8 of a string array without nulls, straight from its data buffer."""
    strings = pa.concat_arrays([strings]) if strings.offset else strings
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)
    first, last = int(offsets[strings.offset]), int(offsets[strings.offset + len(strings)])
    return strings.buffers()[2][first:last].to_pybytes()  # one copy: the slice is a view


__all__ = ["DEFAULT_OPTIONS", "csv_bytes", "float_cells", "has_carriage_return", "text_array"]
