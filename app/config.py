"""Where things live: the database URL and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "anxin"
ENV_DB = "ANXIN_DB"


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'anxin.db'}"


def resolve_db_url(cli_value: str | None) -> str:
    """Command line first, then the environment, then the SQLite file in the data folder."""
    if cli_value:
        return cli_value
    return os.environ.get(ENV_DB) or default_db_url()


def describe_db(url: str) -> str:
    """A URL fit for a status bar or a log: backend and place, never the password."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return f"SQLite {u.database or ':memory:'}"
    return f"PostgreSQL {u.host or 'localhost'}:{u.port or 5432}/{u.database}"
