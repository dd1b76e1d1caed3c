"""egress: recipient lists, dead push targets, credential checks

Revision ID: 000a_egress
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import interlink.store.types

revision = "000a_egress"
down_revision = "0002"
branch_labels = None
depends_on = None

WHEN = interlink.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "integration_recipients",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=True),
        sa.Column("code_expires_at", WHEN, nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("codes_sent", sa.Integer(), nullable=False),
        sa.Column("window_started_at", WHEN, nullable=True),
        sa.Column("last_code_at", WHEN, nullable=True),
        sa.Column("sms_integration_id", sa.String(length=40), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("verified_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_integration_recipients_environment_id_environments")
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"], ["integrations.id"], name=op.f("fk_integration_recipients_integration_id_integrations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_recipients")),
        sa.UniqueConstraint("integration_id", "address", name=op.f("uq_integration_recipients_integration_id_address")),
    )
    with op.batch_alter_table("integration_recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_integration_recipients_environment_id"), ["environment_id"], unique=False)
        batch_op.create_index("ix_integration_recipients_list", ["integration_id", "status"], unique=False)

    op.create_table(
        "dead_targets",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("target_hash", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_dead_targets_environment_id_environments")
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"], ["integrations.id"], name=op.f("fk_dead_targets_integration_id_integrations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_targets")),
        sa.UniqueConstraint("integration_id", "target_hash", name=op.f("uq_dead_targets_integration_id_target_hash")),
    )
    with op.batch_alter_table("dead_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dead_targets_environment_id"), ["environment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dead_targets_target_hash"), ["target_hash"], unique=False)

    op.create_table(
        "credential_checks",
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("checked_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_credential_checks_environment_id_environments")
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"], ["integrations.id"], name=op.f("fk_credential_checks_integration_id_integrations")
        ),
        sa.PrimaryKeyConstraint("integration_id", name=op.f("pk_credential_checks")),
    )
    with op.batch_alter_table("credential_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credential_checks_environment_id"), ["environment_id"], unique=False)


def downgrade() -> None:
    op.drop_table("credential_checks")
    op.drop_table("dead_targets")
    op.drop_table("integration_recipients")
