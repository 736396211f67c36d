"""Which text encoding a Shapefile's attribute table (.dbf) is in, when the file does not say.

GDAL reads the encoding from a ``.cpg`` file or the DBF's language byte; Chinese Shapefiles often
carry neither, and GDAL then reads their GBK names as Latin-1 mojibake ("Íò°²Õò" for 万安镇) with no
warning. Here the records' bytes decide: ASCII needs nothing, UTF-8 is tried first (it rarely
decodes by chance), then GB18030 (a superset of GBK and GB2312)."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

_LANGUAGE_BYTE = 29  # DBF header: the code page ("language driver id"), 0 when unset
_SAMPLE = 4 * 1024 * 1024  # record bytes read to decide: tens of thousands of names
_FOUND_BY_ZH = {
    "cpg": "按 .cpg 文件",
    "language byte": "按 DBF 代码页",
    "detected": "自动识别",
    "ascii": "仅 ASCII 字符",
    "unknown": "无法识别，可能显示为乱码；请附上 .cpg 文件",
}


@dataclass(frozen=True)
class DbfEncoding:
    """The encoding to read the table with (None: GDAL's own choice) and how it was found."""

    encoding: str | None
    found_by: str  # a key of _FOUND_BY_ZH

    def describe(self, lang: str) -> str:
        """For the upload preview, e.g. "属性表编码：GB18030（自动识别）"."""
        name = self.encoding or ("ASCII" if self.found_by == "ascii" else "GDAL")
        if lang == "en":
            return f"attribute table encoding: {name} ({self.found_by})"
        return f"属性表编码：{name}（{_FOUND_BY_ZH[self.found_by]}）"


def dbf_encoding(path: Path) -> DbfEncoding | None:
    """The encoding of the Shapefile at ``path`` (a .shp or a .zip holding one); None for other
    formats or when there is no readable .dbf."""
    head, has_cpg = _dbf_head(path)
    if has_cpg:
        return DbfEncoding(None, "cpg")
    if head is None or len(head) < 32:
        return None
    if head[_LANGUAGE_BYTE] != 0:
        return DbfEncoding(None, "language byte")
    header_size, record_size = struct.unpack("<HH", head[8:12])
    whole = (len(head) - header_size) // max(record_size, 1) * record_size  # no cut character
    records = head[header_size : header_size + whole]
    if records.isascii():
        return DbfEncoding(None, "ascii")
    for encoding in ("UTF-8", "GB18030"):
        try:
            records.decode(encoding)
        except UnicodeDecodeError:
            continue
        return DbfEncoding(encoding, "detected")
    return DbfEncoding(None, "unknown")


def _dbf_head(path: Path) -> tuple[bytes | None, bool]:
    """The first bytes of the Shapefile's .dbf (None without one), and whether a .cpg is there."""
    suffix = path.suffix.lower()
    if suffix == ".shp":
        members = {p.suffix.lower(): p for p in path.parent.glob(path.stem + ".*")}
        dbf = members.get(".dbf")
        if dbf is None:
            return None, ".cpg" in members
        with dbf.open("rb") as handle:
            return handle.read(_SAMPLE + 65536), ".cpg" in members
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = {Path(n).suffix.lower(): n for n in archive.namelist()}
            if ".dbf" not in members:
                return None, ".cpg" in members
            with archive.open(members[".dbf"]) as handle:
                return handle.read(_SAMPLE + 65536), ".cpg" in members
    return None, False
