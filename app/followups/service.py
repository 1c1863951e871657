"""Callbacks on completed orders, complaints, monthly care calls and daily check-ins.

The centre checks the firms' work by calling elders back: fake service records are the
known fraud of this trade, so an elder who says "nobody came" puts the order in dispute
and holds it out of the firm's subsidy until a supervisor decides. Care calls reach the
special groups once a month; the daily check-in queues a welfare call for an elder who
opted in and has not been heard from by their hour.

Every function takes a Session and returns frozen dataclasses; changes check the actor's
permission, write the audit log in the same transaction, commit, then announce on the bus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app import audit, settings
from app.access import SYSTEM, Actor, require
from app.bus import Bus
from app.errors import Conflict, FieldError, NotFound, ValidationError
from db.models import (
    Alarm,
    Call,
    CareCall,
    CheckinCall,
    Complaint,
    ComplaintStep,
    Device,
    Elder,
    ElderGroup,
    ElderPhone,
    Firm,
    FollowUp,
    ServiceItem,
    WorkOrder,
)

# What the operator records after a try. Stored results keep the names the rest of the
# console (assessment, demo history) already reads: "basic" and "not_happened".
RESULTS = ("satisfied", "basic", "unsatisfied", "no_answer", "not_happened")
_ALIASES = {"basically": "basic", "service_not_happened": "not_happened"}
MAX_TRIES = 3  # unanswered tries that make a callback "unreachable"
# Why an order was picked, strongest first (an order gets only one).
REASONS = ("complaint", "emergency", "new_firm", "sample")
# The groups most at risk of being found too late get a care call every month
# (the same set the demo history calls).
CARE_GROUPS = ("living_alone", "lost_only_child", "family_planning", "centenarian")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# ----------------------------------------------------------------------------- views


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


@dataclass(frozen=True)
class SampleResult:
    day: date
    created: int
    by_reason: dict[str, int]


@dataclass(frozen=True)
class ComplaintStepView:
    at: datetime
    user_id: int | None
    note: str


@dataclass(frozen=True)
class ComplaintView:
    id: int
    call_id: int | None
    elder_id: int | None
    elder_name: str
    phone: str
    firm_id: int | None
    firm_name: str
    order_id: int | None
    order_no: str
    received_at: datetime
    text: str
    status: str
    closed_at: datetime | None
    steps: tuple[ComplaintStepView, ...]


@dataclass(frozen=True)
class CareCallRow:
    elder_id: int
    elder_name: str
    phone: str
    tries: int  # unanswered care calls this month
    last_try_at: datetime | None


@dataclass(frozen=True)
class CareCoverage:
    month: str
    eligible: int
    reached: int

    @property
    def percent(self) -> float:
        return 100.0 * self.reached / self.eligible if self.eligible else 100.0


@dataclass(frozen=True)
class CheckinRow:
    id: int
    elder_id: int
    elder_name: str
    phone: str
    day: date
    checkin_hour: int
    queued_at: datetime
    status: str  # pending / no_answer / done


# ----------------------------------------------------------------------------- helpers


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(str(settings.get(session, "centre.timezone")))


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_of(session: Session, now: datetime) -> str:
    """The centre's local month of ``now`` as YYYY-MM (care calls are counted by it)."""
    return f"{now.astimezone(_zone(session)):%Y-%m}"


def _check_month(month: str) -> str:
    m = _MONTH.match(month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(
            [FieldError("month", "bad_month", f"month {month!r} is not written YYYY-MM")]
        )
    return month.strip()


def _sampled(order_id: int, percent: int) -> bool:
    """Deterministic: the same order is in or out of the sample on every seat and rerun.

    Knuth's multiplicative hash spreads consecutive ids evenly over 0..99.
    """
    return (order_id * 2654435761 % 2**32) % 100 < percent


def _phones(session: Session, elder_ids: Iterable[int]) -> dict[int, str]:
    """The first registered number of each elder (one query)."""
    ids = sorted(set(elder_ids))
    out: dict[int, str] = {}
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        for elder_id, number in session.execute(
            select(ElderPhone.elder_id, ElderPhone.number)
            .where(ElderPhone.elder_id.in_(part))
            .order_by(ElderPhone.elder_id, ElderPhone.id)
        ):
            out.setdefault(elder_id, number)
    return out


def _audit(
    session: Session, actor: Actor, action: str, entity: str, entity_id: int, **detail: object
) -> None:
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
    )


