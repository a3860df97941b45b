"""Imports of Kumu maps and edge lists, with and without a mapping file, and bad files.

Fixtures in ``tests/data/imports``:

* ``kumu-map.xlsx`` — written the way Kumu's "Export to Excel" writes a map: an ``Elements``
  sheet (Label, Type, Description, Tags, a custom Municipality field) and a ``Connections``
  sheet (From, To, Type, Direction, Label, Strength, Date), From/To naming elements by label.
  Planted: types in Bulgarian, English, Danish and Hungarian; one element whose type
  ("Informal group") has no sector word (line 11); an impossible date 2024-02-30 (line 7); a
  connection from that element (line 8), one from an element not in the map (line 9), and a
  self-loop (line 10).
* ``kumu-elements.csv`` / ``kumu-connections.csv`` — the same map as Kumu's CSV export.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from stakeholder_graph.cli import main
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.errors import InputError
from stakeholder_graph.importers import import_dataset
from stakeholder_graph.importers.mapping import load_mapping, sector_from_words
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "imports"
KUMU = DATA / "kumu-map.xlsx"


def _sector(data, name: str) -> str:
    orgs = data.organizations
    return orgs.loc[orgs["name"] == name, "sector"].item()


def test_kumu_workbook_maps_types_in_four_languages(tmp_path: Path) -> None:
    data, summary = import_dataset("kumu", KUMU, tmp_path / "out")
    assert len(data.organizations) == 10
    expected = {
        "Община Плевен": "public",
        "Читалище „Съгласие 1869“": "civil",
        "Сдружение „Шанс“": "civil",
        "Foundation Open Doors": "civil",
        "Bakery Coop": "social_economy",
        "Kofoeds Skole": "civil",
        "Odense Kommune": "public",
        "Napfény Kft.": "private",
        "Gödöllő Város Önkormányzata": "public",
        "Transport Ltd": "private",
    }
    assert {n: _sector(data, n) for n in expected} == expected
    # the written folder passes validate on its own
    again = read_dataset(tmp_path / "out")
    assert again.equals(data)
    assert len(data.interactions) == 7
    inter = data.interactions
    names = dict(zip(data.organizations["id"], data.organizations["name"], strict=True))
    grant = inter[inter["type"] == "grant"].iloc[0]
    assert (names[grant["source"]], names[grant["target"]]) == (
        "Община Плевен",
        "Читалище „Съгласие 1869“",
    )
    assert grant["weight"] == 2.0 and grant["initiator"] == "source"
    assert grant["date"] == pd.Timestamp("2024-03-01")
    joint = inter[inter["type"] == "operating_agreement"].iloc[0]
    assert joint["initiator"] == "joint" and joint["weight"] == 4.0
    dropped = summary.dropped
    assert dropped["self-loops (an organization tied to itself)"] == [
        "kumu-map.xlsx[Connections]:10"
    ]
    assert dropped["ties to an organization that is not imported"] == [
        "kumu-map.xlsx[Connections]:8",
        "kumu-map.xlsx[Connections]:9",
    ]
    assert dropped["unreadable date left empty"] == ["kumu-map.xlsx[Connections]:7"]
    unmapped = [k for k in dropped if k.startswith("elements whose type maps to no sector")]
    assert unmapped and "'Informal group'" in unmapped[0]
    assert dropped[unmapped[0]] == ["kumu-map.xlsx[Elements]:11 Mystery Group"]
    assert "type 'Kft.' -> private (default words)" in summary.guessed
    text = "\n".join(summary.lines())
    assert "Elements.label -> organizations.name" in text and "description" in text


def test_kumu_csv_export_gives_the_same_network(tmp_path: Path) -> None:
    from_xlsx, _ = import_dataset("kumu", KUMU, tmp_path / "a")
    from_csv, summary = import_dataset("kumu", DATA / "kumu-elements.csv", tmp_path / "b")
    assert from_csv.equals(from_xlsx)
    assert summary.dropped["self-loops (an organization tied to itself)"] == [
        "kumu-connections.csv:10"
    ]


def test_mapping_file_names_the_unknown_type_and_renames_types(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[sectors]\n"Informal group" = "civil"\n"Company" = "social_economy"\n'
        '[types]\n"Meeting" = "consultative_council"\n',
        encoding="utf-8",
    )
    data, summary = import_dataset("kumu", KUMU, tmp_path / "out", mapping)
    assert len(data.organizations) == 11
    assert _sector(data, "Mystery Group") == "civil"
    assert _sector(data, "Transport Ltd") == "social_economy"  # the map wins over the words
    # Mystery Group's meeting (line 8) is kept now; the other two meetings still drop
    assert len(data.interactions) == 8
    assert (data.interactions["type"] == "consultative_council").sum() == 1
    assert "type 'Meeting' -> consultative_council (--map)" in summary.mapped
    assert "type 'Informal group' -> civil (--map)" in summary.mapped


@pytest.mark.parametrize(
    "text,sector",
    [
        ("Община", "public"),
        ("Municipality", "public"),
        ("Kommune", "public"),
        ("Önkormányzat", "public"),
        ("ЕООД", "private"),
        ("ApS", "private"),
        ("Zrt.", "private"),
        ("NGO", "civil"),
        ("Фондация", "civil"),
        ("Egyesület", "civil"),
        ("Alapítvány", "civil"),
        ("Forening", "civil"),
        ("Social enterprise", "social_economy"),
        ("Szociális szövetkezet", "social_economy"),
        ("Socialøkonomisk virksomhed", "social_economy"),
        ("Кооперация", "social_economy"),
        ("Informal group", None),
    ],
)
def test_default_sector_words(text: str, sector: str | None) -> None:
    assert sector_from_words(text) == sector


def test_edgelist_csv_with_column_map_and_organizations_file(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "organizations.csv").write_text(
        "id,name,type\nm,Town hall,Municipality\nn,Youth NGO,Association\nc,Mill Ltd,Company\n",
        encoding="utf-8",
    )
    (src / "contacts.csv").write_text(
        "Org A,Org B,Met on,Kind,Times\n"
        "m,n,2024-01-05,Meeting,2\n"
        "n,c,2024-02-01,Sponsorship,1\n"
        "c,x,2024-03-01,Meeting,1\n"
        "m,c,05/04/2024,Coffee,-1\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\nsource = "Org A"\ntarget = "Org B"\ndate = "Met on"\ntype = "Kind"\n'
        'weight = "Times"\n[types]\n"Coffee" = "meeting"\n',
        encoding="utf-8",
    )
    data, summary = import_dataset("edgelist", src / "contacts.csv", tmp_path / "out", mapping)
    assert dict(zip(data.organizations["id"], data.organizations["sector"], strict=True)) == {
        "m": "public",
        "n": "civil",
        "c": "private",
    }
    assert data.interactions["weight"].tolist() == [2.0, 1.0]
    assert data.interactions["type"].tolist() == ["meeting", "sponsorship"]
    assert summary.dropped["ties to an organization that is not imported"] == ["contacts.csv:4"]
    assert summary.dropped["ties whose weight is not a number >= 0"] == ["contacts.csv:5"]
    assert "contacts.csv.met on -> interactions.date" in summary.mapped


def test_edgelist_workbook_with_organizations_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Edges"
    ws.append(["From", "To", "Date", "Weight"])
    ws.append(["a", "b", "2024-05-01", 3])
    ws.append(["b", "c", None, 1])
    orgs = book.create_sheet("Organizations")
    orgs.append(["ID", "Name", "Sector"])
    for row in (["a", "A", "public"], ["b", "B", "civil"], ["c", "C", "private"]):
        orgs.append(row)
    path = tmp_path / "ties.xlsx"
    book.save(path)
    data, summary = import_dataset("edgelist", path, tmp_path / "out")
    assert len(data.organizations) == 3 and len(data.interactions) == 2
    assert data.interactions["weight"].tolist() == [3.0, 1.0]
    assert summary.n_dropped() == 0


def tie_set(analysis) -> set[tuple[str, str, float]]:
    """The ties of an analysis' graph as (a, b, weight), a < b."""
    from stakeholder_graph.export import edge_frame

    e = edge_frame(analysis)
    return {
        (min(a, b), max(a, b), round(float(w), 9))
        for a, b, w in zip(e["source"], e["target"], e["weight"], strict=True)
    }


