#!/usr/bin/env bash
# One command: set up (system packages, venv with test tools, Biome), then run every phase (linters:
# ruff, the import contracts in pyproject.toml, Biome over static/js; the whole test suite, browser
# tests in headless Chromium included, on SQLite; the suite again on a throwaway PostgreSQL server,
# scripts/with_postgres.sh). Every phase runs even when an earlier one fails, so one run shows all
# that is wrong; the failed phases are listed at the end and the exit status is non-zero.
# Arguments go to every pytest phase (e.g. ./test.sh -x -k tour).
set -uo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --dev || { echo "test.sh: set-up failed, no phase run" >&2; exit 1; }

# On PostgreSQL the browser tests run on a subset (21 of 82, ~2 min): the pages whose writes go
# through the store (plan saves and versions, routes, edits, statuses, the expired-session form,
# layer revisions from an OSM import and a replaced stops layer with its rollback).
# The others draw pages from reads the non-browser tests already run there; all 82 would add
# ~13 min to CI (15 of them took 2.5 min on the shared 2-core machine).
PG_BROWSER=(
  tests/browser/test_plans_browser.py
  tests/browser/test_plan_routes_browser.py
  tests/browser/test_csp_browser.py
  tests/browser/test_prep_tasks_browser.py
  tests/browser/test_cleanup_browser.py
  tests/browser/test_township_browser.py
  tests/browser/test_facilities_browser.py
  tests/browser/test_admin_browser.py
  tests/browser/test_expired_browser.py
  tests/browser/test_osm_import_browser.py
  tests/browser/test_stops_replace_browser.py
)

failed=()
phase() {
  local name=$1
  shift
  echo "=== test.sh phase: $name"
  "$@"
  local status=$?
  # 5: pytest selected no test (arguments such as -k narrowed this phase to nothing)
  [ $status -eq 0 ] || [ $status -eq 5 ] || failed+=("$name")
}

phase "ruff check" .venv/bin/ruff check .
phase "ruff format" .venv/bin/ruff format --check .
phase "import contracts" .venv/bin/lint-imports
phase "biome" node_modules/.bin/biome lint static/js
phase "pytest on SQLite" .venv/bin/python -m pytest "$@"
phase "pytest on PostgreSQL" scripts/with_postgres.sh .venv/bin/python -m pytest \
  -m "not browser" "$@"
phase "browser tests on PostgreSQL (subset)" scripts/with_postgres.sh .venv/bin/python -m pytest \
  "${PG_BROWSER[@]}" "$@"

if [ ${#failed[@]} -gt 0 ]; then
  echo "=== test.sh: ${#failed[@]} phase(s) failed:" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "=== test.sh: every phase passed"
