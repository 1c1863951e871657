"""A tiny centre with figures worked out by hand for the assessment and settlement tests.

October 2026 (Asia/Shanghai). Firm 安康 (A) gets 21 orders, one cancelled: 20 count.
16 completed (12 on time, 4 late), 4 still dispatched; 2 rejections in all; 1 completed
order disputed. Follow-ups: 4 satisfied, 1 basic, 1 unsatisfied, 1 unreachable. One
complaint. Firm 福寿 (B) is active with no orders at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

from db.models import Complaint, FollowUp, WorkOrder
from tests.app.factories import id_for, make_areas, make_category, make_elder, make_firm, make_item

_seq = count(1)
# 10:00 in Shanghai on 10 October 2026.
OCT = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Centre:
    firm_a: int
    firm_b: int
    elder: int
    item: int
    community: int


def order(
    session: Session,
    c: Centre,
    *,
    firm: int,
    created: datetime = OCT,
    status: str = "completed",
    late: bool = False,
    rejections: int = 0,
    disputed: bool = False,
    elder: int | None = None,
    market: int = 3000,
    elder_pays: int = 0,
    gov_pays: int = 3000,
) -> int:
    due = created + timedelta(hours=2)
    done = status in ("completed", "closed")
    o = WorkOrder(
        order_no=f"T{next(_seq):08d}",
        elder_id=elder or c.elder,
        item_id=c.item,
        firm_id=firm,
        community_id=c.community,
        status=status,
        market_price_fen=market,
        elder_pays_fen=elder_pays,
        government_pays_fen=gov_pays,
        created_at=created,
        due_at=due,
        completed_at=(due + timedelta(minutes=30) if late else due - timedelta(minutes=30))
        if done
        else None,
        rejections=rejections,
        disputed=disputed,
    )
    session.add(o)
    session.flush()
    return o.id


def build(session: Session) -> Centre:
    areas = make_areas(session)
    cat = make_category(session)
    item = make_item(session, cat, "LC001", "助洁")
    a = make_firm(session, {areas.zhongshan}, {item}, name="安康家政服务有限公司", n=1)
    b = make_firm(session, {areas.zhongshan}, {item}, name="福寿养老服务中心", n=2)
    elder = make_elder(session, areas.zhongshan)
    c = Centre(a, b, elder, item, areas.zhongshan)
    ids = []
    for i in range(16):
        ids.append(
            order(session, c, firm=a, late=i >= 12, rejections=1 if i < 2 else 0, disputed=i == 15)
        )
    for _ in range(4):
        order(session, c, firm=a, status="dispatched")
    order(session, c, firm=a, status="cancelled", rejections=5)
    results = ["satisfied"] * 4 + ["basic", "unsatisfied", "unreachable"]
    for oid, result in zip(ids, results, strict=False):
        session.add(FollowUp(order_id=oid, due_on=date(2026, 10, 12), status="done", result=result))
    session.add(Complaint(firm_id=a, received_at=OCT + timedelta(days=1), text="迟到"))
    # September's complaint and a November order are outside the month.
    session.add(
        Complaint(firm_id=a, received_at=datetime(2026, 9, 30, 15, 0, tzinfo=UTC), text="x")
    )
    order(session, c, firm=a, created=datetime(2026, 10, 31, 16, 0, tzinfo=UTC), late=True)
    session.commit()
    return c


def second_elder(session: Session, c: Centre, category: str) -> int:
    return make_elder(
        session,
        c.community,
        name="李四",
        id_number=id_for(date(1940, 5, 1), 7, "M"),
        subsidy_category=category,
    )
