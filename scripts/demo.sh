#!/usr/bin/env bash
# Set everything up, then run the demo web app (SQLite in demo-data/, synthetic region, demo users).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec uv run csc-workforce demo --data-dir demo-data "$@"
