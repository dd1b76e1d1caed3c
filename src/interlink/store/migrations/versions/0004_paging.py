"""account users, teams and routers

Revision ID: 0004_paging
Revises: 0002
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import interlink.store.types

revision = "0004_paging"
down_revision = "0002"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def _time() -> interlink.store.types.UTCDateTime:
    return interlink.store.types.UTCDateTime(timezone=True)


def _table(name: str, *columns: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        *columns,
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("updated_at", _time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f(f"fk_{name}_environment_id_environments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(f"ix_{name}_env_id", ["environment_id", "id"], unique=False)


def upgrade() -> None:
    _table(
        "account_users",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("contact_methods", _json(), nullable=False),
    )
    _table(
        "teams",
        sa.Column("member_ids", _json(), nullable=False),
        sa.Column("layers", _json(), nullable=False),
    )
    _table(
        "routers",
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("rules", _json(), nullable=False),
    )


def downgrade() -> None:
    for name in ("routers", "teams", "account_users"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{name}_env_id")
        op.drop_table(name)
