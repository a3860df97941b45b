#!/usr/bin/env bash
# Set everything up and run every test: lint, unit, integration (real Neo4j), browser
# (real headless Chromium), and the wheel check. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test
scripts/install-browser.sh

echo "== lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

# #14's 10k speed goal, as CPU ratios to igraph measured in the same process (docs/performance.md)
echo "== core speed check (10k, bench_core.py --ci)"
.venv/bin/python benchmarks/bench_core.py --ci

started_neo4j=""
stop_neo4j() {
    if [ -n "$started_neo4j" ]; then
        echo "== stopping the local Neo4j"
        .venv/bin/stakeholder-graph neo4j down || true
    fi
}
trap stop_neo4j EXIT
if [ -z "${NEO4J_URI:-}" ]; then
    if ! .venv/bin/stakeholder-graph neo4j status >/dev/null 2>&1; then
        echo "== starting a local Neo4j (first run fetches it through Maven)"
        .venv/bin/stakeholder-graph neo4j up
        started_neo4j=1
    fi
fi

echo "== tests"
mkdir -p test-artifacts
.venv/bin/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider \
    --junitxml=test-artifacts/junit.xml "$@"

echo "== wheel check"
scripts/wheel-check.sh
