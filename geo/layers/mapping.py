"""Field mapping: a file in the county's own schema (surveyed roads with 等级/设计速度/单向,
stops picked on Amap with 经度/纬度) turned into catalogue features, then validated like any
other file (``geo.layers.loader.validate_features``).

A mapping names, for each catalogue property, the source column it comes from, and for
properties with a fixed set of values (road class, theme) what each source value means; a
value mapped to ``DROP`` leaves its features out (footpaths in a road survey). Columns named
like the catalogue property, or with a usual Chinese name, are guessed. Properties nobody maps
get defaults that say where they came from: an id from the row number, the file as source, a
road's speed from its class (the county's speed table), one-way false.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from shapely.geometry import Point, mapping

from geo.crs import DATUMS, datum_to_wgs84
from geo.errors import GeoInputError
from geo.layers.catalogue import BOOL, DATE, INT, LIST, NUM, LayerSpec
from geo.layers.source import SourceTable, text_value

DROP = "-"
EXTRA_TARGETS = {"roads": ("ref",)}  # kept beside the catalogue's properties (S304, G356)
_FILLED = ("source", "accuracy")  # said by the mapping itself unless a column is mapped
_ALIASES = {
    "id": ("编号", "代码", "编码", "code", "fid"),
    "name_zh": ("名称", "道路名称", "路名", "中文名", "中文名称", "name", "站点名称", "点位名称"),
    "name_en": ("英文名", "英文名称", "拼音", "name_en", "english"),
    "class": ("等级", "道路等级", "行政等级", "公路等级", "class", "grade", "roadclass"),
    "speed_kmh": ("速度", "设计速度", "设计时速", "限速", "车速", "speed", "maxspeed"),
    "oneway": ("单向", "单行", "是否单向", "oneway"),
    "ref": ("路线编号", "路线代码", "路线号", "ref", "roadcode"),
    "township_code": ("乡镇代码", "乡镇编码", "乡镇编号"),
    "theme": ("主题", "类别", "类型"),
    "visit_minutes": ("考察时长", "时长", "停留时长", "分钟"),
    "description_zh": ("简介", "说明", "描述"),
    "responsible_unit": ("责任单位", "负责单位"),
    "readiness": ("准备情况", "就绪"),
    "status": ("状态", "运行状态"),
    "capacity_m3d": ("规模", "处理规模", "设计规模", "capacity"),
}
_LON = ("经度", "lon", "lng", "longitude", "x")
_LAT = ("纬度", "lat", "latitude", "y")
# Road class words in Chinese administrative names and route prefixes (G356, S304, X…, Y…, C…).
_CLASS_WORDS = (
    ("高速", "expressway"), ("国道", "national"), ("省道", "provincial"), ("县道", "county"),
    ("乡道", "township"), ("村道", "village"),
)  # fmt: skip
_CLASS_PREFIX = {"G": "national", "S": "provincial", "X": "county", "Y": "township", "C": "village"}
_YES = ("yes", "true", "y", "t", "1", "是", "单向", "单行")
_NO = ("no", "false", "n", "f", "0", "否", "双向")
_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)")
_LIST_SPLIT = re.compile(r"[、,，;；|]")


@dataclass(frozen=True)
class FieldMapping:
    """Which column gives each property; what each value of a fixed-choice property means; the
    CRS of a vector file (None: as it declares) and the longitude/latitude columns and datum of
    a table of points."""

    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    crs: str | None = None
    lon: str | None = None
    lat: str | None = None
    datum: str = "wgs84"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldMapping:
        return cls(
            fields=dict(data.get("fields") or {}),
            values={k: dict(v) for k, v in (data.get("values") or {}).items()},
            crs=data.get("crs") or None,
            lon=data.get("lon") or None,
            lat=data.get("lat") or None,
            datum=data.get("datum") or "wgs84",
        )


@dataclass(frozen=True)
class Mapped:
    """Features in the catalogue's schema (not yet validated) and what the mapping did."""

    features: list[dict[str, Any]]
    dropped: int  # features left out by a value mapped to DROP
    counts: dict[str, dict[str, int]]  # per fixed-choice property: features per value


