"""Shared steps of the browser tests: make an account, log in through the real form."""

from __future__ import annotations


def create_account(app, username: str, role: str, password: str = "test-password") -> None:
    with app.app_context():
        from store.users import create_user

        create_user(username, password, role)


def log_in(page, base: str, username: str, password: str = "test-password", then: str = "/"):
    """Fill the login form and wait until the app has sent the user on to ``then``."""
    page.goto(f"{base}/login?next={then}", wait_until="networkidle")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(base + then)
