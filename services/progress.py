"""The progress report of a plan for the creation office's meetings: the indicators (with the
archive's responsible units), the sewage plants, the plan's preparation tasks and its clean-up
tasks, each done / due / late as of the county's today (``geo.prep.progress``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from geo.i18n import name, text
from geo.prep import CleanupSettings
from geo.prep.progress import CLEANUP_DAYS_BEFORE, ProgressReport, ReportRow
from geo.prep.tasks import progress
from services import archive, cleanup, prep_tasks
from store import facilities as plant_store


def progress_report(plan_id: int, lang: str, today: date, indicators_path: Path) -> ProgressReport:
    """Every item of the report (NotFoundError for a missing plan; a plan whose tour cannot be
    made raises the tour's error, as its clean-up page does)."""
    tasks = prep_tasks.plan_tasks(plan_id, lang, today)
    review_start = tasks.review.start
    rows = [
        *_indicators(indicators_path, lang, today),
        *_plants(lang, today),
        *(
            ReportRow(
                "prep",
                t.unit or _government(t.township_name, lang),
                f"{t.stop_name} · {t.kind_label}",
                t.township_name,
                t.due_on,
                t.progress,
                t.person,
            )  # fmt: skip
            for t in tasks.tasks
        ),
        *_cleanup(plan_id, lang, today, review_start),
    ]
    return ProgressReport(tasks.plan_name, today, review_start, tuple(rows))


def _government(township: str, lang: str) -> str:
    return text("prep_township_government", lang, name=township)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _indicators(path: Path, lang: str, today: date) -> list[ReportRow]:
    rows = []
    for item in archive.archive(path, today, with_files=False):
        ind = item.indicator
        deadline = _day(ind.deadline)
        current = "–" if ind.current is None else f"{ind.current:g}"
        rows.append(
            ReportRow(
                "indicator",
                item.unit,
                ind.name_en if lang == "en" else ind.name_zh,
                f"{current} / {ind.comparison} {ind.target:g} {ind.unit}",
                deadline,
                progress("done" if item.progress["met"] else "todo", deadline, today),
                item.person,
            )
        )
    return rows


def _plants(lang: str, today: date) -> list[ReportRow]:
    towns = {t["properties"]["id"]: name(t["properties"], lang) for t in plant_store.townships()}
    rows = []
    for plant in plant_store.plants():
        p = plant["properties"]
        deadline = _day(p.get("deadline"))
        done = "done" if p["status"] == "operating" else "todo"
        rows.append(
            ReportRow(
                "plant",
                p.get("responsible_unit") or "",
                name(p, lang),
                towns.get(p.get("township_code"), ""),
                deadline,
                progress(done, deadline, today),
                text(p["status"], lang),
            )
        )
    return rows


def _cleanup(plan_id: int, lang: str, today: date, review_start: date | None) -> list[ReportRow]:
    result = cleanup.plan_cleanup(plan_id, lang, CleanupSettings())
    deadline = review_start - timedelta(days=CLEANUP_DAYS_BEFORE) if review_start else None
    return [
        ReportRow(
            "cleanup",
            _government(town.label, lang),
            f"{text(f'cleanup_kind_{task.kind}', lang)} · {task.subject}",
            task.where,
            deadline,
            progress(result.status(task.key).status, deadline, today),
        )
        for town in result.cleanup.townships
        for task in town.tasks
    ]