def targets(spec: LayerSpec) -> list[str]:
    """The properties a user maps for this layer, in catalogue order."""
    names = [p.name for p in spec.props if p.name not in _FILLED]
    return names + list(EXTRA_TARGETS.get(spec.name, ()))


def choice_targets(spec: LayerSpec) -> dict[str, tuple[str, ...]]:
    """The properties with a fixed set of values, which get a value mapping."""
    return {p.name: p.choices for p in spec.props if p.choices and p.name not in _FILLED}


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-()（）]", "", name).lower()


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    wanted = {_norm(n) for n in names}
    return next((c for c in columns if _norm(c) in wanted), None)


_DBF_NAME = 10  # a Shapefile's DBF field names: longer ones are cut (township_code: township_c)


def _dbf_names(target: str) -> tuple[str, ...]:
    """What a Shapefile makes of a longer name: cut to 10 characters, or, where two cut names
    clash, GDAL's ``descript_1`` … ``descript_9`` (description_zh, description_en)."""
    if len(target) <= _DBF_NAME:
        return ()
    return (target[:_DBF_NAME], *(f"{target[:8]}_{n}" for n in range(1, 10)))


def guess(spec: LayerSpec, table: SourceTable) -> FieldMapping:
    """A first mapping to show: columns named like a property (or a usual Chinese name), the
    road class words and route prefixes read into road classes."""
    fields = {}
    for target in targets(spec):
        free = [c for c in table.columns if c not in fields.values()]
        column = _find(free, (target, *_dbf_names(target), *_ALIASES.get(target, ())))
        if column is not None:
            fields[target] = column
    values = {
        target: guess_values(target, choices, table.distinct(fields[target]))
        for target, choices in choice_targets(spec).items()
        if target in fields
    }
    is_points = table.geometries is None
    return FieldMapping(
        fields,
        values,
        lon=_find(table.columns, _LON) if is_points else None,
        lat=_find(table.columns, _LAT) if is_points else None,
    )


def with_guesses(spec: LayerSpec, table: SourceTable, given: FieldMapping) -> FieldMapping:
    """``given`` completed by the guesses: the command line names only what it must."""
    guessed = guess(spec, table)
    fields = {**guessed.fields, **given.fields}
    values = {
        target: {
            **guess_values(target, choices, table.distinct(fields[target])),
            **given.values.get(target, {}),
        }
        for target, choices in choice_targets(spec).items()
        if target in fields
    }
    return FieldMapping(
        fields,
        values,
        crs=given.crs,
        lon=given.lon or guessed.lon,
        lat=given.lat or guessed.lat,
        datum=given.datum,
    )


def guess_values(target: str, choices: tuple[str, ...], found: list[str]) -> dict[str, str]:
    """Source values read as catalogue values: the value itself when it is one, road class
    words for the road class; values not understood are left for the user."""
    out = {}
    for value in found:
        if value in choices:
            out[value] = value
        elif target == "class" and "expressway" in choices:
            word = next((cls for w, cls in _CLASS_WORDS if w in value), None)
            out[value] = word or _CLASS_PREFIX.get(value[:1].upper(), "")
    return {k: v for k, v in out.items() if v}


def apply_mapping(
    spec: LayerSpec,
    table: SourceTable,
    field_map: FieldMapping,
    class_speeds: dict[str, float] | None = None,
) -> Mapped:
    """Turn the rows into features of ``spec``; GeoInputError naming the row and the column for
    a value that cannot be read, and listing required properties that nobody mapped."""
    _check_columns(spec, table, field_map)
    kinds = {p.name: p.kind for p in spec.props}
    choices = choice_targets(spec)
    feats, dropped = [], 0
    counts: dict[str, dict[str, int]] = {name: {} for name in choices}
    for index, row in enumerate(table.rows):
        where = _where(table, index)
        props = {}
        for target, column in field_map.fields.items():
            value = _convert(where, column, kinds.get(target), row.get(column))
            if target in choices and value is not None:
                value = field_map.values.get(target, {}).get(str(value), value)
            props[target] = value
        if any(props.get(t) == DROP for t in choices):
            dropped += 1
            continue
        _fill_defaults(spec, props, index, table, field_map, class_speeds or {})
        for name in choices:
            key = str(props.get(name))
            counts[name][key] = counts[name].get(key, 0) + 1
        geometry = _geometry(where, table, index, row, field_map)
        feats.append({"type": "Feature", "properties": props, "geometry": geometry})
    return Mapped(feats, dropped, counts)


