"""Print pack (PDF and an HTML print page) and the GPX/KML/CSV exports of a plan's tour.

Thin: parse the paper and coordinate options, read the print settings of the app (font, tiles,
approval number, time zone), and call ``services.printing``. An unknown plan is a 404.
"""

from __future__ import annotations

import base64
import io

from flask import Blueprint, current_app, render_template, request, send_file
from flask_login import current_user

from geo.errors import NotFoundError, ValidationError
from geo.i18n import text
from geo.maps.static import find_cjk_font
from geo.plans.named_routes import FULL, parse_key
from geo.printing.day_select import parse_day
from geo.printing.pack import PAPERS
from routes.auth import Forbidden
from routes.i18n import current_lang
from routes.layers_view import today
from routes.limits import heavy
from routes.review import sees_experts
from services import printing
from services.printing import File, PrintOptions
from store.jobs import JobStatus

bp = Blueprint("printing", __name__)


def _options() -> PrintOptions:
    config = current_app.config
    return PrintOptions(
        current_lang(),
        today(),
        config["TIMEZONE"],
        str(config.get("MAP_APPROVAL_NUMBER", "")),
        _show_experts(),
        parse_day(request.args.get("day")),  # one day only; a bad day is a 400
        current_user.is_authenticated,  # names who changed the plan last
        route=parse_key(request.args.get("route")),  # a named route; a bad key is a 400
        upload_dir=str(config["UPLOAD_DIR"]),
    )


def _show_experts() -> bool:
    """``?experts=1`` lists the expert panel on the cover: for planners and admins only."""
    if request.args.get("experts", "") in ("", "0"):
        return False
    if request.args["experts"] != "1":
        raise ValidationError(code="err_experts_value", value=request.args["experts"][:20])
    if not sees_experts():
        raise Forbidden(("planner",), code="err_experts_role")
    return True


def _paper() -> str:
    paper = request.args.get("paper", "A4").upper()
    if paper not in PAPERS:
        raise ValidationError(code="err_paper", papers=", ".join(PAPERS), value=paper[:20])
    return paper


def _send(file: File, as_attachment: bool):
    return send_file(
        io.BytesIO(file.body),
        mimetype=file.mimetype,
        as_attachment=as_attachment,
        download_name=file.name,
        max_age=0,
    )


def _font():
    return find_cjk_font(current_app.config.get("CJK_FONT", ""))  # a missing font fails first


def _progress_page(found: JobStatus):
    """A pack still being made: its progress, turning into the pack when done (202)."""
    page = render_template(
        "jobs/progress.html", job=found, title=text("job_print_title", current_lang()),
        done_url=request.full_path.rstrip("?"),
    )  # fmt: skip
    return page, 202, {"Cache-Control": "no-store", "Retry-After": "2"}


@bp.get("/plans/<int:plan_id>/print.pdf")
@heavy
def print_pdf(plan_id: int):
    """The PDF; a cold pack is built by a job worker: waited for a few seconds
    (JIANGLE_PRINT_WAIT), then a progress page that opens the PDF when it is ready."""
    paper = _paper()  # checked before the costly part
    wait = current_app.config["PRINT_WAIT"]
    got = printing.pdf_or_job(plan_id, paper, _options(), _font(), wait)
    return _progress_page(got) if isinstance(got, JobStatus) else _send(got, False)


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@bp.get("/plans/<int:plan_id>/print")
@heavy
def print_page(plan_id: int):
    """The print pack as one HTML page with print CSS (maps embedded as PNG); its maps are
    made like a cold PDF, by a job worker."""
    wait = current_app.config["PRINT_WAIT"]
    page = printing.page_or_job(plan_id, _options(), _font(), wait)
    if isinstance(page, JobStatus):
        return _progress_page(page)
    return render_template(
        "print/pack.html",
        c=page.content,
        plan=page.data.plan,
        overview=_data_uri(page.overview),
        day_maps={day: _data_uri(png) for day, png in page.day_maps.items()},
        legend=page.legend,
        totals=page.totals,
        route_args=_route_args(),
    )


def _route_args() -> dict[str, str]:
    """The print page's own links keep its route (``?route=<key>``)."""
    key = parse_key(request.args.get("route"))
    return {} if key == FULL else {"route": key}


@bp.get("/api/plans/<int:plan_id>/export.<fmt>")
@heavy
def export(plan_id: int, fmt: str):
    """GPX, KML or CSV of the plan's tour; ``?coords=gcj02`` for Gaode-based phone apps."""
    if fmt not in printing.EXPORTS:
        raise NotFoundError(code="err_export_format", value=fmt[:20])
    coords = request.args.get("coords", "wgs84").lower()
    if coords not in ("wgs84", "gcj02"):
        raise ValidationError(code="err_export_coords", value=coords[:20])
    day = parse_day(request.args.get("day"))
    route = parse_key(request.args.get("route"))
    gcj02 = coords == "gcj02"
    return _send(printing.export(plan_id, fmt, current_lang(), gcj02, day, route), True)
