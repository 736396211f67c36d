"""Log in and out, role checks for pages and API writes, and the create-user command."""

from __future__ import annotations

import os
from functools import wraps

import click
from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask.cli import with_appcontext
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from geo.errors import Both, JiangleError
from geo.i18n import text
from routes.i18n import current_lang
from routes.limits import limiter
from routes.safe_next import safe_next
from store.users import ROLES, User, authenticate, create_user, load_session_user, revoke_sessions

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
# Per client address; the per-account lockout with back-off is in store.users.authenticate.
LOGIN_RATE = "10 per minute"


class Unauthorised(JiangleError):
    status = 401

    def __init__(self) -> None:
        super().__init__(code="err_login_first")


class Forbidden(JiangleError):
    """403 naming, in words, the roles that may do this (``code`` says what for)."""

    status = 403

    def __init__(self, roles: tuple[str, ...], code: str = "err_needs_role"):
        super().__init__(code=code, roles=Both(role_words(roles, "zh"), role_words(roles, "en")))
        self.roles = roles

    def details(self) -> dict:
        return {"roles": list(self.roles)} if self.roles else {}


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired()])
    password = PasswordField("password", validators=[DataRequired()])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_RATE, methods=["POST"], key_func=get_remote_address)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("map_page.index")))
        flash(text("login_failed", current_lang()), "error")
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 401


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        revoke_sessions(current_user)
    logout_user()
    return redirect(url_for("map_page.index"))


def require_role(*roles: str):
    """Decorator: 401 for anonymous users, 403 for users without one of ``roles`` (admin passes).

    API paths get JSON errors; pages send anonymous users to the login form."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if not request.path.startswith("/api/") and request.method == "GET":
                    return redirect(url_for("auth.login", next=request.full_path))
                raise Unauthorised()
            if not current_user.has_role(*roles):
                raise Forbidden(roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    return load_session_user(session_id)


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--unit", default=None, help="Responsible unit (needed for the editor role).")
@click.option(
    "--township", default=None, help="Township code, e.g. 350428101 (needed for the township role)."
)
def create_user_command(username: str, role: str, unit: str | None, township: str | None) -> None:
    """Create a user; the password comes from $PASSWORD when set, else from a prompt."""
    password = os.environ.get("PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        create_user(username, password, role, unit, township=township)
    except JiangleError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {role} '{username}'" + (f" of township {township}" if township else ""))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.cli.add_command(create_user_command)

    @app.before_request
    def anonymous_read_gate():
        """When anonymous reading is off, every page but login and static files needs a login."""
        if current_app.config["ALLOW_ANONYMOUS_READ"] or current_user.is_authenticated:
            return None
        if request.endpoint in ("auth.login", "static"):
            return None
        if request.path.startswith("/api/"):
            raise Unauthorised()
        return redirect(url_for("auth.login", next=request.full_path))

    @app.context_processor
    def user_context():
        return {"current_user": current_user, "user_label": user_label}


def role_words(roles: tuple[str, ...], lang: str) -> str:
    """The roles as people call them, quoted: "“设施编辑”" / "“Planner” or “Admin”"."""
    said = [f"“{text('role_' + role, lang)}”" for role in roles]
    return text("role_joiner", lang).join(said)


def user_label(user: User, lang: str) -> str:
    """A user as the pages show one: "王 · 规划人员" / "wang · Planner"."""
    return text("user_label", lang, user=user.username, role=text(f"role_{user.role}", lang))
