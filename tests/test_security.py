"""Regression tests for the hardening findings of issue 12, each named after its finding."""

from __future__ import annotations

import pytest

from store.users import create_user


def _login_with_next(app, auth, client, target: str):
    with app.app_context():
        create_user("zhao", "s3cret-pass", "viewer")
    return client.post(
        "/login",
        query_string={"next": target},
        data={"username": "zhao", "password": "s3cret-pass", "csrf_token": auth.csrf_token()},
    )


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example/phish", "/\n/evil.example", "/\\evil.example", "https://evil.example/"],
)
def test_login_next_rejects_tab_slash_open_redirect(app, auth, client, target):
    response = _login_with_next(app, auth, client, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_with_crlf_does_not_500(app, auth, client):
    response = _login_with_next(app, auth, client, "/plans\r\nSet-Cookie: x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_login_next_keeps_a_local_path(app, auth, client):
    response = _login_with_next(app, auth, client, "/plans/3?tab=map")
    assert response.headers["Location"] == "/plans/3?tab=map"


def _int_rules(app):
    from werkzeug.routing import IntegerConverter

    for rule in app.url_map.iter_rules():
        ints = [k for k, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if ints:
            yield rule, ints


@pytest.mark.parametrize("big", [2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64 + 5])
def test_int_routes_refuse_ids_over_2_63_with_404(app, auth, client, big):
    auth.login("boss", "admin")
    rules = list(_int_rules(app))
    assert len(rules) >= 10, "every <int:...> route is checked"
    for rule, ints in rules:
        values = {k: big for k in ints}
        values.update({k: "csv" for k in rule.arguments if k not in ints})
        path = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, headers=auth.headers())
            status = response.status_code
            # ids are INTEGER columns: 32 bits on PostgreSQL
            assert status == 404 if big >= 2**31 else status < 500, (method, path, status)


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_deep_json_is_a_400_on_anonymous_tour(client):
    response = client.post("/api/tour", data=_deep(50_000), content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.get_json()["error"]


def test_deep_json_is_a_400_on_plans(client, auth):
    auth.login()
    response = client.post(
        "/api/plans",
        data='{"name": ' + _deep(50_000) + "}",
        content_type="application/json",
        headers=auth.headers(),
    )
    assert response.status_code == 400
    assert "JSON 嵌套超过 32 层" in response.get_json()["error"]


def test_malformed_json_is_a_400_not_an_empty_body(client, auth):
    auth.login()
    response = client.post(
        "/api/plans", data='{"name": "x",', content_type="application/json", headers=auth.headers()
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error == "请求体不是有效的 JSON：第 1 行第 14 列有误"
    assert "must not be empty" not in error


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"name": "\\ud800"}', "无效的 Unicode 代理字符"),
        ('{"name": "x", "n": 1e999}', "超出范围"),
        ('{"name": "x", "n": NaN}', "JSON 中不允许 NaN"),
        ('{"name": "x", "n": ' + "9" * 5000 + "}", "超出范围"),
        ('{"name": "x", "max_days": 2147483648}', "超出范围"),  # past a 32-bit INTEGER
        (b'{"name": "\xff"}', "不是 UTF-8"),
    ],
)
def test_json_values_no_store_can_hold_are_a_400(client, auth, body, message):
    auth.login()
    response = client.post(
        "/api/plans", data=body, content_type="application/json", headers=auth.headers()
    )
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_json_brackets_inside_strings_do_not_count_as_depth():
    from routes.json_body import depth, parse_json

    text = '{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"]]]", "b": [[1]]}'
    assert depth(text) == 3
    assert parse_json(text)["b"] == [[1]]


def test_bulk_apply_version_1e999_is_a_400(client, auth):
    auth.login("boss", "admin")
    response = client.post(
        "/facilities/import/apply",
        data={
            "csrf_token": auth.csrf_token(),
            "file_name": "f.csv",
            "content": "",
            "versions": '{"wwtp-guangming": 1e999}',
        },
    )
    assert response.status_code == 400
    assert "预览表单已损坏，请重新上传文件" in response.get_data(as_text=True)


@pytest.mark.parametrize("version", ["١", "²", "1" * 40])
def test_facility_version_in_other_digits_is_refused(client, auth, version):
    auth.login("boss", "admin")
    plant = client.get("/api/facilities/wwtp-guangming").get_json()
    response = client.post(
        "/facilities/wwtp-guangming",
        data={"csrf_token": auth.csrf_token(), "version": version, "note": "x"},
    )
    assert response.status_code == 422
    assert "version" in response.get_data(as_text=True)
    assert client.get("/api/facilities/wwtp-guangming").get_json() == plant


@pytest.mark.parametrize("query", ["a=١&b=1", "a=1&b=" + "9" * 30])
def test_plan_compare_ids_in_other_digits_or_too_long_are_a_400(client, query):
    assert client.get(f"/api/plans/compare?{query}").status_code == 400


def _new_plan(client, auth, **fields):
    return client.post("/api/plans", json={"name": "测试", **fields}, headers=auth.headers())


@pytest.mark.parametrize("bad", ["\u200b\u200b", "a\x00b", "北\tdian", "x\u202ey", "\ufeff"])
def test_plan_name_with_control_or_zero_width_characters_is_refused(client, auth, bad):
    auth.login()
    response = _new_plan(client, auth, name=bad)
    assert response.status_code == 422
    assert response.get_json()["error"].startswith("方案名称：不能含有控制字符或不可见字符")
    assert all(p["name"] != bad for p in client.get("/api/plans").get_json())


def test_plan_name_is_stored_nfc_normalised(client, auth):
    auth.login()
    response = _new_plan(client, auth, name="Cafe\u0301 路线")
    assert response.status_code == 201
    assert response.get_json()["plan"]["name"] == "Caf\u00e9 路线"


def test_lone_surrogate_in_names_and_notes_is_refused_by_the_kernel():
    from datetime import date

    from geo.errors import ValidationError
    from geo.facilities.edits import validate_edit
    from geo.plans.fields import check_fields

    with pytest.raises(ValidationError, match="surrogate"):
        check_fields({"name": "ok\ud800"})
    with pytest.raises(ValidationError, match="surrogate"):
        validate_edit({"version": 1, "note": "\udfff"}, date(2014, 7, 15))


def test_facility_note_with_nul_is_refused_but_line_breaks_are_kept(client, auth):
    auth.login("boss", "admin")
    plant = client.get("/api/facilities/wwtp-guangming").get_json()["properties"]
    patch = {"version": plant["version"], "note": "进水\x00"}
    bad = client.patch("/api/facilities/wwtp-guangming", json=patch, headers=auth.headers())
    assert bad.status_code == 422 and "U+0000" in bad.get_json()["error"]
    patch["note"] = "第一行\n第二行"
    good = client.patch("/api/facilities/wwtp-guangming", json=patch, headers=auth.headers())
    assert good.status_code == 200
    assert good.get_json()["properties"]["progress_note"] == "第一行\n第二行"


@pytest.mark.parametrize(
    ("depart", "message"),
    [("9999-12-31T08:00", "2000-2100"), ("2014-02-30T08:00", "不是有效日期")],
)
def test_departure_out_of_range_or_impossible_is_refused(client, auth, depart, message):
    auth.login()
    plan = _new_plan(client, auth).get_json()
    url = f"/api/plans/{plan['id']}"
    response = client.put(
        url, json={"version": plan["version"], "depart": depart}, headers=auth.headers()
    )
    assert response.status_code == 422 and message in response.get_json()["error"]
    assert client.get(url).get_json()["depart"] != depart
    tour = client.post("/api/tour", json={"stops": ["x"], "depart": depart})
    assert tour.status_code == 422 and "出发时间" in tour.get_json()["error"]  # its label


# ------------------------------------------------------------------------- login


def _post_login(client, auth, username, password):
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": auth.csrf_token()},
    )


