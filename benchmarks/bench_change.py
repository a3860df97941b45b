"""Benchmark compare, what-if (key players) and backtest-allies on generated networks.

Prints wall and CPU seconds per step with the load average and CPU model. The baseline, in the
same run, is what one ``analyze`` already pays for the same network: one graph build and the
centrality table; for what-if also igraph's exact betweenness before and after (what it used
to compute) against the compiled kernel, exact and sampled (the default above 5 000) (compare builds two windows and computes it twice; what-if a removal and the
key players; backtest two builds and five rankings).

The Change view's new period pair (``--pair``, the dashboard issue's budget: 1.5 s at 5,000,
3 s at 20,000 organizations) against its baseline in the same run, ``compare`` of the pair from
scratch (what the view computed before): the default pair 2023 vs 2024 compared first (the app
prefetches it), then 2022 vs 2024 asked for — a quick comparison (2022's paths sampled, 2024's
measures reused) and the exact one the background worker finishes. With ``--pair`` also the
Isolated view's year change on a window not analysed yet (the same issue, 3 s at 20,000):
the quick analysis it waited for before against the first look it waits for now (the window's
graph and isolation flags), each after one warm-up analysis of another window.

    .venv/bin/python benchmarks/bench_change.py                 # 1k and 10k organizations
    .venv/bin/python benchmarks/bench_change.py --sizes 1000 3000
    .venv/bin/python benchmarks/bench_change.py --pair --sizes 5000 20000
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
    parser.add_argument(
        "--pair", action="store_true", help="only the Change view's new period pair"
    )
    args = parser.parse_args()
    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores)")
    print(f"{'orgs':>7} {'step':<44} {'wall s':>8} {'cpu s':>8} {'load avg (1/5/15 min)':>24}")
    for n in args.sizes:
        if args.pair:
            bench_pair(n, args.seed)
        else:
            bench(n, args.seed)


def _row(n: int, name: str, wall: float, cpu: float) -> None:
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{n:>7} {name:<44} {wall:>8.2f} {cpu:>8.2f} {load:>24}", flush=True)


def bench_pair(n: int, seed: int) -> None:
    """The Change view's new period pair: baseline ``compare`` vs the quick comparison."""
    from dashboards.change import ComparisonStore
    from dashboards.data import DashboardData

    data = generate_network(n, seed=seed)
    dashboard = DashboardData(data, quick_above=0)
    store = ComparisonStore(dashboard, quick=True)
    try:
        key = store._key("2023", "2024", ())
        _row(
            n, "default pair 2023 | 2024 (prefetched)", *timed(lambda: store.store.get(key, False))
        )
        _row(
            n,
            "baseline: compare 2022 | 2024 from scratch",
            *timed(lambda: compare(data, parse_period("2022"), parse_period("2024"))),
        )
        _row(n, "new pair 2022 | 2024: quick comparison", *timed(lambda: store.get("2022", "2024")))
        start = time.perf_counter()
        while not store.is_settled("2022", "2024"):
            time.sleep(0.05)
        _row(n, "  exact one replaced it after (worker, wall)", time.perf_counter() - start, 0.0)
        _row(
            n,
            "new pair 2023 | 2024-01-01:2024-06-30: quick",
            *timed(lambda: store.get("2023", "2024-01-01:2024-06-30")),
        )
        bench_first_look(n, data, dashboard)
    finally:
        store.close()
        dashboard.analyses.close()


def bench_first_look(n: int, data, dashboard) -> None:
    """The Isolated view's year change on a window not analysed yet: before (the quick
    analysis) and after (the first look), server side."""
    from dashboards.precompute import first_look, quick_params
    from dashboards.state import FilterState
    from stakeholder_graph.analysis import analyze

    first, last = dashboard.options.years
    warm = dashboard.analysis_params(FilterState(year_from=first + 2))
    analyze(data, quick_params(warm))  # compiled kernels loaded, as in a running dashboard
    window = FilterState(year_from=first + 1, year_to=last - 1)
    params = dashboard.analysis_params(window)
    name = f"year change {first + 1}-{last - 1}:"
    _row(n, f"{name} quick pass (before)", *timed(lambda: analyze(data, quick_params(params))))
    _row(n, f"{name} first look (after)", *timed(lambda: first_look(data, params)))


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
        _row(n, name, *timed(fn))


if __name__ == "__main__":
    main()
