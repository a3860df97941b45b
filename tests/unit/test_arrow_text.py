"""The pyarrow text path gives exactly what the Python / pandas code it replaces gives."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_graph.dataset.arrow_text import WHITESPACE, read_plain_body, strip_text, to_objects

BLANKS = st.sampled_from(list(WHITESPACE))
CELLS = st.lists(
    st.tuples(st.lists(BLANKS, max_size=3), st.text(max_size=6), st.lists(BLANKS, max_size=3)).map(
        lambda t: "".join(t[0]) + t[1] + "".join(t[2])
    ),
    min_size=0,
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(CELLS)
def test_strip_text_strips_what_str_strip_strips(cells):
    values = pd.Series(cells, dtype=object)
    assert strip_text(values).tolist() == [c.strip() for c in cells]


def test_whitespace_is_exactly_what_isspace_accepts():
    import sys

    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == WHITESPACE


def test_strip_text_fills_missing_and_keeps_the_index():
    values = pd.Series([" a", None, np.nan, "b "], index=[5, 6, 7, 8], dtype=object)
    out = strip_text(values)
    assert out.tolist() == ["a", "", "", "b"] and out.index.tolist() == [5, 6, 7, 8]
    assert strip_text(pd.Series([1, " x "], dtype=object)).tolist() == ["1", "x"]


def test_plain_body_matches_pandas_text_reading():
    rng = np.random.default_rng(3)
    ids = [f"org-{i}" for i in range(40)]
    rows = [
        f"{rng.choice(ids)},{rng.choice(ids)},{'' if i % 7 == 0 else 'grant'},{i / 3:.2f},Ünï ç"
        for i in range(500)
    ]
    body = ("\n".join(rows) + "\n").encode()
    columns = read_plain_body(body, ",", 5)
    expected = pd.read_csv(
        io.BytesIO(body), header=None, dtype=str, na_filter=False, quoting=3, engine="c"
    )
    for i, column in enumerate(columns):
        assert column.dtype == object
        assert column.tolist() == expected[i].tolist()
    # repeated values share one string object
    first = {}
    for value in columns[0]:
        assert first.setdefault(value, value) is value


def test_to_objects_keeps_unique_columns_as_they_are():
    import pyarrow as pa

    unique = [f"id{i}" for i in range(200)]
    assert to_objects(pa.array(unique)).tolist() == unique
    repeated = ["x", "y"] * 100
    assert to_objects(pa.chunked_array([repeated[:50], repeated[50:]])).tolist() == repeated
