"""Spreadsheet cells made safe to open: shared by the CSV export and the facility update form."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as text: a leading quote stops '=', '+', '-', '@' cells from
    running as formulas when the file is opened in Excel or WPS."""
    return "'" + value if value.startswith(_FORMULA_START) else value
