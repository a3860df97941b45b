"""Benchmark of the analytics core against the same pipeline written with networkx.

Runs the full :func:`stakeholder_graph.analysis.analyze` on generated networks (default 10k, 50k
and 100k organizations, ~10 interactions each) and, at the sizes given by ``--networkx-sizes``,
the same measures computed with networkx (betweenness, closeness, harmonic, PageRank,
eigenvector, constraint, k-core, Louvain communities — networkx has no Leiden of its own — and
brokerage by walking the two-paths). The steps that are not graph algorithms (trust,
initiative, ties, allies, isolation) are the same pandas code in both pipelines. Each size runs
in its own subprocess, so peak memory (max RSS of the process, and of any child processes) is
per size. The analysis runs as the command line runs it: the network is generated into a dataset
folder by ``stakeholder-graph generate`` in a process of its own, read from there, and each table
is written to a temporary folder as soon as it is final. Then ``validate`` and ``analyze`` run
on the same folder as a user runs them, with their wall-clock time and max RSS (what
``/usr/bin/time -v`` reports). Every report starts and ends with the load average and names the
CPU model: on a shared machine, compare figures only within one run.

At 10k organizations it also times the path step alone: igraph's exact betweenness (its own
call, one thread) against the compiled single-pass kernel (betweenness, closeness and harmonic
together; one thread and every core), and the quality of sampled betweenness (Spearman ρ and
top-1 % recall against the exact values) for fixed pivot counts and for the adaptive budget.

Usage::

    python benchmarks/bench_core.py                          # 10k, 50k, 100k; networkx at none
    python benchmarks/bench_core.py --ci                     # the CI check: CPU ratios at 10k
    python benchmarks/bench_core.py --sizes 10000 --check    # every goal at 10k
    python benchmarks/bench_core.py --sizes 100000 --check   # by hand: goals at 100k
    python benchmarks/bench_core.py --cold-jit ...           # count numba compilation too

The networkx pipeline at 10k takes an hour or more of CPU (its paths alone: one pure-Python
search per source, three times); run it on its own (``--child networkx --n 10000 >
benchmarks/results/networkx_10k.json``), or with ``NX_SHARE=0.02`` in the environment to time
the per-vertex steps on 2 % of the vertices and scale them (an estimate, labelled as such). The
saved file is read by default and printed with its date, CPU model and load average. ``--check`` exits with status
1 when a goal (:data:`GOALS`) is missed at the sizes run.

The sampled-vs-exact run at 50k (``--child quality --n 50000 >
benchmarks/results/quality_50k.json``) spends minutes on the exact paths: with
``SG_BENCH_EXACT_CACHE=/tmp/some-folder`` in the environment they are saved there once (with
their cost and date) and reused, so that the sampled side can be measured again quickly.
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

from stakeholder_graph.machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
"""Saved runs too slow to repeat every time: ``networkx_10k.json`` (the networkx pipeline at
10k) and ``quality_50k.json`` (sampled against exact paths at 50k); each records its date, CPU
and load average, and is printed with them."""
GOALS = {
    "analysis_10k_s": 10.0,
    "speedup_networkx_10k": 50.0,
    "analysis_100k_s": 40.0,
    "paths_100k_s": 20.0,
    "allies_100k_s": 5.0,
    "peak_100k_mb": 1024.0,
    "cli_peak_100k_mb": 1024.0,
    "cli_analyze_100k_s": 60.0,
    "cli_validate_100k_s": 4.0,
    "cli_io_100k_s": 12.0,
    "spearman_10k": 0.95,
    "top1_recall_10k": 0.90,
    "spearman_50k": 0.95,
    "top1_recall_50k": 0.90,
    "analysis_10k_cpu_ratio": 0.5,
    "paths_10k_cpu_ratio": 0.35,
}
"""The goals ``--check`` enforces (seconds are wall-clock, memory is main + children).

