"""The scheduled isolated-NGO job: diff between runs, as-of, lock, atomic files, exit codes.

The small network below is built so the flags can be read off by hand (window 365 days ending
2025-06-30, so the window starts 2024-06-30):

* ``civ-a`` works with two NGOs only (b, c) → no tie to a public body, civil-only: flagged;
* ``civ-b`` and ``civ-c`` work with public bodies: not flagged;
* ``civ-d``'s only public tie is the municipality (plus civ-b): not flagged;
* ``civ-e`` never interacted: flagged;
* ``soc-f`` interacted twice in March 2024 only → nothing in the window, falling activity.

The change between two runs: civ-a gains a tie to the municipality (→ recovered) and civ-d loses
its only tie to it (→ newly isolated).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from stakeholder_graph.cli import cli
from stakeholder_graph.cli.common import run_guarded
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.errors import InputError
from stakeholder_graph.jobs.isolated import JobParams, parse_window, run_isolated_job
from stakeholder_graph.resources import bundled_dataset

CLI = str(Path(sys.executable).parent / "stakeholder-graph")
DAY1 = datetime(2025, 6, 30, 2, 30, tzinfo=UTC)
DAY2 = datetime(2025, 7, 1, 2, 30, tzinfo=UTC)

ORGANIZATIONS = """\
id,name,sector,type,municipality,country,themes,founded,staff
pub-town,Municipality of Testville,public,municipality,Testville,BG,social_services,1880,120
pub-school,Testville School,public,school,Testville,BG,education,1920,40
pri-co,Testville Dairy,private,company,Testville,BG,employment,1995,80
civ-a,Green Valley Association,civil,association,Testville,BG,environment,2001,3
civ-b,Youth Club,civil,association,Testville,BG,youth,2005,5
civ-c,Elderly Care Foundation,civil,foundation,Testville,BG,elderly_care,1999,8
civ-d,Parents' Association,civil,parents_association,Testville,BG,education,2010,0
civ-e,Silent Choir,civil,community_centre,Testville,BG,culture,1960,1
soc-f,Bakery Cooperative,social_economy,cooperative,Testville,BG,employment,2015,12
"""

INTERACTIONS_HEADER = "id,source,target,type,date,end_date,initiator,stage,weight,formal\n"
INTERACTIONS = {
    "i1": "i1,civ-a,civ-b,joint_project,2025-02-01,,joint,implementation,1,false",
    "i2": "i2,civ-a,civ-c,volunteering,2025-03-01,,source,implementation,1,false",
    "i3": "i3,civ-b,pub-town,consultative_council,2025-01-15,,target,planning,1,true",
    "i4": "i4,civ-c,pub-school,joint_project,2025-04-01,,source,implementation,1,true",
    "i5": "i5,civ-d,pub-town,grant,2025-05-01,,source,implementation,1,true",
    "i6": "i6,civ-d,civ-b,meeting,2025-05-10,,joint,planning,1,false",
    "i7": "i7,soc-f,pub-town,service_purchase,2024-03-01,,target,implementation,1,true",
    "i8": "i8,soc-f,pri-co,sponsorship,2024-03-15,,target,implementation,1,false",
    "i9": "i9,civ-b,pub-school,meeting,2024-09-01,,source,implementation,1,false",
}
GAIN = "i10,civ-a,pub-town,public_hearing,2025-06-01,,source,planning,1,true"


def write_network(folder: Path, rows: list[str]) -> Path:
    """Write the test network with the given interaction rows to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organizations.csv").write_text(ORGANIZATIONS, encoding="utf-8")
    text = INTERACTIONS_HEADER + "".join(r + "\n" for r in rows)
    (folder / "interactions.csv").write_text(text, encoding="utf-8")
    return folder


def before_rows() -> list[str]:
    return list(INTERACTIONS.values())


def after_rows() -> list[str]:
    """civ-a gains the municipality, civ-d loses it."""
    return [r for k, r in INTERACTIONS.items() if k != "i5"] + [GAIN]


def change_network(folder: Path) -> None:
    write_network(folder, after_rows())


def quiet_run(params: JobParams, folder: Path, now: datetime):
    return run_isolated_job(params, read_dataset(folder), now=now)


