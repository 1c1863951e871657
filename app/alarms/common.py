"""What the alarm services share: the open statuses, the actor's name, loading an alarm,
the holder checks and publishing after a commit.

Every change checks the actor, writes an audit entry, commits, then publishes on the bus:
``alarm.claimed`` / ``alarm.resolved`` / ``alarm.escalated`` / ``alarm.action`` and
``changed`` with kind ``alarm``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.access import Actor
from app.bus import Bus
from app.errors import Conflict, NotFound, PermissionDenied
from app.orders.routing import centre_zone
from db.models import Alarm, User

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


def _is_holder(alarm: Alarm, actor: Actor) -> bool:
    if alarm.claimed_by is not None and actor.user_id is not None:
        return alarm.claimed_by == actor.user_id
    return alarm.claimed_by_name == who(actor)


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


def _publish(bus: Bus | None, topic: str, payload: dict[str, Any], ids: Sequence[int]) -> None:
    if bus is None:
        return
    bus.publish(topic, payload)
    bus.changed("alarm", list(ids))
