"""The tour as rows of a timetable (start, stops, lunch, return, per day) and as road paths
per day, from a ``geo.tour.records.Tour`` and the layer features that name its ids. Shared by
the print pack and the file exports, so a printed itinerary and a CSV always agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from geo.i18n import name, text
from geo.tour.records import DaySummary, Leg, StopTime, Tour

_NAMED_LAYERS = ("stops", "places", "sewage_plants")


@dataclass(frozen=True)
class Gazetteer:
    """Everything a tour id can name: stop, place and plant features, township names by code."""

    features: Mapping[str, dict]
    townships: Mapping[str, dict]
    points: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def from_layers(
        cls, layers: Mapping[str, Sequence[dict]], tour: Tour | None = None
    ) -> Gazetteer:
        """Index the named layers; a tour's free start/end points (ids "start", "end") too."""
        found: dict[str, dict] = {}
        for layer in _NAMED_LAYERS:
            for f in layers.get(layer, ()):
                found.setdefault(str(f["properties"]["id"]), f)
        towns = {str(f["properties"]["id"]): f["properties"] for f in layers.get("townships", ())}
        places = tour.places.values() if tour is not None else ()
        points = {p.id: (float(p.lon), float(p.lat)) for p in places}
        return cls(found, towns, points)

    def props(self, ref: Any) -> dict:
        return self.features[ref]["properties"] if _is_id(ref) and ref in self.features else {}

    def label(self, ref: Any, lang: str, fallback: str = "start") -> str:
        """A readable name: the feature's name, else the role (start/end) for coordinates."""
        props = self.props(ref)
        if props:
            return name(props, lang)
        if not _is_id(ref) or ref in ("start", "end"):
            return text(ref if _is_id(ref) else fallback, lang)
        return str(ref)

    def point(self, ref: Any) -> tuple[float, float] | None:
        if not _is_id(ref):
            if isinstance(ref, list | tuple) and len(ref) >= 2:
                return float(ref[0]), float(ref[1])
            return None
        feature = self.features.get(ref)
        if feature is None or feature["geometry"]["type"] != "Point":
            return self.points.get(ref)
        lon, lat = feature["geometry"]["coordinates"][:2]
        return float(lon), float(lat)

    def township(self, ref: Any, lang: str) -> str:
        code = self.props(ref).get("township_code")
        return name(self.townships[code], lang) if code in self.townships else ""


def _is_id(ref: Any) -> bool:
    return isinstance(ref, str)


@dataclass(frozen=True)
class Row:
    """One line of the itinerary: the day's start, a stop, lunch, or the drive back/to the end.

    ``number`` is the stop's place in the whole tour (1-based), None for other rows; ``km`` and
    ``minutes`` are the drive from the previous row."""

    kind: str
    day: int
    date: str
    number: int | None
    id: str
    name: str
    township: str
    theme: str
    unit: str
    arrival: str
    departure: str
    visit_minutes: int | None
    km: float | None
    minutes: int | None
    lon: float | None
    lat: float | None


def _hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def _leg_km(leg: Leg | None) -> float | None:
    return None if leg is None else round(float(leg.km), 1)


def _leg_minutes(leg: Leg | None) -> int | None:
    return None if leg is None else int(leg.minutes)