def _where(table: SourceTable, index: int) -> str:
    if table.geometries is None:
        return f"{table.file_name}: row {index + 2}"  # the spreadsheet's row, under its header
    return f"{table.file_name}: feature {index}"


def _check_columns(spec: LayerSpec, table: SourceTable, field_map: FieldMapping) -> None:
    unknown = [c for c in field_map.fields.values() if c not in table.columns]
    if table.geometries is None:
        if not field_map.lon or not field_map.lat:
            raise GeoInputError(
                f"{table.file_name}: 请指定经度和纬度列 / choose the longitude and latitude columns"
            )
        unknown += [c for c in (field_map.lon, field_map.lat) if c not in table.columns]
    if unknown:
        raise GeoInputError(
            f"{table.file_name}: 没有这些列 / no such columns: {', '.join(unknown)} "
            f"(the file has: {', '.join(table.columns)})"
        )
    if field_map.datum not in DATUMS:
        raise GeoInputError(
            f"坐标基准须为 {' / '.join(DATUMS)} / datum must be one of {', '.join(DATUMS)}"
        )
    defaults = {"id", "oneway", "speed_kmh"} if spec.name == "roads" else {"id"}
    missing = [
        p.name
        for p in spec.props
        if not p.nullable
        and p.name not in _FILLED
        and p.name not in field_map.fields
        and p.name not in defaults
    ]
    if missing:
        raise GeoInputError(
            f"{table.file_name}: 这些属性须对应到列 / map these properties to a column: "
            + ", ".join(missing)
        )


def _convert(where: str, column: str, kind: str | None, value: Any) -> Any:
    """A cell as the property's type; None for an empty cell."""
    if isinstance(value, datetime | date):
        value = value.isoformat()[:10]
    text = text_value(value)
    if text is None:
        return None
    if kind in (NUM, INT):
        match = _NUMBER.match(text)
        if match is None:
            raise GeoInputError(f"{where}: column {column!r} = {text!r}: not a number")
        number = float(match.group(1))
        return int(number) if kind == INT and number.is_integer() else number
    if kind == BOOL:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise GeoInputError(
            f"{where}: column {column!r} = {text!r}: not yes/no (是/否, 1/0, yes/no, true/false)"
        )
    if kind == LIST:
        return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]
    if kind == DATE:
        return text[:10]
    return text


def _fill_defaults(
    spec: LayerSpec,
    props: dict[str, Any],
    index: int,
    table: SourceTable,
    field_map: FieldMapping,
    class_speeds: dict[str, float],
) -> None:
    for prop in spec.props:
        props.setdefault(prop.name, None)  # the unmapped may be null (checked before)
    if props.get("id") is None:
        props["id"] = f"{spec.name}-{index + 1}"
    else:
        props["id"] = str(props["id"])
    picked = table.geometries is None or field_map.datum != "wgs84"
    props["source"] = table.file_name
    props["accuracy"] = "approximate" if picked else "official"
    if spec.name == "roads":
        if props.get("speed_kmh") is None:
            props["speed_kmh"] = class_speeds.get(str(props.get("class")))
        if props.get("oneway") is None:
            props["oneway"] = False


def _geometry(
    where: str, table: SourceTable, index: int, row: dict[str, Any], field_map: FieldMapping
) -> dict[str, Any] | None:
    if table.geometries is not None:
        return table.geometries[index]
    lon = _coordinate(where, field_map.lon, row.get(field_map.lon), 180)
    lat = _coordinate(where, field_map.lat, row.get(field_map.lat), 90)
    return mapping(Point(*datum_to_wgs84(lon, lat, field_map.datum)))


def _coordinate(where: str, column: str | None, value: Any, limit: float) -> float:
    text = text_value(value)
    try:
        number = float(text) if text is not None else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > limit:
        raise GeoInputError(
            f"{where}: column {column!r} = {text!r}: not a longitude/latitude in degrees"
        )
    return number
