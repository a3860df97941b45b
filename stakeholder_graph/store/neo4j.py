"""Neo4j as the system of record: the connection, then loading and reading networks.

:func:`connect` opens the one driver a command uses and proves it works (server reachable,
credentials accepted, database present) within :data:`CONNECT_TIMEOUT` seconds, turning every
failure into :class:`~stakeholder_graph.errors.DatabaseUnavailable` (exit code 3) with a message
that names the URI or the user, never the password.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from stakeholder_graph import resources
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.errors import DatabaseUnavailable

CONNECT_TIMEOUT = 4.0
"""Seconds to open one TCP connection; a check tries at most two addresses, so it fails < 10 s."""


def check_connection(driver: neo4j.Driver, settings: Neo4jSettings) -> None:
    """Raise :class:`DatabaseUnavailable` unless ``driver`` reaches a server that accepts the
    credentials of ``settings`` and answers a query in ``settings.database``.

    No retries: an unreachable server fails after one connection timeout.
    """
    try:
        driver.verify_connectivity()
        with driver.session(database=settings.database) as session:
            session.run(resources.cypher("server/ping.cypher")).consume()
    except AuthError as error:
        raise DatabaseUnavailable(
            f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r} "
            "(check NEO4J_USER / NEO4J_PASSWORD or the config file)"
        ) from error
    except ClientError as error:
        if error.code and "DatabaseNotFound" in error.code:
            raise DatabaseUnavailable(
                f"Neo4j at {settings.uri} has no database {settings.database!r} "
                "(check NEO4J_DATABASE)"
            ) from error
        raise DatabaseUnavailable(
            f"Neo4j at {settings.uri} refused the connection check: {error.message}"
        ) from error
    except (ServiceUnavailable, DriverError, Neo4jError, OSError, ValueError) as error:
        reason = str(error).strip().splitlines()
        raise DatabaseUnavailable(
            f"cannot reach Neo4j at {settings.uri}: is it running? "
            "(`stakeholder-graph neo4j up` starts a local one, or set NEO4J_URI)",
            details=reason[-1:],
        ) from error


def silence_driver_notifications() -> None:
    """Keep the driver from printing server notifications through Python logging.

    Without a handler of its own, the driver's ``neo4j.notifications`` logger falls back to
    logging's last-resort handler and prints every warning (several lines each) on stderr, into
    the mail of a scheduled job. Notifications are shown only where a command asks for them
    (``cypher``; see :func:`~stakeholder_graph.store.neo4j_query.run_query`).
    """
    logger = logging.getLogger("neo4j.notifications")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """The driver for ``settings``, checked by :func:`check_connection`, closed on exit.

    Create it once per command and pass it to the functions that need it.

    Example
    -------
    >>> from stakeholder_graph.config import neo4j_settings
    >>> with connect(neo4j_settings()) as driver:  # doctest: +SKIP
    ...     driver.execute_query("RETURN 1 AS one").records[0]["one"]
    1
    """
    silence_driver_notifications()
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            connection_timeout=CONNECT_TIMEOUT,
            notifications_min_severity="OFF",
        )
    except (ConfigurationError, ValueError) as error:
        raise DatabaseUnavailable(f"{settings.uri!r} is not a Neo4j URI: {error}") from error
    try:
        check_connection(driver, settings)
        yield driver
    except (ServiceUnavailable, SessionExpired) as error:
        raise DatabaseUnavailable(f"lost the connection to Neo4j at {settings.uri}") from error
    finally:
        driver.close()


# Loading, reading back, write-back and analyst queries live in their own modules; they are
# re-exported here so callers import everything Neo4j from one place.
from stakeholder_graph.store.neo4j_load import (  # noqa: E402
    LoadSummary,
    TableLoad,
    apply_schema,
    load_network,
)
from stakeholder_graph.store.neo4j_query import run_query  # noqa: E402
from stakeholder_graph.store.neo4j_read import read_network  # noqa: E402
from stakeholder_graph.store.neo4j_writeback import write_back, write_isolation_flags  # noqa: E402

__all__ = [
    "CONNECT_TIMEOUT",
    "LoadSummary",
    "TableLoad",
    "apply_schema",
    "check_connection",
    "connect",
    "load_network",
    "read_network",
    "run_query",
    "write_back",
    "write_isolation_flags",
]
