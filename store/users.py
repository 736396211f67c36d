"""Users and roles. Passwords are stored only as salted hashes (werkzeug's scrypt).

A login session names the user and a session generation (``LoginState``): logging out,
a password reset and deactivation raise the generation, so every copy of an older session
cookie stops working. Repeated wrong passwords lock the account for a time that doubles with
each further failure."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from confusable_homoglyphs import confusables
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from geo.errors import ConflictError, NotFoundError, ValidationError
from geo.value_checks import clean_text
from store import db
from store.layers import features

# viewer reads; planner edits plans; editor updates the facilities of its own unit; township
# edits the candidate stops of its own township; admin all.
ROLES = ("viewer", "planner", "editor", "township", "admin")
LANGUAGES = ("zh", "en")  # the interface languages (geo.i18n.LANGUAGES; store imports no i18n)
MIN_PASSWORD_LENGTH = 10
MIN_DISTINCT_CHARS = 4
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
FREE_FAILURES = 5  # wrong passwords in a row before the account locks
FIRST_LOCK = timedelta(seconds=30)  # doubled with every further failure
LONGEST_LOCK = timedelta(minutes=15)
MAX_USERNAME = 80
MAX_UNIT = 200


class User(UserMixin, db.Model):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # What the name looks like (``skeleton``): unique, so that ``Admin1`` beside ``admin1`` or a
    # Cyrillic look-alike is refused by the database itself, even by two admins at once.
    username_key: Mapped[str | None] = mapped_column(
        String(80), unique=True, index=True, nullable=True
    )
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The township (9-digit code of the townships layer) whose stops a township user edits.
    township_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    # The interface language the user last chose (zh/en); none: the browser's choice applies.
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session cookie stores: the id and the current session generation."""
        return f"{self.id}:{_login_state(self).generation}"

    def has_role(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles


class LoginState(db.Model):
    """Per user: the session generation and the run of failed logins."""

    __tablename__ = "login_state"
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


def _login_state(user: User) -> LoginState:
    state = db.session.get(LoginState, user.id)
    if state is None:
        state = LoginState(user_id=user.id, generation=0, failures=0)
        db.session.add(state)
        db.session.flush()
    return state


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


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
    township: str | None = None,
) -> User:
    """Add a user; refuses unknown roles, weak or unconfirmed passwords, names that are
    taken or look like a taken one (``Admin1`` beside ``admin1``, Cyrillic ``а`` for ``a``) and
    a township role without one of the townships layer's codes."""
    username = clean_text(username, "username", name=True).strip()
    if not username:
        raise UserFieldError("username", "username must not be empty")
    if len(username) > MAX_USERNAME:
        raise UserFieldError("username", f"username must have at most {MAX_USERNAME} characters")
    if confusables.is_dangerous(username):
        raise UserFieldError(
            "username",
            "username: 不能混用看起来相同的不同文字的字母 / must not mix look-alike letters "
            "of different scripts",
        )
    role, unit = _check_role_unit(role, unit)
    township = _check_township(role, township)
    check_password(password, confirmation, username)
    key = skeleton(username)[:MAX_USERNAME]
    taken = find_user(username) or _look_alike(key)
    if taken is not None:
        raise _taken(username, taken.username)
    user = User(
        username=username,
        username_key=key,
        password_hash=generate_password_hash(password),
        role=role,
        unit=unit,
        township_code=township,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same name (or a look-alike) was added at the same moment
        db.session.rollback()
        raise _taken(username, username) from None
    return user


def _taken(username: str, existing: str) -> UsernameTaken:
    return UsernameTaken(
        f"用户名已存在或与 '{existing}' 相似 / user '{username}' already exists "
        f"or looks like '{existing}'"
    )


def skeleton(username: str) -> str:
    """What a name looks like: NFKC, case-folded, look-alike letters read as their Latin twin."""
    folded = unicodedata.normalize("NFKC", username).casefold()
    found = confusables.is_confusable(folded, greedy=True, preferred_aliases=["latin"]) or []
    twins = {
        hit["character"]: next((h["c"] for h in hit["homoglyphs"] if h["c"].isascii()), "")
        for hit in found
    }
    return "".join(twins.get(c) or c for c in folded).casefold()


def _look_alike(key: str) -> User | None:
    """A user whose name has the skeleton ``key``; users from before the key column are read
    whole (the user table is small)."""
    found = db.session.scalar(select(User).where(User.username_key == key))
    if found is not None:
        return found
    unkeyed = select(User).where(User.username_key.is_(None))
    return next((u for u in db.session.scalars(unkeyed) if skeleton(u.username) == key), None)


def check_password(
    password: str, confirmation: str | None = None, username: str | None = None
) -> None:
    """The password rule (length, not blank, not the user name, not a common password, a few
    different characters), and the confirmation when a form asks for one."""
    password = password or ""
    folded = password.strip().casefold()
    if len(password) < MIN_PASSWORD_LENGTH:
        problem = f"password must have at least {MIN_PASSWORD_LENGTH} characters"
        raise UserFieldError("password", f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 / {problem}")
    if username and username.strip().casefold() == folded:
        raise UserFieldError(
            "password", "密码不能与用户名相同 / password must not be the user name"
        )
    if len(set(folded)) < MIN_DISTINCT_CHARS or folded in _common_passwords():
        raise UserFieldError(
            "password",
            "密码太常见或太简单 / password is too common or too simple; choose a longer phrase",
        )
    if confirmation is not None and confirmation != password:
        raise UserFieldError("confirm", "the two passwords differ; type the same one twice")


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line and line[0] != "#")


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


def _check_township(role: str, code: str | None) -> str | None:
    """A township user's township: one of the townships layer's codes (listed when it is not);
    the other roles have none."""
    code = (code or "").strip() or None
    if role != "township":
        if code is not None:
            raise UserFieldError("township", f"only the township role has a township, not {role}")
        return None
    towns = {f["properties"]["id"]: f["properties"]["name_zh"] for f in features("townships")}
    if code in towns:
        return code
    known = "、".join(f"{c} {n}" for c, n in towns.items())
    given = (
        f"'{code}' 不是乡镇代码 / '{code}' is not a township code"
        if code
        else ("乡镇账号须指定乡镇 / a township user needs its township")
    )
    raise UserFieldError("township", f"{given}; 可选 / choose one of: {known}")


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def authenticate(username: str, password: str) -> User | None:
    """The user when the password is right and the account neither inactive nor locked.

    A password hash is checked whether or not the user exists, so the time taken does not
    tell an unknown name from a known one. Failures lock the account (see module notes)."""
    user = find_user(username.strip())
    right = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None:
        return None
    state, now = _login_state(user), _now()
    if state.locked_until is not None and state.locked_until > now:
        right = False
    elif not right:
        state.failures += 1
        over = state.failures - FREE_FAILURES
        if over >= 0:
            state.locked_until = now + min(FIRST_LOCK * 2 ** min(over, 16), LONGEST_LOCK)
    else:
        state.failures, state.locked_until = 0, None
    db.session.commit()
    return user if right and user.active else None


def load_session_user(session_id: str) -> User | None:
    """The user a session cookie names, if its generation is still current and it is active."""
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and generation.isascii()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or generation != str(_login_state(user).generation):
        return None
    return user


def revoke_sessions(user: User) -> None:
    """Every session of ``user`` made so far stops working (logout, reset, deactivation)."""
    _login_state(user).generation += 1
    db.session.commit()


def set_language(user: User, language: str) -> None:
    """Remember ``language`` (one of ``LANGUAGES``) as the user's choice for every later visit."""
    if language not in LANGUAGES:
        raise UserFieldError("language", f"language '{language}' is not one of {LANGUAGES}")
    if user.language != language:
        user.language = language
        db.session.commit()


# ------------------------------------------------------------------------- administration


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    return user


def update_user(
    user_id: int, role: str, unit: str | None, acting: User, township: str | None = None
) -> User:
    """Change a user's role, unit and township. An admin cannot demote themselves, and the last
    active admin stays an admin."""
    user = get_user(user_id)
    role, unit = _check_role_unit(role, unit)
    township = _check_township(role, township)
    if user.id == acting.id and role != "admin" and user.role == "admin":
        raise UserFieldError("role", "you cannot take the admin role from yourself")
    user.role, user.unit, user.township_code = role, unit, township
    _commit_keeping_an_admin(user, "role")
    return user


def set_active(user_id: int, active: bool, acting: User) -> User:
    """Deactivate (the user can no longer log in) or reactivate; never oneself."""
    user = get_user(user_id)
    if user.id == acting.id and not active:
        raise UserFieldError("active", "you cannot deactivate yourself")
    user.active = active
    if not active:
        _login_state(user).generation += 1
    _commit_keeping_an_admin(user, "active")
    return user


def reset_password(user_id: int, password: str, confirmation: str | None = None) -> User:
    user = get_user(user_id)
    check_password(password, confirmation, user.username)
    user.password_hash = generate_password_hash(password)
    _login_state(user).generation += 1
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
