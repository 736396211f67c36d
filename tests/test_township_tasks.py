"""A township's task list (preparation and clean-up tasks together, late in red) and the
before/after photos of tasks: uploaded by planners or the task's own township, checked and
re-encoded by geo.photos (no EXIF, a thumbnail, sha256 of the stored file), refused for another
township or a bad file with nothing stored. "Today" is the test config's 2014-07-15."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from tests.test_township_photos import photo_bytes


@pytest.fixture
def upload_dir(app, tmp_path):
    folder = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = str(folder)
    return folder


@pytest.fixture
def plan(app, client, auth) -> dict:
    """The first stop of every township, its standard tasks, the review on 2014-07-20 (so the
    display boards, due 10 days before, are late)."""
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan

        first: dict[str, str] = {}
        for f in features("stops"):
            first.setdefault(f["properties"]["township_code"], f["properties"]["id"])
        names = {t["properties"]["id"]: t["properties"]["name_zh"] for t in features("townships")}
        plan_id = create_plan("乡镇清单", "planner", sites=sorted(first.values())).id
    auth.login("planner", "planner")
    headers = auth.headers()
    assert client.post(f"/api/plans/{plan_id}/tasks/standard", headers=headers).status_code == 201
    review = {"version": 0, "start": "2014-07-20", "end": "2014-07-21"}
    assert (
        client.put(f"/api/plans/{plan_id}/review", json=review, headers=headers).status_code == 200
    )
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    own, other = sorted(first)[:2]
    return {"id": plan_id, "own": own, "other": other, "names": names}


def _cleanup_key(client, plan_id: int, code: str) -> str:
    towns = client.get(f"/api/plans/{plan_id}/cleanup").get_json()["townships"]
    return next(t for t in towns if t["code"] == code)["tasks"][0]["key"]


def test_the_list_has_both_kinds_of_task_with_the_late_in_red(client, plan):
    html = client.get(f"/plans/{plan['id']}/townships/{plan['own']}").get_data(as_text=True)
    assert f"{plan['names'][plan['own']]}任务清单" in html
    assert html.count('data-section="prep"') == 5 and 'data-section="cleanup"' in html
    assert 'data-progress="late" class="jl-row-late"' in html  # the boards, due 2014-07-10
    assert "2014-07-10" in html and "2014-07-19" in html  # clean-up: the day before
    assert "jl-task-status-select" not in html  # anonymous readers only read
    assert client.get(f"/plans/{plan['id']}/townships/999999999").status_code == 404
    assert client.get(f"/plans/{plan['id']}/townships/x1").status_code == 404


def test_a_township_user_gets_the_controls_on_its_own_list_only(client, auth, plan):
    auth.login("town1", "township", township=plan["own"])
    mine = client.get(f"/plans/{plan['id']}/townships").headers["Location"]
    assert mine.endswith(f"/plans/{plan['id']}/townships/{plan['own']}")
    html = client.get(mine).get_data(as_text=True)
    assert "jl-task-status-select" in html and "jl-task-photo-form" in html
    assert "js/township_tasks.js" in html
    other = client.get(f"/plans/{plan['id']}/townships/{plan['other']}").get_data(as_text=True)
    assert "jl-task-status-select" not in other and "jl-task-photo-form" not in other


def _upload(client, auth, plan_id, key, data, name="现场.jpg", stage="before"):
    return client.post(
        f"/api/plans/{plan_id}/task-photos/{key}",
        data={"photo": (io.BytesIO(data), name), "stage": stage},
        headers=auth.headers(),
    )


def test_a_township_user_adds_before_and_after_photos_without_exif(client, auth, plan, upload_dir):
    key = _cleanup_key(client, plan["id"], plan["own"])
    auth.login("town1", "township", township=plan["own"])
    upload = photo_bytes(size=(800, 600))
    before = _upload(client, auth, plan["id"], key, upload)
    assert before.status_code == 201, before.get_json()
    body = before.get_json()
    files = sorted(p for p in (upload_dir / "task-photos").rglob("*") if p.is_file())
    assert len(files) == 2  # the photo and its thumbnail, made once
    stored = next(p for p in files if not p.name.endswith(".thumb.jpg"))
    data = stored.read_bytes()
    assert body["sha256"] == hashlib.sha256(data).hexdigest() and body["size_bytes"] == len(data)
    assert not Image.open(io.BytesIO(data)).getexif() and b"PhoneMaker" not in data
    with client.get(body["thumb"]) as thumb:
        assert thumb.status_code == 200 and max(Image.open(io.BytesIO(thumb.data)).size) == 320
    prep = client.get(f"/api/plans/{plan['id']}/tasks?township={plan['own']}").get_json()
    prep_key = prep["townships"][0]["tasks"][0]["key"]
    after = _upload(client, auth, plan["id"], prep_key, photo_bytes(), "after.jpg", "after")
    assert after.status_code == 201, after.get_json()
    html = client.get(f"/plans/{plan['id']}/townships/{plan['own']}").get_data(as_text=True)
    assert html.count('class="jl-task-photo"') == 2 and 'data-stage="after"' in html
    cleanup = client.get(f"/plans/{plan['id']}/cleanup").get_data(as_text=True)
    assert body["thumb"] in cleanup  # the clean-up page shows it beside the task's status
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(client.get(f"/plans/{plan['id']}/cleanup.pdf").data)).pages
    assert sum(len(p.images) for p in pages) == 1  # and its PDF (the prep photo is not there)


def test_refused_photos_store_nothing(client, auth, plan, upload_dir):
    own = _cleanup_key(client, plan["id"], plan["own"])
    other = _cleanup_key(client, plan["id"], plan["other"])
    auth.login("town1", "township", township=plan["own"])
    refused = _upload(client, auth, plan["id"], other, photo_bytes())
    assert refused.status_code == 403
    assert plan["names"][plan["other"]] in refused.get_json()["error"]
    cases = [
        (own, photo_bytes(), "现场.jpg", "during", 422, "stage"),
        (own, b"%PDF-1.4 not a photo", "现场.jpg", "before", 422, "现场.jpg"),
        (own, photo_bytes("PNG"), "现场.jpg", "before", 422, "PNG"),
        ("road-0000000000", photo_bytes(), "现场.jpg", "before", 404, "road-0000000000"),
        ("prep-99999", photo_bytes(), "现场.jpg", "before", 404, "99999"),
    ]
    for key, data, name, stage, status, word in cases:
        response = _upload(client, auth, plan["id"], key, data, name, stage)
        assert response.status_code == status, (key, stage, response.get_json())
        assert word in response.get_json()["error"]
    auth.login("viewer", "viewer")
    assert _upload(client, auth, plan["id"], own, photo_bytes()).status_code == 403
    root = upload_dir / "task-photos"
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]
    html = client.get(f"/plans/{plan['id']}/townships/{plan['own']}").get_data(as_text=True)
    assert 'class="jl-task-photo"' not in html


def test_a_planner_adds_a_photo_to_any_townships_task(client, auth, plan, upload_dir):
    other = _cleanup_key(client, plan["id"], plan["other"])
    auth.login("planner", "planner")
    assert _upload(client, auth, plan["id"], other, photo_bytes(), stage="after").status_code == 201
    assert client.get(f"/plans/{plan['id']}/task-photos/999/thumb").status_code == 404


def test_the_print_pack_has_each_townships_task_page_and_the_photos(client, auth, plan, upload_dir):
    from pypdf import PdfReader

    key = _cleanup_key(client, plan["id"], plan["own"])
    auth.login("planner", "planner")
    assert _upload(client, auth, plan["id"], key, photo_bytes()).status_code == 201
    response = client.get(f"/plans/{plan['id']}/print.pdf")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.data)).pages
    texts = [p.extract_text() for p in pages]
    own = plan["names"][plan["own"]]
    task_pages = [i for i, t in enumerate(texts) if "任务清单" in t and "评审首日" in t]
    assert len(task_pages) == 13  # every township has tasks
    mine = next(texts[i] for i in task_pages if f"{own}任务清单" in texts[i])
    assert "展板" in mine and "2014-07-10" in mine and "逾期" in mine
    cleanup = next(i for i, t in enumerate(texts) if f"沿途环境整治 · {own}" in t)
    assert "整治前" in texts[cleanup] and len(pages[cleanup].images) == 1
    done = client.put(f"/api/plans/{plan['id']}/cleanup/tasks/{key}",
                      json={"status": "done", "version": 0}, headers=auth.headers())  # fmt: skip
    assert done.status_code == 200
    again = PdfReader(io.BytesIO(client.get(f"/plans/{plan['id']}/print.pdf").data)).pages
    assert "已完成" in again[cleanup].extract_text()  # a status change is not served stale


def test_a_photo_is_deleted_with_its_files_by_those_who_may_add_it(client, auth, plan, upload_dir):
    own = _cleanup_key(client, plan["id"], plan["own"])
    other = _cleanup_key(client, plan["id"], plan["other"])
    auth.login("planner", "planner")
    theirs = _upload(client, auth, plan["id"], other, photo_bytes()).get_json()
    auth.login("town1", "township", township=plan["own"])
    mine = _upload(client, auth, plan["id"], own, photo_bytes()).get_json()
    html = client.get(f"/plans/{plan['id']}/townships/{plan['own']}").get_data(as_text=True)
    assert html.count("jl-task-photo-delete") == 1

    refused = client.delete(
        f"/api/plans/{plan['id']}/task-photos/{theirs['id']}", headers=auth.headers()
    )
    assert refused.status_code == 403
    assert plan["names"][plan["other"]] in refused.get_json()["error"]
    missing = client.delete(f"/api/plans/{plan['id']}/task-photos/99999", headers=auth.headers())
    assert missing.status_code == 404
    root = upload_dir / "task-photos"
    assert len([p for p in root.rglob("*") if p.is_file()]) == 4  # nothing went on a refusal

    gone = client.delete(
        f"/api/plans/{plan['id']}/task-photos/{mine['id']}", headers=auth.headers()
    )
    assert gone.status_code == 200
    assert client.get(mine["url"]).status_code == 404
    assert len([p for p in root.rglob("*") if p.is_file()]) == 2  # its photo and thumbnail went
    auth.login("planner", "planner")
    assert (
        client.delete(
            f"/api/plans/{plan['id']}/task-photos/{theirs['id']}", headers=auth.headers()
        ).status_code
        == 200
    )
    assert not [p for p in root.rglob("*") if p.is_file()]
