"""What the operator does with a claimed alarm: log actions, dispatch the emergency
work order, resolve it with an outcome.

A storm's actions are logged on its oldest open alarm, and resolving any of its alarms
resolves them all. Each announces itself with its commit: an action or the order as
``AlarmUpdated`` (``action`` says which), the resolution as ``AlarmResolved``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from app import audit
from app.access import Actor, require
from app.alarms.card import ActionView, emergency_items
from app.alarms.common import OPEN, _alarm, _must_hold, alarm_fields, alarm_fields_of, who
from app.errors import Conflict, FieldError, ValidationError
from app.feed import announce
from app.feed.topics import AlarmResolved, AlarmUpdated
from app.orders.service import OrderRequest, dispatch_order
from app.registry.elders import ContactView, get_elder
from db.models import Alarm, AlarmAction, AlarmStorm, utcnow

# The outcomes an operator picks; the console itself sets "restored".
OUTCOMES = (
    "real_emergency_ambulance",
    "helped_by_contact",
    "helped_by_firm",
    "accidental",
    "test",
    "device_fault",
    "no_answer_visit_sent",
)
NOTE_REQUIRED = frozenset({"real_emergency_ambulance", "device_fault", "no_answer_visit_sent"})
ACTION_KINDS = (
    "called_elder",
    "called_contact",
    "called_120",
    "called_110",
    "called_119",
    "order_dispatched",
    "note",
)
CALL_RESULTS = ("answered", "no_answer")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Resolved:
    alarm_id: int
    storm_id: int | None
    alarm_ids: tuple[int, ...]
    outcome: str
    resolved_at: datetime


@dataclass(frozen=True)
class DispatchedOrder:
    order_id: int
    order_no: str
    item_name: str
    firm_name: str


def log_action(
    session: Session,
    alarm_id: int,
    kind: str,
    *,
    actor: Actor,
    contact_position: int | None = None,
    outcome: str | None = None,
    note: str = "",
    target: str = "",
    now: datetime | None = None,
) -> ActionView:
    """Record what the operator did, with the time, while holding the alarm.

    ``called_elder`` / ``called_contact`` take ``outcome`` answered or no_answer (a
    contact also its ``contact_position``, 1 = first to call); ``note`` needs text.
    """
    require(actor, "alarm.resolve")
    now = now or utcnow()
    note = (note or "").strip()
    problems: list[FieldError] = []
    if kind not in ACTION_KINDS:
        problems.append(
            FieldError("kind", "unknown_kind", f"Unknown action {kind!r}.", {"kind": kind})
        )
    if kind in ("called_elder", "called_contact") and outcome not in CALL_RESULTS:
        problems.append(
            FieldError(
                "outcome",
                "required",
                "Say whether the call was answered or not.",
            )
        )
    if kind == "note" and not note:
        problems.append(FieldError("note", "required", "Type the note first."))
    if len(note) > MAX_NOTE:
        problems.append(
            FieldError(
                "note",
                "too_long",
                f"The note is {len(note)} characters; at most {MAX_NOTE} are kept.",
                {"max": str(MAX_NOTE)},
            )
        )
    alarm = _alarm(session, alarm_id, lock=True)
    if kind == "called_contact" and not problems:
        contact = _contact(session, alarm, contact_position)
        if contact is None:
            problems.append(
                FieldError(
                    "contact_position",
                    "no_such_contact",
                    f"The elder has no emergency contact number {contact_position}.",
                    {"position": str(contact_position)},
                )
            )
        else:
            target = f"{contact.position} {contact.name} {contact.phone}"[:60]
    if problems:
        session.rollback()
        raise ValidationError(problems)
    _must_hold(session, alarm, actor, "logging what was done")
    if kind == "called_elder" and not target and alarm.elder_id is not None:
        target = _elder_phone(session, alarm.elder_id)
    elif kind.startswith("called_1"):
        target = target or kind.removeprefix("called_")
    action = AlarmAction(
        alarm_id=alarm.id,
        at=now,
        user_id=actor.user_id,
        kind=kind,
        target=target[:60],
        result=(outcome or "")[:20],
        note=note,
        actor=who(actor),
    )
    session.add(action)
    session.flush()
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action=f"alarm_{kind}",
        entity="alarm",
        entity_id=alarm.id,
        detail={"target": action.target, "result": action.result, "note": note},
    )
    announce(session, AlarmUpdated(ids=(alarm.id,), **alarm_fields(alarm), action=kind))
    session.commit()
    return ActionView(
        action.id, alarm.id, now, kind, action.target, action.result, note, action.actor
    )


def _contact(session: Session, alarm: Alarm, position: int | None) -> ContactView | None:
    if alarm.elder_id is None or position is None:
        return None
    for c in get_elder(session, alarm.elder_id).contacts:
        if c.position == position:
            return c
    return None


def _elder_phone(session: Session, elder_id: int) -> str:
    detail = get_elder(session, elder_id)
    return detail.phones[0].display if detail.phones else ""


def dispatch_emergency_order(
    session: Session,
    alarm_id: int,
    *,
    actor: Actor,
    item_id: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> DispatchedOrder:
    """A work order for the alarm's elder: the 紧急援助 item (the general one unless
    ``item_id`` says which) to the elder's firm by the routing rule, linked to the alarm,
    and logged on it as ``order_dispatched``."""
    require(actor, "alarm.resolve")
    now = now or utcnow()
    alarm = _alarm(session, alarm_id)
    _must_hold(session, alarm, actor, "dispatching an order")
    if alarm.elder_id is None:
        raise ValidationError(
            [
                FieldError(
                    "alarm_id",
                    "no_elder",
                    "This alarm came from a device no elder is registered with; "
                    "register the device first.",
                )
            ]
        )
    if item_id is None:
        items = emergency_items(session)
        if not items:
            raise ValidationError(
                [
                    FieldError(
                        "item_id",
                        "no_emergency_item",
                        "The catalogue has no active 紧急援助 item to dispatch.",
                    )
                ]
            )
        item_id = items[0].id
    event = f"{alarm.event_code} {alarm.event_name}".strip()
    order = dispatch_order(
        session,
        OrderRequest(
            elder_id=alarm.elder_id,
            item_id=item_id,
            notes=(note.strip() or f"报警 #{alarm.id} {event}")[:2000],
            alarm_id=alarm.id,
        ),
        actor=actor,
        now=now,
    )
    session.add(
        AlarmAction(
            alarm_id=alarm.id,
            at=now,
            user_id=actor.user_id,
            kind="order_dispatched",
            target=order.order_no[:60],
            result="",
            note=f"{order.item_name} → {order.firm_name}",
            actor=who(actor),
        )
    )
    announce(
        session,
        AlarmUpdated(
            ids=(alarm.id,), **alarm_fields_of(session, alarm.id), action="order_dispatched"
        ),
    )
    session.commit()
    return DispatchedOrder(order.id, order.order_no, order.item_name, order.firm_name)


def resolve(
    session: Session,
    alarm_id: int,
    outcome: str,
    note: str,
    actor: Actor,
    now: datetime | None = None,
) -> Resolved:
    """Close the alarm (all of its storm) with an outcome; some outcomes need a note."""
    require(actor, "alarm.resolve")
    now = now or utcnow()
    note = (note or "").strip()
    problems: list[FieldError] = []
    if outcome not in OUTCOMES:
        problems.append(
            FieldError(
                "outcome",
                "unknown_outcome" if outcome else "required",
                "Choose what the alarm turned out to be.",
                {"outcome": outcome or ""},
            )
        )
    elif outcome in NOTE_REQUIRED and not note:
        problems.append(
            FieldError(
                "note",
                "required",
                "This outcome needs a note: say what happened and what was done.",
                {"outcome": outcome},
            )
        )
    if len(note) > MAX_NOTE:
        problems.append(
            FieldError(
                "note",
                "too_long",
                f"The note is {len(note)} characters; at most {MAX_NOTE} are kept.",
                {"max": str(MAX_NOTE)},
            )
        )
    if problems:
        raise ValidationError(problems)
    alarm = _alarm(session, alarm_id, lock=True)
    _must_hold(session, alarm, actor, "resolving it")
    storm_id = alarm.storm_id
    values = {"status": "resolved", "resolved_at": now, "outcome": outcome, "outcome_note": note}
    if storm_id is None:
        where: Any = and_(Alarm.id == alarm.id, Alarm.status == "claimed")
        ids = [alarm.id]
    else:
        where = and_(Alarm.storm_id == storm_id, Alarm.status.in_(OPEN))
        ids = list(session.scalars(select(Alarm.id).where(where)))
        session.execute(
            update(AlarmStorm)
            .where(AlarmStorm.id == storm_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    done = session.execute(
        update(Alarm)
        .where(where)
        .values(**values, version=Alarm.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done == 0:
        session.rollback()
        raise Conflict("Someone resolved this alarm a moment ago; the queue is refreshed.")
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="resolve",
        entity="alarm" if storm_id is None else "alarm_storm",
        entity_id=alarm.id if storm_id is None else storm_id,
        detail={"outcome": outcome, "note": note, "alarms": len(ids)},
    )
    main = (alarm.id, *(i for i in ids if i != alarm.id))
    fields = alarm_fields_of(session, alarm.id)
    fields["status"] = "resolved"
    announce(session, AlarmResolved(ids=main, **fields, outcome=outcome))
    session.commit()
    return Resolved(alarm.id, storm_id, tuple(ids), outcome, now)
