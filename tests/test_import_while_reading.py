"""Issue 12: "a read during a CLI roads import got 'database is locked' (500)". The import writes
its revision in one transaction while readers go on: every read meanwhile answers 200, on SQLite
(WAL, busy timeout) and on PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path


def test_database_is_locked_never_reaches_a_reader_during_a_cli_roads_import(app, client):
    roads = Path(app.config["LAYER_DIR"]) / "roads.geojson"
    done: dict = {}

    def run_import():
        runner = app.test_cli_runner()
        done["result"] = runner.invoke(args=["import-layer", "roads", str(roads)])

    importer = threading.Thread(target=run_import)
    importer.start()
    answers = []
    while importer.is_alive() or not answers:
        for path in ("/api/layers", "/api/layers/roads", "/api/layers/stops"):
            response = client.get(path)
            answers.append((path, response.status_code, response.get_data(as_text=True)[:200]))
    importer.join()
    assert done["result"].exit_code == 0, done["result"].output
    assert [a for a in answers if a[1] != 200] == []
    with app.app_context():
        from store.layers import layer_revision

        assert layer_revision("roads") == 2  # the import did land
