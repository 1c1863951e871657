"""The callback queue: tries at calling an elder back about a completed order, what the
elder said, and the disputes an elder's "nobody came" opens.

A disputed order is held out of the firm's subsidy until a supervisor decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import Actor, require
from app.errors import Conflict, FieldError, NotFound, ValidationError
from app.feed import announce
from app.feed.topics import OrderChanged
from app.followups.common import _announce, _audit, _check_call, _now, _phones, _zone
from db.models import Elder, Firm, FollowUp, ServiceItem, WorkOrder

# What the operator records after a try. Stored results keep the names the rest of the
# console (assessment, demo history) already reads: "basic" and "not_happened".
RESULTS = ("satisfied", "basic", "unsatisfied", "no_answer", "not_happened")
_ALIASES = {"basically": "basic", "service_not_happened": "not_happened"}
MAX_TRIES = 3  # unanswered tries that make a callback "unreachable"


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    order_id: int
    order_no: str
    elder_id: int
    elder_name: str
    phone: str  # the number to dial ("" when the elder has none)
    item_name: str
    firm_id: int | None
    firm_name: str
    completed_at: datetime | None
    reason: str
    due_on: date
    status: str  # pending / done / disputed / upheld / dismissed
    result: str | None
    attempts: int
    last_attempt_at: datetime | None
    disputed: bool


def _followup_select():  # type: ignore[no-untyped-def]
    return (
        select(
            FollowUp.id,
            FollowUp.order_id,
            WorkOrder.order_no,
            WorkOrder.elder_id,
            Elder.name.label("elder_name"),
            ServiceItem.name.label("item_name"),
            WorkOrder.firm_id,
            Firm.name.label("firm_name"),
            WorkOrder.completed_at,
            FollowUp.reason,
            FollowUp.due_on,
            FollowUp.status,
            FollowUp.result,
            FollowUp.attempts,
            FollowUp.last_attempt_at,
            WorkOrder.disputed,
        )
        .join(WorkOrder, WorkOrder.id == FollowUp.order_id)
        .join(Elder, Elder.id == WorkOrder.elder_id)
        .join(ServiceItem, ServiceItem.id == WorkOrder.item_id)
        .outerjoin(Firm, Firm.id == WorkOrder.firm_id)
    )


def _followup_rows(session: Session, stmt) -> list[FollowUpRow]:  # type: ignore[no-untyped-def]
    rows = session.execute(stmt).all()
    phones = _phones(session, (r.elder_id for r in rows))
    return [
        FollowUpRow(
            id=r.id,
            order_id=r.order_id,
            order_no=r.order_no,
            elder_id=r.elder_id,
            elder_name=r.elder_name,
            phone=phones.get(r.elder_id, ""),
            item_name=r.item_name,
            firm_id=r.firm_id,
            firm_name=r.firm_name or "",
            completed_at=r.completed_at,
            reason=r.reason,
            due_on=r.due_on,
            status=r.status,
            result=r.result,
            attempts=r.attempts,
            last_attempt_at=r.last_attempt_at,
            disputed=bool(r.disputed),
        )
        for r in rows
    ]


def followup_queue(
    session: Session, now: datetime | None = None, limit: int = 500
) -> list[FollowUpRow]:
    """Callbacks due by today (local), oldest first; fewer tries first within a day."""
    today = _now(now).astimezone(_zone(session)).date()
    stmt = (
        _followup_select()
        .where(FollowUp.status == "pending", FollowUp.due_on <= today)
        .order_by(FollowUp.due_on, FollowUp.attempts, FollowUp.id)
        .limit(limit)
    )
    return _followup_rows(session, stmt)


def get_followup(session: Session, followup_id: int) -> FollowUpRow:
    rows = _followup_rows(session, _followup_select().where(FollowUp.id == followup_id))
    if not rows:
        raise NotFound(f"follow-up {followup_id} does not exist")
    return rows[0]


def disputes_pending(session: Session, limit: int = 500) -> list[FollowUpRow]:
    """Orders an elder says never happened, awaiting a supervisor's decision."""
    stmt = (
        _followup_select()
        .where(FollowUp.status == "disputed")
        .order_by(FollowUp.done_at, FollowUp.id)
        .limit(limit)
    )
    return _followup_rows(session, stmt)


