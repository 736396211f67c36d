"""The tour as files: GPX 1.1, KML 2.2 and CSV (the rows come from ``geo.printing.rows``).

Pure functions over plain data: the tour (``geo.tour.records.Tour``) and the layer features that
name its ids. Coordinates are WGS84 inside; ``gcj02=True`` writes GCJ-02 for phone apps built on
Gaode/Amap maps. XML is built with ElementTree, so every name and description is escaped and the
files are well-formed whatever the stop names contain.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from geo.cells import spreadsheet_safe
from geo.crs import wgs84_to_gcj02
from geo.i18n import text
from geo.printing.day_select import route_name
from geo.printing.rows import Gazetteer, Row, itinerary, route_paths
from geo.tour.records import Site, Tour

GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CREATOR = "Jiangle Inspect"
# Spreadsheet apps run cells starting with these as formulas; such text gets a leading quote.


# Layers whose ids a tour may name (stops, start/end places, plants).
def _out(lon: float, lat: float, gcj02: bool) -> tuple[float, float]:
    return wgs84_to_gcj02(lon, lat) if gcj02 else (lon, lat)


# ------------------------------------------------------------------ GPX 1.1


# Characters XML 1.0 cannot hold at all (escaping does not help): ElementTree writes them as they
# are and every reader then refuses the file. Names are refused with them at input; one stored
# before that is written without them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _sub(parent: ET.Element, tag: str, value: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if value is not None:
        element.text = _NOT_XML.sub("", value)
    return element


def _stop_summary(row: Row, lang: str) -> str:
    parts = [
        f"{text('day', lang, n=row.day)} {row.date} {row.arrival}–{row.departure}",
        row.township,
        row.theme,
        f"{text('responsible_unit', lang)}: {row.unit}" if row.unit else "",
    ]
    return " · ".join(p for p in parts if p)


def to_gpx(tour: Tour | None, gaz: Gazetteer, title: str, lang: str, gcj02: bool = False) -> bytes:
    """GPX 1.1: the stops as named waypoints in visiting order, the hotel as a waypoint, and the
    road path as one track per day named as its route (路线A, 路线B, …)."""
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
    hotel = _hotel(tour)
    if hotel is not None:
        lon, lat = _out(hotel.lon, hotel.lat, gcj02)
        wpt = _sub(root, g + "wpt", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
        _sub(wpt, g + "name", text("print_hotel", lang, name=hotel.name))
        _sub(wpt, g + "type", "hotel")
    paths = route_paths(tour, gaz)
    for day in sorted(paths):  # one track per day, named as its route
        trk = _sub(root, g + "trk")
        _sub(trk, g + "name", f"{route_name(day, lang)} · {title}")
        seg = _sub(trk, g + "trkseg")
        for lon0, lat0 in paths[day]:
            lon, lat = _out(lon0, lat0, gcj02)
            _sub(seg, g + "trkpt", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
    return _xml_bytes(root, {"": GPX_NS, "xsi": XSI_NS})


def _hotel(tour: Tour | None) -> Site | None:
    """Where the panel stays overnight, when it is not where the tour starts."""
    if tour is None or "base" not in tour.places:
        return None
    base, start = tour.places["base"], tour.places.get("start")
    return None if start is not None and base.id == start.id else base


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


def to_kml(tour: Tour | None, gaz: Gazetteer, title: str, lang: str, gcj02: bool = False) -> bytes:
    """KML 2.2: a folder per day named as its route, with its stops (plain-text descriptions,
    escaped) and its route line; the hotel as a placemark."""
    k = f"{{{KML_NS}}}"
    root = ET.Element(k + "kml")
    doc = _sub(root, k + "Document")
    _sub(doc, k + "name", title)
    _sub(doc, k + "description", "WGS84" if not gcj02 else "GCJ-02 (Gaode/Amap)")
    _kml_styles(doc, k)
    rows = [r for r in itinerary(tour, gaz, lang) if r.kind == "stop" and r.lon is not None]
    paths = route_paths(tour, gaz)
    for day in sorted({r.day for r in rows} | set(paths)):  # a folder per day, named as its route
        folder = _sub(doc, k + "Folder")
        _sub(folder, k + "name", route_name(day, lang))
        for row in (r for r in rows if r.day == day):
            _kml_stop(folder, k, row, gaz, lang, gcj02)
        if len(paths.get(day, ())) >= 2:
            mark = _sub(folder, k + "Placemark")
            _sub(mark, k + "name", f"{route_name(day, lang)} · {title}")
            _sub(mark, k + "styleUrl", "#route")
            line = _sub(mark, k + "LineString")
            _sub(line, k + "tessellate", "1")
            _sub(line, k + "coordinates", _coords_text(paths[day], gcj02))
    hotel = _hotel(tour)
    if hotel is not None:
        mark = _sub(doc, k + "Placemark")
        _sub(mark, k + "name", text("print_hotel", lang, name=hotel.name))
        _sub(_sub(mark, k + "Point"), k + "coordinates", _coords_text([hotel.point()], gcj02))
    return _xml_bytes(root, {"": KML_NS})


def _kml_stop(folder: ET.Element, k: str, row: Row, gaz: Gazetteer, lang: str, gcj02: bool):
    mark = _sub(folder, k + "Placemark")
    _sub(mark, k + "name", f"{row.number:02d} {row.name}")
    described = gaz.props(row.id).get("description_en" if lang == "en" else "description_zh")
    lines = [_stop_summary(row, lang), described]
    _sub(mark, k + "description", "\n".join(line for line in lines if line))
    _sub(mark, k + "styleUrl", "#stop")
    _sub(_sub(mark, k + "Point"), k + "coordinates", _coords_text([(row.lon, row.lat)], gcj02))


# ------------------------------------------------------------------ CSV

CSV_COLUMNS = (
    ("day", "print_day"),
    ("route", "print_route_name"),
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


def _cell(row: Row, column: str, lang: str, gcj02: bool) -> str:
    if column == "kind":
        return text(f"print_kind_{row.kind}", lang)
    if column == "route":
        return route_name(row.day, lang) if row.day else ""
    if column in ("lon", "lat"):
        if row.lon is None or row.lat is None:
            return ""
        lon, lat = _out(row.lon, row.lat, gcj02)
        return f"{lon if column == 'lon' else lat:.6f}"
    value = getattr(row, column)
    if value is None:
        return ""
    return str(value) if isinstance(value, int | float) else spreadsheet_safe(str(value))


def to_csv(tour: Tour | None, gaz: Gazetteer, lang: str, gcj02: bool = False) -> bytes:
    """The itinerary as CSV, UTF-8 with a byte-order mark so Excel shows the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([text(label, lang) for _, label in CSV_COLUMNS])
    for row in itinerary(tour, gaz, lang):
        writer.writerow([_cell(row, column, lang, gcj02) for column, _ in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
