"""Alarms raised by devices through the receiver, and what operators did about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base

ALARM_STATUSES = ("raised", "claimed", "resolved")
ALARM_OUTCOMES = (
    "real_emergency",
    "helped_by_contact",
    "helped_by_firm",
    "accidental",
    "test",
    "device_fault",
    "no_answer_visit",
)


class Alarm(Base):
    __tablename__ = "alarms"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Receivers re-send unacknowledged frames: one physical event, one row.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    protocol: Mapped[str] = mapped_column(String(16))
    receiver: Mapped[str] = mapped_column(String(8), default="")
    line: Mapped[str] = mapped_column(String(8), default="")
    account: Mapped[str] = mapped_column(String(16), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    elder_id: Mapped[int | None] = mapped_column(ForeignKey("elders.id"))
    unknown_account: Mapped[bool] = mapped_column(Boolean, default=False)
    qualifier: Mapped[str] = mapped_column(String(10), default="new")
    event_code: Mapped[str] = mapped_column(String(4))
    event_name: Mapped[str] = mapped_column(String(60), default="")
    partition: Mapped[str] = mapped_column(String(4), default="")
    zone: Mapped[str] = mapped_column(String(4), default="")
    raw: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column()
    # 1 = life (medical, personal emergency, fire, panic), 2 = supervision, 3 = logged only.
    priority: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="raised")
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    repeat_count: Mapped[int] = mapped_column(Integer, default=1)
    storm_id: Mapped[int | None] = mapped_column(Integer)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)

    actions: Mapped[list[AlarmAction]] = relationship(
        order_by="AlarmAction.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_alarms_status_priority", "status", "priority", "received_at"),
        Index("ix_alarms_received", "received_at"),
        Index("ix_alarms_elder_received", "elder_id", "received_at"),
        Index("ix_alarms_device_received", "device_id", "received_at"),
    )


class AlarmAction(Base):
    __tablename__ = "alarm_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    alarm_id: Mapped[int] = mapped_column(ForeignKey("alarms.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(60), default="")
    result: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
