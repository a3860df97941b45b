#!/usr/bin/env python
"""Time the synthetic network generator against a floor measured in the same run.

For each size: building the network in memory, writing it as CSV, and — the baseline — drawing
the same number of uniformly random (source, target) pairs with numpy and writing just those two
id columns with pandas (what no generator can beat).

    .venv/bin/python benchmarks/bench_generate.py [N ...]     # default: 1000 10000 100000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.dataset.writer import write_dataset


def _baseline(n: int, m: int, out: Path) -> float:
    start = time.perf_counter()
    rng = np.random.default_rng(0)
    ids = np.asarray([f"o{k:06d}" for k in range(n)], dtype=object)
    pairs = pd.DataFrame(
        {"source": ids[rng.integers(0, n, m)], "target": ids[rng.integers(0, n, m)]}
    )
    pairs.to_csv(out / "pairs.csv", index=False)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(
        f"{'orgs':>8} {'interactions':>12} {'build s':>8} {'write s':>8} {'total s':>8} {'baseline s':>10}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            data = generate_network(n, seed=1)
            built = time.perf_counter() - start
            write_dataset(data, Path(tmp) / "g")
            written = time.perf_counter() - start - built
            m = len(data.interactions)
            base = _baseline(n, m, Path(tmp))
        print(f"{n:>8} {m:>12} {built:>8.2f} {written:>8.2f} {built + written:>8.2f} {base:>10.2f}")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [1_000, 10_000, 100_000])
