"""Who may set the status of a preparation or clean-up task.

Planners and admins set any task's status. Township staff set only the tasks of their own
township: a preparation task of a site in it, or a clean-up task it sweeps. Everything else
(plans, plants, another township's tasks) stays out of their reach; a refusal names both
townships, so the user knows whose task it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geo.errors import Both, ForbiddenError


@dataclass(frozen=True)
class TaskUser:
    """Who sets a status: the user name, whether the role reaches every township (planner,
    admin), and the township a township account is bound to."""

    username: str
    everywhere: bool = False
    township: str | None = None

    def may_set(self, township: str) -> bool:
        return self.everywhere or (self.township is not None and self.township == township)


def township_names(townships: Iterable[Mapping]) -> dict[str, Both]:
    """Township code -> its name in both languages, from the townships layer's properties."""
    return {
        p["id"]: Both(str(p.get("name_zh") or p["id"]), str(p.get("name_en") or p["id"]))
        for p in townships
    }


def check_may_set(
    user: TaskUser, township: str, task: str | Both, names: Mapping[str, Both]
) -> None:
    """Refuse (ForbiddenError) a status a township user may not set, naming the task's
    township and the user's own."""
    if user.may_set(township):
        return
    if user.township is None:
        raise ForbiddenError(code="task_needs_township", task=task)
    raise ForbiddenError(
        code="task_other_township",
        task=task,
        other=names.get(township, Both(township, township)),
        own=names.get(user.township, Both(user.township, user.township)),
    )
