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

from geo.errors import JiangleError
from routes.limits import limiter
from routes.safe_next import safe_next
from store.users import ROLES, User, authenticate, create_user, load_session_user, revoke_sessions

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
# Per client address; the per-account lockout with back-off is in store.users.authenticate.
LOGIN_RATE = "10 per minute"


class Unauthorised(JiangleError):
    status = 401


class Forbidden(JiangleError):
    status = 403

    def __init__(self, message: str, roles: tuple[str, ...] = ()):
        super().__init__(message)
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
        flash(
            "用户名或密码错误；多次失败后须等待片刻再试 / Wrong user name or password; "
            "after repeated failures, wait a while before trying again",
            "error",
        )
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
                raise Unauthorised("log in first")
            if not current_user.has_role(*roles):
                raise Forbidden(f"this needs the role {' or '.join(roles)}", roles)
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
            raise Unauthorised("log in first")
        return redirect(url_for("auth.login", next=request.full_path))

    @app.context_processor
    def user_context():
        return {"current_user": current_user}
