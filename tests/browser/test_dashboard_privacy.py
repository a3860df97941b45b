"""Dashboard privacy in real headless Chromium: a coordinator's Trust view shows sectors, not
dyads, says why, and its CSV download holds no organization; an analyst's shows the dyads."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until

from dashboards import create_app
from stakeholder_graph.sources import read_network

pytestmark = pytest.mark.browser

SECTORS = {"public", "private", "civil", "social_economy"}


@pytest.fixture(scope="module")
def pleven():
    return read_network("pleven")


def _rows(dash_duo, box: str) -> list[str]:
    """The visible rows' text of a grid, read once per poll."""
    return [e.text for e in dash_duo.find_elements(f"#{box} .ag-center-cols-container .ag-row")]


def _no_console_errors(dash_duo) -> None:
    severe = [e for e in dash_duo.get_logs() if e.get("level") == "SEVERE"]
    assert severe == [], severe


def test_coordinator_sees_sector_pairs_and_a_note(dash_duo, pleven, screenshots):
    dash_duo.start_server(create_app(pleven, precompute=False))  # the default role
    dash_duo.driver.get(dash_duo.server_url + "/trust")
    dash_duo.wait_for_element("#privacy-note", timeout=30)
    assert "no organization's rating of another" in dash_duo.find_element("#privacy-note").text
    seen: list[list[str]] = []

    def filled() -> bool:
        rows = _rows(dash_duo, "gaps-box")
        seen.append(rows)
        return len(rows) > 0

    until(filled, timeout=30)
    assert "SECTOR A" in dash_duo.find_element("#gaps-box .ag-header").text.upper()
    assert any("Civil society" in row and "Public" in row for row in seen[-1])
    names = set(pleven.organizations["name"])
    assert not any(name in row for row in seen[-1] for name in names)
    dash_duo.wait_for_contains_text("#fragile-count", "analysts only", timeout=20)
    assert _rows(dash_duo, "fragile-box") == []

    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    dash_duo.driver.save_screenshot(str(screenshots / "pleven-trust-coordinator.png"))
    dash_duo.find_element("#gaps-box button").click()
    target = Path(dash_duo.download_path) / "gaps.csv"
    until(lambda: target.exists() and target.stat().st_size > 0, timeout=20)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    header = [h.strip('"') for h in lines[0].split(",")]
    assert header[:2] == ["sector A", "sector B"] and "answers A→B" in header
    ids = set(pleven.organizations["id"])
    cells = {c.strip('"') for line in lines[1:] for c in line.split(",")}
    assert cells & ids == set() and {c for c in cells if c in SECTORS} >= {"civil", "public"}
    _no_console_errors(dash_duo)


def test_analyst_sees_the_dyads(dash_duo, pleven):
    dash_duo.start_server(create_app(pleven, precompute=False, role="analyst"))
    dash_duo.driver.get(dash_duo.server_url + "/trust")
    dash_duo.wait_for_element("#gaps-box .ag-row", timeout=30)
    assert not dash_duo.find_elements("#privacy-note")
    assert "ORGANIZATION A" in dash_duo.find_element("#gaps-box .ag-header").text.upper()
    names = set(pleven.organizations["name"])
    seen: list[list[str]] = []

    def named() -> bool:
        rows = _rows(dash_duo, "gaps-box")
        seen.append(rows)
        return any(name in row for row in rows for name in names)

    until(named, timeout=30)
    _no_console_errors(dash_duo)
