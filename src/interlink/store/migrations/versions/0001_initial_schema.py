"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import interlink.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=True),
        sa.Column("environment_id", sa.String(length=40), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=40), nullable=False),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_env_id", ["environment_id", "id"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("locked_until", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("environment_id", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_keys_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    op.create_table(
        "environments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_environments_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_environments")),
        sa.UniqueConstraint("organization_id", "name", name=op.f("uq_environments_organization_id_name")),
    )
    with op.batch_alter_table("environments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_environments_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "organization_enabled_types",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("type_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_enabled_types_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("organization_id", "type_id", name=op.f("pk_organization_enabled_types")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=24), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "scopes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_api_keys_environment_id_environments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_keys_environment_id"), ["environment_id"], unique=False)

    op.create_table(
        "data_keys",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("master_key_id", sa.String(length=40), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_data_keys_environment_id_environments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_keys")),
    )
    with op.batch_alter_table("data_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_keys_environment_id"), ["environment_id"], unique=False)

    op.create_table(
        "integrations",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("identifier", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column(
            "properties",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("credentials", sa.Text(), nullable=True),
        sa.Column(
            "credential_keys",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "conditions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", interlink.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.String(length=40), nullable=True),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_integrations_environment_id_environments")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_integrations_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrations")),
    )
    with op.batch_alter_table("integrations", schema=None) as batch_op:
        batch_op.create_index("ix_integrations_env_live", ["environment_id", "deleted", "id"], unique=False)
        batch_op.create_index(
            "uq_integrations_identifier_live",
            ["environment_id", "identifier"],
            unique=True,
            sqlite_where=sa.text("deleted = 0"),
            postgresql_where=sa.text("deleted = false"),
        )
        batch_op.create_index(
            "uq_integrations_primary_per_channel",
            ["environment_id", "channel"],
            unique=True,
            sqlite_where=sa.text("is_primary = 1 AND deleted = 0"),
            postgresql_where=sa.text("is_primary = true AND deleted = false"),
        )

    op.create_table(
        "places",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("parent_id", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_places_environment_id_environments")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["places.id"], name=op.f("fk_places_parent_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_environment_id"), ["environment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "things",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "metadata",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"], ["environments.id"], name=op.f("fk_things_environment_id_environments")
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_things_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_things")),
    )
    with op.batch_alter_table("things", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_things_environment_id"), ["environment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_things_place_id"), ["place_id"], unique=False)

    op.create_table(
        "resource_mappings",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("environment_id", sa.String(length=40), nullable=False),
        sa.Column("integration_id", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("resource_path", sa.String(length=200), nullable=False),
        sa.Column("place_id", sa.String(length=40), nullable=False),
        sa.Column("thing_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", interlink.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["environment_id"],
            ["environments.id"],
            name=op.f("fk_resource_mappings_environment_id_environments"),
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_resource_mappings_integration_id_integrations"),
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_resource_mappings_place_id_places")),
        sa.ForeignKeyConstraint(["thing_id"], ["things.id"], name=op.f("fk_resource_mappings_thing_id_things")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_mappings")),
        sa.UniqueConstraint(
            "integration_id", "external_id", name=op.f("uq_resource_mappings_integration_id_external_id")
        ),
    )
    with op.batch_alter_table("resource_mappings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_mappings_environment_id"), ["environment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_mappings_integration_id"), ["integration_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_mappings_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resource_mappings_thing_id"), ["thing_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("resource_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_mappings_thing_id"))
        batch_op.drop_index(batch_op.f("ix_resource_mappings_place_id"))
        batch_op.drop_index(batch_op.f("ix_resource_mappings_integration_id"))
        batch_op.drop_index(batch_op.f("ix_resource_mappings_environment_id"))

    op.drop_table("resource_mappings")
    with op.batch_alter_table("things", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_things_place_id"))
        batch_op.drop_index(batch_op.f("ix_things_environment_id"))

    op.drop_table("things")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_parent_id"))
        batch_op.drop_index(batch_op.f("ix_places_environment_id"))

    op.drop_table("places")
    with op.batch_alter_table("integrations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_integrations_primary_per_channel",
            sqlite_where=sa.text("is_primary = 1 AND deleted = 0"),
            postgresql_where=sa.text("is_primary = true AND deleted = false"),
        )
        batch_op.drop_index(
            "uq_integrations_identifier_live",
            sqlite_where=sa.text("deleted = 0"),
            postgresql_where=sa.text("deleted = false"),
        )
        batch_op.drop_index("ix_integrations_env_live")

    op.drop_table("integrations")
    with op.batch_alter_table("data_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_keys_environment_id"))

    op.drop_table("data_keys")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_environment_id"))

    op.drop_table("api_keys")
    op.drop_table("organization_enabled_types")
    with op.batch_alter_table("environments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_environments_organization_id"))

    op.drop_table("environments")
    op.drop_table("organizations")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_expires_at"))

    op.drop_table("idempotency_keys")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_env_id")

    op.drop_table("audit_events")
