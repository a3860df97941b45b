"""A year window not analysed yet, answered by a quick analysis and refined in the background:
the measures it shows are the full analysis's own, the estimated ones are labelled and close to
the exact values, and the full analysis replaces it by itself."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from dashboards.data import DashboardData
from dashboards.precompute import (
    estimate_note,
    first_look,
    is_first_look,
    is_quick,
    quick_params,
    stage,
)
from dashboards.state import FilterState
from stakeholder_graph.analysis import AnalysisParams, analyze
from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.sources import read_network

FAST = AnalysisParams(srm_max_answers=0)
"""The multilevel trust model (seconds at a few hundred organizations) is not what is tested."""

EXACT_IN_BOTH = [
    "degree",
    "strength",
    "pagerank",
    "eigenvector",
    "constraint",
    "coreness",
    "community",
    "role",
    "total",
    "liaison",
    "ei_index",
    "trust_received",
]


def _wait_refined(data: DashboardData, generation: int, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while data.analyses.generation == generation and time.monotonic() < deadline:
        time.sleep(0.2)
    assert data.analyses.generation > generation, "the full analysis never replaced the quick one"


@pytest.fixture(scope="module")
def medium():
    """400 organizations: more than the 256 sampled sources, so paths are estimated."""
    return generate_network(400, seed=2)


def test_quick_window_shows_the_full_analysis_values_and_is_then_replaced():
    network = read_network("pleven")
    data = DashboardData(network, FAST, quick_above=0, role="analyst")
    state = FilterState(year_from=2023)
    full = analyze(network, data.analysis_params(state))
    try:
        quick = data.analysis(state)
        assert is_quick(quick)
        generation = data.analyses.generation
        view = data.view(state)
        columns = [c for c in EXACT_IN_BOTH if c in view.nodes.columns]
        expected = (
            full.organization_metrics().set_index("id").loc[view.nodes["id"], columns].reset_index()
        )
        pd.testing.assert_frame_equal(
            view.nodes[["id", *columns]].reset_index(drop=True), expected, check_dtype=False
        )
        for table in ("isolated", "allies", "trust_dyads", "sector_trust", "ties"):
            pd.testing.assert_frame_equal(quick.tables[table], full.tables[table])
        _wait_refined(data, generation)
        refined = data.analysis(state)
        assert not is_quick(refined) and data.analyses.is_settled(state.analysis_key())
        assert data.view(state).analysis is refined  # the cached view was rebuilt
        pd.testing.assert_frame_equal(
            refined.organization_metrics(), full.organization_metrics(), check_dtype=False
        )
    finally:
        data.analyses.close()


def test_estimated_path_measures_are_labelled_and_close_to_exact(medium):
    data = DashboardData(medium, FAST, quick_above=0, role="analyst")
    state = FilterState(year_from=2022)
    exact = analyze(medium, data.analysis_params(state))
    try:
        quick = data.analysis(state)
    finally:
        data.analyses.close()
    paths = quick.summary["paths"]
    assert not paths["exact"] and paths["pivots"] == quick_params(exact.params).pivots
    note = estimate_note(quick)
    assert "estimates from 256 sampled organizations" in note
    assert "being computed" in note
    error = paths["error"]["top1_relative_halfwidth"]
    assert f"±{error:.0%}" in note
    assert estimate_note(exact) == ""
    got = quick.tables["centrality"].set_index("id")["betweenness"]
    want = exact.tables["centrality"].set_index("id")["betweenness"].loc[got.index]
    rho = spearmanr(got.to_numpy(), want.to_numpy()).statistic
    assert rho > 0.9, rho
    top = want.nlargest(8).index
    assert len(set(top) & set(got.nlargest(16).index)) >= 6
    # the sampled estimate is unbiased: the total stays within a few per cent
    assert abs(got.sum() / want.sum() - 1) < 0.1
    for column in ("degree", "community", "coreness"):
        np.testing.assert_array_equal(
            quick.tables["centrality"][column].to_numpy(),
            exact.tables["centrality"][column].to_numpy(),
        )


def test_the_opening_analysis_is_never_quick(medium):
    data = DashboardData(medium, FAST, quick_above=0, role="analyst")
    try:
        full = data.analyses.get(FilterState().analysis_key(), quick=False)
        assert not is_quick(full) and data.analyses.is_settled(FilterState().analysis_key())
        assert data.analysis(FilterState()) is full
    finally:
        data.analyses.close()


def test_first_look_flags_are_the_full_analysis_own(medium):
    params = FAST.with_graph(since=pd.Timestamp("2022-01-01"), until=pd.Timestamp("2023-12-31"))
    full = analyze(medium, params)
    look = first_look(medium, params)
    assert is_first_look(look) and is_quick(look) and stage(look) == "first look"
    assert sorted(look.tables) == ["isolated"] and len(look.tables["isolated"]) > 0
    pd.testing.assert_frame_equal(look.tables["isolated"], full.tables["isolated"])
    assert look.summary["isolation_window"] == full.summary["isolation_window"]
    assert look.summary["size"]["ties"] == full.summary["size"]["ties"]
    assert "isolation flags of these years are shown first" in estimate_note(look)
    assert stage(full) == "exact" and estimate_note(full) == ""


def test_first_look_upgraded_for_a_whole_view_then_replaced(medium):
    data = DashboardData(medium, FAST, quick_above=0)  # a coordinator: redacted copies
    state = FilterState(year_from=2023)
    full = analyze(medium, data.analysis_params(state))
    try:
        generation = data.analyses.generation
        flags_view = data.view(state, first=True)
        assert stage(flags_view.analysis) == "first look"
        # the sidebar's counts and the Isolated view's rows are already the window's own
        assert len(flags_view.nodes) == full.graph.n
        assert len(flags_view.edges) == full.graph.edges.shape[0]
        pd.testing.assert_frame_equal(
            flags_view.table("isolated"), full.tables["isolated"], check_dtype=False
        )
        # a community filter needs the communities: no first look for it
        assert stage(data.analysis(state.with_(communities=("0",)), first=True)) != "first look"
        whole = data.view(state)  # a view of every measure upgrades the window to the quick pass
        assert stage(whole.analysis) == "quick" and "community" in whole.nodes.columns
        assert data.analyses.generation > generation
        assert data.view(state, first=True).analysis is whole.analysis  # more than enough
        _wait_refined(data, data.analyses.generation)
        refined = data.view(state, first=True).analysis
        assert stage(refined) == "exact"
        assert data.analyses.info()["refined"] == 1  # one exact analysis for both passes
        pd.testing.assert_frame_equal(
            data.view(state).nodes[["id", "degree", "betweenness"]].reset_index(drop=True),
            full.organization_metrics()
            .set_index("id")
            .loc[data.view(state).nodes["id"], ["degree", "betweenness"]]
            .reset_index(),
            check_dtype=False,
        )
    finally:
        data.analyses.close()
