"""Work orders (工单) and their audited transition history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base

ORDER_STATUSES = (
    "new",
    "dispatched",
    "accepted",
    "in_service",
    "completed",
    "closed",
    "rejected",
    "cancelled",
)


class WorkOrder(Base):
    __tablename__ = "work_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(20), unique=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id"))
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(40), default="")
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    alarm_id: Mapped[int | None] = mapped_column(ForeignKey("alarms.id"))
    # Copied from the elder at creation so the board filters by area without a join.
    community_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    status: Mapped[str] = mapped_column(String(12))
    priority: Mapped[int] = mapped_column(Integer, default=2)
    # Bumped by every save: a stale save (opened before another seat's) is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    # Prices frozen at creation, in fen, for the whole quantity: market price, what the
    # elder pays and the government's share.
    market_price_fen: Mapped[int] = mapped_column(Integer)
    elder_pays_fen: Mapped[int] = mapped_column(Integer)
    government_pays_fen: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column()
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    appointment_at: Mapped[datetime | None] = mapped_column()
    # Deadline from the item's time limit; overdue is derived from it, never a state.
    due_at: Mapped[datetime] = mapped_column()
    dispatched_at: Mapped[datetime | None] = mapped_column()
    accepted_at: Mapped[datetime | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    routing_reason: Mapped[str] = mapped_column(String(200), default="")
    rejections: Mapped[int] = mapped_column(Integer, default=0)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    transitions: Mapped[list[OrderTransition]] = relationship(
        order_by="OrderTransition.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_work_orders_created", "created_at"),
        Index("ix_work_orders_status_created", "status", "created_at"),
        Index("ix_work_orders_firm_created", "firm_id", "created_at"),
        Index("ix_work_orders_elder_created", "elder_id", "created_at"),
        Index("ix_work_orders_community_created", "community_id", "created_at"),
        Index("ix_work_orders_status_due", "status", "due_at"),
        Index("ix_work_orders_completed", "completed_at"),
        # A new firm's first completed orders are always called back (follow-up sampling).
        Index("ix_work_orders_firm_completed", "firm_id", "completed_at"),
        # Open load per firm (routing) and the board's firm + status filter.
        Index("ix_work_orders_firm_status", "firm_id", "status", "created_at"),
        # Routing's rotation: who last got this item in this community.
        Index("ix_work_orders_route", "community_id", "item_id", "firm_id", "dispatched_at"),
        # The board sorted by deadline across all statuses.
        Index("ix_work_orders_due", "due_at"),
    )


class OrderTransition(Base):
    __tablename__ = "order_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("work_orders.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who reported it when the firm phones in (staff member's name), or the operator.
    reported_by: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
