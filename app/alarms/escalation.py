"""The periodic tick: storms among alarms stored outside ingest, supervision alarms
whose condition the device reported over, and escalations due. Each step takes
``(session, now)`` and is idempotent, so several seats may run it at once: what a step
announces is what it changed itself (a second run at the same ``now`` changes, and so
announces, nothing). Storms formed and restores are announced as ``AlarmUpdated`` /
``AlarmResolved``; the escalations of one run as one ``AlarmEscalated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app import audit, settings
from app.alarms.common import OPEN, alarm_fields_of
from app.alarms.rules import group_storms
from app.feed import announce
from app.feed.topics import AlarmEscalated, AlarmResolved, AlarmUpdated
from db.models import Alarm, AlarmEscalation, AlarmStorm, Device, Elder, utcnow
from hardware.codecs import BATTERY_CODES, MAINS_CODES

# MAINS_CODES / BATTERY_CODES are the codecs' supervision sets, of either code system.
# They hold the SIA restore codes too (AR, YR, XR): a restore is stored already
# resolved, so it never matches the open alarm close_restored looks for.
SILENT_CODE = "102"
SLA_SECONDS = (60, 180)

ESCALATION_LEVEL = {"unclaimed": 1, "breach_warning": 2, "unresolved": 3}


@dataclass(frozen=True)
class Escalation:
    alarm_id: int  # for a storm, its oldest open alarm
    storm_id: int | None
    kind: str  # unclaimed | breach_warning | unresolved
    level: int
    waited_s: int
    count: int  # alarms escalated under this entry (a storm's members)
    event_code: str
    elder_name: str


def _insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert escalations; another seat's identical ones are skipped, not an error."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    stmt = (
        module.insert(AlarmEscalation)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["alarm_id", "kind"])
        .returning(AlarmEscalation.alarm_id)
    )
    return list(session.scalars(stmt))


def escalate_due(
    session: Session,
    now: datetime | None = None,
    *,
    unclaimed_after_s: int | None = None,
    unresolved_after_s: int | None = None,
    breach_warning_s: int | None = None,
) -> list[Escalation]:
    """Record the escalations that fell due; each alarm escalates once per kind.

    - ``unclaimed``: still unclaimed after ``unclaimed_after_s`` (default the setting,
      30 s) — or at the latest ``breach_warning_s`` before the 60 s mark;
    - ``breach_warning``: still unclaimed ``breach_warning_s`` before 180 s;
    - ``unresolved``: claimed ``unresolved_after_s`` ago (600 s) and not resolved.

    Several seats may run this at once: the unique (alarm, kind) makes the second
    insert a no-op, and only what this call inserted is returned and announced (one
    ``AlarmEscalated`` whose ``escalations`` are the entries returned).
    """
    now = now or utcnow()
    if unclaimed_after_s is None:
        unclaimed_after_s = int(settings.get(session, "alarms.unclaimed_escalate_s"))
    if unresolved_after_s is None:
        unresolved_after_s = int(settings.get(session, "alarms.unresolved_escalate_s"))
    if breach_warning_s is None:
        breach_warning_s = int(settings.get(session, "alarms.breach_warning_s"))
    first = min(unclaimed_after_s, SLA_SECONDS[0] - breach_warning_s)
    due = (
        ("unclaimed", "raised", Alarm.received_at, first),
        ("breach_warning", "raised", Alarm.received_at, SLA_SECONDS[1] - breach_warning_s),
        ("unresolved", "claimed", Alarm.claimed_at, unresolved_after_s),
    )
    found: list[tuple[str, Any]] = []
    for kind, status, since, after_s in due:
        already = exists().where(AlarmEscalation.alarm_id == Alarm.id, AlarmEscalation.kind == kind)
        rows = session.execute(
            select(
                Alarm.id,
                Alarm.storm_id,
                since,
                Alarm.event_code,
                Elder.name,
                Alarm.escalation_level,
            )
            .outerjoin(Elder, Elder.id == Alarm.elder_id)
            .where(
                Alarm.status == status,
                Alarm.priority.in_((1, 2)),
                since <= now - timedelta(seconds=max(0, after_s)),
                ~already,
            )
            .order_by(Alarm.id)
        ).all()
        found += [(kind, r) for r in rows]
    if not found:
        session.rollback()
        return []
    inserted = set(
        _insert_ignoring_duplicates(
            session,
            [
                {
                    "alarm_id": r[0],
                    "kind": kind,
                    "level": ESCALATION_LEVEL[kind],
                    "at": now,
                    "waited_s": int((now - r[2]).total_seconds()),
                }
                for kind, r in found
            ],
        )
    )
    # The alarm's level is the highest reached; what another seat inserted is theirs.
    fresh = [(kind, r) for kind, r in found if r[0] in inserted]
    for kind, r in fresh:
        session.execute(
            update(Alarm)
            .where(Alarm.id == r[0], Alarm.escalation_level < ESCALATION_LEVEL[kind])
            .values(escalation_level=ESCALATION_LEVEL[kind])
            .execution_options(synchronize_session=False)
        )
    if fresh:
        audit.record(
            session,
            actor="system",
            user_id=None,
            action="escalate",
            entity="alarm",
            entity_id=None,
            detail={"escalations": [[r[0], kind] for kind, r in fresh]},
        )
    # A storm escalates as one entry, under its lead alarm.
    grouped: dict[tuple[str, Any], list[Any]] = {}
    for kind, r in fresh:
        grouped.setdefault((kind, r[1] if r[1] is not None else ("alarm", r[0])), []).append(r)
    out = [
        Escalation(
            alarm_id=min(r[0] for r in rows),
            storm_id=rows[0][1],
            kind=kind,
            level=ESCALATION_LEVEL[kind],
            waited_s=max(int((now - r[2]).total_seconds()) for r in rows),
            count=len(rows),
            event_code=rows[0][3],
            elder_name=rows[0][4] or "" if rows[0][1] is None else "",
        )
        for (kind, _key), rows in grouped.items()
    ]
    out.sort(key=lambda e: (-e.level, e.alarm_id))
    if out:
        _announce_escalations(session, out, sorted({r[0] for _k, r in fresh}))
    session.commit()
    return out


# The banner shows the most pressing four; a storm's hundreds of homes need one line.
MAX_LINES = 50


def _worth_a_line(out: list[Escalation]) -> list[Escalation]:
    """One entry per storm and at most ``MAX_LINES``, most pressing first: a power cut
    must not put a 150 KB row in every seat's feed (``ids`` still names every alarm)."""
    seen: set[int] = set()
    lines: list[Escalation] = []
    for e in out:
        if e.storm_id is not None:
            if e.storm_id in seen:
                continue
            seen.add(e.storm_id)
        lines.append(e)
        if len(lines) == MAX_LINES:
            break
    return lines


