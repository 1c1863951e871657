"""Monthly care calls: the special-group elders not yet reached this (local) month, the
calls made to them, and the month's coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

from app.access import Actor, require
from app.errors import FieldError, NotFound, ValidationError
from app.followups.common import _announce, _audit, _check_call, _now, _phones, month_of
from db.models import CareCall, Elder, ElderGroup

# The groups most at risk of being found too late get a care call every month
# (the same set the demo history calls).
CARE_GROUPS = ("living_alone", "lost_only_child", "family_planning", "centenarian")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class CareCallRow:
    elder_id: int
    elder_name: str
    phone: str
    tries: int  # unanswered care calls this month
    last_try_at: datetime | None


@dataclass(frozen=True)
class CareCoverage:
    month: str
    eligible: int
    reached: int

    @property
    def percent(self) -> float:
        return 100.0 * self.reached / self.eligible if self.eligible else 100.0


def _check_month(month: str) -> str:
    m = _MONTH.match(month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(
            [FieldError("month", "bad_month", f"month {month!r} is not written YYYY-MM")]
        )
    return month.strip()


def _care_eligible():  # type: ignore[no-untyped-def]
    """Active elders in a care-call group (an elder in two groups counts once).

    IN (subquery), not EXISTS: SQLite then reads the group index once instead of probing
    it for each of 200,000 elders (38 ms against 200 ms on the big demo centre)."""
    return and_(
        Elder.id.in_(select(ElderGroup.elder_id).where(ElderGroup.group.in_(CARE_GROUPS))),
        Elder.status == "active",
    )


def _reached(month: str):  # type: ignore[no-untyped-def]
    return exists().where(
        CareCall.month == month, CareCall.elder_id == Elder.id, CareCall.reached.is_(True)
    )


def care_coverage(session: Session, month: str) -> CareCoverage:
    """How many of the month's care-call elders have been reached (the target is all)."""
    month = _check_month(month)
    eligible, reached = session.execute(
        select(func.count(), func.sum(case((_reached(month), 1), else_=0)))
        .select_from(Elder)
        .where(_care_eligible())
    ).one()
    return CareCoverage(month, int(eligible or 0), int(reached or 0))


def care_call_list(
    session: Session,
    month: str,
    now: datetime | None = None,
    *,
    limit: int = 200,
    after_id: int = 0,
) -> list[CareCallRow]:
    """Care-call elders not yet reached this month, by elder id from ``after_id`` (paging):
    those tried least first would need a sort over all of them, so tries are only shown."""
    del now  # the month says it all; kept for the caller's symmetry with the other lists
    month = _check_month(month)
    rows = session.execute(
        select(Elder.id, Elder.name)
        .where(Elder.id > after_id, _care_eligible(), ~_reached(month))
        .order_by(Elder.id)
        .limit(limit)
    ).all()
    ids = [r.id for r in rows]
    tries: dict[int, tuple[int, datetime | None]] = {}
    if ids:
        for elder_id, n, last in session.execute(
            select(CareCall.elder_id, func.count(), func.max(CareCall.at))
            .where(CareCall.month == month, CareCall.elder_id.in_(ids))
            .group_by(CareCall.elder_id)
        ):
            tries[elder_id] = (n, last)
    phones = _phones(session, ids)
    return [
        CareCallRow(
            elder_id=r.id,
            elder_name=r.name,
            phone=phones.get(r.id, ""),
            tries=tries.get(r.id, (0, None))[0],
            last_try_at=tries.get(r.id, (0, None))[1],
        )
        for r in rows
    ]


def record_care_call(
    session: Session,
    elder_id: int,
    *,
    actor: Actor,
    call_id: int | None = None,
    reached: bool | None = None,
    note: str = "",
    now: datetime | None = None,
) -> CareCoverage:
    """A care call made: reached when its call record was answered (or as told)."""
    require(actor, "followup.record")
    if session.get(Elder, elder_id) is None:
        raise NotFound(f"elder {elder_id} does not exist")
    call = _check_call(session, call_id)
    if reached is None:
        reached = call is not None and call.answered_at is not None
    at = _now(now)
    month = month_of(session, at)
    row = CareCall(
        elder_id=elder_id,
        month=month,
        at=at,
        call_id=call_id,
        operator_id=actor.user_id,
        reached=reached,
        note=note,
    )
    session.add(row)
    session.flush()
    _audit(session, actor, "care_call.record", "elder", elder_id, reached=reached, call_id=call_id)
    _announce(session, carecall=[row.id])
    session.commit()
    return care_coverage(session, month)
