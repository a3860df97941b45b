"""Reading dataset format v1: the tiny dataset, encodings, delimiters, workbooks, stable ids."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakeholder_graph.dataset.model import TABLES, NetworkData
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.errors import InputError

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny"
DTYPES = {"str": "object", "date": "datetime64[ns]", "float": "float64", "int": "Int64"}


@pytest.fixture(scope="module")
def tiny() -> NetworkData:
    return read_dataset(TINY)


def copy_tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    return folder


def test_tiny_counts_and_dtypes(tiny: NetworkData) -> None:
    assert tiny.name == "tiny"
    assert tiny.warnings == ()
    assert tiny.summary()["per_sector"] == {
        "public": 2,
        "private": 2,
        "civil": 3,
        "social_economy": 1,
    }
    sizes = {t: len(f) for t, f in tiny.tables().items()}
    assert sizes == {
        "organizations": 8,
        "interactions": 7,
        "activities": 2,
        "participation": 5,
        "perceptions": 4,
    }
    for table, frame in tiny.tables().items():
        assert list(frame.columns) == list(TABLES[table])
        for column, kind in TABLES[table].items():
            expected = "boolean" if kind == "bool" else DTYPES[kind]
            assert str(frame[column].dtype) == expected, (table, column)


def test_tiny_values(tiny: NetworkData) -> None:
    orgs = tiny.organizations.set_index("id")
    assert orgs.loc["soc-dept", "name"] == "Social Activities Department, Pleven"
    assert orgs.loc["chitalishte", "founded"] == 1869
    assert pd.isna(orgs.loc["builder", "staff"])
    ties = tiny.interactions
    assert ties["formal"].tolist()[:6] == [True, True, True, False, False, False]
    assert pd.isna(ties["formal"].iloc[6])
    assert ties["weight"].tolist() == [1.0, 3.0, 2.5, 1.0, 1.0, 1.0, 1.0]
    assert ties.loc[1, "end_date"] == pd.Timestamp("2023-04-30")
    assert pd.isna(ties.loc[6, "date"])
    assert ties["id"].iloc[:2].tolist() == ["i1", "i2"]
    generated = ties["id"].iloc[2:]
    assert generated.str.fullmatch(r"h[0-9a-f]{16}").all()
    assert generated.is_unique  # rows 4 and 5 are identical but get distinct ids
    scores = tiny.perceptions
    assert scores.loc[3, "reliability"] == 1.5
    assert np.isnan(scores.loc[2, "mission_support"])
    assert tiny.summary()["first_date"] == "2022-03-15"


def test_bom_is_accepted(tmp_path: Path, tiny: NetworkData) -> None:
    folder = copy_tiny(tmp_path)
    for name in ("organizations.csv", "interactions.csv"):
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    data = read_dataset(folder)
    assert data.equals(tiny)
    assert list(data.organizations.columns)[0] == "id"


def test_semicolons_and_decimal_commas(tmp_path: Path, tiny: NetworkData) -> None:
    folder = copy_tiny(tmp_path)
    for name in ("organizations.csv", "interactions.csv", "perceptions.csv"):
        rows = list(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for row in rows:
            writer.writerow([v.replace(".", ",") if v[:1].isdigit() else v for v in row])
        (folder / name).write_text(out.getvalue(), encoding="utf-8")
    assert "2,5" in (folder / "interactions.csv").read_text(encoding="utf-8")
    data = read_dataset(folder)
    assert data.equals(tiny)
    semicolon = [w for w in data.warnings if "semicolon-separated" in w]
    assert sorted(w.split(":")[0] for w in semicolon) == [
        "interactions.csv",
        "organizations.csv",
        "perceptions.csv",
    ]


@pytest.mark.parametrize(
    "quoting,ending",
    [(csv.QUOTE_ALL, "\n"), (csv.QUOTE_MINIMAL, "\r\n"), (csv.QUOTE_ALL, "\r\n")],
)
def test_quoted_and_plain_files_read_alike(
    tmp_path: Path, tiny: NetworkData, quoting: int, ending: str
) -> None:
    """Unquoted files take a fast path; quoted ones, and any line ending, give the same network."""
    folder = copy_tiny(tmp_path)
    for table in TABLES:
        path = folder / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        out = io.StringIO()
        csv.writer(out, quoting=quoting, lineterminator=ending).writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
    data = read_dataset(folder)
    assert data.equals(tiny)
    assert data.interactions["id"].tolist() == tiny.interactions["id"].tolist()


def test_line_numbers_after_blank_lines(tmp_path: Path) -> None:
    folder = tmp_path / "blank"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "\nid,name,sector\na,A,public\n\n,,\nb,B,civl\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        read_dataset(folder)
    assert raised.value.details[0].startswith("organizations.csv:6: column sector: ")


def test_day_month_year_dates(tmp_path: Path, tiny: NetworkData) -> None:
    folder = copy_tiny(tmp_path)
    path = folder / "interactions.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2022-05-01", "01.05.2022"), encoding="utf-8"
    )
    data = read_dataset(folder)
    assert data.interactions.loc[1, "date"] == pd.Timestamp("2022-05-01")
    assert data.equals(tiny)


def write_workbook(folder: Path, path: Path) -> None:
    """The tiny dataset as a spreadsheet would hold it: numbers, dates and booleans typed."""
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        for table, columns in TABLES.items():
            frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
            for column in frame.columns:
                kind = columns.get(column)
                given = frame[column] != ""
                if kind in ("float", "int"):
                    frame[column] = pd.to_numeric(frame[column]).astype(object).where(given, None)
                elif kind == "date":
                    frame[column] = pd.to_datetime(frame[column]).astype(object).where(given, None)
                elif kind == "bool":
                    words = {"true": True, "yes": True, "false": False, "no": False}
                    frame[column] = frame[column].str.lower().map(words).astype(object)
            frame.to_excel(book, sheet_name=table, index=False)
        pd.DataFrame({"note": ["ignored"]}).to_excel(book, sheet_name="README", index=False)


def test_workbook_reads_like_the_folder(tmp_path: Path, tiny: NetworkData) -> None:
    path = tmp_path / "tiny.xlsx"
    write_workbook(TINY, path)
    data = read_dataset(path)
    assert data.name == "tiny"
    assert data.equals(tiny)
    # Generated ids hash the typed values, so they agree across the two forms.
    assert sorted(data.interactions["id"]) == sorted(tiny.interactions["id"])


def test_generated_ids_are_stable(tmp_path: Path, tiny: NetworkData) -> None:
    again = read_dataset(TINY)
    assert again.interactions["id"].tolist() == tiny.interactions["id"].tolist()
    # Reordering rows keeps every id (ids depend on content, not position).
    folder = copy_tiny(tmp_path)
    path = folder / "interactions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    assert sorted(read_dataset(folder).interactions["id"]) == sorted(tiny.interactions["id"])
    # A fresh interpreter (another string-hash seed) computes the same ids.
    code = (
        "import sys; from stakeholder_graph.dataset.reader import read_dataset;"
        "print(','.join(read_dataset(sys.argv[1]).interactions['id']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(TINY)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert done.stdout.strip().split(",") == tiny.interactions["id"].tolist()


def test_changed_content_changes_the_id(tmp_path: Path, tiny: NetworkData) -> None:
    folder = copy_tiny(tmp_path)
    path = folder / "interactions.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "sponsorship,2024-02-20", "sponsorship,2024-02-21"
        ),
        encoding="utf-8",
    )
    before = tiny.interactions["id"].tolist()
    after = read_dataset(folder).interactions["id"].tolist()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [5]


def test_warnings_do_not_stop_reading(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    path = folder / "interactions.csv"
    text = path.read_text(encoding="utf-8").replace("sponsorship", "barter")
    path.write_text(text.replace("weight,formal", "weight,formal,comment") + "", encoding="utf-8")
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([rows[0]] + [r + "," for r in rows[1:]]) + "\n", encoding="utf-8")
    orgs = folder / "organizations.csv"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace("employment", "employmnt"), encoding="utf-8"
    )
    (folder / "notes.csv").write_text("anything\n", encoding="utf-8")
    (folder / "organisations.csv").write_text("id\n", encoding="utf-8")
    data = read_dataset(folder)
    assert data.interactions.loc[5, "type"] == "barter"
    assert "interactions.csv:7: column type: interaction type 'barter'" in "\n".join(data.warnings)
    assert any(
        w.startswith("interactions.csv:1: column comment: unknown column") for w in data.warnings
    )
    assert any(
        w.startswith("organizations.csv:8: column themes: theme 'employmnt'")
        and "did you mean 'employment'" in w
        for w in data.warnings
    )
    assert "organisations.csv: ignored: not a dataset file (did you mean organizations.csv?)" in (
        data.warnings
    )
    assert len(data.warnings) == 4  # notes.csv is ignored silently


def test_problem_details_are_located(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    path = folder / "perceptions.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "care-coop,soc-dept,2024-03-01,3", "care-coop,soc-dept,2024-03-01,9"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_dataset(folder)
    assert raised.value.details == [
        "perceptions.csv:4: column reliability: score 9 out of range: must be between 1 and 4"
    ]


def test_generated_dataset_reads_back(tmp_path: Path) -> None:
    generate = pytest.importorskip("stakeholder_graph.dataset.generate")
    data = generate.generate_dataset(300, 5, tmp_path / "g")
    back = read_dataset(tmp_path / "g")
    assert back.equals(data)


FIELD = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["a", "b", "public", "civil", "2023-01-01", "1", "4", "-1", "", '"', ",", ";", "\n", "yes"]
)
HEADERS = st.sampled_from(
    [
        "id,name,sector",
        "id;name;sector",
        "id,name,sector,themes,founded",
        "source,target,date,weight,formal",
        "rater,ratee,reliability",
        "",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=300), ties=st.binary(max_size=200))
def test_garbage_bytes_raise_only_input_error(tmp_path: Path, raw: bytes, ties: bytes) -> None:
    folder = tmp_path / "garbage"
    folder.mkdir(exist_ok=True)
    (folder / "organizations.csv").write_bytes(raw)
    (folder / "interactions.csv").write_bytes(ties)
    try:
        data = read_dataset(folder)
    except InputError as error:
        assert error.details
        assert all(isinstance(d, str) and d for d in error.details)
    else:
        assert isinstance(data, NetworkData)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    org_header=HEADERS,
    org_rows=st.lists(st.lists(FIELD, max_size=5), max_size=6),
    tie_header=HEADERS,
    tie_rows=st.lists(st.lists(FIELD, max_size=6), max_size=6),
    table=st.sampled_from(["interactions", "perceptions", "participation", "activities"]),
)
def test_random_rows_raise_only_input_error(
    tmp_path: Path,
    org_header: str,
    org_rows: list[list[str]],
    tie_header: str,
    tie_rows: list[list[str]],
    table: str,
) -> None:
    folder = tmp_path / "random"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, header, rows in (
        ("organizations", org_header, org_rows),
        (table, tie_header, tie_rows),
    ):
        out = io.StringIO()
        out.write(header + "\n")
        csv.writer(out).writerows(rows)
        (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
    try:
        data = read_dataset(folder)
    except InputError as error:
        assert error.details
    else:
        assert len(data.organizations) == len(set(data.organizations["id"]))
        assert data.interactions["id"].is_unique


PLAIN_FIELD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters='",\r\n\x00'), max_size=6
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(PLAIN_FIELD, min_size=2, max_size=4), min_size=1, max_size=8),
    ending=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    bom=st.booleans(),
)
def test_fast_path_parses_like_the_csv_module(
    rows: list[list[str]], ending: str, final: bool, bom: bool
) -> None:
    from stakeholder_graph.dataset.raw import UTF8_BOM, _read_plain

    text = ending.join(",".join(r) for r in rows) + (ending if final else "")
    raw = (UTF8_BOM if bom else b"") + text.encode("utf-8")
    fast = _read_plain(raw, len(UTF8_BOM) if bom else 0, ",")
    expected = list(csv.reader(io.StringIO(text, newline="")))
    if fast is None:
        # Only files with blank or delimiter-only lines, an empty header or a field count
        # other than the header's leave the fast path.
        assert (
            not expected or any(not any(r) for r in expected) or len({len(r) for r in expected}) > 1
        )
        return
    header, columns = fast
    assert header == expected[0]
    assert all(len(r) == len(header) for r in expected)
    assert [c.to_pylist() for c in columns] == [
        list(c) for c in zip(*expected[1:], strict=True)
    ] or (len(expected) == 1 and all(len(c) == 0 for c in columns))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(PLAIN_FIELD, min_size=2, max_size=3), min_size=1, max_size=8),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_fast_and_csv_module_paths_give_the_same_table(rows: list[list[str]], ending: str) -> None:
    """The same RawTable (text, codes, lines) and the same findings, fast path or not."""
    import tempfile
    from unittest import mock

    from stakeholder_graph.dataset import raw as raw_module
    from stakeholder_graph.dataset.problems import Findings

    text = "id,name,sector" + ending + ending.join(",".join(r) for r in rows) + ending
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organizations.csv"
        path.write_bytes(text.encode("utf-8"))
        results = []
        for fast in (True, False):
            errors, warnings = Findings("problem"), Findings("warning")
            if fast:
                table = raw_module.read_csv_table(path, "organizations", 0, errors, warnings)
            else:
                with mock.patch.object(raw_module, "_read_plain", return_value=None):
                    table = raw_module.read_csv_table(path, "organizations", 0, errors, warnings)
            assert table is not None
            coded = {c: tuple(x.tolist() for x in table.encoded(c)) for c in table.frame}
            results.append(
                (table.frame, table.lines.tolist(), coded, errors.lines(), warnings.lines())
            )
    (frame, *rest), (slow_frame, *slow_rest) = results
    assert frame.equals(slow_frame)
    assert rest == slow_rest


def test_checks_per_distinct_value_reach_every_row(tmp_path: Path) -> None:
    """A bad value repeated on several lines is reported on each of them; good repeats parse."""
    folder = tmp_path / "repeats"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,sector\na,A,public\nb,B,civil\nc,C,civl\nd,D,civl\n", encoding="utf-8"
    )
    rows = [
        ("a", "b", "2021-01-01", "2", "yes"),
        ("b", "c", "2021-13-01", "x", "maybe"),
        ("a", "a", "2021-01-01", "2", "no"),
        ("c", "z", "2021-13-01", "x", "maybe"),
        ("b", "a", "01.02.2021", "2.5", "YES"),
    ]
    (folder / "interactions.csv").write_text(
        "source,target,date,weight,formal\n" + "".join(",".join(r) + "\n" for r in rows),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_dataset(folder)
    details = raised.value.details
    for line in (3, 5):
        assert (
            f"interactions.csv:{line}: column date: bad date '2021-13-01'; expected YYYY-MM-DD"
            in details
        )
        assert f"interactions.csv:{line}: column weight: not a number: 'x'" in details
        assert (
            f"interactions.csv:{line}: column formal: 'maybe' is not true/false (or yes/no, 1/0)"
            in details
        )
    assert (
        "interactions.csv:4: column target: source and target are the same organization 'a'"
        in details
    )
    assert (
        "interactions.csv:5: column target: unknown organization 'z' (not an id in organizations.csv)"
        in details
    )
    assert [d for d in details if "column sector" in d][0].startswith("organizations.csv:4:")
    assert len([d for d in details if "column sector" in d]) == 2
    assert not [
        d for d in details if ":2:" in d or ":6: column date" in d or ":6: column formal" in d
    ]
