#!/usr/bin/env bash
# One command: set up (system packages, venv with test tools) and run the linters (ruff, the
# import contracts in pyproject.toml) and every test, browser tests in headless Chromium included.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