def test_export_csv_round_trip(tmp_path: Path) -> None:
    import stakeholder_graph as sg

    analysis = sg.analyze("pleven")
    sg.api.export(analysis, tmp_path / "ties.csv", "csv")
    data, summary = import_dataset("edgelist", tmp_path / "ties.csv", tmp_path / "out")
    assert tie_set(sg.analyze(data)) == tie_set(analysis)
    assert len(tie_set(analysis)) == analysis.summary["size"]["ties"] == 299
    assert set(data.interactions["type"]) == {""}  # Gephi's Undirected is not a type
    original = analysis.graph.data.organizations.set_index("id")[["name", "sector"]]
    got = data.organizations.set_index("id")[["name", "sector"]]
    assert got.sort_index().equals(original.sort_index())


def test_bad_csv_names_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "ties.csv"
    bad.write_text('source,target\na,b\n"c,d\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_dataset("edgelist", bad, tmp_path / "out")
    assert any(d.startswith("ties.csv:3:") for d in error.value.details)
    assert not (tmp_path / "out").exists()


def test_bad_mapping_file_names_its_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[sectors]\n"x" = "public"\n"y" = \n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_mapping(mapping)
    assert error.value.details[0].startswith("map.toml:3: column")
    mapping.write_text('[sectors]\n"x" = "publik"\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_mapping(mapping)
    assert "'publik'" in error.value.details[0]


def test_cli_import_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["import", str(KUMU), "--from", "kumu", "--out", str(tmp_path / "ok")])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "wrote organizations 10, interactions 7" in out and "dropped: " in out
    broken = tmp_path / "broken.xlsx"
    shutil.copyfile(DATA / "kumu-elements.csv", broken)  # text, not a workbook
    with pytest.raises(SystemExit) as done:
        main(["import", str(broken), "--from", "kumu", "--out", str(tmp_path / "bad")])
    assert done.value.code == 2
    assert "broken.xlsx" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()
