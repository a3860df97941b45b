"""The survey commands, parallel submissions over real HTTP, status and the privacy exports."""

from __future__ import annotations

import json
import shutil
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.survey.app import create_survey_app
from stakeholder_graph.survey.client import Respondent, serve_in_thread
from stakeholder_graph.survey.report import aggregated_export
from stakeholder_graph.survey.state import SurveyState
from tests.conftest import REPO


@pytest.fixture()
def pleven(tmp_path: Path) -> Path:
    folder = tmp_path / "pleven"
    shutil.copytree(REPO / "datasets" / "pleven", folder)
    return folder


def _invite(folder: Path, out: Path, *extra: str) -> pd.DataFrame:
    result = CliRunner().invoke(
        cli, ["survey", "invite", "--source", str(folder), "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def test_invite_writes_private_links_and_a_mail_merge_text(pleven: Path, tmp_path: Path) -> None:
    out = tmp_path / "invites.csv"
    invites = _invite(pleven, out, "--wave", "2025-spring", "--base-url", "https://x.org/")
    orgs = read_dataset(pleven).organizations
    assert len(invites) == len(orgs) and set(invites["organization_id"]) == set(orgs["id"])
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert invites["language"].unique().tolist() == ["bg"]  # the organizations are in BG
    first = invites.iloc[0]
    assert first["link"].startswith("https://x.org/s/") and first["link"] in first["message"]
    assert "Уважаеми/а колега" in first["message"] and first["organization"] in first["subject"]
    stored = (pleven / "survey" / "invites.json").read_text()
    assert first["link"].rsplit("/", 1)[1] not in stored
    # named contacts: one link each, in the language asked for
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("organization,name,email\npl-adm-mayor,Ana,a@x.bg\npl-adm-mayor,Bo,\n")
    two = _invite(pleven, tmp_path / "c.csv", "--contacts", str(contacts), "--language", "da")
    assert two["contact"].tolist() == ["Ana", "Bo"] and "Kære Ana" in two.loc[0, "message"]
    assert len(SurveyState(pleven / "survey").invites()) == len(orgs) + 2


def test_invite_refuses_a_bundled_name_and_unknown_contacts(
    pleven: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["survey", "invite", "--source", "pleven", "--out", str(tmp_path / "x.csv")]
    assert run_guarded(cli, argv) == 2
    assert "error: pleven: the survey writes its answers into a dataset folder" in (
        capsys.readouterr().err
    )
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("organization,name\nnobody,Ana\n")
    argv = ["survey", "invite", "--source", str(pleven), "--out", str(tmp_path / "i.csv")]
    assert run_guarded(cli, [*argv, "--contacts", str(contacts)]) == 2
    assert "contacts.csv:2: column organization: unknown organization 'nobody'" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "i.csv").exists()


def test_parallel_submissions_never_lose_an_answer(pleven: Path, tmp_path: Path) -> None:
    invites = _invite(pleven, tmp_path / "invites.csv", "--wave", "w1")
    respondents = invites.iloc[:12]
    ratee = "pl-adm-mayor"
    app = create_survey_app(pleven, clock=lambda: datetime(2025, 6, 1))
    barrier = threading.Barrier(len(respondents))

    def answer(row: pd.Series, base: str) -> int:
        r = Respondent(base, row["link"].rsplit("/", 1)[1])
        target = "pl-adm-social" if row["organization_id"] == ratee else ratee
        r.choose([target])
        score = 1 + len(row["organization_id"]) % 4
        barrier.wait(timeout=60)
        return r.rate({target: {"reliability": score, "openness": score}}, submit=True)[0]

    with serve_in_thread(app) as base, ThreadPoolExecutor(len(respondents)) as pool:
        codes = list(
            pool.map(lambda row: answer(row, base), [r for _, r in respondents.iterrows()])
        )
    assert codes == [200] * len(respondents)
    rows = read_dataset(pleven).perceptions
    rows = rows[rows["wave"] == "w1"]
    assert sorted(rows["rater"]) == sorted(respondents["organization_id"])
    expected = respondents["organization_id"].map(lambda o: 1 + len(o) % 4)
    got = rows.set_index("rater").loc[respondents["organization_id"], "reliability"]
    assert got.tolist() == expected.tolist()
    assert len(SurveyState(pleven / "survey").log()) == len(respondents)


def test_status_export_and_aggregation(pleven: Path, tmp_path: Path) -> None:
    invites = _invite(pleven, tmp_path / "invites.csv", "--wave", "w1")
    orgs = read_dataset(pleven).organizations.set_index("id")
    civil = invites[invites["organization_id"].map(orgs["sector"]) == "civil"].iloc[:3]
    app = create_survey_app(pleven, clock=lambda: datetime(2025, 6, 1))
    with serve_in_thread(app) as base:
        for i, row in enumerate(civil.itertuples()):
            r = Respondent(base, row.link.rsplit("/", 1)[1])
            r.choose(["pl-adm-mayor"])
            answer = {"reliability": i + 1, "type": "grant", "stage": ["planning", "evaluation"]}
            r.rate({"pl-adm-mayor": answer}, submit=True)
        r = Respondent(base, invites.loc[0, "link"].rsplit("/", 1)[1])
        r.choose(["pl-adm-social"])  # started, never submitted
        Respondent(base, invites.loc[1, "link"].rsplit("/", 1)[1]).choose([])
    runner = CliRunner()
    result = runner.invoke(cli, ["survey", "status", "--source", str(pleven), "--format", "json"])
    status = pd.DataFrame(json.loads(result.output)).set_index("sector")
    n_civil = int((orgs["sector"] == "civil").sum())
    assert status.loc["civil", ["invited", "submitted"]].tolist() == [n_civil, 3]
    assert status.loc["all", "invited"] == len(orgs)
    assert status.loc["all", "started"] == 5 and status.loc["all", "submitted"] == 3
    assert status.loc["civil", "rate"] == pytest.approx(round(3 / n_civil, 3))
    text = runner.invoke(cli, ["survey", "status", "--source", str(pleven)]).output
    assert f"civil{'':<11}{n_civil:>9}" in text

    out = tmp_path / "analyst.csv"
    result = runner.invoke(
        cli,
        [
            "survey",
            "export",
            "--source",
            str(pleven),
            "--role",
            "analyst",
            "--wave",
            "w1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    dyads = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert "comment" not in dyads.columns and len(dyads) == 3
    assert set(dyads["stages"]) == {"planning;evaluation"} and set(dyads["type"]) == {"grant"}
    out = tmp_path / "partner.csv"
    runner.invoke(
        cli, ["survey", "export", "--source", str(pleven), "--wave", "w1", "--out", str(out)]
    )
    agg = pd.read_csv(out)
    assert agg[["organization", "raters", "reliability"]].values.tolist() == [
        ["pl-adm-mayor", 3, 2.0]
    ]
    assert "rater" not in agg.columns


def test_aggregation_hides_organizations_with_few_raters() -> None:
    p = pd.DataFrame(
        {
            "rater": ["a", "b", "a", "c", "a"],
            "ratee": ["x", "x", "y", "x", "y"],
            "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01", None, "2025-01-01"]),
            "reliability": [1.0, 2.0, 4.0, 3.0, 2.0],
        }
    )
    out = aggregated_export(p, min_raters=2).set_index("organization")
    assert out.loc["x", "raters"] == 3 and out.loc["x", "reliability"] == pytest.approx(2.0)
    assert out.loc["y", "raters"] == 1 and pd.isna(out.loc["y", "reliability"])


def test_serve_refuses_an_open_host_without_auth(
    pleven: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["survey", "serve", "--source", str(pleven), "--host", "0.0.0.0"]
    assert run_guarded(cli, argv) == 2
    assert "--auth USER:PASSWORD_FILE" in capsys.readouterr().err
