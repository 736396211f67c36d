"""The background job table (store/jobs.py): queued, running and finished jobs with their
progress, result or error, shared by every server process.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(length=80), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("fraction", sa.Float(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_job_state_created", "job", ["state", "created_at"])
    op.create_index("ix_job_key", "job", ["key"])


def downgrade() -> None:
    op.drop_index("ix_job_key", table_name="job")
    op.drop_index("ix_job_state_created", table_name="job")
    op.drop_table("job")
