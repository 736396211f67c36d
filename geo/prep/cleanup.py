"""The clean-up along the route: from a tour's driven legs and the layers, what each township
sweeps (road verges, streams, the surroundings of each stop) and its task list.

Roads are grouped by number (``ref``) or name within a township, unnamed roads by class, so a
township gets one task per road it hosts the panel on. Every length is measured in UTM 50N.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.crs import to_metric, to_wgs84
from geo.i18n import name, text
from geo.prep.corridor import (
    Along,
    LonLat,
    clip,
    components,
    corridor,
    ends,
    lines_only,
    metric_shapes,
    route_line,
)
from geo.prep.ends import EndNamer, Landmark, Road, Town
from geo.prep.layers import CleanupLayers, MetricLayer
from geo.prep.records import (
    RIVER,
    ROAD,
    STOP,
    Cleanup,
    CleanupSettings,
    RiverReach,
    RoadStretch,
    Span,
    StopArea,
    Task,
    TownshipCleanup,
)

DEFAULT_SETTINGS = CleanupSettings()
MIN_STRETCH_M = 50.0  # a shorter bit (the end of a stop's drive) is swept with its surroundings
_DISPLAY_M = 2.0  # simplification of the drawn stretches and corridor


@dataclass(frozen=True)
class DrivenRoute:
    """What the panel drives: each leg's lon/lat path in driving order, the road ids on them,
    the stops visited (features, in visiting order) and named start/end places."""

    paths: Sequence[Sequence[LonLat]]
    road_ids: Collection[str]
    stops: Sequence[dict]
    places: Sequence[tuple[str, LonLat]] = ()


def road_key(props: dict) -> str:
    """A road's identity for grouping: its number, else its name, else its class (unnamed)."""
    if props.get("ref"):
        return f"ref:{props['ref']}"
    if props.get("name_zh") or props.get("name_en"):
        return f"name:{props.get('name_zh') or props['name_en']}"
    return f"class:{props['class']}"


def road_label(props: dict, lang: str) -> str:
    """Name and number ("将泰线 (S204)"), either alone, or "unnamed village road"."""
    named = (props.get("name_zh") or props.get("name_en")) and name(props, lang)
    ref = props.get("ref")
    if named and ref:
        return f"{named} ({ref})"
    if named or ref:
        return str(named or ref)
    return text("cleanup_unnamed", lang, cls=class_label(props["class"], lang))


def class_label(road_class: str, lang: str) -> str:
    """The printed word for a road class; an unknown class shows as itself."""
    key = f"print_road_{road_class}"
    label = text(key, lang)
    return road_class if label == key else label


def route_cleanup(
    route: DrivenRoute,
    layers: CleanupLayers,
    lang: str,
    settings: CleanupSettings = DEFAULT_SETTINGS,
) -> Cleanup:
    """The clean-up of one tour, township by township in the order the panel reaches them."""
    line = route_line(route.paths)
    if line is None:
        return Cleanup(settings, (), None)
    along = Along(line)
    towns = _towns(layers.townships, lang)
    stop_points = list(metric_shapes(route.stops))
    roads = _driven_roads(along, layers.roads, set(route.road_ids), lang)
    sites = [
        *(
            Landmark(name(f["properties"], lang), p)
            for f, p in zip(route.stops, stop_points, strict=True)
        ),
        *(Landmark(label, _point(lonlat)) for label, lonlat in route.places),
    ]
    seats = [
        Landmark(t.label, _seat(f)) for t, f in zip(towns, layers.townships.features, strict=True)
    ]
    namer = EndNamer(sites, seats, towns, [r for r, _ in roads], lang)
    zone = corridor(line, stop_points, settings.river_distance_m)
    shapely.prepare(zone)
    found = [
        *_stretches(along, roads, towns, namer, settings),
        *_reaches(
            line, along, zone, layers.rivers, towns, route.stops, stop_points, settings, lang
        ),
        *_stop_areas(along, layers, towns, route.stops, stop_points, settings, lang),
    ]
    return Cleanup(settings, _townships(towns, found, lang), to_wgs84(zone.simplify(_DISPLAY_M)))


def _towns(layer: MetricLayer, lang: str) -> list[Town]:
    return [
        Town(f["properties"]["id"], name(f["properties"], lang), g)
        for f, g in zip(layer.features, layer.geoms, strict=True)
    ]


def _point(lonlat: LonLat) -> Point:
    return to_metric(Point(lonlat))


def _seat(township: dict) -> Point:
    props = township["properties"]
    if props.get("seat_lon") is None:
        return to_metric(shapely.geometry.shape(township["geometry"]).representative_point())
    return _point((props["seat_lon"], props["seat_lat"]))


def _driven_roads(
    along: Along, layer: MetricLayer, driven: set[str], lang: str
) -> list[tuple[Road, dict]]:
    """The driven part of every road on the route, with the road's properties."""
    roads = []
    for i in layer.indices(driven):
        part = along.driven_part(layer.geoms[i])
        if part.length:
            props = layer.props(i)
            roads.append((Road(road_key(props), road_label(props, lang), part), props))
    return roads


