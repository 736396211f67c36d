#!/usr/bin/env bash
# Refresh static/vendor/ from the npm registry (the versions listed in static/vendor/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent leaflet@1.9.4 chart.js@4.4.7 jquery@3.7.1 axe-core@4.14.1 >/dev/null
for tgz in *.tgz; do mkdir "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"; done
dest="$here/static/vendor"
cp -r leaflet-1.9.4/package/dist/{leaflet.js,leaflet.css,images} leaflet-1.9.4/package/LICENSE "$dest/leaflet/"
cp chart.js-4.4.7/package/dist/chart.umd.js chart.js-4.4.7/package/LICENSE.md "$dest/chartjs/"
cp jquery-3.7.1/package/dist/jquery.min.js jquery-3.7.1/package/LICENSE.txt "$dest/jquery/"
# axe-core is a test tool only (tests/browser/test_accessibility.py): kept out of static/
mkdir -p "$here/tests/vendor/axe-core"
cp axe-core-4.14.1/package/{axe.min.js,LICENSE,LICENSE-3RD-PARTY.txt} "$here/tests/vendor/axe-core/"
echo "vendored into $dest and tests/vendor"
