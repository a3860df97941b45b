"""The council report of every bundled dataset, printed to PDF by headless Chromium with
figures from kaleido; its pages turned into PNG with ``pdftoppm`` (kept in
``test-artifacts/report/<dataset>/``) and its text (``pdftotext``) checked for the headline
numbers, the top potential ally and the isolated NGOs.

Needs Chromium and poppler-utils (``scripts/install-browser.sh`` installs both).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.report.figures import chromium_path
from stakeholder_graph.resources import bundled_datasets
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium_path() is None or shutil.which("pdftoppm") is None,
        reason="needs Chromium and poppler-utils (scripts/install-browser.sh)",
    ),
]
ARTIFACTS = REPO / "test-artifacts" / "report"


def _words(text: str) -> str:
    """PDF text with runs of whitespace (line and column breaks) made single spaces."""
    return re.sub(r"\s+", " ", text)


def _text(pdf: Path, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.parametrize("name", bundled_datasets())
def test_report_pdf_of_each_bundled_dataset(name: str) -> None:
    out = ARTIFACTS / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    pdf = out / "report.pdf"
    with pytest.raises(SystemExit) as done:
        # Pleven's report also compares 2024 onwards with 2023 (the "what changed" page)
        extra = ["--compare-with", "2023"] if name == "pleven" else []
        main(["report", "--source", name, "--out", str(pdf), *extra])
    assert done.value.code == 0
    assert [p.name for p in out.iterdir()] == ["report.pdf"]  # no temporary file left
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert 4 <= pages <= 8, f"{name}: {pages} pages"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / "page")], check=True)
    pngs = sorted(out.glob("page-*.png"))
    assert len(pngs) == pages
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    # the same numbers as analyze (the default parameters of both)
    analysis = sg.analyze(name)
    s, size = analysis.summary, analysis.summary["size"]
    layout = _text(pdf, "-layout")
    assert re.search(rf"\b{size['organizations']}\s+Organizations:", layout)
    assert re.search(rf"\b{size['ties']}\s+Ties:", layout)
    assert re.search(rf"\b{s['density']:.3f}\s+Density:", layout)
    assert re.search(rf"\b{len(analysis['isolated'])}\s+Isolated NGOs:", layout)
    words = _words(_text(pdf))
    assert f"({size['interactions']} recorded interactions" in words
    top = analysis["allies"].sort_values("rank").iloc[0]
    assert _words(top["a_name"]) in words and _words(top["b_name"]) in words
    for isolated in analysis["isolated"]["name"]:
        assert _words(isolated) in words
    assert "Methods" in words and "Gould, R. V., Fernandez, R. M. (1989)" in words
    if name == "pleven":
        from stakeholder_graph.network.change import compare, parse_period

        gained = compare(analysis.graph.data, parse_period("2023"), parse_period("2024-01-01:"))
        assert "What changed" in words
        assert f"{gained['summary']['ties_gained']} ties gained" in words
    (out / "pages.txt").write_text(f"{pages}\n", encoding="utf-8")
