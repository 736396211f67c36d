"""Schedule records: the itinerary as frozen plain data, with JSON-ready ``to_dict``.

``geo.tour.schedule`` plans the days and renders its result into these records; pages, printouts and
exports read them. Times are timezone-aware when the departure was, and serialise as
"YYYY-MM-DDTHH:MM".
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import ClassVar

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

    def totals(self) -> dict:
        return {
            "km": self.km,
            "driving_minutes": self.driving_minutes,
            "visiting_minutes": self.visiting_minutes,
            "days": len(self.days),
        }

    def to_dict(self) -> dict:
        return {
            "stops": [s.to_dict() for s in self.stops],
            "legs": [g.to_dict() for g in self.legs],
            "days": [d.to_dict() for d in self.days],
            "totals": self.totals(),
        }


def _fmt(value: datetime) -> str:
    return value.strftime(_FMT)
