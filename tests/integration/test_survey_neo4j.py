"""The partner survey with ``--source neo4j``: answers become ``PERCEIVES`` relationships.

The same parallel submissions go through the form twice, once into a dataset folder and once
into Neo4j loaded with that dataset; ``analyze`` must then write identical trust tables from
both, and different ones from before the survey. Resubmission replaces, parallel posts lose
nothing, and two writers replacing one organization's answers at once never duplicate them.
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import neo4j
import pandas as pd
import pytest

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.config import Neo4jSettings
from stakeholder_graph.dataset.model import coerce_table
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset
from stakeholder_graph.store.neo4j import load_network
from stakeholder_graph.survey.app import create_survey_app
from stakeholder_graph.survey.client import Respondent, serve_in_thread
from stakeholder_graph.survey.state import SurveyState
from stakeholder_graph.survey.stores import Neo4jAnswers

WAVE = "w-neo4j"
RATEE = "pl-adm-mayor"
SURVEY_ROWS = (
    "MATCH (a:Organization)-[p:PERCEIVES {wave: $wave}]->(b:Organization) "
    "RETURN a.id AS rater, b.id AS ratee, p.reliability AS reliability, p.openness AS openness, "
    "p.trust AS trust, toString(p.date) AS date ORDER BY rater, ratee"
)
ALL_PERCEIVES = "MATCH ()-[p:PERCEIVES]->() RETURN count(p) AS n"


def _rows(driver: neo4j.Driver, database: str, wave: str = WAVE) -> pd.DataFrame:
    records, _, keys = driver.execute_query(SURVEY_ROWS, wave=wave, database_=database)
    return pd.DataFrame([r.values() for r in records], columns=keys)


def _score(org: str) -> int:
    return 1 + len(org) % 4


def _answer_all(app, invites: pd.DataFrame) -> list[int]:
    """Every invited organization answers at once (a barrier lines the submissions up)."""
    barrier = threading.Barrier(len(invites))

    def answer(row: pd.Series, base: str) -> int:
        r = Respondent(base, row["link"].rsplit("/", 1)[1])
        target = "pl-adm-social" if row["organization_id"] == RATEE else RATEE
        r.choose([target])
        score = _score(row["organization_id"])
        barrier.wait(timeout=60)
        return r.rate({target: {"reliability": score, "openness": score}}, submit=True)[0]

    with serve_in_thread(app) as base, ThreadPoolExecutor(len(invites)) as pool:
        return list(pool.map(lambda row: answer(row, base), [r for _, r in invites.iterrows()]))


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = run_guarded(cli, list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_survey_answers_land_in_neo4j_and_analyze_reads_them(
    clean_neo4j: neo4j.Driver,
    neo4j_settings: Neo4jSettings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = neo4j_settings.database
    folder = tmp_path / "pleven"
    shutil.copytree(bundled_dataset("pleven"), folder, ignore=shutil.ignore_patterns("survey"))
    load_network(clean_neo4j, read_dataset(folder), db)
    before_count = clean_neo4j.execute_query(ALL_PERCEIVES, database_=db).records[0]["n"]
    _cli(capsys, "analyze", "--source", "neo4j", "--out", str(tmp_path / "before"))

    # the roster comes from Neo4j; the invites (hashed) go to the --state folder
    state = tmp_path / "state"
    args = ["--wave", WAVE, "--out", str(tmp_path / "inv.csv"), "--state", str(state)]
    said = _cli(capsys, "survey", "invite", "--source", "neo4j", *args)
    assert f"survey folder {state}" in said
    invites = pd.read_csv(tmp_path / "inv.csv", dtype=str, keep_default_na=False)
    assert len(invites) == len(read_dataset(folder).organizations)
    stored = SurveyState(state).invites()
    assert len(stored) == len(invites) and not any(
        link.rsplit("/", 1)[1] in (state / "invites.json").read_text() for link in invites["link"]
    )
    respondents = invites.iloc[:12]
    # the same invites answer into the dataset folder too (the reference run)
    shutil.copytree(state, folder / "survey")

    clock = lambda: datetime(2025, 6, 1)  # noqa: E731
    store = Neo4jAnswers(clean_neo4j, db)
    try:
        codes = _answer_all(create_survey_app(store, state, clock=clock), respondents)
    finally:
        store.close()
    assert codes == [200] * len(respondents)
    assert _answer_all(create_survey_app(folder, clock=clock), respondents) == codes

    rows = _rows(clean_neo4j, db)
    assert sorted(rows["rater"]) == sorted(respondents["organization_id"])
    expected = respondents["organization_id"].map(_score).astype(float)
    got = rows.set_index("rater").loc[respondents["organization_id"]]
    assert got["reliability"].tolist() == expected.tolist()
    assert got["trust"].tolist() == expected.tolist()  # mean of the two trust items answered
    assert set(rows["date"]) == {"2025-06-01"}
    now = clean_neo4j.execute_query(ALL_PERCEIVES, database_=db).records[0]["n"]
    assert now == before_count + len(respondents)  # the loaded answers are all still there
    assert len(SurveyState(state).log()) == len(respondents)  # the raw log stays on disk

    # analyze --source neo4j reads the new trust, exactly as from the folder
    _cli(capsys, "analyze", "--source", "neo4j", "--out", str(tmp_path / "neo4j"))
    _cli(capsys, "analyze", "--source", str(folder), "--out", str(tmp_path / "folder"))
    name = "organization_trust.csv"
    after = pd.read_csv(tmp_path / "neo4j" / name).set_index("id")
    before = pd.read_csv(tmp_path / "before" / name).set_index("id")
    assert (tmp_path / "neo4j" / name).read_bytes() == (tmp_path / "folder" / name).read_bytes()
    assert after.loc[RATEE, "n_received"] > before.loc[RATEE, "n_received"]
    assert after.loc[RATEE, "trust_received"] != before.loc[RATEE, "trust_received"]

    # status and export read the Neo4j roster and the survey folder
    status = _cli(capsys, "survey", "status", "--source", "neo4j", "--state", str(state))
    total = [line.split() for line in status.splitlines() if line.startswith("all")][0]
    assert total[1:4] == [str(len(invites)), "12", "12"]
    out = tmp_path / "dyads.csv"
    _cli(capsys, "survey", "export", "--source", "neo4j", "--state", str(state),
         "--role", "analyst", "--wave", WAVE, "--out", str(out))  # fmt: skip
    assert len(pd.read_csv(out)) == len(respondents)


def test_resubmission_replaces_and_parallel_writers_never_duplicate(
    clean_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings, tmp_path: Path
) -> None:
    db = neo4j_settings.database
    folder = bundled_dataset("pleven")
    load_network(clean_neo4j, read_dataset(folder), db)
    store = Neo4jAnswers(clean_neo4j, db)
    try:
        rater, ratees = "pl-adm-social", ["pl-adm-mayor", "pl-adm-education"]

        def rows(score: int) -> pd.DataFrame:
            frame = pd.DataFrame(
                {
                    "rater": rater,
                    "ratee": ratees,
                    "date": "2025-06-01",
                    "reliability": str(score),
                    "wave": WAVE,
                }  # fmt: skip
            )
            return coerce_table("perceptions", frame)

        # eight writers replace the same organization's wave at once, without the survey's
        # file lock: the lock on the rater in Neo4j serialises them
        barrier = threading.Barrier(8)

        def write(score: int) -> None:
            barrier.wait(timeout=60)
            store.replace(rater, WAVE, rows(score))

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(write, [1, 2, 3, 4, 1, 2, 3, 4]))
        got = _rows(clean_neo4j, db)
        assert got["ratee"].tolist() == sorted(ratees)
        assert got["reliability"].nunique() == 1  # one writer's answers, whole

        store.replace(rater, WAVE, rows(4))
        assert _rows(clean_neo4j, db)["reliability"].tolist() == [4.0, 4.0]
        store.replace(rater, WAVE, rows(4).iloc[:1])  # a partner dropped on resubmission
        assert _rows(clean_neo4j, db)["ratee"].tolist() == ["pl-adm-mayor"]
        assert _rows(clean_neo4j, db, wave="other").empty
    finally:
        store.close()
