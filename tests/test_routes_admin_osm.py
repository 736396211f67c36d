"""The OpenStreetMap import from /admin/layers through the test client: upload or a server file
(confined to JIANGLE_OSM_IMPORT_DIR), the background job and its stages, the report, apply (a
second job: its stages, then the new revisions; refused when a layer changed since the report),
cancel, and failures that leave every layer live."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from geo.errors import ConflictError
from services import jobs, osm_admin, osm_apply
from services.osm_import import DEFAULT_SPEEDS
from store import jobs as job_store
from store import layers as layer_store
from store.layers import feature_count, features, import_history, layer_revision
from store.layers import replace_layer_recorded as replace_layer
from tests.data.osm import make_fixtures

FIXTURE = make_fixtures.FIXTURE
OSM_LAYERS = ("roads", "rivers", "rail", "places")
TOKEN_RE = re.compile(r"/admin/osm/([0-9a-f]{32})")


@pytest.fixture(scope="module")
def pbf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("osm") / "jiangle.osm.pbf"
    subprocess.run(["osmium", "cat", str(FIXTURE), "-o", str(out)], check=True)
    return out


@pytest.fixture
def admin(app, auth, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    auth.login("boss", "admin")
    return auth


@pytest.fixture
def server_dir(app, tmp_path, pbf) -> Path:
    """The server folder: the PBF and the XML fixture, a text file, a sub-folder with an OSM
    file, and a link to an OSM file outside the folder."""
    folder = tmp_path / "osm-extracts"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(pbf, folder / "jiangle.osm.pbf")
    shutil.copy(FIXTURE, folder / "county.osm")
    shutil.copy(FIXTURE, folder / "sub" / "hidden.osm")
    (folder / "notes.txt").write_text("not OSM")
    outside = tmp_path / "secret.osm"
    shutil.copy(FIXTURE, outside)
    (folder / "link_out.osm").symlink_to(outside)
    app.config["OSM_IMPORT_DIR"] = str(folder)
    return folder


def _staging(app) -> Path:
    return Path(app.config["UPLOAD_DIR"]) / "osm"


def _staged(app) -> list[str]:
    root = _staging(app)
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def _state(app) -> dict[str, tuple[int, int]]:
    with app.app_context():
        return {name: (layer_revision(name), feature_count(name)) for name in OSM_LAYERS}


def _start_upload(client, auth, body: bytes, name="county.osm", buffer_km="10", lang="zh"):
    return client.post(
        f"/admin/osm?lang={lang}",
        data={
            "csrf_token": auth.csrf_token("/admin/layers"),
            "source": "upload",
            "buffer_km": buffer_km,
            "file": (io.BytesIO(body), name),
        },
        content_type="multipart/form-data",
    )


def _start_server(client, auth, name: str):
    return client.post(
        "/admin/osm",
        data={
            "csrf_token": auth.csrf_token("/admin/layers"),
            "source": "server",
            "server_file": name,
            "buffer_km": "10",
        },  # fmt: skip
    )


def _token(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return TOKEN_RE.search(response.location).group(1)


def _finished(app, token: str, key: str = "job_id"):
    meta = json.loads((_staging(app) / token / "meta.json").read_text(encoding="utf-8"))
    with app.app_context():
        found = jobs.wait(meta[key], 120)
    assert found.finished, found
    return found


def _applied(app, token: str):
    """The import's apply job once it has finished."""
    return _finished(app, token, "apply_job_id")


def _text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return html.unescape(re.sub(r"\s+", " ", body))


def _apply(client, auth, token: str):
    return client.post(f"/admin/osm/{token}/apply", data={"csrf_token": auth.csrf_token()})


def _cancel(client, auth, token: str):
    return client.post(f"/admin/osm/{token}/cancel", data={"csrf_token": auth.csrf_token()})


