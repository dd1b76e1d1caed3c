"""inbound and alerts

Revision ID: 0003_inbound
Revises: 0002
"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import interlink.store.types

revision = "0003_inbound"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "alerts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("integration_id", sa.String(length=40), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("third_party_id", sa.String(length=300), nullable=True),
        sa.Column(
            "dedup_keys", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column("tags", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column(
            "additional_data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column(
            "inbound_event_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dropped_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_dedup_tpid", ["integration_id", "third_party_id", "status"], unique=False)
        batch_op.create_index("ix_alerts_env_id", ["environment_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_trace_id"), ["trace_id"], unique=False)

    op.create_table(
        "inbound_events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("integration_type", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column(
            "headers", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("remote_address", sa.String(length=64), nullable=True),
        sa.Column("received_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("run_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=40), nullable=True),
        sa.Column("lease_until", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("replay_of", sa.String(length=40), nullable=True),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("processed_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_events")),
    )
    with op.batch_alter_table("inbound_events", schema=None) as batch_op:
        batch_op.create_index("ix_inbound_events_env_id", ["environment_id", "id"], unique=False)
        batch_op.create_index("ix_inbound_events_integration", ["integration_id", "id"], unique=False)
        batch_op.create_index("ix_inbound_events_queue", ["status", "run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbound_events_trace_id"), ["trace_id"], unique=False)

    op.create_table(
        "alert_events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("inbound_event_id", sa.String(length=40), nullable=True),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_alert_events_alert_id_alerts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_events_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "alert_keys",
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_alert_keys_alert_id_alerts")),
        sa.PrimaryKeyConstraint("integration_id", "key", name=op.f("pk_alert_keys")),
    )
    with op.batch_alter_table("alert_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_keys_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "inbound_hooks",
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("rotated_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["integration_id"], ["integrations.id"], name=op.f("fk_inbound_hooks_integration_id_integrations")
        ),
        sa.PrimaryKeyConstraint("integration_id", name=op.f("pk_inbound_hooks")),
    )
    _give_existing_receivers_a_token()


def _give_existing_receivers_a_token() -> None:
    """Integrations of the alerts channel made before this revision get their receiving URL too."""
    bind = op.get_bind()
    found = bind.execute(sa.text("SELECT id FROM integrations WHERE direction = 'INGRESS' AND channel = 'alerts'"))
    rows = [{"id": row[0], "token": secrets.token_urlsafe(24), "at": datetime.now(UTC)} for row in found]
    if rows:
        statement = "INSERT INTO inbound_hooks (integration_id, token, rotated_at) VALUES (:id, :token, :at)"
        bind.execute(sa.text(statement), rows)


def downgrade() -> None:

    op.drop_table("inbound_hooks")
    with op.batch_alter_table("alert_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_keys_alert_id"))

    op.drop_table("alert_keys")
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_events_alert_id"))

    op.drop_table("alert_events")
    with op.batch_alter_table("inbound_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbound_events_trace_id"))
        batch_op.drop_index("ix_inbound_events_queue")
        batch_op.drop_index("ix_inbound_events_integration")
        batch_op.drop_index("ix_inbound_events_env_id")

    op.drop_table("inbound_events")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_trace_id"))
        batch_op.drop_index("ix_alerts_env_id")
        batch_op.drop_index("ix_alerts_dedup_tpid")

    op.drop_table("alerts")
