"""Every malformed dataset under tests/malformed/ is refused with exit 2 and the right FILE:LINE.

Each case folder holds the dataset files and ``expected.txt``: one line per problem the
validator must report, ``PREFIX | WORDS`` — some line on stderr starts with PREFIX (the exact
``FILE:LINE: column COL:`` location) and contains WORDS further on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "malformed"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "expected.txt").is_file())
LOCATED = re.compile(r"^[^:\n]+(:\d+)?: (column [^:\s]+: )?\S")
"""A finding line: FILE, optional :LINE, optional column COL, then the message."""


def dataset_argument(case: Path) -> Path:
    """The case folder, or the workbook in it when it holds one."""
    books = sorted(case.glob("*.xlsx"))
    return books[0] if books else case


def expectations(case: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            prefix, _, words = line.partition(" | ")
            pairs.append((prefix, words.strip()))
    return pairs


def check_report(case: Path, code: int, stdout: str, stderr: str) -> None:
    assert code == 2, f"{case.name}: exit {code}, stderr:\n{stderr}"
    assert "Traceback" not in stderr
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines[-1].startswith("error: ")
    for prefix, words in expectations(case):
        hits = [x for x in lines if x.startswith(prefix) and words in x[len(prefix) :]]
        assert hits, f"{case.name}: no line '{prefix} ... {words}' in:\n{stderr}"
    for line in lines[:-1]:
        assert line.startswith("... and ") or LOCATED.match(line), line


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 22
    assert any(list(c.glob("*.xlsx")) for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_in_process(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_guarded(cli, ["validate", str(dataset_argument(case))])
    out, err = capsys.readouterr()
    check_report(case, code, out, err)


SCRIPT = Path(sys.executable).with_name("stakeholder-graph")
COMMAND = (
    [str(SCRIPT)]
    if SCRIPT.is_file()
    else [sys.executable, "-c", "from stakeholder_graph.cli import main; main()"]
)
"""The installed console script (or the same entry point when it is not on disk)."""

SUBPROCESS_CASES = [
    "not_utf8",
    "unclosed_quote",
    "several_files_at_once",
    "xlsx_bad_values",
    "missing_organizations",
]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_case_as_a_command(name: str) -> None:
    case = CORPUS / name
    done = subprocess.run(
        [*COMMAND, "validate", str(dataset_argument(case))],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    check_report(case, done.returncode, done.stdout, done.stderr)


def test_workbook_rows_are_spreadsheet_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Blank rows in a sheet are skipped but still counted, like the row numbers Excel shows."""
    book = Workbook()
    orgs = book.active
    orgs.title = "Organizations"
    for row in (
        ["id", "name", "sector"],
        ["a", "A", "public"],
        [],
        [],
        ["a", "A again", "civil"],
        ["b", "B", "social economy"],
    ):
        orgs.append(row)
    ties = book.create_sheet("interactions")
    for row in (["source", "target", "formal"], ["a", "b", "maybe"], ["a", "b", True, "x"]):
        ties.append(row)
    path = tmp_path / "network.xlsx"
    book.save(path)

    code = run_guarded(cli, ["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "network.xlsx[Organizations]:5: column id: duplicate id 'a' (first on line 2)" in err
    assert "network.xlsx[Organizations]:6: column sector: " in err
    assert "did you mean 'social_economy'" in err
    assert "network.xlsx[interactions]:2: column formal: 'maybe'" in err
    assert "network.xlsx[interactions]:3: row has 4 fields but the header has 3" in err


def test_not_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    code = run_guarded(cli, ["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("broken.xlsx: not a readable .xlsx workbook")
    assert "Traceback" not in err


def test_workbook_without_organizations_sheet_reports_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    ties = book.active
    ties.title = "interactions"
    for row in (["source", "target", "weight"], ["a", "b", "lots"]):
        ties.append(row)
    path = tmp_path / "ties.xlsx"
    book.save(path)
    code = run_guarded(cli, ["validate", str(path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0] == "ties.xlsx: no sheet named 'organizations': every dataset needs one"
    assert err[1] == "ties.xlsx[interactions]:2: column weight: not a number: 'lots'"
    assert err[2].startswith("error: ")
