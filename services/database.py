"""Moving an install to another database (``flask --app app copy-db --to URL``)."""

from __future__ import annotations

from store import transfer


def copy_to(target_url: str) -> dict[str, int]:
    """Copy every table of this install's database into the empty database at ``target_url``
    (schema by the migrations, all rows in one transaction); rows copied per table."""
    return transfer.copy_database(target_url)
