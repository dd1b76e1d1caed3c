"""escalation steps (joins the inbound and paging heads)

Revision ID: 0007_escalation
Revises: 0003_inbound, 0004_paging
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import interlink.store.types

revision = "0007_escalation"
down_revision = ("0003_inbound", "0004_paging")
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def _time() -> interlink.store.types.UTCDateTime:
    return interlink.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "escalation_steps",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.String(length=40), nullable=True),
        sa.Column("user_ids", _json(), nullable=False),
        sa.Column("layer", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("run_at", _time(), nullable=False),
        sa.Column("lease_owner", sa.String(length=40), nullable=True),
        sa.Column("lease_until", _time(), nullable=True),
        sa.Column("result", _json(), nullable=False),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_steps")),
    )
    with op.batch_alter_table("escalation_steps", schema=None) as batch_op:
        batch_op.create_index("ix_escalation_steps_queue", ["status", "run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_escalation_steps_alert_id"), ["alert_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("escalation_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_steps_alert_id"))
        batch_op.drop_index("ix_escalation_steps_queue")
    op.drop_table("escalation_steps")
