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


def _shuffled(data):
    return replace(
        data,
        **{
            table: frame.sample(frac=1.0, random_state=5).reset_index(drop=True)
            for table, frame in data.tables().items()
        },
    )


def test_row_order_does_not_change_compare_what_if_or_backtest() -> None:
    """The change, what-if and backtest verbs read rows in key order too: shuffled rows give
    the same tables (tie orientation, community labels and matches included)."""
    from stakeholder_graph.api import backtest_allies, compare, what_if

    data = read_dataset(bundled_dataset("pleven"))
    shuffled = _shuffled(data)
    a, b = compare(data, "2023", "2024"), compare(shuffled, "2023", "2024")
    frames = [k for k, v in a.items() if isinstance(v, pd.DataFrame)]
    assert {"ties_gained", "ties_lost", "organizations"} <= set(frames)
    for key in frames:
        pd.testing.assert_frame_equal(a[key], b[key], check_exact=True)
    a, b = (
        what_if(data, remove="pl-adm-social", key_players=2),
        what_if(shuffled, "pl-adm-social", 2),
    )
    for key in ("organizations", "ties", "key_players"):
        pd.testing.assert_frame_equal(a[key], b[key], check_exact=True)
    a = backtest_allies(data, ":2023-12-31", "2024-01-01:", k=(5,), negatives=500)
    b = backtest_allies(shuffled, ":2023-12-31", "2024-01-01:", k=(5,), negatives=500)
    pd.testing.assert_frame_equal(a["scores"], b["scores"], check_exact=True)
