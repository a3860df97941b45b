"""Print an HTML report to PDF with headless Chromium (``--print-to-pdf``)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from stakeholder_graph.errors import StakeholderGraphError
from stakeholder_graph.report.figures import chromium_path

TIMEOUT = 180


def chromium_command(browser: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    """The Chromium command line that prints ``html`` to ``pdf`` (no header or footer).

    ``--no-sandbox`` is added only when running as root, where Chromium refuses to start
    with its sandbox.
    """
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html.resolve().as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    return command


def html_to_pdf(text: str, pdf: Path) -> Path:
    """Write the HTML ``text`` as the PDF ``pdf`` (A4, as the report's CSS asks)."""
    browser = chromium_path()
    if browser is None:
        raise StakeholderGraphError(
            "no Chromium found to print the PDF: install it (scripts/install-browser.sh), set "
            "BROWSER_PATH, or write the report as .html"
        )
    with tempfile.TemporaryDirectory(prefix="sg-report-") as work:
        html = Path(work) / "report.html"
        html.write_text(text, encoding="utf-8")
        target = Path(work) / "report.pdf"
        command = chromium_command(browser, html, target, Path(work) / "profile")
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as error:
            raise StakeholderGraphError(f"Chromium did not print the PDF in {TIMEOUT} s") from error
        if not target.is_file() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise StakeholderGraphError(
                f"Chromium could not print the PDF (exit {done.returncode})", tail
            )
        Path(pdf).write_bytes(target.read_bytes())
    return Path(pdf)
