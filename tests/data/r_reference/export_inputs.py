"""Write what the R reference scripts read: arcs (1-based), sector groups, trust answers.

Run from the repository root: ``.venv/bin/python tests/data/r_reference/export_inputs.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.network.graph import GraphOptions, build_graph
from stakeholder_graph.network.trust import latest_answers

HERE = Path(__file__).parent
ROOT = HERE.parents[2]


def main() -> None:
    data = read_dataset(ROOT / "datasets" / "pleven")
    for directed in (False, True):
        g = build_graph(data, GraphOptions(directed=directed))
        u = g.edges["u"].to_numpy(np.int64)
        v = g.edges["v"].to_numpy(np.int64)
        if not directed:  # both directions: sna reads a symmetric digraph
            u, v = np.r_[u, v], np.r_[v, u]
        mode = "directed" if directed else "undirected"
        pd.DataFrame({"from": u + 1, "to": v + 1}).to_csv(
            HERE / f"pleven_{mode}_arcs.csv", index=False
        )
        pd.DataFrame({"id": g.ids, "sector": g.sector}).to_csv(
            HERE / f"pleven_{mode}_vertices.csv", index=False
        )
    g = build_graph(data)
    answers = latest_answers(g)
    pd.DataFrame(
        {
            "rater": g.ids[answers["rater"].to_numpy()],
            "ratee": g.ids[answers["ratee"].to_numpy()],
            "trust": answers["trust"].to_numpy(),
        }
    ).to_csv(HERE / "pleven_trust_answers.csv", index=False)


if __name__ == "__main__":
    main()
