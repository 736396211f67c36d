"""The account's language (``user.language``), the login error in one language and users shown
with their role in words."""

from __future__ import annotations

from store.users import find_user
from tests.conftest import AuthActions


def _lang_of(html: str) -> str:
    return "en" if '<html lang="en">' in html else "zh"


def test_the_language_switch_is_stored_on_the_account_and_follows_the_user(app, client):
    auth = AuthActions(app, client)
    auth.login("wang", role="planner")
    assert _lang_of(client.get("/plans?lang=en").get_data(as_text=True)) == "en"
    with app.app_context():
        assert find_user("wang").language == "en"
    # Another browser (no cookie) that prefers Chinese: the account's English wins.
    other = app.test_client()
    AuthActions(app, other).login("wang", role="planner")
    page = other.get("/plans", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert _lang_of(page) == "en" and "wang · Planner" in page
    # ?lang= still wins over the account for the page asked (and becomes the account's choice).
    page = other.get("/plans?lang=zh").get_data(as_text=True)
    assert _lang_of(page) == "zh" and "wang · 规划人员" in page
    with app.app_context():
        assert find_user("wang").language == "zh"


def test_without_a_stored_choice_the_browser_then_chinese_decide(app, client):
    AuthActions(app, client).login("li", role="viewer")
    with app.app_context():
        assert find_user("li").language is None
    english = client.get("/plans", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert _lang_of(english.get_data(as_text=True)) == "en"
    assert _lang_of(client.get("/plans").get_data(as_text=True)) == "zh"


def test_the_account_page_sets_the_language(app, client):
    auth = AuthActions(app, client)
    auth.login("zhao", role="editor", unit="县住建局")
    page = client.get("/account").get_data(as_text=True)
    assert "zhao · 设施编辑" in page and "县住建局" in page and "界面语言" in page
    token = auth.csrf_token("/account")
    saved = client.post(
        "/account", data={"language": "en", "csrf_token": token}, follow_redirects=True
    )
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "Saved: the interface language is English" in html
    with app.app_context():
        assert find_user("zhao").language == "en"
    bad = client.post("/account", data={"language": "fr", "csrf_token": token})
    assert bad.status_code == 422
    assert "interface language “fr” is not offered" in bad.get_data(as_text=True)
    with app.app_context():
        assert find_user("zhao").language == "en"  # unchanged


def test_the_account_page_needs_a_login(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login?next=/account" in response.location


def test_a_wrong_password_is_said_in_one_language(app, client):
    auth = AuthActions(app, client)
    auth.login("sun", role="viewer")
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    token = auth.csrf_token()
    wrong = {"username": "sun", "password": "not-the-password", "csrf_token": token}
    chinese = client.post("/login", data=wrong).get_data(as_text=True)
    assert "用户名或密码错误" in chinese and "Wrong user name" not in chinese
    english = client.post("/login?lang=en", data=wrong).get_data(as_text=True)
    assert "Wrong user name or password" in english and "用户名或密码错误" not in english


def test_the_expert_panel_refusal_names_the_role_in_words(app, client):
    AuthActions(app, client).login("guest", role="viewer")
    response = client.get("/plans/1/print?experts=1")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "需要“规划人员”角色才能查看专家组" in html and "guest · 查看者" in html
