"""ranking: integrations keep a contiguous order key per channel, so a create no longer rewrites its channel

Revision ID: 000b_ranking
Revises: 0002

Fills the key from the stored priorities: each channel's live, active outbound integrations get n…1 in their
current order (primary first, then priority, then id); every other row 0. The index makes a channel's lowest
and highest key one seek each.
"""

from alembic import op

revision = "000b_ranking"
down_revision = "0002"
branch_labels = None
depends_on = None

RENUMBER = """
UPDATE integrations SET priority = CASE
  WHEN direction = 'EGRESS' AND active AND NOT deleted THEN (
    SELECT count(*) FROM integrations AS o
    WHERE o.environment_id = integrations.environment_id AND o.channel = integrations.channel
      AND o.direction = 'EGRESS' AND o.active AND NOT o.deleted
      AND (o.is_primary < integrations.is_primary
        OR (o.is_primary = integrations.is_primary
          AND (o.priority < integrations.priority
            OR (o.priority = integrations.priority AND o.id >= integrations.id))))
  )
  ELSE 0
END
"""


def upgrade() -> None:
    op.execute(RENUMBER)
    with op.batch_alter_table("integrations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_integrations_rank",
            ["environment_id", "channel", "direction", "active", "deleted", "priority"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("integrations", schema=None) as batch_op:
        batch_op.drop_index("ix_integrations_rank")
    op.execute(RENUMBER)  # keys are dense n…1 again, as the earlier code stored them
