"""Headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against a live server
on localhost. Every request that leaves localhost is blocked and recorded."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from app import create_app
from tests.conftest import _dispose, _test_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.hookimpl(tryfirst=True)  # before -m selects on the marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``: ``pytest -m "not browser"`` starts no Chromium."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # The threaded live server may still hold a static file when Chromium drops the
            # connection at the end of a test; it is closed when collected, not leaked.
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(
                pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
            )


@pytest.fixture
def live_server(database):
    """The app served on a free localhost port for the length of one test."""
    app = create_app(_test_config(database))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.app = app
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    thread.join(timeout=5)
    _dispose(app)  # on PostgreSQL, an open pooled connection left to the collector warns


@pytest.fixture
def pair_plan(live_server) -> int:
    """A planner and a saved plan with two sites in every township (26 sites, a 3-day tour)."""
    with live_server.app.app_context():
        from store.layers import features
        from store.plans import create_plan, save_plan
        from store.users import create_user

        create_user("planner", "test-password", "planner")
        towns: dict[str, list[str]] = {}
        for f in features("stops"):
            towns.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
        sites = [s for code in sorted(towns) for s in towns[code][:2]]
        plan = create_plan("两条路线", "planner")
        return save_plan(plan.id, 1, {"sites": sites}, "planner").id


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh --dev (installs Debian chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def guarded_page(context):
    """A page of ``context`` whose requests outside localhost are aborted and listed in
    ``page.outside_requests``; script errors are listed in ``page.errors``."""
    page = context.new_page()
    page.outside_requests = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


@pytest.fixture
def page(browser):
    """A fresh browser context at 1280x860 with the outside world blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    yield guarded_page(context)
    context.close()