def _stop_row(stop: StopTime, number: int, leg: Leg | None, gaz: Gazetteer, lang: str) -> Row:
    props = gaz.props(stop.id)
    point = gaz.point(stop.id) or (None, None)
    return Row(
        kind="stop",
        day=stop.day,
        date=stop.arrival.date().isoformat(),
        number=number,
        id=stop.id,
        name=gaz.label(stop.id, lang),
        township=gaz.township(stop.id, lang),
        theme=text(props["theme"], lang) if props.get("theme") else "",
        unit=str(props.get("responsible_unit", "")),
        arrival=_hhmm(stop.arrival),
        departure=_hhmm(stop.departure),
        visit_minutes=int((stop.departure - stop.start).total_seconds() // 60),
        km=_leg_km(leg),
        minutes=_leg_minutes(leg),
        lon=point[0],
        lat=point[1],
    )


def _place_row(kind: str, ref: str, day: int, at: datetime, leg: Leg | None, gaz, lang) -> Row:
    """The day's starting place (departure time) or the place driven to at the end of a day."""
    point = gaz.point(ref) or (None, None)
    role = "start" if kind == "start" else "end"
    return Row(
        kind=kind,
        day=day,
        date=at.date().isoformat(),
        number=None,
        id=ref,
        name=gaz.label(ref, lang, role),
        township=gaz.township(ref, lang),
        theme="",
        unit="",
        arrival=_hhmm(at) if kind == "end" else "",
        departure=_hhmm(at) if kind == "start" else "",
        visit_minutes=None,
        km=_leg_km(leg),
        minutes=_leg_minutes(leg),
        lon=point[0],
        lat=point[1],
    )


def _lunch_row(day: DaySummary, gaz: Gazetteer, lang: str) -> Row:
    lunch = day.lunch
    where = (
        gaz.label(lunch.at, lang) if lunch.at else f"→ {gaz.label(lunch.on_way_to, lang, 'end')}"
    )
    return Row(
        "lunch", day.day, lunch.start.date().isoformat(), None, "",
        f"{text('lunch', lang)} · {where}", "", "", "", _hhmm(lunch.start), _hhmm(lunch.end),
        None, None, None, None, None,
    )  # fmt: skip


def _day_rows(
    day: DaySummary, legs: list[Leg], stops: list[StopTime], numbers: dict, gaz, lang
) -> list[Row]:
    if not legs:
        return []
    rows = [_place_row("start", legs[0].from_id, day.day, legs[0].depart, None, gaz, lang)]
    pending = list(stops)
    for leg in legs:
        if pending and leg.to_id == pending[0].id:
            stop = pending.pop(0)
            rows.append(_stop_row(stop, numbers[stop.id], leg, gaz, lang))
        else:
            rows.append(_place_row("end", leg.to_id, day.day, leg.arrive, leg, gaz, lang))
    if day.lunch is not None:
        lunch = _lunch_row(day, gaz, lang)
        at = next(
            (i for i, r in enumerate(rows) if i and (r.arrival or r.departure) > lunch.arrival),
            len(rows),
        )
        rows.insert(at, lunch)
    return rows


def itinerary(tour: Tour | None, gaz: Gazetteer, lang: str) -> list[Row]:
    """Every row of the tour, day by day, in the order the panel lives it."""
    if tour is None:
        return []
    schedule = tour.schedule
    numbers = {s.id: i for i, s in enumerate(schedule.stops, 1)}
    rows: list[Row] = []
    for day in schedule.days:
        rows += _day_rows(
            day,
            [g for g in schedule.legs if g.day == day.day],
            [s for s in schedule.stops if s.day == day.day],
            numbers,
            gaz,
            lang,
        )
    return rows


# ------------------------------------------------------------------ geometry of the road path


def route_paths(tour: Tour | None, gaz: Gazetteer) -> dict[int, list[tuple[float, float]]]:
    """The road path of each day as one list of (lon, lat): leg paths joined in order, a
    straight line where a leg has none."""
    if tour is None:
        return {}
    paths: dict[int, list[tuple[float, float]]] = {}
    for leg, road in zip(tour.schedule.legs, tour.paths, strict=True):
        coords = list(road.coords)
        if not coords:
            ends = [gaz.point(leg.from_id), gaz.point(leg.to_id)]
            coords = [e for e in ends if e is not None]
        path = paths.setdefault(leg.day, [])
        for lon, lat, *_ in coords:
            if not path or path[-1] != (lon, lat):
                path.append((float(lon), float(lat)))
    return paths
