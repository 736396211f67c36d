"""Safe handling of uploaded layer files, before the one loader (``geo.layers.loader.load_layer``)
sees them: allowed extensions, a byte cap on the copy, zip archives checked entry by entry (no
``..``, no absolute paths, no symlinks, a cap on the entries and on the bytes really decompressed),
exactly one Shapefile per zip, KML screened with defusedxml, and a staging folder per upload so a
preview can be applied or cancelled later. No Flask here: routes pass plain streams and paths.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from geo.errors import Both, GeoInputError, NotFoundError
from geo.layers.osm_files import check_osm_name

ALLOWED_EXTENSIONS = (".geojson", ".json", ".zip", ".gpkg", ".kml", ".csv", ".xlsx")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the same as the app's MAX_CONTENT_LENGTH
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 50
# The parts of a Shapefile we unpack; anything else in the zip is ignored.
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
REQUIRED_PARTS = (".shp", ".shx", ".dbf", ".prj")
STAGE_MAX_AGE_S = 24 * 3600
_CHUNK = 64 * 1024
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_SQLITE_MAGIC = b"SQLite format 3\x00"


# ------------------------------------------------------------------------- names and copies


def extension(file_name: str) -> str:
    """The lower-case extension of an allowed upload; GeoInputError naming the allowed ones."""
    suffix = PurePosixPath(file_name.replace("\\", "/")).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise GeoInputError(code="err_upload_type", file=file_name, suffix=suffix or "(none)")
    return suffix


def safe_name(file_name: str) -> str:
    """A harmless local file name that keeps the user's name (for messages) and extension."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\-]", "_", base).lstrip(".")
    return base[:120] or "upload"


