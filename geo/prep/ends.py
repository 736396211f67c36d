"""Words for where a road stretch begins and ends, so a township crew can find it on the ground:
a stop or the start place, a township border, a junction with another road on the route, a town
centre, or failing those the distance from the nearest of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.i18n import text

SITE_M = 300.0  # an end this close to a stop or place is "at" it
BORDER_M = 5.0  # clipped ends lie on the border; the slack absorbs float noise
JUNCTION_M = 10.0
SEAT_M = 1500.0  # a township seat this close names the end "<town> centre"


@dataclass(frozen=True)
class Landmark:
    """A named point an end can be told by: a stop, a start or overnight place, a town seat."""

    name: str
    point: Point  # metric


@dataclass(frozen=True)
class Town:
    code: str
    label: str
    polygon: BaseGeometry  # metric


@dataclass(frozen=True)
class Road:
    """A driven road part, with the key and label of the road it belongs to."""

    key: str
    label: str
    geometry: BaseGeometry  # metric


class EndNamer:
    """Describes the ends of the stretches of one tour in one language."""

    def __init__(
        self,
        sites: Sequence[Landmark],
        seats: Sequence[Landmark],
        towns: Sequence[Town],
        roads: Sequence[Road],
        lang: str,
    ):
        self._sites, self._seats, self._towns, self._roads = sites, seats, towns, roads
        self._road_tree = shapely.STRtree([r.geometry for r in roads])
        self._lang = lang

    def describe(self, point: Point, town: Town, road_key: str) -> str:
        """The first that applies: at a site, on a border, at a junction, by a town centre,
        else so many km from the nearest site or centre."""
        site = _nearest(self._sites, point)
        if site and site.point.distance(point) <= SITE_M:
            return site.name
        if town.polygon.boundary.distance(point) <= BORDER_M:
            return self._border(point, town)
        junction = self._junction(point, road_key)
        if junction:
            return text("cleanup_junction", self._lang, road=junction)
        seat = _nearest(self._seats, point)
        if seat and seat.point.distance(point) <= SEAT_M:
            return text("cleanup_seat", self._lang, name=seat.name)
        near = _nearest([*self._sites, *self._seats], point)
        if near is None:
            return f"{point.x:.0f}, {point.y:.0f}"
        km = f"{near.point.distance(point) / 1000:.1f}"
        return text("cleanup_near", self._lang, name=near.name, km=km)

    def _border(self, point: Point, town: Town) -> str:
        for other in self._towns:
            if other.code != town.code and other.polygon.distance(point) <= BORDER_M:
                return text("cleanup_border", self._lang, name=other.label)
        return text("cleanup_county_border", self._lang)

    def _junction(self, point: Point, road_key: str) -> str | None:
        hits = self._road_tree.query(point, predicate="dwithin", distance=JUNCTION_M)
        others = [self._roads[int(i)] for i in hits if self._roads[int(i)].key != road_key]
        closest = min(others, key=lambda r: r.geometry.distance(point), default=None)
        return closest.label if closest else None


def _nearest(landmarks: Sequence[Landmark], point: Point) -> Landmark | None:
    return min(landmarks, key=lambda m: m.point.distance(point), default=None)
