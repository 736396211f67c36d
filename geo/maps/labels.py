"""Name labels on print maps, placed so that they overlap neither each other nor markers.

Township names go near their polygon's pole of inaccessibility (of the part in view), at the
first spot of a widening ring around it that lies inside the township and clear of every marker;
stop and place names try a fixed list of spots beside their marker and take the first free one
that stays inside the map, else the least crowded. Sizes are estimated in points without
rendering; every box is in points from the figure's lower left corner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib import patheffects
from PIL import Image, ImageDraw
from scipy.ndimage import distance_transform_edt
from shapely.geometry import box as shapely_box

from geo.maps.display import polylabel_point

if TYPE_CHECKING:
    from geo.maps.static import BaseMap, Marker

Box = tuple[float, float, float, float]  # left, bottom, right, top in points
TOWN_PT = 8.5  # township name size
# Offsets (points) tried around a township's label point: the point itself, then rings.
_RINGS = [(0.0, 0.0)] + [
    (r * math.cos(a * math.pi / 8), r * math.sin(a * math.pi / 8))
    for r in (7, 14, 21, 30, 40, 52)
    for a in range(16)
]


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


def _frame(ax, fig) -> Box:
    to_pt = 72.0 / fig.dpi
    frame = ax.get_window_extent()
    return frame.x0 * to_pt, frame.y0 * to_pt, frame.x1 * to_pt, frame.y1 * to_pt


def _inside(box: Box, area: Box) -> bool:
    return area[0] <= box[0] and box[2] <= area[2] and area[1] <= box[1] and box[3] <= area[3]


def to_points(ax, fig, lon: float, lat: float) -> tuple[float, float]:
    """A map position in points from the figure's lower left corner."""
    x, y = ax.transData.transform((lon, lat)) * (72.0 / fig.dpi)
    return float(x), float(y)


class _RouteInk:
    """How much of a box the route lines' ink (``INK_PT`` each side) covers: the lines are drawn
    once into a grid of ``CELL_PT`` cells, the cells within ``INK_PT`` of a drawn cell are ink
    (a distance transform), and a table of running sums gives any box's area in four lookups.
    Why not buffers: a township's name tries up to 97 boxes, and buffering the routes' dense
    road paths for them (one buffer of all lines, or of the pieces near each box) took more than
    the rest of the labels together (0.80 against 0.19 s on a two-day pack). The grid is within
    a cell of the buffer along the ink's edges (the whole ink 10% wider): enough to tell a clear
    box from a covered one, and it errs on the side of keeping names off the routes."""

    INK_PT = 2.0
    CELL_PT = 1.0

    def __init__(self, lines: Sequence[np.ndarray], size_pt: tuple[float, float]) -> None:
        cell = self.CELL_PT
        width, height = (math.ceil(v / cell) for v in size_pt)
        image = Image.new("1", (width, height), 1)
        pen = ImageDraw.Draw(image)
        for line in lines:  # a cell's centre is at (i + 0.5) cells; PIL's pixel centres at i
            pen.line([(x / cell - 0.5, height - 0.5 - y / cell) for x, y in line], fill=0)
        clear = np.flipud(np.asarray(image))  # row 0 at the bottom, as points
        ink = distance_transform_edt(clear) * cell <= self.INK_PT  # within reach of a drawn cell
        self.sums = np.zeros((height + 1, width + 1), dtype=np.int64)
        self.sums[1:, 1:] = ink.cumsum(0, dtype=np.int64).cumsum(1)

    def area_in(self, box: Box) -> float:
        """The covered area of ``box`` in pt²: the cells whose centres lie in it."""
        cell, rows, cols = self.CELL_PT, self.sums.shape[0] - 1, self.sums.shape[1] - 1
        c0, c1 = (min(max(math.ceil(v / cell - 0.5), 0), cols) for v in (box[0], box[2]))
        r0, r1 = (min(max(math.ceil(v / cell - 0.5), 0), rows) for v in (box[1], box[3]))
        s = self.sums
        return float(s[r1, c1] - s[r0, c1] - s[r1, c0] + s[r0, c0]) * cell * cell


