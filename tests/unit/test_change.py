"""compare: planted gained and lost ties, statuses, community matching, survey waves, CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from stakeholder_graph.cli import main
from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.errors import InputError
from stakeholder_graph.network.change import compare, match_communities, parse_period

T = pd.Timestamp


def planted() -> NetworkData:
    """2023: a–b, a–c, b–c, c–d (d an NGO later gone); 2024: a–b kept, a–e (company) new,
    c–e new; e enters in 2024; d has no interaction after 2023."""
    orgs = coerce_table(
        "organizations",
        pd.DataFrame(
            {
                "id": list("abcdef"),
                "name": ["Town", "School", "NGO C", "NGO D", "Firm E", "Club F"],
                "sector": ["public", "public", "civil", "civil", "private", "civil"],
            }
        ),
    )
    rows = [
        ("a", "b", "2023-02-01", "planning"),
        ("a", "c", "2023-03-01", "implementation"),
        ("b", "c", "2023-04-01", "implementation"),
        ("c", "d", "2023-05-01", "implementation"),
        ("c", "f", "2022-05-01", "implementation"),
        ("a", "b", "2024-02-01", "planning"),
        ("a", "b", "2024-03-01", "implementation"),
        ("a", "e", "2024-03-01", "implementation"),
        ("c", "e", "2024-06-01", "implementation"),
        ("c", "f", "2025-06-01", "implementation"),
    ]
    inter = coerce_table(
        "interactions",
        pd.DataFrame(
            {
                "id": [str(i) for i in range(len(rows))],
                "source": [r[0] for r in rows],
                "target": [r[1] for r in rows],
                "date": [r[2] for r in rows],
                "stage": [r[3] for r in rows],
            }
        ),
    )
    survey = coerce_table(
        "perceptions",
        pd.DataFrame(
            {
                "rater": ["c", "c", "a"],
                "ratee": ["a", "a", "c"],
                "date": ["2023-06-01", "2024-06-01", "2024-06-01"],
                "reliability": [2, 4, 3],
                "mission_support": [2, 4, 3],
                "openness": [2, 4, 3],
            }
        ),
    )
    return NetworkData(orgs, inter, perceptions=survey, name="planted")


def test_planted_ties_gained_and_lost() -> None:
    result = compare(planted(), parse_period("2023"), parse_period("2024"))
    gained = result["ties_gained"]
    lost = result["ties_lost"]
    assert gained[["a", "b"]].values.tolist() == [["a", "e"], ["c", "e"]]
    assert lost[["a", "b"]].values.tolist() == [["a", "c"], ["b", "c"], ["c", "d"]]
    assert gained["cross_sector"].tolist() == [True, True]
    assert lost.set_index("b").loc["d", "interactions_before"] == 1
    s = result["summary"]
    assert (s["before"]["ties"], s["after"]["ties"], s["change"]["ties"]) == (4, 3, -1)
    assert s["before"]["planning_share"] == pytest.approx(1 / 4)
    assert s["after"]["planning_share"] == pytest.approx(1 / 4)
    # 2023 crosses sectors in a–c and b–c of 4 ties; 2024 in a–e and c–e of 3 (a–b is public)
    assert s["before"]["cross_sector_share"] == pytest.approx(2 / 4)
    assert s["after"]["cross_sector_share"] == pytest.approx(2 / 3)


def test_statuses_and_measures() -> None:
    result = compare(planted(), parse_period("2023"), parse_period("2024"))
    orgs = result["organizations"].set_index("id")
    assert orgs.loc["e", "entered"] and not orgs.loc["e", "stopped_isolated"]
    assert orgs.loc["d", "left"] and not orgs.loc["d", "became_isolated"]
    # f had a tie in 2022 and comes back in 2025: isolated in 2023 and 2024, neither entered nor
    # left; nobody else changes status
    assert orgs[["entered", "left", "became_isolated", "stopped_isolated"]].sum().tolist() == [
        1,
        1,
        0,
        0,
    ]
    assert orgs.loc["c", "degree_before"] == 3 and orgs.loc["c", "degree_after"] == 1
    assert orgs.loc["c", "degree_change"] == -2
    assert orgs.loc["a", "cross_sector_partners_before"] == 1
    assert orgs.loc["a", "cross_sector_partners_after"] == 1
    # survey waves: c rated a 2 in 2023 and 4 in 2024
    assert orgs.loc["a", "trust_received_before"] == 2.0
    assert orgs.loc["a", "trust_received_change"] == 2.0
    assert result["summary"]["survey_waves"]
    dyads = result["trust_dyads"].set_index(["a", "b"])
    assert dyads.loc[("a", "c"), "trust_ba_change"] == 2.0
    sectors = result["sectors"].set_index(["sector_a", "sector_b"])
    assert sectors.loc[("civil", "public"), "trust_change"] == 2.0
    assert sectors.loc[("public", "public"), "ties_before"] == 1
    assert sectors.loc[("private", "public"), "ties_after"] == 1


def test_communities_are_matched_by_overlap_not_label() -> None:
    before = np.array([0, 0, 0, 1, 1, 1, 2])
    after = np.array([7, 7, 7, 3, 3, 9, 4])
    present = np.ones(7, dtype=bool)
    assert match_communities(before, after, present).tolist() == [0, 0, 0, 1, 1, 3, 2]


@pytest.mark.parametrize(
    "value", ["2023-13-01:", "yesterday", "2024-01-01:2023-01-01", "23", "2023-01-01"]
)
def test_bad_periods_are_input_errors(value: str) -> None:
    with pytest.raises(InputError):
        parse_period(value, "--before")


def test_cli_compare_writes_files_and_bad_period_exits_2(tmp_path, capsys) -> None:
    out = tmp_path / "cmp"
    assert (
        main_code(
            [
                "compare",
                "--source",
                "pleven",
                "--before",
                "2023",
                "--after",
                "2024",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert {p.name for p in out.iterdir()} >= {
        "ties_gained.csv",
        "ties_lost.csv",
        "organizations.csv",
        "sectors.csv",
        "summary.json",
    }
    summary = json.loads((out / "summary.json").read_text())
    assert summary["ties_gained"] == len(pd.read_csv(out / "ties_gained.csv"))
    bad = tmp_path / "bad"
    assert (
        main_code(
            [
                "compare",
                "--source",
                "pleven",
                "--before",
                "2023-02-30:",
                "--after",
                "2024",
                "--out",
                str(bad),
            ]
        )
        == 2
    )
    assert "--before" in capsys.readouterr().err and not bad.exists()


def test_cli_what_if_bad_id_exits_2(tmp_path, capsys) -> None:
    assert (
        main_code(
            ["what-if", "--source", "dk-social", "--remove", "nope", "--out", str(tmp_path / "w")]
        )
        == 2
    )
    assert "nope" in capsys.readouterr().err
    assert main_code(["what-if", "--source", "dk-social", "--key-players", "0"]) == 2


def main_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code)
