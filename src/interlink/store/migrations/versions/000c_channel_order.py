"""channel order: on PostgreSQL, a function that locks a channel and reads its order in one call

Revision ID: 000c_channel_order
Revises: 000b_ranking

``interlink_channel_order(environment, channel)`` takes the channel's transaction-scoped advisory lock (the
one ``store.integrations.lock_channel`` takes) and then reads the channel's lowest and highest order key and
whether it has a primary. A VOLATILE function reads with a snapshot taken after the lock, so a create can
lock, place and insert in one statement that commits by itself (``store.integrations.insert_with_events``): the
lock is held for that statement alone, not across round trips. SQLite has one writer and needs none of it.
Each key is an index seek (ORDER BY … LIMIT 1): min() and max() may be planned as a scan of the channel.
"""

from alembic import op

revision = "000c_channel_order"
down_revision = "000b_ranking"
branch_labels = None
depends_on = None

CREATE = """
CREATE OR REPLACE FUNCTION interlink_channel_order(environment text, channel_name text)
RETURNS TABLE (lowest integer, highest integer, has_primary boolean)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('interlink.integrations:' || environment || ':' || channel_name, 0));
  RETURN QUERY SELECT
    (SELECT i.priority FROM integrations AS i
      WHERE i.environment_id = environment AND i.channel = channel_name
        AND i.direction = 'EGRESS' AND i.active AND NOT i.deleted
      ORDER BY i.priority LIMIT 1),
    (SELECT i.priority FROM integrations AS i
      WHERE i.environment_id = environment AND i.channel = channel_name
        AND i.direction = 'EGRESS' AND i.active AND NOT i.deleted
      ORDER BY i.priority DESC LIMIT 1),
    EXISTS (SELECT 1 FROM integrations AS i
      WHERE i.environment_id = environment AND i.channel = channel_name AND i.is_primary AND NOT i.deleted);
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS interlink_channel_order(text, text)")
