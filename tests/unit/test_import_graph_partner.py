"""Imports of GraphML / GEXF files (round trips through ``export``, Gephi- and Cytoscape-style
files) and of PARTNER-style survey exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import stakeholder_graph as sg
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.errors import InputError
from stakeholder_graph.importers import import_dataset
from stakeholder_graph.importers.partner import split_header
from tests.unit.test_import_kumu_edgelist import tie_set

# A GEXF 1.3 file the way Gephi 0.10 writes one: attributes declared by id with a title,
# values as <attvalues>, a dynamic edge with two <spells>, an edge with start/end, viz data.
GEPHI_GEXF = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta lastmodifieddate="2024-05-01"><creator>Gephi 0.10.1</creator></meta>
  <graph defaultedgetype="undirected" mode="dynamic" timeformat="date">
    <attributes class="node" mode="static">
      <attribute id="0" title="type" type="string"/>
      <attribute id="1" title="municipality" type="string"/>
      <attribute id="2" title="Degree" type="integer"/>
    </attributes>
    <nodes>
      <node id="n0" label="Gödöllő Város Önkormányzata">
        <attvalues><attvalue for="0" value="Önkormányzat"/><attvalue for="1" value="Gödöllő"/>
        <attvalue for="2" value="2"/></attvalues>
        <viz:size value="10.0"/>
      </node>
      <node id="n1" label="Napfény Egyesület">
        <attvalues><attvalue for="0" value="Egyesület"/><attvalue for="2" value="1"/></attvalues>
      </node>
      <node id="n2" label="Zöld Kft.">
        <attvalues><attvalue for="0" value="Kft."/><attvalue for="2" value="1"/></attvalues>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="n0" target="n1" weight="2.0">
        <spells><spell start="2023-03-01" end="2023-03-02"/><spell start="2024-01-10"/></spells>
      </edge>
      <edge id="1" source="n0" target="n2" start="2022-06-01" end="2022-12-31" weight="1.0"/>
    </edges>
  </graph>
</gexf>
"""

# GraphML the way Cytoscape 3 writes it: keys by attribute name, node "name" and a
# "shared name", edge "interaction" (its relationship type).
CYTOSCAPE_GRAPHML = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="name" attr.type="string" for="node" id="name"/>
  <key attr.name="shared name" attr.type="string" for="node" id="shared name"/>
  <key attr.name="sector" attr.type="string" for="node" id="sector"/>
  <key attr.name="interaction" attr.type="string" for="edge" id="interaction"/>
  <graph edgedefault="directed" id="G">
    <node id="1"><data key="name">Odense Kommune</data><data key="shared name">Odense Kommune</data>
      <data key="sector">public</data></node>
    <node id="2"><data key="name">Kirkens Korshær</data><data key="sector">civil</data></node>
    <node id="3"><data key="name">Unknown Thing</data></node>
    <edge source="1" target="2"><data key="interaction">operating agreement</data></edge>
    <edge source="3" target="2"><data key="interaction">meeting</data></edge>
  </graph>
