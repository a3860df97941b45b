"""Benchmark of the analytics core against the same pipeline written with networkx.

Runs the full :func:`stakeholder_graph.analysis.analyze` on generated networks (default 1k, 10k
and 100k organizations, ~10 interactions each) and, at the sizes given by ``--networkx-sizes``,
the same measures computed with networkx (betweenness, closeness, harmonic, PageRank,
eigenvector, constraint, k-core, Louvain communities — networkx has no Leiden of its own — and
brokerage by walking the two-paths). The steps that are not graph algorithms (trust,
initiative, ties, allies, isolation) are the same pandas code in both pipelines. Each size runs
in its own subprocess, so peak memory (max RSS, main process and its workers) is per size.

It also reports, at 10k organizations, the rank correlation of pivot-sampled with exact
betweenness, and the betweenness step alone on a 10k-organization / ~50k-tie network: igraph's
single-threaded call against the two-process split used by the core.

Usage::

    python benchmarks/bench_core.py                        # 1k, 10k, 100k; networkx at 1k
    python benchmarks/bench_core.py --networkx-sizes 1000,10000   # networkx at 10k too (long)
    python benchmarks/bench_core.py --sizes 1000 --networkx-sizes 1000   # quick

The networkx pipeline at 10k takes about a quarter of an hour of CPU; it can be run on its own
(``--child networkx --n 10000 > nx10k.json``) and its result included with
``--networkx-results nx10k.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SPEEDUP_10K = 40.0
GOAL_BETWEENNESS_10K = 8.2
GOAL_100K_SECONDS = 60.0
GOAL_100K_MB = 4096.0


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": round(own, 1), "worker_peak_mb": round(workers, 1)}


def _network(n: int, seed: int, per_org: float):
    from stakeholder_graph.dataset.generate import generate_network

    return generate_network(n, seed, interactions_per_org=per_org)


def child_igraph(n: int, seed: int, per_org: float) -> dict:
    from stakeholder_graph.analysis import analyze

    data = _network(n, seed, per_org)
    started = time.perf_counter()
    result = analyze(data)
    total = time.perf_counter() - started
    s = result.summary
    return {
        "n": n,
        "ties": s["size"]["ties"],
        "interactions": s["size"]["interactions"],
        "exact": s["paths"]["exact"],
        "pivots": s["paths"]["pivots"],
        "timings": s["timings"],
        "cpu_timings": s["cpu_timings"],
        "total": round(total, 3),
        "cpu_total": s["cpu_timings"]["total"],
        **_peak_mb(),
    }


def _nx_brokerage(twin, sector) -> None:
    """Gould–Fernandez roles, cross-sector pairs and E-I by walking neighbourhoods."""
    from itertools import combinations

    directed = twin if twin.is_directed() else twin.to_directed()
    roles = {}
    for b in directed.nodes:
        counts = [0] * 5
        for a in directed.predecessors(b):
            for c in directed.successors(b):
                if a == c or directed.has_edge(a, c):
                    continue
                sa, sb, sc = sector[a], sector[b], sector[c]
                if sa == sb == sc:
                    counts[0] += 1
                elif sa == sc:
                    counts[1] += 1
                elif sb == sc:
                    counts[2] += 1
                elif sa == sb:
                    counts[3] += 1
                else:
                    counts[4] += 1
        roles[b] = counts
    undirected = twin.to_undirected(as_view=True)
    cross = {}
    for b in undirected.nodes:
        cross[b] = sum(
            1
            for a, c in combinations(list(undirected.neighbors(b)), 2)
            if sector[a] != sector[c] and not undirected.has_edge(a, c)
        )
    for v in undirected.nodes:
        ext = sum(sector[u] != sector[v] for u in undirected.neighbors(v))
        _ = (ext, undirected.degree(v) - ext)


def child_networkx(n: int, seed: int, per_org: float) -> dict:
    import networkx as nx

    from stakeholder_graph.analysis import AnalysisParams
    from stakeholder_graph.network import allies, isolation, trust
    from stakeholder_graph.network.graph import build_graph

    data = _network(n, seed, per_org)
    params = AnalysisParams()
    t: dict[str, float] = {}
    cpu: dict[str, float] = {}
    started, started_cpu = time.perf_counter(), time.process_time()

    def clock(name, func, *args, **kwargs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = func(*args, **kwargs)
        t[name] = round(time.perf_counter() - start, 3)
        cpu[name] = round(time.process_time() - start_cpu, 3)
        print(f"  networkx {n}: {name} {t[name]} s", file=sys.stderr, flush=True)
        return out

    def build():
        g = build_graph(data, params.graph)
        twin = nx.Graph()
        twin.add_nodes_from(range(g.n))
        e = g.edges
        twin.add_weighted_edges_from(
            zip(e["u"].tolist(), e["v"].tolist(), e["weight"].tolist(), strict=True)
        )
        return g, twin

    g, twin = clock("graph", build)
    clock("degree", lambda: (dict(twin.degree()), dict(twin.degree(weight="weight"))))
    clock(
        "paths",
        lambda: (
            nx.betweenness_centrality(twin, normalized=False),
            nx.closeness_centrality(twin, wf_improved=False),
            nx.harmonic_centrality(twin),
        ),
    )
    clock("pagerank", nx.pagerank, twin, weight="weight")
    largest = max(nx.connected_components(twin), key=len)
    clock("eigenvector", nx.eigenvector_centrality_numpy, twin.subgraph(largest), weight="weight")
    clock("constraint", nx.constraint, twin, weight="weight")
    clock("coreness", nx.core_number, twin)
    clock("communities", nx.community.louvain_communities, twin, weight="weight", seed=seed)
    clock("brokerage", _nx_brokerage, twin, list(g.sector))

    def trust_tables():
        dyads = trust.trust_dyads(g)
        trust.sector_trust(g)
        trust.organization_trust(g)
        return dyads

    dyads = clock("trust", trust_tables)
    clock("initiative", trust.initiative, g, params)
    clock("ties", trust.multiplex_ties, g, params, dyads)
    clock("allies", allies.potential_allies, g, params)
    clock("isolation", isolation.flag_isolated, g, params)
    t["total"] = round(time.perf_counter() - started, 3)
    cpu["total"] = round(time.process_time() - started_cpu, 3)
    return {
        "n": n,
        "timings": t,
        "cpu_timings": cpu,
        "total": t["total"],
        "cpu_total": cpu["total"],
        **_peak_mb(),
    }


def child_sampling(n: int, seed: int, per_org: float) -> dict:
    """Sampled vs exact betweenness at ``n``, and the betweenness step at ~5 ties per org."""
    from scipy.stats import spearmanr

    from stakeholder_graph.network.graph import GraphOptions, build_graph
    from stakeholder_graph.network.paths import path_measures

    g = build_graph(_network(n, seed, per_org))
    exact = path_measures(g, closeness=False)
    out: dict = {"n": n, "ties": g.graph.ecount()}
    for pivots in (128, 256, 512, 1024):
        start = time.perf_counter()
        sampled = path_measures(g, exact_threshold=0, pivots=pivots, seed=seed)
        seconds = time.perf_counter() - start
        top = max(1, n // 100)
        top_exact = set(exact.betweenness.argsort()[-top:])
        top_sampled = set(sampled.betweenness.argsort()[-top:])
        out[f"pivots_{pivots}"] = {
            "spearman": round(float(spearmanr(sampled.betweenness, exact.betweenness)[0]), 4),
            "top1pct_overlap": round(len(top_exact & top_sampled) / top, 3),
            "seconds": round(seconds, 3),
        }

    # the betweenness step on a network of ~5 ties per organization
    small = build_graph(_network(n, seed, per_org / 2), GraphOptions(coparticipation=False))
    out["ties_betweenness"] = small.graph.ecount()
    from stakeholder_graph.network.centrality import cpu_seconds

    start, start_cpu = time.perf_counter(), cpu_seconds()
    single = small.graph.betweenness()
    out["igraph_single_thread"] = round(time.perf_counter() - start, 3)
    out["igraph_single_thread_cpu"] = round(cpu_seconds() - start_cpu, 3)
    start, start_cpu = time.perf_counter(), cpu_seconds()
    split = path_measures(small, closeness=False, processes=2)
    out["two_processes"] = round(time.perf_counter() - start, 3)
    out["two_processes_cpu"] = round(cpu_seconds() - start_cpu, 3)
    import numpy as np

    out["max_abs_difference"] = float(np.abs(np.asarray(single) - split.betweenness).max())
    return out


CHILDREN = {"igraph": child_igraph, "networkx": child_networkx, "sampling": child_sampling}


def run_child(kind: str, n: int, seed: int, per_org: float) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--n", str(n), "--seed", str(seed)]
    cmd += ["--per-org", str(per_org)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    print(f"running {kind} at {n} organizations …", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    sys.stderr.write(done.stderr[-2000:] if done.returncode else "")
    if done.returncode:
        raise SystemExit(f"{kind} at {n} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


STEPS = (
    "graph", "degree", "paths", "pagerank", "eigenvector", "constraint", "coreness",
    "communities", "brokerage", "trust", "initiative", "ties", "allies", "isolation", "total",
)  # fmt: skip


def _fmt(value: float | None, width: int = 9) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'–':>{width}}"


def print_report(results: dict) -> None:
    ig_runs = results["igraph"]
    nx_runs = {r["n"]: r for r in results["networkx"]}
    print(f"\nload average at start: {results['load']}, at end: {os.getloadavg()}")
    print(f"cores: {os.cpu_count()}; wall = elapsed seconds, CPU = CPU seconds incl. workers")
    print(
        "\nFull analysis. networkx is single-threaded, so its CPU seconds are its wall-clock time on"
        "\nan idle core: speed-up = networkx CPU / igraph wall (both cores), and CPU / CPU."
    )
    print(
        f"{'orgs':>7} {'ties':>8} {'inter.':>8} {'betweenness':>11} {'wall s':>8} {'CPU s':>8} "
        f"{'peak MB':>9} {'nx CPU s':>9} {'× wall':>7} {'× CPU':>6}"
    )
    for r in ig_runs:
        how = "exact" if r["exact"] else f"{r['pivots']} pivots"
        nxr = nx_runs.get(r["n"])
        mem = f"{r['peak_mb']:.0f}+{r['worker_peak_mb']:.0f}"
        nx_cpu = f"{nxr['cpu_total']:.1f}" if nxr else "–"
        x_wall = f"{nxr['cpu_total'] / r['total']:.0f}" if nxr else "–"
        x_cpu = f"{nxr['cpu_total'] / r['cpu_total']:.0f}" if nxr else "–"
        print(
            f"{r['n']:>7} {r['ties']:>8} {r['interactions']:>8} {how:>11} {r['total']:>8.2f} "
            f"{r['cpu_total']:>8.2f} {mem:>9} {nx_cpu:>9} {x_wall:>7} {x_cpu:>6}"
        )
    for kind, key in (("wall-clock", "timings"), ("CPU", "cpu_timings")):
        print(f"\nPer step, {kind} seconds: igraph core | networkx pipeline")
        cols = [f"ig {r['n'] // 1000}k" for r in ig_runs] + [f"nx {n // 1000}k" for n in nx_runs]
        print(f"{'step':>12} " + " ".join(f"{c:>9}" for c in cols))
        for step in STEPS:
            vals = [r[key].get(step) for r in ig_runs]
            vals += [nx_runs[n][key].get(step) for n in nx_runs]
            print(f"{step:>12} " + " ".join(_fmt(v) for v in vals))
    graph_steps = STEPS[:9]
    for n, nxr in nx_runs.items():
        igr = next((r for r in ig_runs if r["n"] == n), None)
        if igr:
            a = sum(igr["timings"].get(s, 0) for s in graph_steps)
            b = sum(nxr["cpu_timings"].get(s, 0) for s in graph_steps)
            print(
                f"graph measures only (graph … brokerage) at {n}: igraph {a:.2f} s wall, "
                f"networkx {b:.1f} s CPU, {b / a:.0f}×"
            )
    s = results.get("sampling")
    if s:
        print(f"\nSampled vs exact betweenness at {s['n']} organizations / {s['ties']} ties")
        print(f"{'pivots':>7} {'spearman':>9} {'top-1% overlap':>15} {'wall s':>8}")
        for key in sorted((k for k in s if k.startswith("pivots_")), key=lambda k: int(k[7:])):
            v = s[key]
            print(
                f"{key[7:]:>7} {v['spearman']:>9.4f} {v['top1pct_overlap']:>15.3f} "
                f"{v['seconds']:>8.2f}"
            )
        print(
            f"\nBetweenness step, {s['n']} orgs / {s['ties_betweenness']} ties (goal < "
            f"{GOAL_BETWEENNESS_10K} s):\n  igraph single thread {s['igraph_single_thread']:.2f} s "
            f"wall ({s['igraph_single_thread_cpu']:.2f} s CPU); two processes "
            f"{s['two_processes']:.2f} s wall ({s['two_processes_cpu']:.2f} s CPU); "
            f"max |difference| {s['max_abs_difference']:.1e}"
        )
    big = next((r for r in ig_runs if r["n"] >= 100_000), None)
    if big:
        print(
            f"100k: {big['total']:.1f} s wall, {big['cpu_total']:.1f} s CPU (goal < "
            f"{GOAL_100K_SECONDS:.0f} s); peak {big['peak_mb']:.0f} MB + workers "
            f"{big['worker_peak_mb']:.0f} MB (goal < {GOAL_100K_MB:.0f} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--networkx-sizes", default="1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-org", type=float, default=10.0)
    parser.add_argument("--no-sampling", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the raw results here.")
    parser.add_argument(
        "--networkx-results",
        type=Path,
        action="append",
        default=[],
        help="Include a networkx run saved earlier (the JSON line of --child networkx).",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN))
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.n, args.seed, args.per_org)))
        return
    sizes = [int(x) for x in args.sizes.split(",") if x]
    nx_sizes = [int(x) for x in args.networkx_sizes.split(",") if x]
    results: dict = {"load": os.getloadavg(), "igraph": [], "networkx": []}
    for n in sizes:
        results["igraph"].append(run_child("igraph", n, args.seed, args.per_org))
    for n in nx_sizes:
        results["networkx"].append(run_child("networkx", n, args.seed, args.per_org))
    for saved in args.networkx_results:
        results["networkx"].append(json.loads(saved.read_text().strip().splitlines()[-1]))
    if not args.no_sampling and 10_000 in sizes:
        results["sampling"] = run_child("sampling", 10_000, args.seed, args.per_org)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print_report(results)


if __name__ == "__main__":
    main()
