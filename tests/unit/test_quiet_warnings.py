"""igraph's "may not be connected" warning is noise for the per-component eigenvector centrality:
it must not reach the CLI's (or the dashboard's) console."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd

from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.network import centrality
from stakeholder_graph.network.graph import GraphOptions, build_graph

CLI = str(Path(sys.executable).with_name("stakeholder-graph"))

# a window of the generated 2k network in which a component's eigenvector has near-zero entries
WINDOW = ["--since", "2021-01-01", "--until", "2022-12-31", "--types", "consultative_council"]


def _raw_warnings(g) -> list[str]:
    """igraph's own warnings on each component of ``g`` (what the analysis used to print)."""
    graph = g.undirected_graph
    seen: list[str] = []
    for members in graph.connected_components():
        if len(members) < 2:
            continue
        sub = graph.induced_subgraph(members)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sub.eigenvector_centrality(scale=False, weights="weight")
        seen += [str(w.message) for w in caught]
    return seen


def test_the_window_triggers_igraphs_warning_but_eigenvector_stays_quiet():
    net = generate_network(2000, seed=1)
    options = GraphOptions(
        since=pd.Timestamp("2021-01-01"),
        until=pd.Timestamp("2022-12-31"),
        types=("consultative_council",),
    )
    g = build_graph(net, options)
    assert any("nearly zero" in m for m in _raw_warnings(g))  # the case is really exercised
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = centrality.eigenvector(g)
    assert [str(w.message) for w in caught] == []
    assert values.max() == 1.0


def test_the_cli_stderr_stays_clean_on_a_generated_2k_network(tmp_path):
    data, out = tmp_path / "g2k", tmp_path / "out"
    subprocess.run(
        [CLI, "generate", "--orgs", "2000", "--seed", "1", "--out", str(data)],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [CLI, "analyze", "--source", str(data), "--out", str(out), *WINDOW],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    noise = [line for line in done.stderr.splitlines() if not line.startswith("step: ")]
    assert noise == []
    assert (out / "centrality.csv").exists()