</graphml>
"""


@pytest.fixture(scope="module")
def pleven_analysis() -> sg.Analysis:
    return sg.analyze("pleven")


@pytest.mark.parametrize("kind", ["gexf", "graphml"])
def test_export_then_import_gives_the_same_organizations_and_ties(
    kind: str, pleven_analysis: sg.Analysis, tmp_path: Path
) -> None:
    path = sg.api.export(pleven_analysis, tmp_path / f"pleven.{kind}", kind)
    data, summary = import_dataset(kind, path, tmp_path / "out")
    original = pleven_analysis.graph.data.organizations
    columns = ["id", "name", "sector", "municipality"]
    got = data.organizations[columns].sort_values("id").reset_index(drop=True)
    assert got.equals(original[columns].sort_values("id").reset_index(drop=True))
    again = sg.analyze(data)
    assert tie_set(again) == tie_set(pleven_analysis)
    assert len(data.interactions) == pleven_analysis.summary["size"]["ties"] == 299
    assert "betweenness" in summary.dropped[next(k for k in summary.dropped if "node" in k)]
    assert read_dataset(tmp_path / "out").equals(data)


def test_gephi_gexf_spells_become_dated_interactions(tmp_path: Path) -> None:
    path = tmp_path / "gephi.gexf"
    path.write_text(GEPHI_GEXF, encoding="utf-8")
    data, summary = import_dataset("gexf", path, tmp_path / "out")
    sectors = dict(zip(data.organizations["name"], data.organizations["sector"], strict=True))
    assert sectors == {
        "Gödöllő Város Önkormányzata": "public",
        "Napfény Egyesület": "civil",
        "Zöld Kft.": "private",
    }
    inter = data.interactions.sort_values("date").reset_index(drop=True)
    assert inter["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2022-06-01",
        "2023-03-01",
        "2024-01-10",
    ]
    assert inter["end_date"].dt.strftime("%Y-%m-%d").fillna("").tolist() == [
        "2022-12-31",
        "2023-03-02",
        "",
    ]
    assert inter["weight"].tolist() == [1.0, 2.0, 2.0]
    assert "edge spells -> one interaction per spell (date, end_date)" in summary.mapped
    assert any("degree" in v for v in summary.dropped.values())


def test_cytoscape_graphml_with_an_unmapped_node(tmp_path: Path) -> None:
    path = tmp_path / "cytoscape.graphml"
    path.write_text(CYTOSCAPE_GRAPHML, encoding="utf-8")
    data, summary = import_dataset("graphml", path, tmp_path / "out")
    assert data.organizations["name"].tolist() == ["Odense Kommune", "Kirkens Korshær"]
    assert data.interactions["type"].tolist() == ["operating_agreement"]
    assert summary.dropped["ties to an organization that is not imported"] == ["edge 3-2"]
    assert any(v == ["node 3"] for v in summary.dropped.values())
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ntype = "interaction"\n[default]\nsector = "civil"\n')
    data, summary = import_dataset("graphml", path, tmp_path / "out2", mapping)
    assert len(data.organizations) == 3 and len(data.interactions) == 2


def test_broken_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.gexf"
    path.write_text(GEPHI_GEXF.replace("</nodes>", "</node>", 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_dataset("gexf", path, tmp_path / "out")
    assert error.value.details[0].startswith("broken.gexf:22: column 6:")
    assert not (tmp_path / "out").exists()


# A PARTNER-style export: one row per respondent organization, one column group per partner,
# headed "PARTNER - QUESTION"; answers as numbers or the scale's words.
PARTNER_CSV = (
    "Respondent,Date,Foundation Open Doors - How reliable is this organization?,"
    "Foundation Open Doors - In support of your mission,Foundation Open Doors - Open to discussion,"
    "Община Плевен - How reliable is this organization?,Община Плевен - Open to discussion,"
    "Nobody Inc - Reliability,Comments\n"
    "Сдружение „Шанс“,2024-06-01,4,A great deal,3,2,Not at all,3,fine\n"
    "Foundation Open Doors,2024-06-02,,,,A fair amount,3,,\n"
    "Община Плевен,2024-06-03,5,2,2,,,,\n"
    "Stranger,2024-06-04,1,1,1,,,,\n"
)


def test_partner_survey_export_into_perceptions(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    import_dataset("kumu", Path(__file__).parent.parent / "data/imports/kumu-map.xlsx", out)
    survey = tmp_path / "partner.csv"
    survey.write_text(PARTNER_CSV, encoding="utf-8")
    data, summary = import_dataset("partner", survey, out)
    ids = dict(zip(data.organizations["name"], data.organizations["id"], strict=True))
    p = data.perceptions.set_index(["rater", "ratee"])
    shans, fod, pleven = ids["Сдружение „Шанс“"], ids["Foundation Open Doors"], ids["Община Плевен"]
    row = p.loc[(shans, fod)]
    assert (row["reliability"], row["mission_support"], row["openness"]) == (4.0, 4.0, 3.0)
    assert row["date"] == pd.Timestamp("2024-06-01")
    row = p.loc[(shans, pleven)]
    assert (row["reliability"], row["openness"]) == (2.0, 1.0)
    assert p.loc[(fod, pleven), "reliability"] == 3.0
    # Община rated the foundation 5 on reliability (off the scale): dropped, the rest kept
    row = p.loc[(pleven, fod)]
    assert pd.isna(row["reliability"]) and row["openness"] == 2.0
    assert len(p) == 4
    dropped = summary.dropped
    assert dropped["answers that are not 1-4 or the scale's words"] == [
        "partner.csv:4: column foundation open doors - how reliable is this organization?"
    ]
    assert dropped["respondents not among the dataset's organizations"] == [
        "partner.csv:5 Stranger"
    ]
    assert len(dropped["answers about partners not among the dataset's organizations"]) == 1
    assert dropped["columns that name no partner question (not carried)"] == ["comments"]
    # the rest of the dataset is untouched, and the whole folder still validates
    assert len(read_dataset(out).interactions) == 7


def test_partner_needs_an_existing_dataset(tmp_path: Path) -> None:
    survey = tmp_path / "partner.csv"
    survey.write_text(PARTNER_CSV, encoding="utf-8")
    with pytest.raises(InputError, match="existing dataset"):
        import_dataset("partner", survey, tmp_path / "nothing")


def test_split_header_both_orders() -> None:
    assert split_header("Youth Club | Level of involvement") == ("Youth Club", "involvement")
    assert split_header("Resource contribution - Kommune") == ("Kommune", "resources")
    assert split_header("Comments") is None


def test_bundled_dataset_is_not_modified(tmp_path: Path) -> None:
    # importing a survey works on a copy; the bundled dataset folder is only read
    from stakeholder_graph.resources import bundled_dataset

    copy = tmp_path / "pleven"
    shutil.copytree(bundled_dataset("pleven"), copy)
    survey = tmp_path / "s.csv"
    survey.write_text(
        "Organization,Кмет на Община Плевен - Reliability\npl-ngo-youth-1,2\n", encoding="utf-8"
    )
    data, _ = import_dataset("partner", survey, copy)
    assert len(data.perceptions) == 1
    assert data.perceptions.loc[0, "ratee"] == "pl-adm-mayor"
