"""user.language: the interface language a user chose (zh/en), so that it follows the account
from one browser to the next. Nullable: existing users keep their browser's choice until they
pick one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("language", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("language")
