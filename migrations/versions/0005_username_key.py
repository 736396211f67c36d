"""user.username_key: what a user name looks like (case-folded, look-alike letters read as
Latin), unique in the database so that look-alike names are refused even under a race.

Existing users get their key; of two older users whose names look alike (possible before this
release) the first keeps the key and the other keeps none, so the upgrade never fails.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 03:50:00
"""

import sqlalchemy as sa
from alembic import op

from store.users import MAX_USERNAME, skeleton

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user", sa.Column("username_key", sa.String(length=80), nullable=True))
    users = sa.table(
        "user",
        sa.column("id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("username_key", sa.String),
    )
    bind = op.get_bind()
    seen: set[str] = set()
    for user_id, username in bind.execute(
        sa.select(users.c.id, users.c.username).order_by(users.c.id)
    ):
        key = skeleton(username)[:MAX_USERNAME]
        if key in seen:
            continue
        seen.add(key)
        bind.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    op.create_index("ix_user_username_key", "user", ["username_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_user_username_key", table_name="user")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("username_key")
