"""Callbacks on completed orders, monthly care calls and complaints."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base

FOLLOWUP_RESULTS = ("satisfied", "basic", "unsatisfied", "unreachable", "not_happened")
COMPLAINT_STATUSES = ("open", "handling", "closed")


class FollowUp(Base):
    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(16), default="sample")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    result: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    done_at: Mapped[datetime | None] = mapped_column()
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_followups_status_due", "status", "due_on"),)


class CareCall(Base):
    __tablename__ = "care_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id"))
    month: Mapped[str] = mapped_column(String(7))
    at: Mapped[datetime] = mapped_column()
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reached: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_care_calls_month_elder", "month", "elder_id"),)


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    elder_id: Mapped[int | None] = mapped_column(ForeignKey("elders.id"), index=True)
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("work_orders.id"), index=True)
    received_at: Mapped[datetime] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_at: Mapped[datetime | None] = mapped_column()

    steps: Mapped[list[ComplaintStep]] = relationship(
        order_by="ComplaintStep.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_complaints_firm_received", "firm_id", "received_at"),)


class ComplaintStep(Base):
    __tablename__ = "complaint_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text)


class CheckinCall(Base):
    """A welfare call queued because an opted-in elder was not heard from by their hour."""

    __tablename__ = "checkin_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id"))
    # The centre's local day it is for: one welfare call per elder per day.
    day: Mapped[date] = mapped_column(Date)
    queued_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("elder_id", "day", name="uq_checkin_calls_elder_day"),
        Index("ix_checkin_calls_day_status", "day", "status"),
    )
