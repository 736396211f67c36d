"""Configuration from environment variables, with safe defaults for a single offline office."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BASEMAPS = ("none", "osm", "tianditu", "mbtiles")


def from_environment(instance_path: str) -> dict:
    """Read JIANGLE_* variables; the defaults give SQLite under instance/ and no tile basemap."""
    env = os.environ.get
    return {
        "SECRET_KEY": env("JIANGLE_SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": env(
            "JIANGLE_DATABASE_URL", f"sqlite:///{Path(instance_path) / 'jiangle.db'}"
        ),
        "LAYER_DIR": env("JIANGLE_LAYER_DIR", str(ROOT / "data" / "shapefiles")),
        "BASEMAP": env("JIANGLE_BASEMAP", "none"),
        "TIANDITU_KEY": env("JIANGLE_TIANDITU_KEY", ""),
        "MBTILES_PATH": env("JIANGLE_MBTILES", ""),
        "ALLOW_ANONYMOUS_READ": env("JIANGLE_ALLOW_ANONYMOUS", "1") == "1",
        "DEVELOPMENT": env("JIANGLE_ENV", "production") == "development",
        "CJK_FONT": env("JIANGLE_CJK_FONT", ""),
        # The map approval number (审图号) printed on the cover of the print pack, once granted.
        "MAP_APPROVAL_NUMBER": env("JIANGLE_MAP_APPROVAL_NUMBER", ""),
        # Fix "today" (YYYY-MM-DD) to review the plan as of a past date; empty = the real date.
        "TODAY": env("JIANGLE_TODAY", ""),
        # Times are stored in UTC and shown in this zone.
        "TIMEZONE": env("JIANGLE_TIMEZONE", "Asia/Shanghai"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env("JIANGLE_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    }


def check(config: dict) -> None:
    """Refuse to start with an unsafe or impossible configuration."""
    if config["BASEMAP"] not in BASEMAPS:
        raise RuntimeError(f"JIANGLE_BASEMAP must be one of {', '.join(BASEMAPS)}")
    if not config.get("SECRET_KEY"):
        if not (config.get("TESTING") or config.get("DEBUG") or config.get("DEVELOPMENT")):
            raise RuntimeError(
                "Set JIANGLE_SECRET_KEY, e.g. to the output of "
                "python -c 'import secrets; print(secrets.token_hex())'"
            )
        config["SECRET_KEY"] = os.urandom(32).hex()
