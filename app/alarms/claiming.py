"""The exclusive claim of an alarm or a storm.

Life cycle (DESIGN.md): ``raised → claimed (one operator, exclusive across all PCs) →
resolved (outcome)``. The claim is one conditional ``UPDATE … WHERE status = 'raised'``:
on PostgreSQL the second of two concurrent updates waits for the first to commit and
then finds no row to change; on SQLite writers are serialised by the database lock and
the second finds the same. Either way exactly one seat wins, and the other is told who.

A storm (app.alarms.rules) is one queue entry: claiming any of its alarms claims them all.

A won claim announces ``AlarmClaimed`` (who) with its commit; a lost one rolls back and
announces nothing, so every seat hears of each claim exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import audit
from app.access import Actor, require
from app.alarms.common import (
    OPEN,
    _alarm,
    _holder_name,
    _is_holder,
    _local_time,
    alarm_fields_of,
    who,
)
from app.errors import Conflict, NotFound
from app.feed import announce
from app.feed.topics import AlarmClaimed
from db.models import Alarm, AlarmStorm, utcnow


class AlreadyClaimed(Conflict):
    """Another operator won the claim; ``holder`` names them."""

    def __init__(self, alarm_id: int, holder: str, at: str) -> None:
        self.alarm_id = alarm_id
        self.holder = holder
        self.at = at
        when = f" at {at}" if at else ""
        super().__init__(f"{holder} already claimed this alarm{when}; it is in their hands.")


@dataclass(frozen=True)
class Claimed:
    alarm_id: int
    storm_id: int | None
    alarm_ids: tuple[int, ...]
    claimed_by_name: str
    claimed_at: datetime


def claim(
    session: Session,
    alarm_id: int,
    actor: Actor,
    now: datetime | None = None,
) -> Claimed:
    """Take the alarm (or its storm); ``AlreadyClaimed`` names who won if someone did."""
    require(actor, "alarm.claim")
    now = now or utcnow()
    name = who(actor)
    # The decisive statement comes first, before any read, so that SQLite takes its write
    # lock at once and PostgreSQL's row lock orders the two seats.
    won = session.execute(
        update(Alarm)
        .where(Alarm.id == alarm_id, Alarm.status == "raised", Alarm.storm_id.is_(None))
        .values(**_claim_values(actor, name, now), version=Alarm.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won == 1:
        audit.record(
            session,
            actor=actor.name,
            user_id=actor.user_id,
            action="claim",
            entity="alarm",
            entity_id=alarm_id,
            detail={"at": now},
        )
        done = Claimed(alarm_id, None, (alarm_id,), name, now)
        _announce_claim(session, done, actor)
        session.commit()
        return done
    session.rollback()
    alarm = _alarm(session, alarm_id)
    if alarm.storm_id is not None:
        return claim_storm(session, alarm.storm_id, actor, now)
    if alarm.status == "claimed":
        if _is_holder(alarm, actor):
            return Claimed(alarm_id, None, (alarm_id,), name, alarm.claimed_at or now)
        raise AlreadyClaimed(
            alarm_id, _holder_name(session, alarm), _local_time(session, alarm.claimed_at)
        )
    if alarm.status == "resolved":
        raise Conflict(
            f"This alarm is already resolved ({alarm.outcome or 'logged only'}); "
            f"there is nothing to claim."
        )
    raise Conflict(f"Alarm #{alarm_id} cannot be claimed in status {alarm.status}.")


def _claim_values(actor: Actor, name: str, now: datetime) -> dict[str, object]:
    """What a claim writes on an alarm or a storm (an alarm also moves its version, so a
    stale copy is told apart)."""
    return {
        "status": "claimed",
        "claimed_by": actor.user_id,
        "claimed_by_name": name,
        "claimed_at": now,
    }


def _announce_claim(session: Session, done: Claimed, actor: Actor) -> None:
    ids = (done.alarm_id, *(i for i in done.alarm_ids if i != done.alarm_id))
    fields = alarm_fields_of(session, done.alarm_id)
    fields["status"] = "claimed"
    announce(
        session,
        AlarmClaimed(
            ids=ids,
            **fields,
            claimed_by=actor.user_id,
            claimed_by_name=done.claimed_by_name,
        ),
    )


def claim_storm(
    session: Session,
    storm_id: int,
    actor: Actor,
    now: datetime | None = None,
) -> Claimed:
    """Claim a storm and every open alarm in it, exclusively, as ``claim`` does one."""
    require(actor, "alarm.claim")
    now = now or utcnow()
    name = who(actor)
    won = session.execute(
        update(AlarmStorm)
        .where(AlarmStorm.id == storm_id, AlarmStorm.status == "raised")
        .values(**_claim_values(actor, name, now))
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        session.rollback()
        storm = session.get(AlarmStorm, storm_id, populate_existing=True)
        if storm is None:
            raise NotFound(f"Storm #{storm_id} does not exist.")
        if storm.status == "claimed":
            lead = _storm_lead(session, storm_id)
            if _is_holder(storm, actor):
                return Claimed(lead, storm_id, (), name, storm.claimed_at or now)
            raise AlreadyClaimed(
                lead,
                storm.claimed_by_name or "another operator",
                _local_time(session, storm.claimed_at),
            )
        raise Conflict("This storm is already resolved; there is nothing to claim.")
    ids = list(
        session.scalars(
            select(Alarm.id).where(Alarm.storm_id == storm_id, Alarm.status == "raised")
        )
    )
    session.execute(
        update(Alarm)
        .where(Alarm.storm_id == storm_id, Alarm.status == "raised")
        .values(**_claim_values(actor, name, now), version=Alarm.version + 1)
        .execution_options(synchronize_session=False)
    )
    lead = _storm_lead(session, storm_id)
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="claim",
        entity="alarm_storm",
        entity_id=storm_id,
        detail={"at": now, "alarms": len(ids)},
    )
    done = Claimed(lead, storm_id, tuple(ids), name, now)
    _announce_claim(session, done, actor)
    session.commit()
    return done


def _storm_lead(session: Session, storm_id: int) -> int:
    lead = session.scalar(
        select(func.min(Alarm.id)).where(Alarm.storm_id == storm_id, Alarm.status.in_(OPEN))
    )
    if lead is None:
        lead = session.scalar(select(func.min(Alarm.id)).where(Alarm.storm_id == storm_id))
    return int(lead or 0)
