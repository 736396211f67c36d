"""Map page benchmark: how heavy the page is and how long the server takes to render it.

Run ``.venv/bin/python bench/bench_map.py``. Prints one table: the HTML size and the size of every
local asset the page loads (nothing else is loaded), the vertex counts of the layers as stored
and as drawn (the display simplification), and the render time of ``GET /`` cold (display
copies built, map rendered) and warm (median of repeated requests, wall and CPU), through the
Flask test client on SQLite.

``--roads 200000`` first replaces the roads with a generated grid of that many pieces
(``tests/road_grid.py``) as an import does (the roads by view built then, timed), and adds the
answers of ``/api/layers/roads/view`` for the whole county at zoom 10 and a street view at 15.
Both modes end with a plan recompute (``POST /api/plans/<id>/route``, two stops per township)
against ``POST /api/tour`` for the same stops, CPU, in the same run.
Targets (issue 11): with 200k pieces, the first ``GET /`` <= 2 s and <= 1 MB, a plan recompute
<= 1.5 x the same ``/api/tour``; a warm ``GET /`` a few tens of ms of CPU.
"""

from __future__ import annotations

import argparse
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
from services.display import warm_after_import  # noqa: E402
from store import db  # noqa: E402
from store.layers import features, replace_layer  # noqa: E402
from tests.road_grid import grid_roads  # noqa: E402

RUNS = 7
DRAWN = ("county", "townships", "reserve", "roads", "rivers")


def _vertices(feats: list[dict]) -> int:
    return int(sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in feats))


VIEWS = (("view zoom 10, county", "117.0,26.4,117.9,27.1", 10),
         ("view zoom 15, streets", "117.30,26.60,117.33,26.62", 15))  # fmt: skip


def _import_roads(app, pieces: int) -> list[tuple[str, str, str]]:
    """Replace the roads with ``pieces`` generated pieces and build their view as an import
    does; the rows it adds to the table."""
    with app.app_context():
        start = time.perf_counter()
        replace_layer("roads", grid_roads(pieces), "bench grid")
        db.session.commit()
        stored = time.perf_counter() - start
        start = time.perf_counter()
        warm_after_import("roads")
        built = time.perf_counter() - start
    return [
        ("roads stored", f"{stored:.1f} s", f"{pieces} generated pieces, not validated"),
        ("roads by view built", f"{built:.1f} s", "at import: every zoom band, indexed"),
    ]


def _views(client) -> list[tuple[str, str, str]]:
    rows = []
    for label, bbox, zoom in VIEWS:
        start = time.perf_counter()
        answer = client.get(f"/api/layers/roads/view?bbox={bbox}&zoom={zoom}")
        took = time.perf_counter() - start
        n = len(answer.get_json()["features"])
        rows.append(
            (label, f"{len(answer.data) / 1024:.0f} KiB", f"{took * 1000:.0f} ms, {n} lines")
        )
    return rows


def _recompute(app, client, pieces: int) -> list[tuple[str, str, str]]:
    """A plan recompute (``POST /api/plans/<id>/route``) against ``POST /api/tour`` for the
    same sites (two per township; on a generated grid those on it) and default settings, each
    the median of a few after one warm-up that builds the road graph and the site caches."""
    from services.plans import create_plan
    from tests.road_grid import LAT0, LON0, STEP

    span = STEP * (pieces / 2) ** 0.5 if pieces else 90.0
    with app.app_context():
        per_town: dict[str, list[str]] = {}
        for f in features("stops"):
            lon, lat = f["geometry"]["coordinates"][:2]
            if pieces and not (LON0 < lon < LON0 + span and LAT0 < lat < LAT0 + span):
                continue
            per_town.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
        sites = sorted(s for ids in per_town.values() for s in ids[:2])
        plan = create_plan("bench", {"sites": sites}, "bench").id
    calls = {"/api/tour": {"stops": sites}, f"/api/plans/{plan}/route": {}}
    html = client.get("/").get_data(as_text=True)
    token = {"X-CSRFToken": re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)}
    took = {}
    for url, body in calls.items():
        first = client.post(url, json=body, headers=token)
        assert first.status_code == 200, (url, first.get_data(as_text=True)[:300])
        cpu = []
        for _ in range(3):
            start = time.process_time()
            client.post(url, json=body, headers=token)
            cpu.append(time.process_time() - start)
        took[url] = statistics.median(cpu)
    tour, route = took.values()
    return [
        (f"POST /api/tour, {len(sites)} sites", f"{tour * 1000:.0f} ms", "CPU, median of 3"),
        ("plan recompute (route)", f"{route * 1000:.0f} ms",
         f"x{route / tour:.2f} of /api/tour (target <= 1.5)"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roads", type=int, default=0, help="generated road pieces (0: shipped)")
    pieces = parser.parse_args().roads
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            }
        )
        client = app.test_client()
        setup = _import_roads(app, pieces) if pieces else []
        start = time.perf_counter()
        html = client.get("/").get_data(as_text=True)
        cold = time.perf_counter() - start
        warm, warm_cpu = [], []
        for _ in range(RUNS):
            start, cpu = time.perf_counter(), time.process_time()
            client.get("/")
            warm.append(time.perf_counter() - start)
            warm_cpu.append(time.process_time() - cpu)
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
            (
                "CPU of GET / warm",
                f"{statistics.median(warm_cpu) * 1000:.0f} ms",
                "rendered map kept per layer stamps + language, date, basemap",
            ),
            *setup,
            *(_views(client) if pieces else []),
            *_recompute(app, client, pieces),
        ]
        for name in DRAWN if not pieces else ():
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
