"""The progress report of a plan as Excel and PDF downloads (reads follow the anonymous-read
setting, like the plan's other printouts)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app

from geo.maps.fonts import find_cjk_font
from geo.prep import XLSX
from geo.prep.progress_workbook import progress_workbook
from geo.printing.progress_pages import progress_pdf
from routes.i18n import current_lang
from routes.layers_view import today
from routes.limits import heavy
from services.progress import ProgressReport, progress_report

bp = Blueprint("progress", __name__)


def _report(plan_id: int) -> tuple[ProgressReport, str]:
    lang = current_lang()
    path = Path(current_app.config["INDICATORS_PATH"])
    return progress_report(plan_id, lang, today(), path), lang


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


@bp.get("/plans/<int:plan_id>/progress.xlsx")
@heavy
def workbook(plan_id: int):
    report, lang = _report(plan_id)
    return _download(progress_workbook(report, lang), XLSX, f"progress-plan-{plan_id}.xlsx")


@bp.get("/plans/<int:plan_id>/progress.pdf")
@heavy
def pdf(plan_id: int):
    font = find_cjk_font(current_app.config.get("CJK_FONT", ""))  # a missing font fails first
    report, lang = _report(plan_id)
    return _download(progress_pdf(report, font, lang), "application/pdf",
                     f"progress-plan-{plan_id}.pdf")  # fmt: skip
