"""Login, roles and the create-user command."""

from __future__ import annotations

import re

import pytest

from store.users import authenticate, create_user


def _csrf(client, path="/login"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_password_is_hashed_and_checked(app):
    with app.app_context():
        user = create_user("wang", "correct horse", "planner")
        assert "correct horse" not in user.password_hash
        assert authenticate("wang", "correct horse").id == user.id
        assert authenticate("wang", "wrong password") is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("li", "short", "planner"), "at least 10 characters"),
        (("li", "long enough", "king"), "role 'king' is not one of"),
        (("li", "long enough", "editor"), "an editor needs the responsible unit"),
    ],
)
def test_create_user_rules(app, args, message):
    from geo.errors import ValidationError

    with app.app_context(), pytest.raises(ValidationError, match=message):
        create_user(*args)


def test_login_form_needs_csrf_and_right_password(app, client):
    with app.app_context():
        create_user("zhao", "s3cret-pass", "viewer")
    no_token = client.post("/login", data={"username": "zhao", "password": "s3cret-pass"})
    assert no_token.status_code == 400
    assert "登录已过期，请重新登录后再提交" in no_token.get_data(as_text=True)
    token = _csrf(client)
    bad = client.post(
        "/login", data={"username": "zhao", "password": "nope-nope", "csrf_token": token}
    )
    assert bad.status_code == 401
    good = client.post(
        "/login", data={"username": "zhao", "password": "s3cret-pass", "csrf_token": token}
    )
    assert good.status_code == 302
    assert "zhao" in client.get("/").get_data(as_text=True)


def test_login_never_redirects_off_site(app, client):
    with app.app_context():
        create_user("zhao", "s3cret-pass", "viewer")
    token = _csrf(client)
    response = client.post(
        "/login?next=//evil.example/x",
        data={"username": "zhao", "password": "s3cret-pass", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_anonymous_reading_can_be_switched_off(app, client):
    app.config["ALLOW_ANONYMOUS_READ"] = False
    assert client.get("/").status_code == 302
    assert client.get("/api/layers").status_code == 401
    assert client.get("/login").status_code == 200


def test_create_user_command_reads_password_from_environment(app, monkeypatch):
    monkeypatch.setenv("PASSWORD", "from-the-env")
    result = app.test_cli_runner().invoke(args=["create-user", "chen", "--role", "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert authenticate("chen", "from-the-env").role == "admin"
    again = app.test_cli_runner().invoke(args=["create-user", "chen", "--role", "admin"])
    assert again.exit_code != 0 and "already exists" in again.output
