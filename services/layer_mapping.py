"""Use case: a layer from a file in the county's own schema, through a field mapping (which
column is the road class and what its values mean, the speed, one-way, name, ref; the
longitude/latitude columns of a table of stops and the map they were picked on).

The file is staged as any upload (``geo.layers.uploads``), the mapping form is filled from
its columns with guesses, and the mapped features go through the one validation
(``geo.layers.loader.validate_features``); the preview and the atomic apply are those of every
upload (``services.layers``), with the mapping kept beside the staged file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import shapely

from geo.crs import DATUMS
from geo.errors import GeoInputError
from geo.layers import mapping, uploads
from geo.layers.catalogue import LAYERS, LayerSpec
from geo.layers.loader import validate_features
from geo.layers.osm_tags import class_speeds, read_speed_table
from geo.layers.source import SourceTable, is_table, read_source
from services.osm_import import DEFAULT_SPEEDS

DATUM_NAMES = {"wgs84": "WGS84", "gcj02": "GCJ-02 (Amap/Tencent)", "bd09": "BD-09 (Baidu)"}


@dataclass(frozen=True)
class MappingForm:
    """What the mapping page shows: the file's columns and CRS, the mapping so far, and for
    each fixed-choice property the values found in its column."""

    item: uploads.Staged
    spec: LayerSpec
    table: SourceTable
    field_map: mapping.FieldMapping
    targets: list[str]
    choices: dict[str, tuple[str, ...]]
    found: dict[str, list[str]]
    defaults: dict[str, str]  # property -> what it gets when no column is chosen (text key)
    error: str | None = None
    datums: tuple[str, ...] = DATUMS
    drop: str = mapping.DROP


@dataclass(frozen=True)
class MappingSummary:
    """How a mapped file was read, for the preview: CRS or datum, rows read and left out,
    features per value of each fixed-choice property, and the mapping itself."""

    crs: str | None
    datum: str | None
    rows: int
    count: int
    dropped: int
    counts: dict[str, dict[str, int]]
    field_map: mapping.FieldMapping

    def lines(self) -> list[str]:
        """The summary for the command line."""
        out = [f"read in {self.crs}" if self.crs else f"coordinates: {DATUM_NAMES[self.datum]}"]
        out += [f"{t} <- {c}" for t, c in self.field_map.fields.items()]
        for target, counts in self.counts.items():
            out.append(f"{target}: " + ", ".join(f"{v} {n}" for v, n in counts.items()))
        out.append(f"rows: {self.rows}, left out by the value mapping: {self.dropped}")
        return out


def _check_fits(spec: LayerSpec, file_name: str) -> None:
    if is_table(file_name) and spec.geometry_types != ("Point",):
        raise GeoInputError(
            f"{file_name}: 表格只能导入点图层 / a table (CSV/Excel) holds points; layer "
            f"'{spec.name}' needs {' or '.join(spec.geometry_types)}: upload a Shapefile, "
            "GeoPackage or GeoJSON"
        )


def stage(
    upload_root: Path, name: str, stream: BinaryIO, file_name: str, meta: dict[str, Any]
) -> MappingForm:
    """Stage a file for mapping and show its columns with a first guess; nothing kept when the
    file cannot be read."""
    _check_fits(LAYERS[name], file_name)
    item = uploads.stage(upload_root, stream, file_name, meta, uploads.MAX_UPLOAD_BYTES)
    try:
        table = read_source(item.data_path, file_name)
    except GeoInputError:
        uploads.discard(item)
        raise
    return _form(item, table, mapping.guess(LAYERS[name], table))


def form(
    upload_root: Path, token: str, field_map: mapping.FieldMapping, error: str | None = None
) -> MappingForm:
    """The mapping page again, for a changed mapping (another class column shows its values,
    another CRS is read) or with why its preview was refused. A CRS that cannot be read is
    said on the page, the file then shown as it declares itself."""
    item = uploads.staged(upload_root, token)
    try:
        table = read_source(item.data_path, item.meta["file_name"], field_map.crs)
    except GeoInputError as exc:
        table = read_source(item.data_path, item.meta["file_name"])
        error = error or str(exc)
    return _form(item, table, field_map, error)


def _form(
    item: uploads.Staged,
    table: SourceTable,
    field_map: mapping.FieldMapping,
    error: str | None = None,
) -> MappingForm:
    spec = LAYERS[item.meta["layer"]]
    choices = mapping.choice_targets(spec)
    found = {t: table.distinct(field_map.fields[t]) for t in choices if t in field_map.fields}
    targets = mapping.targets(spec)
    return MappingForm(
        item, spec, table, field_map, targets, choices, found, _defaults(spec), error
    )


def _defaults(spec: LayerSpec) -> dict[str, str]:
    """What each property gets when no column is chosen (``geo.layers.mapping``'s defaults)."""
    out = {p.name: "map_default_null" for p in spec.props if p.nullable}
    out.update(dict.fromkeys(mapping.EXTRA_TARGETS.get(spec.name, ()), "map_default_null"))
    out["id"] = "map_default_id"
    if spec.name == "roads":
        out.update(speed_kmh="map_default_speed", oneway="map_default_oneway")
    return out


def remember(item: uploads.Staged, field_map: mapping.FieldMapping) -> uploads.Staged:
    """Keep the mapping beside the staged file, so apply reads the file as the preview did."""
    return uploads.update_meta(item, {"mapping": field_map.to_dict()})


def load_mapped(
    item: uploads.Staged, county: shapely.Geometry | None
) -> tuple[list[dict[str, Any]], MappingSummary]:
    """The staged file read through its mapping and validated: features and summary."""
    name, file_name = item.meta["layer"], item.meta["file_name"]
    field_map = mapping.FieldMapping.from_dict(item.meta["mapping"])
    return read_mapped(name, item.data_path, file_name, field_map, county)


def read_mapped(
    name: str,
    path: Path,
    file_name: str,
    field_map: mapping.FieldMapping,
    county: shapely.Geometry | None,
    guess_rest: bool = False,
) -> tuple[list[dict[str, Any]], MappingSummary]:
    """A file read through a mapping (completed by the guesses with ``guess_rest``) and
    validated against ``name``'s catalogue entry."""
    spec = LAYERS[name]
    _check_fits(spec, file_name)
    table = read_source(path, file_name, field_map.crs)
    if guess_rest:
        field_map = mapping.with_guesses(spec, table, field_map)
    speeds = class_speeds(read_speed_table(DEFAULT_SPEEDS)) if name == "roads" else {}
    result = mapping.apply_mapping(spec, table, field_map, speeds)
    feats = validate_features(file_name, spec, result.features, county)
    datum = field_map.datum if table.geometries is None else None
    summary = MappingSummary(
        table.crs, datum, len(table.rows), len(feats), result.dropped, result.counts, field_map
    )
    return feats, summary
