"""Alarm handling: the queue, the exclusive claim, the emergency card, actions, resolution,
escalation and the closing of conditions a device reports over.

Life cycle (DESIGN.md): ``raised → claimed (one operator, exclusive across all PCs) →
resolved (outcome)``. The claim is one conditional ``UPDATE … WHERE status = 'raised'``:
on PostgreSQL the second of two concurrent updates waits for the first to commit and
then finds no row to change; on SQLite writers are serialised by the database lock and
the second finds the same. Either way exactly one seat wins, and the other is told who.

A storm (app.alarms.rules) is one queue entry: claiming or resolving any of its alarms
claims or resolves them all, and its actions are logged on its oldest open alarm.

Every change checks the actor, writes an audit entry, commits, then publishes on the bus:
``alarm.claimed`` / ``alarm.resolved`` / ``alarm.escalated`` / ``alarm.action`` and
``changed`` with kind ``alarm``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app import audit, settings
from app.access import Actor, require
from app.alarms.rules import group_storms
from app.bus import Bus
from app.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationError
from app.orders.routing import centre_zone
from app.orders.service import OrderRequest, dispatch_order
from app.registry.elders import ContactView, ElderDetail, get_elder
from db.models import (
    Alarm,
    AlarmAction,
    AlarmEscalation,
    AlarmStorm,
    Area,
    Device,
    Elder,
    Firm,
    ServiceCategory,
    ServiceItem,
    User,
    utcnow,
)

OPEN = ("raised", "claimed")
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
EMERGENCY_CATEGORY = "EA"  # 紧急援助 in the catalogue
EMERGENCY_ITEM_KIND = "urgent"
# SIA trouble/restore pairs and Contact ID codes whose restore ends the condition.
MAINS_CODES = frozenset({"301", "AT"})
BATTERY_CODES = frozenset({"302", "309", "384", "YT", "XT"})
SILENT_CODE = "102"
SLA_SECONDS = (60, 180)
RECENT_ALARMS = 5
MAX_NOTE = 2000

ESCALATION_LEVEL = {"unclaimed": 1, "breach_warning": 2, "unresolved": 3}


# ----------------------------------------------------------------------------- errors


class AlreadyClaimed(Conflict):
    """Another operator won the claim; ``holder`` names them."""

    def __init__(self, alarm_id: int, holder: str, at: str) -> None:
        self.alarm_id = alarm_id
        self.holder = holder
        self.at = at
        when = f" at {at}" if at else ""
        super().__init__(f"{holder} already claimed this alarm{when}; it is in their hands.")


# ----------------------------------------------------------------------------- values


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


@dataclass(frozen=True)
class Claimed:
    alarm_id: int
    storm_id: int | None
    alarm_ids: tuple[int, ...]
    claimed_by_name: str
    claimed_at: datetime


@dataclass(frozen=True)
class Resolved:
    alarm_id: int
    storm_id: int | None
    alarm_ids: tuple[int, ...]
    outcome: str
    resolved_at: datetime


@dataclass(frozen=True)
class ActionView:
    id: int
    alarm_id: int
    at: datetime
    kind: str
    target: str
    result: str
    note: str
    actor: str


@dataclass(frozen=True)
class DeviceState:
    id: int
    account: str
    kind: str
    model: str
    firm_id: int | None
    firm_name: str
    test_interval_h: int
    last_test_at: datetime | None
    last_event_at: datetime | None
    battery_low: bool
    mains_lost: bool
    status: str
    silent: bool  # past its test interval (plus the sweep's hour of grace)


@dataclass(frozen=True)
class PastAlarm:
    id: int
    received_at: datetime
    event_code: str
    event_name: str
    status: str
    outcome: str | None
    priority: int


@dataclass(frozen=True)
class EmergencyItem:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class StormInfo:
    id: int
    event_code: str
    event_name: str
    street: str
    started_at: datetime
    alarms: int  # open
    devices: int
    communities: tuple[tuple[str, int], ...]  # (community, open alarms), most first


@dataclass(frozen=True)
class AlarmView:
    id: int
    status: str
    priority: int
    event_code: str
    event_name: str
    account: str
    zone: str
    received_at: datetime
    claimed_by_name: str
    claimed_at: datetime | None
    resolved_at: datetime | None
    outcome: str | None
    outcome_note: str
    repeat_count: int
    last_repeat_at: datetime | None
    storm_id: int | None
    escalation_level: int
    unknown_account: bool
    raw: str


@dataclass(frozen=True)
class EmergencyCard:
    """Everything the operator needs with a claimed alarm, read in one call."""

    alarm: AlarmView
    elder: ElderDetail | None
    age: int | None
    lives_alone: bool
    full_address: str  # address with building / unit / floor / door
    contacts: tuple[ContactView, ...]  # in calling order
    device: DeviceState | None
    actions: tuple[ActionView, ...]
    past_alarms: tuple[PastAlarm, ...]
    accidental_presses: int  # by this elder, ever
    emergency_items: tuple[EmergencyItem, ...]  # the 紧急援助 items, the default first
    storm: StormInfo | None


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


@dataclass(frozen=True)
class DispatchedOrder:
    order_id: int
    order_no: str
    item_name: str
    firm_name: str


# ----------------------------------------------------------------------------- helpers


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


# ----------------------------------------------------------------------------- queue


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
    entries.sort(key=lambda e: (e.priority, e.status != "raised", e.received_at, e.alarm_id))
    return entries


# ----------------------------------------------------------------------------- claim


def claim(
    session: Session,
    alarm_id: int,
    actor: Actor,
    now: datetime | None = None,
    *,
    bus: Bus | None = None,
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
        .values(status="claimed", claimed_by=actor.user_id, claimed_by_name=name, claimed_at=now)
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
        session.commit()
        done = Claimed(alarm_id, None, (alarm_id,), name, now)
        _publish(bus, "alarm.claimed", _claimed_payload(done), done.alarm_ids)
        return done
    session.rollback()
    alarm = _alarm(session, alarm_id)
    if alarm.storm_id is not None:
        return claim_storm(session, alarm.storm_id, actor, now, bus=bus)
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


def _claimed_payload(done: Claimed) -> dict[str, Any]:
    return {
        "alarm_id": done.alarm_id,
        "storm_id": done.storm_id,
        "alarm_ids": list(done.alarm_ids),
        "claimed_by_name": done.claimed_by_name,
        "claimed_at": done.claimed_at.isoformat(),
    }


def claim_storm(
    session: Session,
    storm_id: int,
    actor: Actor,
    now: datetime | None = None,
    *,
    bus: Bus | None = None,
) -> Claimed:
    """Claim a storm and every open alarm in it, exclusively, as ``claim`` does one."""
    require(actor, "alarm.claim")
    now = now or utcnow()
    name = who(actor)
    won = session.execute(
        update(AlarmStorm)
        .where(AlarmStorm.id == storm_id, AlarmStorm.status == "raised")
        .values(status="claimed", claimed_by=actor.user_id, claimed_by_name=name, claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        session.rollback()
        storm = session.get(AlarmStorm, storm_id, populate_existing=True)
        if storm is None:
            raise NotFound(f"Storm #{storm_id} does not exist.")
        if storm.status == "claimed":
            mine = (
                storm.claimed_by == actor.user_id
                if storm.claimed_by is not None and actor.user_id is not None
                else storm.claimed_by_name == name
            )
            lead = _storm_lead(session, storm_id)
            if mine:
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
        .values(status="claimed", claimed_by=actor.user_id, claimed_by_name=name, claimed_at=now)
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
    session.commit()
    done = Claimed(lead, storm_id, tuple(ids), name, now)
    _publish(bus, "alarm.claimed", _claimed_payload(done), done.alarm_ids)
    return done


def _storm_lead(session: Session, storm_id: int) -> int:
    lead = session.scalar(
        select(func.min(Alarm.id)).where(Alarm.storm_id == storm_id, Alarm.status.in_(OPEN))
    )
    if lead is None:
        lead = session.scalar(select(func.min(Alarm.id)).where(Alarm.storm_id == storm_id))
    return int(lead or 0)


# ----------------------------------------------------------------------------- card


def _alarm_view(session: Session, a: Alarm) -> AlarmView:
    return AlarmView(
        id=a.id,
        status=a.status,
        priority=a.priority,
        event_code=a.event_code,
        event_name=a.event_name or "",
        account=a.account,
        zone=a.zone or "",
        received_at=a.received_at,
        claimed_by_name=_holder_name(session, a) if a.status != "raised" and a.claimed_at else "",
        claimed_at=a.claimed_at,
        resolved_at=a.resolved_at,
        outcome=a.outcome,
        outcome_note=a.outcome_note or "",
        repeat_count=a.repeat_count,
        last_repeat_at=a.last_repeat_at,
        storm_id=a.storm_id,
        escalation_level=a.escalation_level,
        unknown_account=a.unknown_account,
        raw=a.raw or "",
    )


def device_state(session: Session, device_id: int, now: datetime | None = None) -> DeviceState:
    now = now or utcnow()
    row = session.execute(
        select(Device, Firm.name)
        .outerjoin(Firm, Firm.id == Device.firm_id)
        .where(Device.id == device_id)
    ).first()
    if row is None:
        raise NotFound(f"Device #{device_id} does not exist.")
    d, firm = row
    return _device_state(d, firm or "", now)


def _device_state(d: Device, firm_name: str, now: datetime) -> DeviceState:
    silent = (
        d.status == "active"
        and d.last_test_at is not None
        and d.test_interval_h > 0
        and d.last_test_at < now - timedelta(hours=d.test_interval_h + 1)
    )
    return DeviceState(
        id=d.id,
        account=d.account,
        kind=d.kind,
        model=d.model or "",
        firm_id=d.firm_id,
        firm_name=firm_name,
        test_interval_h=d.test_interval_h,
        last_test_at=d.last_test_at,
        last_event_at=d.last_event_at,
        battery_low=d.battery_low,
        mains_lost=d.mains_lost,
        status=d.status,
        silent=silent,
    )


def emergency_items(session: Session) -> tuple[EmergencyItem, ...]:
    """The active 紧急援助 items, the general urgent-help one (lowest code) first."""
    rows = session.execute(
        select(ServiceItem.id, ServiceItem.code, ServiceItem.name)
        .join(ServiceCategory, ServiceCategory.id == ServiceItem.category_id)
        .where(
            or_(ServiceCategory.code == EMERGENCY_CATEGORY, ServiceCategory.name == "紧急援助"),
            ServiceItem.active.is_(True),
            ServiceItem.kind != "device_maintenance",
        )
        .order_by(ServiceItem.code)
    ).all()
    return tuple(EmergencyItem(r[0], r[1], r[2]) for r in rows)


def _actions(session: Session, alarm_ids: Sequence[int]) -> tuple[ActionView, ...]:
    rows = session.execute(
        select(AlarmAction, User.display_name)
        .outerjoin(User, User.id == AlarmAction.user_id)
        .where(AlarmAction.alarm_id.in_(alarm_ids))
        .order_by(AlarmAction.at, AlarmAction.id)
    ).all()
    return tuple(
        ActionView(
            a.id, a.alarm_id, a.at, a.kind, a.target, a.result, a.note, a.actor or name or ""
        )
        for a, name in rows
    )


def _storm_info(session: Session, storm_id: int) -> StormInfo:
    storm = session.get(AlarmStorm, storm_id)
    if storm is None:
        raise NotFound(f"Storm #{storm_id} does not exist.")
    street = session.scalar(select(Area.name).where(Area.id == storm.street_id)) or ""
    counted = session.execute(
        select(Area.name, func.count(), func.count(func.distinct(Alarm.device_id)))
        .select_from(Alarm)
        .join(Elder, Elder.id == Alarm.elder_id)
        .join(Area, Area.id == Elder.community_id)
        .where(Alarm.storm_id == storm_id, Alarm.status.in_(OPEN))
        .group_by(Area.name)
    ).all()
    communities = tuple(sorted(((n, c) for n, c, _d in counted), key=lambda x: (-x[1], x[0])))
    return StormInfo(
        id=storm.id,
        event_code=storm.event_code,
        event_name=storm.event_name,
        street=street,
        started_at=storm.started_at,
        alarms=sum(c for _n, c, _d in counted),
        devices=sum(d for _n, _c, d in counted),
        communities=communities,
    )


def emergency_card(session: Session, alarm_id: int, now: datetime | None = None) -> EmergencyCard:
    """The claimed alarm's card: who, where, what to watch for, whom to call, the device,
    what was done so far and the elder's last alarms."""
    now = now or utcnow()
    alarm = _alarm(session, alarm_id)
    elder = get_elder(session, alarm.elder_id) if alarm.elder_id is not None else None
    device = None
    if alarm.device_id is not None:
        device = device_state(session, alarm.device_id, now)
    storm = _storm_info(session, alarm.storm_id) if alarm.storm_id is not None else None
    past: tuple[PastAlarm, ...] = ()
    accidental = 0
    full_address = ""
    if elder is not None:
        rows = session.execute(
            select(
                Alarm.id,
                Alarm.received_at,
                Alarm.event_code,
                Alarm.event_name,
                Alarm.status,
                Alarm.outcome,
                Alarm.priority,
            )
            .where(Alarm.elder_id == elder.id, Alarm.id != alarm.id)
            .order_by(Alarm.received_at.desc(), Alarm.id.desc())
            .limit(RECENT_ALARMS)
        ).all()
        past = tuple(PastAlarm(r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6]) for r in rows)
        accidental = int(
            session.scalar(
                select(func.count())
                .select_from(Alarm)
                .where(Alarm.elder_id == elder.id, Alarm.outcome == "accidental")
            )
            or 0
        )
        full_address = full_address_of(elder)
    return EmergencyCard(
        alarm=_alarm_view(session, alarm),
        elder=elder,
        age=elder.age if elder else None,
        lives_alone=bool(elder and "living_alone" in elder.groups),
        full_address=full_address,
        contacts=elder.contacts if elder else (),
        device=device,
        actions=_actions(session, [alarm.id]),
        past_alarms=past,
        accidental_presses=accidental,
        emergency_items=emergency_items(session),
        storm=storm,
    )


