"""Hostile-but-ordinary input is bounded: workbooks, wide or huge CSV, odd files, odd values."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.dataset.reader import read_dataset

TINY = Path(__file__).resolve().parent.parent / "data" / "tiny"


def _validate(path: Path, capsys) -> tuple[int, str]:
    code = run_guarded(cli, ["validate", str(path)])
    return code, capsys.readouterr().err


def _book(path: Path, interactions: int = 0) -> Workbook:
    book = Workbook()
    orgs = book.active
    orgs.title = "organizations"
    orgs.append(["id", "name", "sector"])
    orgs.append(["a", "A", "civil"])
    orgs.append(["b", "B", "public"])
    if interactions:
        sheet = book.create_sheet("interactions")
        sheet.append(["source", "target", "date"])
        for i in range(interactions):
            sheet.append(["a", "b", f"2024-01-{1 + i % 28:02d}"])
    return book


def test_a_far_corner_cell_is_refused_without_building_the_sheet(tmp_path, capsys):
    path = tmp_path / "corner.xlsx"
    book = _book(path)
    book["organizations"]["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 10_000
    code, err = _validate(path, capsys)
    assert code == 2
    assert "corner.xlsx[organizations]:1048576: 16384 columns: the limit is 1000" in err
    assert "STAKEHOLDER_GRAPH_MAX_COLUMNS" in err


def test_a_stale_dimension_never_drops_rows(tmp_path):
    path = tmp_path / "stale.xlsx"
    _book(path, interactions=999).save(path)
    stale = tmp_path / "stale-dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stale, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B10"', data)
            dst.writestr(item, data)
    with zipfile.ZipFile(stale) as check:
        assert b'ref="A1:B10"' in check.read("xl/worksheets/sheet2.xml")
    data = read_dataset(stale)
    assert len(data.interactions) == 999
    assert data.interactions["date"].notna().all()  # the third column was read too


def test_sheet_limits_name_the_limit_and_how_to_raise_it(tmp_path, capsys, monkeypatch):
    path = tmp_path / "many.xlsx"
    _book(path, interactions=50).save(path)
    monkeypatch.setenv("STAKEHOLDER_GRAPH_MAX_ROWS", "20")
    code, err = _validate(path, capsys)
    assert code == 2 and "too many rows: the limit is 20" in err
    monkeypatch.setenv("STAKEHOLDER_GRAPH_MAX_ROWS", "100")
    monkeypatch.setenv("STAKEHOLDER_GRAPH_MAX_CELLS", "60")
    code, err = _validate(path, capsys)
    assert code == 2 and "STAKEHOLDER_GRAPH_MAX_CELLS" in err
    monkeypatch.delenv("STAKEHOLDER_GRAPH_MAX_CELLS")
    assert _validate(path, capsys)[0] == 0


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "net"
    shutil.copytree(TINY, data)
    return data


def test_a_very_wide_csv_is_refused_before_parsing(tmp_path, capsys):
    data = _copy(tmp_path)
    header = ",".join(f"c{i}" for i in range(100_000))
    (data / "activities.csv").write_text(header + "\n" + ",".join("x" * 100_000) + "\n")
    code, err = _validate(data, capsys)
    assert code == 2
    assert "activities.csv:1: the header has 100000 columns: the limit is 1000" in err


@pytest.mark.parametrize("quoted", [False, True])
def test_a_huge_bad_value_is_quoted_short(tmp_path, capsys, quoted):
    data = _copy(tmp_path)
    orgs = (data / "organizations.csv").read_text().splitlines()
    huge = "Z" * 10_000_000
    cell = f'"{huge}"' if quoted else huge
    orgs[1] = orgs[1].replace(",public,", f",{cell},", 1)  # a 10 MB sector
    (data / "organizations.csv").write_text("\n".join(orgs) + "\n")
    code, err = _validate(data, capsys)
    assert code == 2 and "organizations.csv:2" in err
    assert max(len(line) for line in err.splitlines()) < 400


def test_an_unclosed_quote_keeps_every_message_on_one_line(tmp_path, capsys):
    """A lone '"' pulls the following lines into one field; the message quoting that value
    shows the line breaks escaped, so each problem stays one FILE:LINE line."""
    data = _copy(tmp_path)
    lines = (data / "interactions.csv").read_text().split("\n")
    cells = lines[1].split(",")
    cells[-1] = '"'
    lines[1] = ",".join(cells)
    (data / "interactions.csv").write_text("\n".join(lines))
    code, err = _validate(data, capsys)
    assert code == 2
    problems = [line for line in err.splitlines() if not line.startswith("error: ")]
    assert problems and all(line.startswith("interactions.csv:2: ") for line in problems), err
    assert "\\n" in problems[0]


@pytest.mark.parametrize("kind", ["dangling", "fifo", "folder", "devnull"])
def test_a_dataset_file_that_is_no_regular_file_is_an_error(tmp_path, capsys, kind):
    data = _copy(tmp_path)
    target = data / "interactions.csv"
    target.unlink()
    if kind == "dangling":
        target.symlink_to(tmp_path / "gone.csv")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to("/dev/null")
    code, err = _validate(data, capsys)
    assert code == 2, err
    assert "interactions.csv" in err and ("not a regular file" in err or "cannot be read" in err)


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("date", "1678-01-01", "outside the supported range"),
        ("date", "2200-01-01", "outside the supported range"),
        ("date", "2262-05-01", "bad date"),
        ("weight", "1e308", "out of range"),
        ("weight", "inf", "not a number"),
    ],
)
def test_values_pandas_or_igraph_cannot_hold_are_refused_at_validation(
    tmp_path, capsys, column, value, fragment
):
    data = _copy(tmp_path)
    table = pd.read_csv(data / "interactions.csv", dtype=str, keep_default_na=False)
    table.loc[:, column] = value
    table.to_csv(data / "interactions.csv", index=False)
    code, err = _validate(data, capsys)
    assert code == 2
    assert f"interactions.csv:2: column {column}:" in err and fragment in err


def test_bundled_names_are_names(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("../pleven", "pleven/../pleven", "..", "."):
        code, err = _validate(Path(name) if name != "." else Path("nonexistent/.."), capsys)
        assert code == 2, name


def test_a_network_built_in_code_gets_the_same_guards():
    from stakeholder_graph.analysis import analyze
    from stakeholder_graph.dataset.model import NetworkData, coerce_table
    from stakeholder_graph.errors import InputError

    orgs = coerce_table(
        "organizations",
        pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "sector": ["civil", "public"]}),
    )
    ties = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1e308]})
    with pytest.raises(InputError, match="weight"):  # igraph would abort the process
        analyze(NetworkData(orgs, coerce_table("interactions", ties)))
    ties["weight"] = 2.0
    result = analyze(NetworkData(orgs, coerce_table("interactions", ties)))
    assert result.summary["size"]["ties"] == 1
