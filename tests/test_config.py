"""Configuration: every JIANGLE_* key has a typed default, and a bad value stops create_app with a
message naming the variable and the accepted form, Chinese first."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import config
from app import create_app
from routes.layers_view import today


@pytest.fixture
def environ(monkeypatch):
    """A clean environment: no JIANGLE_* variable set; ``environ(NAME=value)`` sets some."""
    for name in list(os.environ):
        if name.startswith("JIANGLE_"):
            monkeypatch.delenv(name)

    def set_(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_


def _checked(instance: Path) -> dict:
    settings = config.from_environment(str(instance))
    settings["TESTING"] = True
    config.check(settings)
    return settings


def test_every_setting_is_declared_once():
    keys = [s.key for s in config.SETTINGS]
    names = [s.env for s in config.SETTINGS]
    assert len(set(keys)) == len(keys) and len(set(names)) == len(names)
    assert all(name.startswith("JIANGLE_") for name in names)
    assert {"UPLOAD_DIR", "INDICATORS_PATH", "AUTO_INIT_DB"} <= set(keys)


def test_defaults_are_typed(environ, tmp_path):
    settings = _checked(tmp_path)
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'jiangle.db'}"
    assert settings["LAYER_DIR"] == str(config.ROOT / "data" / "shapefiles")
    assert settings["UPLOAD_DIR"] == str(tmp_path / "uploads")
    assert settings["INDICATORS_PATH"] == str(config.ROOT / "data" / "indicators.csv")
    assert settings["MBTILES_PATH"] == ""
    assert settings["BASEMAP"] == "none" and settings["TIMEZONE"] == "Asia/Shanghai"
    assert settings["TODAY"] == "" and settings["CJK_FONT"] == ""
    assert settings["AUTO_INIT_DB"] is True and settings["ALLOW_ANONYMOUS_READ"] is True
    assert settings["SESSION_COOKIE_SECURE"] is False and settings["DEVELOPMENT"] is False
    assert settings["HOST"] == "127.0.0.1" and settings["PORT"] == 5000
    assert len(settings["SECRET_KEY"]) == 64  # random, since TESTING


def test_the_indicators_default_follows_the_layer_folder(environ, tmp_path):
    layers = tmp_path / "county" / "shapefiles"
    layers.mkdir(parents=True)
    environ(JIANGLE_LAYER_DIR=str(layers))
    assert _checked(tmp_path)["INDICATORS_PATH"] == str(tmp_path / "county" / "indicators.csv")


def test_environment_values_are_typed(environ, tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"")
    environ(
        JIANGLE_PORT="8080",
        JIANGLE_SECURE_COOKIES="1",
        JIANGLE_ALLOW_ANONYMOUS="0",
        JIANGLE_ENV="development",
        JIANGLE_TODAY="2014-07-15",
        JIANGLE_TIMEZONE="UTC",
        JIANGLE_CJK_FONT=f"{font}#1",
        JIANGLE_DATABASE_URL="postgresql+psycopg://inspect@localhost/jiangle",
        JIANGLE_BASEMAP="tianditu",
        JIANGLE_TIANDITU_KEY="k",
    )
    settings = _checked(tmp_path)
    assert settings["PORT"] == 8080
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["ALLOW_ANONYMOUS_READ"] is False
    assert settings["DEVELOPMENT"] is True
    assert settings["TODAY"] == "2014-07-15" and settings["TIMEZONE"] == "UTC"
    assert settings["CJK_FONT"] == f"{font}#1"
    assert settings["BASEMAP"] == "tianditu"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("JIANGLE_TODAY", "2014-13-01", "JIANGLE_TODAY：'2014-13-01' 不是有效日期（YYYY-MM-DD）"),
        ("JIANGLE_TODAY", "15/07/2014", "is not a valid date (YYYY-MM-DD)"),
        ("JIANGLE_TIMEZONE", "Asia/Beijing", "JIANGLE_TIMEZONE：'Asia/Beijing' 不是有效时区"),
        ("JIANGLE_TIMEZONE", "../etc", "is not a time zone (e.g. Asia/Shanghai)"),
        (
            "JIANGLE_BASEMAP",
            "google",
            "JIANGLE_BASEMAP：'google' 应为 none、osm、tianditu、mbtiles",
        ),
        ("JIANGLE_BASEMAP", "OSM", "must be one of none, osm, tianditu, mbtiles"),
        ("JIANGLE_PORT", "80a", "JIANGLE_PORT：'80a' 不是有效端口（1–65535）"),
        ("JIANGLE_PORT", "70000", "JIANGLE_PORT: '70000' is not a port (1-65535)"),
        ("JIANGLE_PORT", "0", "is not a port"),
        ("JIANGLE_SECURE_COOKIES", "true", "JIANGLE_SECURE_COOKIES：'true' 应为 0 或 1"),
        ("JIANGLE_ALLOW_ANONYMOUS", "yes", "JIANGLE_ALLOW_ANONYMOUS: 'yes' must be 0 or 1"),
        ("JIANGLE_AUTO_INIT_DB", "", "JIANGLE_AUTO_INIT_DB: '' must be 0 or 1"),
        ("JIANGLE_ENV", "dev", "JIANGLE_ENV: 'dev' must be production or development"),
        ("JIANGLE_DATABASE_URL", "mysql://x@y/z", "JIANGLE_DATABASE_URL：'mysql://x@y/z' 不是可用"),
        ("JIANGLE_DATABASE_URL", "jiangle.db", "is not a usable database URL (sqlite:///…"),
        ("JIANGLE_LAYER_DIR", "/nowhere/layers", "JIANGLE_LAYER_DIR：'/nowhere/layers' 不是已有"),
        (
            "JIANGLE_INDICATORS",
            "/nowhere.csv",
            "JIANGLE_INDICATORS: '/nowhere.csv' is not an existing file",
        ),
        (
            "JIANGLE_MBTILES",
            "/nowhere.mbtiles",
            "JIANGLE_MBTILES: '/nowhere.mbtiles' is not an existing",
        ),
        ("JIANGLE_CJK_FONT", "/nowhere.ttc#0", "is not an existing font file (path or path#index)"),
        ("JIANGLE_UPLOAD_DIR", "", "JIANGLE_UPLOAD_DIR: '' must be a folder path"),
    ],
)
def test_bad_value_stops_create_app(environ, tmp_path, name, value, message):
    environ(JIANGLE_DATABASE_URL=f"sqlite:///{tmp_path}/x.db", JIANGLE_AUTO_INIT_DB="0")
    environ(**{name: value})
    with pytest.raises(config.ConfigError) as caught:
        create_app({"TESTING": True})
    assert message in str(caught.value)
    assert str(caught.value).index("：") < str(caught.value).index(" / ")  # Chinese first


def test_bad_font_index_and_file_as_folder(environ, tmp_path):
    font = tmp_path / "font.ttf"
    font.write_bytes(b"")
    environ(JIANGLE_CJK_FONT=f"{font}#bold")
    with pytest.raises(config.ConfigError, match="JIANGLE_CJK_FONT"):
        _checked(tmp_path)
    environ(JIANGLE_CJK_FONT="", JIANGLE_UPLOAD_DIR=str(font))
    with pytest.raises(config.ConfigError, match="JIANGLE_UPLOAD_DIR: .* must be a folder path"):
        _checked(tmp_path)
    environ(JIANGLE_UPLOAD_DIR="", JIANGLE_LAYER_DIR=str(font))
    with pytest.raises(config.ConfigError, match="JIANGLE_LAYER_DIR: .* is not an existing folder"):
        _checked(tmp_path)


@pytest.mark.parametrize(
    ("basemap", "message"),
    [
        ("tianditu", "JIANGLE_TIANDITU_KEY：未设置，天地图底图"),
        ("mbtiles", "JIANGLE_MBTILES: not set; the mbtiles basemap"),
    ],
)
def test_basemap_needs_its_key_or_file(environ, tmp_path, basemap, message):
    environ(JIANGLE_BASEMAP=basemap)
    with pytest.raises(config.ConfigError, match=message):
        _checked(tmp_path)


def test_bad_test_override_is_refused_too(environ, tmp_path):
    with pytest.raises(config.ConfigError, match="JIANGLE_TODAY: '2014-7-15' is not a valid date"):
        create_app({"TODAY": "2014-7-15", "TESTING": True, "AUTO_INIT_DB": False})


def test_secret_key_is_required_in_production(environ, tmp_path):
    settings = config.from_environment(str(tmp_path))
    with pytest.raises(
        config.ConfigError, match="JIANGLE_SECRET_KEY：未设置.* / JIANGLE_SECRET_KEY"
    ):
        config.check(settings)
    environ(JIANGLE_SECRET_KEY="s3cret")
    settings = config.from_environment(str(tmp_path))
    config.check(settings)
    assert settings["SECRET_KEY"] == "s3cret"


def test_today_is_the_county_date_not_the_server_date(app):
    """UTC+14 and UTC-12 are 26 hours apart: never the same date, whatever the server's zone."""
    with app.app_context():
        app.config["TODAY"] = ""  # the real date
        app.config["TIMEZONE"] = "Pacific/Kiritimati"
        east = today()
        app.config["TIMEZONE"] = "Etc/GMT+12"
        west = today()
        app.config["TODAY"] = "2014-10-20"
        fixed = today()
    assert (east - west).days in (1, 2)
    assert fixed == date(2014, 10, 20)
