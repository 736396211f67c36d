"""The progress report for the creation office's regular meetings (定时上报工作进度): the plan's
indicators, the sewage plants, the preparation tasks and the clean-up tasks, each done, due or
late as of the county's today, grouped by the unit responsible. Records only; the workbook and
the PDF are ``geo.prep.progress_workbook`` and ``geo.printing.progress_pages``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.prep.tasks import tally

SECTIONS = ("indicator", "plant", "prep", "cleanup")
CLEANUP_DAYS_BEFORE = 1  # the clean-up along the route is finished the day before the panel


@dataclass(frozen=True)
class ReportRow:
    """One item of the report: what, who answers for it, by when, and its state."""

    section: str
    unit: str
    item: str
    where: str
    deadline: date | None
    state: str  # one of geo.prep.tasks.PROGRESS
    detail: str = ""


@dataclass(frozen=True)
class UnitProgress:
    """One responsible unit's items, by section, and its counts."""

    unit: str
    rows: tuple[ReportRow, ...]

    @property
    def counts(self) -> dict[str, int]:
        return tally([r.state for r in self.rows])

    def section_counts(self, section: str) -> dict[str, int]:
        return tally([r.state for r in self.rows if r.section == section])


@dataclass(frozen=True)
class ProgressReport:
    plan_name: str
    today: date
    review_start: date | None
    rows: tuple[ReportRow, ...]

    @property
    def counts(self) -> dict[str, int]:
        return tally([r.state for r in self.rows])

    def by_unit(self) -> tuple[UnitProgress, ...]:
        """Units with late items first (most late first), then by name; each unit's rows
        late, due, to do, undated, done, then by deadline."""
        units: dict[str, list[ReportRow]] = {}
        for row in self.rows:
            units.setdefault(row.unit or "—", []).append(row)
        order = {state: i for i, state in enumerate(("late", "due", "todo", "undated", "done"))}
        grouped = [
            UnitProgress(
                unit,
                tuple(
                    sorted(
                        rows,
                        key=lambda r: (
                            order[r.state],
                            r.deadline or date.max,
                            SECTIONS.index(r.section),
                            r.item,
                        ),
                    )
                ),
            )  # fmt: skip
            for unit, rows in units.items()
        ]
        return tuple(sorted(grouped, key=lambda u: (-u.counts["late"], u.unit)))

    def section_counts(self, section: str) -> dict[str, int]:
        return tally([r.state for r in self.rows if r.section == section])
