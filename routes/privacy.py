"""Who changed what is for colleagues: anonymous readers get no user names.

One after-request hook blanks the user fields of every JSON answer to an anonymous request (so a
new endpoint cannot forget it), and the ``who`` template filter does the same on pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask_login import current_user

USER_FIELDS = frozenset({"created_by", "updated_by", "changed_by", "imported_by", "user"})
HIDDEN = "—"


def who(username: str | None) -> str:
    """A user name for logged-in readers, a dash for anonymous ones."""
    return (username or "") if current_user.is_authenticated else HIDDEN


def without_users(value: Any) -> Any:
    """``value`` (parsed JSON) with every user field set to None, at any depth."""
    if isinstance(value, dict):
        return {k: None if k in USER_FIELDS else without_users(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_users(v) for v in value]
    return value


def init_app(app: Flask) -> None:
    app.add_template_filter(who)

    @app.after_request
    def hide_user_names(response: Response) -> Response:
        if current_user.is_authenticated or not response.is_json or response.direct_passthrough:
            return response
        body = response.get_json(silent=True)
        hidden = without_users(body)
        if hidden != body:
            response.set_data(app.json.dumps(hidden))
        return response
