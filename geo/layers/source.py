"""A file in someone else's schema, read as plain rows before a field mapping turns it into
catalogue features (``geo.layers.mapping``): a Shapefile, GeoPackage or GeoJSON in any CRS
pyproj knows (CGCS2000 zones included), reprojected to WGS84 here; or a CSV/Excel table of
points with longitude/latitude columns, whose datum is applied later, by the mapping."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.errors import GeoInputError, ValidationError
from geo.layers.dbf import dbf_encoding
from geo.tables import read_rows

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_TABLE_ROWS = 100_000
DISTINCT_SHOWN = 40  # the value mapping lists at most this many values of one column


@dataclass(frozen=True)
class SourceTable:
    """The rows of a file as read: column names in file order, one dict per row, the WGS84
    GeoJSON geometry of each row (None for a table of points) and the CRS the geometry was
    read in, named for people (None for a table)."""

    file_name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    geometries: list[dict[str, Any]] | None
    crs: str | None

    def distinct(self, column: str) -> list[str]:
        """The values a column takes, most frequent first (for a value mapping)."""
        counts: dict[str, int] = {}
        for row in self.rows:
            value = text_value(row.get(column))
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        return sorted(counts, key=lambda v: (-counts[v], v))[:DISTINCT_SHOWN]


def is_table(file_name: str) -> bool:
    return Path(file_name).suffix.lower() in TABLE_SUFFIXES


def text_value(value: Any) -> str | None:
    """A cell as trimmed text; None for an empty cell or NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def crs_name(crs: CRS) -> str:
    """``EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E``, or the CRS's own name."""
    code = crs.to_epsg()
    return f"EPSG:{code} {crs.name}" if code else crs.name


def parse_crs(value: str) -> CRS:
    """A CRS the user typed (EPSG:4549, 4549, a WKT or PROJ string); a clear error if pyproj
    does not know it."""
    text = value.strip()
    try:
        return CRS.from_user_input(int(text) if text.isdigit() else text)
    except CRSError as exc:
        raise GeoInputError(
            f"坐标系 {text!r} 无法识别 / unknown coordinate system {text!r}: give an EPSG code "
            "such as EPSG:4490 (CGCS2000) or EPSG:4549 (CGCS2000 3-degree zone, CM 120E)"
        ) from exc


def read_source(path: Path, file_name: str, crs: str | None = None) -> SourceTable:
    """Read a vector file (reprojected to WGS84) or a table of points. ``crs`` overrides the
    CRS the file declares (or supplies one a Shapefile without .prj lacks)."""
    if is_table(file_name):
        return _read_table(path, file_name)
    return _read_vector(path, file_name, crs)


def _read_vector(path: Path, file_name: str, crs: str | None) -> SourceTable:
    import geopandas

    found = dbf_encoding(path)  # a Chinese Shapefile without .cpg: GB18030 found, not mojibake
    encoding = {"encoding": found.encoding} if found and found.encoding else {}
    try:
        frame = geopandas.read_file(path, engine="pyogrio", **encoding)
    except Exception as exc:  # pyogrio raises several driver-specific errors
        raise GeoInputError(f"{file_name}: cannot read ({exc})") from exc
    if crs:
        frame = frame.set_crs(parse_crs(crs), allow_override=True)
    if frame.crs is None:
        raise GeoInputError(
            f"{file_name}: 文件未声明坐标系，请指定 / the file declares no CRS: name it "
            "(e.g. EPSG:4549) or add the Shapefile's .prj"
        )
    read_in = crs_name(frame.crs)
    frame = frame.to_crs(4326)
    collection = json.loads(frame.to_json(na="null", drop_id=True))
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    rows = [feature["properties"] for feature in collection["features"]]
    geometries = [feature["geometry"] for feature in collection["features"]]
    return SourceTable(file_name, columns, rows, geometries, read_in)


def _read_table(path: Path, file_name: str) -> SourceTable:
    try:
        numbered = read_rows(file_name, path.read_bytes(), MAX_TABLE_BYTES, MAX_TABLE_ROWS + 1)
    except ValidationError as exc:
        raise GeoInputError(str(exc), code=exc.code, **exc.params) from None
    cells = [row for _number, row in numbered if any(text_value(c) for c in row)]
    if len(cells) < 2:
        raise GeoInputError(f"{file_name}: 表中没有数据行 / the table has a header but no rows")
    header = [text_value(c) or f"column {i + 1}" for i, c in enumerate(cells[0])]
    rows = [dict(zip(header, row, strict=False)) for row in cells[1:]]
    return SourceTable(file_name, header, rows, None, None)
