"""Benchmark of ``import`` and ``report`` on generated networks.

For each size (default 1k and 10k organizations): the network is generated and analysed
(the baseline: what ``analyze`` costs anyway), exported as GEXF, GraphML and a CSV edge list,
and each export imported back (parse, map, write, validate); then the report is built as HTML
(figures through kaleido) and printed to PDF (headless Chromium). Every figure is printed with
the load average and the CPU model, since the machine may be shared.

Usage::

    python benchmarks/bench_import_report.py                 # 1k and 10k
    python benchmarks/bench_import_report.py --sizes 1000    # quick
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from stakeholder_graph.machine import cpu_model


def timed(func, *args, **kwargs):
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - started


def run(n: int, work: Path) -> list[tuple[str, float, str]]:
    import stakeholder_graph as sg
    from stakeholder_graph.dataset.generate import generate_network
    from stakeholder_graph.importers import import_dataset
    from stakeholder_graph.report import build_report

    data = generate_network(n, 0, interactions_per_org=10)
    analysis, t_analyze = timed(sg.analyze, data)
    rows = [("analyze (baseline)", t_analyze, f"{analysis.summary['size']['ties']} ties")]
    for kind, suffix in (("gexf", "gexf"), ("graphml", "graphml"), ("edgelist", "csv")):
        path = work / f"net{n}.{suffix}"
        sg.api.export(analysis, path, "csv" if kind == "edgelist" else kind)
        (imported, _), seconds = timed(import_dataset, kind, path, work / f"in-{kind}-{n}")
        rows.append((f"import {kind}", seconds, f"{len(imported.interactions)} interactions"))
    _, seconds = timed(build_report, analysis, work / f"r{n}.html")
    rows.append(("report html", seconds, f"{(work / f'r{n}.html').stat().st_size // 1024} KiB"))
    _, seconds = timed(build_report, analysis, work / f"r{n}.pdf")
    rows.append(("report pdf", seconds, f"{(work / f'r{n}.pdf').stat().st_size // 1024} KiB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical)")
    with tempfile.TemporaryDirectory(prefix="sg-bench-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            rows = run(n, Path(tmp))
            base = rows[0][1]
            print(f"\norganizations {n}   load average {os.getloadavg()[0]:.2f}")
            print(f"{'step':<20} {'seconds':>9} {'x analyze':>10}  note")
            for step, seconds, note in rows:
                print(f"{step:<20} {seconds:>9.2f} {seconds / base:>10.2f}  {note}")


if __name__ == "__main__":
    main()