# --------------------------------------------------------------------------- the whole flow
def test_upload_imports_in_the_background_then_reports_then_applies(app, client, admin):
    before = _state(app)
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert _finished(app, token).state == "done"
    assert _state(app) == before  # the report changes nothing

    page = client.get(f"/admin/osm/{token}")
    assert page.status_code == 200
    said = _text(page)
    assert "导入报告：county.osm（县界外 10.0 公里）" in said
    roads = said[said.index("道路") :]
    assert "高速公路" in roads and "国道" in roads and "村道" in roads
    assert re.search(r"合计 25 ", said)  # roads, all classes
    assert "在建或规划中（highway=construction/proposed）: 1" in said
    assert "禁止机动车（access=no 或 motor_vehicle=no）: 2" in said
    assert "未与主路网连通的道路：1 组" in said and "孤岛村道" in said
    assert "县内火车站：1 个" in said and "在缓冲区边界截断的路：1 条" in said
    assert "应用后替换：道路、河流、铁路" in said
    assert f'action="/admin/osm/{token}/apply"' in page.get_data(as_text=True)

    applied = _apply(client, admin, token)
    assert applied.status_code == 303 and applied.location.endswith(f"/admin/osm/{token}")
    assert _applied(app, token).state == "done"
    page = client.get(f"/admin/osm/{token}")
    said = _text(page)
    assert "已应用 county.osm，新版本：" in said
    after = _state(app)
    for name in ("roads", "rivers", "rail"):
        assert after[name][0] == before[name][0] + 1
    assert f"道路: 第 {after['roads'][0]} 版（25 条）" in said and "铁路: 第" in said
    assert 'href="/admin/layers"' in page.get_data(as_text=True)
    assert "/apply" not in page.get_data(as_text=True)  # nothing left to apply
    assert (after["roads"][1], after["rivers"][1], after["rail"][1]) == (25, 3, 2)
    assert after["places"] == before["places"]  # the shipped station is the same station
    with app.app_context():
        history = {r.layer: r for r in import_history()}
    assert history["roads"].imported_by == "boss" and history["roads"].file_name == "county.osm"
    assert [p.name for p in (_staging(app) / token).iterdir()] == ["meta.json"]  # copy gone
    assert f'href="/admin/osm/{token}"' not in client.get("/admin/layers").get_data(as_text=True)
    again = _apply(client, admin, token)  # applied once only
    assert again.status_code == 409 and "该导入已经应用，不能再次应用或取消" in _text(again)
    assert _cancel(client, admin, token).status_code == 409
    assert _state(app) == after


def _hold(monkeypatch, owner, name: str, wrap):
    """Put ``wrap(real, pause)`` in place of the job step ``owner.name``; ``pause()``, called
    where the job is to be held, sets ``reached`` and waits for ``release``. Yields (reached,
    release), and releases at the end, so that no job is left waiting."""
    reached, release = threading.Event(), threading.Event()

    def pause():
        reached.set()
        release.wait(30)

    monkeypatch.setattr(owner, name, wrap(getattr(owner, name), pause))
    yield reached, release
    release.set()


@pytest.fixture
def held_apply(monkeypatch):
    """Applies wait before their write until the test sets the event."""

    def wrap(real, pause):
        def slow(*args):
            pause()
            return real(*args)

        return slow

    yield from _hold(monkeypatch, osm_apply, "store_osm_layers", wrap)


def test_apply_answers_at_once_and_its_job_writes_the_layers(app, client, admin, held_apply):
    writing, release = held_apply
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert _finished(app, token).state == "done"
    before = _state(app)
    assert _apply(client, admin, token).status_code == 303
    assert writing.wait(30)
    assert _state(app) == before  # the request answered before anything was written
    page = client.get(f"/admin/osm/{token}")
    body = page.get_data(as_text=True)
    assert "<progress" in body and "正在后台应用 county.osm" in _text(page)
    assert "/apply" not in body and "/cancel" not in body
    meta = json.loads((_staging(app) / token / "meta.json").read_text(encoding="utf-8"))
    assert f'data-osm-job="{meta["apply_job_id"]}"' in body  # the same bar, the apply's job
    twice = _apply(client, admin, token)
    assert twice.status_code == 409 and "该导入正在应用中，不能再次应用或取消" in _text(twice)
    cancelled = _cancel(client, admin, token)
    assert cancelled.status_code == 409 and "正在应用中" in _text(cancelled)
    release.set()
    assert _applied(app, token).state == "done"
    assert _state(app)["roads"] == (before["roads"][0] + 1, 25)


