"""Potential allies and the ties flags never treat cooperating organizations as strangers,
whatever interaction types or co-participation the graph measures use."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from stakeholder_graph.analysis import AnalysisParams, analyze
from stakeholder_graph.dataset.reader import read_dataset

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def pleven():
    return read_dataset(ROOT / "datasets" / "pleven")


def cooperating(data) -> set[frozenset[str]]:
    """Brute force: pairs with any interaction, or sharing any activity (all time)."""
    pairs = {
        frozenset(p)
        for p in zip(data.interactions["source"], data.interactions["target"], strict=True)
    }
    part = data.participation
    for _, members in part.groupby("activity")["organization"]:
        ids = sorted(set(members))
        pairs |= {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return pairs


@pytest.mark.parametrize(
    "options",
    [{"types": ("meeting",)}, {"coparticipation": False}, {"types": ("meeting",), "coparticipation": False}],
)  # fmt: skip
def test_allies_exclude_every_cooperating_pair(pleven, options):
    result = analyze(pleven, AnalysisParams().with_graph(**options))
    allies = result["allies"]
    assert len(allies) > 0
    tied = cooperating(pleven)
    suggested = {frozenset(p) for p in zip(allies["a"], allies["b"], strict=True)}
    assert not suggested & tied
    # the narrower graph itself misses cooperating pairs: the exclusion does not rely on it
    g = result.graph
    in_graph = {
        frozenset((g.ids[u], g.ids[v])) for u, v in zip(g.edges["u"], g.edges["v"], strict=True)
    }
    assert tied - in_graph


def test_untapped_trust_counts_interactions_of_every_type(pleven):
    default = analyze(pleven)["ties"]
    narrow = analyze(pleven, AnalysisParams().with_graph(types=("meeting",)))["ties"]
    np.testing.assert_array_equal(
        narrow.set_index(["a", "b"])["untapped_trust"].reindex(
            default.set_index(["a", "b"]).index, fill_value=False
        ),
        default.set_index(["a", "b"])["untapped_trust"],
    )
    inter = pleven.interactions
    keys = set(zip(inter["source"], inter["target"], strict=True))
    keys |= {(b, a) for a, b in keys}
    flagged = narrow[narrow["untapped_trust"]]
    assert len(flagged) > 0
    assert not any((a, b) in keys for a, b in zip(flagged["a"], flagged["b"], strict=True))
