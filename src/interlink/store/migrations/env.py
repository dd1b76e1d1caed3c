"""Alembic environment: runs on the connection Interlink hands it (see store/migrate.py)."""

from alembic import context
from sqlalchemy import text

import interlink.store.egress_tables
import interlink.store.inbound_tables  # noqa: F401  (inbound, alerts)
from interlink.store import paging_tables  # noqa: F401  (account users, teams, routers)
from interlink.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Interlink runs its migrations through interlink.store.migrate.upgrade()")

if connection.dialect.name == "postgresql":
    # Serializes concurrent starts: only one process applies migrations at a time.
    connection.execute(text("SELECT pg_advisory_xact_lock(7260145)"))

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
