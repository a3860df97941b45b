#!/usr/bin/env python
"""Time reading and validating a dataset against a floor measured in the same run.

For each size, a generated dataset is read with :func:`read_dataset` (parse, locate lines,
validate, type) and — the baseline — the same five CSV files are read with bare
``pandas.read_csv(dtype=str)`` (parsing only: no line numbers, no checks, no types). Also shown:
CPU seconds of the validated read (all threads), which stay meaningful on a busy machine, the
process's peak resident memory so far, and the load average and CPU model beside the figures.

    .venv/bin/python benchmarks/bench_validate.py [N ...]     # default: 1000 10000 100000
    .venv/bin/python benchmarks/bench_validate.py DIR [DIR ...]   # existing dataset folders

For the figure the issue asks for, run it alone on the dataset itself, e.g.
``generate --orgs 100000 --seed 7 --out /tmp/g100k`` then ``bench_validate.py /tmp/g100k``
(or ``/usr/bin/time -v stakeholder-graph validate /tmp/g100k``).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from stakeholder_graph.dataset.generate import generate_dataset
from stakeholder_graph.dataset.model import TABLES
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.machine import cpu_model, load_average


def _baseline(folder: Path) -> float:
    start = time.perf_counter()
    for table in TABLES:
        pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    return time.perf_counter() - start


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _measure(folder: Path, n: str) -> None:
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 1e6
    load = load_average()[0]
    wall, cpu = time.perf_counter(), _cpu()
    data = read_dataset(folder)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    base = _baseline(folder)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    m = len(data.interactions)
    print(
        f"{n:>8} {m:>12} {size:>6.0f} {wall:>10.2f} {cpu:>7.2f} {peak:>7.0f} {base:>10.2f} "
        f"{wall / base:>6.1f} {load:>5.1f}"
    )


def main(args: list[str]) -> None:
    print(f"CPU: {cpu_model()}; load average before: {load_average()}")
    print(
        f"{'orgs':>8} {'interactions':>12} {'MB':>6} {'validate s':>10} {'cpu s':>7} "
        f"{'rss MB':>7} {'baseline s':>10} {'ratio':>6} {'load':>5}"
    )
    for arg in args or ["1000", "10000", "100000"]:
        if Path(arg).is_dir():
            _measure(Path(arg), Path(arg).name[:8])
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "g"
            generate_dataset(int(arg), 1, folder)
            _measure(folder, arg)
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main(sys.argv[1:])
