"""Tour records: the itinerary and the whole tour as frozen plain data, with JSON-ready ``to_dict``.

``geo.tour.schedule`` plans the days and renders its result into ``Schedule``; the pipeline wraps it
in a ``Tour`` (visiting order, names, start/end places, road paths). Services, printouts and exports
read these objects; only ``routes/`` calls ``to_dict`` to answer as JSON. Times are timezone-aware
when the departure was, and serialise as "YYYY-MM-DDTHH:MM".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar

from geo.i18n import text

LonLat = tuple[float, float]
_FMT = "%Y-%m-%dT%H:%M"


class _Plain:
    """``to_dict`` for the output records: JSON-ready values, times as "YYYY-MM-DDTHH:MM"."""

    _names: ClassVar[dict[str, str]] = {}

    def to_dict(self) -> dict:
        return {self._names.get(f.name, f.name): _json(getattr(self, f.name)) for f in fields(self)}


def _json(value: object) -> object:
    if isinstance(value, _Plain):
        return value.to_dict()
    if isinstance(value, datetime):
        return _fmt(value)
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class Lunch(_Plain):
    """Lunch break: ``at`` a place (stop, start or base) or on the way to ``on_way_to``."""

    start: datetime
    end: datetime
    at: str | None = None
    on_way_to: str | None = None


@dataclass(frozen=True)
class StopTime(_Plain):
    """When the panel is at one stop; ``start`` is the visit start after any wait."""

    id: str
    day: int
    arrival: datetime
    start: datetime
    departure: datetime
    wait_minutes: int


@dataclass(frozen=True)
class Leg(_Plain):
    """One drive, including overnight returns to the base and the final drive to ``end``."""

    _names: ClassVar[dict[str, str]] = {"from_id": "from", "to_id": "to"}

    from_id: str
    to_id: str
    day: int
    km: float
    minutes: int
    depart: datetime
    arrive: datetime


@dataclass(frozen=True)
class DaySummary(_Plain):
    """One calendar day of the tour."""

    day: int
    date: date
    start: datetime
    end: datetime
    km: float
    driving_minutes: int
    visiting_minutes: int
    lunch: Lunch | None


@dataclass(frozen=True)
class Schedule:
    """The whole itinerary as plain data; totals are computed from the unrounded clock."""

    stops: tuple[StopTime, ...]
    legs: tuple[Leg, ...]
    days: tuple[DaySummary, ...]
    km: float
    driving_minutes: int
    visiting_minutes: int

    def totals(self) -> Totals:
        return Totals(self.km, self.driving_minutes, self.visiting_minutes, len(self.days))

    def to_dict(self) -> dict:
        return {
            "stops": [s.to_dict() for s in self.stops],
            "legs": [g.to_dict() for g in self.legs],
            "days": [d.to_dict() for d in self.days],
            "totals": self.totals().to_dict(),
        }


@dataclass(frozen=True)
class Totals(_Plain):
    """The figures a planner compares tours by."""

    km: float = 0.0
    driving_minutes: int = 0
    visiting_minutes: int = 0
    days: int = 0

    def minus(self, other: Totals) -> dict[str, float]:
        """Each figure of this tour less the other's, rounded to 2 places (a what-if's cost)."""
        return {
            f.name: round(getattr(self, f.name) - getattr(other, f.name), 2) for f in fields(self)
        }


@dataclass(frozen=True)
class Site:
    """What the tour needs of a stop or place: where it is, its name, its visit length and the
    name of its township (to name it to planners when it does not fit)."""

    id: str
    lon: float
    lat: float
    name: str
    visit_minutes: int = 0
    township: str = ""

    def label(self, lang: str) -> str:
        """The name with its township, as messages to planners give it."""
        if not self.township:
            return self.name
        return text("site_in_township", lang, name=self.name, township=self.township)

    def point(self) -> LonLat:
        return (self.lon, self.lat)


@dataclass(frozen=True)
class RoadPath:
    """The roads one leg drives along: lon/lat in driving direction and the road ids, in order."""

    coords: tuple[LonLat, ...]
    roads: tuple[str, ...]


@dataclass(frozen=True)
class Tour:
    """A timed tour: visiting order, schedule, names of every id, the resolved start/end/base
    places, the roads closed for it and the road path of each leg (``paths[i]`` drives
    ``schedule.legs[i]``). The empty tour (no stops) has no places and no legs."""

    order: tuple[str, ...] = ()
    schedule: Schedule = field(default_factory=lambda: Schedule((), (), (), 0.0, 0, 0))
    names: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, Site] = field(default_factory=dict)
    closed_roads: tuple[str, ...] = ()
    paths: tuple[RoadPath, ...] = ()

    @property
    def totals(self) -> Totals:
        return self.schedule.totals()

    def name(self, site_id: str) -> str:
        return self.names.get(site_id, site_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``POST /api/tour``."""
        schedule = self.schedule.to_dict()
        for stop in schedule["stops"]:
            stop["name"] = self.name(stop["id"])
        return {
            "order": list(self.order),
            **schedule,
            "places": {
                k: {"id": s.id, "name": s.name, "lon": s.lon, "lat": s.lat}
                for k, s in self.places.items()
            },
            "closed_roads": list(self.closed_roads),
            "geometry": self._geometry(),
        }

    def _geometry(self) -> dict[str, Any]:
        """The legs along the roads, as drawn on the map."""
        legs = zip(self.schedule.legs, self.paths, strict=True)
        features = [
            {
                "type": "Feature",
                "properties": {
                    "leg": number,
                    "from": leg.from_id,
                    "to": leg.to_id,
                    "day": leg.day,
                    "km": leg.km,
                    "minutes": leg.minutes,
                    "from_name": self.name(leg.from_id),
                    "to_name": self.name(leg.to_id),
                    "roads": list(path.roads),  # road ids driven, in order
                },
                "geometry": {"type": "LineString", "coordinates": [list(c) for c in path.coords]},
            }
            for number, (leg, path) in enumerate(legs, start=1)
        ]
        return {"type": "FeatureCollection", "features": features}


def _fmt(value: datetime) -> str:
    return value.strftime(_FMT)
