"""What the hardening costs: spreadsheet-safe CSV and the reader's bounds, against the bare path.

On a generated network (default 5k organizations, ~10 interactions each) it times, in one run:

* writing every ``analyze`` table as CSV: spreadsheet-safe (:func:`csv_text`) vs ``--raw-csv``;
* reading the dataset folder: :func:`read_dataset` (with the file checks and the field-size
  check) vs the same read with the bounds switched off (the checks replaced by no-ops);
* the refusals that used to take minutes or all memory: a 100,000-column header and a 5 KB
  workbook with one cell at XFD1048576 (``validate``, whole process).

Each figure is the best of ``--repeat`` runs; the table ends with the load average and CPU model.

Usage::

    python benchmarks/bench_hardening.py              # 5k organizations
    python benchmarks/bench_hardening.py --orgs 20000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stakeholder_graph.machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("stakeholder-graph"))


def best(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from openpyxl import Workbook

    import stakeholder_graph.dataset.reader as reader
    from stakeholder_graph.analysis import analyze
    from stakeholder_graph.api import make_params
    from stakeholder_graph.csvsafe import csv_text
    from stakeholder_graph.dataset.generate import generate_dataset

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "net"
        generate_dataset(args.orgs, 0, folder)
        data = reader.read_dataset(folder)
        print(f"analysing {args.orgs} organizations …", file=sys.stderr)
        analysis = analyze(data, make_params(pivots=64, exact_threshold=1000))
        tables = analysis.tables
        cells = sum(t.size for t in tables.values())

        raw = best(lambda: [csv_text(t, raw=True) for t in tables.values()], args.repeat)
        safe = best(lambda: [csv_text(t) for t in tables.values()], args.repeat)
        rows.append((f"write {len(tables)} tables ({cells:,} cells)", raw, safe))

        bounded = best(lambda: reader.read_dataset(folder), args.repeat)
        saved = (reader.check_regular_file, reader.check_header_width, reader.check_field_sizes)
        reader.check_regular_file = lambda *a: True
        reader.check_header_width = lambda *a: True
        reader.check_field_sizes = lambda *a: None
        try:
            bare = best(lambda: reader.read_dataset(folder), args.repeat)
        finally:
            (reader.check_regular_file, reader.check_header_width, reader.check_field_sizes) = saved
        rows.append((f"read the dataset ({len(data.interactions):,} interactions)", bare, bounded))

        wide = Path(tmp) / "wide"
        generate_dataset(10, 0, wide)
        header = ",".join(f"c{i}" for i in range(100_000))
        (wide / "activities.csv").write_text(header + "\n" + ",".join(["x"] * 100_000) + "\n")
        book = Workbook()
        sheet = book.active
        sheet.title = "organizations"
        sheet.append(["id", "name", "sector"])
        sheet["XFD1048576"] = "x"
        corner = Path(tmp) / "corner.xlsx"
        book.save(corner)
        for label, target in (
            ("validate a 100,000-column CSV", wide),
            ("validate a cell at XFD1048576", corner),
        ):
            start = time.perf_counter()
            done = subprocess.run([CLI, "validate", str(target)], capture_output=True)
            rows.append((f"{label} (exit {done.returncode})", None, time.perf_counter() - start))

    print(f"{'step':<52} {'bare (s)':>10} {'hardened (s)':>13} {'overhead':>9}")
    for label, before, after in rows:
        shown = f"{before:10.3f}" if before is not None else f"{'–':>10}"
        extra = f"{(after / before - 1) * 100:8.1f}%" if before else f"{'':>9}"
        print(f"{label:<52} {shown} {after:13.3f} {extra}")
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(
        f"\nload average {load}; CPU {cpu_model()} ({os.cpu_count()} cores); best of {args.repeat}"
    )


if __name__ == "__main__":
    main()
