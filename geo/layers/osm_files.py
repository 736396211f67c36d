"""Which OpenStreetMap files may be imported: the file names an OSM import reads, and the files
of the server folder the admin may pick (``JIANGLE_OSM_IMPORT_DIR``), confined to that folder.

Why a folder and not a path: an extract of a province is hundreds of MB, too large to upload, so
an operator copies it to the server; the admin page then offers only the files directly in that
folder, and a name that climbs out (``..``, a separator, a symbolic link pointing elsewhere) is
refused before anything is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.errors import GeoInputError, NotFoundError

OSM_SUFFIXES = (".osm", ".pbf")  # .osm XML, .osm.pbf (GDAL reads any .pbf as PBF)


def check_osm_name(file_name: str) -> str:
    """The name itself when it ends in .osm or .osm.pbf; GeoInputError naming the file."""
    if not file_name.lower().endswith(OSM_SUFFIXES):
        raise GeoInputError(code="err_osm_name", file=file_name or "(none)")
    return file_name


@dataclass(frozen=True)
class ServerFile:
    name: str
    size_mb: float


def _inside(folder: Path, path: Path) -> bool:
    """True when ``path``, links resolved, is a regular file directly in ``folder``."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a link loop, a NUL in the name
        return False
    return real.parent == folder.resolve() and real.is_file()


def server_files(folder: str) -> list[ServerFile]:
    """The OSM files directly in the server folder (none when it is not configured), by name."""
    if not folder:
        return []
    root = Path(folder)
    try:
        found = [
            ServerFile(path.name, round(path.stat().st_size / 1024 / 1024, 1))
            for path in root.iterdir()
            if path.name.lower().endswith(OSM_SUFFIXES) and _inside(root, path)
        ]
    except OSError:  # the folder went away (or became unreadable) since the app started
        return []
    return sorted(found, key=lambda f: f.name)


def server_file(folder: str, name: str) -> Path:
    """The server folder's file ``name`` (resolved); NotFoundError for anything that is not one
    of ``server_files`` (another folder, ``..``, a link out, a missing file)."""
    if not folder:
        raise NotFoundError(code="err_osm_no_folder")
    root = Path(folder)
    path = root / name
    plain = name and name == Path(name).name and name not in (".", "..") and "\\" not in name
    if not (plain and name.lower().endswith(OSM_SUFFIXES) and _inside(root, path)):
        raise NotFoundError(code="err_osm_not_in_folder", file=name or "(none)")
    return path.resolve()
