"""Load throughput into Neo4j, timed as a user runs it: the wall clock of `stakeholder-graph load`.

For each size (generated networks, ``stakeholder-graph generate --orgs N --seed S``) the script
runs, each as its own process:

* ``fresh``     ``load DIR`` into a database holding no network (on the local server of
                ``neo4j up``, from 500,000 rows: stop, ``neo4j-admin database import``, start;
                otherwise CREATE batches, relationship tables two transactions at once);
* ``reload``    ``load DIR`` again, nothing changed (every row merged);
* ``replace``   ``load DIR --replace`` (local server: the same import into a fresh database;
                elsewhere delete the network, then CREATE batches);
* ``baseline``  the same process reading and validating DIR, then loading with every row
                merged into the emptied database (``load_network(..., fast=False)``, the
                loader before the fast path), in the same run.

Relationships are counted in the database after each run (interactions, survey answers,
participation, theme and municipality links). Every table is printed with the load average
and the CPU model: the figures depend on what else the machine is doing.

The database named by the settings (``NEO4J_URI`` ..., or ``stakeholder-graph neo4j up``) is
emptied; the script refuses to run on a database that holds data unless ``--yes``.

Run::

    .venv/bin/python benchmarks/bench_load.py --sizes 10000 --yes
    .venv/bin/python benchmarks/bench_load.py --sizes 10000 100000 --runs fresh,replace --yes
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stakeholder_graph import resources
from stakeholder_graph.config import neo4j_settings
from stakeholder_graph.machine import cpu_model
from stakeholder_graph.store.neo4j import connect
from stakeholder_graph.store.neo4j_home import require_java, server_home
from stakeholder_graph.store.neo4j_jvm import archives_written
from stakeholder_graph.store.neo4j_load import delete_network

CLI = [sys.executable, "-c", "from stakeholder_graph.cli import main; main()"]
BASELINE = (
    "import sys\n"
    "from stakeholder_graph.config import neo4j_settings\n"
    "from stakeholder_graph.sources import read_network\n"
    "from stakeholder_graph.store.neo4j import connect, load_network\n"
    "data = read_network(sys.argv[1])\n"
    "s = neo4j_settings()\n"
    "with connect(s) as driver:\n"
    "    load_network(driver, data, s.database, fast=False)\n"
)
RUNS = ("fresh", "reload", "replace", "baseline")


def relationships(driver, database: str) -> int:
    # no bookmarks: an import run by `load` starts the database afresh (see neo4j_bulk)
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() RETURN count(r) AS n", database_=database, bookmark_manager_=None
    )
    return int(records[0]["n"])


def holds_data(driver, database: str) -> bool:
    query = resources.cypher("read/count_network")
    records, _, _ = driver.execute_query(query, database_=database, bookmark_manager_=None)
    return records[0]["organizations"] + records[0]["activities"] > 0


STEPS: list[tuple[str, int, str, str]] = []
"""(run, size, path taken, seconds by step) of each timed `load`, from its summary."""


def server_cpu() -> float:
    """CPU seconds of the local server's JVM so far (0 when it is not ours or not running)."""
    from stakeholder_graph.store.neo4j_server import status

    found = status()
    try:
        fields = Path(f"/proc/{found.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds of the command (with the import tool it waits for), CPU seconds
    of the server JVM (0 across a restart: the new JVM is counted from its start), stdout."""
    start, before, server = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN), 0.0
    server_before = server_cpu()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = server_cpu()
    server = server_after - server_before if server_after >= server_before else server_after
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[3:])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, cpu, server, done.stdout


def warm_up(folder: Path) -> None:
    """Write the class archives of the server and the import tool (stakeholder_graph.store.
    neo4j_jvm), once per server home and Java, before anything is timed: a load by import
    (the import tool's archive), then a restart (the server's)."""
    from stakeholder_graph.store.neo4j_server import down, up

    start = time.perf_counter()
    timed([*CLI, "load", str(folder), "--replace", "--method", "import"])
    down()
    up()
    print(
        f"  class archives of the server and import JVMs written in "
        f"{time.perf_counter() - start:.0f} s (once; not timed)",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--runs", default=",".join(RUNS), help="comma-separated subset of runs")
    parser.add_argument("--yes", action="store_true", help="empty a database that holds data")
    parser.add_argument(
        "--method",
        nargs="+",
        default=["auto"],
        choices=["auto", "import", "merge"],
        help="`load --method` of the timed runs; several: each run once per method",
    )
    args = parser.parse_args(argv)
    runs = [r for r in args.runs.split(",") if r]
    unknown = set(runs) - set(RUNS)
    if unknown:
        parser.error(f"unknown runs {sorted(unknown)}; choose from {RUNS}")
    settings = neo4j_settings()
    rows: list[tuple[str, int, int, float, float, float]] = []
    with connect(settings) as driver, tempfile.TemporaryDirectory() as tmp:
        db = settings.database
        if holds_data(driver, db) and not args.yes:
            sys.exit("the database holds a network: rerun with --yes to let the benchmark empty it")

        def empty() -> None:
            with driver.session(database=db) as session:
                delete_network(session, batch_size=20_000)

        for size in args.sizes:
            folder = Path(tmp) / f"g{size}"
            subprocess.run(
                [
                    *CLI,
                    "generate",
                    "--orgs",
                    str(size),
                    "--seed",
                    str(args.seed),
                    "--out",
                    str(folder),
                ],
                check=True,
                capture_output=True,
            )
            empty()
            if settings.source == "local server" and not archives_written(
                server_home(), require_java()
            ):
                warm_up(folder)
            order = [
                (r, m)
                for r in ("fresh", "reload", "replace", "baseline")
                if r in runs
                for m in (args.method if r in ("fresh", "replace") else args.method[:1])
            ]
            for run, method in order:
                if run == "fresh" or (run == "baseline"):
                    empty()
                if run == "baseline":
                    seconds, cpu, server, out = timed([sys.executable, "-c", BASELINE, str(folder)])
                else:
                    extra = ["--replace"] if run == "replace" else []
                    extra += ["--method", method]
                    if run in ("reload", "replace") and not holds_data(driver, db):
                        timed([*CLI, "load", str(folder)])  # not timed: needs data to replace
                    seconds, cpu, server, out = timed([*CLI, "load", str(folder), *extra])
                    path = "import" if "by neo4j-admin import" in out else "Cypher"
                    steps = [ln.split(":", 1)[1] for ln in out.splitlines() if "by step:" in ln]
                    STEPS.append((run, size, path, steps[0].strip() if steps else "-"))
                rels = relationships(driver, db)
                rows.append((run, size, rels, seconds, cpu, server))
                print(
                    f"  {run:<9} {size:>7} orgs: {rels} relationships in {seconds:.1f} s",
                    file=sys.stderr,
                )
        empty()

    load = os.getloadavg()
    print(
        f"CPU: {cpu_model()} x {os.cpu_count()}; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} (a shared machine: other work ran at the same time)"
    )
    print(f"Neo4j: {settings.uri} ({settings.source}); wall clock of each command, end to end")
    print(
        f"{'run':<9} {'orgs':>7} {'relationships':>13} {'seconds':>8} {'rels/s':>8} "
        f"{'vs baseline':>11} {'cpu-s cmd':>9} {'cpu-s server':>12}"
    )
    base = {size: rels / s for run, size, rels, s, _, _ in rows if run == "baseline"}
    for run, size, rels, seconds, cpu, server in rows:
        rate = rels / seconds
        ratio = f"{rate / base[size]:.1f}x" if size in base else "-"
        print(
            f"{run:<9} {size:>7} {rels:>13} {seconds:>8.1f} {rate:>8.0f} {ratio:>11} "
            f"{cpu:>9.1f} {server:>12.1f}"
        )
    print("cpu-s cmd: the command and the import tool it runs; cpu-s server: the server JVM")
    print("(after a restart, the new JVM's CPU from its start). Seconds by step of each load:")
    for run, size, path, steps in STEPS:
        print(f"  {run:<9} {size:>7} {path:<7} {steps}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
