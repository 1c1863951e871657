"""Inbound and outbound telephone calls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base

CALL_DIRECTIONS = ("in", "out")
CALL_DISPOSITIONS = (
    "request",
    "enquiry",
    "complaint",
    "care_call",
    "followup",
    "silent",
    "wrong_number",
    "test",
    "alarm",
)


class Call(Base):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    number: Mapped[str] = mapped_column(String(40), default="")
    number_norm: Mapped[str] = mapped_column(String(20), default="", index=True)
    line: Mapped[str] = mapped_column(String(10), default="")
    caller_name: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    elder_id: Mapped[int | None] = mapped_column(ForeignKey("elders.id"))
    disposition: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(10), default="manual")
    # Caller-ID boxes resend; this keeps one row per physical ring.
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_calls_elder_started", "elder_id", "started_at"),)
