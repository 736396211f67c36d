"""Showcase plans: the fields a save may change, the quota and theme rules, and the proposal
that chooses sites and their order together.
"""

from geo.plans.fields import EDITABLE, LIST_FIELDS, MAX_NAME, check_fields, plan_name
from geo.plans.proposal import Candidate, Rules, nearest_ready_selection, propose
from geo.plans.quota import (
    QuotaError,
    check_quota,
    check_sites,
    raise_if_not_final,
    summary,
    theme_coverage,
    township_counts,
)

__all__ = [
    "Candidate",
    "EDITABLE",
    "LIST_FIELDS",
    "MAX_NAME",
    "QuotaError",
    "Rules",
    "check_fields",
    "check_quota",
    "check_sites",
    "nearest_ready_selection",
    "plan_name",
    "propose",
    "raise_if_not_final",
    "summary",
    "theme_coverage",
    "township_counts",
]
