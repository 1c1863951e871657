"""The elder card the hotline shows when the phone rings: the record and its recent history.

One call gathers everything the operator reads before saying hello, each part by an
index on (elder, time), so the card costs the same with 2,000 or 200,000 elders and
millions of orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.orders.service import LastRequest, OrderSummary, last_request, recent_orders
from app.registry.elders import ElderDetail, get_elder
from db.models import Alarm, Call

RECENT = 5


@dataclass(frozen=True)
class CardAlarm:
    id: int
    received_at: datetime
    event_code: str
    event_name: str
    status: str
    priority: int


@dataclass(frozen=True)
class CardCall:
    id: int
    started_at: datetime
    direction: str
    disposition: str | None
    number: str
    notes: str


@dataclass(frozen=True)
class ElderCard:
    elder: ElderDetail
    orders: tuple[OrderSummary, ...]
    # What "repeat the last request" repeats (with the notes the summaries leave out).
    last_request: LastRequest | None
    alarms: tuple[CardAlarm, ...]
    calls: tuple[CardCall, ...]


def elder_card(
    session: Session, elder_id: int, *, now: datetime | None = None, exclude_call: int | None = None
) -> ElderCard:
    """The card; ``exclude_call`` leaves out the call being answered from "last calls"."""
    now = now or datetime.now(UTC)
    elder = get_elder(session, elder_id)
    orders = recent_orders(session, elder_id, RECENT, now=now)
    alarms = session.execute(
        select(
            Alarm.id,
            Alarm.received_at,
            Alarm.event_code,
            Alarm.event_name,
            Alarm.status,
            Alarm.priority,
        )
        .where(Alarm.elder_id == elder_id)
        .order_by(Alarm.received_at.desc(), Alarm.id.desc())
        .limit(RECENT)
    ).all()
    call_query = select(
        Call.id, Call.started_at, Call.direction, Call.disposition, Call.number, Call.notes
    ).where(Call.elder_id == elder_id)
    if exclude_call is not None:
        call_query = call_query.where(Call.id != exclude_call)
    calls = session.execute(
        call_query.order_by(Call.started_at.desc(), Call.id.desc()).limit(RECENT)
    ).all()
    return ElderCard(
        elder=elder,
        orders=tuple(orders),
        last_request=last_request(session, elder_id) if orders else None,
        alarms=tuple(CardAlarm(r[0], r[1], r[2], r[3] or "", r[4], r[5]) for r in alarms),
        calls=tuple(CardCall(r[0], r[1], r[2], r[3], r[4], r[5] or "") for r in calls),
    )
