"""The sentence and the theme list of each potential-ally suggestion, written as UTF-8 bytes
by a compiled kernel.

A suggestion's words come from a handful of short dictionaries (theme labels, organization
names, sector nouns, municipalities) picked by integer codes per row: the kernel copies the
bytes of the picked labels and of the fixed phrases straight into one buffer (one pass to
size it, one to fill it), which becomes an arrow string array without a copy. No string is
formatted per row in Python, and no intermediate column of text is ever built.

The words are those of :func:`~stakeholder_graph.network.allies_text.reasons` (its doctest
and ``tests/unit/test_allies_sentence.py`` hold the two to the same output).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numba import njit

_PHRASES = (
    "both work on ",  # 0
    " and ",  # 1
    ", ",  # 2
    " and more",  # 3
    " shared partners (",  # 4
    " shared partner (",  # 5
    ")",  # 6
    ", …",  # 7
    "would connect ",  # 8
    " with ",  # 9
    "both in ",  # 10
    "; ",  # 11
    ";",  # 12
)


class Labels:
    """A list of strings as one UTF-8 buffer and offsets (label ``i`` is
    ``data[offsets[i]:offsets[i + 1]]``)."""

    def __init__(self, values: object) -> None:
        if not isinstance(values, pa.Array):
            values = pa.array(np.asarray(values, dtype=object), type=pa.string())
        array = values.cast(pa.large_string()).fill_null("")
        array = pa.concat_arrays([array])  # offsets from 0
        _, offsets, data = array.buffers()
        self.offsets = np.frombuffer(offsets, dtype=np.int64)[: len(array) + 1].copy()
        self.data = (
            np.frombuffer(data, dtype=np.uint8).copy()
            if data is not None
            else np.zeros(1, np.uint8)
        )


_LIT = Labels(list(_PHRASES))


@njit(cache=True, nogil=True, boundscheck=False)
def _put(out, pos, fill, data, offsets, i):  # pragma: no cover - compiled
    a, b = offsets[i], offsets[i + 1]
    if fill:
        out[pos : pos + b - a] = data[a:b]
    return pos + b - a


@njit(cache=True, nogil=True, boundscheck=False)
def _put_int(out, pos, fill, value):  # pragma: no cover - compiled
    digits = 1
    v = value
    while v >= 10:
        v //= 10
        digits += 1
    if fill:
        v = value
        for q in range(digits - 1, -1, -1):
            out[pos + q] = 48 + v % 10
            v //= 10
    return pos + digits


@njit(cache=True, nogil=True, boundscheck=False)
def _sentences(  # pragma: no cover - compiled
    fill, out, starts, ld, lo_, td, to, t_codes, t_count, nd, no, p_codes, p_count,
    sd, so, a_noun, b_noun, complementary, md, mo, place, same,
):  # fmt: skip
    for i in range(len(t_count)):
        pos = starts[i]
        parts = 0
        tc = t_count[i]
        if tc > 0:
            pos = _put(out, pos, fill, ld, lo_, 0)
            pos = _put(out, pos, fill, td, to, t_codes[i, 0])
            if tc == 2:
                pos = _put(out, pos, fill, ld, lo_, 1)
                pos = _put(out, pos, fill, td, to, t_codes[i, 1])
            elif tc >= 3:
                pos = _put(out, pos, fill, ld, lo_, 2)
                pos = _put(out, pos, fill, td, to, t_codes[i, 1])
                pos = _put(out, pos, fill, ld, lo_, 1 if tc == 3 else 2)
                pos = _put(out, pos, fill, td, to, t_codes[i, 2])
                if tc > 3:
                    pos = _put(out, pos, fill, ld, lo_, 3)
            parts += 1
        pc_ = p_count[i]
        if pc_ > 0:
            if parts:
                pos = _put(out, pos, fill, ld, lo_, 11)
            pos = _put_int(out, pos, fill, pc_)
            pos = _put(out, pos, fill, ld, lo_, 4 if pc_ > 1 else 5)
            named = 0
            for r in range(p_codes.shape[1]):
                z = p_codes[i, r]
                if z >= 0 and no[z + 1] > no[z]:  # an empty name is left out
                    if named:
                        pos = _put(out, pos, fill, ld, lo_, 2)
                    pos = _put(out, pos, fill, nd, no, z)
                    named += 1
            if pc_ > 3:
                pos = _put(out, pos, fill, ld, lo_, 7)
            pos = _put(out, pos, fill, ld, lo_, 6)
            parts += 1
        if complementary[i]:
            if parts:
                pos = _put(out, pos, fill, ld, lo_, 11)
            pos = _put(out, pos, fill, ld, lo_, 8)
            pos = _put(out, pos, fill, sd, so, a_noun[i])
            pos = _put(out, pos, fill, ld, lo_, 9)
            pos = _put(out, pos, fill, sd, so, b_noun[i])
            parts += 1
        if same[i]:
            if parts:
                pos = _put(out, pos, fill, ld, lo_, 11)
            pos = _put(out, pos, fill, ld, lo_, 10)
            pos = _put(out, pos, fill, md, mo, place[i])
        starts[i + 1] = pos


@njit(cache=True, nogil=True, boundscheck=False)
def _lists(fill, out, starts, ld, lo_, td, to, codes):  # pragma: no cover - compiled
    for i in range(codes.shape[0]):
        pos = starts[i]
        named = 0
        for r in range(codes.shape[1]):
            z = codes[i, r]
            if z >= 0 and to[z + 1] > to[z]:
                if named:
                    pos = _put(out, pos, fill, ld, lo_, 12)
                pos = _put(out, pos, fill, td, to, z)
                named += 1
        starts[i + 1] = pos


def _string_array(kernel, *args: object, m: int) -> pa.Array:
    """Run ``kernel`` once to size each row, once to write it; an arrow string array."""
    starts = np.zeros(m + 1, dtype=np.int64)
    kernel(False, np.zeros(0, dtype=np.uint8), starts, *args)  # row i ends at starts[i + 1]
    out = np.empty(int(starts[-1]), dtype=np.uint8)
    kernel(True, out, starts.copy(), *args)
    return pa.LargeStringArray.from_buffers(m, pa.py_buffer(starts), pa.py_buffer(out))


def sentences(
    themes: Labels,
    t_codes: np.ndarray,
    t_count: np.ndarray,
    names: Labels,
    p_codes: np.ndarray,
    p_count: np.ndarray,
    nouns: Labels,
    a_noun: np.ndarray,
    b_noun: np.ndarray,
    complementary: np.ndarray,
    places: Labels,
    place: np.ndarray,
    same: np.ndarray,
) -> pa.Array:
    """The reason sentence of each row (see the module docstring).

    ``t_codes`` holds each row's theme labels rarest first (at least three columns, ``-1``
    past ``t_count``), ``p_codes`` its three most specific shared partners, ``a_noun``,
    ``b_noun`` and ``place`` codes into ``nouns`` and ``places``.
    """
    m = len(t_count)
    t_codes = _at_least(t_codes, 3)
    return _string_array(
        _sentences,
        _LIT.data, _LIT.offsets, themes.data, themes.offsets,
        t_codes, np.ascontiguousarray(t_count, dtype=np.int64),
        names.data, names.offsets, np.ascontiguousarray(p_codes, dtype=np.int64),
        np.ascontiguousarray(p_count, dtype=np.int64), nouns.data, nouns.offsets,
        np.ascontiguousarray(a_noun, dtype=np.int64), np.ascontiguousarray(b_noun, dtype=np.int64),
        np.ascontiguousarray(complementary, dtype=np.bool_), places.data, places.offsets,
        np.ascontiguousarray(place, dtype=np.int64), np.ascontiguousarray(same, dtype=np.bool_),
        m=m,
    )  # fmt: skip


def joined(labels: Labels, codes: np.ndarray) -> pa.Array:
    """Each row's labels (``codes``, ``-1`` for none) joined with ``;``, empty labels skipped."""
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    return _string_array(
        _lists, _LIT.data, _LIT.offsets, labels.data, labels.offsets, codes, m=codes.shape[0]
    )


def _at_least(codes: np.ndarray, width: int) -> np.ndarray:
    codes = np.asarray(codes, dtype=np.int64)
    if codes.shape[1] >= width:
        return np.ascontiguousarray(codes)
    out = np.full((codes.shape[0], width), -1, dtype=np.int64)
    out[:, : codes.shape[1]] = codes
    return out
