#!/usr/bin/env bash
# Run every check CI runs: lint, types, layer contracts, then the whole test suite with branch
# coverage, which must not fall below the floor. Raise COVERAGE_FLOOR as coverage rises; never
# lower it. With arguments (a subset of the tests) coverage is not checked.
# The floor (issue 10): the whole suite's branch coverage measured by CI on 2026-12-01 was 92.1%.
set -euo pipefail
cd "$(dirname "$0")/.."
COVERAGE_FLOOR=91
bash scripts/setup.sh
uv run ruff check src tests benchmarks
uv run ruff format --check src tests benchmarks
uv run mypy
uv run lint-imports
coverage=()
if [ "$#" -eq 0 ]; then
    coverage=(--cov=csc_workforce --cov-branch --cov-report=term:skip-covered --cov-fail-under="$COVERAGE_FLOOR")
fi
uv run pytest -q -p no:cacheprovider --durations=15 ${coverage[@]+"${coverage[@]}"} "$@"