def full_address_of(elder: ElderDetail) -> str:
    """Address with building, unit, floor and door, each said once (the address often
    already holds some of them)."""
    parts = [elder.community_path or elder.community, elder.address]
    for value, word in (
        (elder.building, "栋"),
        (elder.unit, "单元"),
        (elder.floor, "层"),
        (elder.door, "室"),
    ):
        if value and value not in elder.address:
            parts.append(value if value.endswith(word) else value + word)
    return " ".join(p for p in parts if p)


# ----------------------------------------------------------------------------- actions


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
    bus: Bus | None = None,
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
    session.commit()
    view = ActionView(
        action.id, alarm.id, now, kind, action.target, action.result, note, action.actor
    )
    _publish(
        bus,
        "alarm.action",
        {"alarm_id": alarm.id, "kind": kind, "result": action.result},
        [alarm.id],
    )
    return view


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
    bus: Bus | None = None,
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
        bus=bus,
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
    session.commit()
    _publish(
        bus,
        "alarm.action",
        {"alarm_id": alarm.id, "kind": "order_dispatched", "order_id": order.id},
        [alarm.id],
    )
    return DispatchedOrder(order.id, order.order_no, order.item_name, order.firm_name)


# ----------------------------------------------------------------------------- resolve


def resolve(
    session: Session,
    alarm_id: int,
    outcome: str,
    note: str,
    actor: Actor,
    now: datetime | None = None,
    *,
    bus: Bus | None = None,
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
        update(Alarm).where(where).values(**values).execution_options(synchronize_session=False)
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
    session.commit()
    result = Resolved(alarm.id, storm_id, tuple(ids), outcome, now)
    _publish(
        bus,
        "alarm.resolved",
        {"alarm_id": alarm.id, "storm_id": storm_id, "outcome": outcome, "alarm_ids": ids},
        ids,
    )
    return result


# ----------------------------------------------------------------------------- escalation


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
    bus: Bus | None = None,
) -> list[Escalation]:
    """Record the escalations that fell due; each alarm escalates once per kind.

    - ``unclaimed``: still unclaimed after ``unclaimed_after_s`` (default the setting,
      30 s) — or at the latest ``breach_warning_s`` before the 60 s mark;
    - ``breach_warning``: still unclaimed ``breach_warning_s`` before 180 s;
    - ``unresolved``: claimed ``unresolved_after_s`` ago (600 s) and not resolved.

    Several seats may run this at once: the unique (alarm, kind) makes the second
    insert a no-op, and only what this call inserted is returned and announced.
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
    session.commit()
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
    if bus is not None and out:
        bus.publish(
            "alarm.escalated",
            {
                "escalations": [
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
                    for e in out
                ]
            },
        )
        bus.changed("alarm", sorted({r[0] for _k, r in fresh}))
    return out


# ----------------------------------------------------------------------------- restores


def close_restored(
    session: Session, now: datetime | None = None, *, bus: Bus | None = None
) -> list[int]:
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
    session.commit()
    if bus is not None:
        bus.publish("alarm.resolved", {"alarm_ids": ids, "outcome": "restored"})
        bus.changed("alarm", ids)
    return ids


@dataclass(frozen=True)
class TickResult:
    storms: int
    restored: int
    escalations: tuple[Escalation, ...]


def tick(session: Session, now: datetime | None = None, *, bus: Bus | None = None) -> TickResult:
    """What a console runs every few seconds: storms among alarms stored outside ingest,
    conditions reported over, escalations due. Idempotent, safe from several seats."""
    now = now or utcnow()
    joins = group_storms(session, now)
    session.commit()
    if joins and bus is not None:
        bus.changed("alarm", sorted({i for j in joins for i in j.alarm_ids}))
    restored = close_restored(session, now, bus=bus)
    escalations = escalate_due(session, now, bus=bus)
    return TickResult(len(joins), len(restored), tuple(escalations))
