"""Alembic environment: one metadata, batch mode so SQLite can ALTER."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import event, pool

from db.engine import make_engine
from db.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations must not import model code that later changes: a UTC column is
    # a plain timezone-aware DateTime on disk.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url, poolclass=pool.NullPool)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table and drops the old copy; with foreign keys on, SQLite
        # checks every referencing table for every dropped row (37,000 alarms against
        # 2,000,000 orders: hours). Off while migrating, then checked once at the end.
        event.listen(engine, "connect", _foreign_keys_off)
    with engine.connect() as connection:
        _run(connection)
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
    engine.dispose()


def _foreign_keys_off(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=OFF")
    cur.close()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
