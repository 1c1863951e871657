"""What order services hand out: plain frozen values, built a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.models import Area, Elder, Firm, ServiceCategory, ServiceItem, WorkOrder

# Statuses in which the firm still owes the elder the service: the deadline runs.
DEADLINE_STATUSES = frozenset({"dispatched", "accepted", "in_service"})
# Statuses the centre still has to act on or watch (the board's "open" preset).
OPEN_STATUSES = frozenset({"new", "dispatched", "accepted", "in_service", "rejected"})


def is_overdue(status: str, due_at: datetime, now: datetime) -> bool:
    """Derived, never stored: past the deadline and the service not yet delivered."""
    return status in DEADLINE_STATUSES and now > due_at


@dataclass(frozen=True)
class OrderSummary:
    id: int
    order_no: str
    status: str
    elder_id: int
    elder_name: str
    item_id: int
    item_name: str
    firm_id: int | None
    firm_name: str
    created_at: datetime
    due_at: datetime
    appointment_at: datetime | None
    elder_pays_fen: int
    government_pays_fen: int
    routing_reason: str
    overdue: bool
    disputed: bool
    staff_name: str
    community_id: int
    community_name: str
    category_id: int
    category_name: str
    quantity: int
    priority: int  # 1 urgent, 2 normal
    rejections: int


@dataclass(frozen=True)
class TransitionView:
    from_status: str | None
    to_status: str
    at: datetime
    user_name: str  # the operator who recorded it ("" for the system)
    reported_by: str  # the firm's staff member who phoned it in
    note: str


@dataclass(frozen=True)
class OrderDetail:
    summary: OrderSummary
    elder_phone: str  # display form of the first phone
    elder_address: str
    community_path: str
    item_code: str
    item_unit: str
    item_standard: str
    time_limit_min: int
    quantity: int
    market_price_fen: int
    elder_pays_fen: int
    government_pays_fen: int
    notes: str
    cancel_reason: str
    call_id: int | None
    alarm_id: int | None
    dispatched_at: datetime | None
    accepted_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    history: list[TransitionView]
    # What a step taken from this copy sends back: a newer stored one refuses it.
    version: int = 0


# The order columns a summary needs; names and the like come in one query per kind.
SUMMARY_COLUMNS = (
    WorkOrder.id,
    WorkOrder.order_no,
    WorkOrder.status,
    WorkOrder.elder_id,
    WorkOrder.item_id,
    WorkOrder.firm_id,
    WorkOrder.community_id,
    WorkOrder.created_at,
    WorkOrder.due_at,
    WorkOrder.appointment_at,
    WorkOrder.elder_pays_fen,
    WorkOrder.government_pays_fen,
    WorkOrder.routing_reason,
    WorkOrder.disputed,
    WorkOrder.staff_name,
    WorkOrder.quantity,
    WorkOrder.priority,
    WorkOrder.rejections,
)


def build_summaries(
    session: Session, rows: Sequence[Row[Any]], now: datetime
) -> list[OrderSummary]:
    """Summaries for one page of order rows (SUMMARY_COLUMNS), in the order given.

    The names are looked up per page by id rather than joined: a join lets the planner
    start from the wrong table on a 2,000,000-row board, and a page has 100 rows.
    """
    if not rows:
        return []
    elder_names: dict[int, str] = dict(
        session.execute(
            select(Elder.id, Elder.name).where(Elder.id.in_({r.elder_id for r in rows}))
        ).all()
    )
    items: dict[int, tuple[str, int]] = {
        i: (name, cat)
        for i, name, cat in session.execute(
            select(ServiceItem.id, ServiceItem.name, ServiceItem.category_id).where(
                ServiceItem.id.in_({r.item_id for r in rows})
            )
        )
    }
    categories: dict[int, str] = dict(
        session.execute(
            select(ServiceCategory.id, ServiceCategory.name).where(
                ServiceCategory.id.in_({c for _, c in items.values()})
            )
        ).all()
    )
    firm_ids = {r.firm_id for r in rows if r.firm_id is not None}
    firms: dict[int, str] = (
        dict(session.execute(select(Firm.id, Firm.name).where(Firm.id.in_(firm_ids))).all())
        if firm_ids
        else {}
    )
    areas: dict[int, str] = dict(
        session.execute(
            select(Area.id, Area.name).where(Area.id.in_({r.community_id for r in rows}))
        ).all()
    )
    out = []
    for r in rows:
        item_name, category_id = items.get(r.item_id, ("", 0))
        out.append(
            OrderSummary(
                id=r.id,
                order_no=r.order_no,
                status=r.status,
                elder_id=r.elder_id,
                elder_name=elder_names.get(r.elder_id, ""),
                item_id=r.item_id,
                item_name=item_name,
                firm_id=r.firm_id,
                firm_name=firms.get(r.firm_id, "") if r.firm_id is not None else "",
                created_at=r.created_at,
                due_at=r.due_at,
                appointment_at=r.appointment_at,
                elder_pays_fen=r.elder_pays_fen,
                government_pays_fen=r.government_pays_fen,
                routing_reason=r.routing_reason,
                overdue=is_overdue(r.status, r.due_at, now),
                disputed=bool(r.disputed),
                staff_name=r.staff_name,
                community_id=r.community_id,
                community_name=areas.get(r.community_id, ""),
                category_id=category_id,
                category_name=categories.get(category_id, ""),
                quantity=r.quantity,
                priority=r.priority,
                rejections=r.rejections,
            )
        )
    return out


def order_summaries(
    session: Session, order_ids: Sequence[int], now: datetime
) -> list[OrderSummary]:
    """Summaries of known orders, in the order given (missing ids are left out)."""
    if not order_ids:
        return []
    rows = session.execute(select(*SUMMARY_COLUMNS).where(WorkOrder.id.in_(order_ids))).all()
    position = {oid: i for i, oid in enumerate(order_ids)}
    return build_summaries(session, sorted(rows, key=lambda r: position[r.id]), now)
