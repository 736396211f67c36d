"""Evidence files are checked by content: a file that is not what its extension says, too
large, an image bomb or a zip bomb is refused with its name and the reason; and the archive
edit rules name their field."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from PIL import Image

from geo import photos
from geo.errors import ValidationError
from geo.facilities.archive import check_archive_edit
from geo.prep import evidence
from geo.prep.evidence import EvidenceRefused, EvidenceTooLarge, check_evidence


def pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "evidence")
    page.save()
    return out.getvalue()


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, "PNG")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["乡镇", "负荷率"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_real_files_are_accepted_with_their_media_type():
    assert check_evidence(pdf_bytes(), "台账.pdf").media_type == "application/pdf"
    assert check_evidence(png_bytes(), "现场.PNG").media_type == "image/png"
    assert check_evidence(xlsx_bytes(), "统计.xlsx").media_type.endswith("spreadsheetml.sheet")
    long = check_evidence(pdf_bytes(), "..\\..\\" + "长" * 300 + ".pdf").name
    assert long == "长" * 196 + ".pdf"


@pytest.mark.parametrize(
    ("data", "file_name", "words"),
    [
        (lambda: png_bytes(), "fake.pdf", ["fake.pdf", "PDF"]),
        (lambda: pdf_bytes(), "fake.png", ["fake.png", "PNG"]),
        (lambda: png_bytes(), "fake.jpg", ["fake.jpg", "JPEG"]),
        (lambda: b"PK\x03\x04 not a zip", "fake.xlsx", ["fake.xlsx", "xlsx"]),
        (
            lambda: _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}),
            "report.xlsx",
            ["report.xlsx"],
        ),  # fmt: skip
        (lambda: pdf_bytes()[:-200], "cut.pdf", ["cut.pdf", "damaged"]),
        (lambda: b"", "empty.pdf", ["empty.pdf", "empty"]),
        (lambda: b"MZ\x90\x00", "tool.exe", ["tool.exe", "PDF"]),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(data, file_name, words):
    with pytest.raises(EvidenceRefused) as caught:
        check_evidence(data(), file_name)
    assert all(w in str(caught.value) for w in words), str(caught.value)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_bombs_and_large_files_are_refused(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 1000)  # the one image check, shared with photos
    with pytest.raises(EvidenceTooLarge, match="megapixel|百万像素"):
        check_evidence(png_bytes((100, 100)), "big.png")
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"\0" * (61 * 2**20)})
    assert len(bomb) < 200_000
    with pytest.raises(EvidenceTooLarge, match="zip bomb"):
        check_evidence(bomb, "bomb.xlsx")
    with pytest.raises(EvidenceTooLarge, match="MB"):
        check_evidence(b"%PDF-" + b"0" * evidence.MAX_EVIDENCE_BYTES + b"%%EOF", "huge.pdf")


def test_an_image_is_kept_re_encoded_without_its_exif_and_other_files_as_they_came():
    from tests.test_township_photos import photo_bytes

    upload = photo_bytes(size=(400, 300))
    assert Image.open(io.BytesIO(upload)).getexif()  # camera, time and GPS
    kept = check_evidence(upload, "现场.jpg")
    image = Image.open(io.BytesIO(kept.data))
    assert kept.data != upload and image.format == "JPEG" and image.size == (400, 300)
    assert not image.getexif() and "exif" not in image.info
    pdf = pdf_bytes()
    assert check_evidence(pdf, "台账.pdf").data == pdf
    book = xlsx_bytes()
    assert check_evidence(book, "统计.xlsx").data == book


def test_an_image_between_the_photo_cap_and_the_evidence_cap_is_accepted(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 100)  # evidence has its own, larger, cap
    assert check_evidence(png_bytes(), "现场.png").media_type == "image/png"


def test_archive_edit_rules_name_the_field():
    today = date(2014, 7, 15)
    edit = check_archive_edit(
        {"version": 0, "unit": " 县环保局 ", "method": "每月抄表\n汇总", "value": 82}, today
    )
    assert edit.fields == {"unit": "县环保局", "method": "每月抄表\n汇总"}
    assert edit.value == (82.0, today, "")
    for body, field in [
        ({"unit": "x"}, "version"),
        ({"version": 1, "value": "80%"}, "value"),
        ({"version": 1, "value": 80, "as_of": "2014-07-16"}, "as_of"),
        ({"version": 1, "value": 80, "as_of": "2014-02-30"}, "as_of"),
        ({"version": 1, "note": "x"}, "value"),
        ({"version": 1, "leader": "x" * 81}, "leader"),
        ({"version": 1, "person": "张\u200b三"}, "person"),
        ({"version": 1, "colour": "red"}, "colour"),
    ]:
        with pytest.raises(ValidationError, match=field.replace("(", r"\(")):
            check_archive_edit(body, today)
