"""Name labels beside map markers, placed so that they overlap neither each other nor markers.

Each label tries a fixed list of spots around its marker and takes the first free one that stays
inside the map, else the least crowded; sizes are estimated in points without rendering.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib import patheffects

if TYPE_CHECKING:
    from geo.maps.static import BaseMap, Marker


# Label offsets (points) and alignments tried in turn: right, left, above, below, diagonals.
_SPOTS = (
    (9, 0, "left", "center"),
    (-9, 0, "right", "center"),
    (0, 9, "center", "bottom"),
    (0, -9, "center", "top"),
    (8, 7, "left", "bottom"),
    (-8, 7, "right", "bottom"),
    (8, -7, "left", "top"),
    (-8, -7, "right", "top"),
)


def _text_width(label: str, size: float) -> float:
    return sum(size if ord(c) > 0x2E80 else size * 0.56 for c in label)


def _box(x: float, y: float, spot: tuple, w: float, h: float) -> tuple[float, float, float, float]:
    dx, dy, ha, va = spot
    left = x + dx - (w if ha == "right" else w / 2 if ha == "center" else 0)
    bottom = y + dy - (h if va == "top" else h / 2 if va == "center" else 0)
    return left, bottom, left + w, bottom + h


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(ax, fig, base: BaseMap, markers: Sequence[Marker], marker_pt: float) -> None:
    """Name labels beside the markers, each at the first spot that overlaps no earlier label,
    no marker and stays inside the map (else the least crowded spot)."""
    to_pt = 72.0 / fig.dpi
    frame = ax.get_window_extent()
    area = (frame.x0 * to_pt, frame.y0 * to_pt, frame.x1 * to_pt, frame.y1 * to_pt)
    pts = [tuple(ax.transData.transform((m.lon, m.lat)) * to_pt) for m in markers]
    r = marker_pt / 2
    taken = [(x - r, y - r, x + r, y + r) for x, y in pts]
    size, halo = 7.0, [patheffects.withStroke(linewidth=2.4, foreground="white")]
    for m, (x, y) in zip(markers, pts, strict=True):
        w, h = _text_width(m.label, size), size * 1.25
        best, best_cost = _SPOTS[0], math.inf
        for spot in _SPOTS:
            box = _box(x, y, spot, w, h)
            inside = (
                area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1] and box[3] <= area[3]
            )
            cost = sum(_overlap(box, t) for t in taken) + (0 if inside else 1e6)
            if cost < best_cost:
                best, best_cost = spot, cost
            if cost == 0:
                break
        taken.append(_box(x, y, best, w, h))
        dx, dy, ha, va = best
        ax.annotate(
            m.label,
            (m.lon, m.lat),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontproperties=base.fp(size),
            color="#212121",
            zorder=13,
            path_effects=halo,
        )
