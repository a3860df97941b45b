#!/usr/bin/env python
"""Time reading and validating a dataset against a floor measured in the same run.

For each size, a generated dataset is read with :func:`read_dataset` (parse, locate lines,
validate, type) and — the baseline — the same five CSV files are read with bare
``pandas.read_csv(dtype=str)`` (parsing only: no line numbers, no checks, no types). Also shown:
CPU seconds of the validated read, which stay meaningful on a busy machine.

    .venv/bin/python benchmarks/bench_validate.py [N ...]     # default: 1000 10000 100000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from stakeholder_graph.dataset.generate import generate_dataset
from stakeholder_graph.dataset.model import TABLES
from stakeholder_graph.dataset.reader import read_dataset


def _baseline(folder: Path) -> float:
    start = time.perf_counter()
    for table in TABLES:
        pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(
        f"{'orgs':>8} {'interactions':>12} {'MB':>6} {'validate s':>10} {'cpu s':>7} "
        f"{'baseline s':>10} {'ratio':>6}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "g"
            generate_dataset(n, 1, folder)
            size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
            wall, cpu = time.perf_counter(), time.process_time()
            data = read_dataset(folder)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            base = _baseline(folder)
        m = len(data.interactions)
        print(
            f"{n:>8} {m:>12} {size:>6.0f} {wall:>10.2f} {cpu:>7.2f} {base:>10.2f} "
            f"{wall / base:>6.1f}"
        )


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [1_000, 10_000, 100_000])
