"""/admin/layers with a field mapping: upload a file in the county's own schema, choose what its
columns and values mean, see the mapping, the CRS or datum and the counts in the preview, then
apply; a bad mapping is said on the form with nothing changed."""

from __future__ import annotations

import io
import re

import pytest

from store.layers import feature_count, features
from tests.data.mapping import make_fixtures
from tests.test_routes_admin import TOKEN_RE, _apply, _text

MAP_RE = re.compile(r"/admin/uploads/([0-9a-f]{32})/mapping")


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return make_fixtures.write_all(tmp_path_factory.mktemp("mapping"))


@pytest.fixture
def admin(app, auth, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    auth.login("boss", "admin")
    return auth


def _upload(client, auth, layer: str, path, map_fields: bool):
    data = {
        "csrf_token": auth.csrf_token("/admin/layers"),
        "file": (io.BytesIO(path.read_bytes()), path.name),
    }
    if map_fields:
        data["map_fields"] = "1"
    return client.post(f"/admin/layers/{layer}", data=data, content_type="multipart/form-data")


def _form_fields(html: str) -> dict[str, str]:
    """The selected option of every select and the value of every text input of the form."""
    out = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        out[name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', html):
        out[name] = value
    return out


def _submit(client, auth, html: str, changes: dict[str, str], action: str = "preview"):
    token = MAP_RE.search(html).group(1)
    import html as html_lib

    data = {html_lib.unescape(k): html_lib.unescape(v) for k, v in _form_fields(html).items()}
    data.update(changes, csrf_token=auth.csrf_token(), action=action)
    return client.post(f"/admin/uploads/{token}/mapping", data=data)


def test_cgcs2000_roads_are_mapped_previewed_and_applied(app, client, admin, fixtures):
    page = _upload(client, admin, "roads", fixtures["roads"], map_fields=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200, _text(page)
    text = _text(page)
    assert "EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39" in text
    fields = _form_fields(html)
    assert fields["field:class"] == "等级" and fields["field:speed_kmh"] == "设计速度"
    assert fields["value:class:国道"] == "national" and fields["value:class:人行道"] == ""
    with app.app_context():
        assert feature_count("roads") == 3202  # nothing changed yet

    # the footpath class is left unmapped: the preview is refused on the form, by row and value
    refused = _submit(client, admin, html, {})
    assert refused.status_code == 422
    assert "'class' = '人行道': must be one of" in _text(refused)

    preview = _submit(client, admin, html, {"value:class:人行道": "-"})
    assert preview.status_code == 200, _text(preview)
    shown = _text(preview)
    assert "坐标系：EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39，已转换为 WGS84" in shown
    assert "读取 7 行，导入 6 个要素，按取值对应不导入 1 个" in shown
    assert "expressway 1" in shown and "village 1" in shown
    with app.app_context():
        assert feature_count("roads") == 3202
    applied = _apply(client, admin, preview.get_data(as_text=True))
    assert applied.status_code == 302
    with app.app_context():
        roads = features("roads")
        assert len(roads) == 6 and roads[0]["properties"]["ref"] == "G1517"


def test_a_gcj02_table_of_stops_is_converted_and_said_so(app, client, admin, fixtures):
    page = _upload(client, admin, "stops", fixtures["stops"], map_fields=False)  # a table: mapped
    html = page.get_data(as_text=True)
    assert page.status_code == 200, _text(page)
    fields = _form_fields(html)
    assert fields["lon"] == "经度" and fields["lat"] == "纬度" and fields["datum"] == "wgs84"
    preview = _submit(client, admin, html, {"datum": "gcj02"})
    assert preview.status_code == 200, _text(preview)
    assert "坐标：GCJ-02（高德、腾讯地图），导入时已转换为 WGS84" in _text(preview)
    assert _apply(client, admin, preview.get_data(as_text=True)).status_code == 302
    with app.app_context():
        first = features("stops")[0]
    lon, lat = make_fixtures.STOPS[0][3:]
    assert abs(first["geometry"]["coordinates"][0] - lon) < 1e-5
    assert abs(first["geometry"]["coordinates"][1] - lat) < 1e-5


def test_refresh_lists_the_values_of_another_column(client, admin, fixtures):
    html = _upload(client, admin, "roads", fixtures["roads"], True).get_data(as_text=True)
    again = _submit(client, admin, html, {"field:class": "单向"}, action="refresh")
    assert again.status_code == 200
    fields = _form_fields(again.get_data(as_text=True))
    assert "value:class:是" in fields and "value:class:国道" not in fields


def test_a_bad_crs_is_said_on_the_form(app, client, admin, fixtures):
    html = _upload(client, admin, "roads", fixtures["roads"], True).get_data(as_text=True)
    refused = _submit(client, admin, html, {"crs": "EPSG:99999", "value:class:人行道": "-"})
    assert refused.status_code == 422
    assert "unknown coordinate system 'EPSG:99999'" in _text(refused)
    with app.app_context():
        assert feature_count("roads") == 3202


def test_a_table_for_a_line_layer_is_refused_with_nothing_kept(client, admin, fixtures, app):
    page = _upload(client, admin, "roads", fixtures["stops"], False)
    assert page.status_code == 422
    assert "a table (CSV/Excel) holds points" in _text(page)
    assert not TOKEN_RE.search(page.get_data(as_text=True))


def test_user_text_in_the_file_is_escaped(client, admin, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("<b>名称</b>,经度,纬度\n<script>x</script>,117.47,26.73\n", encoding="utf-8")
    page = _upload(client, admin, "places", path, False)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<b>名称</b>" not in html and "&lt;b&gt;名称&lt;/b&gt;" in html
