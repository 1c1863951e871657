"""Call records: answering, hanging up, outbound calls, what the call was about.

The gateway creates the row of an inbound call when the caller-ID box reports the ring
(app.gateway.ingest); the operator's keys then stamp when it was answered and ended,
which elder it was about, and its disposition. Outbound calls (callbacks, care calls)
are the same rows with direction "out", started by the operator. Every change is
audited and announced as ``CallChanged`` (its ``state``: answered, ended, described,
dialled) in the transaction that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app import audit
from app.access import Actor, require
from app.errors import FieldError, NotFound, ValidationError
from app.feed import announce
from app.feed.topics import CallChanged
from app.phones import display, lookup_key
from app.registry import rules
from db.models import Call, Elder
from db.models.call import CALL_DISPOSITIONS

OUTBOUND_PURPOSES = ("callback", "care_call", "followup", "other")


@dataclass(frozen=True)
class CallView:
    id: int
    direction: str
    number: str  # as shown to staff (national format when it parses)
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    elder_id: int | None
    disposition: str | None
    notes: str
    operator_id: int | None


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _view(call: Call) -> CallView:
    return CallView(
        id=call.id,
        direction=call.direction,
        number=display(call.number_norm) if call.number_norm else call.number,
        started_at=call.started_at,
        answered_at=call.answered_at,
        ended_at=call.ended_at,
        elder_id=call.elder_id,
        disposition=call.disposition,
        notes=call.notes,
        operator_id=call.operator_id,
    )


def _load(session: Session, call_id: int) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"call {call_id} does not exist")
    return call


def _finish(
    session: Session, call: Call, action: str, actor: Actor, state: str, **detail: object
) -> CallView:
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action=action,
        entity="call",
        entity_id=call.id,
        detail=detail,
    )
    announce(session, CallChanged(ids=(call.id,), state=state))
    session.commit()
    return _view(call)


def get_call(session: Session, call_id: int) -> CallView:
    return _view(_load(session, call_id))


def answer(
    session: Session,
    call_id: int,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> CallView:
    """The operator picked up: stamps the time once (a second press changes nothing)."""
    require(actor, "call.record")
    call = _load(session, call_id)
    if call.answered_at is not None:
        return _view(call)
    call.answered_at = _now(now)
    call.operator_id = actor.user_id
    return _finish(session, call, "call.answer", actor, "answered")


def hang_up(
    session: Session,
    call_id: int,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> CallView:
    """The call ended. An unanswered inbound call that ends is a missed call (kept as such)."""
    require(actor, "call.record")
    call = _load(session, call_id)
    if call.ended_at is not None:
        return _view(call)
    call.ended_at = _now(now)
    if call.operator_id is None:
        call.operator_id = actor.user_id
    return _finish(session, call, "call.hang_up", actor, "ended")


def describe(
    session: Session,
    call_id: int,
    *,
    actor: Actor,
    elder_id: int | None = None,
    disposition: str | None = None,
    notes: str | None = None,
) -> CallView:
    """Who the call was about, what it was, and the operator's note; None keeps a field."""
    require(actor, "call.record")
    call = _load(session, call_id)
    problems: list[FieldError] = []
    if disposition is not None and disposition not in CALL_DISPOSITIONS:
        problems.append(
            FieldError(
                "disposition",
                "disposition_unknown",
                f"unknown call disposition {disposition!r}",
                {"value": disposition},
            )
        )
    if elder_id is not None and session.get(Elder, elder_id) is None:
        problems.append(FieldError("elder_id", "elder_missing", f"elder {elder_id} does not exist"))
    if notes is not None and len(notes) > 2000:
        problems.append(
            FieldError("notes", "notes_too_long", "the note is longer than 2,000 characters")
        )
    if problems:
        raise ValidationError(problems)
    changed: dict[str, object] = {}
    if elder_id is not None and elder_id != call.elder_id:
        changed["elder_id"] = [call.elder_id, elder_id]
        call.elder_id = elder_id
    if disposition is not None and disposition != call.disposition:
        changed["disposition"] = [call.disposition, disposition]
        call.disposition = disposition
    if notes is not None and notes != call.notes:
        changed["notes"] = [call.notes, notes]
        call.notes = notes
    if not changed:
        return _view(call)
    return _finish(session, call, "call.describe", actor, "described", **changed)


def start_outbound(
    session: Session,
    elder_id: int,
    number: str,
    *,
    actor: Actor,
    purpose: str = "callback",
    now: datetime | None = None,
) -> CallView:
    """The operator dials an elder: a call record like an inbound one, direction "out"."""
    require(actor, "call.record")
    if session.get(Elder, elder_id) is None:
        raise NotFound(f"elder {elder_id} does not exist")
    norm = lookup_key(number, default_area_code=rules(session).area_code)
    if norm is None:
        raise ValidationError(
            [
                FieldError(
                    "number",
                    "phone_unparsable",
                    f"{number!r} is not a telephone number",
                    {"value": number},
                )
            ]
        )
    if purpose not in OUTBOUND_PURPOSES:
        raise ValidationError(
            [FieldError("purpose", "purpose_unknown", f"unknown call purpose {purpose!r}")]
        )
    disposition = {"care_call": "care_call", "followup": "followup"}.get(purpose)
    call = Call(
        direction="out",
        number=number[:40],
        number_norm=norm[:20],
        started_at=_now(now),
        operator_id=actor.user_id,
        elder_id=elder_id,
        disposition=disposition,
        source="manual",
    )
    session.add(call)
    session.flush()
    return _finish(session, call, "call.outbound", actor, "dialled", purpose=purpose, number=norm)
