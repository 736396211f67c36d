#!/usr/bin/env bash
# One command: set up (system packages, venv with test tools, Biome) and run the linters (ruff, the
# import contracts in pyproject.toml, Biome over static/js) and every test, browser tests in
# headless Chromium included, on SQLite; then every test but the browser ones again on a throwaway
# PostgreSQL server (scripts/with_postgres.sh).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
node_modules/.bin/biome lint static/js
.venv/bin/python -m pytest "$@"
scripts/with_postgres.sh .venv/bin/python -m pytest -m "not browser" "$@"