def place_township_names(
    ax, fig, base: BaseMap, markers: Sequence[Box], routes: Sequence[Sequence[tuple]] = ()
) -> list[Box]:
    """Township names, each inside its township (the part in view), clear of every marker box
    and of the names placed before it, and off the route lines where it can be; a township
    whose name finds no such spot near its label point is named at the spot that covers the
    least. Returns the name boxes."""
    area = _frame(ax, fig)
    to_pt = 72.0 / fig.dpi
    lines = [ax.transData.transform(list(r)) * to_pt for r in routes if len(r) > 1]
    size = fig.get_size_inches() * 72.0
    route = _RouteInk(lines, (float(size[0]), float(size[1]))) if lines else None
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = shapely_box(x0, y0, x1, y1)
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    blocked = shapely.STRtree([shapely_box(*b) for b in markers]) if markers else None
    placed: list[Box] = []
    for town in base.townships:
        part = town.shape.intersection(view)
        if part.is_empty or (part.area < 0.02 * view.area and not part.contains(town.spot)):
            continue  # a sliver at the edge of the map: its name is on the map next door
        spot = town.spot if part.contains(town.spot) else polylabel_point(part)
        inside = shapely.transform(part, lambda xy: ax.transData.transform(xy) * to_pt)
        x, y = to_points(ax, fig, spot.x, spot.y)
        w, h = _text_width(town.label, TOWN_PT), TOWN_PT * 1.25
        best, best_cost = None, math.inf
        for dx, dy in _RINGS:
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            cost = sum(_overlap(box, t) for t in placed)
            if blocked is not None:
                cost += 1e3 * sum(
                    _overlap(box, markers[i]) for i in blocked.query(shapely_box(*box))
                )
            if route is not None:
                cost += 20 * route.area_in(box)
            cost += 0 if _inside(box, area) else 1e6
            cost += 0 if inside.contains(shapely.Point(x + dx, y + dy)) else 1e5
            if cost < best_cost:
                best, best_cost = box, cost
            if cost == 0:
                break
        placed.append(best)
        lon, lat = ax.transData.inverted().transform(
            ((best[0] + best[2]) / 2 / to_pt, (best[1] + best[3]) / 2 / to_pt)
        )
        ax.text(
            lon,
            lat,
            town.label,
            fontproperties=base.fp(TOWN_PT),
            color="#616161",
            ha="center",
            va="center",
            zorder=6,
            path_effects=halo,
        )
    return placed


def place_labels(
    ax, fig, base: BaseMap, markers: Sequence[Marker], marker_pt: float, taken: Sequence[Box] = ()
) -> list[Box]:
    """Name labels beside the markers, each at the first spot that overlaps no earlier label,
    no marker, nothing in ``taken`` (township names) and stays inside the map (else the least
    crowded spot). Returns the label boxes."""
    area = _frame(ax, fig)
    pts = [to_points(ax, fig, m.lon, m.lat) for m in markers]
    r = marker_pt / 2
    taken = [*taken, *((x - r, y - r, x + r, y + r) for x, y in pts)]
    placed: list[Box] = []
    size, halo = 7.0, [patheffects.withStroke(linewidth=2.4, foreground="white")]
    for m, (x, y) in zip(markers, pts, strict=True):
        w, h = _text_width(m.label, size), size * 1.25
        best, best_cost = _SPOTS[0], math.inf
        for spot in _SPOTS:
            box = _box(x, y, spot, w, h)
            cost = sum(_overlap(box, t) for t in taken) + (0 if _inside(box, area) else 1e6)
            if cost < best_cost:
                best, best_cost = spot, cost
            if cost == 0:
                break
        taken.append(_box(x, y, best, w, h))
        placed.append(taken[-1])
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
    return placed
