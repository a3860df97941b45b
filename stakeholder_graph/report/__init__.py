"""The council report: a short HTML or PDF document built from one analysis.

``build_report(analysis, "report.pdf")`` renders the network picture and the sector matrices
with plotly, exports them as PNG through kaleido, writes one self-contained HTML file and,
for ``.pdf``, prints it with headless Chromium.

Why Chromium for the PDF: the project already installs Debian's Chromium for its browser tests
and kaleido drives the same binary for the images, so the PDF needs no new native dependency
(WeasyPrint would need Pango and its fonts from the system), and the PDF is exactly what a
reader sees when opening the HTML report in a browser.

>>> import stakeholder_graph as sg  # doctest: +SKIP
>>> from stakeholder_graph.report import build_report  # doctest: +SKIP
>>> build_report(sg.analyze("pleven"), "pleven-report.pdf")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import TEMP_PREFIX, atomic_write_text, file_errors
from stakeholder_graph.report.content import build_content
from stakeholder_graph.report.figures import (
    cooperation_matrix,
    data_uri,
    matrix_figure,
    network_figure,
    to_png,
    trust_matrix,
)
from stakeholder_graph.report.html import render_html
from stakeholder_graph.report.methods import methods_html

if TYPE_CHECKING:
    from stakeholder_graph.analysis import Analysis

SUFFIXES = (".html", ".pdf")


def report_html(
    analysis: Analysis, title: str | None = None, compare_with: str | None = None
) -> str:
    """The report as one self-contained HTML text; with ``compare_with`` (``START:END`` or a
    year) a "what changed" page compares the report's period with that one."""
    content = build_content(analysis, title)
    if compare_with:
        from stakeholder_graph.report.changes import changes_html

        content.notes["changes"] = changes_html(analysis, compare_with)
    figures = [
        network_figure(analysis, seed=analysis.params.seed),
        matrix_figure(cooperation_matrix(analysis), "Ties between sectors", "Blues", ".0f"),
        matrix_figure(trust_matrix(analysis), "Trust (rows rate columns)", "RdYlGn", ".2f", (1, 4)),
    ]
    pngs = to_png(figures, [(900, 720), (560, 480), (560, 480)])
    images = dict(zip(("network", "cooperation", "trust"), map(data_uri, pngs), strict=True))
    return render_html(content, images, methods_html(analysis.summary))


def build_report(
    analysis: Analysis,
    out: str | Path,
    title: str | None = None,
    compare_with: str | None = None,
) -> Path:
    """Write the report to ``out`` (``.html`` or ``.pdf``); returns the path written.

    The file appears only when complete (written beside it, then renamed).
    """
    from stakeholder_graph.report.pdf import html_to_pdf

    out = Path(out)
    if out.suffix.lower() not in SUFFIXES:
        raise InputError(f"{out}: the report is written as .html or .pdf")
    text = report_html(analysis, title, compare_with)
    if out.suffix.lower() == ".html":
        return atomic_write_text(out, text)
    with file_errors(out.parent, "create folder"):
        out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{out.name}.", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        html_to_pdf(text, tmp)
        umask = os.umask(0)
        os.umask(umask)
        with file_errors(out):
            tmp.chmod(0o666 & ~umask)
            os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
