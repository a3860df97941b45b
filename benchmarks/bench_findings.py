"""Benchmark the findings families — trust gaps, initiative, ties, potential allies, isolation.

Runs each step on generated networks (about 10 interactions per organization) and prints wall
time, CPU time and peak memory. The baseline, in the same run, is the textbook way to find
potential allies: networkx's Adamic–Adar index over every unconnected pair plus shared themes
from Python sets, at the sizes where it finishes quickly.

    .venv/bin/python benchmarks/bench_findings.py                 # 1k, 10k, 100k
    .venv/bin/python benchmarks/bench_findings.py --sizes 1000 3000
"""

from __future__ import annotations

import argparse
import math
import resource
import time
from collections.abc import Callable

import networkx as nx

from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.network import allies, isolation, trust
from stakeholder_graph.network.graph import CooperationGraph, build_graph

BASELINE_MAX = 3_000


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def networkx_allies(g: CooperationGraph, top_k: int) -> list[tuple[float, int, int]]:
    """All unconnected pairs scored by Adamic–Adar and IDF-weighted shared themes."""
    graph = nx.Graph()
    graph.add_nodes_from(range(g.n))
    graph.add_edges_from(zip(g.edges["u"], g.edges["v"], strict=True))
    themes = [set(g.themes[i].indices.tolist()) for i in range(g.n)]
    df: dict[int, int] = {}
    for s in themes:
        for t in s:
            df[t] = df.get(t, 0) + 1
    scored = []
    for u, v, aa in nx.adamic_adar_index(graph):
        shared = themes[u] & themes[v]
        theme = sum(math.log(g.n / df[t]) for t in shared)
        if aa or theme:
            scored.append((0.3 * aa + 0.4 * theme, u, v))
    scored.sort(reverse=True)
    return scored[:top_k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    params = AnalysisParams()
    header = f"{'orgs':>8} {'step':<22} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        data = generate_network(n, seed=args.seed)
        g = build_graph(data)
        dyads = trust.trust_dyads(g)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("organization_trust", lambda g=g: trust.organization_trust(g)),
            ("trust_dyads", lambda g=g: trust.trust_dyads(g)),
            ("sector_trust", lambda g=g: trust.sector_trust(g)),
            ("initiative", lambda g=g: trust.initiative(g, params)),
            ("ties", lambda g=g, d=dyads: trust.multiplex_ties(g, params, d)),
            ("allies", lambda g=g: allies.potential_allies(g, params)),
            ("isolated", lambda g=g: isolation.flag_isolated(g, params)),
        ]
        total_wall = total_cpu = 0.0
        allies_wall = 0.0
        for name, fn in steps:
            wall, cpu = timed(fn)
            total_wall += wall
            total_cpu += cpu
            if name == "allies":
                allies_wall = wall
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:>8} {name:<22} {wall:>8.2f} {cpu:>8.2f} {peak:>8.0f}")
        print(f"{n:>8} {'all findings':<22} {total_wall:>8.2f} {total_cpu:>8.2f}")
        if n <= BASELINE_MAX:
            wall, cpu = timed(lambda g=g: networkx_allies(g, params.allies_top_k))
            print(f"{n:>8} {'baseline: networkx':<22} {wall:>8.2f} {cpu:>8.2f}")
            print(f"{n:>8} {'allies speed-up':<22} {wall / max(allies_wall, 1e-9):>8.1f}x")
        print(flush=True)


if __name__ == "__main__":
    main()
