"""The township role: bound to one township code of the townships layer, by the command line
and the admin's user page."""

from __future__ import annotations

import pytest

from store.users import UserFieldError, authenticate, create_user, find_user


def _create(app, monkeypatch, *args: str):
    monkeypatch.setenv("PASSWORD", "a-long-township-passphrase")
    return app.test_cli_runner().invoke(args=["create-user", *args])


def test_create_user_binds_a_township_user_to_its_code(app, monkeypatch):
    result = _create(app, monkeypatch, "wanan", "--role", "township", "--township", "350428101")
    assert result.exit_code == 0, result.output
    assert "of township 350428101" in result.output
    with app.app_context():
        user = authenticate("wanan", "a-long-township-passphrase")
        assert (user.role, user.township_code) == ("township", "350428101")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--township", "350428999"], "'350428999' is not a township code"),
        (["--township", "万安镇"], "is not a township code"),
        ([], "a township user needs its township"),
    ],
)
def test_an_unknown_or_missing_township_is_refused_with_the_list(app, monkeypatch, args, message):
    result = _create(app, monkeypatch, "wanan", "--role", "township", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "350428101 万安镇" in result.output and "350428206 余坊乡" in result.output
    with app.app_context():
        assert find_user("wanan") is None


def test_only_the_township_role_has_a_township(app):
    with app.app_context(), pytest.raises(UserFieldError, match="only the township role"):
        create_user("wang", "a-long-planner-passphrase", "planner", township="350428101")
    with app.app_context():
        assert find_user("wang") is None


def _form(client, auth, path: str, **fields):
    return client.post(path, data={**fields, "csrf_token": auth.csrf_token("/admin/users")})


def test_the_admin_binds_a_user_to_a_township_on_the_user_pages(app, client, auth):
    auth.login("boss", "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert '<option value="350428101">350428101 万安镇</option>' in page
    fields = {"username": "gt", "unit": "", "password": "gaotang-passphrase"}
    refused = _form(client, auth, "/admin/users", role="township", township="", **fields,
                    confirm="gaotang-passphrase")  # fmt: skip
    assert refused.status_code == 422
    assert "a township user needs its township" in refused.get_data(as_text=True)
    created = _form(client, auth, "/admin/users", role="township", township="350428102",
                    **fields, confirm="gaotang-passphrase")  # fmt: skip
    assert created.status_code == 302
    with app.app_context():
        user = find_user("gt")
        assert user.township_code == "350428102"
        user_id = user.id
    # a planner keeps no township even when the select still holds one
    changed = _form(client, auth, f"/admin/users/{user_id}", role="planner",
                    unit="", township="350428102")  # fmt: skip
    assert changed.status_code == 302
    with app.app_context():
        assert (find_user("gt").role, find_user("gt").township_code) == ("planner", None)
