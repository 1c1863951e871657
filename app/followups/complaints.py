"""Complaints taken on any call and the steps of handling them until a supervisor closes
them; a complaint about a completed order also queues its callback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.access import Actor, require
from app.errors import Conflict, FieldError, NotFound, ValidationError
from app.followups.common import _announce, _audit, _check_call, _now, _phones, _zone
from db.models import Complaint, ComplaintStep, Elder, Firm, FollowUp, WorkOrder


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
    _announce(session, complaint=[c.id], followup=followup_ids)
    session.commit()
    return _complaint_view(session, c)


def record_complaint_on_order(
    session: Session,
    order_no: str,
    text: str,
    *,
    call_id: int | None = None,
    actor: Actor,
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
    return record_complaint(session, call_id, None, None, order_id, text, actor=actor, now=now)


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
    now: datetime | None = None,
) -> ComplaintView:
    """A handling step (passed to the firm, the firm's answer, a visit...): it is "handling"."""
    require(actor, "complaint.record")
    _note_problem(note)
    c = _open_complaint(session, complaint_id)
    c.steps.append(ComplaintStep(at=_now(now), user_id=actor.user_id, note=note.strip()))
    c.status = "handling"
    _audit(session, actor, "complaint.step", "complaint", c.id, note=note.strip())
    _announce(session, complaint=[c.id])
    session.commit()
    return _complaint_view(session, c)


def close_complaint(
    session: Session,
    complaint_id: int,
    note: str,
    *,
    actor: Actor,
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
    _announce(session, complaint=[c.id])
    session.commit()
    return _complaint_view(session, c)
