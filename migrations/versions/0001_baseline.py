"""Baseline: the schema of the last release made without migrations (``create_all``).

On a new database it creates every table. On a database made by an earlier release it creates
only the tables that release did not have yet and adds ``plan.deleted_at`` (soft delete) where it
is missing, so every install reaches the same schema with its rows untouched.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _schema() -> sa.MetaData:
    """The tables and indexes as the last release without migrations defined them."""
    meta = sa.MetaData()
    sa.Table(
        "facility_change",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plant_id", sa.String(length=80), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("effective", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_facility_change_plant_id", "plant_id"),
    )
    sa.Table(
        "feature",
        meta,
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("layer", sa.String(length=40), nullable=False),
        sa.Column("fid", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("properties", sa.JSON(), nullable=False),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("layer", "fid"),
        sa.Index("ix_feature_layer", "layer"),
    )
    sa.Table(
        "layer_import",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("previous_count", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=80), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_layer_import_layer", "layer"),
    )
    sa.Table(
        "layer_info",
        meta,
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("source_file", sa.String(length=400), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    sa.Table(
        "layer_revision",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rollback_of", sa.Integer(), nullable=True),
        sa.Column("source_file", sa.String(length=400), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("layer", "number"),
        sa.Index("ix_layer_revision_layer", "layer"),
    )
    sa.Table(
        "plan",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("locked", sa.JSON(), nullable=False),
        sa.Column("start", sa.JSON(), nullable=False),
        sa.Column("end", sa.JSON(), nullable=True),
        sa.Column("depart", sa.String(length=16), nullable=False),
        sa.Column("day_start", sa.String(length=5), nullable=False),
        sa.Column("day_end", sa.String(length=5), nullable=False),
        sa.Column("lunch", sa.JSON(), nullable=False),
        sa.Column("max_days", sa.Integer(), nullable=False),
        sa.Column("quota_min", sa.Integer(), nullable=False),
        sa.Column("quota_max", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    sa.Table(
        "user",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    sa.Table(
        "cleanup_task_status",
        meta,
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
        ),
        sa.PrimaryKeyConstraint("plan_id", "key"),
    )
    sa.Table(
        "login_state",
        meta,
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id"),
    )
    sa.Table(
        "plan_change",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_plan_change_plan_id", "plan_id"),
    )
    return meta


def upgrade() -> None:
    bind = op.get_bind()
    had_plan = sa.inspect(bind).has_table("plan")
    _schema().create_all(bind, checkfirst=True)  # only the missing tables, with their indexes
    columns = {c["name"] for c in sa.inspect(bind).get_columns("plan")}
    if had_plan and "deleted_at" not in columns:
        op.add_column("plan", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    _schema().drop_all(op.get_bind())
