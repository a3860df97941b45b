"""Headless Chromium for Dash's ``dash_duo``: Debian's /usr/bin/chromium and chromedriver.

The ``pytest_setup_options`` hook is Dash's: it hands these options to the webdriver.
Screenshots go to ``test-artifacts/screenshots/`` at the top of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1440,1100",
    "--lang=en-GB",
)


def pytest_setup_options() -> Options:
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return options


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder screenshots are saved to (created on first use)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
