"""Photos of a township's stops: stored without EXIF (GPS only when kept), with a thumbnail and
a checksum; bad, oversized, bomb and mislabelled files are refused leaving nothing behind."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from geo.photos import MAX_PHOTO_BYTES, THUMB_SIZE, PhotoTooLarge, read_photo
from store import photos as photo_store
from store import sites as history_store
from tests.test_routes_township import GAOTANG, WANAN, add, inside, login_township

GPS_LON, GPS_LAT = 117.3125, 26.8050  # in 万安镇 or not: read back, not placed


@pytest.fixture
def upload_dir(app, tmp_path):
    folder = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = str(folder)
    return folder


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return float(degrees), float(minutes), seconds


def photo_bytes(fmt: str = "JPEG", size=(1600, 1200), gps=(GPS_LON, GPS_LAT)) -> bytes:
    """A phone-like photo: camera make and model, a time, and GPS tags."""
    image = Image.new("RGB", size, (40, 120, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Pocket 9"
    exif[ExifTags.Base.DateTime] = "2014:06:30 10:12:00"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: _dms(gps[1]),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: _dms(gps[0]),
        }
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose header claims 900 megapixels (the pixel data never needs to exist)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.fixture
def stop(app, client, auth, upload_dir):
    login_township(auth)
    return add(client, auth, *inside(app, WANAN)).get_json()


def upload(client, auth, stop_id: str, data: bytes, name: str, keep: bool = False):
    form = {"photo": (io.BytesIO(data), name)}
    if keep:
        form["keep_location"] = "1"
    return client.post(
        f"/api/township/stops/{stop_id}/photos",
        data=form,
        headers=auth.headers(),
        content_type="multipart/form-data",
    )


def stored_files(upload_dir) -> list[str]:
    root = upload_dir / "photos"
    return (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def photo_rows(app) -> list:
    with app.app_context():
        return [p for rows in photo_store.photos_of().values() for p in rows]


def test_a_photo_is_stored_without_exif_and_with_a_thumbnail(app, client, auth, stop, upload_dir):
    response = upload(client, auth, stop["id"], photo_bytes(), "IMG_0001.JPG")
    assert response.status_code == 201, response.get_json()
    photo = response.get_json()
    assert photo["kept_location"] is False and photo["location"] is None
    assert (photo["width"], photo["height"]) == (1600, 1200)
    with app.app_context():
        row = photo_store.get(photo["id"])
        stored = upload_dir / row.path
        thumb = upload_dir / row.thumb_path
    data = stored.read_bytes()
    assert hashlib.sha256(data).hexdigest() == photo["sha256"] == row.sha256
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and dict(image.getexif()) == {}
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    small = Image.open(io.BytesIO(thumb.read_bytes()))
    assert small.format == "JPEG" and max(small.size) == THUMB_SIZE
    assert dict(small.getexif()) == {}
    # served back: the photo and its thumbnail
    with client.get(f"/township/photos/{photo['id']}") as served:
        assert served.data == data and served.mimetype == "image/jpeg"
    with client.get(f"/township/photos/{photo['id']}/thumb") as served:
        assert served.status_code == 200 and served.data == thumb.read_bytes()
    # listed with the stop, and in its history
    listing = client.get("/api/township/stops").get_json()["stops"]
    assert [p["id"] for s in listing if s["id"] == stop["id"] for p in s["photos"]] == [photo["id"]]
    history = client.get(f"/api/township/stops/{stop['id']}/history").get_json()
    assert history[0]["action"] == "photo" and history[0]["changes"]["photo"][1] == "IMG_0001.JPG"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_keep_location_keeps_only_the_gps_tags(app, client, auth, stop, upload_dir, fmt):
    name = "site.png" if fmt == "PNG" else "site.jpg"
    response = upload(client, auth, stop["id"], photo_bytes(fmt), name, keep=True)
    assert response.status_code == 201, response.get_json()
    photo = response.get_json()
    assert photo["kept_location"] is True
    assert photo["location"] == pytest.approx([GPS_LON, GPS_LAT], abs=1e-5)
    with app.app_context():
        path = upload_dir / photo_store.get(photo["id"]).path
    stored = Image.open(io.BytesIO(path.read_bytes()))
    assert stored.format == fmt
    exif = stored.getexif()
    assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif
    assert ExifTags.Base.DateTime not in exif
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert gps[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert float(gps[ExifTags.GPS.GPSLatitude][0]) == 26.0


def test_a_photos_position_is_offered_for_a_new_stop(app, client, auth, upload_dir):
    login_township(auth)
    lon, lat = inside(app, WANAN)
    place = client.post(
        "/api/township/photo-place",
        data={"photo": (io.BytesIO(photo_bytes(gps=(lon, lat))), "here.jpg")},
        headers=auth.headers(),
        content_type="multipart/form-data",
    )
    assert place.status_code == 200, place.get_json()
    found = place.get_json()
    assert found["inside"] is True and found["refusal"] is None
    assert (found["lon"], found["lat"]) == pytest.approx((lon, lat), abs=1e-5)
    elsewhere = client.post(
        "/api/township/photo-place",
        data={"photo": (io.BytesIO(photo_bytes(gps=inside(app, GAOTANG))), "there.jpg")},
        headers=auth.headers(),
        content_type="multipart/form-data",
    ).get_json()
    assert elsewhere["inside"] is False and "高唐镇" in elsewhere["refusal"]
    for lang, said in (("zh", "plain.jpg：照片中没有 GPS 位置，请在地图上点选位置"),
                       ("en", "plain.jpg: the photo carries no GPS position; click the map instead")):  # fmt: skip
        none = client.post(
            f"/api/township/photo-place?lang={lang}",
            data={"photo": (io.BytesIO(photo_bytes(gps=None)), "plain.jpg")},
            headers=auth.headers(),
            content_type="multipart/form-data",
        )
        assert none.status_code == 404 and none.get_json()["error"] == said
    assert stored_files(upload_dir) == [] and photo_rows(app) == []


def _truncated() -> bytes:
    data = photo_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("make", "name", "status", "message"),
    [
        (lambda: b"not an image at all", "fake.jpg", 422, "is not the JPEG image its name says"),
        (lambda: photo_bytes("PNG"), "renamed.jpg", 422, "the file is a PNG image, not what"),
        (lambda: photo_bytes("JPEG"), "renamed.png", 422, "the file is a JPEG image, not what"),
        (lambda: b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "IMG_1.heic", 422, "HEIC/HEIF"),
        (lambda: b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "IMG_1.jpg", 422, "HEIC/HEIF"),
        (lambda: photo_bytes("GIF", gps=None), "anim.gif", 422, "must be a JPEG or PNG"),
        (_truncated, "cut.jpg", 422, "damaged or incomplete"),
        (bomb_png, "bomb.png", 413, "image bomb"),
        (lambda: b"", "empty.jpg", 422, "the file is empty"),
    ],
)
def test_bad_files_are_refused_leaving_nothing(
    app, client, auth, stop, upload_dir, make, name, status, message
):
    response = upload(client, auth, stop["id"], make(), name)
    assert response.status_code == status, response.get_json()
    assert message in response.get_json()["error"]
    assert stored_files(upload_dir) == [] and photo_rows(app) == []
    with app.app_context():
        assert [c.action for c in history_store.history(stop["id"])] == ["add"]


def test_a_photo_over_the_size_cap_is_refused_before_decoding():
    """Checked on the bytes (the route reads at most one byte past the cap): a 10 MB body through
    the test client would leave Werkzeug's spooled request file open."""
    with pytest.raises(PhotoTooLarge, match="larger than 10 MB"):
        read_photo(b"\xff" * (MAX_PHOTO_BYTES + 1), "huge.jpg")


def test_a_failed_save_removes_the_written_files(app, client, auth, stop, upload_dir, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(history_store, "record", broken)
    with pytest.raises(RuntimeError):
        upload(client, auth, stop["id"], photo_bytes(), "a.jpg")
    assert stored_files(upload_dir) == [] and photo_rows(app) == []


def test_photos_of_another_townships_stop_are_refused(app, client, auth, upload_dir):
    login_township(auth)
    response = upload(client, auth, f"stop-{GAOTANG}-01", photo_bytes(), "a.jpg")
    assert response.status_code == 403
    assert stored_files(upload_dir) == [] and photo_rows(app) == []


def test_a_removed_photo_leaves_no_file(app, client, auth, stop, upload_dir):
    photo = upload(client, auth, stop["id"], photo_bytes(), "a.jpg").get_json()
    assert len(stored_files(upload_dir)) == 2
    removed = client.delete(f"/api/township/photos/{photo['id']}", headers=auth.headers())
    assert removed.status_code == 200
    assert stored_files(upload_dir) == [] and photo_rows(app) == []
    assert client.get(f"/township/photos/{photo['id']}").status_code == 404
