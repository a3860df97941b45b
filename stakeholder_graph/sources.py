"""Resolve ``--source`` to a :class:`NetworkData`: a dataset folder, a workbook, or Neo4j."""

from __future__ import annotations

from pathlib import Path

from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.errors import InputError
from stakeholder_graph.resources import bundled_dataset

NEO4J_SOURCE = "neo4j"


def resolve_path(source: str) -> Path:
    """The dataset folder or workbook ``source`` names (a path, or a bundled dataset's name)."""
    if not str(source).strip():
        raise InputError("an empty dataset path (an unset variable?); name a dataset")
    path = Path(source)
    if path.exists():
        return path
    bundled = bundled_dataset(source)
    if bundled is not None:
        return bundled
    raise InputError(f"{source}: no such dataset folder, workbook or bundled dataset")


def read_network(source: str) -> NetworkData:
    """Read the network named by ``source``.

    ``"neo4j"`` reads from the configured Neo4j (environment or config file); anything else is a
    dataset folder, an ``.xlsx`` workbook, or the name of a bundled dataset.
    """
    if source == NEO4J_SOURCE:
        from stakeholder_graph.config import neo4j_settings
        from stakeholder_graph.store.neo4j import connect
        from stakeholder_graph.store.neo4j import read_network as read_from_neo4j

        settings = neo4j_settings()
        with connect(settings) as driver:
            return read_from_neo4j(driver, settings.database)
    from stakeholder_graph.dataset.reader import read_dataset

    return read_dataset(resolve_path(source))