The two ratios are the CI form of the 10k goal, robust to a busy machine: CPU seconds of the
whole analysis (and of its path step: betweenness, closeness and harmonic) divided by the CPU
seconds igraph's own exact betweenness would take on the same graph in the same process,
estimated from :data:`BASELINE_SOURCES` sources and scaled to all. On an idle core igraph's
exact betweenness at 10k costs about 20 CPU seconds, so 0.5 is 10 CPU seconds: the 10 s wall goal
with room for the steps that run on one core."""
CI_GOALS = ("analysis_10k_cpu_ratio",)
"""What ``--ci`` enforces (the wall-clock goals are printed, not enforced, on a shared runner; the
path step's ratio is printed too, but varied 0.27–0.37 idle with unchanged code: see
docs/performance.md)."""
CI_ATTEMPTS = 3
"""``--ci`` measures the 10k analysis again, at most this many times in all, while a ratio is
missed: other work on a shared 2-core machine still inflates the CPU seconds of the analysis
(run on one thread for ``--ci``) more than those of its baseline."""
BASELINE_SOURCES = 400
"""Sources of igraph's betweenness in the same-run baseline (its cost is per source)."""


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": round(own, 1), "worker_peak_mb": round(workers, 1)}


def _network(n: int, seed: int, per_org: float):
    from stakeholder_graph.dataset.generate import generate_network

    return generate_network(n, seed, interactions_per_org=per_org)


def dataset_folder(root: Path, n: int, seed: int, per_org: float) -> Path:
    """The generated network as a dataset folder under ``root``, written once by the command
    line's ``generate`` in a process of its own (its memory is not the analysis')."""
    folder = root / f"data_{n}_{seed}_{per_org:g}"
    if not (folder / "interactions.csv").exists():
        subprocess.run(
            [*COMMAND, "generate", "--orgs", str(n), "--seed", str(seed)]
            + ["--interactions-per-org", str(per_org), "--out", str(folder)],
            capture_output=True,
            check=True,
            cwd=ROOT,
        )
    return folder


def child_igraph(n: int, seed: int, per_org: float, folder: str | None = None) -> dict:
    """The analysis as ``analyze --source FOLDER --out …`` runs it: the network read from the
    dataset folder and handed over, each table written as soon as it is final."""
    import tempfile

    import numpy as np

    from stakeholder_graph.analysis import AnalysisParams, TableWriter, analyze
    from stakeholder_graph.network.allies_kernel import shared_columns
    from stakeholder_graph.network.graph import graph_from_edges
    from stakeholder_graph.network.paths import path_measures
    from stakeholder_graph.sources import read_network

    network = [read_network(folder) if folder else _network(n, seed, per_org)]
    data = network[0] if n <= 20_000 else None  # the same-run baseline needs it afterwards
    started = time.perf_counter()
    path_measures(graph_from_edges([(0, 1), (1, 2)]))  # load (or compile) the kernels
    shared_columns(np.array([0, 1]), np.array([0]), np.array([0]), np.array([0]))
    if os.environ.get("SG_BENCH_WARMUP"):
        # a fresh clone compiles every kernel on first use: time the analysis, not numba
        analyze(network[0])
    jit = time.perf_counter() - started
    peaks: dict[str, float] = {}
    current = ["start"]

    def step_started(name: str) -> None:  # peak so far = peak up to the end of the last step
        peaks[current[0]] = _peak_mb()["peak_mb"]
        current[0] = name

    # --ci: one thread, so that the CPU seconds are the work alone (two threads on a busy
    # machine also count the time one waits for the other at the end of the searches)
    threads = int(os.environ.get("SG_BENCH_THREADS", "0")) or None
    # the baseline before and after the analysis, averaged: a shared host's speed drifts
    # within a minute, and one side measured only after the analysis followed the drift alone
    first = _igraph_baseline(data, threads or 0) if n <= 20_000 else {}
    with tempfile.TemporaryDirectory() as out:
        writer = TableWriter(out, keep=("centrality", "brokerage"))  # what the CLI keeps
        params = AnalysisParams(processes=threads)
        result = analyze(network.pop(), params, progress=step_started, sink=writer)
        writer.finish(result)
    # the analysis' own clock (summary.json's total): writing the tables is the command line's
    # share, measured with it below
    total = result.summary["timings"]["total"]
    peaks[current[0]] = _peak_mb()["peak_mb"]
    s = result.summary
    baseline = _igraph_baseline(data, s["paths"]["processes"]) if n <= 20_000 else {}
    if first:
        pair = (first["igraph_betweenness_cpu"], baseline["igraph_betweenness_cpu"])
        baseline["igraph_betweenness_cpu"] = round(sum(pair) / 2, 3)
        baseline["igraph_betweenness_cpu_before_after"] = pair
    return {
        "n": n,
        "ties": s["size"]["ties"],
        "interactions": s["size"]["interactions"],
        "exact": s["paths"]["exact"],
        "pivots": s["paths"]["pivots"],
        "error": s["paths"].get("error", {}),
        "jit": round(jit, 3),
        "timings": s["timings"],
        "cpu_timings": s["cpu_timings"],
        "total": round(total, 3),
        "cpu_total": s["cpu_timings"]["total"],
        "step_peak_mb": peaks,
        "baseline": baseline,
        **_peak_mb(),
    }


