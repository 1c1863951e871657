"""What the alarm services share: the open statuses, the actor's name, loading an alarm,
the holder checks and the fields every alarm announcement carries.

Every change checks the actor, writes an audit entry and announces itself
(``app.feed.announce``) in the same transaction, then commits: ``alarm.claimed`` /
``alarm.resolved`` / ``alarm.escalated`` / ``alarm.updated`` / ``alarm.muted``. A refused
or rolled-back change announces nothing; a committed one reaches every seat's feed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.access import Actor
from app.errors import Conflict, NotFound, PermissionDenied
from app.orders.routing import centre_zone
from db.models import Alarm, AlarmStorm, User

OPEN = ("raised", "claimed")


def who(actor: Actor) -> str:
    """The name colleagues know the actor by."""
    return (actor.display_name or actor.name)[:40]


def _seconds(later: datetime, earlier: datetime | None) -> float | None:
    return None if earlier is None else max(0.0, (later - earlier).total_seconds())


def _local_time(session: Session, at: datetime | None) -> str:
    if at is None:
        return ""
    return at.astimezone(centre_zone(session)).strftime("%H:%M:%S")


_CLAIMER = func.coalesce(func.nullif(Alarm.claimed_by_name, ""), User.display_name, "")


def _alarm(session: Session, alarm_id: int, *, lock: bool = False) -> Alarm:
    query = select(Alarm).where(Alarm.id == alarm_id).execution_options(populate_existing=True)
    if lock:
        query = query.with_for_update()
    alarm = session.scalars(query).first()
    if alarm is None:
        raise NotFound(f"Alarm #{alarm_id} does not exist.")
    return alarm


def _holder_name(session: Session, alarm: Alarm) -> str:
    if alarm.claimed_by_name:
        return alarm.claimed_by_name
    if alarm.claimed_by is not None:
        user = session.get(User, alarm.claimed_by)
        if user is not None:
            return user.display_name
    return "another operator"


def _is_holder(claimed: Alarm | AlarmStorm, actor: Actor) -> bool:
    """Whether ``actor`` holds the claim of an alarm or a storm (by user, else by name)."""
    if claimed.claimed_by is not None and actor.user_id is not None:
        return claimed.claimed_by == actor.user_id
    return claimed.claimed_by_name == who(actor)


def _must_hold(session: Session, alarm: Alarm, actor: Actor, doing: str) -> None:
    """Actions and resolution need the alarm claimed, by this actor or a supervisor."""
    if alarm.status == "raised":
        raise Conflict(f"Claim the alarm before {doing}.")
    if alarm.status == "resolved":
        raise Conflict(f"This alarm was already resolved ({alarm.outcome}); nothing more to do.")
    if not _is_holder(alarm, actor) and not actor.can("alarm.supervise"):
        raise PermissionDenied(
            f"{_holder_name(session, alarm)} has claimed this alarm; only they or a "
            f"supervisor can act on it."
        )


_FIELDS = (
    Alarm.account,
    Alarm.event_code,
    Alarm.zone,
    Alarm.elder_id,
    Alarm.status,
    Alarm.priority,
    Alarm.storm_id,
)


def _fields(values: Any) -> dict[str, Any]:
    account, code, zone, elder_id, status, priority, storm_id = values
    return {
        "account": account or "",
        "event_code": code or "",
        "zone": zone or "",
        "elder_id": elder_id,
        "status": status or "",
        "priority": int(priority or 0),
        "storm_id": storm_id,
    }


def alarm_fields(alarm: Alarm) -> dict[str, Any]:
    """The hint fields of ``AlarmChange`` from a loaded alarm row."""
    return _fields(tuple(getattr(alarm, c.key) for c in _FIELDS))


def alarm_fields_of(session: Session, alarm_id: int) -> dict[str, Any]:
    """``alarm_fields`` read by id, after a bulk UPDATE left the loaded row stale.

    The read is in this transaction, so the status is the one about to be committed."""
    row = session.execute(select(*_FIELDS).where(Alarm.id == alarm_id)).first()
    return {} if row is None else _fields(row)
