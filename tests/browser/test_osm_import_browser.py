"""The OpenStreetMap import in a real browser: an admin uploads an extract on /admin/layers,
watches the job's progress bar and stage, reads the report, applies it and watches the apply
job's bar, sees the new revisions, and a plan near the imported roads still gets its tour."""

from __future__ import annotations

import shutil
import threading

from playwright.sync_api import expect

from services import osm_admin, osm_apply
from services.osm_import import DEFAULT_SPEEDS
from tests.browser.helpers import create_account, log_in
from tests.data.osm import make_fixtures

# Sites within reach of the fixture's roads around the county seat (two townships).
NEAR_SEAT = ["stop-350428100-01", "stop-350428100-02", "stop-350428105-01", "stop-350428105-02"]


def _hold_after_reading(monkeypatch) -> threading.Event:
    """Imports wait in their first stage until the returned event is set (the live server runs
    in this process), so the page can be seen while the job runs."""
    release = threading.Event()
    real = osm_admin.read_osm_file

    def held(path, buffer_km, speeds=DEFAULT_SPEEDS, progress=None):
        def stage(name, fraction):
            progress(name, fraction)
            if name == "read":
                release.wait(60)

        return real(path, buffer_km, speeds, stage)

    monkeypatch.setattr(osm_admin, "read_osm_file", held)
    return release


def _hold_before_writing(monkeypatch) -> threading.Event:
    """Applies wait before their write until the returned event is set."""
    release = threading.Event()
    real = osm_apply.store_osm_layers

    def held(layers, expected, source, file_name, user, progress, writing):
        progress("write", 0.02)
        release.wait(60)
        return real(layers, expected, source, file_name, user, progress, writing)

    monkeypatch.setattr(osm_apply, "store_osm_layers", held)
    return release


def test_admin_imports_osm_sees_progress_and_report_applies_and_a_tour_computes(
    live_server, page, tmp_path, monkeypatch
):
    app = live_server.app
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    app.config["OSM_IMPORT_DIR"] = str(tmp_path)
    shutil.copy(make_fixtures.FIXTURE, tmp_path / "county.osm")
    release = _hold_after_reading(monkeypatch)
    writing = _hold_before_writing(monkeypatch)
    create_account(app, "chief", "admin")
    with app.app_context():
        from services.plans import create_plan

        plan_id = create_plan("县城周边", {"sites": NEAR_SEAT}, "chief").id
    log_in(page, live_server.url, "chief", then="/admin/layers")

    form = page.locator("form.jl-osm-form")
    server, upload = (form.locator(f"input[name=source][value={v}]") for v in ("server", "upload"))
    form.locator("select[name=server_file]").select_option("county.osm")  # ticks its source
    expect(server).to_be_checked()
    form.locator("input[type=file]").set_input_files(str(make_fixtures.FIXTURE))
    expect(upload).to_be_checked()  # and choosing a file ticks the upload
    form.locator("button[type=submit]").click()
    progress = page.locator(".jl-osm-progress")
    expect(progress.locator("progress")).to_be_visible()
    expect(progress.locator(".jl-job-stage")).to_have_text("进行中: 读取")
    assert page.locator("form.jl-apply").count() == 0  # nothing to apply while it runs
    release.set()

    report = page.locator(".jl-osm-report")  # the page reloads itself when the job is done
    expect(report).to_be_visible(timeout=60_000)
    roads = report.locator("section[data-layer=roads]")
    expect(roads.locator(".jl-osm-count")).to_have_text("25")
    expect(roads.locator("tr[data-class=expressway] td").first).to_have_text("高速公路")
    expect(report.locator(".jl-osm-dropped li[data-reason=construction]")).to_contain_text(": 1")
    expect(report.locator(".jl-osm-islands")).to_contain_text("孤岛村道")
    expect(report.locator("section[data-layer=rivers] .jl-osm-count")).to_have_text("3")
    expect(report.locator("section[data-layer=rail] .jl-osm-count")).to_have_text("2")

    page.click("form.jl-apply button[type=submit]")
    progress = page.locator(".jl-osm-progress")  # the same bar, now the apply's job
    expect(progress).to_contain_text("正在后台应用 jiangle_fixture.osm")
    expect(progress.locator(".jl-job-stage")).to_have_text("进行中: 写入图层")
    assert (
        page.locator("form.jl-apply").count() == 0 and page.locator("form.jl-cancel").count() == 0
    )
    writing.set()

    applied = page.locator(".jl-osm-applied")  # the page reloads itself when the apply is done
    expect(applied).to_be_visible(timeout=60_000)
    expect(applied).to_contain_text("已应用 jiangle_fixture.osm，新版本：")
    expect(applied.locator("li[data-layer=roads]")).to_contain_text("道路: 第 2 版（25 条）")
    applied.locator("a[href='/admin/layers']").click()
    expect(page.locator("tr[data-layer=roads] .jl-count")).to_have_text("25")
    expect(page.locator("tr[data-layer=rail] .jl-count")).to_have_text("2")

    page.goto(f"{live_server.url}/plans/{plan_id}", wait_until="networkidle")
    expect(page.locator("path.jl-tour-leg").first).to_be_attached(timeout=60_000)
    expect(page.locator(".jl-num")).to_have_count(len(NEAR_SEAT))
    expect(page.locator("#tour-totals")).to_contain_text("公里")
    assert page.outside_requests == [] and page.errors == []
