"""Benchmark compare, what-if (key players) and backtest-allies on generated networks.

Prints wall and CPU seconds per step with the load average and CPU model. The baseline, in the
same run, is what one ``analyze`` already pays for the same network: one graph build and the
centrality table; for what-if also igraph's exact betweenness before and after (what it used
to compute) against the compiled kernel, exact and sampled (the default above 5 000) (compare builds two windows and computes it twice; what-if a removal and the
key players; backtest two builds and five rankings).

    .venv/bin/python benchmarks/bench_change.py                 # 1k and 10k organizations
    .venv/bin/python benchmarks/bench_change.py --sizes 1000 3000
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.machine import cpu_model
from stakeholder_graph.network import centrality
from stakeholder_graph.network.backtest import backtest_allies
from stakeholder_graph.network.change import compare, parse_period
from stakeholder_graph.network.graph import build_graph
from stakeholder_graph.network.whatif import key_players, what_if


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores)")
    print(f"{'orgs':>7} {'step':<34} {'wall s':>8} {'cpu s':>8} {'load avg (1/5/15 min)':>24}")
    for n in args.sizes:
        bench(n, args.seed)


def igraph_before_after(g, hub: str) -> None:
    """The betweenness the first what-if computed: igraph exact, before and after (baseline)."""
    graph = g.undirected_graph
    graph.betweenness(directed=False)
    keep = [i for i in range(g.n) if str(g.ids[i]) != hub]
    graph.induced_subgraph(keep).betweenness(directed=False)


def bench(n: int, seed: int) -> None:
    """Time every step on one generated network of ``n`` organizations."""
    before, after = parse_period("2023"), parse_period("2024")
    data = generate_network(n, seed=seed)
    g = build_graph(data)
    degree = g.graph.degree()
    hub = str(g.ids[int(degree.index(max(degree)))])
    steps: list[tuple[str, Callable[[], object]]] = [
        ("baseline: build + centrality", lambda: centrality.centrality_table(build_graph(data))),
        ("compare 2023 vs 2024", lambda: compare(data, before, after)),
        ("what-if betweenness: igraph exact", lambda: igraph_before_after(g, hub)),
        (
            "what-if --remove hub, exact (numba)",
            lambda: what_if(g, [hub], exact_betweenness_max=n + 1),
        ),
        ("what-if --remove <largest hub>", lambda: what_if(g, [hub])),
        ("what-if --key-players 3", lambda: key_players(g, 3)),
        (
            "backtest-allies ..2024-06-30 | after",
            lambda: backtest_allies(data, parse_period(":2024-06-30"), parse_period("2024-07-01:")),
        ),
    ]
    for name, fn in steps:
        wall, cpu = timed(fn)
        load = "/".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"{n:>7} {name:<34} {wall:>8.2f} {cpu:>8.2f} {load:>24}", flush=True)


if __name__ == "__main__":
    main()
