"""Load throughput into Neo4j: batched ``UNWIND`` + ``MERGE`` against one row per transaction.

Generates networks of 10k and 100k organizations (about 10 interactions each) and loads each
into an emptied database with :func:`stakeholder_graph.store.neo4j.load_network`
(batches of ``--batch-size`` rows in managed write transactions). The baseline, in the same
run, is the same loader with one row per transaction (``batch_size=1``) on a small generated
network of about ``--baseline-rows`` interactions; its rate is extrapolated. Relationships
counted: interactions, survey answers, participation, and the theme and municipality links.

The database named by the settings (``NEO4J_URI`` ..., or ``stakeholder-graph neo4j up``) is
emptied; the script refuses to run on a database that holds data unless ``--yes``.

Run::

    .venv/bin/python benchmarks/bench_load.py            # 10k and 100k organizations
    .venv/bin/python benchmarks/bench_load.py --sizes 10000 --yes
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from stakeholder_graph import resources
from stakeholder_graph.config import neo4j_settings
from stakeholder_graph.dataset.generate import generate_network
from stakeholder_graph.store.neo4j import connect, load_network
from stakeholder_graph.store.neo4j_load import LoadSummary, delete_network


def _empty(driver, database: str) -> None:
    with driver.session(database=database) as session:
        delete_network(session, batch_size=20_000)


def _holds_data(driver, database: str) -> bool:
    query = resources.cypher("read/count_network")
    records, _, _ = driver.execute_query(query, database_=database)
    return records[0]["organizations"] + records[0]["activities"] > 0


def _row(label: str, orgs: int, summary: LoadSummary, batch: int) -> dict[str, object]:
    inter = next(t for t in summary.tables if t.table == "interactions")
    seconds = summary.seconds
    # a reload creates nothing: count the relationships it merged onto instead
    rels = summary.relationships_created or summary.relationships
    return {
        "run": label,
        "orgs": orgs,
        "batch": batch,
        "relationships": rels,
        "seconds": seconds,
        "rels_per_s": rels / seconds,
        "interactions_per_s": inter.rows / seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--yes", action="store_true", help="empty a database that holds data")
    parser.add_argument("--keep", action="store_true", help="leave the last network loaded")
    args = parser.parse_args(argv)

    settings = neo4j_settings()
    rows: list[dict[str, object]] = []
    with connect(settings) as driver:
        db = settings.database
        if _holds_data(driver, db) and not args.yes:
            print(f"{settings.uri} database {db} holds data; rerun with --yes to empty it")
            return 2

        # baseline first: one row per transaction on a small network (about baseline_rows
        # interactions), after a warm-up load so both sides run on a warm server
        small = generate_network(max(20, args.baseline_rows // 10), args.seed)
        _empty(driver, db)
        load_network(driver, small, db, batch_size=args.batch_size)
        _empty(driver, db)
        summary = load_network(driver, small, db, batch_size=1)
        rows.append(_row("one row per transaction", len(small.organizations), summary, 1))
        _empty(driver, db)
        summary = load_network(driver, small, db, batch_size=args.batch_size)
        rows.append(
            _row("batched, same network", len(small.organizations), summary, args.batch_size)
        )

        for size in args.sizes:
            start = time.perf_counter()
            data = generate_network(size, args.seed)
            generated = time.perf_counter() - start
            _empty(driver, db)
            summary = load_network(driver, data, db, batch_size=args.batch_size)
            rows.append(_row("batched", size, summary, args.batch_size))
            print(
                f"  {size} orgs: generated in {generated:.1f} s; "
                f"{len(data.interactions)} interactions, {summary.relationships_created} "
                "relationships",
                file=sys.stderr,
            )
            reload = load_network(driver, data, db, batch_size=args.batch_size)
            rows.append(_row("batched reload (all MERGE matches)", size, reload, args.batch_size))
            if reload.relationships_created:
                print("  reload created relationships: not idempotent!", file=sys.stderr)
        if not args.keep:
            _empty(driver, db)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Neo4j {settings.uri}, {os.cpu_count()} cores, load average {load}")
    base = rows[0]["rels_per_s"]
    header = (
        f"{'run':<36} {'orgs':>7} {'batch':>6} {'rels':>9} {'s':>8} {'rels/s':>9} "
        f"{'inter/s':>9} {'x base':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['run']:<36} {r['orgs']:>7} {r['batch']:>6} {r['relationships']:>9} "
            f"{r['seconds']:>8.2f} {r['rels_per_s']:>9.0f} {r['interactions_per_s']:>9.0f} "
            f"{r['rels_per_s'] / base:>7.1f}"
        )
    print(
        "rels: relationships created (interactions, survey answers, participation, WORKS_ON, "
        "BASED_IN; for the reload: interactions, answers and participation merged onto); "
        "s: load time incl. schema check; x base: rels/s over one row per transaction"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