def _announce_order(session: Session, order: WorkOrder) -> None:
    # The dispute flag moves the order in or out of the firm's subsidy, so the order's
    # own listeners (board, detail, settlement) hear it with its status and firm.
    announce(session, OrderChanged(ids=(order.id,), status=order.status, firm_id=order.firm_id))


def record_attempt(
    session: Session,
    followup_id: int,
    result: str,
    *,
    actor: Actor,
    note: str = "",
    call_id: int | None = None,
    now: datetime | None = None,
) -> FollowUpRow:
    """One try at the callback and what the elder said.

    ``no_answer`` leaves it in the queue until the third, which makes it unreachable;
    ``not_happened`` (or ``service_not_happened``) disputes the order, holding it out of
    the firm's subsidy until a supervisor decides.
    """
    require(actor, "followup.record")
    result = _ALIASES.get(result, result)
    if result not in RESULTS:
        raise ValidationError(
            [FieldError("result", "result_unknown", f"unknown callback result {result!r}")]
        )
    if len(note) > 2000:
        raise ValidationError(
            [FieldError("note", "note_too_long", "the note is longer than 2,000 characters")]
        )
    fu = session.get(FollowUp, followup_id)
    if fu is None:
        raise NotFound(f"follow-up {followup_id} does not exist")
    if fu.status != "pending":
        raise Conflict(f"the callback on this order is already recorded ({fu.result})")
    _check_call(session, call_id)
    at = _now(now)
    fu.attempts += 1
    fu.last_attempt_at = at
    fu.operator_id = actor.user_id
    if call_id is not None:
        fu.call_id = call_id
    if note:
        fu.note = note
    disputed: WorkOrder | None = None
    if result == "no_answer":
        if fu.attempts >= MAX_TRIES:
            fu.status, fu.result, fu.done_at = "done", "unreachable", at
    elif result == "not_happened":
        fu.status, fu.result, fu.done_at = "disputed", "not_happened", at
        order = session.get(WorkOrder, fu.order_id)
        assert order is not None  # foreign key
        order.disputed = True
        disputed = order
        _audit(session, actor, "order.dispute", "order", order.id, followup_id=fu.id, note=note)
    else:
        fu.status, fu.result, fu.done_at = "done", result, at
    _audit(
        session,
        actor,
        "followup.attempt",
        "followup",
        fu.id,
        result=result,
        attempt=fu.attempts,
        call_id=call_id,
        note=note,
    )
    _announce(session, followup=[fu.id])
    if disputed is not None:
        _announce_order(session, disputed)
    session.commit()
    return get_followup(session, fu.id)


def decide_dispute(
    session: Session,
    order_id: int,
    upheld: bool,
    note: str,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> FollowUpRow:
    """A supervisor's decision on an order the elder said never happened.

    Upheld: the service did not happen; the order stays disputed and earns no subsidy.
    Not upheld: the firm showed it did; the order counts again.
    """
    require(actor, "dispute.decide")
    if not note.strip():
        raise ValidationError(
            [FieldError("note", "note_required", "say what the decision rests on")]
        )
    fu = session.scalar(select(FollowUp).where(FollowUp.order_id == order_id))
    if fu is None or fu.status != "disputed":
        raise Conflict(f"order {order_id} has no dispute awaiting a decision")
    order = session.get(WorkOrder, order_id)
    assert order is not None
    fu.status = "upheld" if upheld else "dismissed"
    order.disputed = upheld
    fu.note = (fu.note + "\n" if fu.note else "") + note.strip()
    _audit(
        session,
        actor,
        "order.dispute_decided",
        "order",
        order_id,
        upheld=upheld,
        note=note.strip(),
        at=_now(now),
    )
    _announce(session, followup=[fu.id])
    _announce_order(session, order)
    session.commit()
    return get_followup(session, fu.id)