def _announce_escalations(session: Session, out: list[Escalation], alarm_ids: list[int]) -> None:
    # The most pressing entry's alarm first: its fields are the change's hints.
    main = out[0].alarm_id
    ids = (main, *(i for i in alarm_ids if i != main))
    announce(
        session,
        AlarmEscalated(
            ids=ids,
            **alarm_fields_of(session, main),
            escalation=out[0].kind,
            escalations=tuple(
                {
                    "alarm_id": e.alarm_id,
                    "storm_id": e.storm_id,
                    "kind": e.kind,
                    "level": e.level,
                    "waited_s": e.waited_s,
                    "count": e.count,
                    "event_code": e.event_code,
                    "elder_name": e.elder_name,
                }
                for e in _worth_a_line(out)
            ),
        ),
    )


def close_restored(session: Session, now: datetime | None = None) -> list[int]:
    """Resolve open supervision alarms whose condition the device has reported over.

    Mains lost closes when the device's mains flag is clear again (its restore arrived),
    low battery when the battery flag is, "device silent" when the device reported after
    the alarm. Outcome ``restored``, note saying so. Life alarms are never closed this
    way: a pendant's reset does not tell the operator the elder is well.
    """
    now = now or utcnow()
    rows = session.execute(
        select(Alarm.id, Alarm.storm_id, Alarm.event_code)
        .join(Device, Device.id == Alarm.device_id)
        .where(
            Alarm.status.in_(OPEN),
            Alarm.priority == 2,
            or_(
                and_(Alarm.event_code.in_(MAINS_CODES), Device.mains_lost.is_(False)),
                and_(Alarm.event_code.in_(BATTERY_CODES), Device.battery_low.is_(False)),
                and_(
                    Alarm.event_code == SILENT_CODE,
                    or_(
                        Device.last_test_at > Alarm.received_at,
                        Device.last_event_at > Alarm.received_at,
                    ),
                ),
            ),
        )
    ).all()
    if not rows:
        session.rollback()
        return []
    ids = [r[0] for r in rows]
    session.execute(
        update(Alarm)
        .where(Alarm.id.in_(ids), Alarm.status.in_(OPEN))
        .values(
            status="resolved",
            resolved_at=now,
            outcome="restored",
            outcome_note="The device reported the condition over.",
            version=Alarm.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    storms = {r[1] for r in rows if r[1] is not None}
    for storm_id in storms:
        left = session.scalar(
            select(func.count())
            .select_from(Alarm)
            .where(Alarm.storm_id == storm_id, Alarm.status.in_(OPEN))
        )
        if not left:
            session.execute(
                update(AlarmStorm)
                .where(AlarmStorm.id == storm_id, AlarmStorm.status != "resolved")
                .values(status="resolved", resolved_at=now, outcome="restored")
                .execution_options(synchronize_session=False)
            )
    audit.record(
        session,
        actor="system",
        user_id=None,
        action="restore",
        entity="alarm",
        entity_id=None,
        detail={"alarms": ids},
    )
    fields = alarm_fields_of(session, ids[0])
    fields["status"] = "resolved"
    announce(session, AlarmResolved(ids=tuple(ids), **fields, outcome="restored"))
    session.commit()
    return ids


@dataclass(frozen=True)
class TickResult:
    storms: int
    restored: int
    escalations: tuple[Escalation, ...]


def tick(session: Session, now: datetime | None = None) -> TickResult:
    """What the scheduler runs every few seconds (job ``alarms.tick``): storms among
    alarms stored outside ingest, conditions reported over, escalations due. Idempotent,
    safe from several seats."""
    now = now or utcnow()
    joins = group_storms(session, now)
    for join in joins:
        ids = tuple(sorted(join.alarm_ids))
        action = "storm_formed" if join.created else "storm_joined"
        announce(session, AlarmUpdated(ids=ids, **alarm_fields_of(session, ids[0]), action=action))
    session.commit()
    restored = close_restored(session, now)
    escalations = escalate_due(session, now)
    return TickResult(len(joins), len(restored), tuple(escalations))
