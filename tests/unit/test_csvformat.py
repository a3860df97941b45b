"""The column-wise CSV writer gives the bytes pandas' ``to_csv`` gives, table by table."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_graph.analysis import analyze
from stakeholder_graph.csvformat import csv_bytes, float_cells
from stakeholder_graph.csvsafe import csv_byte_chunks, csv_text, spreadsheet_safe
from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.sources import read_network

OPTIONS = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}


def pandas_bytes(frame: pd.DataFrame, raw: bool = False) -> bytes:
    """What the writer wrote before: pandas on the (neutralised) frame, quoting text when a cell
    holds a carriage return."""
    options = dict(OPTIONS)
    texts = [c for c in frame.columns if frame[c].dtype == object]
    if any(frame[c].map(lambda v: isinstance(v, str) and "\r" in v).any() for c in texts):
        options["quoting"] = csv.QUOTE_NONNUMERIC
    table = frame if raw else spreadsheet_safe(frame)
    return table.to_csv(**options).encode("utf-8")


def new_bytes(frame: pd.DataFrame, raw: bool = False, rows: int = 100_000) -> bytes:
    return b"".join(csv_byte_chunks(frame, raw=raw, rows=rows))


@pytest.fixture(scope="module")
def analysis_tables() -> dict[str, dict[str, pd.DataFrame]]:
    tables = {name: analyze(read_network(name)).tables for name in ("pleven", "hu-town")}
    tables["dk-social"] = analyze(read_network("dk-social")).tables
    tables["generated 3k"] = analyze(generate_network(3000, 5, interactions_per_org=8.0)).tables
    return tables


def test_every_analysis_table_is_written_as_pandas_writes_it(analysis_tables):
    checked = 0
    for network, tables in analysis_tables.items():
        for name, frame in tables.items():
            fast = csv_bytes(frame)
            assert fast is not None, f"{network} {name}: left to pandas"
            assert fast == frame.to_csv(**OPTIONS).encode(), f"{network} {name}"
            for raw in (False, True):
                expected = pandas_bytes(frame, raw)
                assert new_bytes(frame, raw) == expected, f"{network} {name} raw={raw}"
            checked += 1
    assert checked >= 4 * 12


def test_chunks_join_to_one_piece(analysis_tables):
    frame = analysis_tables["generated 3k"]["ties"]
    assert new_bytes(frame, rows=1000) == pandas_bytes(frame)
    assert new_bytes(frame.iloc[:0]) == pandas_bytes(frame.iloc[:0])


def test_a_carriage_return_in_a_later_piece_quotes_every_piece():
    frame = pd.DataFrame({"a": ["=x", "y", "z", "w", "v\rq"], "b": [1, 2, 3, 4, 5]})
    assert new_bytes(frame, rows=2) == pandas_bytes(frame)
    arrow = frame.astype({"a": pd.ArrowDtype(pa.large_string())})
    assert new_bytes(arrow, rows=2) == pandas_bytes(frame)


def test_text_is_converted_piece_by_piece(analysis_tables, monkeypatch):
    import stakeholder_graph.csvformat as csvformat

    sizes: list[int] = []
    convert = csvformat.text_array

    def recording(values: pd.Series) -> pa.Array | None:
        sizes.append(len(values))
        return convert(values)

    frame = analysis_tables["generated 3k"]["allies"]
    expected = pandas_bytes(frame)
    monkeypatch.setattr(csvformat, "text_array", recording)
    assert new_bytes(frame, rows=500) == expected
    assert len(frame) > 500 and sizes and max(sizes) <= 500  # never the whole column at once


EDGE_FLOATS = [
    0.0, -0.0, 1.0, -7.0, 0.1, 0.1 + 0.2, 1e-4, 9.9e-5, 1e-5, 1e-7, 1e15, 1e16, 1.5e12,
    9999999999999998.0, 123456789.125, 5e-324, 1.7976931348623157e308, 2.0**53, -(2.0**63),
    math.inf, -math.inf, math.nan, 1 / 3, 2 / 3 * 1e-300,
]  # fmt: skip


def test_floats_are_written_as_repr():
    values = np.array(EDGE_FLOATS)
    expected = ["" if math.isnan(v) else repr(v) for v in EDGE_FLOATS]
    assert float_cells(values).to_pylist() == expected


def test_floats_over_every_magnitude_are_written_as_repr():
    rng = np.random.default_rng(3)
    values = rng.random(20_000) * 10.0 ** rng.integers(-40, 40, 20_000)
    values = np.concatenate(
        [values, -values, np.round(values), np.clip(values, -1e38, 1e38).astype(np.float32)]
    )
    assert float_cells(values).to_pylist() == [repr(float(v)) for v in values]


NASTY = st.text(alphabet=st.sampled_from(list(",\"\n\r\t =+-@'aZ09.é€😀\uff1d\x00;")), max_size=12)
CELL_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(EDGE_FLOATS)
)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.one_of(NASTY, st.none()), min_size=1, max_size=8),
    floats=st.lists(CELL_FLOATS, min_size=8, max_size=8),
    ints=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=8, max_size=8),
    raw=st.booleans(),
)
def test_random_frames_with_nasty_cells(texts, floats, ints, raw):
    n = len(texts)
    frame = pd.DataFrame(
        {
            "text": pd.Series(texts, dtype=object),
            'odd, "name"': floats[:n],
            "n": np.array(ints[:n], dtype=np.int64),
            "flag": [i % 3 == 0 for i in range(n)],
            "day": pd.to_datetime(["1969-12-31 23:59", None, "2024-02-29 12:00"] * 3)[:n],
        }
    )
    assert new_bytes(frame, raw) == pandas_bytes(frame, raw)
    if csv_bytes(frame) is not None:  # left to pandas only for a carriage return
        assert csv_bytes(frame) == frame.to_csv(**OPTIONS).encode()
    else:
        assert any(isinstance(t, str) and "\r" in t for t in texts)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"only": ["", "a"]}),  # one column: an empty row is written ""
        pd.DataFrame({"a": [1, None], "b": [1, 2]}, dtype=object),  # mixed objects
        pd.DataFrame({"a": pd.Categorical(["x", "y"]), "b": [1, 2]}),
        pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": [1, 2]}),
        pd.DataFrame({"a": pd.to_datetime(["2024-01-01"]).tz_localize("UTC"), "b": [1]}),
    ],
)
def test_frames_it_does_not_cover_are_left_to_pandas(frame):
    assert csv_bytes(frame) is None
    assert new_bytes(frame) == pandas_bytes(frame)
    assert csv_text(frame) == pandas_bytes(frame).decode()


def test_other_options_are_left_to_pandas():
    frame = pd.DataFrame({"a": [0.5], "b": ["x"]})
    assert csv_bytes(frame, float_format="%.2f") is None
    assert b"".join(csv_byte_chunks(frame, float_format="%.2f")) == b"a,b\n0.50,x\n"
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", sep=";")
    assert csv_bytes(frame, sep=";") is None