def snapshot(out: Path) -> dict[str, bytes]:
    """The visible report files (through their links) and their bytes."""
    return {
        p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".lock"
    }


def cli_run(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [CLI, "flag-isolated", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


# --- two runs with a change between -------------------------------------------------------


def test_two_runs_give_newly_isolated_still_isolated_and_recovered(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    params = JobParams(source=str(data), as_of="2025-06-30", out=tmp_path / "out")

    first = quiet_run(params, data, DAY1)
    assert sorted(first.flags["id"]) == ["civ-a", "civ-e", "soc-f"]
    assert first.previous is None
    assert first.diff.newly_isolated == ["civ-a", "civ-e", "soc-f"]

    change_network(data)
    second = quiet_run(params, data, DAY2)
    assert second.diff.newly_isolated == ["civ-d"]
    assert second.diff.still_isolated == ["civ-e", "soc-f"]
    assert second.diff.recovered == ["civ-a"]
    assert second.previous is not None and second.previous.id == first.run.id

    d = second.flags.set_index("id").loc["civ-d"]
    assert d["status"] == "new"
    assert bool(d["no_public_tie"]) and bool(d["single_tie"]) and bool(d["civil_only"])
    assert d["last_interaction"] == pd.Timestamp("2025-05-10")
    assert second.recovered[0]["id"] == "civ-a"
    assert "no tie to any public body" in second.recovered[0]["reasons"]

    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["diff"]["newly_isolated"] == ["civ-d"]
    assert [r["id"] for r in report["diff"]["recovered"]] == ["civ-a"]
    assert report["previous_run"]["id"] == first.run.id
    assert report["counts"] == {
        "checked": 6,
        "isolated": 3,
        "newly_isolated": 1,
        "still_isolated": 2,
        "recovered": 1,
        "by_flag": {
            "no_interaction": 2,
            "no_public_tie": 3,
            "civil_only": 1,
            "single_tie": 1,
            "declining": 1,
        },
    }
    flags = {f["id"]: f for f in report["flags"]}
    assert flags["soc-f"]["last_interaction"] == "2024-03-15"
    assert flags["soc-f"]["flags"] == ["no_interaction", "no_public_tie", "declining"]
    assert flags["civ-e"]["last_interaction"] is None
    assert report["parameters"]["window_days"] == 365
    assert report["parameters"]["as_of_date"] == "2025-06-30"
    assert report["data_source"]["organizations"] == 9

    csv = pd.read_csv(tmp_path / "out" / "isolated.csv")
    assert csv["id"].tolist()[0] == "civ-d"  # newly isolated first
    assert dict(zip(csv["id"], csv["status"], strict=True)) == {
        "civ-d": "new",
        "civ-e": "still",
        "soc-f": "still",
    }

    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "**1 newly isolated**, 2 still isolated, **1 recovered**" in summary
    assert "Parents' Association** (`civ-d`)" in summary
    assert "Green Valley Association** (`civ-a`) — was: no tie to any public body" in summary


def test_same_day_repeat_is_the_same_run(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    params = JobParams(source=str(data), as_of="2025-06-30", out=tmp_path / "out")
    quiet_run(params, data, DAY1)
    change_network(data)
    second = quiet_run(params, data, DAY2)
    state = (tmp_path / "out" / "state.json").read_bytes()

    again = quiet_run(params, data, DAY2.replace(hour=14))
    assert again.repeat
    assert again.run.id == second.run.id
    assert again.diff == second.diff
    assert (tmp_path / "out" / "state.json").read_bytes() == state

    next_day = quiet_run(params, data, datetime(2025, 7, 2, tzinfo=UTC))
    assert not next_day.repeat
    assert next_day.diff.newly_isolated == [] and next_day.diff.recovered == []
    assert next_day.diff.still_isolated == ["civ-d", "civ-e", "soc-f"]


def test_as_of_reproduces_an_earlier_state(tmp_path: Path) -> None:
    # What a run saw on 2024-06-30 (only the interactions known by then, "today")...
    early_rows = [r for r in after_rows() if r.split(",")[4] <= "2024-06-30"]
    early = write_network(tmp_path / "early", early_rows)
    then = run_isolated_job(
        JobParams(source=str(early), out=tmp_path / "then"),
        read_dataset(early),
        now=datetime(2024, 6, 30, 3, 0, tzinfo=UTC),
    )
    # ...is what a later run on the full history reproduces with --as-of 2024-06-30.
    full = write_network(tmp_path / "full", after_rows())
    replay = quiet_run(
        JobParams(source=str(full), as_of="2024-06-30", out=tmp_path / "replay"), full, DAY2
    )
    assert then.as_of == replay.as_of == pd.Timestamp("2024-06-30")
    # every NGO had no interaction yet; the cooperative worked with the town and a company
    assert sorted(then.flags["id"]) == ["civ-a", "civ-b", "civ-c", "civ-d", "civ-e"]
    pd.testing.assert_frame_equal(then.flags, replay.flags)
    today = quiet_run(
        JobParams(source=str(full), as_of="2025-06-30", out=tmp_path / "t"), full, DAY2
    )
    assert "soc-f" in set(today.flags["id"])


# --- the CLI ------------------------------------------------------------------------------


def test_cli_twice_prints_and_writes_the_diff(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    args = ("--source", str(data), "--as-of", "2025-06-30", "--out", "out")
    first = cli_run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "3 of 6 civil and social-economy organizations flagged" in first.stdout
    change_network(data)
    second = cli_run(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "**1 newly isolated**, 2 still isolated, **1 recovered**" in out
    newly = out.split("## Newly isolated (1)")[1].split("##")[0]
    assert "`civ-d`" in newly and "a single partner" in newly
    recovered = out.split("## Recovered (1)")[1]
    assert "`civ-a`" in recovered
    assert (tmp_path / "out" / "summary.md").read_text() == out
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["diff"]["newly_isolated"] == ["civ-d"]
    # structured log lines on stderr, no colour without a terminal
    lines = [ln for ln in second.stderr.splitlines() if ln]
    assert all(ln[:20].endswith("Z") and " INFO " in ln[:26] for ln in lines), lines
    assert "\x1b[" not in second.stderr
    assert any("compared with the previous run" in ln and "recovered=1" in ln for ln in lines)


# Read off datasets/pleven (its README lists the five flagged organizations): the civil-only
# Roma foundation gains a tie to the mayor's office; the community centre "Съгласие", whose only
# public partner is the culture directorate and which is in no activity, loses that partner.
PLEVEN_FLAGGED = ["pl-ngo-disab-3", "pl-ngo-env-1", "pl-ngo-roma-2", "pl-ngo-youth-3", "pl-se-coop"]
PLEVEN_GAINER, PLEVEN_TOWN = "pl-ngo-roma-2", "pl-adm-mayor"
PLEVEN_LOSER, PLEVEN_LOST = "pl-cht-saglasie", "pl-adm-culture"


def test_cli_twice_on_a_bundled_dataset(tmp_path: Path) -> None:
    bundled = bundled_dataset("pleven")
    if bundled is None:
        pytest.skip("the pleven dataset is not bundled in this checkout")
    data_dir = tmp_path / "pleven"
    shutil.copytree(bundled, data_dir)
    args = ("--source", str(data_dir), "--as-of", "2025-06-30", "--out", "out")
    first = cli_run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert sorted(f["id"] for f in report["flags"]) == PLEVEN_FLAGGED

    raw = pd.read_csv(data_dir / "interactions.csv", dtype=str, keep_default_na=False)
    pair = {PLEVEN_LOSER, PLEVEN_LOST}
    dropped = raw["source"].isin(pair) & raw["target"].isin(pair)
    assert dropped.sum() > 0
    raw = raw[~dropped]
    gain = dict.fromkeys(raw.columns, "")
    gain.update(source=PLEVEN_GAINER, target=PLEVEN_TOWN, type="meeting", date="2025-06-20")
    for column, value in {"id": "job-test-gain", "weight": "1", "initiator": "source"}.items():
        if column in gain:
            gain[column] = value
    pd.concat([raw, pd.DataFrame([gain])]).to_csv(data_dir / "interactions.csv", index=False)

    second = cli_run(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    diff = json.loads((tmp_path / "out" / "report.json").read_text())["diff"]
    assert diff["newly_isolated"] == [PLEVEN_LOSER]
    assert [r["id"] for r in diff["recovered"]] == [PLEVEN_GAINER]
    assert diff["still_isolated"] == [i for i in PLEVEN_FLAGGED if i != PLEVEN_GAINER]
    newly = second.stdout.split("## Newly isolated (1)")[1].split("##")[0]
    assert f"`{PLEVEN_LOSER}`" in newly and "no tie to any public body" in newly
    assert f"`{PLEVEN_GAINER}`" in second.stdout.split("## Recovered (1)")[1]
    assert "**1 newly isolated**, 4 still isolated, **1 recovered**" in second.stdout


@pytest.mark.parametrize(
    ("fail_on", "first_code", "second_code"),
    [("never", 0, 0), ("any", 1, 1), ("new", 1, 1)],
)
def test_fail_on_exit_codes(tmp_path: Path, fail_on: str, first_code: int, second_code: int):
    data = write_network(tmp_path / "net", before_rows())
    argv = ["flag-isolated", "--source", str(data), "--as-of", "2025-06-30"]
    argv += ["--out", str(tmp_path / "out"), "--fail-on", fail_on, "--quiet"]
    assert run_guarded(cli, argv) == first_code
    change_network(data)  # civ-d newly isolated
    assert run_guarded(cli, argv) == second_code


def test_fail_on_new_passes_when_nothing_is_new(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", after_rows())
    out = tmp_path / "out"
    quiet_run(JobParams(source=str(data), as_of="2025-06-30", out=out), data, DAY1)
    write_network(data, [*after_rows(), "i11,civ-d,pub-school,meeting,2025-06-15,,source,,1,"])
    result = quiet_run(
        JobParams(source=str(data), as_of="2025-06-30", out=out, fail_on="new"), data, DAY2
    )
    assert result.diff.recovered == ["civ-d"] and result.diff.newly_isolated == []
    assert result.exit_code == 0
    any_result = quiet_run(
        JobParams(source=str(data), as_of="2025-06-30", out=out, fail_on="any"), data, DAY2
    )
    assert any_result.exit_code == 1


@pytest.mark.parametrize(
    "extra",
    [
        ["--source", "no-such-dataset-folder"],
        ["--as-of", "last tuesday"],
        ["--window", "-3d"],
        ["--window", "12 parsecs"],
        ["--fail-on", "sometimes"],
    ],
)
def test_bad_input_exits_2(tmp_path: Path, extra: list[str]) -> None:
    data = write_network(tmp_path / "net", before_rows())
    argv = ["flag-isolated", "--source", str(data), "--out", str(tmp_path / "out"), *extra]
    assert run_guarded(cli, argv) == 2
    assert not (tmp_path / "out" / "report.json").exists()


def test_out_that_is_a_file_is_bad_input(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(InputError, match="not a folder"):
        quiet_run(JobParams(source=str(data), out=tmp_path / "out"), data, DAY1)


def test_unreadable_state_is_bad_input(tmp_path: Path) -> None:
    data = write_network(tmp_path / "net", before_rows())
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "state.json").write_text("{half a")
    with pytest.raises(InputError, match="state"):
        quiet_run(JobParams(source=str(data), out=tmp_path / "out"), data, DAY1)


def test_unreachable_database_source_exits_3(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x"}
    done = cli_run("--source", "neo4j", "--out", "out", cwd=tmp_path, env=env)
    assert done.returncode == 3, done.stderr
    assert not (tmp_path / "out" / "report.json").exists()


def test_unreachable_database_with_write_back_exits_3(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "x"}
    data = write_network(tmp_path / "net", before_rows())
    done = cli_run("--source", str(data), "--write-back", "--out", "out", cwd=tmp_path, env=env)
    assert done.returncode == 3, done.stderr
    assert not (tmp_path / "out" / "report.json").exists()


def test_parse_window() -> None:
    assert [parse_window(w) for w in ("30", "30d", "4w", "1y")] == [30, 30, 28, 365]
    with pytest.raises(InputError):
        parse_window("0d")
