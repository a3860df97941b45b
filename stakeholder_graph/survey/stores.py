"""Where the survey's answers land: a dataset folder's ``perceptions.csv``, or Neo4j.

Both stores offer the same three things to the form (:mod:`.app`) and :func:`.answers.submit`:

* :meth:`network` — the roster (organizations, their names and sectors) and, for exports, the
  perceptions already recorded;
* :attr:`organizations_csv` — an ``organizations.csv`` the dataset reader validates new rows
  against (so respondents get exactly the messages ``validate`` prints);
* :meth:`replace` — swap one organization's answers for one wave for new rows, all at once.

:class:`DatasetAnswers` rewrites ``perceptions.csv`` through the dataset writer (a temporary
file renamed into place). :class:`Neo4jAnswers` deletes the organization's ``PERCEIVES``
relationships of the wave and creates the new ones in one managed write transaction
(``cypher/write/survey_delete_answers.cypher`` then ``survey_create_answers.cypher``), after
taking a write lock on the rater, so two servers writing for one organization at once serialise
instead of duplicating. The invitations, progress and the raw answers log stay on disk in the
survey folder either way (:mod:`.state`); for Neo4j that folder defaults to
:func:`neo4j_state_folder`.

Example
-------
>>> store = DatasetAnswers(Path("datasets/pleven"))
>>> store.organizations_csv.name
'organizations.csv'
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import replace as replace_field
from pathlib import Path
from typing import Any, Protocol

import neo4j
import pandas as pd

from stakeholder_graph import resources
from stakeholder_graph.dataset.model import SURVEY_ITEMS, TRUST_ITEMS, NetworkData, coerce_table
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.dataset.writer import write_dataset
from stakeholder_graph.errors import DatabaseUnavailable, InputError


class AnswerStore(Protocol):
    """What the survey needs from the place its answers land."""

    label: str
    """Names the store in messages (``datasets/x`` or ``neo4j:<database>``)."""

    default_state: Path | None
    """The survey folder used when none is given (None: one must be given)."""

    @property
    def organizations_csv(self) -> Path:
        """An ``organizations.csv`` holding the roster, for validating answers."""
        ...

    def network(self) -> NetworkData:
        """The network as stored now (roster and perceptions)."""
        ...

    def replace(self, organization: str, wave: str, rows: pd.DataFrame) -> None:
        """Replace ``organization``'s answers of ``wave`` by the typed perception ``rows``."""
        ...


class DatasetAnswers:
    """Answers in the dataset folder ``folder`` (``perceptions.csv``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.label = str(folder)
        self.default_state: Path | None = self.folder / "survey"

    @property
    def organizations_csv(self) -> Path:
        return self.folder / "organizations.csv"

    def network(self) -> NetworkData:
        return read_dataset(self.folder)

    def replace(self, organization: str, wave: str, rows: pd.DataFrame) -> None:
        data = read_dataset(self.folder)
        current = data.perceptions
        keep = ~((current["rater"] == organization) & (current["wave"] == wave))
        merged = coerce_table("perceptions", pd.concat([current[keep], rows], ignore_index=True))
        write_dataset(replace_field(data, perceptions=merged), self.folder, tables=("perceptions",))


def answer_records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Typed perception rows as the parameters of ``survey_create_answers.cypher``.

    ``trust`` is the mean of the trust items answered (as the loader stores it); missing scores
    become ``None`` (no property).

    Example
    -------
    >>> r = coerce_table("perceptions", pd.DataFrame({"rater": ["a"], "ratee": ["b"],
    ...     "date": ["2025-06-01"], "reliability": ["2"], "openness": ["4"], "wave": ["1"]}))
    >>> rec = answer_records(r)[0]
    >>> rec["ratee"], rec["answer"], rec["trust"], rec["mission_support"]
    ('b', '2025-06-01', 3.0, None)
    """
    records = []
    for row in rows.to_dict("records"):
        scores = {k: None if pd.isna(row[k]) else float(row[k]) for k in SURVEY_ITEMS}
        trust = [scores[k] for k in TRUST_ITEMS if scores[k] is not None]
        day = row["date"].strftime("%Y-%m-%d") if not pd.isna(row["date"]) else ""
        records.append(
            {"ratee": row["ratee"], "answer": day, "date": day or None}
            | scores
            | {"trust": sum(trust) / len(trust) if trust else None}
        )
    return records


def _replace_tx(
    tx: neo4j.ManagedTransaction, rater: str, wave: str, rows: list[dict[str, Any]]
) -> tuple[int, int]:
    removed = tx.run(
        resources.cypher("write/survey_delete_answers.cypher"), rater=rater, wave=wave
    ).single()
    if removed is None:
        raise InputError(f"{rater}: the organization is no longer in the database")
    created = tx.run(
        resources.cypher("write/survey_create_answers.cypher"), rater=rater, wave=wave, rows=rows
    ).single()
    return int(removed["removed"]), int(created["created"]) if created else 0


class Neo4jAnswers:
    """Answers as ``PERCEIVES`` relationships in Neo4j (``--source neo4j``).

    Parameters
    ----------
    driver:
        An open driver (the caller owns it; see :func:`stakeholder_graph.store.neo4j.connect`).
    database:
        The database holding the network.
    """

    def __init__(self, driver: neo4j.Driver, database: str | None) -> None:
        from stakeholder_graph.store.neo4j import read_network

        self.driver, self.database = driver, database
        self.label = f"neo4j:{database or 'default'}"
        self.default_state: Path | None = None
        self._read = lambda: read_network(driver, database)
        roster = self._read()
        self._scratch = tempfile.TemporaryDirectory(prefix="survey-roster-")
        write_dataset(roster, Path(self._scratch.name), tables=("organizations",))

    @property
    def organizations_csv(self) -> Path:
        return Path(self._scratch.name) / "organizations.csv"

    def network(self) -> NetworkData:
        return self._read()

    def replace(self, organization: str, wave: str, rows: pd.DataFrame) -> None:
        records = answer_records(rows)
        try:
            with self.driver.session(database=self.database) as session:
                session.execute_write(_replace_tx, organization, wave, records)
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            raise DatabaseUnavailable(
                f"{self.label}: could not record the answers of {organization}"
            ) from error

    def close(self) -> None:
        """Remove the roster's scratch copy."""
        self._scratch.cleanup()


def neo4j_state_folder(uri: str, database: str) -> Path:
    """The default survey folder for a Neo4j source: invites, progress, the raw answers log.

    ``$XDG_DATA_HOME/stakeholder-graph/survey/<host_port>-<database>`` (else
    ``~/.local/share/...``): one folder per server and database, outside any repository.

    Example
    -------
    >>> neo4j_state_folder("bolt://127.0.0.1:7687", "neo4j").name
    '127.0.0.1_7687-neo4j'
    """
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    where = re.sub(r"[^A-Za-z0-9.-]+", "_", uri.split("://", 1)[-1]).strip("_")
    return (
        base
        / "stakeholder-graph"
        / "survey"
        / f"{where}-{re.sub(r'[^A-Za-z0-9.-]', '_', database)}"
    )
