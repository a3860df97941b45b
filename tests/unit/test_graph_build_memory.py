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


def test_interaction_ids_are_one_arrow_buffer_in_the_analysis():
    """The analysis holds interaction ids as pyarrow strings (the same values); the caller's
    frame keeps its own column; every table is the same as with Python-string ids."""
    import stakeholder_graph.analysis as analysis
    from stakeholder_graph.csvformat import is_arrow_text
    from stakeholder_graph.dataset.generate import generate_network

    data = generate_network(300, seed=4)
    result = analyze(data)
    ids = result.graph.data.interactions["id"]
    assert is_arrow_text(ids.dtype)
    assert ids.tolist() == sorted(data.interactions["id"].tolist())
    assert data.interactions["id"].dtype == object
    assert is_arrow_text(result.graph.interactions["id"].dtype)  # the graph shares the column

    original = analysis._compact_interaction_ids
    try:
        analysis._compact_interaction_ids = lambda d: d
        plain = analyze(data)
    finally:
        analysis._compact_interaction_ids = original
    assert plain.graph.data.interactions["id"].dtype == object
    assert sorted(plain.tables) == sorted(result.tables)
    for name, table in result.tables.items():
        pd.testing.assert_frame_equal(table, plain.tables[name], obj=name)


def test_tie_weights_share_one_float_per_value():
    from stakeholder_graph.network.graph import shared_floats

    g = build_graph(_data())
    assert g.graph.es["weight"] == g.edges["weight"].tolist()
    assert g.graph.es.attributes() == ["weight"]  # the counts live in g.edges
    values = np.array([1.0, 2.5, 1.0, 2.5, 1.0])
    weights = shared_floats(values)
    assert weights == values.tolist()
    assert len({id(w) for w in weights}) == 2
