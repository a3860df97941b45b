#!/usr/bin/env bash
# Build the wheel, install it into a clean venv outside the repository and validate a bundled
# dataset from there: proves the package data (Cypher files, datasets) ships.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.venv/bin/python -m build --wheel --outdir "$work/dist" . >/dev/null
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/*.whl
cd "$work"
"$work/venv/bin/stakeholder-graph" validate pleven
"$work/venv/bin/stakeholder-graph" analyze --source hu-town --out "$work/analysis" >/dev/null
test -s "$work/analysis/allies.csv"
"$work/venv/bin/python" -c "from dashboards.app import create_app; create_app('pleven'); print('dashboard builds from the wheel')"
"$work/venv/bin/python" -c "from stakeholder_graph.resources import cypher_dir; import sys; n = len(list(cypher_dir().glob('*/*.cypher'))); print(f'wheel ships {n} cypher files'); sys.exit(0 if n else 1)"
"$work/venv/bin/python" -c "import dashboards, pathlib, sys; p = pathlib.Path(dashboards.__file__).parent / 'assets' / 'vendor' / 'plotly-dashboard.min.js'; print(f'wheel ships the plotly.js bundle ({p.stat().st_size:,} bytes)'); sys.exit(0 if p.stat().st_size > 1_000_000 else 1)"
echo "wheel check passed"