def _announce(bus: Bus | None, **kinds: list[int]) -> None:
    if bus is None:
        return
    for kind, ids in kinds.items():
        if ids:
            bus.changed(kind, ids)


def _check_call(session: Session, call_id: int | None) -> Call | None:
    if call_id is None:
        return None
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"call {call_id} does not exist")
    return call


# ----------------------------------------------------------------------------- follow-ups


def sample_day(
    session: Session, day: date, now: datetime | None = None, *, bus: Bus | None = None
) -> SampleResult:
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
    session.commit()
    _announce(bus, followup=[f.id for f in created])
    return SampleResult(day, len(created), by_reason)


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


def record_attempt(
    session: Session,
    followup_id: int,
    result: str,
    *,
    actor: Actor,
    note: str = "",
    call_id: int | None = None,
    bus: Bus | None = None,
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
    order_ids: list[int] = []
    if result == "no_answer":
        if fu.attempts >= MAX_TRIES:
            fu.status, fu.result, fu.done_at = "done", "unreachable", at
    elif result == "not_happened":
        fu.status, fu.result, fu.done_at = "disputed", "not_happened", at
        order = session.get(WorkOrder, fu.order_id)
        assert order is not None  # foreign key
        order.disputed = True
        order_ids.append(order.id)
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
    session.commit()
    _announce(bus, followup=[fu.id], order=order_ids)
    return get_followup(session, fu.id)


def decide_dispute(
    session: Session,
    order_id: int,
    upheld: bool,
    note: str,
    *,
    actor: Actor,
    bus: Bus | None = None,
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
    session.commit()
    _announce(bus, followup=[fu.id], order=[order_id])
    return get_followup(session, fu.id)


# ----------------------------------------------------------------------------- complaints


def _complaint_views(session: Session, items: list[Complaint]) -> list[ComplaintView]:
    """Views of many complaints in a handful of queries, not a few per complaint."""

    def names(col: Any, key: Any, ids: set[int | None]) -> dict[int, str]:
        wanted = [i for i in ids if i is not None]
        if not wanted:
            return {}
        return dict(session.execute(select(key, col).where(key.in_(wanted))).all())

    elders = names(Elder.name, Elder.id, {c.elder_id for c in items})
    firms = names(Firm.name, Firm.id, {c.firm_id for c in items})
    orders = names(WorkOrder.order_no, WorkOrder.id, {c.order_id for c in items})
    phones = _phones(session, (c.elder_id for c in items if c.elder_id is not None))
    return [
        ComplaintView(
            id=c.id,
            call_id=c.call_id,
            elder_id=c.elder_id,
            elder_name=elders.get(c.elder_id, "") if c.elder_id else "",
            phone=phones.get(c.elder_id, "") if c.elder_id else "",
            firm_id=c.firm_id,
            firm_name=firms.get(c.firm_id, "") if c.firm_id else "",
            order_id=c.order_id,
            order_no=orders.get(c.order_id, "") if c.order_id else "",
            received_at=c.received_at,
            text=c.text,
            status=c.status,
            closed_at=c.closed_at,
            steps=tuple(ComplaintStepView(st.at, st.user_id, st.note) for st in c.steps),
        )
        for c in items
    ]


def _complaint_view(session: Session, c: Complaint) -> ComplaintView:
    return _complaint_views(session, [c])[0]


def get_complaint(session: Session, complaint_id: int) -> ComplaintView:
    c = session.get(Complaint, complaint_id)
    if c is None:
        raise NotFound(f"complaint {complaint_id} does not exist")
    return _complaint_view(session, c)


def complaints(
    session: Session, *, open_only: bool = True, limit: int = 500
) -> list[ComplaintView]:
    """Complaints newest first (open and being handled ones unless ``open_only`` is off)."""
    stmt = select(Complaint).order_by(Complaint.received_at.desc(), Complaint.id.desc())
    if open_only:
        stmt = stmt.where(Complaint.status != "closed")
    items = list(session.scalars(stmt.options(selectinload(Complaint.steps)).limit(limit)))
    return _complaint_views(session, items)


def _note_problem(note: str, field: str = "note") -> None:
    if not note.strip():
        raise ValidationError([FieldError(field, f"{field}_required", f"the {field} is empty")])
    if len(note) > 2000:
        raise ValidationError(
            [FieldError(field, f"{field}_too_long", f"the {field} is longer than 2,000 characters")]
        )


def record_complaint(
    session: Session,
    call_id: int | None,
    elder_id: int | None,
    firm_id: int | None,
    order_id: int | None,
    text: str,
    *,
    actor: Actor,
    bus: Bus | None = None,
    now: datetime | None = None,
) -> ComplaintView:
    """A complaint taken on any call. Given an order, its elder and firm are filled in and
    a completed order not yet called back gets a callback (complaints are always called)."""
    require(actor, "complaint.record")
    _note_problem(text, "text")
    at = _now(now)
    _check_call(session, call_id)
    order = None
    if order_id is not None:
        order = session.get(WorkOrder, order_id)
        if order is None:
            raise NotFound(f"order {order_id} does not exist")
        elder_id = elder_id or order.elder_id
        firm_id = firm_id or order.firm_id
    if elder_id is not None and session.get(Elder, elder_id) is None:
        raise NotFound(f"elder {elder_id} does not exist")
    if firm_id is not None and session.get(Firm, firm_id) is None:
        raise NotFound(f"firm {firm_id} does not exist")
    c = Complaint(
        call_id=call_id,
        elder_id=elder_id,
        firm_id=firm_id,
        order_id=order_id,
        received_at=at,
        text=text.strip(),
        status="open",
    )
    c.steps.append(ComplaintStep(at=at, user_id=actor.user_id, note=f"Received: {text.strip()}"))
    session.add(c)
    followup_ids: list[int] = []
    if (
        order is not None
        and order.status in ("completed", "closed")
        and session.scalar(select(FollowUp.id).where(FollowUp.order_id == order.id)) is None
    ):
        fu = FollowUp(
            order_id=order.id,
            reason="complaint",
            due_on=at.astimezone(_zone(session)).date(),
            status="pending",
            note="",
        )
        session.add(fu)
        session.flush()
        followup_ids.append(fu.id)
    session.flush()
    _audit(
        session,
        actor,
        "complaint.record",
        "complaint",
        c.id,
        call_id=call_id,
        elder_id=elder_id,
        firm_id=firm_id,
        order_id=order_id,
        text=text.strip(),
    )
    session.commit()
    _announce(bus, complaint=[c.id], followup=followup_ids)
    return _complaint_view(session, c)


def record_complaint_on_order(
    session: Session,
    order_no: str,
    text: str,
    *,
    call_id: int | None = None,
    actor: Actor,
    bus: Bus | None = None,
    now: datetime | None = None,
) -> ComplaintView:
    """A complaint about an order the operator names by its number (as the elder reads it
    from the service slip); the order gives the elder and the firm."""
    no = order_no.strip().upper()
    order_id = session.scalar(select(WorkOrder.id).where(WorkOrder.order_no == no)) if no else None
    if order_id is None:
        raise ValidationError(
            [
                FieldError(
                    "order_no",
                    "order_unknown",
                    f"no work order numbered {order_no.strip()!r}"
                    if no
                    else "give the order number",
                    {"value": order_no.strip()},
                )
            ]
        )
    return record_complaint(
        session, call_id, None, None, order_id, text, actor=actor, bus=bus, now=now
    )


def _open_complaint(session: Session, complaint_id: int) -> Complaint:
    c = session.get(Complaint, complaint_id)
    if c is None:
        raise NotFound(f"complaint {complaint_id} does not exist")
    if c.status == "closed":
        raise Conflict(f"complaint {complaint_id} is already closed")
    return c


def complaint_step(
    session: Session,
    complaint_id: int,
    note: str,
    *,
    actor: Actor,
    bus: Bus | None = None,
    now: datetime | None = None,
) -> ComplaintView:
    """A handling step (passed to the firm, the firm's answer, a visit...): it is "handling"."""
    require(actor, "complaint.record")
    _note_problem(note)
    c = _open_complaint(session, complaint_id)
    c.steps.append(ComplaintStep(at=_now(now), user_id=actor.user_id, note=note.strip()))
    c.status = "handling"
    _audit(session, actor, "complaint.step", "complaint", c.id, note=note.strip())
    session.commit()
    _announce(bus, complaint=[c.id])
    return _complaint_view(session, c)


def close_complaint(
    session: Session,
    complaint_id: int,
    note: str,
    *,
    actor: Actor,
    bus: Bus | None = None,
    now: datetime | None = None,
) -> ComplaintView:
    """A supervisor closes it, saying how it ended (the last step)."""
    require(actor, "complaint.close")
    _note_problem(note)
    c = _open_complaint(session, complaint_id)
    at = _now(now)
    c.steps.append(ComplaintStep(at=at, user_id=actor.user_id, note=note.strip()))
    c.status, c.closed_at = "closed", at
    _audit(session, actor, "complaint.close", "complaint", c.id, note=note.strip())
    session.commit()
    _announce(bus, complaint=[c.id])
    return _complaint_view(session, c)


# ----------------------------------------------------------------------------- care calls


def _care_eligible():  # type: ignore[no-untyped-def]
    """Active elders in a care-call group (an elder in two groups counts once).

    IN (subquery), not EXISTS: SQLite then reads the group index once instead of probing
    it for each of 200,000 elders (38 ms against 200 ms on the big demo centre)."""
    return and_(
        Elder.id.in_(select(ElderGroup.elder_id).where(ElderGroup.group.in_(CARE_GROUPS))),
        Elder.status == "active",
    )


def _reached(month: str):  # type: ignore[no-untyped-def]
    return exists().where(
        CareCall.month == month, CareCall.elder_id == Elder.id, CareCall.reached.is_(True)
    )


def care_coverage(session: Session, month: str) -> CareCoverage:
    """How many of the month's care-call elders have been reached (the target is all)."""
    month = _check_month(month)
    eligible, reached = session.execute(
        select(func.count(), func.sum(case((_reached(month), 1), else_=0)))
        .select_from(Elder)
        .where(_care_eligible())
    ).one()
    return CareCoverage(month, int(eligible or 0), int(reached or 0))


def care_call_list(
    session: Session,
    month: str,
    now: datetime | None = None,
    *,
    limit: int = 200,
    after_id: int = 0,
) -> list[CareCallRow]:
    """Care-call elders not yet reached this month, by elder id from ``after_id`` (paging):
    those tried least first would need a sort over all of them, so tries are only shown."""
    del now  # the month says it all; kept for the caller's symmetry with the other lists
    month = _check_month(month)
    rows = session.execute(
        select(Elder.id, Elder.name)
        .where(Elder.id > after_id, _care_eligible(), ~_reached(month))
        .order_by(Elder.id)
        .limit(limit)
    ).all()
    ids = [r.id for r in rows]
    tries: dict[int, tuple[int, datetime | None]] = {}
    if ids:
        for elder_id, n, last in session.execute(
            select(CareCall.elder_id, func.count(), func.max(CareCall.at))
            .where(CareCall.month == month, CareCall.elder_id.in_(ids))
            .group_by(CareCall.elder_id)
        ):
            tries[elder_id] = (n, last)
    phones = _phones(session, ids)
    return [
        CareCallRow(
            elder_id=r.id,
            elder_name=r.name,
            phone=phones.get(r.id, ""),
            tries=tries.get(r.id, (0, None))[0],
            last_try_at=tries.get(r.id, (0, None))[1],
        )
        for r in rows
    ]


def record_care_call(
    session: Session,
    elder_id: int,
    *,
    actor: Actor,
    call_id: int | None = None,
    reached: bool | None = None,
    note: str = "",
    bus: Bus | None = None,
    now: datetime | None = None,
) -> CareCoverage:
    """A care call made: reached when its call record was answered (or as told)."""
    require(actor, "followup.record")
    if session.get(Elder, elder_id) is None:
        raise NotFound(f"elder {elder_id} does not exist")
    call = _check_call(session, call_id)
    if reached is None:
        reached = call is not None and call.answered_at is not None
    at = _now(now)
    month = month_of(session, at)
    row = CareCall(
        elder_id=elder_id,
        month=month,
        at=at,
        call_id=call_id,
        operator_id=actor.user_id,
        reached=reached,
        note=note,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, "care_call.record", "elder", elder_id, reached=reached, call_id=call_id)
    session.commit()
    _announce(bus, care_call=[row.id])
    return care_coverage(session, month)


# ----------------------------------------------------------------------------- check-ins


def _checkin_rows(session: Session, day: date) -> list[CheckinRow]:
    default_hour = int(settings.get(session, "checkin.default_hour"))
    rows = session.execute(
        select(
            CheckinCall.id,
            CheckinCall.elder_id,
            Elder.name,
            Elder.checkin_hour,
            CheckinCall.day,
            CheckinCall.queued_at,
            CheckinCall.status,
        )
        .join(Elder, Elder.id == CheckinCall.elder_id)
        .where(CheckinCall.day == day, CheckinCall.status != "done")
        .order_by(CheckinCall.queued_at, CheckinCall.id)
    ).all()
    phones = _phones(session, (r.elder_id for r in rows))
    return [
        CheckinRow(
            id=r.id,
            elder_id=r.elder_id,
            elder_name=r.name,
            phone=phones.get(r.elder_id, ""),
            day=r.day,
            checkin_hour=default_hour if r.checkin_hour is None else r.checkin_hour,
            queued_at=r.queued_at,
            status=r.status,
        )
        for r in rows
    ]


def checkin_list(session: Session, now: datetime | None = None) -> list[CheckinRow]:
    """Today's open welfare calls (read only: ``checkins_due`` queues new ones)."""
    return _checkin_rows(session, _now(now).astimezone(_zone(session)).date())


def checkins_due(
    session: Session, now: datetime | None = None, *, bus: Bus | None = None
) -> list[CheckinRow]:
    """Queue a welfare call for every opted-in elder not heard from today by their hour
    (an inbound or answered call, a device's periodic test or event, any alarm); return
    today's open welfare calls. Idempotent: one per elder per day."""
    at = _now(now)
    zone = _zone(session)
    local = at.astimezone(zone)
    today = local.date()
    start, _end = _day_bounds(today, zone)
    default_hour = int(settings.get(session, "checkin.default_hour"))
    heard = or_(
        exists().where(
            Call.elder_id == Elder.id,
            Call.started_at >= start,
            or_(Call.direction == "in", Call.answered_at.is_not(None)),
        ),
        exists().where(
            Device.elder_id == Elder.id,
            or_(Device.last_test_at >= start, Device.last_event_at >= start),
        ),
        exists().where(Alarm.elder_id == Elder.id, Alarm.received_at >= start),
    )
    due_ids = session.scalars(
        select(Elder.id).where(
            Elder.daily_checkin.is_(True),
            Elder.status == "active",
            func.coalesce(Elder.checkin_hour, default_hour) <= local.hour,
            ~exists().where(CheckinCall.elder_id == Elder.id, CheckinCall.day == today),
            ~heard,
        )
    ).all()
    if due_ids:
        tasks = [
            CheckinCall(elder_id=i, day=today, queued_at=at, status="pending", note="")
            for i in due_ids
        ]
        session.add_all(tasks)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()  # another seat queued them a moment ago
        else:
            _audit(session, SYSTEM, "checkin.queue", "checkin", tasks[0].id, elders=list(due_ids))
            session.commit()
            _announce(bus, checkin=[t.id for t in tasks])
    return _checkin_rows(session, today)


def record_checkin(
    session: Session,
    checkin_id: int,
    reached: bool,
    *,
    actor: Actor,
    call_id: int | None = None,
    note: str = "",
    bus: Bus | None = None,
    now: datetime | None = None,
) -> CheckinRow | None:
    """The welfare call's outcome; an unanswered one stays on the list (call the contacts)."""
    require(actor, "followup.record")
    task = session.get(CheckinCall, checkin_id)
    if task is None:
        raise NotFound(f"welfare call {checkin_id} does not exist")
    if task.status == "done":
        raise Conflict("this welfare call is already recorded")
    _check_call(session, call_id)
    task.status = "done" if reached else "no_answer"
    task.call_id = call_id if call_id is not None else task.call_id
    task.operator_id = actor.user_id
    task.done_at = _now(now) if reached else None
    if note:
        task.note = note
    _audit(session, actor, "checkin.record", "checkin", task.id, reached=reached, call_id=call_id)
    session.commit()
    _announce(bus, checkin=[task.id])
    rows = [r for r in _checkin_rows(session, task.day) if r.id == checkin_id]
    return rows[0] if rows else None


def daily_sweep(
    session: Session, now: datetime | None = None, *, bus: Bus | None = None
) -> SampleResult:
    """What the follow-up screen runs on opening and refreshing: yesterday's and today's
    sampling (idempotent, so any seat may run it) and the check-ins now due."""
    at = _now(now)
    today = at.astimezone(_zone(session)).date()
    first = sample_day(session, today - timedelta(days=1), at, bus=bus)
    second = sample_day(session, today, at, bus=bus)
    checkins_due(session, at, bus=bus)
    merged = dict(first.by_reason)
    for k, v in second.by_reason.items():
        merged[k] = merged.get(k, 0) + v
    return SampleResult(today, first.created + second.created, merged)