def _igraph_baseline(data, threads: int) -> dict:
    """CPU seconds igraph's exact betweenness would take on the analysis graph, from
    :data:`BASELINE_SOURCES` random sources scaled to every vertex (one thread)."""
    import numpy as np

    from stakeholder_graph.network.centrality import cpu_seconds
    from stakeholder_graph.network.graph import build_graph

    g = build_graph(data)
    k = min(g.n, BASELINE_SOURCES)
    sources = np.random.default_rng(0).choice(g.n, k, replace=False).tolist()
    start, start_cpu = time.perf_counter(), cpu_seconds()
    g.graph.betweenness(directed=g.directed, sources=sources)
    scale = g.n / max(k, 1)
    return {
        "sources": k,
        "igraph_betweenness_cpu": round((cpu_seconds() - start_cpu) * scale, 3),
        "igraph_betweenness_wall": round((time.perf_counter() - start) * scale, 3),
        "threads": threads,
    }


def _nx_brokerage(twin, sector, nodes=None) -> None:
    """Gould–Fernandez roles, cross-sector pairs and E-I by walking neighbourhoods."""
    from itertools import combinations

    directed = twin if twin.is_directed() else twin.to_directed()
    nodes = list(twin.nodes) if nodes is None else nodes
    roles = {}
    for b in nodes:
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
    for b in nodes:
        cross[b] = sum(
            1
            for a, c in combinations(list(undirected.neighbors(b)), 2)
            if sector[a] != sector[c] and not undirected.has_edge(a, c)
        )
    for v in nodes:
        ext = sum(sector[u] != sector[v] for u in undirected.neighbors(v))
        _ = (ext, undirected.degree(v) - ext)


def child_networkx(n: int, seed: int, per_org: float) -> dict:
    """The networkx pipeline at ``n``.

    With ``NX_SHARE`` (environment, e.g. ``0.02``) below 1, the per-vertex steps (paths: one
    search per source; constraint; brokerage) run for that random share of the vertices only
    and their seconds are scaled by ``1 / share``: each vertex costs the same work in the full
    run, so the scaled figure estimates it without hours of CPU. The result says so
    (``share``, ``scaled_steps``).
    """
    import networkx as nx
    import numpy as np

    from stakeholder_graph.analysis import AnalysisParams
    from stakeholder_graph.network import allies, isolation, trust
    from stakeholder_graph.network.graph import build_graph

    data = _network(n, seed, per_org)
    params = AnalysisParams()
    load_start = os.getloadavg()
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
    share = float(os.environ.get("NX_SHARE", "1"))
    scaled = ("paths", "constraint", "brokerage") if share < 1 else ()
    rng = np.random.default_rng(seed)
    sample = sorted(rng.choice(g.n, max(1, round(share * g.n)), replace=False).tolist())
    clock("degree", lambda: (dict(twin.degree()), dict(twin.degree(weight="weight"))))
    if scaled:
        clock(
            "paths",
            lambda: (
                nx.betweenness_centrality_subset(twin, sample, list(twin.nodes)),
                [nx.closeness_centrality(twin, u=v, wf_improved=True) for v in sample],
                nx.harmonic_centrality(twin, sources=sample),
            ),
        )
    else:
        clock(
            "paths",
            lambda: (
                nx.betweenness_centrality(twin, normalized=False),
                nx.closeness_centrality(twin, wf_improved=True),
                nx.harmonic_centrality(twin),
            ),
        )
    clock("pagerank", nx.pagerank, twin, weight="weight")
    largest = max(nx.connected_components(twin), key=len)
    clock("eigenvector", nx.eigenvector_centrality_numpy, twin.subgraph(largest), weight="weight")
    clock("constraint", nx.constraint, twin, nodes=sample if scaled else None, weight="weight")
    clock("coreness", nx.core_number, twin)
    clock("communities", nx.community.louvain_communities, twin, weight="weight", seed=seed)
    clock("brokerage", _nx_brokerage, twin, list(g.sector), sample if scaled else None)

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
    for name in scaled:  # the estimate of the full run: every vertex costs the same search
        t["total"] += round(t[name] * (1 / share - 1), 3)
        cpu["total"] += round(cpu[name] * (1 / share - 1), 3)
        t[name] = round(t[name] / share, 3)
        cpu[name] = round(cpu[name] / share, 3)
    return {
        "n": n,
        "share": share,
        "scaled_steps": list(scaled),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu_model(),
        "load_start": load_start,
        "load_end": os.getloadavg(),
        "timings": t,
        "cpu_timings": cpu,
        "total": t["total"],
        "cpu_total": cpu["total"],
        **_peak_mb(),
    }


