"""One township's task list for a plan: its preparation tasks (per site) and its clean-up tasks
(per road, stream and stop surroundings) in one table, each with who answers for it, by when,
its status and whether it is done, due or late. Records only; the web page and the print pack's
pages are drawn from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.prep.tasks import tally

SECTIONS = ("prep", "cleanup")


@dataclass(frozen=True)
class TownshipTask:
    """One row: ``key`` is the task's status key; ``task_id`` the preparation task's id."""

    section: str  # prep or cleanup
    key: str
    task: str  # what is to be done
    where: str  # the site, or the road / stream / stop and its stretch
    unit: str
    person: str
    deadline: date | None
    status: str  # todo, doing, done
    status_version: int
    state: str  # one of geo.prep.tasks.PROGRESS
    task_id: int | None = None


@dataclass(frozen=True)
class TownshipTaskList:
    plan_id: int
    plan_name: str
    code: str
    name: str
    today: date
    review_start: date | None
    tasks: tuple[TownshipTask, ...]

    @property
    def counts(self) -> dict[str, int]:
        return tally([t.state for t in self.tasks])


def ordered(tasks: list[TownshipTask]) -> tuple[TownshipTask, ...]:
    """Late first, then by deadline (undated last), preparation before clean-up."""
    late_first = {"late": 0}
    return tuple(
        sorted(
            tasks,
            key=lambda t: (
                late_first.get(t.state, 1),
                t.deadline or date.max,
                SECTIONS.index(t.section),
                t.where,
            ),
        )
    )
