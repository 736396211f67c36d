"""Users and roles. Passwords are stored only as salted hashes (werkzeug's scrypt)."""

from __future__ import annotations

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from geo.errors import ConflictError, NotFoundError, ValidationError
from store import db

# viewer reads; planner edits plans; editor updates the facilities of its own unit; admin all.
ROLES = ("viewer", "planner", "editor", "admin")
MIN_PASSWORD_LENGTH = 8
MAX_USERNAME = 80
MAX_UNIT = 200


class User(UserMixin, db.Model):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles


class UserFieldError(ValidationError):
    """A rule on one field of a user broken: ``field`` lets a form show it next to that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class UsernameTaken(ConflictError):
    field = "username"


def create_user(
    username: str,
    password: str,
    role: str,
    unit: str | None = None,
    confirmation: str | None = None,
) -> User:
    """Add a user; refuses unknown roles, short or unconfirmed passwords and taken names."""
    username = username.strip()
    if not username:
        raise UserFieldError("username", "username must not be empty")
    if len(username) > MAX_USERNAME:
        raise UserFieldError("username", f"username must have at most {MAX_USERNAME} characters")
    role, unit = _check_role_unit(role, unit)
    check_password(password, confirmation)
    if find_user(username) is not None:
        raise UsernameTaken(f"user '{username}' already exists")
    user = User(
        username=username, password_hash=generate_password_hash(password), role=role, unit=unit
    )
    db.session.add(user)
    db.session.commit()
    return user


def check_password(password: str, confirmation: str | None = None) -> None:
    """The one password rule (length), and the confirmation when a form asks for one."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserFieldError(
            "password", f"password must have at least {MIN_PASSWORD_LENGTH} characters"
        )
    if confirmation is not None and confirmation != password:
        raise UserFieldError("confirm", "the two passwords differ; type the same one twice")


def _check_role_unit(role: str, unit: str | None) -> tuple[str, str | None]:
    if role not in ROLES:
        raise UserFieldError("role", f"role '{role}' is not one of {', '.join(ROLES)}")
    unit = (unit or "").strip() or None
    if role == "editor" and not unit:
        raise UserFieldError(
            "unit", "an editor needs the responsible unit whose facilities it edits"
        )
    if unit is not None and len(unit) > MAX_UNIT:
        raise UserFieldError("unit", f"unit must have at most {MAX_UNIT} characters")
    return role, unit


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def authenticate(username: str, password: str) -> User | None:
    user = find_user(username.strip())
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


# ------------------------------------------------------------------------- administration


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    return user


def update_user(user_id: int, role: str, unit: str | None, acting: User) -> User:
    """Change a user's role and unit. An admin cannot demote themselves, and the last active
    admin stays an admin."""
    user = get_user(user_id)
    role, unit = _check_role_unit(role, unit)
    if user.id == acting.id and role != "admin" and user.role == "admin":
        raise UserFieldError("role", "you cannot take the admin role from yourself")
    user.role, user.unit = role, unit
    _commit_keeping_an_admin(user, "role")
    return user


def set_active(user_id: int, active: bool, acting: User) -> User:
    """Deactivate (the user can no longer log in) or reactivate; never oneself."""
    user = get_user(user_id)
    if user.id == acting.id and not active:
        raise UserFieldError("active", "you cannot deactivate yourself")
    user.active = active
    _commit_keeping_an_admin(user, "active")
    return user


def reset_password(user_id: int, password: str, confirmation: str | None = None) -> User:
    user = get_user(user_id)
    check_password(password, confirmation)
    user.password_hash = generate_password_hash(password)
    db.session.commit()
    return user


def active_admins() -> int:
    query = select(func.count()).select_from(User).where(User.role == "admin", User.active)
    return db.session.scalar(query) or 0


def _commit_keeping_an_admin(user: User, field: str) -> None:
    """Commit the change unless it leaves no active admin (counted inside the same
    transaction, after the change); then roll it back and say so."""
    db.session.flush()
    if active_admins() == 0:
        db.session.rollback()
        raise UserFieldError(
            field, f"'{user.username}' is the last active admin; make another admin first"
        )
    db.session.commit()
