"""Writing changes to the outbox, inside the transaction that made them.

Services call ``announce(session, change)`` anywhere before they commit; the rows are
written just before the commit (after the session's own flush), so a rolled-back
transaction announces nothing and a committed one can never lose its announcement.
Code on a bare ``Connection`` (the gateway's writer) calls ``write(conn, changes)``
inside its transaction.

Readers follow ``seq``, so ``seq`` must become visible in order. SQLite gives that for
free (one writer at a time). On PostgreSQL two transactions can take numbers 7 and 8
and commit 8 first: a reader at 8 would never see 7. Each announcing transaction
therefore takes one transaction-scoped advisory lock right before it inserts its rows,
and holds it to its commit, so numbers are handed out in commit order. It is taken
after the flush, when nothing is left to wait for but the insert and the commit, so it
is held for well under a millisecond and cannot deadlock with row locks. A NOTIFY in
the same transaction wakes every listener at commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, event, func, insert, select, text
from sqlalchemy.orm import Session

from app.feed.topics import Change
from db.models import OutboxEntry

CHANNEL = "anxin_feed"
# Any constant both sides agree on; 0x616e78696e = "anxin".
ORDER_LOCK = 0x616E78696E
_PENDING = "anxin.outbox.pending"

_INSERT = insert(OutboxEntry)


def announce(session: Session, *changes: Change) -> None:
    """Record ``changes`` to be written with this session's next commit."""
    if not session.in_transaction():
        # Tie them to a transaction, so its rollback (or close) forgets them.
        session.begin()
    pending: list[Change] = session.info.setdefault(_PENDING, [])
    pending.extend(changes)


def write(conn: Connection, changes: Sequence[Change], at: datetime | None = None) -> None:
    """Insert the rows of ``changes`` in ``conn``'s open transaction (and wake listeners)."""
    if not changes:
        return
    stamp = at or datetime.now(UTC)
    rows = [
        {"at": stamp, "topic": c.topic, "kind": c.kind, "ids": list(c.ids), "data": c.data()}
        for c in changes
    ]
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ORDER_LOCK})
        conn.execute(_INSERT, rows)
        conn.execute(text("SELECT pg_notify(:c, '')"), {"c": CHANNEL})
    else:
        conn.execute(_INSERT, rows)


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    changes: list[Change] | None = session.info.get(_PENDING)
    if not changes:
        return
    # Flush first: the advisory lock must be the last thing the transaction waits for.
    session.flush()
    batch, session.info[_PENDING] = list(changes), []
    write(session.connection(), batch)


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: Any) -> None:
    # Committed ones were written and cleared already; what is left was rolled back.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def last_seq(conn: Connection | Session) -> int:
    """The newest seq written (0 for none): an index read of the primary key."""
    return int(conn.execute(select(func.max(OutboxEntry.seq))).scalar() or 0)


def read_after(conn: Connection | Session, seq: int, limit: int = 500) -> list[Any]:
    return list(
        conn.execute(
            select(
                OutboxEntry.seq,
                OutboxEntry.at,
                OutboxEntry.topic,
                OutboxEntry.kind,
                OutboxEntry.ids,
                OutboxEntry.data,
            )
            .where(OutboxEntry.seq > seq)
            .order_by(OutboxEntry.seq)
            .limit(limit)
        ).all()
    )


def prune(session: Session, now: datetime, keep: timedelta) -> int:
    """Delete rows older than ``keep``; returns how many. Never the newest row, so
    SQLite's AUTOINCREMENT and a reader's position stay meaningful after an idle week."""
    newest = last_seq(session)
    result = session.execute(
        delete(OutboxEntry).where(OutboxEntry.at < now - keep, OutboxEntry.seq < newest)
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


