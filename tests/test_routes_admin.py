"""The admin area through the test client: role gates, CSRF, user rules, and layer uploads
(preview, warnings, apply, cancel, errors that change nothing)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from shapely.geometry import mapping, shape

from geo.layers.catalogue import LAYERS
from store.layers import features, import_history, layer_revision
from store.users import find_user

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "shapefiles"
TOKEN_RE = re.compile(r"/admin/uploads/([0-9a-f]{32})/apply")


@pytest.fixture
def upload_dir(app, tmp_path):
    folder = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = str(folder)
    return folder


@pytest.fixture
def admin(auth, upload_dir):
    auth.login("boss", "admin")
    return auth


def _user_id(app, username: str) -> int:
    with app.app_context():
        return find_user(username).id


def _layer(app, name: str) -> tuple[list[dict], int]:
    with app.app_context():
        return features(name), layer_revision(name)


def _upload(client, auth, layer: str, name: str, body: bytes, token: str | None = None):
    return client.post(
        f"/admin/layers/{layer}",
        data={
            "csrf_token": token or auth.csrf_token("/admin/layers"),
            "file": (io.BytesIO(body), name),
        },
        content_type="multipart/form-data",
    )


def _apply(client, auth, html: str):
    token = TOKEN_RE.search(html).group(1)
    return client.post(f"/admin/uploads/{token}/apply", data={"csrf_token": auth.csrf_token()})


def _text(response) -> str:
    """The page as plain text (tags dropped, entities kept as the browser would show them)."""
    import html

    return html.unescape(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    )


# --------------------------------------------------------------------------- gates
GETS = ["/admin/", "/admin/users", "/admin/users/1", "/admin/layers"]
POSTS = [
    "/admin/users",
    "/admin/users/1",
    "/admin/users/1/active",
    "/admin/users/1/password",
    "/admin/layers/places",
    "/admin/uploads/" + "0" * 32 + "/apply",
    "/admin/uploads/" + "0" * 32 + "/cancel",
]


@pytest.mark.parametrize("path", GETS)
def test_anonymous_pages_go_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login?next=" in response.location


@pytest.mark.parametrize("path", POSTS)
def test_anonymous_writes_are_401(client, auth, path):
    response = client.post(path, data={"csrf_token": auth.csrf_token()})
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["viewer", "planner", "editor"])
@pytest.mark.parametrize("method, path", [("get", p) for p in GETS] + [("post", p) for p in POSTS])
def test_other_roles_are_403(client, auth, role, method, path):
    auth.login(role, role, unit="县住建局" if role == "editor" else None)
    data = {"csrf_token": auth.csrf_token()} if method == "post" else None
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 403


def test_admin_link_only_for_admins(client, auth):
    assert "jl-nav-admin" not in client.get("/").get_data(as_text=True)
    auth.login("planner", "planner")
    assert "jl-nav-admin" not in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": auth.csrf_token()})
    auth.login("boss", "admin")
    page = client.get("/?lang=en").get_data(as_text=True)
    assert 'class="jl-nav-admin">Admin</a>' in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users",
        "/admin/users/1",
        "/admin/users/1/active",
        "/admin/users/1/password",
        "/admin/layers/places",
    ],
)
def test_writes_need_csrf(client, admin, path):
    response = client.post(
        path, data={"username": "x", "role": "viewer", "password": "long-enough"}
    )
    assert response.status_code == 400
    assert "登录已过期，请重新登录后再提交" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- users
def _create(client, auth, **fields):
    data = {
        "username": "li",
        "role": "planner",
        "unit": "",
        "password": "li-password",
        "confirm": "li-password",
    }
    data.update(fields)
    return client.post("/admin/users", data={**data, "csrf_token": auth.csrf_token("/admin/users")})


def test_list_and_create_a_user(client, admin, app):
    response = _create(client, admin, username="zhang", role="editor", unit="县住建局")
    assert response.status_code == 302
    assert "已创建用户 zhang" in _text(client.get("/admin/users"))
    page = client.get("/admin/users?lang=en")
    row = re.search(r'<tr data-user="zhang".*?</tr>', page.get_data(as_text=True), re.S).group(0)
    assert "Facility editor" in row and "县住建局" in row and "yes" in row
    with app.app_context():
        user = find_user("zhang")
        assert user.role == "editor" and user.check_password("li-password")
    # the new user can log in
    client.post("/logout", data={"csrf_token": admin.csrf_token()})
    login = client.post(
        "/login",
        data={"username": "zhang", "password": "li-password", "csrf_token": admin.csrf_token()},
    )
    assert login.status_code == 302


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"username": "  "}, "username", "username must not be empty"),
        (
            {"role": "emperor"},
            "role",
            "role 'emperor' is not one of viewer, planner, editor, township, admin",
        ),
        ({"role": "editor", "unit": ""}, "unit", "an editor needs the responsible unit"),
        (
            {"password": "short", "confirm": "short"},
            "password",
            "password must have at least 10 characters",
        ),
        ({"confirm": "li-passwort"}, "confirm", "the two passwords differ"),
        ({"username": "boss"}, "username", "user 'boss' already exists"),
    ],
)
def test_create_errors_show_next_to_their_field(client, admin, app, fields, field, message):
    response = _create(client, admin, **fields)
    assert response.status_code == (409 if "already exists" in message else 422)
    html = response.get_data(as_text=True)
    shown = re.search(rf'data-field="{field}">([^<]*)<', html)
    assert shown and message in shown.group(1).replace("&#39;", "'")
    with app.app_context():
        from store.users import list_users

        assert [u.username for u in list_users()] == ["boss"]


def test_typed_values_are_kept_and_escaped(client, admin):
    response = _create(client, admin, username="<b>x</b>", password="short", confirm="short")
    html = response.get_data(as_text=True)
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html and "<b>x</b>" not in html


def _post_user(client, auth, app, username, suffix="", **data):
    uid = _user_id(app, username)
    return client.post(
        f"/admin/users/{uid}{suffix}", data={**data, "csrf_token": auth.csrf_token()}
    )


def test_change_role_and_unit(client, admin, app):
    _create(client, admin, username="wu", role="viewer")
    response = _post_user(client, admin, app, "wu", role="editor", unit="高唐镇人民政府")
    assert response.status_code == 302
    with app.app_context():
        assert (find_user("wu").role, find_user("wu").unit) == ("editor", "高唐镇人民政府")
    response = _post_user(client, admin, app, "wu", role="editor", unit=" ")
    assert response.status_code == 422 and 'data-field="unit"' in response.get_data(as_text=True)
    with app.app_context():
        assert find_user("wu").unit == "高唐镇人民政府"


def test_admin_cannot_demote_or_deactivate_themselves(client, admin, app):
    response = _post_user(client, admin, app, "boss", role="planner", unit="")
    assert response.status_code == 422
    assert "you cannot take the admin role from yourself" in _text(response)
    response = _post_user(client, admin, app, "boss", "/active", active="0")
    assert response.status_code == 422 and "you cannot deactivate yourself" in _text(response)
    with app.app_context():
        boss = find_user("boss")
        assert boss.role == "admin" and boss.active


def test_the_last_active_admin_stays(app):
    """The rule holds in the store too, whoever calls it (two admins, one deactivated)."""
    from geo.errors import ValidationError
    from store.users import create_user, set_active, update_user

    with app.app_context():
        one = create_user("one", "one-password", "admin")
        two = create_user("two", "two-password", "admin")
        set_active(two.id, False, acting=one)
        with pytest.raises(ValidationError, match="'one' is the last active admin"):
            update_user(one.id, "planner", None, acting=two)
        assert find_user("one").role == "admin"
        set_active(two.id, True, acting=one)
        update_user(one.id, "planner", None, acting=two)
        assert find_user("one").role == "planner"


def test_deactivate_reactivate_and_the_session_stops_working(client, admin, app):
    _create(client, admin, username="li", role="planner")
    other = app.test_client()
    token = re.search(
        r'name="csrf-token" content="([^"]+)"', other.get("/login").get_data(as_text=True)
    ).group(1)
    assert (
        other.post(
            "/login", data={"username": "li", "password": "li-password", "csrf_token": token}
        ).status_code
        == 302
    )
    assert (
        other.post("/api/plans", json={"name": "x"}, headers={"X-CSRFToken": token}).status_code
        == 201
    )

    assert _post_user(client, admin, app, "li", "/active", active="0").status_code == 302
    assert "已停用" in _text(client.get(f"/admin/users/{_user_id(app, 'li')}"))
    assert (
        other.post("/api/plans", json={"name": "y"}, headers={"X-CSRFToken": token}).status_code
        == 401
    )
    login = other.post(
        "/login", data={"username": "li", "password": "li-password", "csrf_token": token}
    )
    assert login.status_code == 401

    assert _post_user(client, admin, app, "li", "/active", active="1").status_code == 302
    with app.app_context():
        assert find_user("li").active


def test_reset_password(client, admin, app):
    _create(client, admin, username="li", role="viewer")
    bad = _post_user(
        client, admin, app, "li", "/password", password="new-password", confirm="other-password"
    )
    assert bad.status_code == 422 and 'data-field="confirm"' in bad.get_data(as_text=True)
    short = _post_user(client, admin, app, "li", "/password", password="abc", confirm="abc")
    assert short.status_code == 422 and 'data-field="password"' in short.get_data(as_text=True)
    with app.app_context():
        assert find_user("li").check_password("li-password")
    ok = _post_user(
        client, admin, app, "li", "/password", password="new-password", confirm="new-password"
    )
    assert ok.status_code == 302
    with app.app_context():
        assert find_user("li").check_password("new-password")
        assert not find_user("li").check_password("li-password")


def test_unknown_user_is_404(client, admin):
    assert client.get("/admin/users/999").status_code == 404
    response = client.post(
        "/admin/users/999", data={"role": "viewer", "csrf_token": admin.csrf_token()}
    )
    assert response.status_code == 404


# --------------------------------------------------------------------------- layers
def test_layer_catalogue(client, admin):
    page = client.get("/admin/layers?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    row = re.search(r'<tr data-layer="stops">.*?</tr>', html, re.S).group(0)
    assert 'jl-count">65<' in row and 'jl-revision">1<' in row and "stops.geojson" in row
    assert html.count('class="jl-layer-upload"') == len(LAYERS)  # one upload form each
    assert "No layer has been replaced by an upload yet" in _text(page)


def test_upload_geojson_preview_then_apply_replaces_the_layer(client, admin, app, upload_dir):
    before, revision = _layer(app, "places")
    preview = _upload(
        client,
        admin,
        "places",
        "places_upload.geojson",
        (DATA / "places_upload.geojson").read_bytes(),
    )
    assert preview.status_code == 200
    text = _text(preview)
    assert "校验通过：3 个要素" in text and "place-guesthouse" in text and "龙栖山招待所" in text
    assert '<circle class="jl-sketch-point"' in preview.get_data(as_text=True)
    assert _layer(app, "places") == (before, revision)  # the preview changes nothing
    assert len(list(upload_dir.iterdir())) == 1

    applied = _apply(client, admin, preview.get_data(as_text=True))
    assert applied.status_code == 302 and applied.location.endswith("/admin/layers")
    after, new_revision = _layer(app, "places")
    assert [f["id"] for f in after] == ["place-gov", "place-hotel", "place-guesthouse"]
    assert new_revision == revision + 1
    assert list(upload_dir.iterdir()) == []  # the staged file is gone
    api = client.get("/api/layers/places").get_json()
    assert "place-guesthouse" in [f["id"] for f in api["features"]]
    catalogue = {x["name"]: x for x in client.get("/api/layers").get_json()}
    assert (
        catalogue["places"]["feature_count"] == 3
        and catalogue["places"]["revision"] == new_revision
    )
    with app.app_context():
        [record] = import_history()
        assert (record.layer, record.imported_by, record.file_name) == (
            "places",
            "boss",
            "places_upload.geojson",
        )
        assert (record.previous_count, record.feature_count, record.revision) == (
            len(before),  # the three shipped places
            3,
            new_revision,
        )
    assert "图层 places 已替换为 3 个要素" in _text(client.get("/admin/layers"))
    assert "uploaded by boss" in _text(client.get("/admin/layers?lang=en"))
    # the plan page now offers the new place as a start
    plan = client.post("/api/plans", json={"name": "p"}, headers=admin.headers()).get_json()
    assert "Longqishan Guesthouse" in client.get(f"/plans/{plan['id']}").get_data(as_text=True)


def test_upload_of_stops_refreshes_the_map(client, admin, app):
    """The map is built from cached display copies keyed on the layer's content stamp."""
    stops = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))
    stops["features"][0]["properties"]["name_zh"] = "上传后的新名称"
    assert "上传后的新名称" not in client.get("/").get_data(as_text=True)
    preview = _upload(client, admin, "stops", "stops.geojson", json.dumps(stops).encode())
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    assert "上传后的新名称" in client.get("/").get_data(as_text=True)