def test_login_locks_after_repeated_wrong_passwords_with_back_off(app, auth, client):
    from datetime import UTC, datetime

    from store import db
    from store.users import LoginState, find_user

    def now() -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def lock_seconds(began: datetime) -> tuple[float, float]:
        """How long the lock lasts, at least and at most (the attempts took some time)."""
        ended = now()
        with app.app_context():
            state = db.session.get(LoginState, find_user("zhao").id)
            locked_until, state.locked_until = state.locked_until, None  # let the lock run out
            db.session.commit()
        return (locked_until - ended).total_seconds(), (locked_until - began).total_seconds()

    with app.app_context():
        create_user("zhao", "s3cret-pass", "viewer")
    began = now()
    for _ in range(5):
        assert _post_login(client, auth, "zhao", "wrong-guess").status_code == 401
    assert _post_login(client, auth, "zhao", "s3cret-pass").status_code == 401  # locked
    shortest, longest = lock_seconds(began)
    assert shortest <= 30 <= longest
    began = now()
    assert _post_login(client, auth, "zhao", "wrong-guess").status_code == 401
    shortest, longest = lock_seconds(began)
    assert shortest <= 60 <= longest  # doubled
    assert _post_login(client, auth, "zhao", "s3cret-pass").status_code == 302


def test_login_is_rate_limited_per_client(app, auth, client):
    statuses = [_post_login(client, auth, "nobody", "wrong-guess").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_login_of_unknown_user_checks_a_password_hash_too(app, monkeypatch):
    import store.users as users

    calls = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    with app.app_context():
        assert users.authenticate("nobody-here", "whatever-pass") is None
    assert len(calls) == 1 and calls[0].startswith("scrypt:")


@pytest.mark.parametrize(
    "password",
    [
        "12345678",
        " " * 12,
        "zhaoyun-01",
        "ZHAOYUN-01 ",
        "1234567890",
        "Password123",
        "abababababab",
    ],
)
def test_password_rule_refuses_short_blank_username_and_common(app, password):
    from geo.errors import ValidationError

    with app.app_context(), pytest.raises(ValidationError, match="password"):
        create_user("zhaoyun-01", password, "viewer")


def _copied_session(app, client):
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def _is_logged_in(some_client) -> bool:
    return "jl-username" in some_client.get("/").get_data(as_text=True)


def test_session_cookie_copied_before_logout_stops_working(app, auth, client):
    auth.login("zhao", "planner")
    copy = _copied_session(app, client)
    assert _is_logged_in(copy)
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    assert not _is_logged_in(copy)


@pytest.mark.parametrize("change", ["reset", "deactivate"])
def test_session_stops_working_after_password_reset_or_deactivation(app, auth, client, change):
    from store.users import find_user, reset_password, set_active

    auth.login("zhao", "planner")
    copy = _copied_session(app, client)
    assert _is_logged_in(copy)
    with app.app_context():
        user = find_user("zhao")
        if change == "reset":
            reset_password(user.id, "brand-new-secret")
        else:
            boss = create_user("boss", "boss-password", "admin")
            set_active(user.id, False, boss)
    assert not _is_logged_in(copy) and not _is_logged_in(client)


@pytest.mark.parametrize(
    ("first", "second"),
    [("admin1", "Admin1"), ("ace", "асе"), ("wang", "ｗａｎｇ"), ("li", "LI")],
)
def test_usernames_case_insensitively_unique_and_confusable_checked(app, first, second):
    from store.users import UsernameTaken

    with app.app_context():
        create_user(first, "long-enough-pass", "viewer")
        with pytest.raises(UsernameTaken, match="looks like"):
            create_user(second, "long-enough-pass", "viewer")


def test_mixed_script_look_alike_username_is_refused(app):
    from geo.errors import ValidationError

    with app.app_context(), pytest.raises(ValidationError, match="look-alike"):
        create_user("\u0430dmin", "long-enough-pass", "viewer")  # Cyrillic а + Latin dmin


def test_anonymous_readers_see_no_usernames_in_plans_and_plant_history(app, auth, client):
    auth.login("zhaoyun", "admin")
    plan = _new_plan(client, auth).get_json()
    plant = client.get("/api/facilities/wwtp-guangming").get_json()["properties"]
    patch = {"version": plant["version"], "note": "进展顺利"}
    assert (
        client.patch(
            "/api/facilities/wwtp-guangming", json=patch, headers=auth.headers()
        ).status_code
        == 200
    )
    assert "zhaoyun" in client.get("/api/plans").get_data(as_text=True)  # colleagues see it
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    for path in (
        "/api/plans",
        f"/api/plans/{plan['id']}",
        f"/api/plans/{plan['id']}/history",
        "/api/facilities/wwtp-guangming",
        "/plans",
        f"/plans/{plan['id']}/history",
        "/facilities/wwtp-guangming",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "zhaoyun" not in response.get_data(as_text=True), path


def test_usernames_unique_in_the_database_even_when_two_admins_add_them_at_once(app, monkeypatch):
    """Two admins adding ``li`` and ``LI`` at the same moment both pass the look-alike query;
    the unique key column refuses the second, with the same message as the query would."""
    import store.users
    from store.users import UsernameTaken

    with app.app_context():
        create_user("li", "long-enough-pass", "viewer")
        monkeypatch.setattr(store.users, "_look_alike", lambda key: None)
        with pytest.raises(UsernameTaken, match="already exists"):
            create_user("LI", "long-enough-pass", "viewer")
        assert [u.username for u in store.users.list_users()].count("LI") == 0


def test_print_pack_shows_no_username_to_anonymous_readers(app, auth, client):
    """The pack's "last changed" line names the colleague only for logged-in readers, in the PDF
    and on the HTML print page (the PDF cache keeps the two versions apart)."""
    import io

    from pypdf import PdfReader

    auth.login("zhaoyun", "planner")
    plan = _new_plan(client, auth, sites=["stop-350428100-01"]).get_json()
    pdf_path, page_path = f"/plans/{plan['id']}/print.pdf", f"/plans/{plan['id']}/print"

    def pdf_text() -> str:
        response = client.get(pdf_path)
        assert response.status_code == 200
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)

    assert "zhaoyun" in pdf_text() and "zhaoyun" in client.get(page_path).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    assert "zhaoyun" not in pdf_text()
    page = client.get(page_path)
    assert page.status_code == 200 and "zhaoyun" not in page.get_data(as_text=True)
