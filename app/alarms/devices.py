"""Device supervision: devices silent past their test interval, on low battery, off mains;
and a maintenance order to the device's firm in one step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.access import Actor, require
from app.alarms.handling import DispatchedOrder
from app.errors import FieldError, NotFound, ValidationError
from app.gateway.supervision import GRACE
from app.orders.routing import suggest_firm
from app.orders.service import OrderRequest, dispatch_order
from app.registry.areas import list_areas
from db.models import Area, Device, Elder, Firm, ServiceItem, utcnow

CONDITIONS = ("silent", "battery_low", "mains_lost")
MAINTENANCE_KIND = "device_maintenance"
DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class DeviceCondition:
    device_id: int
    account: str
    kind: str
    model: str
    elder_id: int | None
    elder_name: str
    community: str
    address: str
    firm_id: int | None
    firm_name: str
    conditions: tuple[str, ...]  # in CONDITIONS order
    last_test_at: datetime | None
    silent_h: float | None  # hours since the last test, when silent


def _communities_under(session: Session, area_id: int) -> list[int]:
    areas = list_areas(session)
    below = {area_id}
    # Tree order: a parent always comes before its children.
    for a in areas:
        if a.parent_id in below:
            below.add(a.id)
    return [a.id for a in areas if a.id in below and a.level == "community"]


def device_conditions(
    session: Session,
    kind: str | None = None,
    area_id: int | None = None,
    *,
    now: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[DeviceCondition]:
    """Active devices with a condition; ``kind`` one of CONDITIONS narrows to it,
    ``area_id`` (district, street or community) to the elders living there.
    Longest silent first, then by account."""
    now = now or utcnow()
    if kind is not None and kind not in CONDITIONS:
        raise ValidationError(
            [FieldError("kind", "unknown_condition", f"Unknown device condition {kind!r}.")]
        )
    # Silence depends on each device's interval: one cut-off per distinct interval
    # (a centre has a handful), as the gateway's sweep does.
    intervals = session.scalars(
        select(Device.test_interval_h).where(Device.status == "active").distinct()
    ).all()
    silent_terms = [
        (Device.test_interval_h == h) & (Device.last_test_at < now - timedelta(hours=h) - GRACE)
        for h in intervals
        if h and h > 0
    ]
    silent = or_(*silent_terms) if silent_terms else None
    wanted = {
        "silent": silent,
        "battery_low": Device.battery_low.is_(True),
        "mains_lost": Device.mains_lost.is_(True),
    }
    terms = [t for k, t in wanted.items() if t is not None and (kind is None or k == kind)]
    if not terms:
        return []
    query = (
        select(Device, Elder.name, Elder.address, Area.name, Firm.name)
        .outerjoin(Elder, Elder.id == Device.elder_id)
        .outerjoin(Area, Area.id == Elder.community_id)
        .outerjoin(Firm, Firm.id == Device.firm_id)
        .where(Device.status == "active", or_(*terms))
        .order_by(Device.last_test_at, Device.account)
        .limit(limit)
    )
    if area_id is not None:
        query = query.where(Elder.community_id.in_(_communities_under(session, area_id)))
    out = []
    for d, elder_name, address, community, firm_name in session.execute(query):
        overdue = (
            d.last_test_at is not None
            and d.test_interval_h > 0
            and d.last_test_at < now - timedelta(hours=d.test_interval_h) - GRACE
        )
        flags = {"silent": overdue, "battery_low": d.battery_low, "mains_lost": d.mains_lost}
        out.append(
            DeviceCondition(
                device_id=d.id,
                account=d.account,
                kind=d.kind,
                model=d.model or "",
                elder_id=d.elder_id,
                elder_name=elder_name or "",
                community=community or "",
                address=address or "",
                firm_id=d.firm_id,
                firm_name=firm_name or "",
                conditions=tuple(c for c in CONDITIONS if flags[c]),
                last_test_at=d.last_test_at,
                silent_h=(now - d.last_test_at).total_seconds() / 3600
                if overdue and d.last_test_at
                else None,
            )
        )
    return out


def _maintenance_item(session: Session, device_kind: str) -> ServiceItem | None:
    items = list(
        session.scalars(
            select(ServiceItem)
            .where(ServiceItem.kind == MAINTENANCE_KIND, ServiceItem.active.is_(True))
            .order_by(ServiceItem.code)
        )
    )
    if not items:
        return None
    # The catalogue has one item for one-key phones (一键通) and one for the rest (SOS).
    onekey = "onekey" in device_kind
    for item in items:
        if ("一键" in item.name) == onekey:
            return item
    return items[0]


def maintenance_order(
    session: Session,
    device_id: int,
    actor: Actor,
    *,
    note: str = "",
    now: datetime | None = None,
) -> DispatchedOrder:
    """Send the device's maintenance firm an order to check or repair it.

    The item is the catalogue's device-maintenance item for this kind of device; the
    firm is the one that maintains the device when its contract covers the elder for
    that item, else the routing rule's choice (the order's routing reason says which).
    """
    require(actor, "order.dispatch")
    now = now or utcnow()
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound(f"Device #{device_id} does not exist.")
    if device.elder_id is None:
        raise ValidationError(
            [
                FieldError(
                    "device_id",
                    "no_elder",
                    f"Device {device.account} is registered with no elder; a work order "
                    f"needs the elder whose home it is in.",
                )
            ]
        )
    item = _maintenance_item(session, device.kind)
    if item is None:
        raise ValidationError(
            [
                FieldError(
                    "item_id",
                    "no_maintenance_item",
                    "The catalogue has no active device-maintenance item.",
                )
            ]
        )
    firm_id: int | None = None
    reason = ""
    if device.firm_id is not None:
        suggestion = suggest_firm(session, device.elder_id, item.id, now=now)
        if device.firm_id in {c.firm_id for c in suggestion.candidates}:
            firm_id = device.firm_id
            if firm_id != suggestion.firm_id:
                reason = "maintains this device"
    problems = []
    if device.battery_low:
        problems.append("电池电量低")
    if device.mains_lost:
        problems.append("交流电断电")
    if (
        device.last_test_at is not None
        and device.last_test_at < now - timedelta(hours=device.test_interval_h) - GRACE
    ):
        problems.append("超时未测试")
    default_note = f"设备 {device.account} {device.model or device.kind}：" + (
        "、".join(problems) or "检查维护"
    )
    order = dispatch_order(
        session,
        OrderRequest(
            elder_id=device.elder_id,
            item_id=item.id,
            firm_id=firm_id,
            override_reason=reason,
            notes=(note.strip() or default_note)[:2000],
        ),
        actor=actor,
        now=now,
    )
    return DispatchedOrder(order.id, order.order_no, order.item_name, order.firm_name)
