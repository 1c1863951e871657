"""A centre with devices for alarm tests: elders with contacts, one-key phones and pendants in
two streets, the 紧急援助 items, a firm that takes them and maintains the devices, users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from app.access import Actor
from app.registry.elders import ContactInput, PhoneInput
from db.models import Alarm, Device, User
from tests.app.factories import Areas, id_for, make_areas, make_category, make_elder, make_firm
from tests.app.factories import make_item as make_catalogue_item

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Lanzhou


@dataclass(frozen=True)
class AlarmCentre:
    areas: Areas
    zhang: int  # 张三, living alone, two contacts, device "1234" (pendant)
    li: int  # 李秀英, device "5678" (one-key phone)
    street_devices: list[int]  # 12 more one-key phones in 张掖路街道 (zhongshan / jinta)
    street_accounts: list[str]
    other_street_devices: list[int]  # 3 in 酒泉路街道
    other_street_accounts: list[str]
    device_1234: int
    device_5678: int
    firm_id: int
    urgent_item: int  # EA001 助急
    visit_item: int  # EA002 紧急上门查看
    onekey_item: int  # EA022 一键通设备维护
    sos_item: int  # EA021 SOS设备维修
    operator_a: Actor
    operator_b: Actor
    supervisor: Actor


def _user(session: Session, username: str, name: str, role: str) -> Actor:
    user = User(username=username, display_name=name, role=role, password_hash="-")
    session.add(user)
    session.flush()
    return Actor(username, role=role, user_id=user.id, display_name=name)


def make_alarm_centre(session: Session, *, last_test: datetime = T0) -> AlarmCentre:
    areas = make_areas(session)
    ea = make_category(session, "EA", "紧急援助")
    urgent = make_catalogue_item(
        session, ea, "EA001", "助急（紧急求助响应）", kind="urgent", market_price_fen=0
    )
    visit = make_catalogue_item(session, ea, "EA002", "紧急上门查看", kind="urgent")
    sos = make_catalogue_item(session, ea, "EA021", "SOS设备维修", kind="device_maintenance")
    onekey = make_catalogue_item(session, ea, "EA022", "一键通设备维护", kind="device_maintenance")
    firm = make_firm(
        session,
        {areas.zhongshan, areas.jinta, areas.gaolan},
        {urgent, visit, sos, onekey},
        name="安康居家养老服务中心",
    )
    zhang = make_elder(
        session,
        areas.zhongshan,
        contacts=[
            ContactInput("张明", "儿子", "13909310002"),
            ContactInput("张丽", "女儿", "13909310003"),
        ],
        medical_notes="高血压，冠心病",
        allergies="青霉素",
        medicines="硝苯地平",
        care_level="semi_dependent",
    )
    li = make_elder(
        session,
        areas.jinta,
        name="李秀英",
        sex="F",
        id_number=id_for(date(1940, 5, 1), 2, "F"),
        phones=[PhoneInput("mobile", "13909312001")],
        contacts=[ContactInput("王强", "女婿", "13909312999")],
        groups=set(),
    )

    def device(account: str, elder: int, kind: str) -> int:
        d = Device(
            account=account,
            elder_id=elder,
            kind=kind,
            model="安心宝 AX-100",
            firm_id=firm,
            last_test_at=last_test,
            last_event_at=last_test,
        )
        session.add(d)
        session.flush()
        return d.id

    d1234 = device("1234", zhang, "sos_pendant")
    d5678 = device("5678", li, "onekey_phone")
    street, street_accounts = [], []
    for n in range(12):
        elder = make_elder(
            session,
            areas.zhongshan if n % 2 else areas.jinta,
            name=f"孙{'一二三四五六七八九十'[n % 10]}{n}",
            id_number=id_for(date(1935 + n, 1, 1 + n), 20 + n, "M"),
            phones=[PhoneInput("mobile", f"1370931{n:04d}")],
            contacts=[],
            groups=set(),
        )
        account = f"7{n:03d}"
        street.append(device(account, elder, "onekey_phone"))
        street_accounts.append(account)
    other, other_accounts = [], []
    for n in range(3):
        elder = make_elder(
            session,
            areas.gaolan,
            name=f"周{n}",
            id_number=id_for(date(1936 + n, 2, 2), 60 + n, "M"),
            phones=[PhoneInput("mobile", f"1370932{n:04d}")],
            contacts=[],
            groups=set(),
        )
        account = f"8{n:03d}"
        other.append(device(account, elder, "onekey_phone"))
        other_accounts.append(account)
    a = _user(session, "op_a", "王小红", "operator")
    b = _user(session, "op_b", "刘芳", "operator")
    sup = _user(session, "sup", "陈主管", "supervisor")
    session.commit()
    return AlarmCentre(
        areas=areas,
        zhang=zhang,
        li=li,
        street_devices=street,
        street_accounts=street_accounts,
        other_street_devices=other,
        other_street_accounts=other_accounts,
        device_1234=d1234,
        device_5678=d5678,
        firm_id=firm,
        urgent_item=urgent,
        visit_item=visit,
        onekey_item=onekey,
        sos_item=sos,
        operator_a=a,
        operator_b=b,
        supervisor=sup,
    )


_seq = iter(range(1, 10**9))


def add_alarm(
    session: Session,
    *,
    device_id: int | None,
    elder_id: int | None,
    code: str = "101",
    name: str = "Personal emergency",
    priority: int = 1,
    at: datetime = T0,
    account: str = "1234",
    status: str = "raised",
    **values: object,
) -> int:
    """An alarm row as the gateway stores it (for tests about handling, not ingest)."""
    alarm = Alarm(
        dedupe_key=f"test|{next(_seq)}",
        protocol="surgard",
        account=account,
        device_id=device_id,
        elder_id=elder_id,
        unknown_account=device_id is None,
        event_code=code,
        event_name=name,
        received_at=at,
        priority=priority,
        status=status,
        **values,
    )
    session.add(alarm)
    session.commit()
    return alarm.id


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)
