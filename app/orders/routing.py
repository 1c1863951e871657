"""Which firm gets an order: the routing rule of DESIGN.md, with the reason said in words.

Eligible: active, under contract on the day, covering the elder's community and offering
the item (``app.registry.firms.eligible_firms``). Among them: the elder's preferred firm;
else the one with the fewest open orders (dispatched, accepted, in service); a tie goes to
the firm that least recently got an order of this item in this community (never = first),
then to the lower firm id, so the same state always gives the same answer.

Cost at 2,000,000 orders: the open-load count reads only the open rows of the candidate
firms (index ix_work_orders_firm_status), the rotation reads only this community's orders
of this item (ix_work_orders_route); both are a few hundred index entries at most.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import settings
from app.errors import NotFound
from app.registry.firms import eligible_firms
from db.models import Area, Elder, ServiceItem, WorkOrder, utcnow

# The statuses that count as a firm's current load.
OPEN_LOAD_STATUSES = ("dispatched", "accepted", "in_service")

REASON_PREFERRED = "preferred firm of the elder"


@dataclass(frozen=True)
class FirmChoice:
    firm_id: int
    name: str
    open_orders: int
    preferred: bool


@dataclass(frozen=True)
class RoutingSuggestion:
    firm_id: int | None  # None: no eligible firm (reason says why)
    firm_name: str
    reason: str  # user-readable English
    reason_code: str  # "preferred" | "least_load" | "rotation" | "none"
    candidates: list[FirmChoice]  # every eligible firm, suggested first


def centre_zone(session: Session) -> ZoneInfo:
    return ZoneInfo(str(settings.get(session, "centre.timezone")))


def centre_date(session: Session, now: datetime) -> date:
    """The day at the centre (contracts run by local dates, not UTC ones)."""
    return now.astimezone(centre_zone(session)).date()


def open_loads(session: Session, firm_ids: Collection[int]) -> dict[int, int]:
    """Open orders per firm (0 for a firm with none)."""
    if not firm_ids:
        return {}
    rows = session.execute(
        select(WorkOrder.firm_id, func.count())
        .where(WorkOrder.firm_id.in_(firm_ids), WorkOrder.status.in_(OPEN_LOAD_STATUSES))
        .group_by(WorkOrder.firm_id)
    ).all()
    loads = dict.fromkeys(firm_ids, 0)
    loads.update({firm_id: n for firm_id, n in rows if firm_id is not None})
    return loads


def _last_dispatched(
    session: Session, community_id: int, item_id: int, firm_ids: Collection[int]
) -> dict[int, datetime]:
    rows = session.execute(
        select(WorkOrder.firm_id, func.max(WorkOrder.dispatched_at))
        .where(
            WorkOrder.community_id == community_id,
            WorkOrder.item_id == item_id,
            WorkOrder.firm_id.in_(firm_ids),
        )
        .group_by(WorkOrder.firm_id)
    ).all()
    return {firm_id: at for firm_id, at in rows if firm_id is not None and at is not None}


def suggest_firm(
    session: Session,
    elder_id: int,
    item_id: int,
    *,
    now: datetime | None = None,
    exclude: Collection[int] = (),
) -> RoutingSuggestion:
    """The firm the rule picks for this elder and item, and every eligible alternative.

    ``exclude``: firms not to suggest (the one that just rejected the order); they stay
    among the candidates, last, unless no other firm is eligible.
    """
    now = now or utcnow()
    elder = session.execute(
        select(Elder.community_id, Elder.preferred_firm_id).where(Elder.id == elder_id)
    ).first()
    if elder is None:
        raise NotFound(f"Elder #{elder_id} does not exist.")
    community_id, preferred_id = elder
    firms = eligible_firms(session, community_id, item_id, on=centre_date(session, now))
    if not firms:
        community = session.scalar(select(Area.name).where(Area.id == community_id)) or "?"
        item = session.scalar(select(ServiceItem.name).where(ServiceItem.id == item_id))
        if item is None:
            raise NotFound(f"Service item #{item_id} does not exist.")
        return RoutingSuggestion(
            None,
            "",
            f"no firm under contract covers {community} for {item}",
            "none",
            [],
        )
    names = {f.id: f.name for f in firms}
    loads = open_loads(session, names)
    pool = [f for f in names if f not in exclude] or list(names)

    if preferred_id in pool:
        chosen, code, reason = preferred_id, "preferred", REASON_PREFERRED
    else:
        least = min(loads[f] for f in pool)
        tied = [f for f in pool if loads[f] == least]
        if len(pool) == 1:
            chosen, code = pool[0], "least_load"
            reason = f"only eligible firm, open orders ({least})"
        elif len(tied) == 1:
            chosen, code, reason = tied[0], "least_load", f"least open orders ({least})"
        else:
            last = _last_dispatched(session, community_id, item_id, tied)
            # Never sent one here: first in line. datetime.min needs a zone to compare.
            never = datetime.min.replace(tzinfo=now.tzinfo)
            chosen = min(tied, key=lambda f: (last.get(f, never), f))
            code = "rotation"
            reason = f"least open orders ({least}), tie broken by rotation"

    def order_key(firm_id: int) -> tuple[bool, bool, int, str]:
        return (
            firm_id != chosen,
            firm_id in exclude,
            loads[firm_id],
            names[firm_id],
        )

    candidates = [
        FirmChoice(f, names[f], loads[f], f == preferred_id) for f in sorted(names, key=order_key)
    ]
    assert chosen is not None
    return RoutingSuggestion(chosen, names[chosen], reason, code, candidates)
