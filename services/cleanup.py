"""The clean-up along a plan's route: the plan's tour (``services.tours.plan_tour``, the one tour
of a plan the other pages show too), the stored layers, and ``geo.prep`` to derive what each
township sweeps. Returns records; the web layer makes JSON, pages and the workbook from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from geo.errors import NotFoundError
from geo.i18n import text
from geo.plans import named_routes
from geo.prep import (
    Cleanup,
    CleanupLayers,
    CleanupSettings,
    DrivenRoute,
    MetricLayer,
    Task,
    check_status_update,
    route_cleanup,
)
from geo.prep.access import TaskUser, check_may_set, township_names
from geo.time_limit import check_time_limit
from geo.tour.records import Tour
from services import plan_routes
from store import plans as plan_store
from store import prep as prep_store
from store.layers import cached_by_revision, features
from store.plans import Plan
from store.prep import TaskStatus


@dataclass(frozen=True)
class PlanCleanup:
    """A plan's clean-up, with what a page heads it with."""

    plan_id: int
    plan_name: str
    version: int
    cleanup: Cleanup
    statuses: Mapping[str, TaskStatus] = field(default_factory=dict)

    def status(self, key: str) -> TaskStatus:
        """A task's recorded status, or "todo" when nobody has set it."""
        return self.statuses.get(key) or TaskStatus(key)

    def status_words(self) -> dict[str, str]:
        """Task key -> todo/doing/done, for the printed and downloaded lists."""
        return {key: s.status for key, s in self.statuses.items()}


def plan_cleanup(
    plan_id: int, lang: str, settings: CleanupSettings, route_key: str = named_routes.FULL
) -> PlanCleanup:
    """The clean-up of the plan's saved sites and tour settings, or of its named route's
    (``route_key``); raises NotFoundError for a missing plan or route, the tour's own errors when
    its route cannot be found."""
    plan = plan_store.get_plan(plan_id)
    named = plan_routes.route_of(plan.state(), route_key)
    tour = plan_routes.tour_of(plan.state(), named, plan.sites, lang)
    return cleanup_of(plan, named, tour, lang, settings)


def cleanup_of(
    plan: Plan, named: Mapping[str, Any] | None, tour: Tour, lang: str, settings: CleanupSettings
) -> PlanCleanup:
    """The clean-up along ``tour``, a tour of ``plan`` (its full tour, or its ``named`` route's)
    that the caller computed already (the print pack: one tour for every page)."""
    check_time_limit()  # before the corridor's geometry: the request may have used its time
    stops = {f["properties"]["id"]: f for f in features("stops")}
    route = DrivenRoute(
        paths=[path.coords for path in tour.paths],
        road_ids={road for path in tour.paths for road in path.roads},
        stops=[stops[stop_id] for stop_id in tour.order],
        places=[(site.name, site.point()) for site in tour.places.values()],
    )
    cleanup = route_cleanup(route, cleanup_layers(), lang, settings)
    statuses = prep_store.task_statuses(plan.id)
    title = plan_routes.titled(plan.name, named, lang)
    return PlanCleanup(plan.id, title, plan.version, cleanup, statuses)


def update_task(
    plan_id: int,
    key: str,
    body: Mapping[str, Any],
    user: TaskUser,
    lang: str,
    route_key: str = named_routes.FULL,
) -> TaskStatus:
    """Set the status of one of the current clean-up tasks of the plan's tour, or of its named
    route's (``route_key``: the clean-up page opened with ``?route=``), with default settings (a
    task key does not depend on them); a key not in that list is NotFoundError, a stale version
    409, a township user's task of another township 403."""
    status, note, version = check_status_update(body)
    subject = task_subject(plan_id, key, lang, route_key)
    check_may_set(user, *subject, township_names(township_props()))
    return prep_store.set_task_status(plan_id, key, status, note, version, user.username)


def task_subject(
    plan_id: int, key: str, lang: str, route_key: str = named_routes.FULL
) -> tuple[str, str]:
    """The township of one of the current clean-up tasks of the plan's tour (or its route's) and
    what it is called in messages ("kind · subject"); NotFoundError when the key is not in the
    list."""
    task = _current_task(plan_id, key, lang, route_key)
    return task.township, f"{text(f'cleanup_kind_{task.kind}', lang)} · {task.subject}"


def _current_task(plan_id: int, key: str, lang: str, route_key: str) -> Task:
    current = plan_cleanup(plan_id, lang, CleanupSettings(), route_key)
    task = next((t for t in current.cleanup.tasks if t.key == key), None)
    if task is None:
        raise NotFoundError(
            f"方案 {plan_id} 的整治清单中没有任务 {key} / no clean-up task {key} in plan {plan_id}"
        )
    return task


def township_props() -> list[dict]:
    return [f["properties"] for f in features("townships")]


def cleanup_layers() -> CleanupLayers:
    """Roads, rivers and townships in metres with their indexes, built once per revision."""
    return CleanupLayers(
        *(
            cached_by_revision(f"prep:{layer}", layer, MetricLayer.of)
            for layer in ("roads", "rivers", "townships")
        )
    )
