"""The fixed costs of `load` that no code of this project can remove, on this machine.

`load` writes a network either by the offline import (stop the server, run
``neo4j-admin database import full``, start it again) or by Cypher ``CREATE`` batches. This
script measures what each path costs before it writes a single row of ours, so that a
throughput goal can be checked against the machine:

* ``server start``   the local server of ``stakeholder-graph neo4j up`` stopped and started as
                     it is (``neo4j down`` + ``up``): wall seconds until Bolt answers and the
                     server JVM's CPU seconds by then; the stop's seconds too;
* ``import tool``    ``neo4j-admin database import full`` of 2 nodes and 1 relationship into a
                     scratch database (deleted afterwards; the server keeps running), as `load`
                     starts it (the tool's JVM directly, with its class archive) and through
                     the ``neo4j-admin`` launcher (two JVMs, as ``bin/neo4j-admin`` runs it);
* ``CREATE``         the server's CPU microseconds per relationship for ``--rels`` relationships
                     created between existing nodes found by element id (no index lookup), in
                     batches of ``--batch`` rows, 1 and 2 transactions at once: bare, and with
                     the 8 properties of an ``INTERACTED_WITH``. The nodes and relationships
                     (label ``LoadFloorProbe``) are deleted afterwards.

Every figure is printed with the load average and the CPU model. The server must be the local
one (``neo4j up``; ``STAKEHOLDER_GRAPH_HOME`` chooses which): it is restarted.

Run::

    .venv/bin/python benchmarks/bench_load_floor.py
    .venv/bin/python benchmarks/bench_load_floor.py --rels 200000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from stakeholder_graph import resources
from stakeholder_graph.config import neo4j_settings
from stakeholder_graph.machine import cpu_model
from stakeholder_graph.store.neo4j import connect
from stakeholder_graph.store.neo4j_bulk import import_command
from stakeholder_graph.store.neo4j_home import server_env, server_home
from stakeholder_graph.store.neo4j_import_files import ImportFile
from stakeholder_graph.store.neo4j_server import down, status, up

SCRATCH = "loadfloorscratch"
"""The database name the empty import writes (never a database of the server)."""


def jvm_cpu(pid: int | None) -> float:
    """CPU seconds of process ``pid`` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def server_start(repeat: int) -> list[str]:
    rows = []
    for _ in range(repeat):
        start = time.perf_counter()
        down()
        stop = time.perf_counter() - start
        start = time.perf_counter()
        found = up()
        wall = time.perf_counter() - start
        rows.append(
            f"server start    {wall:6.1f} s wall {jvm_cpu(found.pid):6.1f} cpu-s (server JVM)"
            f"   stop {stop:4.1f} s   {load_note()}"
        )
    return rows


def empty_import(repeat: int) -> list[str]:
    home = server_home()
    rows = []
    with tempfile.TemporaryDirectory(dir=home.root / "import") as tmp:
        folder = Path(tmp)
        (folder / "n.csv").write_text('id:ID,name\n"a","x"\n"b","y"\n', "utf-8")
        (folder / "r.csv").write_text(':START_ID,:END_ID\n"a","b"\n', "utf-8")
        files = [
            ImportFile("nodes", "LoadFloorProbe", folder / "n.csv", 2, False),
            ImportFile("relationships", "PROBE", folder / "r.csv", 1, False),
        ]
        for _ in range(repeat):
            for launcher in (False, True):
                command = import_command(files, SCRATCH, folder / "report", launcher=launcher)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(
                    command, cwd=home.root, env=server_env(home), capture_output=True, check=False
                )
                wall = time.perf_counter() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                if done.returncode != 0:
                    sys.exit(f"the empty import failed:\n{done.stdout[-1500:]!r}")
                how = "via launcher " if launcher else "as `load` runs"
                rows.append(
                    f"import tool     {wall:6.1f} s wall {cpu:6.1f} cpu-s (import JVMs)"
                    f"   empty input, {how}   {load_note()}"
                )
    for sub in ("databases", "transactions"):
        shutil.rmtree(home.data / sub / SCRATCH, ignore_errors=True)
    return rows


def create_cost(driver, database: str, rels: int, batch: int) -> list[str]:
    """Server CPU per relationship created by element id, 1 and 2 transactions at once."""
    pid = status().pid
    probe = resources.cypher("server/load_floor_nodes")
    bare = resources.cypher("server/load_floor_create")
    props = resources.cypher("server/load_floor_create_props")
    cleanup = resources.cypher("server/load_floor_delete_rels")
    records, _, _ = driver.execute_query(probe, {"count": 1000}, database_=database)
    ids = [r["id"] for r in records]
    rows = []

    def batches_of(count: int) -> list[list[dict]]:
        return [
            [
                {
                    "s": ids[(i * 7919) % len(ids)],
                    "t": ids[(i * 104729 + 1) % len(ids)],
                    "id": f"p{i}",
                    "date": "2024-05-01",
                }
                for i in range(start, min(start + batch, count))
            ]
            for start in range(0, count, batch)
        ]

    def run(text: str, workers: int, batches: list[list[dict]]) -> tuple[float, float]:
        def write(rows_: list[dict]) -> None:
            with driver.session(database=database) as session:
                session.execute_write(lambda tx: tx.run(text, rows=rows_).consume())

        cpu0, start = jvm_cpu(pid), time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(write, batches))
        wall, cpu = time.perf_counter() - start, jvm_cpu(pid) - cpu0
        with driver.session(database=database) as session:
            session.run(cleanup, limit=10_000).consume()
        return wall, cpu

    for text, kind in ((bare, "bare"), (props, "8 properties")):
        run(text, 2, batches_of(rels // 4))  # warm the server's compiled code first: not timed
        for workers in (1, 2):
            wall, cpu = run(text, workers, batches_of(rels))
            rows.append(
                f"CREATE {kind:<12} {workers} tx at once: {rels} relationships "
                f"{wall:5.1f} s wall, server {cpu:5.1f} cpu-s = {cpu / rels * 1e6:5.1f} µs/rel, "
                f"{rels / wall:7.0f} rel/s   {load_note()}"
            )
    with driver.session(database=database) as session:
        session.run(resources.cypher("server/load_floor_delete"), limit=10_000).consume()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rels", type=int, default=218_000, help="relationships to CREATE")
    parser.add_argument("--batch", type=int, default=10_000, help="rows per transaction")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each fixed cost")
    parser.add_argument(
        "--parts", default="start,import,create", help="comma-separated subset to measure"
    )
    args = parser.parse_args(argv)
    settings = neo4j_settings()
    if settings.source != "local server":
        sys.exit("the fixed costs are measured on the local server of `neo4j up` only")
    print(f"CPU: {cpu_model()} x {os.cpu_count()} (a shared machine: load average per line)")
    store = sum(f.stat().st_size for f in (server_home().data / "databases").rglob("*"))
    print(f"server home {server_home().root}; stores {store / 2**20:.0f} MiB")
    parts = set(args.parts.split(","))
    for line in server_start(args.repeat) if "start" in parts else []:
        print(line, flush=True)
    for line in empty_import(args.repeat) if "import" in parts else []:
        print(line, flush=True)
    if "create" in parts:
        settings = neo4j_settings()  # after the restarts
        with connect(settings) as driver:
            for line in create_cost(driver, settings.database, args.rels, args.batch):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
