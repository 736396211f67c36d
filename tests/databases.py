"""The test databases: SQLite files by default; with JIANGLE_TEST_DATABASE_URL (a PostgreSQL
server, e.g. the throwaway one of scripts/with_postgres.sh) one database per test on that server,
each a copy of a template loaded once (``CREATE DATABASE … TEMPLATE``, a file copy in the server).
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

SERVER = os.environ.get("JIANGLE_TEST_DATABASE_URL", "")
TEMPLATE = "jiangle_template"


def server_url() -> URL:
    return make_url(SERVER)


def database_url(name: str) -> str:
    return server_url().set(database=name).render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    """CREATE/DROP DATABASE cannot run in a transaction: autocommit on the server's own database."""
    engine = create_engine(server_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        connection.execute(text(statement))


def create_database(name: str | None = None, template: str | None = None) -> str:
    """A new database (made anew if ``name`` exists), empty or a copy of ``template`` (which
    must have no open connection); its name."""
    name = name or f"test_{uuid.uuid4().hex[:12]}"
    drop_database(name)
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def drop_database(name: str) -> None:
    """Drop it, ending any connection a test left open."""
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