def copy_capped(stream: BinaryIO, dest: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> int:
    """Copy an upload to ``dest``, refusing (and removing) it once it passes ``max_bytes``."""
    written = 0
    with dest.open("wb") as out:
        while chunk := stream.read(_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                out.close()
                dest.unlink(missing_ok=True)
                raise GeoInputError(
                    code="err_upload_too_large", file=dest.name, mb=max_bytes // (1024 * 1024)
                )
            out.write(chunk)
    if written == 0:
        dest.unlink(missing_ok=True)
        raise GeoInputError(code="err_upload_empty", file=dest.name)
    return written


# ------------------------------------------------------------------------- zip archives


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why an entry may not be unpacked (path escape, absolute path, link), or None."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "climbs out of the folder with '..'"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    return None


def _is_noise(name: str) -> bool:
    """macOS resource forks and folders, which are not part of the data."""
    path = PurePosixPath(name.replace("\\", "/"))
    return name.endswith("/") or path.parts[0] == "__MACOSX" or path.name.startswith("._")


def check_zip(archive: zipfile.ZipFile, zip_name: str) -> list[zipfile.ZipInfo]:
    """Check every entry of a zip and return the Shapefile parts to unpack.

    Refuses: too many entries, declared sizes over the cap, unsafe paths, not exactly one .shp,
    a missing .shx/.dbf/.prj."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise GeoInputError(
            code="err_zip_entries", file=zip_name, count=len(entries), most=MAX_ZIP_ENTRIES
        )
    for info in entries:
        problem = _entry_problem(info)
        if problem:
            raise GeoInputError(f"{zip_name}: entry '{info.filename}' {problem}; nothing unpacked")
    declared = sum(info.file_size for info in entries)
    if declared > MAX_UNZIPPED_BYTES:
        raise _too_big(zip_name)
    data = [info for info in entries if not _is_noise(info.filename)]
    shps = [info.filename for info in data if info.filename.lower().endswith(".shp")]
    if len(shps) != 1:
        found = ", ".join(shps) if shps else Both("无", "none")
        raise GeoInputError(code="err_zip_one_shp", file=zip_name, count=len(shps), found=found)
    stem = shps[0][: -len(".shp")]
    parts = {
        info.filename[len(stem) :].lower(): info
        for info in data
        if info.filename[: len(stem)] == stem
        and info.filename[len(stem) :].lower() in SHAPEFILE_PARTS
    }
    missing = [ext for ext in REQUIRED_PARTS if ext not in parts]
    if missing:
        raise GeoInputError(
            code="err_shp_parts", file=zip_name, shp=shps[0], missing=", ".join(missing)
        )
    return list(parts.values())


def _too_big(zip_name: str) -> GeoInputError:
    return GeoInputError(
        code="err_zip_too_big", file=zip_name, mb=MAX_UNZIPPED_BYTES // (1024 * 1024)
    )


def unpack_shapefile(zip_path: Path, dest: Path, zip_name: str | None = None) -> Path:
    """Unpack the one Shapefile of a checked zip into ``dest`` (flat); return the .shp path.

    The decompressed bytes are counted as they come out, so a zip that lies about its sizes
    is stopped at the cap all the same."""
    zip_name = zip_name or zip_path.name
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise GeoInputError(code="err_zip_unreadable", file=zip_name, detail=exc) from exc
    with archive:
        parts = check_zip(archive, zip_name)
        stem = safe_name(PurePosixPath(parts[0].filename).stem)
        total, shp = 0, dest / f"{stem}.shp"
        for info in parts:
            target = dest / (stem + PurePosixPath(info.filename).suffix.lower())
            total = _extract(archive, info, target, total, zip_name)
    return shp


def _extract(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, total: int, zip_name: str
) -> int:
    try:
        with archive.open(info) as src, target.open("wb") as out:
            while chunk := src.read(_CHUNK):
                total += len(chunk)
                if total > MAX_UNZIPPED_BYTES:
                    raise _too_big(zip_name)
                out.write(chunk)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
        raise GeoInputError(
            code="err_zip_entry_unreadable", file=zip_name, entry=info.filename, detail=exc
        ) from exc
    return total


# ------------------------------------------------------------------------- other formats


def check_kml(path: Path, file_name: str) -> None:
    """Parse KML with defusedxml first: no DTDs, entities or external references get through."""
    try:
        root = SafeET.parse(str(path), forbid_dtd=True).getroot()
    except DefusedXmlException as exc:
        raise GeoInputError(f"{file_name}: refused, the XML declares {exc}") from exc
    except SafeET.ParseError as exc:
        raise GeoInputError(code="err_kml_not_xml", file=file_name, detail=exc) from exc
    if not root.tag.endswith("kml"):
        raise GeoInputError(code="err_kml_root", file=file_name, tag=root.tag)


def check_geopackage(path: Path, file_name: str) -> None:
    with path.open("rb") as handle:
        if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise GeoInputError(code="err_gpkg_header", file=file_name)


def prepare(upload: Path, file_name: str, workdir: Path) -> Path:
    """The file to hand to ``load_layer``: the upload itself, or the Shapefile from its zip."""
    ext = extension(file_name)
    if ext == ".zip":
        return unpack_shapefile(upload, workdir, file_name)
    if ext == ".kml":
        check_kml(upload, file_name)
    elif ext == ".gpkg":
        check_geopackage(upload, file_name)
    return upload


# ------------------------------------------------------------------------- staging


@dataclass(frozen=True)
class Staged:
    """An upload waiting for apply or cancel: its folder and what the preview showed."""

    token: str
    folder: Path
    meta: dict[str, Any]

    @property
    def data_path(self) -> Path:
        return self.folder / self.meta["data_file"]  # an absolute path for a server file


def stage(
    root: Path,
    stream: BinaryIO,
    file_name: str,
    meta: dict[str, Any],
    max_bytes: int,
    osm: bool = False,
) -> Staged:
    """Save an upload under ``root/<token>/`` and unpack it (an ``osm`` extract is read as it
    is, by the OSM import); on any error nothing stays."""
    if osm:
        check_osm_name(file_name)
    else:
        extension(file_name)
    folder = _new_folder(root)
    try:
        upload = folder / safe_name(file_name)
        copy_capped(stream, upload, max_bytes)
        data = upload if osm else prepare(upload, file_name, folder)
        return _write_meta(folder, {**meta, "file_name": file_name, "data_file": data.name})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def stage_reference(root: Path, path: Path, meta: dict[str, Any]) -> Staged:
    """Stage a file already on the server (a checked path) without copying it: its folder
    holds only what the job makes of it."""
    folder = _new_folder(root)
    return _write_meta(folder, {**meta, "file_name": path.name, "data_file": str(path)})


def _new_folder(root: Path) -> Path:
    purge_old(root)
    folder = root / secrets.token_hex(16)
    folder.mkdir(parents=True)
    return folder


def _write_meta(folder: Path, meta: dict[str, Any]) -> Staged:
    full = {**meta, "staged_at": time.time()}
    (folder / "meta.json").write_text(json.dumps(full), encoding="utf-8")
    return Staged(folder.name, folder, full)


def staged(root: Path, token: str) -> Staged:
    """A staged upload by its token (checked, so it cannot name another folder)."""
    if not _TOKEN.match(token or ""):
        raise NotFoundError("no such upload")
    folder = root / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotFoundError("this upload is gone (applied, cancelled or expired)") from exc
    return Staged(token, folder, meta)


def update_meta(item: Staged, changes: dict[str, Any]) -> Staged:
    """Add to what the staged upload remembers (the field mapping its preview used)."""
    meta = {**item.meta, **changes}
    (item.folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return Staged(item.token, item.folder, meta)


def discard(item: Staged) -> None:
    shutil.rmtree(item.folder, ignore_errors=True)


def purge_old(root: Path, max_age_s: float = STAGE_MAX_AGE_S) -> None:
    """Remove uploads nobody applied or cancelled within a day."""
    if not root.is_dir():
        return
    cutoff = time.time() - max_age_s
    for folder in root.iterdir():
        if _TOKEN.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