def _zipped_places(tmp_path: Path, extra: dict[str, bytes] | None = None) -> bytes:
    import geopandas

    frame = geopandas.read_file(SHIPPED / "places.geojson").to_crs(32650)  # stored in UTM 50N
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "places.shp", engine="pyogrio")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, f"places/{part.name}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_upload_zipped_shapefile_in_utm_is_reprojected(client, admin, app, tmp_path):
    _before, revision = _layer(app, "places")
    preview = _upload(client, admin, "places", "places_utm.zip", _zipped_places(tmp_path))
    assert preview.status_code == 200, _text(preview)
    assert "将乐县人民政府" in _text(preview)
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    after, new_revision = _layer(app, "places")
    assert new_revision == revision + 1
    gov = next(f for f in after if f["id"] == "place-gov")
    assert gov["geometry"]["coordinates"] == pytest.approx([117.468349, 26.731961], abs=1e-6)
    assert gov["properties"]["name_zh"] == "将乐县人民政府"


def test_gbk_shapefile_without_cpg_is_read_as_chinese_and_the_preview_says_so(
    client, admin, app, tmp_path
):
    """Issue 12: "a GBK Shapefile without .cpg is stored as mojibake with no warning" (GB18030
    is GBK with the characters GBK lacks)."""
    import geopandas

    folder = tmp_path / "gbk"
    folder.mkdir()
    frame = geopandas.read_file(SHIPPED / "places.geojson")
    frame.to_file(folder / "places.shp", engine="pyogrio", encoding="GB18030")
    (folder / "places.cpg").unlink()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
    preview = _upload(client, admin, "places", "places_gbk.zip", buffer.getvalue())
    page = _text(preview)
    assert preview.status_code == 200, page
    assert "属性表编码：GB18030（自动识别）" in page and "将乐县人民政府" in page
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    gov = next(f for f in _layer(app, "places")[0] if f["id"] == "place-gov")
    assert gov["properties"]["name_zh"] == "将乐县人民政府"