def _quality(sampled, exact) -> dict:
    import numpy as np
    from scipy.stats import spearmanr

    n = len(exact.betweenness)
    top = max(1, n // 100)
    top_exact = set(exact.betweenness.argsort()[-top:])
    top_sampled = set(sampled.betweenness.argsort()[-top:])
    best = exact.betweenness.argsort()[-top:]
    actual = np.abs(sampled.betweenness[best] - exact.betweenness[best]) / exact.betweenness[best]
    return {
        "pivots": sampled.pivots,
        "spearman": round(float(spearmanr(sampled.betweenness, exact.betweenness)[0]), 4),
        "top1_recall": round(len(top_exact & top_sampled) / top, 3),
        "closeness_spearman": round(float(spearmanr(sampled.closeness, exact.closeness)[0]), 4),
        "stated_top1_halfwidth": round(sampled.error.get("top1_relative_halfwidth", 0.0), 3),
        # the honesty check of the stated error: the actual relative error of the exact top 1 %
        # (median, and its 95th percentile to set beside the stated 95 % half-width)
        "actual_top1_median_error": round(float(np.median(actual)), 3),
        "actual_top1_p95_error": round(float(np.percentile(actual, 95)), 3),
    }


def child_paths(n: int, seed: int, per_org: float) -> dict:
    """The path step alone at ``n``: igraph against the kernel, and sampling quality."""
    import numpy as np

    from stakeholder_graph.network.brandes_kernel import thread_count
    from stakeholder_graph.network.centrality import cpu_seconds
    from stakeholder_graph.network.graph import build_graph
    from stakeholder_graph.network.paths import path_measures

    g = build_graph(_network(n, seed, per_org))
    out: dict = {"n": n, "ties": g.graph.ecount(), "threads": thread_count(None)}

    def timed(name, func, *args, **kwargs):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        value = func(*args, **kwargs)
        out[name] = {
            "wall": round(time.perf_counter() - start, 3),
            "cpu": round(cpu_seconds() - start_cpu, 3),
        }
        return value

    path_measures(g, exact_threshold=0, pivots=2, processes=1)  # load the kernel
    reference = timed("igraph_betweenness_1_thread", g.graph.betweenness, directed=False)
    one = timed("kernel_1_thread", path_measures, g, exact_threshold=n, processes=1)
    exact = timed("kernel_all_threads", path_measures, g, exact_threshold=n)
    out["max_abs_difference"] = float(np.abs(np.asarray(reference) - one.betweenness).max())
    out["threads_agree"] = bool(np.allclose(one.betweenness, exact.betweenness, rtol=1e-12))
    out["sampled"] = []
    for pivots in (256, 512, 1024, 1536, 2048, None):
        sampled = path_measures(g, exact_threshold=0, pivots=pivots, seed=seed)
        out["sampled"].append({"criterion": pivots or "adaptive", **_quality(sampled, exact)})
    return out


def _exact_paths(g, n: int, seed: int, per_org: float):
    """Exact path measures at ``n`` and their cost; kept in ``$SG_BENCH_EXACT_CACHE`` (a folder
    outside the repository) when set, so that a rerun of the sampled side reuses them."""
    import numpy as np

    from stakeholder_graph.network.centrality import cpu_seconds
    from stakeholder_graph.network.paths import PathMeasures, path_measures

    folder = os.environ.get("SG_BENCH_EXACT_CACHE")
    cached = Path(folder) / f"exact_{n}_{seed}_{per_org:g}.npz" if folder else None
    if cached is not None and cached.exists():
        saved = np.load(cached)
        exact = PathMeasures(
            saved["betweenness"], saved["betweenness"], saved["closeness"], saved["harmonic"],
            exact=True, pivots=n, processes=0,
        )  # fmt: skip
        cost = json.loads(str(saved["cost"]))
        return exact, {**cost, "from_cache": str(cached)}
    load = os.getloadavg()
    start, start_cpu = time.perf_counter(), cpu_seconds()
    exact = path_measures(g, exact_threshold=n)
    cost = {
        "wall": round(time.perf_counter() - start, 3),
        "cpu": round(cpu_seconds() - start_cpu, 3),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_start": load,
    }
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            cached, betweenness=exact.betweenness, closeness=exact.closeness,
            harmonic=exact.harmonic, cost=json.dumps(cost),
        )  # fmt: skip
    return exact, cost