def _stretches(
    along: Along,
    roads: Sequence[tuple[Road, dict]],
    towns: Sequence[Town],
    namer: EndNamer,
    settings: CleanupSettings,
) -> Iterable[tuple[float, RoadStretch]]:
    """One stretch per road and township, with where it starts in the tour (to order by)."""
    pairs = [(t.code, t.polygon) for t in towns]
    groups: dict[tuple[str, str], list[tuple[Road, dict, BaseGeometry]]] = {}
    for road, props in roads:
        for code, part in clip(road.geometry, pairs):
            groups.setdefault((code, road.key), []).append((road, props, part))
    by_code = {t.code: t for t in towns}
    for (code, key), members in groups.items():
        if sum(part.length for _, _, part in members) < MIN_STRETCH_M:
            continue
        pieces = components([part for _, _, part in members])
        spans = []
        for piece in pieces:
            start, end = ends(piece, along)
            town = by_code[code]
            spans.append(
                (
                    along(start),
                    Span(namer.describe(start, town, key), namer.describe(end, town, key),
                         piece.length / 1000),
                )
            )  # fmt: skip
        spans.sort(key=lambda s: s[0])
        road, props, _ = max(members, key=lambda m: m[2].length)
        geometry = shapely.union_all(pieces)
        yield (
            spans[0][0],
            RoadStretch(
                township=code,
                key=key,
                label=road.label,
                road_class=props["class"],
                road_ids=tuple(dict.fromkeys(p["id"] for _, p, _ in members)),
                spans=tuple(s for _, s in spans),
                km=geometry.length / 1000,
                both_sides=settings.both_sides,
                geometry=to_wgs84(geometry.simplify(_DISPLAY_M)),
            ),
        )


def _reaches(
    line: LineString,
    along: Along,
    zone: BaseGeometry,
    rivers: MetricLayer,
    towns: Sequence[Town],
    stops: Sequence[dict],
    stop_points: Sequence[Point],
    settings: CleanupSettings,
    lang: str,
) -> Iterable[tuple[float, RiverReach]]:
    """The rivers within the set distance of the route or of a stop, per township."""
    distance = settings.river_distance_m
    pairs = [(t.code, t.polygon) for t in towns]
    for i in rivers.tree.query(zone, predicate="intersects"):
        geometry, props = rivers.geoms[i], rivers.props(int(i))
        for code, part in clip(lines_only(geometry.intersection(zone)), pairs):
            near = tuple(
                name(s["properties"], lang)
                for s, p in zip(stops, stop_points, strict=True)
                if p.distance(part) <= distance
            )
            reach = RiverReach(
                township=code,
                river_id=props["id"],
                label=name(props, lang),
                river_class=props["class"],
                km=part.length / 1000,
                near_stops=near,
                geometry=to_wgs84(part.simplify(_DISPLAY_M)),
            )
            yield along(nearest_points(part, line)[1]), reach


def _stop_areas(
    along: Along,
    layers: CleanupLayers,
    towns: Sequence[Town],
    stops: Sequence[dict],
    stop_points: Sequence[Point],
    settings: CleanupSettings,
    lang: str,
) -> Iterable[tuple[float, StopArea]]:
    """The circle around each stop, with the roads and rivers that cross it."""
    codes = {t.code for t in towns}
    radius = settings.stop_radius_m
    for f, point in zip(stops, stop_points, strict=True):
        props = f["properties"]
        code = props.get("township_code")
        if code not in codes:
            code = next((t.code for t in towns if t.polygon.covers(point)), "")
        lon, lat = f["geometry"]["coordinates"][:2]
        circle = point.buffer(radius)
        area = StopArea(
            code, props["id"], name(props, lang), lon, lat, radius,
            _touching(layers.roads, circle, lambda p: road_label(p, lang)),
            _touching(layers.rivers, circle, lambda p: name(p, lang)),
        )  # fmt: skip
        yield along(point), area


def _touching(layer: MetricLayer, shape: BaseGeometry, label) -> tuple[str, ...]:
    """Labels of the features a shape touches, nearest first, each once."""
    hits = sorted(
        layer.tree.query(shape, predicate="intersects"),
        key=lambda i: layer.geoms[i].distance(shape.centroid),
    )
    return tuple(dict.fromkeys(label(layer.props(int(i))) for i in hits))


def _townships(towns: Sequence[Town], found: Sequence[tuple[float, object]], lang: str):
    """Group the records per township, townships in the order the panel reaches them."""
    first: dict[str, float] = {}
    for along, record in found:
        code = record.township
        first[code] = min(first.get(code, along), along)
    result = []
    for town in sorted((t for t in towns if t.code in first), key=lambda t: first[t.code]):
        mine = sorted((f for f in found if f[1].township == town.code), key=lambda f: f[0])
        roads = tuple(r for _, r in mine if isinstance(r, RoadStretch))
        rivers = tuple(r for _, r in mine if isinstance(r, RiverReach))
        stops = tuple(r for _, r in mine if isinstance(r, StopArea))
        result.append(
            TownshipCleanup(
                town.code, town.label, roads, rivers, stops, _tasks(roads, rivers, stops, lang)
            )
        )
    return tuple(result)


def _tasks(roads, rivers, stops, lang: str) -> tuple[Task, ...]:
    road_tasks = [
        Task(r.task_key, r.township, ROAD, r.label,
             "; ".join(f"{s.start} — {s.end}" for s in r.spans), r.km)
        for r in roads
    ]  # fmt: skip
    river_tasks = [
        Task(r.task_key, r.township, RIVER, r.label,
             "、".join(r.near_stops) or text("cleanup_along_route", lang), r.km)
        for r in rivers
    ]  # fmt: skip
    stop_tasks = [
        Task(s.task_key, s.township, STOP, s.label,
             text("cleanup_radius", lang, r=s.radius_m), None)
        for s in stops
    ]  # fmt: skip
    return (*road_tasks, *river_tasks, *stop_tasks)
