"""Daily callback sampling: which of a day's completed orders the centre calls back.

Fake service records are the known fraud of this trade, so every order with a complaint,
every emergency order and a new firm's first orders are called, plus a fixed share of the
rest. ``sampling_sweep`` is the periodic job; ``sample_day`` does one local day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import settings
from app.access import SYSTEM
from app.followups.common import _announce, _audit, _day_bounds, _now, _zone
from db.models import Complaint, FollowUp, WorkOrder

# Why an order was picked, strongest first (an order gets only one).
REASONS = ("complaint", "emergency", "new_firm", "sample")


@dataclass(frozen=True)
class SampleResult:
    day: date
    created: int
    by_reason: dict[str, int]


def _sampled(order_id: int, percent: int) -> bool:
    """Deterministic: the same order is in or out of the sample on every seat and rerun.

    Knuth's multiplicative hash spreads consecutive ids evenly over 0..99.
    """
    return (order_id * 2654435761 % 2**32) % 100 < percent


def sample_day(session: Session, day: date, now: datetime | None = None) -> SampleResult:
    """Pick the day's completed orders for a callback; running it again adds only new ones.

    Always picked: an order with a complaint, an emergency (priority 1) order, and the
    first ``followup.first_orders_of_new_firm`` completed orders of a firm; of the rest,
    ``followup.sample_percent`` by a hash of the order id.
    """
    zone = _zone(session)
    start, end = _day_bounds(day, zone)
    percent = int(settings.get(session, "followup.sample_percent"))
    first_n = int(settings.get(session, "followup.first_orders_of_new_firm"))
    due_on = day + timedelta(days=int(settings.get(session, "followup.due_days")))
    # The status is checked here, not in SQL: with it there SQLite walks the status index
    # over every completed order ever (1.2 s at 2,000,000) instead of the day's range.
    rows = [
        r
        for r in session.execute(
            select(WorkOrder.id, WorkOrder.firm_id, WorkOrder.priority, WorkOrder.status).where(
                WorkOrder.completed_at >= start,
                WorkOrder.completed_at < end,
                ~exists().where(FollowUp.order_id == WorkOrder.id),
            )
        )
        if r.status in ("completed", "closed")
    ]
    if not rows:
        return SampleResult(day, 0, {})
    ids = [r.id for r in rows]
    complained: set[int] = set()
    for chunk in range(0, len(ids), 900):
        complained.update(
            session.scalars(
                select(Complaint.order_id).where(Complaint.order_id.in_(ids[chunk : chunk + 900]))
            )
        )
    firsts: set[int] = set()
    if first_n > 0:
        for firm_id in {r.firm_id for r in rows if r.firm_id is not None}:
            # Index seek on (firm_id, completed_at): a firm's first N, however old it is.
            firsts.update(
                session.scalars(
                    select(WorkOrder.id)
                    .where(WorkOrder.firm_id == firm_id, WorkOrder.completed_at.is_not(None))
                    .order_by(WorkOrder.completed_at, WorkOrder.id)
                    .limit(first_n)
                )
            )
    by_reason: dict[str, int] = {}
    created: list[FollowUp] = []
    for r in rows:
        if r.id in complained:
            reason = "complaint"
        elif r.priority == 1:
            reason = "emergency"
        elif r.id in firsts:
            reason = "new_firm"
        elif _sampled(r.id, percent):
            reason = "sample"
        else:
            continue
        by_reason[reason] = by_reason.get(reason, 0) + 1
        created.append(
            FollowUp(order_id=r.id, reason=reason, due_on=due_on, status="pending", note="")
        )
    if not created:
        return SampleResult(day, 0, {})
    session.add_all(created)
    try:
        session.flush()
    except IntegrityError:
        # Another seat sampled the same day at the same moment: its rows stand.
        session.rollback()
        return SampleResult(day, 0, {})
    _audit(
        session,
        SYSTEM,
        "followup.sample",
        "followup",
        created[0].id,
        day=day,
        created=len(created),
        by_reason=by_reason,
        percent=percent,
    )
    _announce(session, followup=[f.id for f in created])
    session.commit()
    return SampleResult(day, len(created), by_reason)


def sampling_sweep(session: Session, now: datetime | None = None) -> SampleResult:
    """The periodic sampling job: yesterday's and today's (local) completed orders.

    Yesterday is included because orders completed late in the day may be swept only the
    next morning. Idempotent (``sample_day`` adds only orders not yet sampled, and the
    pick is a hash of the order id), so any seat may run it at any time.
    """
    at = _now(now)
    today = at.astimezone(_zone(session)).date()
    first = sample_day(session, today - timedelta(days=1), at)
    second = sample_day(session, today, at)
    merged = dict(first.by_reason)
    for k, v in second.by_reason.items():
        merged[k] = merged.get(k, 0) + v
    return SampleResult(today, first.created + second.created, merged)
