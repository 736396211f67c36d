#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server: a new cluster in a temp folder, listening only
# on a Unix socket there, removed when the command ends. The command finds it in
#   JIANGLE_TEST_DATABASE_URL=postgresql+psycopg://postgres@/postgres?host=<folder>
# (tests/conftest.py makes one database per test from it). Needs Debian's `postgresql`
# (scripts/setup.sh --dev installs it). initdb refuses to run as root: as root the server runs as
# the `postgres` user that package creates.
#   scripts/with_postgres.sh .venv/bin/python -m pytest -m "not browser"
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  bindir=$(dirname "$(command -v initdb || echo /missing/initdb)")
fi
if [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL's initdb not found: install Debian's postgresql (scripts/setup.sh --dev)" >&2
  exit 1
fi

folder=$(mktemp -d /tmp/jiangle-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$folder"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$folder/data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
# No TCP port (nothing to clash with), fsync off (a test server loses nothing worth keeping),
# and a session time zone that is not UTC, so a time read back without its zone shows up.
"${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
  -o "-c listen_addresses='' -k $folder -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c timezone=Asia/Shanghai" \
  start >/dev/null || { cat "$folder/server.log" >&2; exit 1; }

export JIANGLE_TEST_DATABASE_URL="postgresql+psycopg://postgres@/postgres?host=$folder"
"$@"
