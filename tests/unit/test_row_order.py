"""An analysis does not depend on the order rows were read in (the folder/Neo4j one truth;
the comparison against a real Neo4j is tests/integration/test_one_truth.py)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from stakeholder_graph.analysis import analyze, in_key_order
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.resources import bundled_dataset


@pytest.mark.parametrize("name", ["pleven", "hu-town"])
def test_row_order_does_not_change_the_analysis(name: str) -> None:
    """Rows shuffled (as another source might return them): the same tables, bit for bit."""
    data = read_dataset(bundled_dataset(name))
    shuffled = replace(
        data,
        **{
            table: frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
            for table, frame in data.tables().items()
        },
    )
    a, b = analyze(data), analyze(shuffled)
    for table in a.tables:
        pd.testing.assert_frame_equal(a[table], b[table], check_exact=True)


def test_in_key_order_sorts_and_keeps_sorted_data() -> None:
    data = read_dataset(bundled_dataset("pleven"))
    ordered = in_key_order(data)
    assert ordered.organizations["id"].is_monotonic_increasing
    assert ordered.interactions["id"].is_monotonic_increasing
    p = ordered.participation
    assert list(zip(p["activity"], p["organization"], strict=True)) == sorted(
        zip(p["activity"], p["organization"], strict=True)
    )
    again = in_key_order(ordered)
    assert again.organizations is ordered.organizations  # already in order: not copied
    assert again.interactions is ordered.interactions
