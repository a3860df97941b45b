"""The graph build shares the dataset's interaction columns instead of copying them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholder_graph.analysis import analyze
from stakeholder_graph.dataset.model import NetworkData, coerce_table
from stakeholder_graph.network.graph import GraphOptions, build_graph


def _data() -> NetworkData:
    orgs = coerce_table(
        "organizations",
        pd.DataFrame({"id": list("abcd"), "name": list("ABCD"), "sector": ["public"] * 4}),
    )
    inter = coerce_table(
        "interactions",
        pd.DataFrame(
            {
                "id": ["1", "2", "3", "4"],
                "source": ["a", "b", "c", "a"],
                "target": ["b", "c", "c", "d"],
                "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2023-01-01"]),
            }
        ),
    )
    return NetworkData(orgs, inter)


def test_interactions_are_shared_when_every_row_is_kept():
    data = _data()
    data = NetworkData(data.organizations, data.interactions[data.interactions["id"] != "3"])
    data = NetworkData(data.organizations, data.interactions.reset_index(drop=True))
    g = build_graph(data)
    source = data.interactions["source"].to_numpy()
    assert np.shares_memory(g.interactions["source"].to_numpy(), source)
    assert g.interactions["src"].tolist() == [0, 1, 0]
    assert g.interactions["tgt"].tolist() == [1, 2, 3]
    assert "src" not in data.interactions  # the dataset's frame is left as it was


def test_filtered_rows_are_dropped_and_renumbered():
    data = _data()
    g = build_graph(data, GraphOptions(since=pd.Timestamp("2024-01-15")))
    # the self-loop (c, c) and the interaction before the window are left out
    assert g.interactions["id"].tolist() == ["2"]
    assert g.interactions.index.tolist() == [0]
    assert (g.interactions["src"].tolist(), g.interactions["tgt"].tolist()) == ([1], [2])
    assert len(data.interactions) == 4


def test_triangles_are_freed_after_brokerage():
    result = analyze(_data())
    assert "triangles" not in vars(result.graph)
    assert len(result.graph.triangles) == 0  # still there on demand


def test_undirected_edges_share_the_edges_columns():
    g = build_graph(_data())
    view = g.undirected_edges
    assert list(view.columns) == ["u", "v", "weight"]
    for column in view.columns:
        assert np.shares_memory(view[column].to_numpy(), g.edges[column].to_numpy())
    assert view.equals(g.edges[["u", "v", "weight"]])
