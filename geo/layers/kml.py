"""KML layers read by hand, safely (defusedxml, no DTDs), into GeoJSON features.

GDAL's KML driver keeps only Name and Description; LIBKML, where built in, keeps ExtendedData
but renames a property 'id' to 'id2', drops <Data> when the file also has a <Schema> and gives
every value as text. So placemarks are read here and typed by the layer catalogue; the result
goes through the same validation as every other format (``geo.layers.loader``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from geo.errors import GeoInputError
from geo.layers.catalogue import BOOL, INT, LIST, NUM, STR, LayerSpec, Prop

_KML_GEOMETRIES = ("Point", "LineString", "Polygon", "MultiGeometry")
_KML_TEXT_AS = {"name": "name_zh", "description": "description_zh"}
_KML_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _local(tag: Any) -> str:
    """An element's name without its namespace (KML 2.2, 2.1, Google's or none)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_kml(path: Path, spec: LayerSpec | None) -> list[dict[str, Any]]:
    """Each <Placemark> as a GeoJSON feature. Properties come from <ExtendedData> (<Data name>
    <value> and <SchemaData><SimpleData name>), typed by the catalogue; the placemark's id
    attribute, <name> and <description> stand in for id, name_zh and description_zh when those
    are not given. KML coordinates are WGS84 by definition; altitudes are dropped."""
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeET.parse(str(path), forbid_dtd=True).getroot()
    except (DefusedXmlException, SafeET.ParseError, OSError) as exc:
        raise GeoInputError(f"{path.name}: cannot read as KML ({exc})") from exc
    props_of = {p.name: p for p in spec.props} if spec else {}
    features = []
    marks = (el for el in root.iter() if _local(el.tag) == "Placemark")
    for index, mark in enumerate(marks):
        props = _kml_properties(mark, props_of)
        if spec and mark.get("id") and spec.id_prop not in props:
            props[spec.id_prop] = mark.get("id")
        fid = props.get(spec.id_prop) if spec else None
        where = f"{path.name}: feature {index}" + (f" ({spec.id_prop}={fid!r})" if fid else "")
        missing = [name for name in props_of if name not in props]
        if missing:
            raise GeoInputError(
                f"{where}: the KML placemark lacks the properties "
                f"{', '.join(missing)} of layer '{spec.name}'; give them as <ExtendedData><Data "
                'name="…"><value>…</value></Data>, or upload GeoJSON, a zipped Shapefile or a '
                "GeoPackage"
            )
        geometry = _kml_geometry(where, mark)
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return features


def _kml_properties(mark: Any, props_of: dict[str, Prop]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for el in mark.iter():
        tag, name = _local(el.tag), el.get("name")
        if tag == "Data" and name:
            text = next((c.text for c in el if _local(c.tag) == "value"), None)
        elif tag == "SimpleData" and name:
            text = el.text
        else:
            continue
        props[name] = _kml_value(text, props_of.get(name))
    for child in mark:
        target = _KML_TEXT_AS.get(_local(child.tag))
        if target in props_of and target not in props:
            props[target] = _kml_value(child.text, props_of[target])
    return props


def _kml_value(text: str | None, prop: Prop | None) -> Any:
    """KML text typed as the catalogue wants it; what does not convert stays text, so the
    validator names the property and what it must be."""
    value = (text or "").strip()
    kind = prop.kind if prop else STR
    if not value:
        return None if prop and prop.nullable else ([] if kind == LIST else value)
    try:
        if kind in (NUM, INT):
            number = float(value)
            return int(number) if kind == INT and number.is_integer() else number
        if kind == BOOL:
            return _KML_BOOLS.get(value.lower(), value)
        if kind == LIST:  # a JSON array, or names separated by commas
            if value.startswith("["):
                return json.loads(value)
            return [part.strip() for part in re.split(r"[,，;；]", value) if part.strip()]
    except ValueError:
        return value
    return value


def _kml_geometry(where: str, mark: Any) -> dict[str, Any] | None:
    for child in mark:
        tag = _local(child.tag)
        if tag in _KML_GEOMETRIES:
            return _kml_shape(where, child)
        if tag in ("Track", "MultiTrack", "Model"):
            raise GeoInputError(
                f"{where}: KML <{tag}> is not supported; use Point, LineString or Polygon"
            )
    return None


def _kml_shape(where: str, el: Any) -> dict[str, Any]:
    tag = _local(el.tag)
    if tag == "MultiGeometry":
        parts = [_kml_shape(where, c) for c in el if _local(c.tag) in _KML_GEOMETRIES]
        kinds = {part["type"] for part in parts}
        if len(kinds) == 1 and kinds <= {"Point", "LineString", "Polygon"}:
            return {"type": f"Multi{kinds.pop()}", "coordinates": [p["coordinates"] for p in parts]}
        return {"type": "GeometryCollection", "geometries": parts}
    if tag == "Polygon":  # the outer ring first, then the holes
        rings = [
            _kml_coords(where, ring)
            for side in ("outerBoundaryIs", "innerBoundaryIs")
            for boundary in el
            if _local(boundary.tag) == side
            for ring in boundary
            if _local(ring.tag) == "LinearRing"
        ]
        return {"type": "Polygon", "coordinates": rings}
    coords = _kml_coords(where, el)
    if tag == "Point":
        return {"type": "Point", "coordinates": coords[0] if coords else []}
    return {"type": tag, "coordinates": coords}


def _kml_coords(where: str, el: Any) -> list[list[float]]:
    """'lon,lat[,alt] lon,lat[,alt] …' as [[lon, lat], …]."""
    text = next((c.text or "" for c in el if _local(c.tag) == "coordinates"), "")
    out = []
    for item in text.split():
        try:
            lon, lat = (float(v) for v in item.split(",")[:2])
        except ValueError as exc:
            raise GeoInputError(
                f"{where}: KML coordinates {item!r} are not longitude,latitude[,altitude]"
            ) from exc
        out.append([lon, lat])
    return out
