"""The order board's queries: filters, keyset paging and a capped count, for millions of orders.

Never OFFSET: each page continues after the last row of the previous one (its sort key
and id), so page 2,000 costs what page 1 costs. Names come per page (views.py).

Free text is resolved first, on the small tables (elders, items), into id lists, so the
orders query gets plain ``IN`` lists the planner can weigh: one elder's phone number
becomes a handful of index probes, a common item a short scan of the newest orders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.orders.routing import centre_zone
from app.orders.views import DEADLINE_STATUSES, SUMMARY_COLUMNS, OrderSummary, build_summaries
from app.registry import rules
from app.registry._checks import clean, contains, prefix
from app.registry.areas import list_areas
from app.registry.elders import _conditions as elder_conditions
from db.models import ORDER_STATUSES, Elder, ServiceItem, WorkOrder, utcnow

SORTS = ("created_desc", "created_asc", "due_asc")
PAGE_LIMIT_MAX = 1000
# More elders than this matching a word (a single surname, say) are better found by
# scanning the newest orders than by probing each elder's orders.
ELDER_IDS_MAX = 500
# At most this many ordered queries merged for one page (statuses x communities).
MAX_SPLIT = 24

Cursor = tuple[Any, ...]


@dataclass(frozen=True)
class OrderFilter:
    statuses: frozenset[str] = frozenset()  # empty: every status
    firm_id: int | None = None
    area_id: int | None = None  # a community, or a street/district: all its communities
    category_id: int | None = None
    created_from: date | None = None  # the centre's dates, inclusive
    created_to: date | None = None
    overdue_only: bool = False
    text: str = ""  # order no, elder name or pinyin initials, phone, item name
    sort: str = "created_desc"


def _day_start(session: Session, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=centre_zone(session))


def _communities_under(session: Session, area_id: int) -> list[int]:
    areas = list_areas(session)
    below: set[int] = {area_id}
    # Tree order puts every parent before its children: one pass collects the subtree.
    for a in areas:
        if a.parent_id in below:
            below.add(a.id)
    return [a.id for a in areas if a.id in below and a.level == "community"]


_ORDER_NO = re.compile(r"(?i)gd\d*")


def _text_condition(session: Session, word: str) -> ColumnElement[bool]:
    """One word of the free text: any reading of it may match."""
    arms: list[ColumnElement[bool]] = []
    if _ORDER_NO.fullmatch(word):
        # Nobody's name or phone looks like this: no need to search the elders.
        return prefix(WorkOrder.order_no, word.upper())
    if word.isdigit() and len(word) >= 8:
        # An order number read out without its GD ("2026120300808").
        arms.append(prefix(WorkOrder.order_no, "GD" + word))
    elder_q: Select[tuple[int]] = select(Elder.id).where(
        *elder_conditions(word, None, None, rules(session).area_code)
    )
    elder_ids = list(session.scalars(elder_q.limit(ELDER_IDS_MAX + 1)))
    if len(elder_ids) > ELDER_IDS_MAX:
        arms.append(WorkOrder.elder_id.in_(elder_q))
    elif elder_ids:
        arms.append(WorkOrder.elder_id.in_(elder_ids))
    if re.fullmatch(r"[A-Za-z]+", word):
        item_cond: ColumnElement[bool] | None = prefix(ServiceItem.name_initials, word.lower())
    elif re.fullmatch(r"[\d\s+\-()]+", word):
        item_cond = None  # digits name no item
    else:
        item_cond = contains(ServiceItem.name, word)
    if item_cond is not None:
        item_ids = list(session.scalars(select(ServiceItem.id).where(item_cond)))
        if item_ids:
            arms.append(WorkOrder.item_id.in_(item_ids))
    if not arms:
        return false()
    return arms[0] if len(arms) == 1 else or_(*arms)


@dataclass
class _Where:
    conds: list[ColumnElement[bool]]  # every term except the two below
    statuses: list[str]  # [] = all
    communities: list[int]  # [] = all


def _conditions(session: Session, flt: OrderFilter, now: datetime) -> _Where:
    """The WHERE terms; statuses and communities apart, for list_orders to split on."""
    conds: list[ColumnElement[bool]] = []
    statuses = set(flt.statuses)
    unknown = statuses - set(ORDER_STATUSES)
    if unknown:
        raise ValueError(f"unknown order status {sorted(unknown)}")
    if flt.overdue_only:
        statuses = (statuses & DEADLINE_STATUSES) if statuses else set(DEADLINE_STATUSES)
        if not statuses:
            return _Where([false()], [], [])
        conds.append(WorkOrder.due_at < now)
    wanted = sorted(statuses) if statuses != set(ORDER_STATUSES) else []
    if flt.firm_id is not None:
        conds.append(WorkOrder.firm_id == flt.firm_id)
    if flt.area_id is not None:
        communities = _communities_under(session, flt.area_id)
        if not communities:
            return _Where([false()], [], [])
    else:
        communities = []
    if flt.category_id is not None:
        items = list(
            session.scalars(
                select(ServiceItem.id).where(ServiceItem.category_id == flt.category_id)
            )
        )
        if not items:
            return _Where([false()], [], [])
        conds.append(WorkOrder.item_id.in_(items))
    if flt.created_from is not None:
        conds.append(WorkOrder.created_at >= _day_start(session, flt.created_from))
    if flt.created_to is not None:
        conds.append(WorkOrder.created_at < _day_start(session, flt.created_to + timedelta(1)))
    text = clean(flt.text)
    # A phone number is often written with spaces ("139 0931 2001"): one term, not three.
    words = [text] if re.fullmatch(r"\+?[\d\s\-()（）.]+", text) else text.split()
    for word in words:
        conds.append(_text_condition(session, word.strip()))
    return _Where(conds, wanted, communities)


def _one_of(column: Any, values: list[Any]) -> list[ColumnElement[bool]]:
    if not values:
        return []
    if len(values) == 1:
        return [column == values[0]]
    return [column.in_(values)]


def _sort(flt: OrderFilter) -> tuple[InstrumentedAttribute[datetime], bool]:
    """(key column, descending?)"""
    if flt.sort not in SORTS:
        raise ValueError(f"unknown sort {flt.sort!r}, expected one of {SORTS}")
    if flt.sort == "due_asc":
        return WorkOrder.due_at, False
    return WorkOrder.created_at, flt.sort == "created_desc"


def _after(
    key: InstrumentedAttribute[datetime], descending: bool, cursor: Cursor
) -> ColumnElement[bool]:
    """Rows after ``cursor`` = (key value, id) in the sort order.

    Written as ``key <= v AND (key < v OR id < i)`` rather than a row comparison: the
    first half is a plain range any index on ``key`` serves, on both backends.
    """
    value, last_id = cursor
    if descending:
        return and_(key <= value, or_(key < value, WorkOrder.id < last_id))
    return and_(key >= value, or_(key > value, WorkOrder.id > last_id))


def list_orders(
    session: Session,
    flt: OrderFilter,
    *,
    after: Cursor | None = None,
    limit: int = 100,
    now: datetime | None = None,
) -> tuple[list[OrderSummary], Cursor | None]:
    """One page of the board and the cursor for the next (None after the last page)."""
    now = now or utcnow()
    limit = max(1, min(limit, PAGE_LIMIT_MAX))
    where = _conditions(session, flt, now)
    conds = where.conds
    key, descending = _sort(flt)
    if after is not None:
        conds.append(_after(key, descending, after))
    order = (key.desc(), WorkOrder.id.desc()) if descending else (key.asc(), WorkOrder.id.asc())

    def page(extra: list[ColumnElement[bool]]) -> list[Row[Any]]:
        stmt = select(*SUMMARY_COLUMNS).where(*conds, *extra).order_by(*order)
        return list(session.execute(stmt.limit(limit + 1)).all())

    # "status IN (a, b) ORDER BY created_at" cannot walk one index in order: SQLite then
    # reads and sorts every matching row (1.4 s for closed + completed, 0.7 s for the
    # eight communities of a street, at 2,000,000 orders). One query per value walks
    # (status, created_at), (firm_id, status, created_at) or (community_id, created_at)
    # in order and stops after a page; the pages are merged here.
    statuses: list[Any] = where.statuses or [None]
    communities: list[Any] = where.communities or [None]
    if len(statuses) * len(communities) > MAX_SPLIT:
        extra = _one_of(WorkOrder.community_id, where.communities)
        communities = [None]
    else:
        extra = []
    parts = [
        extra
        + _one_of(WorkOrder.status, [st] if st else [])
        + _one_of(WorkOrder.community_id, [c] if c else [])
        for st in statuses
        for c in communities
    ]
    if len(parts) == 1:
        rows = page(parts[0])
    else:
        rows = [r for part in parts for r in page(part)]
        sort_key = "due_at" if flt.sort == "due_asc" else "created_at"
        rows.sort(key=lambda r: (getattr(r, sort_key), r.id), reverse=descending)
        rows = rows[: limit + 1]
    more = len(rows) > limit
    rows = rows[:limit]
    summaries = build_summaries(session, rows, now)
    cursor: Cursor | None = None
    if more:
        last = rows[-1]
        cursor = (last.due_at if flt.sort == "due_asc" else last.created_at, last.id)
    return summaries, cursor


def count_orders(
    session: Session, flt: OrderFilter, *, now: datetime | None = None, cap: int = 100_000
) -> int:
    """How many orders match, counting at most ``cap`` (a result equal to cap means
    "cap or more": an exact count of a million rows is not worth a second of waiting)."""
    now = now or utcnow()
    w = _conditions(session, flt, now)
    terms = [
        *w.conds,
        *_one_of(WorkOrder.status, w.statuses),
        *_one_of(WorkOrder.community_id, w.communities),
    ]
    inner = select(WorkOrder.id).where(*terms).limit(cap).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())
