"""Fixtures for the tests against a real Neo4j.

The server is the one :func:`stakeholder_graph.config.neo4j_settings` names: ``NEO4J_URI`` and
friends, else the config file, else the local server of ``stakeholder-graph neo4j up`` (the
test command starts one when ``NEO4J_URI`` is unset). With none, the tests are skipped.

Every test here shares that one database, so all of them run on one xdist worker
(``xdist_group("neo4j")``) and each test that writes starts from ``clean_neo4j``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.errors import DatabaseUnavailable

HERE = Path(__file__).resolve().parent

DELETE_ALL = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
)
"""Test-only: empty the database, keeping constraints and indexes. Relationships go first:
detaching 10,000 nodes at once from a 100k network (theme and municipality nodes hold tens of
thousands of links each) overruns the server's transaction memory."""


def empty_database(session: neo4j.Session) -> None:
    """Run :data:`DELETE_ALL`."""
    for statement in DELETE_ALL:
        session.run(statement).consume()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/integration ``integration`` and ``xdist_group("neo4j")``.

    ``tryfirst``: xdist reads the group marks in its own hook of the same name, so they must be
    there before it runs.
    """
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            if item.get_closest_marker("integration") is None:
                item.add_marker(pytest.mark.integration)
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group("neo4j"))


@pytest.fixture(scope="session")
def neo4j_settings() -> Neo4jSettings:
    """The configured Neo4j (environment, config file or running local server), else skip."""
    from stakeholder_graph.config import neo4j_settings as resolve

    try:
        return resolve()
    except DatabaseUnavailable as error:
        pytest.skip(f"no Neo4j for the integration tests: {error.message}")


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """One checked driver for the whole session."""
    from stakeholder_graph.store.neo4j import connect

    with connect(neo4j_settings) as driver:
        yield driver


@pytest.fixture
def clean_neo4j(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> neo4j.Driver:
    """The driver, on a database emptied of nodes and relationships (schema kept)."""
    with neo4j_driver.session(database=neo4j_settings.database) as session:
        empty_database(session)
    return neo4j_driver
