#!/usr/bin/env bash
# One command: set up (system font, venv) and serve Jiangle Inspect on http://127.0.0.1:5000
# with the embedded defaults (SQLite under instance/, the shipped Jiangle layers, no basemap).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export JIANGLE_ENV=${JIANGLE_ENV:-development}
exec .venv/bin/python app.py
