"""Configuration from JIANGLE_* environment variables, each declared once with its type and default.

``from_environment`` reads the raw values; ``check`` turns them (or a test's overrides) into typed
values and refuses to start on a bad one, naming the variable and the form it accepts, so a typo
stops ``create_app`` instead of answering 500 on some page later.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent
BASEMAPS = ("none", "osm", "tianditu", "mbtiles")
DATABASE_BACKENDS = ("sqlite", "postgresql")


class ConfigError(RuntimeError):
    """A setting the app cannot start with; the message names the variable (Chinese / English)."""

    def __init__(self, env: str, zh: str, en: str) -> None:
        super().__init__(f"{env}：{zh} / {env}: {en}")


@dataclass(frozen=True)
class Kind:
    """How one kind of setting is read: ``parse`` raises ValueError on a bad value."""

    parse: Callable[[Any], Any]
    zh: str  # what is wrong and the accepted form, e.g. "不是有效日期（YYYY-MM-DD）"
    en: str


def _text(value: Any) -> str:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value not in ("0", "1"):
        raise ValueError(value)
    return value == "1"


def _environment(value: Any) -> bool:
    """JIANGLE_ENV: True for development (allows a random secret key)."""
    if isinstance(value, bool):
        return value
    if value not in ("production", "development"):
        raise ValueError(value)
    return value == "development"


def _basemap(value: Any) -> str:
    if value not in BASEMAPS:
        raise ValueError(value)
    return value


def _iso_date(value: Any) -> str:
    """Empty (the real date) or YYYY-MM-DD; kept as text, read with date.fromisoformat."""
    if value == "":
        return value
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError(value)
    date.fromisoformat(value)
    return value


def _time_zone(value: Any) -> str:
    try:
        ZoneInfo(_text(value))
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(value) from exc
    return value


def _port(value: Any) -> int:
    if isinstance(value, str) and not value.isdigit():
        raise ValueError(value)
    port = int(value)
    if not 1 <= port <= 65535:
        raise ValueError(value)
    return port


def _count(value: Any) -> int:
    if isinstance(value, str) and not value.isdigit():
        raise ValueError(value)
    count = int(value)
    if not 0 <= count <= 64:
        raise ValueError(value)
    return count


def _seconds(value: Any) -> float:
    seconds = float(value)
    if not 0 <= seconds <= 3600:  # also refuses nan
        raise ValueError(value)
    return seconds


def _queue(value: Any) -> int:
    if isinstance(value, str) and not value.isdigit():
        raise ValueError(value)
    size = int(value)
    if not 1 <= size <= 10000:
        raise ValueError(value)
    return size


def _limit(value: Any) -> float:
    seconds = _seconds(value)
    if seconds < 1:
        raise ValueError(value)
    return seconds


def _rate(value: Any) -> str:
    """A Flask-Limiter rate such as "30 per minute" or "30/minute; 500/hour"."""
    if not parse_many(_text(value)):  # raises ValueError on a string it cannot read
        raise ValueError(value)
    return value


def _database_url(value: Any) -> str:
    try:
        url = make_url(_text(value))
    except ArgumentError as exc:
        raise ValueError(value) from exc
    if url.get_backend_name() not in DATABASE_BACKENDS:
        raise ValueError(value)
    return value


def _folder(value: Any) -> str:
    path = _text(value)
    if not Path(path).is_dir():
        raise ValueError(value)
    return path


def _folder_or_empty(value: Any) -> str:
    path = _text(value)
    if path and not Path(path).is_dir():
        raise ValueError(value)
    return path


def _new_or_folder(value: Any) -> str:
    """A folder that exists or can be made (not a file)."""
    path = _text(value)
    if path == "" or Path(path).is_file():
        raise ValueError(value)
    return path


def _file_or_empty(value: Any) -> str:
    path = _text(value)
    if path and not Path(path).is_file():
        raise ValueError(value)
    return path


def _font(value: Any) -> str:
    """Empty (search the installed fonts), "path" or "path#index" of a TrueType file."""
    text = _text(value)
    path, hash_, index = text.partition("#")
    if text and (not Path(path).is_file() or (hash_ and not index.isdigit())):
        raise ValueError(value)
    return text


TEXT = Kind(_text, "不是文本", "is not text")
FLAG = Kind(_flag, "应为 0 或 1", "must be 0 or 1")
ENVIRONMENT = Kind(
    _environment, "应为 production 或 development", "must be production or development"
)
BASEMAP = Kind(
    _basemap, f"应为 {'、'.join(BASEMAPS)} 之一", f"must be one of {', '.join(BASEMAPS)}"
)
DATE = Kind(_iso_date, "不是有效日期（YYYY-MM-DD）", "is not a valid date (YYYY-MM-DD)")
TIME_ZONE = Kind(
    _time_zone, "不是有效时区（如 Asia/Shanghai）", "is not a time zone (e.g. Asia/Shanghai)"
)
PORT = Kind(_port, "不是有效端口（1–65535）", "is not a port (1-65535)")
RATE = Kind(
    _rate,
    "不是有效的频率限制（如 30 per minute）",
    "is not a rate limit (e.g. 30 per minute)",
)
COUNT = Kind(_count, "应为 0–64 的整数", "must be a whole number 0-64")
SECONDS = Kind(_seconds, "应为 0–3600 秒", "must be 0-3600 seconds")
QUEUE = Kind(_queue, "应为 1–10000 的整数", "must be a whole number 1-10000")
LIMIT = Kind(_limit, "应为 1–3600 秒", "must be 1-3600 seconds")
DATABASE_URL = Kind(
    _database_url,
    "不是可用的数据库地址（sqlite:///… 或 postgresql+psycopg://…）",
    "is not a usable database URL (sqlite:///… or postgresql+psycopg://…)",
)
FOLDER = Kind(_folder, "不是已有的文件夹", "is not an existing folder")
FOLDER_OR_EMPTY = Kind(
    _folder_or_empty, "不是已有的文件夹（或留空）", "is not an existing folder (or empty)"
)
NEW_FOLDER = Kind(
    _new_or_folder, "应为文件夹路径（不存在时自动创建）", "must be a folder path (made if missing)"
)
FILE = Kind(_file_or_empty, "不是已有的文件", "is not an existing file")
FONT = Kind(
    _font,
    "不是已有的字体文件（路径 或 路径#序号）",
    "is not an existing font file (path or path#index)",
)


@dataclass(frozen=True)
class Setting:
    key: str  # the app.config key
    env: str  # the environment variable
    kind: Kind
    default: Callable[[str], Any]  # of the instance path


def _fixed(value: Any) -> Callable[[str], Any]:
    return lambda _instance: value


SETTINGS = (
    Setting("SECRET_KEY", "JIANGLE_SECRET_KEY", TEXT, _fixed("")),
    Setting("DEVELOPMENT", "JIANGLE_ENV", ENVIRONMENT, _fixed("production")),
    Setting(
        "SQLALCHEMY_DATABASE_URI",
        "JIANGLE_DATABASE_URL",
        DATABASE_URL,
        lambda instance: f"sqlite:///{Path(instance) / 'jiangle.db'}",
    ),
    Setting("AUTO_INIT_DB", "JIANGLE_AUTO_INIT_DB", FLAG, _fixed("1")),
    Setting("LAYER_DIR", "JIANGLE_LAYER_DIR", FOLDER, _fixed(str(ROOT / "data" / "shapefiles"))),
    # Empty: data/indicators.csv beside the layer folder.
    Setting("INDICATORS_PATH", "JIANGLE_INDICATORS", FILE, _fixed("")),
    Setting(
        "UPLOAD_DIR",
        "JIANGLE_UPLOAD_DIR",
        NEW_FOLDER,
        lambda instance: str(Path(instance) / "uploads"),
    ),
    # Files built from the layers that every server process shares (the roads by view).
    Setting(
        "CACHE_DIR", "JIANGLE_CACHE_DIR", NEW_FOLDER, lambda instance: str(Path(instance) / "cache")
    ),
    # Empty: none. The folder of OSM extracts (.osm, .osm.pbf) the admin page may import from,
    # for files too large to upload; nothing outside it is ever read.
    Setting("OSM_IMPORT_DIR", "JIANGLE_OSM_IMPORT_DIR", FOLDER_OR_EMPTY, _fixed("")),
    Setting("BASEMAP", "JIANGLE_BASEMAP", BASEMAP, _fixed("none")),
    Setting("TIANDITU_KEY", "JIANGLE_TIANDITU_KEY", TEXT, _fixed("")),
    Setting("MBTILES_PATH", "JIANGLE_MBTILES", FILE, _fixed("")),
    Setting("ALLOW_ANONYMOUS_READ", "JIANGLE_ALLOW_ANONYMOUS", FLAG, _fixed("1")),
    Setting("SESSION_COOKIE_SECURE", "JIANGLE_SECURE_COOKIES", FLAG, _fixed("0")),
    # Empty: the first installed CJK font of geo.maps.fonts.KNOWN_CJK_FONTS.
    Setting("CJK_FONT", "JIANGLE_CJK_FONT", FONT, _fixed("")),
    # The map approval number (审图号) printed on the cover of the print pack, once granted.
    Setting("MAP_APPROVAL_NUMBER", "JIANGLE_MAP_APPROVAL_NUMBER", TEXT, _fixed("")),
    # Fix "today" to review the plan as of a past date; empty = the real date.
    Setting("TODAY", "JIANGLE_TODAY", DATE, _fixed("")),
    # Times are stored in UTC and shown in this zone.
    Setting("TIMEZONE", "JIANGLE_TIMEZONE", TIME_ZONE, _fixed("Asia/Shanghai")),
    # Where ``python app.py`` listens.
    Setting("HOST", "JIANGLE_HOST", TEXT, _fixed("127.0.0.1")),
    Setting("PORT", "JIANGLE_PORT", PORT, _fixed("5000")),
    # Per-client rate limits ("N per minute[; M per hour]") and where their counters live.
    Setting("RATE_HEAVY", "JIANGLE_RATE_HEAVY", RATE, _fixed("30 per minute")),
    Setting("RATE_INTERACTIVE", "JIANGLE_RATE_INTERACTIVE", RATE, _fixed("120 per minute")),
    Setting("RATELIMIT_STORAGE", "JIANGLE_RATELIMIT_STORAGE", TEXT, _fixed("memory://")),
    # Background job worker threads per process (0: this process only queues; see run-jobs),
    # and how long an idle worker thread waits for work before it stops.
    Setting("JOB_WORKERS", "JIANGLE_JOB_WORKERS", COUNT, _fixed("1")),
    Setting("JOB_IDLE", "JIANGLE_JOB_IDLE", SECONDS, _fixed("30")),
    # How long a print request waits for a cold pack before it answers with a progress page.
    Setting("PRINT_WAIT", "JIANGLE_PRINT_WAIT", SECONDS, _fixed("8")),
    # Jobs that may wait in the queue; one more is refused with 503 and Retry-After.
    Setting("JOB_QUEUE", "JIANGLE_JOB_QUEUE", QUEUE, _fixed("32")),
    # The time limit of one heavy request (tour, proposal, print page, exports, clean-up): past
    # it the work stops at its next step and answers 503. Below gunicorn's hard timeout (60 s).
    Setting("TIME_LIMIT", "JIANGLE_TIME_LIMIT", LIMIT, _fixed("30")),
)

FIXED = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
}


def from_environment(instance_path: str) -> dict[str, Any]:
    """The raw JIANGLE_* values (or their defaults); ``check`` types and validates them."""
    raw = {s.key: os.environ.get(s.env, s.default(instance_path)) for s in SETTINGS}
    return {**raw, **FIXED}


def check(config: dict[str, Any]) -> None:
    """Type every declared setting in place; refuse an unsafe or impossible configuration."""
    for setting in SETTINGS:
        value = config[setting.key]
        try:
            config[setting.key] = setting.kind.parse(value)
        except (ValueError, TypeError):
            raise ConfigError(
                setting.env, f"{value!r} {setting.kind.zh}", f"{value!r} {setting.kind.en}"
            ) from None
    _check_basemap(config)
    _check_secret_key(config)
    if not config["INDICATORS_PATH"]:  # the default: data/indicators.csv beside the layer folder
        config["INDICATORS_PATH"] = str(Path(config["LAYER_DIR"]).parent / "indicators.csv")


def _check_basemap(config: dict[str, Any]) -> None:
    if config["BASEMAP"] == "tianditu" and not config["TIANDITU_KEY"]:
        raise ConfigError(
            "JIANGLE_TIANDITU_KEY",
            "未设置，天地图底图（JIANGLE_BASEMAP=tianditu）需要密钥",
            "not set; the tianditu basemap (JIANGLE_BASEMAP=tianditu) needs a key",
        )
    if config["BASEMAP"] == "mbtiles" and not config["MBTILES_PATH"]:
        raise ConfigError(
            "JIANGLE_MBTILES",
            "未设置，MBTiles 底图（JIANGLE_BASEMAP=mbtiles）需要一个 .mbtiles 文件",
            "not set; the mbtiles basemap (JIANGLE_BASEMAP=mbtiles) needs a .mbtiles file",
        )


def _check_secret_key(config: dict[str, Any]) -> None:
    if config["SECRET_KEY"]:
        return
    if not (config.get("TESTING") or config.get("DEBUG") or config["DEVELOPMENT"]):
        raise ConfigError(
            "JIANGLE_SECRET_KEY",
            "未设置：生产环境必须设置，例如设为 "
            "python -c 'import secrets; print(secrets.token_hex())' 的输出",
            "not set: set it outside development, e.g. to the output of "
            "python -c 'import secrets; print(secrets.token_hex())'",
        )
    config["SECRET_KEY"] = os.urandom(32).hex()