def test_the_apply_says_its_stages_in_the_admin_language(app, client, admin, monkeypatch):
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes(), lang="en"))
    assert _finished(app, token).state == "done"
    said: list[tuple[str, float]] = []
    real = job_store.set_progress
    monkeypatch.setattr(
        job_store,
        "set_progress",
        lambda job, stage, f: (said.append((stage, f)), real(job, stage, f)),
    )
    assert client.post(f"/admin/osm/{token}/apply?lang=en",
                       data={"csrf_token": admin.csrf_token()}).status_code == 303  # fmt: skip
    found = _applied(app, token)
    assert said == [("Writing the layers", 0.02), ("Building the map's road copies", 0.7)]
    assert (found.state, found.fraction) == ("done", 1.0)
    assert set(found.result["revisions"]) == {"roads", "rivers", "rail"}


def test_the_write_moves_the_bar_chunk_by_chunk_and_never_fails_the_job(
    app, client, admin, monkeypatch
):
    """The write is ~2/3 of a big apply: the bar moves across its share as each chunk of
    features is written, and a status request meanwhile sees it: on PostgreSQL from the job's
    row (said on a connection of its own), on SQLite, whose one write lock the write's own
    transaction holds, from the job's note in the cache folder."""
    monkeypatch.setattr(layer_store, "CHUNK", 4)  # 25 roads, 3 rivers, 2 rail: 7 + 1 + 1 chunks
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert _finished(app, token).state == "done"
    said: list[tuple[str, float, bool, jobs.JobStatus]] = []
    shown: list[bool] = []
    on_row, say = job_store.set_progress_aside, jobs.Progress.aside

    def aside_row(job_id, stage, fraction):
        shown.append(on_row(job_id, stage, fraction))
        return shown[-1]

    def aside(progress, stage, fraction):
        say(progress, stage, fraction)
        with app.app_context():  # what a status request sees meanwhile: its own session
            seen = jobs.status(progress.job_id, None, True)
        said.append((stage, fraction, shown[-1], seen))

    monkeypatch.setattr(job_store, "set_progress_aside", aside_row)
    monkeypatch.setattr(jobs.Progress, "aside", aside)
    assert _apply(client, admin, token).status_code == 303
    assert _applied(app, token).state == "done"
    fractions = [fraction for _, fraction, _, _ in said]
    assert len(fractions) == 9 and {stage for stage, *_ in said} == {"写入图层"}
    assert fractions[0] > 0.02 and fractions == sorted(set(fractions))  # rising
    assert fractions[-1] == pytest.approx(0.7)
    on_postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert {shown for _, _, shown, _ in said} == {on_postgres}
    assert [seen.stage for *_, seen in said] == ["写入图层"] * 9
    assert [seen.fraction for *_, seen in said] == pytest.approx(fractions)


def test_a_failing_apply_leaves_every_old_revision_live(app, client, admin, monkeypatch):
    monkeypatch.setattr(layer_store, "CHUNK", 4)  # the roads flushed in 7 chunks before the rail
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert _finished(app, token).state == "done"
    before = _state(app)
    real = layer_store.replace_layer

    def fail_on_rail(name, *args, **kwargs):
        if name == "rail":  # after the roads and rivers were written, in the same transaction
            raise RuntimeError("disk full")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(layer_store, "replace_layer", fail_on_rail)
    assert _apply(client, admin, token).status_code == 303
    assert _applied(app, token).state == "failed"
    assert _state(app) == before
    with app.app_context():
        assert import_history() == []
    said = _text(client.get(f"/admin/osm/{token}"))
    assert "应用失败，现有图层未改变：" in said and "导入报告" in said  # the report again
    monkeypatch.setattr(layer_store, "replace_layer", real)
    assert _apply(client, admin, token).status_code == 303  # a failed apply may be retried
    assert _applied(app, token).state == "done"
    assert _state(app)["rail"] == (before["rail"][0] + 1, 2)


