"""The council report's content and figures, without a browser: numbers cross-checked against
networkx and the analysis summary, and the HTML's structure."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import numpy as np
import plotly.graph_objects as go
import pytest

import stakeholder_graph as sg
from stakeholder_graph.cli import main
from stakeholder_graph.dataset.model import SECTORS
from stakeholder_graph.errors import InputError
from stakeholder_graph.export import to_networkx
from stakeholder_graph.report.content import build_content, cross_sector_share
from stakeholder_graph.report.figures import (
    cooperation_matrix,
    matrix_figure,
    network_figure,
    trust_matrix,
)
from stakeholder_graph.report.html import render_html
from stakeholder_graph.report.methods import methods_html


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    return sg.analyze("hu-town")


def test_cooperation_matrix_matches_networkx(analysis: sg.Analysis) -> None:
    graph: nx.Graph = to_networkx(analysis)
    expected = np.zeros((4, 4), dtype=int)
    index = {s: i for i, s in enumerate(SECTORS)}
    for a, b in graph.edges():
        i, j = index[graph.nodes[a]["sector"]], index[graph.nodes[b]["sector"]]
        expected[i, j] += 1
        if i != j:
            expected[j, i] += 1
    got = cooperation_matrix(analysis).to_numpy()
    assert (got == expected).all()
    upper = got[np.triu_indices(4)].sum()
    assert upper == graph.number_of_edges() == analysis.summary["size"]["ties"]
    cross = sum(graph.nodes[a]["sector"] != graph.nodes[b]["sector"] for a, b in graph.edges())
    assert cross_sector_share(analysis) == pytest.approx(cross / graph.number_of_edges())


def test_trust_matrix_is_the_sector_trust_table(analysis: sg.Analysis) -> None:
    m = trust_matrix(analysis)
    st = analysis["sector_trust"].dropna(subset=["trust"])
    assert len(st) > 0
    for a, b, t in zip(st["rater_sector"], st["ratee_sector"], st["trust"], strict=True):
        assert m.loc[a, b] == pytest.approx(t)


def test_headlines_repeat_the_summary(analysis: sg.Analysis) -> None:
    content = build_content(analysis)
    values = {h.label: h.value for h in content.headlines}
    s = analysis.summary
    assert values["Organizations"] == str(s["size"]["organizations"])
    assert values["Ties"] == str(s["size"]["ties"])
    assert values["Density"] == f"{s['density']:.3f}"
    assert values["Isolated NGOs"] == str(len(analysis["isolated"]))
    assert values["Communities"] == str(s["communities"]["count"])
    assert len(content.allies) == min(10, len(analysis["allies"]))
    assert content.allies["rank"].tolist() == sorted(content.allies["rank"])
    assert all(h.meaning.endswith(".") for h in content.headlines)


def test_network_figure_has_a_legend_entry_per_sector(analysis: sg.Analysis) -> None:
    fig = network_figure(analysis)
    names = [t.name for t in fig.data if t.showlegend is not False]
    per_sector = analysis.graph.data.organizations["sector"].value_counts()
    assert len(names) == int((per_sector > 0).sum())
    for name in names:
        sector = name.split(" (")[0].replace(" ", "_")
        assert name.endswith(f"({per_sector[sector]})")
    edges = fig.data[0]
    assert len(edges.x) == 3 * analysis.summary["size"]["ties"]


def test_html_is_self_contained_and_names_every_section(analysis: sg.Analysis) -> None:
    content = build_content(analysis)
    pixel = "data:image/png;base64,AAAA"
    html = render_html(
        content,
        {"network": pixel, "cooperation": pixel, "trust": pixel},
        methods_html(analysis.summary),
    )
    for heading in (
        "Headline numbers",
        "The network",
        "Cooperation and trust between sectors",
        "Who brokers between sectors",
        "Trust and initiative asymmetries",
        "Potential allies",
        "Isolated NGOs and why",
        "Methods",
    ):
        assert f"<h2>{heading}</h2>" in html
    sources = re.findall(r'src="([^"]+)"', html)
    assert len(sources) == 3 and all(s.startswith("data:image/png") for s in sources)
    assert "http://" not in html.split("<body>")[1] and "<script" not in html
    assert "Gould" in html and "Varda" in html
    top = analysis["allies"].sort_values("rank").iloc[0]
    assert top["a_name"].replace("&", "&amp;") in html


def test_matrix_figure_marks_missing_cells() -> None:
    import pandas as pd

    m = pd.DataFrame(np.nan, index=list(SECTORS), columns=list(SECTORS))
    m.loc["public", "civil"] = 2.5
    fig = matrix_figure(m, "t", "Blues", ".2f", (1, 4))
    assert fig.data[0].text[0][2] == "2.50" and fig.data[0].text[0][0] == "–"


def test_report_refuses_other_suffixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["report", "--source", "pleven", "--out", str(tmp_path / "r.docx")])
    assert done.value.code == 2
    assert ".html or .pdf" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_report_of_an_imported_map_without_survey(tmp_path: Path) -> None:
    # import -> analyze -> report content: a Kumu map has no survey, so the trust tables are
    # empty and say so, while the network numbers are there
    from stakeholder_graph.importers import import_dataset
    from tests.conftest import REPO

    data, _ = import_dataset("kumu", REPO / "tests/data/imports/kumu-map.xlsx", tmp_path / "k")
    result = sg.analyze(data)
    content = build_content(result)
    assert content.trust_gaps.empty and content.sector_asymmetry.empty
    assert {h.label for h in content.headlines} >= {"Organizations", "Ties", "Isolated NGOs"}
    assert "Mean trust" not in {h.label for h in content.headlines}
    assert trust_matrix(result).isna().all().all()
    pixel = "data:image/png;base64,AAAA"
    html = render_html(content, dict.fromkeys(("network", "cooperation", "trust"), pixel), "")
    assert html.count('<p class="note">None.</p>') >= 2
    assert cooperation_matrix(result).to_numpy()[np.triu_indices(4)].sum() == 7


def test_what_changed_page_repeats_compare() -> None:
    from stakeholder_graph.network.change import compare, parse_period
    from stakeholder_graph.report.changes import changes_html, periods

    result = sg.analyze("pleven")
    before, after = periods(result, "2023")
    assert (str(before.since.date()), str(before.until.date())) == ("2023-01-01", "2023-12-31")
    assert str(after.since.date()) == "2024-01-01" and after.until is None
    html = changes_html(result, "2023")
    expected = compare(result.graph.data, parse_period("2023"), after)["summary"]
    assert f"{expected['ties_gained']} ties gained ({expected['cross_sector_gained']}" in html
    assert f"{expected['ties_lost']} lost ({expected['cross_sector_lost']}" in html
    b, a = expected["before"]["ties"], expected["after"]["ties"]
    assert f"<td>ties</td><td>{b}</td><td>{a}</td>" in html
    with pytest.raises(InputError):
        periods(result, "2023-01-01:")


def test_a_kaleido_session_that_never_closes_is_abandoned_not_waited_on(monkeypatch):
    """Seen once in CI: closing kaleido's session never returned and the suite hung."""
    import threading

    import kaleido
    import plotly.io as pio
    from kaleido._sync_server import GlobalKaleidoServer

    from stakeholder_graph.report import figures

    stuck = threading.Event()
    monkeypatch.setattr(figures, "STOP_TIMEOUT_S", 0.3)
    monkeypatch.setenv("BROWSER_PATH", "/usr/bin/true")  # restored after the test
    monkeypatch.setattr(kaleido, "start_sync_server", lambda **_: None)
    monkeypatch.setattr(kaleido, "stop_sync_server", lambda **_: stuck.wait())
    monkeypatch.setattr(pio, "to_image", lambda fig, **_: b"png:" + str(len(fig.data)).encode())
    GlobalKaleidoServer()._initialized = True  # as a started session would be
    try:
        images = figures.to_png([go.Figure(), go.Figure(go.Bar(x=[1]))], [(10, 10), (10, 10)])
        assert images == [b"png:0", b"png:1"]
        assert not GlobalKaleidoServer().is_running()  # the next report starts a new session
    finally:
        stuck.set()
        GlobalKaleidoServer()._initialized = False


def test_images_that_never_come_are_an_error_not_a_hang(monkeypatch):
    import threading

    import kaleido
    import plotly.io as pio

    from stakeholder_graph.errors import StakeholderGraphError
    from stakeholder_graph.report import figures

    stuck = threading.Event()
    monkeypatch.setattr(figures, "RENDER_TIMEOUT_S", -9.7)  # 0.3 s for one figure
    monkeypatch.setenv("BROWSER_PATH", "/usr/bin/true")  # restored after the test
    monkeypatch.setattr(kaleido, "start_sync_server", lambda **_: None)
    monkeypatch.setattr(kaleido, "stop_sync_server", lambda **_: None)
    monkeypatch.setattr(pio, "to_image", lambda fig, **_: stuck.wait())
    try:
        with pytest.raises(StakeholderGraphError, match="not rendered within"):
            figures.to_png([go.Figure()], [(10, 10)])
    finally:
        stuck.set()
