"""Benchmark the trust-science steps: the Social Relations Model fit, brokerage z-scores and the
sector E-I permutation test, on generated networks.

The baseline, in the same run, is the step these extend: the plain trust tables
(``trust_dyads`` + ``sector_trust``) for the SRM, the raw role counts for the z-scores, and one
E-I index without permutations. Every line carries the load average and the CPU model, because
the machine may be shared.

    .venv/bin/python benchmarks/bench_trust_science.py                  # 300, 1k, 3k orgs
    .venv/bin/python benchmarks/bench_trust_science.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.machine import cpu_model
from stakeholder_graph.network import brokerage, trust, trust_srm
from stakeholder_graph.network.graph import CooperationGraph, build_graph


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def steps_for(g: CooperationGraph) -> list[tuple[str, Callable[[], object]]]:
    """Each measured step, preceded by its baseline."""
    return [
        ("baseline: trust_dyads + sector_trust", lambda: (trust.trust_dyads(g), trust.sector_trust(g))),
        ("SRM (multilevel REML)", lambda: trust_srm.srm_analysis(g, max_answers=10**9)),
        ("baseline: raw role counts", lambda: brokerage.role_counts(g)),
        ("brokerage table with z-scores", lambda: brokerage.brokerage_table(g)),
        ("baseline: sector E-I, 0 permutations", lambda: brokerage.sector_ei(g, 0)),
        ("sector E-I, 999 permutations", lambda: brokerage.sector_ei(g, 999)),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1_000, 3_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores)")
    header = f"{'orgs':>7} {'answers':>8} {'step':<34} {'wall s':>8} {'cpu s':>8}  load avg"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        data = generate_network(n, args.seed)
        g = build_graph(data)
        answers = len(trust.latest_answers(g))
        steps = steps_for(g)
        for name, fn in steps:
            wall, cpu = timed(fn)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"{n:>7} {answers:>8} {name:<34} {wall:>8.2f} {cpu:>8.2f}  {load}")


if __name__ == "__main__":
    main()
