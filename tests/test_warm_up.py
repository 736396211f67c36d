"""A server's caches built before its first request (routes/warm_up.py, services/warm_up.py,
gunicorn.conf.py's preloaded app): the first county page, layer and tour of a warmed process
build nothing; a database without layers is warmed as far as it goes and still starts."""

from __future__ import annotations

import pytest

from geo.roads.network import RoadGraph
from routes.warm_up import warm
from store import db
from store.layers import bump_revision
from tests.conftest import TWO_DAY_STOPS


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """What the requests built themselves: county maps, layer encodings, road graphs."""
    import routes.api
    import routes.layers_view

    made: list[str] = []
    real_map, real_encoded = routes.layers_view.build_map, routes.api._encoded
    real_graph = RoadGraph.from_features.__func__
    monkeypatch.setattr(
        routes.layers_view, "build_map", lambda *a, **k: made.append("map") or real_map(*a, **k)
    )
    monkeypatch.setattr(routes.api, "_encoded", lambda f: made.append("geojson") or real_encoded(f))
    monkeypatch.setattr(
        RoadGraph,
        "from_features",
        classmethod(lambda cls, f: made.append("graph") or real_graph(cls, f)),
    )
    return made


def _first_requests(client) -> list[int]:
    return [
        client.get("/").status_code,
        client.get("/?lang=en").status_code,
        client.get("/api/layers/roads").status_code,
        client.post("/api/tour", json={"stops": TWO_DAY_STOPS[:3]}).status_code,
    ]


def _new_content(app) -> None:
    """Contents no other test has cached: these requests' caches are this test's own."""
    with app.app_context():
        bump_revision("roads")
        bump_revision("rivers")
        db.session.commit()


def test_a_warmed_process_answers_its_first_requests_from_its_caches(app, client, built):
    _new_content(app)
    warm(app)
    warmed = len(built)
    assert {"map", "geojson", "graph"} <= set(built)
    assert _first_requests(client) == [200] * 4
    assert len(built) == warmed, f"built on request: {built[warmed:]}"


def test_without_a_warm_up_the_first_requests_build_them(app, client, built):
    _new_content(app)
    assert _first_requests(client) == [200] * 4
    assert {"map", "geojson", "graph"} <= set(built)


def test_a_database_without_layers_is_warmed_as_far_as_it_goes(tmp_path, caplog):
    from app import create_app
    from tests.conftest import _dispose, _test_config

    empty = create_app({**_test_config(tmp_path / "empty.db"), "AUTO_INIT_DB": False})
    try:
        with empty.app_context():
            db.create_all()
        warm(empty)  # no exception: the server starts, its first requests say what is missing
        assert "caches not warmed" in caplog.text
    finally:
        _dispose(empty)
