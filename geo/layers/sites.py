"""A township's own candidate stops: the fields its staff set, a new stop's id and defaults, what
an edit changed, and the rule that a township places stops only inside its own polygon.

These functions build the new feature; whether it is a valid stop is decided by the one loader
(``geo.layers.loader.validate_features``), exactly as for an imported file.
"""

from __future__ import annotations

import math
import re
from typing import Any

import shapely
from shapely.geometry import shape

from geo.errors import Both, GeoInputError, ValidationError
from geo.i18n import text
from geo.value_checks import clean_text

# What township staff may change; the id, the township, the plant link and the provenance stay.
EDITABLE = (
    "name_zh",
    "name_en",
    "theme",
    "description_zh",
    "description_en",
    "visit_minutes",
    "readiness",
    "responsible_unit",
    "presenter",
    "talking_points",
)
_ONE_LINE = {"name_zh", "name_en", "theme", "readiness", "responsible_unit", "presenter"}
_OPTIONAL = {"presenter", "talking_points"}  # empty means "not known yet" (null)
MAX_TEXT = {"talking_points": 4000, "description_zh": 4000, "description_en": 4000}
MAX_LINE = 200
SOURCE = "乡镇填报 / entered by the township"
ACCURACY = "approximate"  # a point clicked on a map or taken from a phone's GPS
_ID = re.compile(r"^stop-(?P<code>\d+)-(?P<n>\d+)$")


def clean_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The editable fields of a request, text normalised; unknown fields are refused by name."""
    unknown = sorted(set(body) - set(EDITABLE))
    if unknown:
        raise ValidationError(code="err_site_fields", fields=", ".join(unknown))
    fields: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, str):
            value = clean_text(value, Both.label(key), name=key in _ONE_LINE).strip()
            most = MAX_TEXT.get(key, MAX_LINE)
            if len(value) > most:
                raise ValidationError(code="err_text_long", field=Both.label(key), n=most)
            if key in _OPTIONAL and not value:
                value = None
        fields[key] = value
    return fields


def point(lon: Any, lat: Any) -> dict[str, Any]:
    """A GeoJSON point from a click or a photo's GPS; numbers only (the loader checks range)."""
    for label, value in (("longitude", lon), ("latitude", lat)):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not (number and math.isfinite(value)):
            raise ValidationError(
                code="err_not_number", field=Both.label(label), value=str(value)[:40]
            )
    return {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}


def township_at(townships: list[dict[str, Any]], geometry: dict[str, Any]) -> dict | None:
    """The properties of the township whose polygon holds the point, if any."""
    where = shape(geometry)
    for feature in townships:
        polygon = shape(feature["geometry"])
        if shapely.covers(polygon, where):
            return feature["properties"]
    return None


def check_in_township(townships: list[dict[str, Any]], code: str, geometry: dict[str, Any]) -> None:
    """Refuse a point outside township ``code``'s polygon, naming where it lies instead."""
    own = next(f["properties"] for f in townships if f["properties"]["id"] == code)
    found = township_at(townships, geometry)
    if found is not None and found["id"] == code:
        return
    lon, lat = geometry["coordinates"]
    if found is None:
        where = Both.label("where_outside_county")
    else:
        where = Both(
            *(text("where_in", lang, township=found[f"name_{lang}"]) for lang in ("zh", "en"))
        )
    raise GeoInputError(
        code="err_outside_township",
        lon=f"{lon:.5f}",
        lat=f"{lat:.5f}",
        where=where,
        township=Both(own["name_zh"], own["name_en"]),
    )


def new_stop_id(code: str, ids: list[str]) -> str:
    """The next free ``stop-<code>-NN`` (the shipped stops' pattern)."""
    numbers = [int(m["n"]) for m in map(_ID.match, ids) if m and m["code"] == code]
    return f"stop-{code}-{max(numbers, default=0) + 1:02d}"


def new_stop(
    stop_id: str, township: dict[str, Any], fields: dict[str, Any], geometry: dict[str, Any]
) -> dict[str, Any]:
    """A new stop of ``township`` from the form's fields; the loader then checks it."""
    props: dict[str, Any] = {
        "id": stop_id,
        "township_code": township["id"],
        "responsible_unit": township["name_zh"],
        "plant_id": None,
        "presenter": None,
        "talking_points": None,
        "source": SOURCE,
        "accuracy": ACCURACY,
    }
    props.update(fields)
    for key in EDITABLE:  # a missing required field is named by the loader as missing
        props.setdefault(key, None)
    return {"type": "Feature", "properties": props, "geometry": geometry}


def edited_stop(
    feature: dict[str, Any], fields: dict[str, Any], geometry: dict[str, Any] | None
) -> dict[str, Any]:
    """The stop with the form's fields (and the new position, when moved) applied."""
    return {
        "type": "Feature",
        "properties": {**feature["properties"], **fields},
        "geometry": geometry or feature["geometry"],
    }


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list[Any]]:
    """What an edit changed, ``{field: [before, after]}``; ``position`` for a move. A new stop
    lists every field with ``None`` before."""
    before = old["properties"] if old else {}
    out = {
        key: [before.get(key), value]
        for key, value in new["properties"].items()
        if before.get(key) != value
    }
    old_position = list(old["geometry"]["coordinates"]) if old else None
    new_position = list(new["geometry"]["coordinates"])
    if old_position != new_position:
        out["position"] = [old_position, new_position]
    return out
