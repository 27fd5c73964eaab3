"""Alembic environment: migrations run on a connection the caller opened (see database.py).

No `fileConfig` here: the bot configures logging, and `database.py` keeps Alembic's INFO lines
out of it unless the bot logs at DEBUG level.
"""

from __future__ import annotations

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `ocop-bot db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
