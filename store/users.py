"""Users and roles. Passwords are stored only as salted hashes (werkzeug's scrypt)."""

from __future__ import annotations

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from geo.errors import ConflictError, ValidationError
from store import db

# viewer reads; planner edits plans; editor updates the facilities of its own unit; admin all.
ROLES = ("viewer", "planner", "editor", "admin")
MIN_PASSWORD_LENGTH = 8


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


def create_user(username: str, password: str, role: str, unit: str | None = None) -> User:
    """Add a user; refuses unknown roles, short passwords and taken names."""
    username = username.strip()
    if not username:
        raise ValidationError("username must not be empty")
    if role not in ROLES:
        raise ValidationError(f"role '{role}' is not one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if role == "editor" and not unit:
        raise ValidationError("an editor needs the responsible unit whose facilities it edits")
    if find_user(username) is not None:
        raise ConflictError(f"user '{username}' already exists")
    user = User(
        username=username, password_hash=generate_password_hash(password), role=role, unit=unit
    )
    db.session.add(user)
    db.session.commit()
    return user


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def authenticate(username: str, password: str) -> User | None:
    user = find_user(username.strip())
    if user is None or not user.active or not user.check_password(password):
        return None
    return user
