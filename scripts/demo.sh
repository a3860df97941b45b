#!/usr/bin/env bash
# Set everything up and open the coordinators' dashboard on the bundled Pleven dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/stakeholder-graph dashboard --source "${DATASET:-pleven}" "$@"
