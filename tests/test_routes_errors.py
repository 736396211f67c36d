"""Error pages people can act on: what happened and what to do, in Chinese by default and in
English with ?lang=en, never Werkzeug's stock English page; JSON for the API."""

from __future__ import annotations

import pytest

from app import create_app
from tests.conftest import AuthActions, _test_config


def _page(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "title", "hint"),
    [("zh", "页面不存在", "地址可能有误"), ("en", "Page not found", "The address may be wrong")],
)
def test_404_page_in_the_users_language(client, lang, title, hint):
    response = client.get(f"/no/such/page?lang={lang}")
    assert response.status_code == 404
    html = _page(response)
    assert title in html and hint in html
    assert "Not Found" not in html and "requested URL was not found" not in html
    assert 'class="jl-button" href="/"' in html  # a way back


def test_api_404_stays_json(client):
    response = client.get("/api/no/such/thing")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_403_says_which_role_to_log_in_as(app, client):
    AuthActions(app, client).login("viewer", role="viewer")
    response = client.get("/facilities/import")
    assert response.status_code == 403
    html = _page(response)
    assert "没有权限" in html
    assert "需要“设施编辑”角色，请以具有该角色的账号（或管理员账号）登录" in html
    assert "this needs the role" not in html and "editor" not in html
    assert "/login?next=" in html  # log in again as someone else
    english = _page(client.get("/facilities/import?lang=en"))
    assert "This needs the “Facility editor” role: log in as a user who has it" in english
    admin_only = _page(client.get("/admin/layers?lang=zh"))
    assert "需要“管理员”角色" in admin_only


def test_403_json_names_the_roles(app, client):
    auth = AuthActions(app, client)
    auth.login("viewer", role="viewer")
    token = auth.csrf_token("/")
    response = client.patch(
        "/api/facilities/x", json={"status": "operating"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 403
    body = response.get_json()
    assert body["roles"] == ["editor"] and body["code"] == "err_needs_role"
    assert body["error"].startswith("需要“设施编辑”角色")


def test_413_says_how_large_an_upload_may_be(database):
    app = create_app({**_test_config(database), "MAX_CONTENT_LENGTH": 1024 * 1024})
    client = app.test_client()
    AuthActions(app, client).login("admin", role="admin")
    token = AuthActions(app, client).csrf_token("/admin/layers")
    body = b"x" * 2_000_000  # sent as raw bytes: the test client spools no temporary file
    response = client.post(
        f"/admin/layers/places?csrf_token={token}",
        data=body,
        content_type="multipart/form-data; boundary=jl",
    )
    assert response.status_code == 413
    html = _page(response)
    assert "文件太大" in html and "不能超过 1 MB" in html
    assert "Request Entity Too Large" not in html


def test_500_page_in_chinese(database):
    app = create_app({**_test_config(database), "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = _page(response)
    assert "服务器出错" in html and "请稍后重试" in html
    assert "a bug" not in html and "Internal Server Error" not in html