def test_upload_geopackage(client, admin, app, tmp_path):
    import geopandas

    path = tmp_path / "places.gpkg"
    geopandas.read_file(DATA / "places_upload.geojson").to_file(path, engine="pyogrio")
    preview = _upload(client, admin, "places", "places.gpkg", path.read_bytes())
    assert preview.status_code == 200, _text(preview)
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    assert len(_layer(app, "places")[0]) == 3


@pytest.mark.parametrize(
    "fixture, message",
    [
        (
            "stops_missing_property.geojson",
            "stops_missing_property.geojson: feature 1 (id='stop-b'): missing required property 'theme'",
        ),
        ("stops_outside_county.geojson", "geometry lies outside the county outline"),
        ("stops_wrong_crs.geojson", "wrong CRS 'urn:ogc:def:crs:EPSG::3857'"),
        ("stops_not_json.geojson", "stops_not_json.geojson: cannot read as GeoJSON"),
        ("stops_duplicate_id.geojson", "duplicate id 'stop-a'"),
    ],
)
def test_broken_upload_shows_the_specific_error_and_changes_nothing(
    client, admin, app, upload_dir, fixture, message
):
    before = _layer(app, "stops")
    response = _upload(client, admin, "stops", fixture, (DATA / "bad" / fixture).read_bytes())
    assert response.status_code == 422
    shown = re.search(r'data-field="stops">([^<]*)<', response.get_data(as_text=True)).group(1)
    assert message in shown.replace("&#39;", "'")
    assert _layer(app, "stops") == before
    assert list(upload_dir.iterdir()) == []
    with app.app_context():
        assert import_history() == []


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("places.exe", b"MZ", "places.exe：不接受 .exe 类型的文件"),  # said in the admin's language
        ("evil.zip", None, "entry '../evil.shp' climbs out of the folder"),
        (
            "evil.kml",
            b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "y">]><kml>&x;</kml>',
            "evil.kml: refused, the XML declares",
        ),
        ("empty.geojson", b"", "文件是空的"),
    ],
)
def test_unsafe_uploads_are_refused(client, admin, app, upload_dir, tmp_path, name, body, message):
    if body is None:
        body = _zipped_places(tmp_path, {"../evil.shp": b"x"})
    before = _layer(app, "places")
    response = _upload(client, admin, "places", name, body)
    assert response.status_code == 422
    assert message in _text(response)
    assert _layer(app, "places") == before
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []


def test_upload_over_the_size_cap_is_413(client, admin, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = _upload(client, admin, "places", "big.geojson", b" " * 4096)
    assert response.status_code == 413


def test_missing_file_and_unknown_layer(client, admin):
    response = client.post("/admin/layers/places", data={"csrf_token": admin.csrf_token()})
    assert response.status_code == 422 and "请选择要上传的文件" in _text(response)
    response = _upload(client, admin, "lakes", "x.geojson", b"{}")
    assert response.status_code == 404


def test_stops_upload_that_drops_plan_sites_warns_with_plans_and_ids(client, admin, app):
    plan = client.post("/api/plans", json={"name": "方案甲"}, headers=admin.headers()).get_json()
    stops = json.loads((SHIPPED / "stops.geojson").read_text(encoding="utf-8"))
    ids = [f["properties"]["id"] for f in stops["features"]]
    sites, dropped = ids[:4], ids[1:3]
    saved = client.put(
        f"/api/plans/{plan['id']}",
        json={"version": plan["version"], "sites": sites},
        headers=admin.headers(),
    )
    assert saved.status_code == 200, saved.get_json()
    stops["features"] = [f for f in stops["features"] if f["properties"]["id"] not in dropped]
    preview = _upload(client, admin, "stops", "stops.geojson", json.dumps(stops).encode())
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    warning = re.search(r'<li class="jl-warning jl-warning-plan">(.*?)</li>', html, re.S).group(1)
    assert f"方案“方案甲”(#{plan['id']})" in warning and ", ".join(sorted(dropped)) in warning
    assert f"删除: {len(dropped)}" in _text(preview)


def test_plants_upload_that_drops_plants_warns_about_history_and_stops(client, admin, app):
    edit = {
        "version": 1,
        "status": "operating",
        "load_rate": 20,
        "note": "通水",
        "date": "2014-07-10",
    }
    assert (
        client.patch("/api/facilities/wwtp-wanquan", json=edit, headers=admin.headers()).status_code
        == 200
    )
    plants = json.loads((SHIPPED / "sewage_plants.geojson").read_text(encoding="utf-8"))
    plants["features"] = [f for f in plants["features"] if f["properties"]["id"] != "wwtp-wanquan"]
    preview = _upload(client, admin, "sewage_plants", "plants.geojson", json.dumps(plants).encode())
    html = preview.get_data(as_text=True)
    history = re.search(r'jl-warning-history">(.*?)</li>', html, re.S).group(1)
    assert "wwtp-wanquan" in history
    referrer = re.search(r'jl-warning-referrer">(.*?)</li>', html, re.S).group(1)
    assert "stops" in referrer and "plant_id" in referrer and "wwtp-wanquan" in referrer


def test_cancel_deletes_the_staged_file(client, admin, app, upload_dir):
    before = _layer(app, "places")
    preview = _upload(
        client, admin, "places", "p.geojson", (DATA / "places_upload.geojson").read_bytes()
    )
    token = TOKEN_RE.search(preview.get_data(as_text=True)).group(1)
    assert (upload_dir / token).is_dir()
    response = client.post(
        f"/admin/uploads/{token}/cancel", data={"csrf_token": admin.csrf_token()}
    )
    assert response.status_code == 302 and not (upload_dir / token).exists()
    assert _layer(app, "places") == before
    again = client.post(f"/admin/uploads/{token}/apply", data={"csrf_token": admin.csrf_token()})
    assert again.status_code == 404


def test_apply_after_the_layer_changed_is_409_and_changes_nothing(client, admin, app):
    body = (DATA / "places_upload.geojson").read_bytes()
    first = _upload(client, admin, "places", "a.geojson", body)
    second = _upload(client, admin, "places", "b.geojson", body)
    assert _apply(client, admin, second.get_data(as_text=True)).status_code == 302
    after = _layer(app, "places")
    stale = _apply(client, admin, first.get_data(as_text=True))
    assert stale.status_code == 409 and "changed since the preview" in _text(stale)
    assert _layer(app, "places") == after


# --------------------------------------------------------------------------- KML uploads
@pytest.mark.parametrize(
    "fixture", ["places_upload_gdal.kml", "places_upload_libkml.kml", "places_upload_mymaps.kml"]
)
def test_upload_kml_preview_then_apply(client, admin, app, fixture):
    _before, revision = _layer(app, "places")
    preview = _upload(client, admin, "places", fixture, (DATA / fixture).read_bytes())
    assert preview.status_code == 200, _text(preview)
    text = _text(preview)
    assert f"{fixture} 校验通过：3 个要素" in text and "龙栖山招待所" in text
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    after, new_revision = _layer(app, "places")
    assert new_revision == revision + 1
    assert [f["id"] for f in after] == ["place-gov", "place-hotel", "place-guesthouse"]
    guesthouse = after[2]
    assert guesthouse["properties"]["name_zh"] == "龙栖山招待所"
    assert guesthouse["geometry"]["coordinates"] == [117.4712, 26.7291]  # no altitude


def test_kml_with_names_only_is_refused_naming_the_missing_properties(
    client, admin, app, upload_dir
):
    before = _layer(app, "places")
    body = (DATA / "bad" / "places_names_only.kml").read_bytes()
    response = _upload(client, admin, "places", "我的地点.kml", body)
    assert response.status_code == 422
    assert (
        "我的地点.kml: feature 0: the KML placemark lacks the properties id, name_en, kind, "
        "source, accuracy of layer 'places'" in _text(response)
    )
    assert "or upload GeoJSON, a zipped Shapefile or a GeoPackage" in _text(response)
    assert _layer(app, "places") == before
    assert list(upload_dir.iterdir()) == []


# --------------------------------------------------------------------------- county outline
def test_county_that_leaves_features_outside_is_shown_and_cannot_be_applied(
    client, admin, app, upload_dir
):
    before = _layer(app, "county")
    body = (DATA / "county_cut_south.kml").read_bytes()
    preview = _upload(client, admin, "county", "county_cut_south.kml", body)
    assert preview.status_code == 200, _text(preview)
    html = preview.get_data(as_text=True)
    blocked = dict(re.findall(r'jl-warning-outside" data-layer="(\w+)">(.*?)</li>', html, re.S))
    assert set(blocked) == {"townships", "stops", "roads"}
    with app.app_context():
        south = [
            f["id"]
            for f in features("stops")
            if f["geometry"]["coordinates"][1] < 26.46  # more than 1 km south of the new edge
        ]
    assert south and ", ".join(south) in blocked["stops"]
    assert "350428" in blocked["townships"]
    assert "无法应用" in _text(preview) and "/apply" not in html  # no apply button
    assert "图层 stops：" in blocked["stops"] and "超出县界 1000 米以上" in blocked["stops"]

    token = re.search(r"/admin/uploads/([0-9a-f]{32})/cancel", html).group(1)
    refused = client.post(f"/admin/uploads/{token}/apply", data={"csrf_token": admin.csrf_token()})
    assert refused.status_code == 422
    message = _text(refused)
    assert (
        "county_cut_south.kml: not applied; these features would lie outside the new county "
        in message
    )
    assert f"stops: {', '.join(south[:10])}" in message and "townships: 350428" in message
    assert "First upload townships, stops, roads with those features moved inside" in message
    assert _layer(app, "county") == before
    assert not (upload_dir / token).exists()
    with app.app_context():
        assert import_history() == []


def test_county_blockers_in_english(client, admin):
    body = (DATA / "county_cut_south.kml").read_bytes()
    client.get("/admin/layers?lang=en")  # remembered in a cookie
    text = _text(_upload(client, admin, "county", "county_cut_south.kml", body))
    assert "Cannot apply: features of other layers would lie outside the new county outline" in text
    assert re.search(r"Layer stops, \d+ feature\(s\) outside by more than 1000 m", text)
    assert "Upload those layers first" in text


def test_county_that_keeps_every_layer_inside_applies(client, admin, app):
    _before, revision = _layer(app, "county")
    body = (DATA / "county_box.kml").read_bytes()
    preview = _upload(client, admin, "county", "county_box.kml", body)
    assert preview.status_code == 200, _text(preview)
    assert "jl-warning-outside" not in preview.get_data(as_text=True)
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    after, new_revision = _layer(app, "county")
    assert new_revision == revision + 1 and after[0]["properties"]["accuracy"] == "synthetic"


def test_townships_that_do_not_tile_the_county_are_named_in_the_preview(client, admin, app):
    towns = json.loads((SHIPPED / "townships.geojson").read_text(encoding="utf-8"))
    first = towns["features"][0]
    shrunk = shape(first["geometry"]).buffer(
        -0.004
    )  # about 400 m in: a ring of county in no township
    neighbours = [
        f["properties"]["name_zh"]
        for f in towns["features"][1:]
        if shape(f["geometry"]).intersects(shape(first["geometry"]))
    ]
    first["geometry"] = mapping(shrunk)
    preview = _upload(client, admin, "townships", "townships.geojson", json.dumps(towns).encode())
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    gap = re.search(r'<li class="jl-warning jl-tiling-gap">(.*?)</li>', html, re.S).group(1)
    assert re.search(r"缺口 \d+\.\d\d 平方公里", gap)
    assert neighbours and all(name in gap for name in [first["properties"]["name_zh"], *neighbours])
    assert "jl-tiling-overlap" not in html
    assert 'class="jl-inline jl-apply"' in html  # a warning: the admin may still apply


def test_townships_that_tile_the_county_show_no_tiling_warning(client, admin):
    body = (SHIPPED / "townships.geojson").read_bytes()
    html = _upload(client, admin, "townships", "townships.geojson", body).get_data(as_text=True)
    assert "jl-tiling" not in html
