"""Read a network back out of Neo4j: the exact inverse of :func:`~.neo4j_load.load_network`.

Each table of :data:`~stakeholder_graph.dataset.model.TABLES` comes from one query in
``cypher/read``; values are coerced to the canonical dtypes by
:func:`~stakeholder_graph.dataset.model.coerce_table`, so a network loaded and read back
compares equal (:meth:`NetworkData.equals`) to the one that was loaded.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pandas as pd

from stakeholder_graph import resources
from stakeholder_graph.dataset.model import TABLES, NetworkData, coerce_table
from stakeholder_graph.errors import InputError

_QUERIES: dict[str, str] = {table: f"read/{table}" for table in TABLES}


def _fetch(tx: neo4j.ManagedTransaction, text: str) -> tuple[list[str], list[list[Any]]]:
    result = tx.run(text)
    keys = list(result.keys())
    return keys, result.values()


def _join_themes(values: pd.Series) -> pd.Series:
    """Theme lists back to the ``;``-joined column (in their stored order); a stored
    ``themes_text`` (a string) is kept as it is."""
    return values.map(
        lambda value: value if isinstance(value, str) else ";".join(value) if value else ""
    )


def read_table(session: neo4j.Session, table: str) -> pd.DataFrame:
    """One table of the network stored in Neo4j, with canonical columns and dtypes."""
    keys, rows = session.execute_read(_fetch, resources.cypher(_QUERIES[table]))
    frame = pd.DataFrame(rows, columns=keys, dtype=object)
    if "themes" in frame.columns:
        frame["themes"] = _join_themes(frame["themes"])
    return coerce_table(table, frame)


def read_network(
    driver: neo4j.Driver, database: str | None = None, name: str = "neo4j"
) -> NetworkData:
    """The network stored in Neo4j as a :class:`NetworkData`.

    Parameters
    ----------
    driver:
        An open driver.
    database:
        The database to read (``None``: the server's default).
    name:
        The name given to the network.

    Returns
    -------
    NetworkData
        Tables sorted by their keys; ``source`` is ``neo4j:<database>``.

    Raises
    ------
    InputError
        When the database holds no organization (nothing was loaded).

    Examples
    --------
    >>> data = read_network(driver, "neo4j")  # doctest: +SKIP
    >>> data.equals(read_dataset("datasets/pleven"))  # after load_network  # doctest: +SKIP
    True
    """
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        tables = {table: read_table(session, table) for table in TABLES}
    if tables["organizations"].empty:
        raise InputError(
            f"Neo4j database {database or '(default)'} holds no organizations: load a dataset "
            "first with `stakeholder-graph load DIR`"
        )
    return NetworkData(**tables, name=name, source=f"neo4j:{database or 'default'}")
