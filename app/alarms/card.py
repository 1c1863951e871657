"""The emergency card: everything the operator needs with a claimed alarm, in one read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.alarms.common import OPEN, _alarm, _holder_name
from app.errors import NotFound
from app.registry.elders import ContactView, ElderDetail, get_elder
from db.models import (
    Alarm,
    AlarmAction,
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

EMERGENCY_CATEGORY = "EA"  # 紧急援助 in the catalogue
EMERGENCY_ITEM_KIND = "urgent"
RECENT_ALARMS = 5


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