def test_each_stage_is_said_in_words_in_the_admin_language(app, client, admin, monkeypatch):
    said: list[str] = []
    real = job_store.set_progress
    monkeypatch.setattr(
        job_store, "set_progress", lambda job, stage, f: (said.append(stage), real(job, stage, f))
    )
    _finished(app, _token(_start_upload(client, admin, FIXTURE.read_bytes())))
    assert said == ["读取", "裁剪", "分段", "建路网"]
    said.clear()
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes(), lang="en"))
    found = _finished(app, token)
    assert said == ["Reading", "Clipping", "Splitting", "Building the graph"]
    body = client.get(f"/api/jobs/{found.id}").get_json()
    assert (body["state"], body["fraction"], body["stage"]) == ("done", 1.0, "Building the graph")


@pytest.fixture
def held(monkeypatch):
    """Imports stop after their first stage until the test sets the event."""

    def wrap(real, pause):
        def slow(path, buffer_km, speeds=DEFAULT_SPEEDS, progress=None):
            def stage(name, fraction):
                progress(name, fraction)
                if name == "read":
                    pause()

            return real(path, buffer_km, speeds, stage)

        return slow

    yield from _hold(monkeypatch, osm_admin, "read_osm_file", wrap)


def test_a_running_import_shows_its_progress_bar_and_stage(app, client, admin, held):
    reading, release = held
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert reading.wait(30)
    page = client.get(f"/admin/osm/{token}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<progress" in body and "data-osm-job=" in body
    assert "进行中: 读取" in _text(page)
    assert "/apply" not in body  # nothing to apply yet
    job_id = re.search(r'data-osm-job="([0-9a-f]+)"', body).group(1)
    polled = client.get(f"/api/jobs/{job_id}").get_json()
    assert (polled["state"], polled["stage"], polled["fraction"]) == ("running", "读取", 0.05)
    listed = client.get("/admin/layers").get_data(as_text=True)
    assert f'href="/admin/osm/{token}"' in listed  # the layers page leads back to it
    assert _apply(client, admin, token).status_code == 409  # not finished: refused
    release.set()
    assert _finished(app, token).state == "done"


def test_cancel_stops_the_job_and_changes_nothing(app, client, admin, held):
    reading, release = held
    before = _state(app)
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert reading.wait(30)
    meta = json.loads((_staging(app) / token / "meta.json").read_text(encoding="utf-8"))
    cancelled = client.post(f"/admin/osm/{token}/cancel", data={"csrf_token": admin.csrf_token()})
    assert cancelled.status_code == 302
    assert "OSM 导入已取消，未做任何修改" in _text(client.get("/admin/layers"))
    release.set()
    with app.app_context():
        found = jobs.wait(meta["job_id"], 60)
    assert (found.state, found.error) == ("failed", "OSM 导入已取消，未做任何修改")
    assert _staged(app) == [] and _state(app) == before


# --------------------------------------------------------------------------- server folder
def test_server_folder_lists_only_its_own_osm_files(app, client, admin, server_dir):
    page = client.get("/admin/layers").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"', page)
    assert options == ["county.osm", "jiangle.osm.pbf"]  # no .txt, sub-folder or link out


def test_a_server_pbf_is_imported_where_it_lies(app, client, admin, server_dir):
    token = _token(_start_server(client, admin, "jiangle.osm.pbf"))
    assert _finished(app, token).state == "done"
    assert re.search(r"合计 25 ", _text(client.get(f"/admin/osm/{token}")))
    assert sorted(p.name for p in (_staging(app) / token).iterdir()) == ["layers.json", "meta.json"]
    assert _apply(client, admin, token).status_code == 303
    assert _applied(app, token).state == "done"
    with app.app_context():
        assert feature_count("roads") == 25
    assert (server_dir / "jiangle.osm.pbf").is_file()  # the server's file is left where it was


@pytest.mark.parametrize(
    "name",
    ["../secret.osm", "link_out.osm", "sub/hidden.osm", "/etc/hosts", "notes.txt", "..",
     "missing.osm", "a\x00.osm", ""],
)  # fmt: skip
def test_server_file_outside_the_folder_is_refused(app, client, admin, server_dir, name):
    before = _state(app)
    response = _start_server(client, admin, name)
    assert response.status_code == 404
    assert "不是服务器 OSM 文件夹（JIANGLE_OSM_IMPORT_DIR）中的文件" in _text(response)
    assert _staged(app) == [] and _state(app) == before


def test_a_server_folder_gone_since_the_start_lists_nothing(app, client, admin, server_dir):
    shutil.rmtree(server_dir)
    page = client.get("/admin/layers")
    assert page.status_code == 200 and "服务器文件夹中没有 .osm / .osm.pbf 文件" in _text(page)
    assert _start_server(client, admin, "county.osm").status_code == 404


def test_server_file_without_a_configured_folder_is_refused(app, client, admin):
    response = _start_server(client, admin, "county.osm")
    assert response.status_code == 404
    assert "未配置服务器上的 OSM 文件夹（JIANGLE_OSM_IMPORT_DIR）" in _text(response)
    assert "未设置服务器上的 OSM 文件夹" in _text(client.get("/admin/layers"))


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("name", "body", "buffer_km", "said"),
    [
        ("roads.geojson", b"{}", "10", "roads.geojson：OSM 文件须为 .osm 或 .osm.pbf"),
        ("empty.osm", b"", "10", "文件是空的"),
        ("county.osm", FIXTURE.read_bytes(), "ten", "缓冲距离“ten”不是数字；请填写 0–50 公里"),
        ("county.osm", FIXTURE.read_bytes(), "80", "缓冲距离须在 0-50 公里之间"),
    ],
)
def test_bad_input_is_refused_at_once_and_stages_nothing(
    app, client, admin, name, body, buffer_km, said
):
    before = _state(app)
    response = _start_upload(client, admin, body, name, buffer_km)
    assert response.status_code == 422
    assert said in _text(response)
    assert f'value="{buffer_km}"' in response.get_data(as_text=True)  # the form kept as filled in
    assert _staged(app) == [] and _state(app) == before


