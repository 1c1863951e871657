"""The month's alarm handling report: how fast each operator claimed and resolved.

Figures per operator for the alarms raised in the month (centre's local calendar) that
they claimed: raised→claimed median and 90th percentile, claimed→resolved median, the
share claimed within 60 s and within 180 s (the service levels of DESIGN.md). A total
line covers every claimed alarm, and ``never_claimed`` counts the alarms of the month
nobody claimed (closed by a restore, or still waiting). Percentiles are nearest-rank:
the p-th percentile of n sorted values is the value at rank ceil(p/100 × n).
Accidental presses are counted per device and per elder, most first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationError
from app.orders.routing import centre_zone
from db.models import Alarm, Device, Elder, User

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TOP = 20


@dataclass(frozen=True)
class OperatorFigures:
    operator: str
    alarms: int
    claim_p50_s: float | None
    claim_p90_s: float | None
    resolve_p50_s: float | None
    within_60: float | None  # share 0..1
    within_180: float | None


@dataclass(frozen=True)
class Presses:
    id: int
    label: str  # the device's account, or the elder's name
    count: int


@dataclass(frozen=True)
class HandlingReport:
    month: str
    operators: tuple[OperatorFigures, ...]  # by name
    total: OperatorFigures
    never_claimed: int
    accidental_by_device: tuple[Presses, ...]
    accidental_by_elder: tuple[Presses, ...]


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def month_bounds(month: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    m = MONTH.match(month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(
            [FieldError("month", "bad_month", f"Month {month!r} is not written YYYY-MM.")]
        )
    year, mon = int(m.group(1)), int(m.group(2))
    start = datetime(year, mon, 1, tzinfo=zone)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=zone)
    return start, end


def _figures(name: str, rows: list[tuple[float, float | None]]) -> OperatorFigures:
    claims = [c for c, _r in rows]
    resolves = [r for _c, r in rows if r is not None]
    n = len(claims)
    return OperatorFigures(
        operator=name,
        alarms=n,
        claim_p50_s=percentile(claims, 50),
        claim_p90_s=percentile(claims, 90),
        resolve_p50_s=percentile(resolves, 50),
        within_60=sum(c <= 60 for c in claims) / n if n else None,
        within_180=sum(c <= 180 for c in claims) / n if n else None,
    )


def handling_report(session: Session, month: str) -> HandlingReport:
    """The report for ``month`` ("2026-11"); alarms by when they were raised."""
    start, end = month_bounds(month, centre_zone(session))
    in_month = (
        Alarm.received_at >= start,
        Alarm.received_at < end,
        Alarm.priority.in_((1, 2)),
    )
    rows = session.execute(
        select(
            Alarm.claimed_by,
            func.coalesce(func.nullif(Alarm.claimed_by_name, ""), User.display_name, ""),
            Alarm.received_at,
            Alarm.claimed_at,
            Alarm.resolved_at,
        )
        .outerjoin(User, User.id == Alarm.claimed_by)
        .where(*in_month, Alarm.claimed_at.is_not(None))
    ).all()
    per: dict[str, list[tuple[float, float | None]]] = {}
    every: list[tuple[float, float | None]] = []
    for _uid, name, raised, claimed, resolved in rows:
        pair = (
            max(0.0, (claimed - raised).total_seconds()),
            max(0.0, (resolved - claimed).total_seconds()) if resolved else None,
        )
        per.setdefault(name or "?", []).append(pair)
        every.append(pair)
    never = session.scalar(
        select(func.count())
        .select_from(Alarm)
        .where(*in_month, Alarm.claimed_at.is_(None), Alarm.qualifier != "restore")
    )
    accidental = (*in_month[:2], Alarm.outcome == "accidental")
    by_device = session.execute(
        select(Alarm.device_id, Device.account, func.count())
        .join(Device, Device.id == Alarm.device_id)
        .where(*accidental)
        .group_by(Alarm.device_id, Device.account)
        .order_by(func.count().desc(), Device.account)
        .limit(TOP)
    ).all()
    by_elder = session.execute(
        select(Alarm.elder_id, Elder.name, func.count())
        .join(Elder, Elder.id == Alarm.elder_id)
        .where(*accidental)
        .group_by(Alarm.elder_id, Elder.name)
        .order_by(func.count().desc(), Elder.name)
        .limit(TOP)
    ).all()
    return HandlingReport(
        month=month.strip(),
        operators=tuple(_figures(name, per[name]) for name in sorted(per)),
        total=_figures("", every),
        never_claimed=int(never or 0),
        accidental_by_device=tuple(Presses(r[0], r[1], r[2]) for r in by_device),
        accidental_by_elder=tuple(Presses(r[0], r[1], r[2]) for r in by_elder),
    )
