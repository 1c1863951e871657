"""What the console's alarm watch needs on every screen, and muting its sound.

The banner above every screen says how many alarms nobody has claimed and which one is the
most urgent; the sound plays while a life alarm (priority 1) is unclaimed, louder once one
of them has escalated. ``watch_state`` reads that in two small queries on the open rows
(ix_alarms_status_priority), so it can run after every alarm change even in a storm.

Only a supervisor may silence the sound (``alarm.mute``): ``mute_sound`` checks it, writes
the audit entry and says up to which alarm the mute holds, and announces ``AlarmMuted``
so every seat goes quiet with it. A newer life alarm sounds again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app import audit
from app.access import Actor, require
from app.alarms.common import who
from app.feed import announce
from app.feed.topics import AlarmMuted
from db.models import Alarm, AlarmStorm, Area, Elder, utcnow

LIFE = 1


@dataclass(frozen=True)
class Waiting:
    """The most urgent alarm nobody has claimed: highest priority, then the oldest.

    For a storm member it stands for the whole storm (``count`` unclaimed alarms)."""

    alarm_id: int
    storm_id: int | None
    count: int
    priority: int
    event_code: str
    event_name: str
    elder_name: str
    account: str
    place: str  # the storm's street; "" for a single alarm
    received_at: datetime
    waiting_s: float


@dataclass(frozen=True)
class WatchState:
    unclaimed: int  # alarms nobody has claimed (each member of a storm counts)
    unclaimed_life: int  # of them priority 1
    newest_id: int | None  # the newest unclaimed alarm of any priority
    newest_life_id: int | None  # the newest unclaimed life alarm: a mute holds until a newer one
    life_escalated: bool  # an unclaimed life alarm has escalated (the louder sound)
    first: Waiting | None
    # The status of each alarm asked about ("" when it no longer exists).
    statuses: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Muted:
    by: str
    at: datetime
    through_alarm_id: int | None  # the sound stays off until a life alarm newer than this
    waiting: int  # unclaimed life alarms when it was muted


def _counts(session: Session) -> Any:
    life = Alarm.priority == LIFE
    return session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((life, 1), else_=0)), 0),
            func.max(Alarm.id),
            func.max(case((life, Alarm.id), else_=None)),
            func.max(case((life, Alarm.escalation_level), else_=None)),
        ).where(Alarm.status == "raised")
    ).one()


def watch_state(
    session: Session, now: datetime | None = None, *, asking: Iterable[int] = ()
) -> WatchState:
    """The banner's figures at ``now``; ``asking``: alarms whose status the caller follows
    (the escalations on a supervisor's banner, dropped once claimed or resolved)."""
    now = now or utcnow()
    count, life, newest, newest_life, life_level = _counts(session)
    first = None
    if count:
        row = session.execute(
            select(
                Alarm.id,
                Alarm.storm_id,
                Alarm.priority,
                Alarm.event_code,
                Alarm.event_name,
                Elder.name,
                Alarm.account,
                Alarm.received_at,
            )
            .outerjoin(Elder, Elder.id == Alarm.elder_id)
            .where(Alarm.status == "raised")
            .order_by(Alarm.priority, Alarm.received_at, Alarm.id)
            .limit(1)
        ).one()
        members, place = 1, ""
        if row[1] is not None:
            storm = session.execute(
                select(AlarmStorm.event_name, Area.name)
                .outerjoin(Area, Area.id == AlarmStorm.street_id)
                .where(AlarmStorm.id == row[1])
            ).one()
            place = storm[1] or ""
            members = int(
                session.scalar(
                    select(func.count())
                    .select_from(Alarm)
                    .where(Alarm.status == "raised", Alarm.storm_id == row[1])
                )
                or 1
            )
        first = Waiting(
            alarm_id=row[0],
            storm_id=row[1],
            count=members,
            priority=row[2],
            event_code=row[3],
            event_name=row[4] or "",
            elder_name=row[5] or "",
            account=row[6],
            place=place,
            received_at=row[7],
            waiting_s=max(0.0, (now - row[7]).total_seconds()),
        )
    ids = sorted(set(asking))
    statuses: dict[int, str] = dict.fromkeys(ids, "")
    if ids:
        rows = session.execute(select(Alarm.id, Alarm.status).where(Alarm.id.in_(ids)))
        statuses.update((alarm_id, status) for alarm_id, status in rows)
    return WatchState(
        unclaimed=int(count),
        unclaimed_life=int(life),
        newest_id=newest,
        newest_life_id=newest_life,
        life_escalated=bool(life_level),
        first=first,
        statuses=statuses,
    )


def mute_sound(session: Session, actor: Actor, now: datetime | None = None) -> Muted:
    """Silence the alarm sound until a newer life alarm comes; supervisors only.

    The refusal for anyone else is a ``PermissionDenied`` saying who needs to do it."""
    require(actor, "alarm.mute")
    now = now or utcnow()
    _count, life, _newest, newest_life, _level = _counts(session)
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="mute",
        entity="alarm",
        entity_id=newest_life,
        detail={"at": now, "unclaimed_life": int(life)},
    )
    done = Muted(who(actor), now, newest_life, int(life))
    announce(
        session,
        # No ids: no alarm changed. The field is an int: 0 (no life alarm waiting) is
        # below every id, so any next life alarm ends the mute, as None does here.
        AlarmMuted(
            by_name=done.by,
            user_id=actor.user_id,
            through_alarm_id=newest_life or 0,
        ),
    )
    session.commit()
    return done


__all__ = ["Muted", "Waiting", "WatchState", "mute_sound", "watch_state"]
