"""Evidence files of the indicator archive (PDF, images, Excel): checked by their content, not
only their extension, before anything is stored.

A file must be what its extension says: a PDF starts with ``%PDF-`` and ends with ``%%EOF``; a
PNG or JPEG goes through the one image check of ``geo.photos`` (content against extension,
pixel cap against image bombs) and is stored as its re-encoded copy, without the EXIF block that
names the camera, the time and where it was taken; an .xlsx is a zip holding an Excel workbook
whose declared unpacked size is capped (no zip bombs) and which openpyxl opens. Bytes in, the
bytes to keep out: storing is ``store.archive``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from geo.errors import GeoInputError
from geo.photos import PhotoRefused, PhotoTooLarge, read_photo
from geo.value_checks import clean_text

MAX_EVIDENCE_BYTES = 15 * 1024 * 1024
MAX_XLSX_UNZIPPED = 60 * 1024 * 1024
MAX_XLSX_ENTRIES = 2000
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class EvidenceRefused(GeoInputError):
    """A file that is not acceptable evidence; the message names the file and says why."""


class EvidenceTooLarge(EvidenceRefused):
    status = 413


MAX_NAME = 200


@dataclass(frozen=True)
class EvidenceKind:
    """What a checked file is: its extension, the media type it is served with, the name it is
    listed and downloaded under (the upload's base name, at most ``MAX_NAME`` long), and the
    bytes to store (an image re-encoded without its metadata, any other file as it came)."""

    extension: str
    media_type: str
    name: str
    data: bytes


def check_evidence(data: bytes, file_name: str) -> EvidenceKind:
    """The file's kind if its content matches its extension, else EvidenceRefused."""
    ext = PurePath(file_name).suffix.lower()
    if ext not in MEDIA_TYPES:
        raise EvidenceRefused(
            f"{file_name}: 佐证材料须为 PDF、图片(PNG/JPEG)或 Excel(.xlsx) / evidence must be a "
            "PDF, an image (PNG, JPEG) or an Excel workbook (.xlsx)"
        )
    if len(data) > MAX_EVIDENCE_BYTES:
        mb = MAX_EVIDENCE_BYTES // 2**20
        raise EvidenceTooLarge(f"{file_name}: 文件超过 {mb} MB / the file is larger than {mb} MB")
    if not data:
        raise EvidenceRefused(f"{file_name}: 文件为空 / the file is empty")
    if ext == ".pdf":
        _check_pdf(data, file_name)
    elif ext == ".xlsx":
        _check_xlsx(data, file_name)
    else:
        data = _cleaned_image(data, file_name)
    stem = PurePath(file_name.replace("\\", "/")).stem
    name = clean_text(stem, "file", name=True)[: MAX_NAME - len(ext)] + ext
    return EvidenceKind(ext, MEDIA_TYPES[ext], name, data)


def _not_what_it_says(file_name: str, what: str) -> EvidenceRefused:
    return EvidenceRefused(
        f"{file_name}: 文件内容不是{what}(扩展名与内容不符或文件已损坏) / the content is not "
        f"a {what}: the extension does not match it, or the file is damaged"
    )


def _check_pdf(data: bytes, file_name: str) -> None:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise _not_what_it_says(file_name, "PDF")


def _check_xlsx(data: bytes, file_name: str) -> None:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {info.filename for info in entries}
    except zipfile.BadZipFile:
        raise _not_what_it_says(file_name, "Excel .xlsx") from None
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise _not_what_it_says(file_name, "Excel .xlsx")
    if len(entries) > MAX_XLSX_ENTRIES or sum(i.file_size for i in entries) > MAX_XLSX_UNZIPPED:
        mb = MAX_XLSX_UNZIPPED // 2**20
        raise EvidenceTooLarge(
            f"{file_name}: 解压后超过 {mb} MB / unpacks to more than {mb} MB (a zip bomb?)"
        )
    try:
        openpyxl.load_workbook(io.BytesIO(data), read_only=True).close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _not_what_it_says(file_name, "Excel .xlsx") from None


def _cleaned_image(data: bytes, file_name: str) -> bytes:
    """The image re-encoded from its pixels by ``geo.photos`` (its refusals said as evidence's)."""
    try:
        return read_photo(data, file_name, max_bytes=MAX_EVIDENCE_BYTES, thumbnail=False).data
    except PhotoTooLarge as exc:
        raise EvidenceTooLarge(str(exc), code=exc.code, **exc.params) from None
    except PhotoRefused as exc:
        raise EvidenceRefused(str(exc), code=exc.code, **exc.params) from None
