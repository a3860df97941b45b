#!/usr/bin/env python
"""Time the scheduled isolated-NGO job against a floor measured in the same run.

For each generated size: reading and validating the dataset folder, computing the flags, writing
the four files (the job on the network already in memory, twice: a first run and a repeat), and
— the baseline — reading the same CSV files with bare ``pandas.read_csv`` (what no validated
reader can beat) and dumping the flag table as JSON (what no report writer can beat).

    .venv/bin/python benchmarks/bench_isolated_job.py [N ...]     # default: 1000 10000 100000
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.dataset.writer import write_dataset
from stakeholder_graph.jobs.isolated import JobParams, compute_flags, run_isolated_job
from stakeholder_graph.jobs.log import JobLogger


def _baseline_read(folder: Path) -> float:
    start = time.perf_counter()
    for csv in sorted(folder.glob("*.csv")):
        pd.read_csv(csv, dtype=str, keep_default_na=False)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    header = (
        f"{'orgs':>8} {'interactions':>12} {'flagged':>8} {'read s':>7} {'flags s':>7} "
        f"{'run s':>6} {'repeat s':>8} {'read+run s':>10} {'base read s':>11} {'base dump s':>11}"
    )
    print(header)
    quiet = JobLogger(__import__("logging").getLogger("bench-quiet"))
    now = datetime(2025, 7, 1, tzinfo=UTC)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "net"
            write_dataset(generate_network(n, seed=1), folder)
            base_read = _baseline_read(folder)

            start = time.perf_counter()
            data = read_dataset(folder)
            read = time.perf_counter() - start

            start = time.perf_counter()
            flags = compute_flags(data, 365, pd.Timestamp("2025-06-30"))
            flag_time = time.perf_counter() - start

            start = time.perf_counter()
            json.dumps(flags.astype(str).to_dict("records"))
            base_dump = time.perf_counter() - start

            params = JobParams(source=str(folder), as_of="2025-06-30", out=Path(tmp) / "out")
            start = time.perf_counter()
            run_isolated_job(params, data, now=now, log=quiet)
            run = time.perf_counter() - start
            start = time.perf_counter()
            run_isolated_job(params, data, now=now, log=quiet)
            repeat = time.perf_counter() - start
        print(
            f"{n:>8} {len(data.interactions):>12} {len(flags):>8} {read:>7.2f} {flag_time:>7.2f} "
            f"{run:>6.2f} {repeat:>8.2f} {read + run:>10.2f} {base_read:>11.2f} {base_dump:>11.2f}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
