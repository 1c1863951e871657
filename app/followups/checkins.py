"""Daily check-ins: a welfare call queued for each opted-in elder not heard from by their
hour, and its outcome. ``checkins_due`` is the periodic sweep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import settings
from app.access import SYSTEM, Actor, require
from app.errors import Conflict, NotFound
from app.followups.common import _announce, _audit, _check_call, _day_bounds, _now, _phones, _zone
from db.models import Alarm, Call, CheckinCall, Device, Elder


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


def checkins_due(session: Session, now: datetime | None = None) -> list[CheckinRow]:
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
            _announce(session, checkin=[t.id for t in tasks])
            session.commit()
    return _checkin_rows(session, today)


def record_checkin(
    session: Session,
    checkin_id: int,
    reached: bool,
    *,
    actor: Actor,
    call_id: int | None = None,
    note: str = "",
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
    _announce(session, checkin=[task.id])
    session.commit()
    rows = [r for r in _checkin_rows(session, task.day) if r.id == checkin_id]
    return rows[0] if rows else None
