"""The optional tile basemap under a static map: web-mercator tiles fetched by the caller.

All or nothing: a map with some tiles missing is drawn without a basemap, because half a
basemap misleads. ``TileFetcher`` is the caller's (z, x, y) -> image bytes (or None).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from geo.maps.static import MapView

TileFetcher = Callable[[int, int, int], bytes | None]
MAX_TILES = 48


def _tile_xy(lon: float, lat: float, z: int) -> tuple[float, float]:
    n = 2**z
    lat_r = math.radians(lat)
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n


def _tile_lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    n = 2**z
    return x / n * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))


def draw_tiles(ax, bounds, tiles: TileFetcher, view: MapView) -> bool:
    """Draw web-mercator tiles under the layers; all or nothing (a half basemap misleads)."""
    from PIL import Image

    x0, y0, x1, y1 = bounds
    px = view.width_in * view.dpi
    z = max(0, min(17, int(math.log2(360 * px / (256 * (x1 - x0))))))
    while True:
        (tx0, ty0), (tx1, ty1) = _tile_xy(x0, y1, z), _tile_xy(x1, y0, z)
        cells = [
            (x, y) for x in range(int(tx0), int(tx1) + 1) for y in range(int(ty0), int(ty1) + 1)
        ]
        if len(cells) <= MAX_TILES or z == 0:
            break
        z -= 1
    images = []
    for x, y in cells:
        try:
            data = tiles(z, x, y)
            image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")) if data else None
        except (OSError, ValueError):
            image = None
        if image is None:
            return False
        images.append((x, y, image))
    for x, y, image in images:
        (w, n), (e, s) = _tile_lonlat(x, y, z), _tile_lonlat(x + 1, y + 1, z)
        ax.imshow(image, extent=(w, e, s, n), zorder=0, interpolation="bilinear", aspect="auto")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return True
