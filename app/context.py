"""The one start-up function that builds the engine and session factory and passes them on.

No module builds an engine at import time; every entry point (console, gateway,
CLI commands, tests) calls ``open_database`` and hands the result down.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import describe_db
from db.engine import make_engine, make_session_factory
from db.migrate import current_revision, head_revision, upgrade


class DatabaseNotReady(RuntimeError):
    """The schema is missing or older than this program."""


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def description(self) -> str:
        return describe_db(self.url)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = False) -> Database:
    """Open the database; with ``migrate`` bring the schema to head first."""
    if migrate:
        upgrade(url)
    engine = make_engine(url)
    db = Database(url=url, engine=engine, sessions=make_session_factory(engine))
    if not migrate:
        have, want = current_revision(engine), head_revision()
        if have != want:
            db.close()
            raise DatabaseNotReady(
                f"database schema is at {have or 'nothing'}, this program needs {want}: "
                f"run 'anxin db upgrade'"
            )
    return db
