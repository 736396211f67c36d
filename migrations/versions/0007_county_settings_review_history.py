"""County settings an admin keeps (county_setting, with its history county_setting_change: the
quota of sites per township, no longer a plan's own), and the history of review-date changes
(review_date_change: who, when, from, to, deadlines moved). New tables only; nothing to convert:
until an admin saves the quota, the built-in 2-3 applies.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:00:22.364694
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "county_setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "county_setting_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("county_setting_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_county_setting_change_key"), ["key"], unique=False)

    op.create_table(
        "review_date_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("before_start", sa.Date(), nullable=True),
        sa.Column("before_end", sa.Date(), nullable=True),
        sa.Column("after_start", sa.Date(), nullable=True),
        sa.Column("after_end", sa.Date(), nullable=True),
        sa.Column("moved", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_date_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_date_change_plan_id"), ["plan_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_date_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_date_change_plan_id"))

    op.drop_table("review_date_change")
    with op.batch_alter_table("county_setting_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_county_setting_change_key"))

    op.drop_table("county_setting_change")
    op.drop_table("county_setting")
