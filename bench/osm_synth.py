"""A synthetic OpenStreetMap extract for bench/bench_import.py: a dense county-sized road grid
around Jiangle inside a sparser province-sized one, plus streams and railways, written as OPL
(osmium's one-line text format, the fastest to stream) and converted to PBF with ``osmium cat``.

Road ways follow a jittered lattice and share their end nodes, so the network routes; tags follow
a plausible mix (many residential, service and track ways, few trunk roads and motorways) with
some ``maxspeed`` (km/h, mph, ``CN:urban``), one-ways, ``-1`` ways, access bans, footways and
construction, so every rule of the import is exercised at scale.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PROVINCE = (115.8, 23.5, 120.7, 28.3)  # about Fujian's extent
COUNTY = (116.96, 26.33, 117.79, 27.17)  # Jiangle's outline plus ~12 km
CELLS_PER_WAY = 2  # a road way spans two lattice edges (one shared node in its middle)
SHAPE_NODES = 2  # bent vertices per lattice edge
HIGHWAYS = (
    ("residential", 0.36), ("unclassified", 0.18), ("service", 0.14), ("track", 0.12),
    ("tertiary", 0.06), ("secondary", 0.04), ("primary", 0.025), ("trunk", 0.01),
    ("motorway", 0.005), ("footway", 0.03), ("path", 0.015), ("construction", 0.005),
    ("living_street", 0.01),
)  # fmt: skip
MAXSPEEDS = ("30", "40", "60", "80", "30 mph", "CN:urban", "CN:rural")
NAMES = ("将乐大道", "积善路", "三华路", "城南路", "水南街", "玉华路", "龙池路", "翠竹路")


@dataclass(frozen=True)
class Lattice:
    """A jittered grid of road nodes over a lon/lat box, with ids from ``first_id``."""

    box: tuple[float, float, float, float]
    step: float
    first_id: int

    @property
    def shape(self) -> tuple[int, int]:
        x0, y0, x1, y1 = self.box
        return int((y1 - y0) / self.step) + 1, int((x1 - x0) / self.step) + 1

    def nodes(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows, cols = self.shape
        x0, y0, _, _ = self.box
        lon = (
            x0
            + np.arange(cols)[None, :] * self.step
            + rng.uniform(-0.3, 0.3, (rows, cols)) * self.step
        )
        lat = (
            y0
            + np.arange(rows)[:, None] * self.step
            + rng.uniform(-0.3, 0.3, (rows, cols)) * self.step
        )
        ids = self.first_id + np.arange(rows * cols).reshape(rows, cols)
        return ids, lon, lat


def _ways_of(ids: np.ndarray, keep: np.ndarray) -> list[np.ndarray]:
    """Node-id rows of the ways along rows and columns, CELLS_PER_WAY edges each; a way whose
    nodes are not all kept (the sparse grid around the dense box) is left out."""
    out = []
    for grid, mask in ((ids, keep), (ids.T, keep.T)):
        rows, cols = grid.shape
        starts = np.arange(0, cols - CELLS_PER_WAY, CELLS_PER_WAY)
        span = starts[:, None] + np.arange(CELLS_PER_WAY + 1)[None, :]
        for r in range(rows):
            ok = mask[r][span].all(axis=1)
            out.append(grid[r][span[ok]])
    return out


def _escape(text: str) -> str:
    """OPL escapes space, comma, equals, @ and % as %hex%."""
    return "".join(f"%{ord(ch):x}%" if ch in " ,=@%\n" else ch for ch in text)


def _tags(rng: np.random.Generator, n: int) -> list[str]:
    names = [h for h, _ in HIGHWAYS]
    weights = np.array([w for _, w in HIGHWAYS])
    highway = rng.choice(len(names), n, p=weights / weights.sum())
    draw = rng.random((n, 5))
    out = []
    for i in range(n):
        tags = [f"highway={names[highway[i]]}"]
        if draw[i, 0] < 0.2:
            tags.append(f"maxspeed={_escape(MAXSPEEDS[int(draw[i, 0] * 35) % len(MAXSPEEDS)])}")
        if draw[i, 1] < 0.05:
            tags.append("oneway=yes")
        elif draw[i, 1] < 0.055:
            tags.append("oneway=-1")
        if draw[i, 2] < 0.005:
            tags.append("access=no")
        if draw[i, 3] < 0.15:
            tags.append(f"name={NAMES[int(draw[i, 3] * 1000) % len(NAMES)]}")
        if draw[i, 4] < 0.01:
            tags.append("bridge=yes")
        out.append(",".join(tags))
    return out


def _lines(lattices: list[Lattice], extra_ways: int, seed: int) -> Iterator[str]:
    """OPL lines: every node (ids ascending), then every way. Road ways get SHAPE_NODES bent
    vertices between lattice nodes, as real ways have several nodes between junctions."""
    rng = np.random.default_rng(seed)
    way_rows: list[np.ndarray] = []
    lons, lats = [np.zeros(1)], [np.zeros(1)]  # index = node id (id 0 unused)
    for lattice in lattices:
        ids, lon, lat = lattice.nodes(rng)
        inside = (lon >= COUNTY[0]) & (lon <= COUNTY[2]) & (lat >= COUNTY[1]) & (lat <= COUNTY[3])
        keep = inside if lattice.box == COUNTY else ~inside
        for i, x, y in zip(ids[keep].tolist(), lon[keep].tolist(), lat[keep].tolist(), strict=True):
            yield f"n{i} v1 x{x:.7f} y{y:.7f}"
        way_rows += [w for w in _ways_of(ids, keep) if len(w)]
        lons.append(lon.ravel())
        lats.append(lat.ravel())
    lon_of, lat_of = np.concatenate(lons), np.concatenate(lats)
    roads = np.concatenate(way_rows)  # (ways, CELLS_PER_WAY + 1) lattice node ids
    next_id = len(lon_of)
    # bent vertices: SHAPE_NODES per lattice edge, numbered edge by edge after the lattice
    a, b = roads[:, :-1], roads[:, 1:]
    t = (np.arange(SHAPE_NODES) + 1) / (SHAPE_NODES + 1)
    wobble = rng.normal(0, 0.08, (*a.shape, SHAPE_NODES))
    dx, dy = lon_of[b] - lon_of[a], lat_of[b] - lat_of[a]
    sx = lon_of[a][..., None] + dx[..., None] * t - dy[..., None] * wobble
    sy = lat_of[a][..., None] + dy[..., None] * t + dx[..., None] * wobble
    shape_ids = next_id + np.arange(sx.size).reshape(sx.shape)
    for i, x, y in zip(
        shape_ids.ravel().tolist(), sx.ravel().tolist(), sy.ravel().tolist(), strict=True
    ):
        yield f"n{i} v1 x{x:.7f} y{y:.7f}"
    next_id += sx.size
    # streams and railways: separate zig-zag lines of 6 own nodes each
    x = rng.uniform(PROVINCE[0], PROVINCE[2], extra_ways)
    y = rng.uniform(PROVINCE[1], PROVINCE[3], extra_ways)
    step = rng.uniform(-0.004, 0.004, (extra_ways, 6, 2)).cumsum(axis=1)
    extra_first = next_id
    for k in range(extra_ways):
        for j in range(6):
            yield f"n{next_id} v1 x{x[k] + step[k, j, 0]:.7f} y{y[k] + step[k, j, 1]:.7f}"
            next_id += 1
    tags = _tags(rng, len(roads))
    for wid in range(len(roads)):
        refs = [roads[wid, 0]]
        for e in range(roads.shape[1] - 1):
            refs += [*shape_ids[wid, e].tolist(), roads[wid, e + 1]]
        yield f"w{wid + 1} v1 T{tags[wid]} N" + ",".join(f"n{r}" for r in refs)
    for k in range(extra_ways):
        kind = (
            "railway=rail"
            if k % 50 == 0
            else ("waterway=river" if k % 10 == 0 else "waterway=stream")
        )
        refs = ",".join(f"n{extra_first + 6 * k + j}" for j in range(6))
        yield f"w{len(roads) + 1 + k} v1 T{kind} N{refs}"


def steps_for(ways: int) -> tuple[float, float]:
    """Lattice steps giving about ``ways`` road ways: 8% in the county box, the rest outside."""

    def step(box: tuple[float, float, float, float], n: float) -> float:
        area = (box[2] - box[0]) * (box[3] - box[1])
        return float(np.sqrt(2 * area / (CELLS_PER_WAY * n)))

    county_box_area = (COUNTY[2] - COUNTY[0]) * (COUNTY[3] - COUNTY[1])
    province_area = (PROVINCE[2] - PROVINCE[0]) * (PROVINCE[3] - PROVINCE[1])
    sparse = step(PROVINCE, 0.92 * ways * province_area / (province_area - county_box_area))
    return step(COUNTY, 0.08 * ways), sparse


def write_extract(out: Path, ways: int, seed: int = 350428) -> Path:
    """Write ``out`` (.osm.pbf) with about ``ways`` ways; returns the path."""
    dense_step, sparse_step = steps_for(ways * 0.98)
    dense_nodes = Lattice(COUNTY, dense_step, 1)
    rows, cols = dense_nodes.shape
    sparse_nodes = Lattice(PROVINCE, sparse_step, rows * cols + 1)
    opl = out.with_suffix("").with_suffix(".opl")
    with opl.open("w", encoding="utf-8") as handle:
        batch: list[str] = []
        for line in _lines([dense_nodes, sparse_nodes], int(ways * 0.02), seed):
            batch.append(line)
            if len(batch) >= 100_000:
                handle.write("\n".join(batch) + "\n")
                batch.clear()
        handle.write("\n".join(batch) + "\n")
    subprocess.run(["osmium", "cat", "-O", "-o", str(out), str(opl)], check=True)
    opl.unlink()
    return out
