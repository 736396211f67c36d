"""Issue 12, load: "users + CLI import of roads" (bench/bench_load.py). An import run beside a
live server lowers its own CPU priority (``--nice``, 10 by default), so that the web workers and
the print jobs get the cores first; ``--nice 0`` runs it at full priority."""

from __future__ import annotations

from pathlib import Path

from tests.data.osm.make_fixtures import FIXTURE


def _roads(app) -> str:
    return str(Path(app.config["LAYER_DIR"]) / "roads.geojson")


def test_a_cli_layer_import_yields_the_cores_to_a_live_server(app, niced):
    result = app.test_cli_runner().invoke(args=["import-layer", "roads", _roads(app)])
    assert result.exit_code == 0, result.output
    assert niced == [10]


def test_a_cli_layer_import_at_nice_0_keeps_its_priority(app, niced):
    result = app.test_cli_runner().invoke(
        args=["import-layer", "roads", _roads(app), "--nice", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "features imported" in result.output and niced == []


def test_a_cli_osm_import_yields_the_cores_to_a_live_server(app, niced):
    result = app.test_cli_runner().invoke(args=["import-osm", str(FIXTURE), "--nice", "7"])
    assert result.exit_code == 0, result.output
    assert niced == [7]
    result = app.test_cli_runner().invoke(args=["import-osm", str(FIXTURE)])
    assert niced == [7, 10]


def test_a_priority_outside_0_to_19_is_refused_before_anything_runs(app, niced):
    result = app.test_cli_runner().invoke(
        args=["import-layer", "roads", _roads(app), "--nice", "20"]
    )
    assert result.exit_code == 2 and "--nice" in result.output and niced == []