def test_bad_input_is_said_in_english_to_an_english_admin(app, client, admin):
    response = _start_upload(client, admin, b"{}", "roads.geojson", lang="en")
    assert response.status_code == 422
    assert "roads.geojson: an OpenStreetMap file must end in .osm or .osm.pbf" in _text(response)
    response = _start_upload(client, admin, FIXTURE.read_bytes(), buffer_km="80", lang="en")
    assert "buffer_km must be 0-50 km, got 80" in _text(response)


def test_a_queue_that_refuses_the_job_leaves_nothing_staged(app, client, admin, monkeypatch):
    def full(*args, **kwargs):
        raise ConflictError("the job queue is full")

    monkeypatch.setattr(jobs, "submit", full)
    response = _start_upload(client, admin, FIXTURE.read_bytes())
    assert response.status_code == 409 and "the job queue is full" in _text(response)
    assert _staged(app) == []


def test_no_file_chosen_is_refused(app, client, admin):
    response = client.post(
        "/admin/osm", data={"csrf_token": admin.csrf_token("/admin/layers"), "source": "upload"}
    )
    assert response.status_code == 422
    assert "请选择要上传的 OSM 文件（.osm 或 .osm.pbf）" in _text(response)


def test_a_failed_import_keeps_every_live_revision_and_says_why(app, client, admin):
    before = _state(app)
    token = _token(_start_upload(client, admin, b"<osm><way id='1'>", "broken.osm"))
    assert _finished(app, token).state == "failed"
    page = client.get(f"/admin/osm/{token}")
    said = _text(page)
    assert "导入失败，现有图层未改变：" in said
    assert "broken.osm: 无法读取 OSM 文件" in said or "没有道路" in said
    assert "/apply" not in page.get_data(as_text=True)
    assert _apply(client, admin, token).status_code == 409
    assert "导入尚未完成或已失败，不能应用" in _text(_apply(client, admin, token))
    assert _state(app) == before
    with app.app_context():
        assert import_history() == []
    closed = client.post(f"/admin/osm/{token}/cancel", data={"csrf_token": admin.csrf_token()})
    assert closed.status_code == 302 and _staged(app) == []


