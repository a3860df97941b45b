"""The organization panel shows the PARTNER value score and the SRM effects; the gaps grid
offers the leniency-corrected gap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboards.data import DashboardData
from dashboards.figures import charts
from dashboards.figures.charts import kpi
from dashboards.layout import trust as trust_layout
from dashboards.layout.panel import organization_panel
from dashboards.state import FilterState
from dashboards.summaries import organization_profile
from stakeholder_graph.dataset.reader import read_dataset


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json())


@pytest.fixture(scope="module")
def view():
    pleven = read_dataset(Path(__file__).parents[2] / "datasets" / "pleven")
    return DashboardData(pleven, role="analyst").view(FilterState())


def test_panel_shows_partner_value_and_srm_effects(view):
    profile = organization_profile(view, "pl-adm-social")
    text = text_of(organization_panel(profile, view))
    srm = view.analysis["srm"].set_index("id").loc["pl-adm-social"]
    assert "reputation (SRM target effect)" in text
    assert "leniency (SRM rater effect)" in text
    assert kpi(srm["target_effect"], "float") in text
    assert "value (PARTNER)" in text


def test_gaps_grid_has_the_relationship_gap_column():
    assert "relationship_gap" in text_of(trust_layout.layout(analyst=True))


def test_trust_heatmap_title_gives_the_response_rates(view):
    survey = view.analysis.summary["survey"]
    assert survey["respondents"] == 35 and survey["organizations"] == 72
    figure = charts.trust_heatmap(view.analysis["sector_trust"], survey)
    title = figure.layout.title.text
    assert "answered: 49 % of organizations" in title
    assert "civil society 75 %" in title and "private 12 %" in title
    assert f"network trust score (PARTNER) {survey['trust_score']:.2f} / 4" in title
