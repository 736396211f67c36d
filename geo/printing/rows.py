"""The tour as rows of a timetable (start, stops, lunch, return, per day) and as road paths
per day, from the JSON of ``POST /api/tour`` and the layer features that name its ids. Shared
by the print pack and the file exports, so a printed itinerary and a CSV always agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from geo.i18n import name, text

_NAMED_LAYERS = ("stops", "places", "sewage_plants")


@dataclass(frozen=True)
class Gazetteer:
    """Everything a tour id can name: stop, place and plant features, township names by code."""

    features: Mapping[str, dict]
    townships: Mapping[str, dict]
    points: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def from_layers(
        cls, layers: Mapping[str, Sequence[dict]], tour: Mapping[str, Any] | None = None
    ) -> Gazetteer:
        """Index the named layers; a tour's free start/end points (ids "start", "end") too."""
        found: dict[str, dict] = {}
        for layer in _NAMED_LAYERS:
            for f in layers.get(layer, ()):
                found.setdefault(str(f["properties"]["id"]), f)
        towns = {str(f["properties"]["id"]): f["properties"] for f in layers.get("townships", ())}
        points = {
            str(p["id"]): (float(p["lon"]), float(p["lat"]))
            for p in ((tour or {}).get("places") or {}).values()
        }
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


def _minutes_between(first: str, last: str) -> int:
    """Whole minutes between two "YYYY-MM-DDTHH:MM" stamps (the visit as scheduled)."""
    delta = datetime.fromisoformat(last) - datetime.fromisoformat(first)
    return int(delta.total_seconds() // 60)


def _hhmm(stamp: str | None) -> str:
    return stamp[11:16] if stamp else ""


def _stop_row(stop: dict, number: int, leg: dict | None, gaz: Gazetteer, lang: str) -> Row:
    props = gaz.props(stop["id"])
    point = gaz.point(stop["id"]) or (None, None)
    return Row(
        kind="stop",
        day=int(stop["day"]),
        date=stop["arrival"][:10],
        number=number,
        id=str(stop["id"]),
        name=gaz.label(stop["id"], lang),
        township=gaz.township(stop["id"], lang),
        theme=text(props["theme"], lang) if props.get("theme") else "",
        unit=str(props.get("responsible_unit", "")),
        arrival=_hhmm(stop["arrival"]),
        departure=_hhmm(stop["departure"]),
        visit_minutes=_minutes_between(stop.get("start") or stop["arrival"], stop["departure"]),
        km=leg and round(float(leg["km"]), 1),
        minutes=leg and int(leg["minutes"]),
        lon=point[0],
        lat=point[1],
    )


def _place_row(kind: str, ref: Any, day: int, stamp: str, leg: dict | None, gaz, lang) -> Row:
    """The day's starting place (departure time) or the place driven to at the end of a day."""
    point = gaz.point(ref) or (None, None)
    role = "start" if kind == "start" else "end"
    return Row(
        kind=kind,
        day=day,
        date=stamp[:10],
        number=None,
        id=ref if _is_id(ref) else "",
        name=gaz.label(ref, lang, role),
        township=gaz.township(ref, lang),
        theme="",
        unit="",
        arrival=_hhmm(stamp) if kind == "end" else "",
        departure=_hhmm(stamp) if kind == "start" else "",
        visit_minutes=None,
        km=leg and round(float(leg["km"]), 1),
        minutes=leg and int(leg["minutes"]),
        lon=point[0],
        lat=point[1],
    )


def _lunch_row(day: dict, gaz: Gazetteer, lang: str) -> Row:
    lunch = day["lunch"]
    where = (
        gaz.label(lunch["at"], lang)
        if lunch.get("at")
        else f"→ {gaz.label(lunch.get('on_way_to'), lang, 'end')}"
    )
    return Row(
        "lunch", int(day["day"]), lunch["start"][:10], None, "", f"{text('lunch', lang)} · {where}",
        "", "", "", _hhmm(lunch["start"]), _hhmm(lunch["end"]), None, None, None, None, None,
    )  # fmt: skip


def _day_rows(day: dict, legs: list[dict], stops: list[dict], numbers: dict, gaz, lang) -> list:
    n = int(day["day"])
    if not legs:
        return []
    rows = [_place_row("start", legs[0]["from"], n, legs[0]["depart"], None, gaz, lang)]
    pending = list(stops)
    for leg in legs:
        if pending and leg["to"] == pending[0]["id"]:
            stop = pending.pop(0)
            rows.append(_stop_row(stop, numbers[stop["id"]], leg, gaz, lang))
        else:
            rows.append(_place_row("end", leg["to"], n, leg["arrive"], leg, gaz, lang))
    if day.get("lunch"):
        lunch = _lunch_row(day, gaz, lang)
        at = next(
            (i for i, r in enumerate(rows) if i and (r.arrival or r.departure) > lunch.arrival),
            len(rows),
        )
        rows.insert(at, lunch)
    return rows


def itinerary(tour: Mapping[str, Any] | None, gaz: Gazetteer, lang: str) -> list[Row]:
    """Every row of the tour, day by day, in the order the panel lives it."""
    if not tour:
        return []
    stops = list(tour.get("stops", ()))
    numbers = {s["id"]: i for i, s in enumerate(stops, 1)}
    rows: list[Row] = []
    for day in tour.get("days", ()):
        n = day["day"]
        rows += _day_rows(
            day,
            [g for g in tour.get("legs", ()) if g["day"] == n],
            [s for s in stops if s["day"] == n],
            numbers,
            gaz,
            lang,
        )
    return rows


# ------------------------------------------------------------------ geometry of the road path


def _lines(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def route_paths(tour: Mapping[str, Any] | None, gaz: Gazetteer) -> dict[int, list[tuple]]:
    """The road path of each day as one list of (lon, lat): leg geometries joined in order,
    a straight line where a leg has none."""
    if not tour:
        return {}
    shapes: dict[tuple, list] = {}
    for f in (tour.get("geometry") or {}).get("features", ()):
        p = f.get("properties", {})
        key = (str(p.get("from")), str(p.get("to")), p.get("day"))
        shapes[key] = [c for line in _lines(f["geometry"]) for c in line]
    paths: dict[int, list[tuple]] = {}
    for leg in tour.get("legs", ()):
        coords = shapes.get((str(leg["from"]), str(leg["to"]), leg["day"]))
        if not coords:
            ends = [gaz.point(leg["from"]), gaz.point(leg["to"])]
            coords = [e for e in ends if e is not None]
        path = paths.setdefault(int(leg["day"]), [])
        for lon, lat, *_ in coords:
            if not path or path[-1] != (lon, lat):
                path.append((float(lon), float(lat)))
    return paths
