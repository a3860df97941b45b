#!/usr/bin/env python3
"""20 simulated respondents answer the partner survey through the form's HTTP endpoints.

Copies a dataset (default: the bundled ``pleven``) to a scratch folder, runs
``stakeholder-graph survey invite``, starts ``stakeholder-graph survey serve`` on a free loopback
port, and lets 20 organizations (chosen with a seed) answer in parallel like browsers do:
GET the form, tick the partners they interacted with, save, come back, submit. Civil-society
respondents rate public bodies low and everyone else fairly high, so the trust the analysis
reports must move accordingly. Then it runs ``analyze`` before/after and ``survey status``, and
prints what changed, the run time, the load average and the CPU model.

With ``--source neo4j`` the copy is loaded into the configured Neo4j first (``load --replace``:
it replaces the network there, so on a shared server run it under the same lock as the
integration tests), and invite, serve, status and analyze all use ``--source neo4j``: the
answers become ``PERCEIVES`` relationships, the survey folder stays in the scratch folder.

Usage: ``.venv/bin/python scripts/survey-simulation.py [--dataset pleven] [--respondents 20]
[--source folder|neo4j]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.machine import cpu_model, free_port
from stakeholder_graph.survey.client import Respondent

REPO = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "stakeholder-graph")]


def run(*args: str) -> str:
    done = subprocess.run([*CLI, *args], check=True, capture_output=True, text=True)
    return done.stdout


def trust(source: str, out: Path) -> pd.DataFrame:
    run("analyze", "--source", source, "--out", str(out))
    return pd.read_csv(out / "organization_trust.csv").set_index("id")


def survey_rows(source: str, folder: Path, wave: str) -> int:
    """How many answers of ``wave`` the store holds (perceptions.csv rows or PERCEIVES)."""
    from stakeholder_graph.sources import read_network

    p = read_network(source if source == "neo4j" else str(folder)).perceptions
    return int((p["wave"] == wave).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default=str(REPO / "datasets" / "pleven"))
    parser.add_argument("--respondents", type=int, default=20)
    parser.add_argument("--parallel", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", choices=["folder", "neo4j"], default="folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="survey-sim-"))
    folder = work / "network"
    shutil.copytree(args.dataset, folder, ignore=shutil.ignore_patterns("survey"))
    source = str(folder)
    state: list[str] = []
    if args.source == "neo4j":
        print(run("load", str(folder), "--replace").strip())
        source, state = "neo4j", ["--state", str(work / "survey")]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(
        run(
            "survey",
            "invite",
            "--source",
            source,
            *state,
            "--wave",
            "2025-autumn",
            "--out",
            str(work / "invites.csv"),
            "--base-url",
            base,
        ).strip()
    )
    invites = pd.read_csv(work / "invites.csv", dtype=str, keep_default_na=False)
    orgs = pd.read_csv(folder / "organizations.csv", dtype=str, keep_default_na=False)
    sector = dict(zip(orgs["id"], orgs["sector"], strict=True))
    inter = pd.read_csv(folder / "interactions.csv", dtype=str, keep_default_na=False)
    pairs = pd.concat(
        [
            inter[["source", "target"]],
            inter[["target", "source"]].set_axis(["source", "target"], axis=1),
        ]
    )
    partners = pairs.drop_duplicates().groupby("source")["target"].apply(list).to_dict()
    before = trust(source, work / "before")

    rng = np.random.default_rng(args.seed)
    eligible = invites[invites["organization_id"].map(lambda o: len(partners.get(o, [])) >= 2)]
    chosen = eligible.sample(args.respondents, random_state=args.seed)
    plans = []
    for row in chosen.itertuples():
        org = row.organization_id
        mine = list(rng.permutation(partners[org])[: int(rng.integers(2, 7))])
        answers = {}
        for p in mine:
            low = sector[org] == "civil" and sector[p] == "public"
            score = (lambda: int(rng.integers(1, 3))) if low else (lambda: int(rng.integers(3, 5)))
            answers[p] = {
                "reliability": score(),
                "mission_support": score(),
                "openness": score(),
                "influence": int(rng.integers(1, 5)),
                "frequency": "monthly",
                "type": "joint_project",
                "initiative": "them" if low else "joint",
                "stage": ["implementation"],
            }
        plans.append((org, row.link.rsplit("/", 1)[1], mine, answers))

    server = subprocess.Popen(
        [*CLI, "survey", "serve", "--source", source, *state, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)

        def answer(plan) -> tuple[str, int]:
            org, token, mine, answers = plan
            r = Respondent(base, token)
            r.choose(mine)
            first = dict(list(answers.items()))
            r.rate({p: {"reliability": a["reliability"]} for p, a in first.items()}, False)
            again = Respondent(base, token)  # leaves and comes back with the same link
            status, _ = again.rate(answers, submit=True)
            return org, status

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.parallel) as pool:
            results = list(pool.map(answer, plans))
        elapsed = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=20)

    after = trust(source, work / "after")
    ok = sum(status == 200 for _, status in results)
    where = "PERCEIVES relationships in Neo4j" if source == "neo4j" else "rows in perceptions.csv"
    print(
        f"\n{ok}/{len(results)} respondents submitted; "
        f"{survey_rows(source, folder, '2025-autumn')} survey {where}"
    )
    changed = after.join(before, rsuffix="_before")
    changed = changed[(changed["n_received"] != changed["n_received_before"])]
    changed = changed.assign(sector=changed.index.map(sector))
    print("\nTrust received, before → after (organizations the respondents rated):")
    print(f"{'organization':<24}{'sector':<15}{'before':>8}{'after':>8}{'raters':>8}")
    for oid, r in changed.sort_values(["sector", "trust_received"]).head(25).iterrows():
        b = "-" if pd.isna(r.trust_received_before) else f"{r.trust_received_before:.2f}"
        print(f"{oid:<24}{r.sector:<15}{b:>8}{r.trust_received:>8.2f}{r.n_received:>8.0f}")
    sector_trust = pd.read_csv(work / "after" / "sector_trust.csv")
    print("\nsector_trust.csv after the survey:")
    print(sector_trust.to_string(index=False))
    print("\n$ stakeholder-graph survey status")
    print(run("survey", "status", "--source", source, *state).rstrip())
    load = os.getloadavg()
    print(
        f"\n{len(results)} respondents ({args.parallel} at a time, each: 8 HTTP requests, "
        f"one submission) in {elapsed:.2f} s; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f}; CPU {cpu_model()} ×{os.cpu_count()}"
    )
    print(f"(scratch folder: {work})")


if __name__ == "__main__":
    main()
