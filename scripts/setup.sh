#!/usr/bin/env bash
# Set up a fresh machine: system packages (as root, via apt) and the Python venv in .venv.
#   scripts/setup.sh         what the app needs (a CJK font for the PDF print pack)
#   scripts/setup.sh --dev   plus what the tests need (Chromium, poppler's pdftoppm, osmium,
#                            PostgreSQL for scripts/with_postgres.sh's throwaway server) and
#                            the JS linter (Biome, from npm: package-lock.json)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-wqy-microhei)
requirements=requirements.txt
if [ "${1:-}" = "--dev" ]; then
  packages+=(chromium poppler-utils osmium-tool postgresql)
  # Debian's node and npm, unless a node with npm is installed some other way (e.g. NodeSource)
  command -v npm >/dev/null || packages+=(nodejs npm)
  requirements=requirements-dev.txt
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "Please install these Debian packages first: ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"
if [ "${1:-}" = "--dev" ] && [ ! node_modules/.installed -nt package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi
