"""Alembic environment: migrations run on the connection the workspace hands over."""

from alembic import context

from storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the workspace always passes one
    raise RuntimeError("storage migrations run through storage.workspace, not the alembic CLI")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
