"""Where basemap tiles come from, when a basemap is configured at all: a tile server URL (OSM,
Tianditu with a key) or a local MBTiles file. One place for the web map, the tile route that
serves MBTiles to it, and the printed maps."""

from __future__ import annotations

import sqlite3
import urllib.request
from contextlib import closing

from geo.maps.tiles import TileFetcher

# name -> (URL template with {z}/{x}/{y} and KEY for the Tianditu key, attribution)
TILE_SERVERS = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors"),
    "tianditu": (
        "https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
        "&TILECOL={x}&tk=KEY",
        "© 天地图 Tianditu",
    ),
}
MAX_ZOOM = 22
HTTP_TIMEOUT_S = 4.0


def server_url(choice: str, tianditu_key: str = "") -> tuple[str, str] | None:
    """URL template and attribution of a configured tile server, or None."""
    if choice not in TILE_SERVERS:
        return None
    url, attribution = TILE_SERVERS[choice]
    return url.replace("KEY", tianditu_key), attribution


def mbtiles_tile(path: str, z: int, x: int, y: int) -> bytes | None:
    """One XYZ tile from an MBTiles file (which stores TMS rows), or None when absent."""
    if not (0 <= z <= MAX_ZOOM and 0 <= x < 1 << z and 0 <= y < 1 << z):
        return None
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
    return row[0] if row else None


def http_fetcher(template: str) -> TileFetcher:
    """Fetch tiles over HTTP; after the first failure give up at once (an offline office)."""
    failed = False

    def fetch(z: int, x: int, y: int) -> bytes | None:
        nonlocal failed
        if failed:
            return None
        url = template.format(z=z, x=x, y=y)
        req = urllib.request.Request(url, headers={"User-Agent": "JiangleInspect/0.1 (print)"})
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_S) as response:  # noqa: S310
                return response.read()
        except OSError:
            failed = True
            return None

    return fetch


def tile_fetcher(choice: str, mbtiles_path: str = "", tianditu_key: str = "") -> TileFetcher | None:
    """Tiles for printed maps from the configured basemap; None draws the county layers only."""
    if choice == "mbtiles" and mbtiles_path:
        return lambda z, x, y: mbtiles_tile(mbtiles_path, z, x, y)
    server = server_url(choice, tianditu_key)
    return http_fetcher(server[0]) if server else None
