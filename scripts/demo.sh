#!/usr/bin/env bash
# Set everything up, then run the demo web app and its background job worker (SQLite in demo-data/,
# synthetic region, demo users); Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec uv run csc-workforce demo --data-dir demo-data "$@"
