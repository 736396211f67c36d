"""The tour as files: itinerary rows (shared by the print pack), GPX 1.1, KML 2.2 and CSV.

Pure functions over plain data: the tour JSON of ``POST /api/tour`` and the layer features that
name its ids. Coordinates are WGS84 inside; ``gcj02=True`` writes GCJ-02 for phone apps built on
Gaode/Amap maps. XML is built with ElementTree, so every name and description is escaped and the
files are well-formed whatever the stop names contain.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from geo.crs import wgs84_to_gcj02
from geo.i18n import name, text

GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CREATOR = "Jiangle Inspect"
# Spreadsheet apps run cells starting with these as formulas; such text gets a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Layers whose ids a tour may name (stops, start/end places, plants).
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


def _out(lon: float, lat: float, gcj02: bool) -> tuple[float, float]:
    return wgs84_to_gcj02(lon, lat) if gcj02 else (lon, lat)


# ------------------------------------------------------------------ GPX 1.1


def _sub(parent: ET.Element, tag: str, value: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if value is not None:
        element.text = value
    return element


def _stop_summary(row: Row, lang: str) -> str:
    parts = [
        f"{text('day', lang, n=row.day)} {row.date} {row.arrival}–{row.departure}",
        row.township,
        row.theme,
        f"{text('responsible_unit', lang)}: {row.unit}" if row.unit else "",
    ]
    return " · ".join(p for p in parts if p)


def to_gpx(
    tour: Mapping[str, Any] | None, gaz: Gazetteer, title: str, lang: str, gcj02: bool = False
) -> bytes:
    """GPX 1.1: the stops as named waypoints in visiting order, the road path as one track with
    a segment per day."""
    g = f"{{{GPX_NS}}}"
    root = ET.Element(
        g + "gpx",
        {
            "version": "1.1",
            "creator": CREATOR,
            f"{{{XSI_NS}}}schemaLocation": f"{GPX_NS} http://www.topografix.com/GPX/1/1/gpx.xsd",
        },
    )
    meta = _sub(root, g + "metadata")
    _sub(meta, g + "name", title)
    _sub(meta, g + "desc", "WGS84" if not gcj02 else "GCJ-02 (Gaode/Amap)")
    rows = [r for r in itinerary(tour, gaz, lang) if r.kind == "stop" and r.lon is not None]
    for row in rows:
        lon, lat = _out(row.lon, row.lat, gcj02)
        wpt = _sub(root, g + "wpt", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
        _sub(wpt, g + "name", f"{row.number:02d} {row.name}")
        _sub(wpt, g + "desc", _stop_summary(row, lang))
        _sub(wpt, g + "type", row.theme)
    paths = route_paths(tour, gaz)
    if paths:
        trk = _sub(root, g + "trk")
        _sub(trk, g + "name", title)
        for day in sorted(paths):
            seg = _sub(trk, g + "trkseg")
            for lon0, lat0 in paths[day]:
                lon, lat = _out(lon0, lat0, gcj02)
                _sub(seg, g + "trkpt", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
    return _xml_bytes(root, {"": GPX_NS, "xsi": XSI_NS})


def _xml_bytes(root: ET.Element, namespaces: Mapping[str, str]) -> bytes:
    for prefix, uri in namespaces.items():
        ET.register_namespace(prefix, uri)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# ------------------------------------------------------------------ KML 2.2


def _coords_text(points: Iterable[tuple[float, float]], gcj02: bool) -> str:
    return " ".join(
        "{:.7f},{:.7f},0".format(*_out(lon, lat, gcj02)) for lon, lat in points
    )  # fmt: skip


def _kml_styles(doc: ET.Element, k: str) -> None:
    stop = _sub(doc, k + "Style", id="stop")
    icon = _sub(stop, k + "IconStyle")
    _sub(icon, k + "color", "ff2e7dd8")
    _sub(icon, k + "scale", "1.1")
    route = _sub(doc, k + "Style", id="route")
    line = _sub(route, k + "LineStyle")
    _sub(line, k + "color", "ff0000e6")
    _sub(line, k + "width", "4")


def to_kml(
    tour: Mapping[str, Any] | None, gaz: Gazetteer, title: str, lang: str, gcj02: bool = False
) -> bytes:
    """KML 2.2: one placemark per stop (plain-text description, escaped) and one route line."""
    k = f"{{{KML_NS}}}"
    root = ET.Element(k + "kml")
    doc = _sub(root, k + "Document")
    _sub(doc, k + "name", title)
    _sub(doc, k + "description", "WGS84" if not gcj02 else "GCJ-02 (Gaode/Amap)")
    _kml_styles(doc, k)
    folder = _sub(doc, k + "Folder")
    _sub(folder, k + "name", text("print_stops", lang))
    for row in itinerary(tour, gaz, lang):
        if row.kind != "stop" or row.lon is None:
            continue
        mark = _sub(folder, k + "Placemark")
        _sub(mark, k + "name", f"{row.number:02d} {row.name}")
        described = gaz.props(row.id).get("description_en" if lang == "en" else "description_zh")
        lines = [_stop_summary(row, lang), described]
        _sub(mark, k + "description", "\n".join(line for line in lines if line))
        _sub(mark, k + "styleUrl", "#stop")
        _sub(_sub(mark, k + "Point"), k + "coordinates", _coords_text([(row.lon, row.lat)], gcj02))
    paths = route_paths(tour, gaz)
    path = [pt for day in sorted(paths) for pt in paths[day]]
    if len(path) >= 2:
        mark = _sub(doc, k + "Placemark")
        _sub(mark, k + "name", f"{text('print_route', lang)} · {title}")
        _sub(mark, k + "styleUrl", "#route")
        line = _sub(mark, k + "LineString")
        _sub(line, k + "tessellate", "1")
        _sub(line, k + "coordinates", _coords_text(path, gcj02))
    return _xml_bytes(root, {"": KML_NS})


# ------------------------------------------------------------------ CSV

CSV_COLUMNS = (
    ("day", "print_day"),
    ("date", "print_date"),
    ("number", "print_order"),
    ("kind", "print_kind"),
    ("arrival", "arrival"),
    ("departure", "departure"),
    ("name", "print_stop"),
    ("id", "print_id"),
    ("township", "print_township"),
    ("theme", "theme"),
    ("unit", "responsible_unit"),
    ("visit_minutes", "visit_minutes"),
    ("km", "print_km_prev"),
    ("minutes", "print_min_prev"),
    ("lon", "print_lon"),
    ("lat", "print_lat"),
)
_FREE_TEXT = ("name", "township", "unit", "theme")


def _cell(row: Row, column: str, lang: str, gcj02: bool) -> str:
    if column == "kind":
        return text(f"print_kind_{row.kind}", lang)
    if column in ("lon", "lat"):
        if row.lon is None or row.lat is None:
            return ""
        lon, lat = _out(row.lon, row.lat, gcj02)
        return f"{lon if column == 'lon' else lat:.6f}"
    value = getattr(row, column)
    if value is None:
        return ""
    return spreadsheet_safe(str(value)) if column in _FREE_TEXT else str(value)


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as text: a leading quote stops '=', '+', '-', '@' cells from
    running as formulas when the file is opened in Excel or WPS."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(tour: Mapping[str, Any] | None, gaz: Gazetteer, lang: str, gcj02: bool = False) -> bytes:
    """The itinerary as CSV, UTF-8 with a byte-order mark so Excel shows the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([text(label, lang) for _, label in CSV_COLUMNS])
    for row in itinerary(tour, gaz, lang):
        writer.writerow([_cell(row, column, lang, gcj02) for column, _ in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
