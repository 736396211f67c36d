"""Build the shipped sample layers of Jiangle Inspect (``data/shapefiles/*.geojson``).

Only the county outline, the township codes and the township seats are real data (see
``data/reference/README.md``). Everything else is approximated (townships, reserve,
plant positions), synthetic (roads, rivers) or sample (stops); ``SOURCES.md`` says how and how
wrong. The build is deterministic: one fixed seed, no clock, no network.
This script is the entry point; the ``sample_layers`` package beside it builds each layer.

Run: ``.venv/bin/python scripts/build_sample_layers.py [--out DIR]``
(``JIANGLE_REF_DIR`` points it at another copy of the reference inputs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sample_layers package beside this
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repo: geo.layers.catalogue

from sample_layers.output import (  # noqa: E402
    county_features,
    dumps,
    point_features,
    reserve_features,
    river_features,
    road_features,
    township_features,
    write_layers,
)
from sample_layers.places import build_places, build_station  # noqa: E402
from sample_layers.plants import build_plants  # noqa: E402
from sample_layers.reference import REF_DIR, load_county, load_seats, to_utm  # noqa: E402
from sample_layers.reserve import build_reserve_polygon  # noqa: E402
from sample_layers.rivers import build_rivers  # noqa: E402
from sample_layers.roads import build_roads  # noqa: E402
from sample_layers.stops import build_stops  # noqa: E402
from sample_layers.townships import build_township_polygons  # noqa: E402

__all__ = ["REF_DIR", "build_layers", "dumps", "main"]  # tests/test_sample_layers.py loads these

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "shapefiles"


def build_layers() -> dict[str, dict]:
    """Build every layer in memory: layer name -> GeoJSON FeatureCollection (dict)."""
    county = to_utm(load_county())
    seats = load_seats()
    polys = build_township_polygons(county, seats)
    reserve = build_reserve_polygon(county)
    rivers = build_rivers(county)
    plants = build_plants(seats, polys, rivers)
    places = build_places()
    stops = build_stops(seats, polys, reserve, rivers, plants)
    roads = build_roads(county, seats, stops, places, reserve)
    layers = {
        "county": county_features(county),
        "townships": township_features(seats, polys),
        "sewage_plants": point_features(plants),
        "reserve": reserve_features(reserve),
        "stops": point_features(stops),
        "places": point_features([*places, build_station()]),  # the station after the roads
        "roads": road_features(roads),
        "rivers": river_features(rivers),
    }
    return {
        name: {"type": "FeatureCollection", "features": feats} for name, feats in layers.items()
    }


def main() -> None:
    """Command line: build and write the layers, print a one-line summary per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    args = parser.parse_args()
    layers = build_layers()
    write_layers(layers, args.out)
    for name, collection in layers.items():
        size = (args.out / f"{name}.geojson").stat().st_size
        print(f"{name:14s} {len(collection['features']):5d} features {size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
