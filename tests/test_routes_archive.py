"""The indicator archive through the Flask test client: planners edit (versioned, with value
history), evidence is stored under the upload folder with its sha256 and served as a download;
bad files and bad fields are refused and change nothing; readers cannot edit."""

from __future__ import annotations

import hashlib
import io

import pytest

from tests.test_archive import pdf_bytes, png_bytes


@pytest.fixture
def uploads(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def manual(client) -> str:
    """An indicator whose value is not computed from the layers."""
    return next(i["id"] for i in client.get("/api/indicators").get_json() if not i["computed"])


def _put(client, auth, indicator, body):
    return client.put(f"/api/indicators/{indicator}", json=body, headers=auth.headers())


def test_a_planner_archives_an_indicator_with_value_history(client, auth, manual):
    auth.login("planner", "planner")
    first = _put(client, auth, manual, {"version": 0, "unit": "县环保局", "leader": "张副县长",
                                        "person": "李明", "method": "每月抄表，汇总后上报",
                                        "value": 70.5, "as_of": "2014-06-30"})  # fmt: skip
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert (body["version"], body["leader"], body["current"]) == (1, "张副县长", 70.5)
    second = _put(client, auth, manual, {"version": 1, "value": 75, "note": "七月数"})
    assert second.status_code == 200
    history = second.get_json()["history"]
    assert [(h["value"], h["as_of"], h["user"]) for h in history] == [
        (75.0, "2014-07-15", "planner"),
        (70.5, "2014-06-30", "planner"),
    ]
    stale = _put(client, auth, manual, {"version": 1, "person": "王五"})
    assert stale.status_code == 409
    bad = _put(client, auth, manual, {"version": 2, "value": "很多"})
    assert bad.status_code == 422 and "value" in bad.get_json()["error"]
    after = client.get(f"/api/indicators/{manual}").get_json()
    assert (after["version"], after["person"], after["current"]) == (2, "李明", 75.0)
    page = client.get(f"/indicators/{manual}").get_data(as_text=True)
    assert "每月抄表，汇总后上报" in page and "张副县长" in page and "七月数" in page
    assert "张副县长" in client.get("/indicators").get_data(as_text=True)
    assert client.get("/api/indicators/nothing").status_code == 404


def test_evidence_is_stored_with_its_checksum_and_served_as_a_download(
    client, auth, manual, uploads
):
    auth.login("planner", "planner")
    data = pdf_bytes()
    url = f"/api/indicators/{manual}/evidence"
    response = client.post(
        url, data={"file": (io.BytesIO(data), "台账.pdf")}, headers=auth.headers()
    )
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    assert item["sha256"] == hashlib.sha256(data).hexdigest() and item["size_bytes"] == len(data)
    stored = list(uploads.rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == data
    assert not [p for p in uploads.rglob("*") if p.name.startswith(".part-")]
    with client.get(f"/indicators/{manual}/evidence/{item['id']}") as download:
        assert download.status_code == 200 and download.data == data
        assert download.mimetype == "application/pdf"
        assert "attachment" in download.headers["Content-Disposition"]
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "台账.pdf" in client.get(f"/indicators/{manual}").get_data(as_text=True)
    deleted = client.delete(f"{url}/{item['id']}", headers=auth.headers())
    assert deleted.status_code == 200 and not list(uploads.rglob("*.pdf"))
    assert client.get(f"/indicators/{manual}/evidence/{item['id']}").status_code == 404


def test_an_image_is_stored_without_its_exif_under_the_stored_copys_checksum(
    client, auth, manual, uploads
):
    from PIL import Image

    from tests.test_township_photos import photo_bytes

    auth.login("planner", "planner")
    upload = photo_bytes(size=(300, 200))
    response = client.post(
        f"/api/indicators/{manual}/evidence",
        data={"file": (io.BytesIO(upload), "现场.jpg")},
        headers=auth.headers(),
    )
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    (stored,) = uploads.rglob("*.jpg")
    data = stored.read_bytes()
    assert item["sha256"] == hashlib.sha256(data).hexdigest() and item["size_bytes"] == len(data)
    assert data != upload and not Image.open(io.BytesIO(data)).getexif()
    assert b"PhoneMaker" not in data and b"PhoneMaker" in upload


def test_a_bad_file_is_refused_and_nothing_is_stored(client, auth, manual, uploads):
    auth.login("planner", "planner")
    url = f"/api/indicators/{manual}/evidence"
    for name, data, status in [
        ("photo.pdf", png_bytes(), 422),
        ("script.html", b"<script>alert(1)</script>", 422),
        ("blank.png", b"", 422),
    ]:
        response = client.post(url, data={"file": (io.BytesIO(data), name)}, headers=auth.headers())
        assert response.status_code == status and name in response.get_json()["error"]
    missing = client.post(url, data={}, headers=auth.headers())
    assert missing.status_code == 422 and missing.get_json()["error"] == "请选择要上传的文件"
    assert not uploads.exists() or not [p for p in uploads.rglob("*") if p.is_file()]
    assert client.get(f"/api/indicators/{manual}").get_json()["evidence"] == []


def test_readers_cannot_edit_or_upload(client, auth, manual, uploads):
    body = {"version": 0, "person": "李明"}
    assert _put(client, auth, manual, body).status_code == 401
    auth.login("viewer", "viewer")
    assert _put(client, auth, manual, body).status_code == 403
    upload = client.post(
        f"/api/indicators/{manual}/evidence",
        data={"file": (io.BytesIO(pdf_bytes()), "a.pdf")},
        headers=auth.headers(),
    )
    assert upload.status_code == 403
    assert client.get(f"/api/indicators/{manual}").get_json()["version"] == 0
    assert 'id="archive-form"' not in client.get(f"/indicators/{manual}").get_data(as_text=True)
