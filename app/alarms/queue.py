"""The live alarm queue: open alarms and storms, one entry each, in the order to take them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.alarms.common import _CLAIMER, OPEN, _seconds
from app.feed.topics import AlarmRaised
from db.models import Alarm, AlarmStorm, Area, Elder, User, utcnow


@dataclass(frozen=True)
class QueueEntry:
    """One line of the alarm queue: an alarm, or a storm of many."""

    alarm_id: int  # the alarm; for a storm its oldest open alarm (what claim() takes)
    storm_id: int | None
    count: int  # 1, or the storm's open alarms
    devices: int  # 1, or the storm's distinct devices
    priority: int
    status: str  # raised | claimed
    event_code: str
    event_name: str
    account: str
    elder_id: int | None
    elder_name: str
    place: str  # the elder's community; the storm's street
    received_at: datetime
    waiting_s: float  # since raised, at the ``now`` of the query
    claimed_by_name: str
    claimed_at: datetime | None
    claimed_s: float | None  # since claimed
    repeat_count: int
    escalation_level: int
    unknown_account: bool

    @property
    def is_storm(self) -> bool:
        return self.storm_id is not None


def alarm_queue(session: Session, now: datetime | None = None) -> list[QueueEntry]:
    """Open alarms: priority first, unclaimed before claimed, then oldest first.

    A storm is one entry (its count and devices), never hundreds of rows; personal
    emergencies are priority 1 and so always above it. Two queries on the open rows of
    ix_alarms_status_priority: the cost does not grow with the history.
    """
    now = now or utcnow()
    single = session.execute(
        select(
            Alarm.id,
            Alarm.priority,
            Alarm.status,
            Alarm.event_code,
            Alarm.event_name,
            Alarm.account,
            Alarm.elder_id,
            Elder.name,
            Area.name,
            Alarm.received_at,
            _CLAIMER,
            Alarm.claimed_at,
            Alarm.repeat_count,
            Alarm.escalation_level,
            Alarm.unknown_account,
        )
        .outerjoin(Elder, Elder.id == Alarm.elder_id)
        .outerjoin(Area, Area.id == Elder.community_id)
        .outerjoin(User, User.id == Alarm.claimed_by)
        # Not "storm_id IS NULL": SQLite would take ix_alarms_storm_id for it and walk every
        # alarm ever stored outside a storm (the whole history) instead of the open rows.
        .where(Alarm.status.in_(OPEN), func.coalesce(Alarm.storm_id, 0) == 0)
    ).all()
    entries = [
        QueueEntry(
            alarm_id=r[0],
            storm_id=None,
            count=1,
            devices=1,
            priority=r[1],
            status=r[2],
            event_code=r[3],
            event_name=r[4] or "",
            account=r[5],
            elder_id=r[6],
            elder_name=r[7] or "",
            place=r[8] or "",
            received_at=r[9],
            waiting_s=_seconds(now, r[9]) or 0.0,
            claimed_by_name=r[10] or "",
            claimed_at=r[11],
            claimed_s=_seconds(now, r[11]),
            repeat_count=r[12],
            escalation_level=r[13],
            unknown_account=bool(r[14]),
        )
        for r in single
    ]
    storms = session.execute(
        select(
            Alarm.storm_id,
            func.min(Alarm.id),
            func.count(),
            func.count(func.distinct(Alarm.device_id)),
            func.min(Alarm.priority),
            func.max(Alarm.escalation_level),
            func.min(Alarm.received_at),
        )
        .where(Alarm.status.in_(OPEN), Alarm.storm_id.is_not(None))
        .group_by(Alarm.storm_id)
    ).all()
    if storms:
        info = {
            s.id: (s, street)
            for s, street in session.execute(
                select(AlarmStorm, Area.name)
                .outerjoin(Area, Area.id == AlarmStorm.street_id)
                .where(AlarmStorm.id.in_([r[0] for r in storms]))
            )
        }
        for storm_id, lead, count, devices, prio, level, first in storms:
            storm, street = info[storm_id]
            claimed_at = storm.claimed_at if storm.status == "claimed" else None
            entries.append(
                QueueEntry(
                    alarm_id=lead,
                    storm_id=storm_id,
                    count=count,
                    devices=devices,
                    priority=prio,
                    status="claimed" if storm.status == "claimed" else "raised",
                    event_code=storm.event_code,
                    event_name=storm.event_name,
                    account="",
                    elder_id=None,
                    elder_name="",
                    place=street or "",
                    received_at=first,
                    waiting_s=_seconds(now, first) or 0.0,
                    claimed_by_name=storm.claimed_by_name if claimed_at else "",
                    claimed_at=claimed_at,
                    claimed_s=_seconds(now, claimed_at),
                    repeat_count=1,
                    escalation_level=level,
                    unknown_account=False,
                )
            )
    entries.sort(key=queue_order)
    return entries


def queue_order(e: QueueEntry) -> tuple[int, bool, datetime, int]:
    """The queue's order: priority, unclaimed before claimed, oldest first."""
    return (e.priority, e.status != "raised", e.received_at, e.alarm_id)


def with_raised(entries: list[QueueEntry], change: AlarmRaised) -> list[QueueEntry] | None:
    """The queue as it will read once ``change`` is in it, from the change alone.

    A screen shows a new alarm the moment the feed brings it, before its next reading of
    the queue (which still follows and corrects whatever this could not know). None when
    the change cannot be placed without a reading: a storm that is not on screen yet.
    """
    if change.status != "raised" or not change.ids or change.priority not in (1, 2):
        return None
    alarm_id = change.ids[0]
    try:
        at = datetime.fromisoformat(change.received_at)
    except ValueError:
        return None
    if change.storm_id is not None:
        for i, e in enumerate(entries):
            if e.storm_id == change.storm_id:
                grown = dataclasses.replace(e, count=e.count + 1)
                return [*entries[:i], grown, *entries[i + 1 :]]
        if not change.storm_created:
            return None
        # A storm just formed: its homes' rows become one entry (the street comes with
        # the next reading).
        members = set(change.ids)
        kept = [e for e in entries if e.storm_id is not None or e.alarm_id not in members]
        first = min((e.received_at for e in entries if e.alarm_id in members), default=at)
        storm = QueueEntry(
            alarm_id=min(members),
            storm_id=change.storm_id,
            count=len(members),
            devices=len(members),
            priority=change.priority,
            status="raised",
            event_code=change.event_code,
            event_name=change.event_name,
            account="",
            elder_id=None,
            elder_name="",
            place="",
            received_at=first,
            waiting_s=0.0,
            claimed_by_name="",
            claimed_at=None,
            claimed_s=None,
            repeat_count=1,
            escalation_level=0,
            unknown_account=False,
        )
        return sorted([*kept, storm], key=queue_order)
    if any(e.alarm_id == alarm_id and e.storm_id is None for e in entries):
        return entries
    new = QueueEntry(
        alarm_id=alarm_id,
        storm_id=None,
        count=1,
        devices=1,
        priority=change.priority,
        status="raised",
        event_code=change.event_code,
        event_name=change.event_name,
        account=change.account,
        elder_id=change.elder_id,
        elder_name=change.elder_name or "",
        place=change.place,
        received_at=at,
        waiting_s=0.0,
        claimed_by_name="",
        claimed_at=None,
        claimed_s=None,
        repeat_count=1,
        escalation_level=0,
        unknown_account=change.unknown_account,
    )
    return sorted([*entries, new], key=queue_order)
