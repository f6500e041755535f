#!/usr/bin/env bash
# Run every check CI runs: lint, types, layer contracts, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
uv run ruff check src tests benchmarks
uv run ruff format --check src tests benchmarks
uv run mypy
uv run lint-imports
uv run pytest -q -p no:cacheprovider "$@"
