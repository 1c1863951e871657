"""Shared fixtures: a migrated database on SQLite and on a real PostgreSQL server.

``make test`` starts a throwaway PostgreSQL cluster and sets ANXIN_TEST_PG; every test
that takes ``db`` then runs twice, once per backend. Without it (a quick local run)
the PostgreSQL half is skipped, unless ANXIN_REQUIRE_PG says it must not be.
"""

from __future__ import annotations

import os

# Must precede any Qt import: pytest-qt aborts without a platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's keyring or data folder from a test.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# Nor this PC's station file (the gateway ports the console would open).
os.environ.setdefault(
    "ANXIN_CONFIG_DIR", __import__("tempfile").mkdtemp(prefix="anxin-test-config-")
)

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.context import Database, open_database
from db.engine import make_engine
from db.migrate import upgrade
from db.models import Base

PG_URL = os.environ.get("ANXIN_TEST_PG", "")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    if not PG_URL:
        if os.environ.get("ANXIN_REQUIRE_PG"):
            pytest.fail(
                "ANXIN_REQUIRE_PG is set but ANXIN_TEST_PG is empty: PostgreSQL not started"
            )
        pytest.skip("no PostgreSQL server (ANXIN_TEST_PG unset); `make test` starts one")
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(PG_URL)
    return PG_URL


def _truncate_all(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database; runs the test once per backend."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "anxin.db"
        shutil.copy(template, path)
        database = open_database(f"sqlite:///{path}")
        yield database
        database.close()
    else:
        url = request.getfixturevalue("pg_migrated")
        database = open_database(url)
        _truncate_all(database)
        yield database
        database.close()


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """SQLite only, for tests that are about one PC's local file (and for speed)."""
    path = tmp_path / "anxin.db"
    shutil.copy(sqlite_template, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()