def test_apply_is_refused_409_when_a_layer_changed_since_the_report(app, client, admin):
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes()))
    assert _finished(app, token).state == "done"
    with app.app_context():  # someone replaces the roads meanwhile
        small = json.loads((Path(__file__).parent / "data" / "roads_small.geojson").read_text())
        replace_layer("roads", small["features"], "roads_small.geojson", "roads_small.geojson",
                      "someone")  # fmt: skip
        changed = features("roads")
    before = _state(app)
    assert _apply(client, admin, token).status_code == 303
    found = _applied(app, token)
    assert found.state == "failed"
    said = _text(client.get(f"/admin/osm/{token}"))
    assert "应用失败，现有图层未改变：" in said
    assert "报告生成后图层已被修改（道路 1 → 2），未应用；请重新导入" in said
    assert _state(app) == before
    with app.app_context():
        assert features("roads") == changed
    assert _cancel(client, admin, token).status_code == 302 and _staged(app) == []


def test_a_stale_apply_is_said_in_english_to_an_english_admin(app, client, admin):
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes(), lang="en"))
    assert _finished(app, token).state == "done"
    with app.app_context():
        replace_layer("rail", features("rail"), "rail.geojson", "rail.geojson", "someone")
    response = client.post(f"/admin/osm/{token}/apply?lang=en",
                           data={"csrf_token": admin.csrf_token()})  # fmt: skip
    assert response.status_code == 303
    assert (
        "the layers changed since the report was made (Railways 1 → 2)"
        in _applied(app, token).error
    )


def test_user_text_is_escaped(app, client, admin):
    token = _token(_start_upload(client, admin, FIXTURE.read_bytes(), "<b>x</b>.osm"))
    _finished(app, token)
    body = client.get(f"/admin/osm/{token}").get_data(as_text=True)
    assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;.osm" in body


# --------------------------------------------------------------------------- gates
PATHS = ["/admin/osm", "/admin/osm/" + "0" * 32 + "/apply", "/admin/osm/" + "0" * 32 + "/cancel"]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_writes_are_401(client, auth, path):
    assert client.post(path, data={"csrf_token": auth.csrf_token()}).status_code == 401


@pytest.mark.parametrize("role", ["viewer", "planner", "editor", "township"])
def test_other_roles_are_refused(app, client, auth, role):
    auth.login(role, role, unit="县住建局" if role == "editor" else None,
               township="350428101" if role == "township" else None)  # fmt: skip
    for path in PATHS:
        assert client.post(path, data={"csrf_token": auth.csrf_token()}).status_code == 403
    assert client.get("/admin/osm/" + "0" * 32).status_code == 403
    assert _staged(app) == []


def test_anonymous_page_goes_to_login(client):
    response = client.get("/admin/osm/" + "0" * 32)
    assert response.status_code == 302 and "/login?next=" in response.location


@pytest.mark.parametrize("path", PATHS)
def test_writes_need_csrf(app, client, admin, path):
    response = client.post(path, data={"source": "upload"})
    assert response.status_code == 400
    assert "登录已过期，请重新登录后再提交" in _text(response)
    assert _staged(app) == []


def test_unknown_import_is_404(client, admin):
    assert client.get("/admin/osm/" + "0" * 32).status_code == 404
    assert client.get("/admin/osm/not-a-token").status_code == 404
