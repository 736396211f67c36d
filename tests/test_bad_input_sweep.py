"""The bad-input sweep of issue 12, kept as a test: every write endpoint the app has (found in
its URL map, so a new one is swept too) gets the same hostile bodies, as an admin with a valid
CSRF token. No answer is a 500, and a refused request changes nothing in the database."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import func, select

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SKIPPED = {"auth.login", "auth.logout"}  # they end the sweep's own session (tested elsewhere)
# URL parts that name something real in the shipped data or in the plan the sweep makes.
NAMED = {
    "plant_id": "wwtp-guangming",
    "name": "stops",
    "token": "0" * 32,
    "key": "road-1",
    "indicator_id": "eco_townships",
    "stop_id": "stop-350428101-01",
}
BODIES = {
    "malformed": b"{",
    "array": b"[]",
    "null": b"null",
    "lone surrogate": b'{"name": "\\ud800", "note": "\\udfff x", "version": 1}',
    "huge numbers": b'{"version": 1e999, "id": 1e999, "max_days": 99999999999999999999999}',
    "deep": b"[" * 50_000 + b"]" * 50_000,
    "wrong types": (
        b'{"version": "\\u0661", "sites": "abc", "locked": {"a": 1}, "depart": 5,'
        b' "status": [], "name": null, "day": 7, "lunch": "noon", "stops": {"x": 1}}'
    ),
    "odd values": (
        b'{"version": 1, "name": "x\\u0000y\\u200b", "depart": "9999-12-31T08:00",'
        b' "day": ["25:00", "08:00"], "lunch": {"from": "13:00", "to": "11:00", "minutes": -5},'
        b' "max_days": 0, "sites": ["stop-350428101-01", "stop-350428101-01"],'
        b' "start": "place-nowhere", "status": "final", "load_rate": "200%",'
        b' "review": {"start": "2014-02-30"}, "experts": [{"name": "\\u202e"}]}'
    ),
}


def _snapshot() -> str:
    """Every table's rows, hashed (the big layer tables by count and version sum)."""
    from store import db

    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name in ("feature", "layer_revision"):
            version = table.c.get("version")
            columns = [func.count()] + ([func.sum(version)] if version is not None else [])
            digest.update(repr(db.session.execute(select(*columns)).all()).encode())
            continue
        rows = db.session.execute(select(table)).all()
        digest.update(f"{table.name}{sorted(map(repr, rows))}".encode())
    db.session.rollback()
    return digest.hexdigest()


def _write_rules(app) -> list[tuple[str, str, str]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(set(rule.methods or ()) & set(WRITE_METHODS)):
            rules.append((method, rule.rule, rule.endpoint))
    return sorted(rules, key=lambda r: r[0] == "DELETE")  # the plan stays until the end


def _url(app, rule: str, endpoint: str, plan_id: int) -> str:
    from flask import url_for

    target = next(r for r in app.url_map.iter_rules() if r.rule == rule)
    values = {arg: NAMED.get(arg, plan_id if arg == "plan_id" else 1) for arg in target.arguments}
    with app.test_request_context():
        return url_for(endpoint, **values)


def test_every_write_endpoint_survives_the_hostile_bodies(app, auth, client):
    auth.login("sweeper", "admin")
    headers = {**auth.headers(), "Content-Type": "application/json"}
    made = client.post("/api/plans", json={"name": "清扫"}, headers=auth.headers())
    plan_id = made.get_json()["id"]
    rules = _write_rules(app)
    assert len(rules) >= 30  # the sweep found the app's write endpoints
    cases, failures = 0, []
    with app.app_context():
        before = _snapshot()
        for method, rule, endpoint in rules:
            url = _url(app, rule, endpoint, plan_id)
            for label, body in BODIES.items():
                response = client.open(url, method=method, data=body, headers=headers)
                cases += 1
                after = _snapshot()
                if response.status_code >= 500:
                    failures.append(f"{method} {url} [{label}]: {response.status_code}")
                elif response.status_code >= 400 and after != before:
                    failures.append(f"{method} {url} [{label}]: refused but changed data")
                before = after
            form = {"file": (io.BytesIO(b"\x00\xff\xfe" * 10), "x\u202e.zip"), "name": "\x00"}
            response = client.open(
                url, method=method, data=form, headers=auth.headers(), content_type=None
            )
            cases += 1
            if response.status_code >= 500:
                failures.append(f"{method} {url} [form with a hostile file]: 500")
            before = _snapshot()
    assert cases >= 250
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("label", sorted(BODIES))
def test_the_anonymous_tour_api_survives_the_hostile_bodies(client, label):
    response = client.post(
        "/api/tour", data=BODIES[label], headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]
