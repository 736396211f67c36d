"""Issue 12, load: "users + CLI import of roads" (bench/bench_load.py). An import run beside a
live server lowers its own CPU priority (``--nice``, 10 by default), so that the web workers and
the print jobs get the cores first; ``--nice 0`` runs it at full priority. The priority is set
from the command line before the app loads, which is most of an import's CPU."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from routes import cli_priority
from tests.data.osm.make_fixtures import FIXTURE

ROOT = Path(__file__).resolve().parents[1]


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


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/srv/.venv/bin/flask", "--app", "app", "import-layer", "roads", "r.geojson"], [10]),
        (["/usr/lib/python3/flask/__main__.py", "import-osm", "x.pbf", "--nice", "3"], [3]),
        (["flask", "--app", "app", "import-layer", "roads", "r.geojson", "--nice=0"], []),
        (["flask", "run-jobs", "--nice", "4"], [4]),
        (["flask", "run-jobs"], []),  # its default is 0
        (["flask", "import-layer", "roads", "r.geojson", "--nice", "20"], []),  # click refuses it
        (["flask", "import-layer", "roads", "r.geojson", "--nice", "ten"], []),
        (["flask", "--app", "app", "run", "--port", "5000"], []),
        (["/usr/bin/pytest", "-k", "import-layer"], []),
        (["gunicorn", "-c", "gunicorn.conf.py", "app:create_app()"], []),
        ([], []),
    ],
)
def test_the_command_line_sets_the_priority_before_the_app_loads(argv, expected, niced):
    cli_priority.lower_before_loading(argv)
    assert niced == expected


def test_a_process_started_lower_is_never_raised(niced):
    niced.append(15)  # as if started with ``nice -n 15 flask import-layer ...``
    cli_priority.lower_to(10)
    assert niced == [15]


def test_app_py_lowers_a_cli_import_before_it_loads_the_app():
    probe = (
        "import os, sys\n"
        "seen = []\n"
        "os.setpriority = lambda which, who, nice: seen.append((nice, 'services.layers' in sys.modules))\n"
        "sys.argv = ['/venv/bin/flask', '--app', 'app', 'import-layer', 'roads', 'r.geojson']\n"
        "import app\n"
        "print(seen, 'services.layers' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["[(10,", "False)]", "True"]
