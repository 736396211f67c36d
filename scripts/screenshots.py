"""Take the documentation screenshots (docs/phone-map.png, docs/phone-plan.png and desktop ones)
with headless Chromium against a throw-away database: a planner, a plan with two sites per
township, the county map with that plan's tour (/?plan=<id>) and the plan page at 390x844
and 1440x900.

Run: .venv/bin/python scripts/screenshots.py [out_dir]   (default: docs/)
"""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402

VIEWPORTS = {"phone": (390, 844), "desktop": (1440, 900)}


def _seed(app) -> int:
    with app.app_context():
        from store.layers import features
        from store.plans import create_plan, save_plan
        from store.users import create_user

        create_user("planner", "screenshot-password", "planner")
        plan = create_plan("国家生态县考核验收 2014", "planner")
        towns: dict[str, list[str]] = {}
        for f in features("stops"):
            towns.setdefault(f["properties"]["township_code"], []).append(f["properties"]["id"])
        sites = [sid for ids in towns.values() for sid in ids[:2]]
        save_plan(plan.id, plan.version, {"sites": sites}, "planner")
        return plan.id


def main(out: Path) -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "screenshots",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/shots.db",
                "LAYER_DIR": str(ROOT / "data" / "shapefiles"),
                "TODAY": "2014-07-15",
            }
        )
        plan_id = _seed(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for kind, (w, h) in VIEWPORTS.items():
                ctx = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN")
                page = ctx.new_page()
                page.goto(f"{base}/login?next=/", wait_until="networkidle")
                page.fill("input[name=username]", "planner")
                page.fill("input[name=password]", "screenshot-password")
                page.click("form button[type=submit]")
                page.wait_for_url(base + "/")
                page.goto(f"{base}/?plan={plan_id}", wait_until="networkidle")  # with its tour
                page.wait_for_selector(".jl-num", timeout=30000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{kind}-map.png"))
                page.goto(f"{base}/plans/{plan_id}", wait_until="networkidle")
                page.wait_for_selector(".jl-num", timeout=30000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{kind}-plan.png"))
                ctx.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
