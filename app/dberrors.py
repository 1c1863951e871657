"""Telling a busy database from one that is gone, from a bug of ours.

A busy database (SQLite's "database is locked", a PostgreSQL lock or statement timeout
we set ourselves) answers in a moment: it is retried, and never shown as an outage or
sent to the gateway's journal as if the server had died. An unreachable one (refused,
dropped, disk full) is the machine's fault and is.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# SQLSTATEs: lock_not_available, query_canceled (our statement_timeout), deadlock,
# serialization failure.
BUSY_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})
BUSY_SQLITE = ("database is locked", "database is busy", "database table is locked")


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError) or exc.connection_invalidated:
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in BUSY_SQLSTATES:
        return True
    text = str(orig).lower()
    return any(m in text for m in BUSY_SQLITE)


def is_unreachable(exc: BaseException) -> bool:
    """The database refused or is gone (the machine's fault), as opposed to a bug of ours
    or a moment's contention."""
    if is_busy(exc):
        return False
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated
