"""Subsidy settlement (补贴结算) per firm per month, in integer fen.

What the government owes a firm for a month: for every order completed in the month
(``ix_work_orders_completed``), the government's share frozen on the order when it was
created (by the elder's subsidy category and the item, the rules of DESIGN.md), plus the
category B elders' monthly allowance (50 yuan by default, ``subsidy.b_monthly_allowance_fen``)
applied to what they would otherwise pay themselves; less the disputed orders (a callback
found the service did not happen); times the grade's factor. Elders' co-payments stand
beside it. Every amount is an integer number of fen and every total is a sum of the lines
above it, so the statement reconciles to the fen.

The B allowance: an elder's allowance is spent on their completed, undisputed orders of the
month, firm by firm in firm id order, never more than they would have paid.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app import settings
from app.assessment.rules import month_bounds
from app.assessment.service import DONE, compute_month
from db.models import Elder, Firm, WorkOrder

CATEGORIES = ("A", "B", "C", "D")
FACTOR_KEYS = {
    "优秀": "assessment.factor_excellent_percent",
    "良好": "assessment.factor_good_percent",
    "合格": "assessment.factor_pass_percent",
    "不合格": "assessment.factor_fail_percent",
}


def percent_half_up(amount_fen: int, percent: int) -> int:
    """``amount * percent / 100`` to the fen, half a fen up (integer arithmetic)."""
    return (amount_fen * percent * 2 + 100) // 200


@dataclass(frozen=True)
class CategoryLine:
    category: str
    orders: int
    market_fen: int
    government_fen: int  # frozen shares plus the B allowance, disputed orders included
    elder_fen: int  # co-payments after the B allowance
    disputed_orders: int
    disputed_government_fen: int


@dataclass(frozen=True)
class FirmSettlement:
    firm_id: int
    firm_name: str
    grade: str
    factor_percent: int
    lines: tuple[CategoryLine, ...]  # A, B, C, D
    orders: int
    market_fen: int
    government_fen: int
    disputed_government_fen: int
    eligible_fen: int  # government_fen - disputed_government_fen
    payable_fen: int  # eligible_fen * factor, to the fen
    deduction_fen: int  # eligible_fen - payable_fen
    elder_fen: int


@dataclass(frozen=True)
class MonthSettlement:
    month: str
    firms: tuple[FirmSettlement, ...]  # by firm name
    orders: int
    government_fen: int
    disputed_government_fen: int
    eligible_fen: int
    payable_fen: int
    elder_fen: int


def settle_month(session: Session, month: str, now: datetime | None = None) -> MonthSettlement:
    tz = str(settings.get(session, "centre.timezone"))
    start, end = month_bounds(month, tz)
    assessment = compute_month(session, month, now)
    allowance = int(settings.get(session, "subsidy.b_monthly_allowance_fen"))
    factors = {g: int(settings.get(session, k)) for g, k in FACTOR_KEYS.items()}

    o = WorkOrder.__table__.c
    e = Elder.__table__.c
    done = and_(
        o.completed_at >= start,
        o.completed_at < end,
        o.status.in_(DONE),
        o.firm_id.is_not(None),
    )
    # (firm, category, disputed) -> count, market, government, elder
    agg: dict[tuple[int, str, bool], tuple[int, int, int, int]] = {}
    for firm_id, cat, disputed, n, market, gov, elder in session.execute(
        select(
            o.firm_id,
            e.subsidy_category,
            o.disputed,
            func.count(),
            func.sum(o.market_price_fen),
            func.sum(o.government_pays_fen),
            func.sum(o.elder_pays_fen),
        )
        .select_from(WorkOrder.__table__.join(Elder.__table__, e.id == o.elder_id))
        .where(done)
        .group_by(o.firm_id, e.subsidy_category, o.disputed)
    ):
        agg[(firm_id, cat, bool(disputed))] = (int(n), int(market), int(gov), int(elder))

    # Category B allowance, per elder over their undisputed orders, firm by firm.
    b_extra: dict[int, int] = defaultdict(int)
    if allowance > 0:
        left: dict[int, int] = {}
        for elder_id, firm_id, pays in session.execute(
            select(o.elder_id, o.firm_id, func.sum(o.elder_pays_fen))
            .select_from(WorkOrder.__table__.join(Elder.__table__, e.id == o.elder_id))
            .where(done, e.subsidy_category == "B", o.disputed.is_(False))
            .group_by(o.elder_id, o.firm_id)
            .order_by(o.elder_id, o.firm_id)
        ):
            rest = left.setdefault(elder_id, allowance)
            used = min(rest, int(pays or 0))
            left[elder_id] = rest - used
            b_extra[firm_id] += used

    names = {f.firm_id: f.firm_name for f in assessment.firms}
    grades = {f.firm_id: f.grade for f in assessment.firms}
    firm_ids = sorted({k[0] for k in agg} | set(names), key=lambda f: (names.get(f, ""), f))
    if len(names) < len(firm_ids):
        names.update(
            dict(session.execute(select(Firm.id, Firm.name).where(Firm.id.in_(firm_ids))).all())
        )
    firms: list[FirmSettlement] = []
    for fid in firm_ids:
        lines = []
        for cat in CATEGORIES:
            n0, m0, g0, el0 = agg.get((fid, cat, False), (0, 0, 0, 0))
            n1, m1, g1, el1 = agg.get((fid, cat, True), (0, 0, 0, 0))
            extra = b_extra.get(fid, 0) if cat == "B" else 0
            lines.append(
                CategoryLine(cat, n0 + n1, m0 + m1, g0 + g1 + extra, el0 + el1 - extra, n1, g1)
            )
        gov = sum(x.government_fen for x in lines)
        disputed = sum(x.disputed_government_fen for x in lines)
        eligible = gov - disputed
        grade = grades.get(fid, "合格")
        factor = factors.get(grade, 100)
        payable = percent_half_up(eligible, factor)
        firms.append(
            FirmSettlement(
                firm_id=fid,
                firm_name=names.get(fid, ""),
                grade=grade,
                factor_percent=factor,
                lines=tuple(lines),
                orders=sum(x.orders for x in lines),
                market_fen=sum(x.market_fen for x in lines),
                government_fen=gov,
                disputed_government_fen=disputed,
                eligible_fen=eligible,
                payable_fen=payable,
                deduction_fen=eligible - payable,
                elder_fen=sum(x.elder_fen for x in lines),
            )
        )
    return MonthSettlement(
        month=month,
        firms=tuple(firms),
        orders=sum(f.orders for f in firms),
        government_fen=sum(f.government_fen for f in firms),
        disputed_government_fen=sum(f.disputed_government_fen for f in firms),
        eligible_fen=sum(f.eligible_fen for f in firms),
        payable_fen=sum(f.payable_fen for f in firms),
        elder_fen=sum(f.elder_fen for f in firms),
    )
