"""Do the townships tile the county? A township layer from another source (a survey in
CGCS2000, a digitised map) often leaves slivers between townships, overlaps them, or spills
over the county line; each piece is measured in km² and named by the townships around it,
so the admin knows where to look before the quota and the map use it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import shape

from geo.crs import to_metric

# Slivers smaller than this (1 ha) are digitising noise, not a missing village.
MIN_AREA_KM2 = 0.01
# A gap is named by the townships whose boundary comes this close to it.
NEIGHBOUR_M = 50.0


@dataclass(frozen=True)
class TilingProblem:
    """One gap, overlap or spill: its kind, its area and the townships it concerns."""

    kind: (
        str  # "gap" (county land in no township), "overlap" (in two), "outside" (beyond the county)
    )
    area_km2: float
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]

    def names(self, lang: str) -> tuple[str, ...]:
        """The townships' names in ``lang`` (Chinese when a township has no English name)."""
        if lang == "en":
            return tuple(en or zh for zh, en in zip(self.names_zh, self.names_en, strict=True))
        return self.names_zh


def tiling_problems(
    townships: list[dict[str, Any]], county: list[dict[str, Any]]
) -> list[TilingProblem]:
    """Gaps, overlaps and spills of at least ``MIN_AREA_KM2``, largest first within each kind."""
    if not townships or not county:
        return []
    props = [f["properties"] for f in townships]
    parts = to_metric(shapely.make_valid(shapely.from_geojson(_geojson(townships))))
    outline = to_metric(
        shapely.make_valid(shapely.union_all([shape(f["geometry"]) for f in county]))
    )
    return [
        *_gaps(outline.difference(shapely.union_all(parts)), parts, props),
        *_overlaps(parts, props),
        *_spills(parts, outline, props),
    ]


def _geojson(features: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(f["geometry"]) for f in features]


def _problem(kind: str, area_m2: float, props: list[dict[str, Any]]) -> TilingProblem:
    return TilingProblem(
        kind,
        round(area_m2 / 1e6, 3),
        tuple(str(p.get("name_zh") or p.get("id")) for p in props),
        tuple(str(p.get("name_en") or "") for p in props),
    )


def _big(pieces: shapely.Geometry) -> list[shapely.Geometry]:
    """The polygons of ``pieces`` at least ``MIN_AREA_KM2`` in area, largest first."""
    polygons = [g for g in getattr(pieces, "geoms", [pieces]) if g.geom_type == "Polygon"]
    big = [g for g in polygons if g.area >= MIN_AREA_KM2 * 1e6]
    return sorted(big, key=lambda g: -g.area)


def _gaps(holes: shapely.Geometry, parts: Any, props: list[dict[str, Any]]) -> list[TilingProblem]:
    out = []
    for hole in _big(holes):
        near = shapely.dwithin(parts, hole, NEIGHBOUR_M)
        out.append(
            _problem("gap", hole.area, [p for p, hit in zip(props, near, strict=True) if hit])
        )
    return out


def _overlaps(parts: Any, props: list[dict[str, Any]]) -> list[TilingProblem]:
    tree = shapely.STRtree(parts)
    left, right = tree.query(parts, predicate="intersects")
    out = []
    for i, j in zip(left, right, strict=True):
        if i < j:
            area = sum(g.area for g in _big(parts[i].intersection(parts[j])))
            if area:
                out.append(_problem("overlap", area, [props[i], props[j]]))
    return sorted(out, key=lambda p: -p.area_km2)


def _spills(
    parts: Any, outline: shapely.Geometry, props: list[dict[str, Any]]
) -> list[TilingProblem]:
    out = []
    for part, prop in zip(parts, props, strict=True):
        area = sum(g.area for g in _big(part.difference(outline)))
        if area:
            out.append(_problem("outside", area, [prop]))
    return sorted(out, key=lambda p: -p.area_km2)
