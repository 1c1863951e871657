"""Alarms raised by devices through the receiver, and what operators did about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base

ALARM_STATUSES = ("raised", "claimed", "resolved")
# What the operator records when resolving (app.alarms.OUTCOMES says which need a note);
# "restored" is set by the console itself when the device reports the condition over.
# Rows written before 0003 (and the demo history) also hold "real_emergency" and
# "no_answer_visit", the earlier names of the first and the last.
ALARM_OUTCOMES = (
    "real_emergency_ambulance",
    "helped_by_contact",
    "helped_by_firm",
    "accidental",
    "test",
    "device_fault",
    "no_answer_visit_sent",
    "restored",
)
STORM_STATUSES = ("raised", "claimed", "resolved")
ESCALATION_KINDS = ("unclaimed", "breach_warning", "unresolved")


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
    # The claimer as the loser of a claim race is told ("张丽 has it"): a console signed
    # in without a user row (demo, tests) has no claimed_by but still a name.
    claimed_by_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    claimed_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    # Presses of the same device folded into this open alarm (1 = just the first).
    repeat_count: Mapped[int] = mapped_column(Integer, default=1)
    last_repeat_at: Mapped[datetime | None] = mapped_column()
    storm_id: Mapped[int | None] = mapped_column(ForeignKey("alarm_storms.id"), index=True)
    # The highest escalation recorded (see AlarmEscalation): 0 none.
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every save: a stale save (opened before another seat's) is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

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
    # Who did it, as the card shows it (user_id is empty for a console without users).
    actor: Mapped[str] = mapped_column(String(40), default="", server_default="")


class AlarmStorm(Base):
    """Many devices of one street reporting the same trouble within minutes (a power cut):
    one entry in the queue, claimed and resolved as one, its alarms pointing here."""

    __tablename__ = "alarm_storms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_code: Mapped[str] = mapped_column(String(4))
    event_name: Mapped[str] = mapped_column(String(60), default="")
    street_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    started_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default="raised", index=True)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_by_name: Mapped[str] = mapped_column(String(40), default="")
    claimed_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_note: Mapped[str] = mapped_column(Text, default="")


class AlarmEscalation(Base):
    """One escalation of one alarm, recorded once per kind (the supervisor's banner)."""

    __tablename__ = "alarm_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    alarm_id: Mapped[int] = mapped_column(ForeignKey("alarms.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column()
    waited_s: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("alarm_id", "kind"),)


class AlarmRepeat(Base):
    """A repeated press folded into an open alarm; its key keeps re-sends from counting."""

    __tablename__ = "alarm_repeats"

    id: Mapped[int] = mapped_column(primary_key=True)
    alarm_id: Mapped[int] = mapped_column(ForeignKey("alarms.id", ondelete="CASCADE"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    at: Mapped[datetime] = mapped_column()
