"""Roads served by view for large road layers: a display copy per zoom band, simplified per
feature once (``services.display`` caches it by layer content), queried by bounding box.

A county's shipped layer (a few thousand pieces) is drawn inline in the page; an imported
province-sized one (10^5-10^6 pieces) would make the page megabytes of HTML, so the page asks
``/api/layers/roads/view`` for what the map shows: at low zoom only the main classes, heavily
simplified; zoomed in, every class with its detail. Pure shapely and numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from geo.layers.catalogue import ROAD_CLASSES

INLINE_MAX = 5000  # road pieces: up to this many, the page draws them inline
MAX_FEATURES = 6000  # per answer; the most important classes first
DIGITS = 5  # decimals of a degree (~1 m) sent per coordinate


@dataclass(frozen=True)
class Band:
    """From ``min_zoom`` on (until the next band): these classes, simplified this much; an
    overview band draws each class merged into long lines per map cell (names left out), the
    others every road piece with its name."""

    min_zoom: int
    tolerance: float  # degrees
    classes: tuple[str, ...]
    overview: bool = False


BANDS = (
    Band(0, 0.002, ROAD_CLASSES[:3], overview=True),  # expressway to provincial; ~200 m
    Band(10, 0.0005, ROAD_CLASSES[:5], overview=True),  # + county and township roads
    Band(13, 0.0001, ROAD_CLASSES),  # + village roads, one feature per piece
    Band(15, 0.0, ROAD_CLASSES),  # as stored
)
CELL = 0.05  # degrees: overview lines are merged within cells of this size


@dataclass(frozen=True)
class _BandIndex:
    band: Band
    geometries: np.ndarray  # shapely lines, class rank order
    rows: np.ndarray  # each line's row in the layer (-1: a merged overview line)
    classes: np.ndarray
    tree: shapely.STRtree


@dataclass(frozen=True)
class RoadView:
    """The roads layer by zoom band, each band with its spatial index."""

    bands: tuple[_BandIndex, ...]
    labels: list[dict[str, str]]  # per layer row: name_zh / name_en / ref when it has them

    def query(self, bbox: tuple[float, float, float, float], zoom: float) -> dict[str, Any]:
        """The roads of one view as a GeoJSON FeatureCollection (plain dicts): the band of
        ``zoom``, the lines meeting ``bbox`` (west, south, east, north), at most
        ``MAX_FEATURES`` (then ``truncated`` is true), coordinates rounded to ~1 m."""
        index = next(b for b in reversed(self.bands) if zoom >= b.band.min_zoom)
        hits = np.sort(index.tree.query(shapely.box(*bbox), predicate="intersects"))
        truncated = len(hits) > MAX_FEATURES
        hits = hits[:MAX_FEATURES]  # lines are in class rank order: the main roads stay
        rounded = shapely.transform(index.geometries[hits], lambda xy: np.round(xy, DIGITS))
        features = []
        for i, geometry in zip(hits, shapely.to_geojson(rounded), strict=True):
            props = {"class": str(index.classes[i])}
            if index.rows[i] >= 0:
                props.update(self.labels[index.rows[i]])
            features.append(
                {"type": "Feature", "properties": props, "geometry": json.loads(geometry)}
            )
        return {
            "type": "FeatureCollection",
            "zoom_band": index.band.min_zoom,
            "truncated": truncated,
            "features": features,
        }


def _lines(features: list[dict[str, Any]]) -> np.ndarray:
    """Shapely lines of the features, plain 2-D LineStrings built in one call."""
    out = np.empty(len(features), dtype=object)
    simple = [
        i
        for i, f in enumerate(features)
        if f["geometry"]["type"] == "LineString"
        and all(len(xy) == 2 for xy in f["geometry"]["coordinates"])
    ]
    if simple:
        coords = [features[i]["geometry"]["coordinates"] for i in simple]
        lengths = np.fromiter((len(c) for c in coords), dtype=np.int64, count=len(coords))
        flat = np.fromiter(chain.from_iterable(chain.from_iterable(coords)), dtype=float)
        owner = np.repeat(np.arange(len(coords)), lengths)
        out[simple] = shapely.linestrings(flat.reshape(-1, 2), indices=owner)
    for i, f in enumerate(features):
        if out[i] is None:
            out[i] = shape(f["geometry"])
    return out


def build_road_view(features: list[dict[str, Any]]) -> RoadView:
    """Simplify every road once per zoom band (merging the overview bands per class and
    cell) and index each band."""
    rank = {cls: i for i, cls in enumerate(ROAD_CLASSES)}
    classes = np.array([f["properties"]["class"] for f in features])
    order = np.argsort(np.array([rank[c] for c in classes], dtype=np.int64), kind="stable")
    lines = _lines(features)
    bands = []
    for band in BANDS:
        keep = order[np.isin(classes[order], band.classes)]
        if band.overview:
            geoms, rows, kinds = _overview(lines[keep], classes[keep], band.tolerance)
        else:
            geoms, rows, kinds = lines[keep], keep, classes[keep]
            if band.tolerance:
                geoms = shapely.simplify(geoms, band.tolerance, preserve_topology=False)
        bands.append(_BandIndex(band, geoms, rows, kinds, shapely.STRtree(geoms)))
    return RoadView(tuple(bands), [_label(f["properties"]) for f in features])


def _overview(
    lines: np.ndarray, classes: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines of one class within one cell merged end to end (``line_merge`` of their
    MultiLineString: linear, no union) and simplified; one LineString per merged part."""
    if not len(lines):
        return lines, np.empty(0, dtype=np.int64), classes
    start = shapely.get_point(lines, 0)
    cells = np.stack(
        [np.floor(shapely.get_x(start) / CELL), np.floor(shapely.get_y(start) / CELL)], axis=1
    )
    # classes arrive in rank order, so groups by (class, cell) keep the main roads first
    keys = np.unique(np.column_stack([np.unique(classes, return_inverse=True)[1], cells]),
                     axis=0, return_inverse=True)[1]  # fmt: skip
    group_order = np.argsort(keys, kind="stable")
    merged = shapely.line_merge(
        shapely.multilinestrings(lines[group_order], indices=keys[group_order])
    )
    merged = shapely.simplify(merged, tolerance, preserve_topology=False)
    first = np.zeros(keys.max() + 1, dtype=np.int64)
    first[keys[group_order][::-1]] = group_order[::-1]
    parts, owner = shapely.get_parts(merged, return_index=True)
    group_class = classes[first]
    rank = {cls: i for i, cls in enumerate(ROAD_CLASSES)}
    by_rank = np.argsort(np.array([rank[c] for c in group_class[owner]]), kind="stable")
    parts, owner = parts[by_rank], owner[by_rank]
    return parts, np.full(len(parts), -1, dtype=np.int64), group_class[owner]


def _label(properties: dict[str, Any]) -> dict[str, str]:
    """What a drawn road piece says in its tooltip: its names and ref, when it has them."""
    return {k: properties[k] for k in ("name_zh", "name_en", "ref") if properties.get(k)}
