#!/usr/bin/env bash
# Run every check CI runs: lint, types, layer contracts, then the whole test suite with branch
# coverage, which must not fall below the floor, then the load check. Raise COVERAGE_FLOOR as
# coverage rises; never lower it. With arguments (a subset of the tests) neither coverage nor the
# load is checked.
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
if [ "$#" -eq 0 ]; then
    # Issue 17's load check, after the tests so the machine is quiet: twenty signed-in users each
    # opening a page about every second, every council and region page, board packs building in
    # the background; exits 1 if any page's p95 is over 300 ms (docs/web.md, "Load test").
    uv run python benchmarks/web_load.py --background-pdfs --think-ms 1000 --requests 900 --max-p95-ms 300
fi
