"""Test tiers: unit (no server), integration (real Neo4j), browser (real Chromium).

Tests that share one resource run on one xdist worker: every integration test shares the one
Neo4j database, and the browser tests share the dashboard's port.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if "integration" in path.parts:
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.xdist_group("neo4j"))
        elif "browser" in path.parts:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
