"""The month's service statistics: orders by category, kind and status, on time, calls.

Set-based like the assessment: a handful of GROUP BYs over the month's orders and calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app import settings
from app.assessment.rules import month_bounds
from app.assessment.service import DONE
from db.models import Call, ServiceCategory, ServiceItem, WorkOrder

STATUS_NAMES = {
    "new": "新建",
    "dispatched": "已派单",
    "accepted": "已接单",
    "in_service": "服务中",
    "completed": "已完成",
    "closed": "已关闭",
    "rejected": "被拒单",
    "cancelled": "已取消",
}
DISPOSITION_NAMES = {
    "request": "服务需求",
    "enquiry": "咨询",
    "complaint": "投诉",
    "care_call": "关爱电话",
    "followup": "回访",
    "silent": "无声电话",
    "wrong_number": "打错电话",
    "test": "测试",
    "alarm": "报警",
    None: "未登记",
}
KIND_NAMES = {"meal": "助餐", "other": "其他"}


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    completed: int = 0
    on_time: int = 0


@dataclass(frozen=True)
class MonthStatistics:
    month: str
    orders: int
    completed: int
    on_time: int
    overdue_open: int
    disputed: int
    by_category: tuple[CountRow, ...]
    by_kind: tuple[CountRow, ...]
    by_status: tuple[CountRow, ...]
    calls_in: int
    calls_out: int
    calls_answered: int
    by_disposition: tuple[CountRow, ...]

    @property
    def on_time_percent(self) -> str:
        return "—" if not self.completed else f"{self.on_time * 100 / self.completed:.1f}%"


def month_statistics(session: Session, month: str, now: datetime) -> MonthStatistics:
    start, end = month_bounds(month, str(settings.get(session, "centre.timezone")))
    o = WorkOrder.__table__.c
    i = ServiceItem.__table__.c
    cat = ServiceCategory.__table__.c
    in_month = and_(o.created_at >= start, o.created_at < end)
    done = o.status.in_(DONE)
    done_n = func.sum(case((done, 1), else_=0))
    on_time_n = func.sum(case((and_(done, o.completed_at <= o.due_at), 1), else_=0))
    joined = WorkOrder.__table__.join(ServiceItem.__table__, i.id == o.item_id).join(
        ServiceCategory.__table__, cat.id == i.category_id
    )
    by_cat: list[CountRow] = []
    by_kind: dict[str, list[int]] = {}
    for name, kind, n, d, t in session.execute(
        select(cat.name, i.kind, func.count(), done_n, on_time_n)
        .select_from(joined)
        .where(in_month)
        .group_by(cat.name, i.kind)
        .order_by(cat.name)
    ):
        by_cat.append(CountRow(name, int(n), int(d or 0), int(t or 0)))
        acc = by_kind.setdefault(KIND_NAMES.get(kind, kind), [0, 0, 0])
        acc[0] += int(n)
        acc[1] += int(d or 0)
        acc[2] += int(t or 0)
    merged: dict[str, list[int]] = {}
    for row in by_cat:
        acc = merged.setdefault(row.label, [0, 0, 0])
        acc[0] += row.count
        acc[1] += row.completed
        acc[2] += row.on_time
    categories = tuple(CountRow(k, *v) for k, v in merged.items())
    by_status = tuple(
        CountRow(STATUS_NAMES.get(st, st), int(n))
        for st, n in session.execute(
            select(o.status, func.count()).where(in_month).group_by(o.status).order_by(o.status)
        )
    )
    disputed = int(session.scalar(select(func.count()).where(in_month, o.disputed.is_(True))) or 0)
    open_statuses = ("new", "dispatched", "accepted", "in_service", "rejected")
    overdue_open = int(
        session.scalar(
            select(func.count()).where(in_month, o.status.in_(open_statuses), o.due_at < now)
        )
        or 0
    )
    c = Call.__table__.c
    calls_in = calls_out = answered = 0
    dispositions: dict[str | None, int] = {}
    for direction, disposition, n, n_answered in session.execute(
        select(
            c.direction,
            c.disposition,
            func.count(),
            func.sum(case((c.answered_at.is_not(None), 1), else_=0)),
        )
        .where(c.started_at >= start, c.started_at < end)
        .group_by(c.direction, c.disposition)
    ):
        if direction == "in":
            calls_in += int(n)
            answered += int(n_answered or 0)
        else:
            calls_out += int(n)
        dispositions[disposition] = dispositions.get(disposition, 0) + int(n)
    total = sum(r.count for r in categories)
    return MonthStatistics(
        month=month,
        orders=total,
        completed=sum(r.completed for r in categories),
        on_time=sum(r.on_time for r in categories),
        overdue_open=overdue_open,
        disputed=disputed,
        by_category=categories,
        by_kind=tuple(CountRow(k, *v) for k, v in by_kind.items()),
        by_status=by_status,
        calls_in=calls_in,
        calls_out=calls_out,
        calls_answered=answered,
        by_disposition=tuple(
            CountRow(DISPOSITION_NAMES.get(k, str(k)), n)
            for k, n in sorted(dispositions.items(), key=lambda kv: -kv[1])
        ),
    )
