#!/usr/bin/env bash
# One command: set up (system font, venv) and serve Jiangle Inspect on http://127.0.0.1:5000
# with the embedded defaults (SQLite under instance/, the shipped Jiangle layers, no basemap).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
# A secret key made once and kept in instance/ (readable by this user only), so logins survive
# a restart; JIANGLE_SECRET_KEY in the environment wins.
mkdir -p instance
if [ ! -s instance/secret_key ]; then
  (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key)
fi
export JIANGLE_SECRET_KEY=${JIANGLE_SECRET_KEY:-$(cat instance/secret_key)}
exec .venv/bin/python app.py