def child_quality(n: int, seed: int, per_org: float) -> dict:
    """Sampled against exact paths at ``n`` (every vertex a source, every core): slow at 50k."""
    from stakeholder_graph.network.graph import build_graph
    from stakeholder_graph.network.paths import path_measures

    g = build_graph(_network(n, seed, per_org))
    load_start = os.getloadavg()
    exact, cost = _exact_paths(g, n, seed, per_org)
    out: dict = {
        "n": n,
        "ties": g.graph.ecount(),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu_model(),
        "load_start": load_start,
        "exact": cost,
        "sampled": [],
    }
    for pivots in (256, 512, 1024, 1536, 2048, None):
        sampled = path_measures(g, exact_threshold=0, pivots=pivots, seed=seed)
        out["sampled"].append({"criterion": pivots or "adaptive", **_quality(sampled, exact)})
    out["load_end"] = os.getloadavg()
    return out


CHILDREN = {
    "igraph": child_igraph,
    "networkx": child_networkx,
    "paths": child_paths,
    "quality": child_quality,
}


def run_child(
    kind: str,
    n: int,
    seed: int,
    per_org: float,
    cache: str | None = None,
    folder: Path | None = None,
) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--n", str(n), "--seed", str(seed)]
    cmd += ["--per-org", str(per_org)] + (["--data", str(folder)] if folder else [])
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if cache is not None:
        env["NUMBA_CACHE_DIR"] = cache
    print(f"running {kind} at {n} organizations …", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    sys.stderr.write(done.stderr[-2000:] if done.returncode else "")
    if done.returncode:
        raise SystemExit(f"{kind} at {n} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


COMMAND = [sys.executable, "-c", "from stakeholder_graph.entry import main; main()"]
"""``stakeholder-graph`` as installed, run with this interpreter."""


def run_command(args: list[str]) -> dict:
    """Wall-clock seconds and max RSS (what ``/usr/bin/time -v`` reports) of one command."""
    import tempfile

    with tempfile.TemporaryFile() as errors:  # a pipe left unread could fill and stall it
        started = time.perf_counter()
        process = subprocess.Popen(
            [*COMMAND, *args], stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        # reaped by wait4 (for its resource usage): Popen is told, so it never waits again
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            raise SystemExit(f"{args[0]} exited {code}: {errors.read()[-2000:]!r}")
    return {"wall": round(wall, 2), "max_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def command_line_runs(folder: Path, n: int) -> dict:
    """``validate`` and ``analyze`` on the dataset folder, as a user runs them."""
    out = folder.parent / f"analysis_{folder.name}"
    validate = run_command(["validate", str(folder)])
    analyze = run_command(["analyze", "--source", str(folder), "--out", str(out), "--force"])
    summary = json.loads((out / "summary.json").read_text())
    analysis = summary["timings"]["total"]
    return {
        "n": n,
        "validate": validate,
        "analyze": analyze,
        "analysis": analysis,
        "reading_validating_writing": round(analyze["wall"] - analysis, 2),
    }


STEPS = (
    "graph", "degree", "paths", "pagerank", "eigenvector", "constraint", "coreness",
    "communities", "brokerage", "trust", "initiative", "ties", "allies", "isolation", "total",
)  # fmt: skip


def _load(value) -> str:
    return "/".join(f"{x:.1f}" for x in value)


def _fmt(value: float | None, width: int = 9) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'–':>{width}}"


def print_report(results: dict) -> None:
    ig_runs = results["igraph"]
    nx_runs = {r["n"]: r for r in results["networkx"]}
    print(f"\nload average at start: {results['load']}, at end: {results['load_end']}")
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
    print("\nPeak memory (max RSS of the process, MB) at the end of each step")
    print(f"{'step':>12} " + " ".join(f"{'ig ' + str(r['n'] // 1000) + 'k':>9}" for r in ig_runs))
    names = list(dict.fromkeys(k for r in ig_runs for k in r.get("step_peak_mb", {})))
    for name in names:
        vals = [r.get("step_peak_mb", {}).get(name) for r in ig_runs]
        print(f"{name:>12} " + " ".join(_fmt(v, 9) for v in vals))
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
    p = results.get("paths")
    if p:
        print(f"\nPath step alone at {p['n']} organizations / {p['ties']} ties, exact:")
        for key in ("igraph_betweenness_1_thread", "kernel_1_thread", "kernel_all_threads"):
            v = p[key]
            print(f"  {key:<28} {v['wall']:>8.2f} s wall {v['cpu']:>8.2f} s CPU")
        print(
            "  (igraph: betweenness only; the kernel: betweenness, closeness and harmonic); "
            f"max |difference| {p['max_abs_difference']:.1e}; {p['threads']} threads agree: "
            f"{p['threads_agree']}"
        )
        print(f"\nSampled vs exact at {p['n']} organizations")
        print(
            f"{'budget':>9} {'pivots':>7} {'ρ betw.':>8} {'top-1% recall':>14} {'ρ clos.':>8} "
            f"{'stated ±':>9}"
        )
        for v in p["sampled"]:
            print(
                f"{v['criterion']!s:>9} {v['pivots']:>7} {v['spearman']:>8.4f} "
                f"{v['top1_recall']:>14.3f} {v['closeness_spearman']:>8.4f} "
                f"{v['stated_top1_halfwidth']:>9.3f}"
            )
    for q in results.get("quality", []):
        print(
            f"\nSampled vs exact at {q['n']} organizations / {q['ties']} ties (measured "
            f"{q['measured_at']}, {q['cpu']}, load {_load(q['load_start'])} → "
            f"{_load(q['load_end'])}; exact paths {q['exact']['wall']:.0f} s wall, "
            f"{q['exact']['cpu']:.0f} s CPU)"
        )
        print(
            f"{'budget':>9} {'pivots':>7} {'ρ betw.':>8} {'top-1% recall':>14} {'stated ±':>9} "
            f"{'actual median':>14} {'actual p95':>11}"
        )
        for v in q["sampled"]:
            print(
                f"{v['criterion']!s:>9} {v['pivots']:>7} {v['spearman']:>8.4f} "
                f"{v['top1_recall']:>14.3f} {v['stated_top1_halfwidth']:>9.3f} "
                f"{v.get('actual_top1_median_error', float('nan')):>14.3f} "
                f"{v.get('actual_top1_p95_error', float('nan')):>11.3f}"
            )
    if results.get("command_line"):
        print(
            "\nThe command line on the same dataset folders (wall-clock s and max RSS MB, what"
            "\n/usr/bin/time -v reports; reading + validating + writing = analyze's wall − the"
            "\nanalysis' own total in summary.json, so it includes the interpreter's start):"
        )
        print(
            f"{'orgs':>7} {'validate s':>11} {'MB':>7} {'analyze s':>10} {'MB':>7} "
            f"{'analysis s':>11} {'read+val+write s':>17}"
        )
        for c in results["command_line"]:
            v, a = c["validate"], c["analyze"]
            print(
                f"{c['n']:>7} {v['wall']:>11.2f} {v['max_rss_mb']:>7.0f} {a['wall']:>10.2f} "
                f"{a['max_rss_mb']:>7.0f} {c['analysis']:>11.2f} "
                f"{c['reading_validating_writing']:>17.2f}"
            )
    for r in ig_runs:
        print(
            f"\n{r['n']}: kernels loaded in {r['jit']:.2f} s; paths {r['timings']['paths']:.2f} s "
            f"({'exact' if r['exact'] else str(r['pivots']) + ' pivots'}); error "
            f"{json.dumps(r.get('error') or {})}"
        )


def check(results: dict) -> list[str]:
    """The goals missed by ``results`` (only those the sizes run can show)."""
    missed = []
    runs = {r["n"]: r for r in results["igraph"]}
    nx_runs = {r["n"]: r for r in results["networkx"]}

    def goal(name: str, value: float, ok: bool) -> None:
        print(f"  {name:<22} {value:>10.3f}  goal {GOALS[name]:g}  {'ok' if ok else 'MISSED'}")
        if not ok:
            missed.append(name)

    print("\nGoals:")
    if 10_000 in runs:
        goal(
            "analysis_10k_s",
            runs[10_000]["total"],
            runs[10_000]["total"] <= GOALS["analysis_10k_s"],
        )
    base = runs[10_000].get("baseline", {}) if 10_000 in runs else {}
    if base.get("igraph_betweenness_cpu"):
        r, ref = runs[10_000], base["igraph_betweenness_cpu"]
        ratio = r["cpu_total"] / ref
        goal("analysis_10k_cpu_ratio", ratio, ratio <= GOALS["analysis_10k_cpu_ratio"])
        ratio = r["cpu_timings"]["paths"] / ref
        goal("paths_10k_cpu_ratio", ratio, ratio <= GOALS["paths_10k_cpu_ratio"])
    if 10_000 in runs and 10_000 in nx_runs:
        speedup = nx_runs[10_000]["cpu_total"] / runs[10_000]["total"]
        goal("speedup_networkx_10k", speedup, speedup >= GOALS["speedup_networkx_10k"])
    if 100_000 in runs:
        r = runs[100_000]
        goal("analysis_100k_s", r["total"], r["total"] <= GOALS["analysis_100k_s"])
        goal("paths_100k_s", r["timings"]["paths"], r["timings"]["paths"] <= GOALS["paths_100k_s"])
        goal(
            "allies_100k_s",
            r["timings"]["allies"],
            r["timings"]["allies"] <= GOALS["allies_100k_s"],
        )
        peak = r["peak_mb"] + r["worker_peak_mb"]
        goal("peak_100k_mb", peak, peak <= GOALS["peak_100k_mb"])
    cli = {c["n"]: c for c in results.get("command_line", [])}
    if 100_000 in cli:
        c = cli[100_000]
        peak = c["analyze"]["max_rss_mb"]
        goal("cli_peak_100k_mb", peak, peak <= GOALS["cli_peak_100k_mb"])
        wall = c["analyze"]["wall"]
        goal("cli_analyze_100k_s", wall, wall <= GOALS["cli_analyze_100k_s"])
        wall = c["validate"]["wall"]
        goal("cli_validate_100k_s", wall, wall <= GOALS["cli_validate_100k_s"])
        io = c["reading_validating_writing"]
        goal("cli_io_100k_s", io, io <= GOALS["cli_io_100k_s"])
    p = results.get("paths")
    if p:
        adaptive = next(v for v in p["sampled"] if v["criterion"] == "adaptive")
        goal("spearman_10k", adaptive["spearman"], adaptive["spearman"] >= GOALS["spearman_10k"])
        recall = adaptive["top1_recall"]
        goal("top1_recall_10k", recall, recall >= GOALS["top1_recall_10k"])
    for q in results.get("quality", []):
        adaptive = next(v for v in q["sampled"] if v["criterion"] == "adaptive")
        k = f"{q['n'] // 1000}k"
        if f"spearman_{k}" not in GOALS:
            continue
        print(f"  (at {k}, saved run of {q['measured_at']}:)")
        rho, recall = adaptive["spearman"], adaptive["top1_recall"]
        goal(f"spearman_{k}", rho, rho >= GOALS[f"spearman_{k}"])
        goal(f"top1_recall_{k}", recall, recall >= GOALS[f"top1_recall_{k}"])
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--networkx-sizes", default="")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-org", type=float, default=10.0)
    parser.add_argument("--no-paths", action="store_true", help="Skip the path step at 10k.")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a goal is missed.")
    parser.add_argument(
        "--ci",
        action="store_true",
        help="The quick CI check: 10k only, no path-step comparison, exit 1 when a CPU ratio "
        "goal (CI_GOALS) is missed.",
    )
    parser.add_argument(
        "--cold-jit", action="store_true", help="Compile the kernels afresh (count numba's time)."
    )
    parser.add_argument("--json", type=Path, help="Also write the raw results here.")
    parser.add_argument(
        "--networkx-results",
        type=Path,
        action="append",
        default=[],
        help="Include a networkx run saved earlier (the JSON line of --child networkx; "
        "default: benchmarks/results/networkx_10k.json when 10k runs and networkx does not).",
    )
    parser.add_argument(
        "--quality-results",
        type=Path,
        action="append",
        default=[],
        help="Include a sampled-vs-exact run saved earlier (the JSON line of --child quality; "
        "default: benchmarks/results/quality_50k.json).",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN))
    parser.add_argument("--data", help="(--child igraph) the dataset folder to analyse")
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    if args.child:
        from stakeholder_graph.memory import return_large_blocks

        return_large_blocks()  # as the command line does when it starts
        extra = {"folder": args.data} if args.data else {}
        print(json.dumps(CHILDREN[args.child](args.n, args.seed, args.per_org, **extra)))
        return
    import tempfile

    if args.ci:
        args.sizes, args.networkx_sizes, args.no_paths, args.check = "10000", "", True, True
        os.environ["SG_BENCH_WARMUP"] = "1"
        os.environ["SG_BENCH_THREADS"] = "1"
    sizes = [int(x) for x in args.sizes.split(",") if x]
    nx_sizes = [int(x) for x in args.networkx_sizes.split(",") if x]
    print(f"CPU: {cpu_model()}; {os.cpu_count()} cores; load average {os.getloadavg()}")
    results: dict = {"load": os.getloadavg(), "cpu": cpu_model(), "igraph": [], "networkx": []}
    results["command_line"] = []
    with tempfile.TemporaryDirectory() as cold, tempfile.TemporaryDirectory() as datasets:
        cache = cold if args.cold_jit else None
        for n in sizes:
            folder = dataset_folder(Path(datasets), n, args.seed, args.per_org)
            run = run_child("igraph", n, args.seed, args.per_org, cache, folder)
            results["igraph"].append(run)
            if not args.ci:
                results["command_line"].append(command_line_runs(folder, n))
        if not args.no_paths and 10_000 in sizes:
            results["paths"] = run_child("paths", 10_000, args.seed, args.per_org, cache)
    for n in nx_sizes:
        results["networkx"].append(run_child("networkx", n, args.seed, args.per_org))
    saved_nx = args.networkx_results
    if not saved_nx and 10_000 in sizes and 10_000 not in nx_sizes:
        saved_nx = [p for p in [RESULTS / "networkx_10k.json"] if p.exists()]
    for saved in saved_nx:
        run = json.loads(saved.read_text().strip().splitlines()[-1])
        stamp = run.get("measured_at") or time.strftime(
            "%Y-%m-%d %H:%M UTC", time.gmtime(saved.stat().st_mtime)
        )
        print(
            f"networkx at {run['n']} from {saved.name}: measured {stamp}, "
            f"{run.get('cpu', 'CPU not recorded')}, load {_load(run.get('load_start', (0, 0, 0)))}"
        )
        if run.get("scaled_steps"):
            print(
                f"  ({', '.join(run['scaled_steps'])} timed on {run['share']:.0%} of the vertices "
                f"(sources) and scaled to all: an estimate of the full run)"
            )
        results["networkx"].append(run)
    saved_q = args.quality_results or [p for p in [RESULTS / "quality_50k.json"] if p.exists()]
    results["quality"] = [json.loads(p.read_text().strip().splitlines()[-1]) for p in saved_q]
    results["load_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print_report(results)
    missed = check(results)
    print(
        f"\nCPU: {results['cpu']}; load average at start {results['load']}, at end {os.getloadavg()}"
    )
    if args.ci:
        missed = [name for name in missed if name in CI_GOALS]
        for attempt in range(2, CI_ATTEMPTS + 1):
            if not missed:
                break
            print(
                f"\nCPU ratios missed at load average {os.getloadavg()}: measuring again "
                f"(attempt {attempt} of {CI_ATTEMPTS}; one attempt within the goals passes, as "
                "the fastest of repeated timings is the one other work disturbed least)"
            )
            with tempfile.TemporaryDirectory() as datasets:
                folder = dataset_folder(Path(datasets), 10_000, args.seed, args.per_org)
                run = run_child("igraph", 10_000, args.seed, args.per_org, None, folder)
            results["igraph"] = [run]
            missed = [name for name in check(results) if name in CI_GOALS]
    if args.check and missed:
        raise SystemExit(f"goals missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
