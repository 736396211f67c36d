"""The progress report through the Flask test client: the workbook opens in openpyxl with a row
per responsible unit and the county total, counts per kind and every item; the PDF has its pages
with Chinese text (read back with poppler's pdftotext). "Today" is 2014-07-15."""

from __future__ import annotations

import io
import subprocess

import openpyxl
import pytest


@pytest.fixture
def plan(app) -> dict:
    """A plan with two sites, the review on 2014-07-20, a late and a done preparation task."""
    with app.app_context():
        from geo.prep.access import TaskUser
        from services import prep_tasks, review
        from store.layers import features
        from store.plans import create_plan

        stops = {}
        for f in features("stops"):
            stops.setdefault(f["properties"]["township_code"], f["properties"])
        chosen = [stops["350428102"], stops["350428103"]]  # 高唐镇, 白莲镇
        plan = create_plan("进度测试", "planner", sites=[s["id"] for s in chosen])
        review.save_review(plan.id, {"version": 0, "start": "2014-07-20", "end": "2014-07-21"},
                           "planner")  # fmt: skip
        late = prep_tasks.create_task(
            plan.id, {"stop_id": chosen[0]["id"], "kind": "boards", "days_before": 10,
                      "unit": "县环保局", "person": "李明"}, "planner")  # fmt: skip
        done = prep_tasks.create_task(
            plan.id, {"stop_id": chosen[1]["id"], "kind": "rehearsal", "days_before": 2}, "planner"
        )
        planner = TaskUser("planner", everywhere=True)
        prep_tasks.set_status(plan.id, done.id, {"status": "done", "version": 0}, planner)
        return {"id": plan.id, "late": late.id}


def _sheet(book, index):
    return list(book.worksheets[index].iter_rows(values_only=True))


def test_the_workbook_has_every_unit_kind_and_item(client, plan):
    api = client.get(f"/api/plans/{plan['id']}/cleanup").get_json()
    cleanup_tasks = sum(len(t["tasks"]) for t in api["townships"])
    response = client.get(f"/plans/{plan['id']}/progress.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["按责任单位", "按类别", "明细"]
    units = _sheet(book, 0)
    assert "进度测试" in units[0][0] and "2014-07-15" in units[0][0]
    assert units[1] == ("责任单位", "已完成", "临近截止", "逾期", "未到期", "待定评审日期", "合计")
    by_unit = {row[0]: row[1:] for row in units[2:]}
    total = by_unit.pop("全县")
    assert {"县环保局", "县住建局", "高唐镇人民政府", "白莲镇人民政府"} <= set(by_unit)
    assert by_unit["县环保局"][2] >= 1  # the boards due 2014-07-10 are late
    assert total[-1] == sum(row[-1] for row in by_unit.values())
    kinds = {row[0]: row[1:] for row in _sheet(book, 1)[2:]}
    assert list(kinds) == ["考核指标", "污水处理厂", "迎检筹备", "沿途整治"]
    assert kinds["迎检筹备"] == (1, 0, 1, 0, 0, 2)
    assert kinds["沿途整治"][-1] == cleanup_tasks > 0
    assert kinds["沿途整治"][1] == cleanup_tasks  # all due the day before the review, 07-19
    indicators = len(client.get("/api/indicators").get_json())
    assert kinds["考核指标"][-1] == indicators
    details = _sheet(book, 2)[2:]
    assert len(details) == total[-1]
    boards = [r for r in details if r[1] == "迎检筹备" and "展板" in r[2]]
    assert boards == [
        ("县环保局", "迎检筹备", boards[0][2], "高唐镇", "2014-07-10", "逾期", "李明")
    ]
    english = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/plans/{plan['id']}/progress.xlsx?lang=en").data)
    )
    assert english.sheetnames == ["By unit", "By kind", "Details"]


def test_the_pdf_has_pages_with_chinese_text(client, plan, tmp_path):
    response = client.get(f"/plans/{plan['id']}/progress.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.data)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert "创建工作进度报告" in pages[0] and "县环保局" in pages[0] and "全县" in pages[0]
    whole = "\n".join(pages)
    assert "高唐镇人民政府" in whole and "逾期" in whole and "沿途整治" in whole
    assert "第1页" in pages[0].replace(" ", "") and "第2页" in pages[1].replace(" ", "")


def test_a_missing_plan_has_no_report(client):
    assert client.get("/plans/999999/progress.xlsx").status_code == 404
    assert client.get("/plans/999999/progress.pdf").status_code == 404
