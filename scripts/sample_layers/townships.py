"""Townships: a tuned power diagram (weighted Voronoi) of the seats, clipped to the outline.

The 13 townships partition the county exactly; published areas are met where they are known.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box
from shapely.ops import polygonize, unary_union

from .reference import GOV_LONLAT, SEED, utm_xy
from .shaping import warp, wave_field

PUBLISHED_AREA_KM2 = {"350428105": 25.4, "350428107": 195.9}  # 水南镇, 南口镇 (public text)

# code: (name_en, kind, aliases, applied for eco-township status in 2013)
TOWNSHIPS = {
    "350428100": ("Guyong Town", "镇", [], True),
    "350428101": ("Wan'an Town", "镇", [], False),
    "350428102": ("Gaotang Town", "镇", [], False),
    "350428103": ("Bailian Town", "镇", [], True),
    "350428104": ("Huangtan Town", "镇", [], False),
    "350428105": ("Shuinan Town", "镇", [], False),
    "350428106": ("Guangming Town", "镇", ["光明乡"], True),
    "350428107": ("Nankou Town", "镇", ["南口乡"], False),
    "350428201": ("Moyuan Township", "乡", [], True),
    "350428203": ("Wanquan Township", "乡", [], False),
    "350428204": ("Anren Township", "乡", [], False),
    "350428205": ("Dayuan Township", "乡", [], True),
    "350428206": ("Yufang Township", "乡", [], True),
}
# Extra generator sites (lon, lat) where the seat alone gives a wrong picture: the Longqi
# reserve must have 黄潭 to the N, 万全 to the W and 白莲 to the SE.
EXTRA_SITES = {
    "350428203": [(117.235, 26.565)],
    "350428104": [(117.300, 26.615)],
}
# 水南镇 is small (25.4 km2) and lies on the south bank of the Jinxi opposite the county seat: no
# weighted Voronoi cell can be that small around a seat 2.5 km from 古镛's. It is drawn first as
# an E-W ellipse whose north edge follows the river just north of its seat (semi-axes in metres,
# centre offset south of the seat), and the other 12 townships share the rest.
SHUINAN = "350428105"
SHUINAN_AXES = (3600.0, 2250.0)
SHUINAN_CENTRE_SOUTH = 1600.0


def township_sites(seats: dict[str, dict]) -> list[tuple[str, np.ndarray]]:
    """Generator points in UTM: each seat, plus extra sites where the seat alone misleads."""
    sites = []
    for code in sorted(seats):
        if code != SHUINAN:
            sites.append((code, np.array(utm_xy(seats[code]["lon"], seats[code]["lat"]))))
        for lon, lat in EXTRA_SITES.get(code, []):
            sites.append((code, np.array(utm_xy(lon, lat))))
    return sites


def halfplane(p: np.ndarray, q: np.ndarray, wp: float, wq: float, reach: float = 2e5) -> Polygon:
    """The side of the power bisector of p and q that belongs to p.

    Power distance |x - p|^2 - w has straight bisectors, so neighbouring cells share exact
    straight edges and the cells tile the plane: the partition has no gaps and no overlaps.
    """
    d = q - p
    dist2 = float(d @ d)
    u = d / math.sqrt(dist2)
    v = np.array([-u[1], u[0]])
    x0 = p + (0.5 + (wp - wq) / (2 * dist2)) * d
    corners = [
        x0 + reach * v,
        x0 - reach * v,
        x0 - reach * v - reach * u,
        x0 + reach * v - reach * u,
    ]
    return Polygon(corners)


def power_cells(sites, weights: dict[str, float], county: Polygon) -> dict[str, Polygon]:
    """Township cells (union of their sites' power cells) clipped to the county."""
    frame = box(*county.buffer(1000).bounds)
    parts: dict[str, list] = {code: [] for code, _ in sites}
    for i, (ci, pi) in enumerate(sites):
        cell = frame
        for j, (cj, pj) in enumerate(sites):
            if i != j:
                cell = cell.intersection(halfplane(pi, pj, weights[ci], weights[cj]))
        parts[ci].append(cell.intersection(county))
    return {code: unary_union(p) for code, p in parts.items()}


def tune_weights(sites, county: Polygon, targets: dict[str, float]) -> dict[str, float]:
    """Adjust the power weights until each cell's area is within 0.3% of its target."""
    weights = {code: 0.0 for code in targets}
    for _ in range(400):
        cells = power_cells(sites, weights, county)
        errors = {c: targets[c] - cells[c].area for c in targets}
        if max(abs(e) / targets[c] for c, e in errors.items()) < 0.003:
            break
        for code, err in errors.items():
            weights[code] += 0.12 * err
    return weights


def area_targets(sites, land: Polygon) -> dict[str, float]:
    """Published areas where known; the rest share the remainder like their plain Voronoi cells."""
    plain = power_cells(sites, {code: 0.0 for code, _ in sites}, land)
    known = {c: a * 1e6 for c, a in PUBLISHED_AREA_KM2.items() if c in plain}
    rest = land.area - sum(known.values())
    free = sum(cell.area for c, cell in plain.items() if c not in known)
    return {c: known.get(c, cell.area * rest / free) for c, cell in plain.items()}


def shuinan_region(seat: dict, county: Polygon, factor: float) -> Polygon:
    """水南镇 as an ellipse south of its seat (see SHUINAN_AXES), scaled by ``factor``."""
    x, y = utm_xy(seat["lon"], seat["lat"])
    a, b = (axis * factor for axis in SHUINAN_AXES)
    t = np.linspace(0, 2 * math.pi, 120, endpoint=False)
    ring = np.column_stack([x + a * np.cos(t), y - SHUINAN_CENTRE_SOUTH * factor + b * np.sin(t)])
    return Polygon(ring).intersection(county)


def topological_partition(cells: dict[str, Polygon], field, scale) -> dict[str, Polygon]:
    """Bend the shared edges with one warp of the noded linework, then rebuild the faces.

    Warping the linework once (not each polygon) keeps every shared edge identical on both
    sides, so the partition stays exact (faces are reassigned to the cell they overlap most).
    """
    snapped = {c: shapely.set_precision(g, 0.01) for c, g in cells.items()}
    lines = unary_union([g.boundary for g in snapped.values()])
    lines = shapely.segmentize(lines, 150.0)
    # Re-node after the warp: where two nearly tangent edges get crossed, this adds a tiny face
    # instead of dropping the whole ring.
    faces = list(polygonize(unary_union(warp(lines, field, scale)).geoms))
    out: dict[str, list] = {c: [] for c in cells}
    for face in faces:
        owner = max(snapped, key=lambda c: face.intersection(snapped[c]).area)
        out[owner].append(face)
    return absorb_fragments({c: unary_union(f) for c, f in out.items()})


def absorb_fragments(polys: dict[str, Polygon], min_area: float = 5e6) -> dict[str, Polygon]:
    """Give detached slivers (a cell cut by a notch of the outline) to the longest neighbour."""
    polys = dict(polys)
    for code in sorted(polys):
        parts = sorted(getattr(polys[code], "geoms", [polys[code]]), key=lambda g: -g.area)
        for frag in parts[1:]:
            if frag.area >= min_area:
                continue
            others = [c for c in polys if c != code]
            host = max(others, key=lambda c: frag.boundary.intersection(polys[c].boundary).length)
            polys[host] = unary_union([polys[host], frag])
            polys[code] = polys[code].difference(frag)
    return {c: shapely.set_precision(g, 0.01) for c, g in polys.items()}


def build_township_polygons(county: Polygon, seats: dict[str, dict]) -> dict[str, Polygon]:
    """Township polygons (UTM) that partition the county and respect the published areas."""
    sites = township_sites(seats)
    rng = np.random.default_rng(SEED + 1)
    field = wave_field(rng, 450.0, (7000.0, 16000.0))
    boundary = county.boundary
    gov = Point(utm_xy(*GOV_LONLAT))

    def scale(xy: np.ndarray) -> np.ndarray:
        pts = shapely.points(xy)
        edge = np.clip(shapely.distance(boundary, pts) / 2500.0, 0.0, 1.0)
        town = np.clip((shapely.distance(gov, pts) - 600.0) / 1500.0, 0.0, 1.0)
        return edge * town

    factor = 1.0
    land = county.difference(shuinan_region(seats[SHUINAN], county, factor))
    targets = area_targets(sites, land)
    adjusted = dict(targets)
    for _ in range(3):  # the warp moves a little area; correct the targets and retune
        south = shuinan_region(seats[SHUINAN], county, factor)
        land = county.difference(south)
        weights = tune_weights(sites, land, adjusted)
        cells = power_cells(sites, weights, land) | {SHUINAN: south}
        polys = topological_partition(cells, field, scale)
        for code in adjusted:
            adjusted[code] *= targets[code] / polys[code].area
        factor *= math.sqrt(PUBLISHED_AREA_KM2[SHUINAN] * 1e6 / polys[SHUINAN].area)
    return polys
