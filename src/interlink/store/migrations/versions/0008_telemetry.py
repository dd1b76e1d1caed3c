"""telemetry points, unmapped external ids and pull schedules

Revision ID: 0008_telemetry
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import interlink.store.types

revision = "0008_telemetry"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[sa.DateTime]:
    return sa.Column(name, interlink.store.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "telemetry_points",
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("resource_path", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=100), nullable=False),
        sa.Column("ts", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint(
            "environment_id", "resource_path", "metric", "ts", "source", name=op.f("pk_telemetry_points")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "telemetry_unmapped",
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("sample", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        _when("first_seen", False),
        _when("last_seen", False),
        sa.ForeignKeyConstraint(
            ["integration_id"], ["integrations.id"], name=op.f("fk_telemetry_unmapped_integration_id_integrations")
        ),
        sa.PrimaryKeyConstraint("integration_id", "external_id", name=op.f("pk_telemetry_unmapped")),
    )
    op.create_table(
        "pull_jobs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _when("run_at", False),
        sa.Column("lease_owner", sa.String(length=40), nullable=True),
        _when("lease_until"),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("last_error_at"),
        _when("last_run_at"),
        _when("last_success_at"),
        _when("pulled_until"),
        sa.Column("state", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("points_written", sa.BigInteger(), nullable=False),
        _when("updated_at", False),
        sa.ForeignKeyConstraint(["id"], ["integrations.id"], name=op.f("fk_pull_jobs_id_integrations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pull_jobs")),
    )
    with op.batch_alter_table("pull_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_pull_jobs_queue", ["status", "run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_pull_jobs_environment_id"), ["environment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pull_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pull_jobs_environment_id"))
        batch_op.drop_index("ix_pull_jobs_queue")
    op.drop_table("pull_jobs")
    op.drop_table("telemetry_unmapped")
    op.drop_table("telemetry_points")
