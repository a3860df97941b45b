"""The ally backtest table: P@10/50/100 and AUC of the ally score and the four baselines.

Generated networks (``--orgs``, default 10 000) for each ``--seeds`` seed; train up to
2024-06-30, test after (as in ``docs/metrics.md``). The best value of each column is marked
``*`` (ties all marked); CPU seconds, wall seconds, load average and CPU model are printed.

    .venv/bin/python benchmarks/bench_backtest.py --seeds 0,1,2,3,4,5,6,7,8,9
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from stakeholder_graph.api import backtest_allies
from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.machine import cpu_model


def main() -> None:
    """Print one table per seed and the mean over seeds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    args = parser.parse_args()
    print(f"cpu: {cpu_model()}")
    tables = []
    for seed in (int(s) for s in args.seeds.split(",")):
        data = generate_network(args.orgs, seed)
        cpu, wall = time.process_time(), time.perf_counter()
        result = backtest_allies(data, train=":2024-06-30", test="2024-07-01:")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        s = result["scores"]
        wide = s.pivot(index="method", columns="k", values="precision")
        wide.columns = [f"P@{k}" for k in wide.columns]
        wide["AUC"] = s.groupby("method")["auc"].first()
        tables.append(wide)
        load = os.getloadavg()[0]
        print(f"\nseed {seed}: {cpu:.1f} CPU-s, {wall:.1f} s wall, load {load:.1f}")
        _print(wide)
    mean = sum(tables[1:], tables[0]) / len(tables)
    print(f"\nmean over {len(tables)} seeds")
    _print(mean)


def _print(table) -> None:
    best = table.drop(index="random").max()
    print(f"{'method':26}" + "".join(f"{c:>9}" for c in table.columns))
    for method, row in table.iterrows():
        cells = "".join(f"{v:8.3f}{'*' if np.isclose(v, best[c]) else ' '}" for c, v in row.items())
        print(f"{method:26}{cells}")


if __name__ == "__main__":
    main()
