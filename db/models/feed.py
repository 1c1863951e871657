"""The outbox every change is announced through, and the scheduler's lease."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, utcnow

# SQLite only autoincrements an INTEGER PRIMARY KEY; elsewhere a seq must outlive 2**31.
SeqType = BigInteger().with_variant(Integer, "sqlite")


class OutboxEntry(Base):
    """One change, written in the transaction that made it; readers follow ``seq``.

    ``seq`` never goes back: on SQLite the table is AUTOINCREMENT, so pruning the newest
    rows (an idle week) cannot hand an old number out again to a reader already past it.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    topic: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    __table_args__ = ({"sqlite_autoincrement": True},)


class SchedulerLease(Base):
    """Who runs the centre's scheduler (SQLite; PostgreSQL uses an advisory lock)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    acquired_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()
