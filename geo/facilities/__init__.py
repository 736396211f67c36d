"""Sewage plants: status derived from their properties, edit validation, the county's update
form and bulk import, the plan's indicators and the dashboard built from them.
"""

from geo.facilities.form import update_form
from geo.facilities.plants import is_late

__all__ = ["is_late", "update_form"]
