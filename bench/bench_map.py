"""Map page benchmark: how heavy the page is and how long the server takes to render it.

Run ``.venv/bin/python bench/bench_map.py``. Prints one table: the HTML size and the size of every
local asset the page loads (nothing else is loaded), the vertex counts of the layers as stored
and as drawn (the display simplification), and the render time of ``GET /`` cold (display
copies built) and warm (median of repeated requests), through the Flask test client on SQLite.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import shapely
from shapely.geometry import shape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app import create_app  # noqa: E402
from geo.maps.display import display_copy  # noqa: E402
from store.layers import features  # noqa: E402

RUNS = 7
DRAWN = ("county", "townships", "reserve", "roads", "rivers")


def _vertices(feats: list[dict]) -> int:
    return int(sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in feats))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            }
        )
        client = app.test_client()
        start = time.perf_counter()
        html = client.get("/").get_data(as_text=True)
        cold = time.perf_counter() - start
        warm = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get("/")
            warm.append(time.perf_counter() - start)
        assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html)
        asset_bytes = sum(len(client.get(path).data) for path in assets)
        with app.app_context():
            stored = {name: features(name) for name in DRAWN}
        rows = [
            ("HTML of /", f"{len(html.encode()) / 1024:.0f} KiB", ""),
            (f"local assets ({len(assets)} files)", f"{asset_bytes / 1024:.0f} KiB", "no CDN"),
            ("page total", f"{(len(html.encode()) + asset_bytes) / 1024:.0f} KiB", ""),
            ("render GET / cold", f"{cold * 1000:.0f} ms", "builds the display copies"),
            ("render GET / warm", f"{statistics.median(warm) * 1000:.0f} ms", f"median of {RUNS}"),
        ]
        for name in DRAWN:
            raw, drawn = _vertices(stored[name]), _vertices(display_copy(name, stored[name]))
            rows.append(
                (
                    f"vertices {name}",
                    f"{raw} -> {drawn}",
                    f"{drawn / raw:.2f} of stored, {len(stored[name])} features",
                )
            )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>16}  notes")
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>16}  {note}")


if __name__ == "__main__":
    main()
