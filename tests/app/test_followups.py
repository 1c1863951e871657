"""Callbacks, disputes, complaints, care calls and check-ins on hand-made data, both backends."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import calls, followups, settings
from app.access import Actor
from app.context import Database
from app.errors import Conflict, PermissionDenied, ValidationError
from app.followups.sampling import _sampled
from db.models import (
    AuditEntry,
    Call,
    CareCall,
    CheckinCall,
    Complaint,
    Device,
    Elder,
    FollowUp,
    WorkOrder,
)
from tests.app.factories import (
    id_for,
    make_areas,
    make_category,
    make_elder,
    make_firm,
    make_item,
)
from tests.feed_helpers import Announced

OPERATOR = Actor("op1", role="operator")
SUPERVISOR = Actor("sup1", role="supervisor")
DAY = date(2026, 11, 10)
# 12:00 in Lanzhou (Asia/Shanghai) on DAY.
NOON = datetime(2026, 11, 10, 4, 0, tzinfo=UTC)


@dataclass
class World:
    community: int
    item: int
    firm: int
    zhang: int
    li: int


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


@pytest.fixture
def w(s: Session) -> World:
    areas = make_areas(s)
    item = make_item(s, make_category(s), "LC001", "助洁")
    firm = make_firm(s, {areas.zhongshan}, {item})
    zhang = make_elder(s, areas.zhongshan)
    li = make_elder(
        s,
        areas.zhongshan,
        name="李秀英",
        sex="F",
        id_number="11010519491231002X",
        groups=set(),
    )
    return World(areas.zhongshan, item, firm, zhang, li)


_seq = iter(range(1, 10_000))


def _order(
    s: Session,
    w: World,
    *,
    order_id: int | None = None,
    completed_at: datetime | None = NOON,
    priority: int = 2,
    status: str = "completed",
    elder: int | None = None,
) -> int:
    n = next(_seq)
    o = WorkOrder(
        order_no=f"GD{n:013d}",
        elder_id=elder or w.zhang,
        item_id=w.item,
        firm_id=w.firm,
        community_id=w.community,
        status=status,
        priority=priority,
        market_price_fen=3000,
        elder_pays_fen=0,
        government_pays_fen=3000,
        created_at=NOON - timedelta(hours=3),
        due_at=NOON,
        completed_at=completed_at,
    )
    if order_id is not None:
        o.id = order_id
    s.add(o)
    s.commit()
    return o.id


def _no_new_firm_rule(s: Session) -> None:
    settings.put(s, "followup.first_orders_of_new_firm", 0)
    s.commit()


# ----------------------------------------------------------------------------- sampling


def test_sampling_always_takes_complaints_emergencies_and_a_new_firms_first_orders(
    s: Session, w: World
) -> None:
    settings.put(s, "followup.sample_percent", 0)
    settings.put(s, "followup.first_orders_of_new_firm", 2)
    s.commit()
    first = _order(s, w, completed_at=NOON - timedelta(days=3))
    second = _order(s, w, completed_at=NOON - timedelta(hours=2))
    plain = _order(s, w)
    urgent = _order(s, w, priority=1)
    complained = _order(s, w)
    s.add(Complaint(order_id=complained, received_at=NOON, text="态度差", status="open"))
    s.commit()
    _order(s, w, status="cancelled")  # never called back

    result = followups.sample_day(s, DAY, NOON)

    picked = dict(s.execute(select(FollowUp.order_id, FollowUp.reason)).all())
    # The firm's very first order was completed days before: that day is not sampled here.
    assert first not in picked
    assert picked == {second: "new_firm", urgent: "emergency", complained: "complaint"}
    assert plain not in picked
    assert result.created == 3
    assert s.scalar(select(FollowUp.due_on).where(FollowUp.order_id == urgent)) == DAY + timedelta(
        days=1
    )


def test_sampling_takes_the_configured_share_and_is_idempotent(s: Session, w: World) -> None:
    _no_new_firm_rule(s)
    ids = [_order(s, w, completed_at=NOON + timedelta(minutes=i)) for i in range(200)]
    expected = {i for i in ids if _sampled(i, 10)}
    assert 8 <= len(expected) <= 35  # the hash spreads ids: roughly 10 % of 200

    first = followups.sample_day(s, DAY, NOON)
    again = followups.sample_day(s, DAY, NOON)

    assert set(s.scalars(select(FollowUp.order_id))) == expected
    assert (first.created, again.created) == (len(expected), 0)
    # An order completed on the next local day (after 16:00 UTC) is another day's sample.
    late = _order(s, w, completed_at=datetime(2026, 11, 10, 16, 30, tzinfo=UTC), priority=1)
    followups.sample_day(s, DAY, NOON)
    assert late not in set(s.scalars(select(FollowUp.order_id)))
    followups.sample_day(s, DAY + timedelta(days=1), NOON)
    assert late in set(s.scalars(select(FollowUp.order_id)))


# ----------------------------------------------------------------------------- attempts


def _followup(s: Session, w: World, **kw: object) -> int:
    order = _order(s, w, priority=1, **kw)  # type: ignore[arg-type]
    followups.sample_day(s, DAY, NOON)
    fid = s.scalar(select(FollowUp.id).where(FollowUp.order_id == order))
    assert fid is not None
    return fid


def test_three_unanswered_tries_make_a_callback_unreachable(s: Session, w: World) -> None:
    fid = _followup(s, w)
    tomorrow = NOON + timedelta(days=1)
    queue = followups.followup_queue(s, tomorrow)
    assert [r.id for r in queue] == [fid]
    assert followups.followup_queue(s, NOON) == []  # due the day after completion

    for n in (1, 2):
        call = calls.start_outbound(s, w.zhang, queue[0].phone, actor=OPERATOR, purpose="followup")
        row = followups.record_attempt(
            s, fid, "no_answer", actor=OPERATOR, call_id=call.id, now=tomorrow
        )
        assert (row.status, row.attempts) == ("pending", n)
        assert [r.id for r in followups.followup_queue(s, tomorrow)] == [fid]

    row = followups.record_attempt(s, fid, "no_answer", actor=OPERATOR, now=tomorrow)
    assert (row.status, row.result, row.attempts) == ("done", "unreachable", 3)
    assert followups.followup_queue(s, tomorrow) == []
    with pytest.raises(Conflict):
        followups.record_attempt(s, fid, "satisfied", actor=OPERATOR)


def test_a_satisfied_elder_closes_the_callback_with_an_audit_entry(s: Session, w: World) -> None:
    fid = _followup(s, w)
    row = followups.record_attempt(s, fid, "basically", actor=OPERATOR, note="还行")
    assert (row.status, row.result) == ("done", "basic")
    entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "followup.attempt"))
    assert entry is not None and entry.detail["result"] == "basic"
    with pytest.raises(ValidationError) as bad:
        followups.record_attempt(s, _followup(s, w), "happy", actor=OPERATOR)
    assert bad.value.codes() == {"result_unknown"}


def test_service_not_happened_disputes_the_order_until_a_supervisor_decides(
    s: Session, w: World
) -> None:
    fid = _followup(s, w)
    order_id = s.scalar(select(FollowUp.order_id).where(FollowUp.id == fid))
    row = followups.record_attempt(
        s, fid, "service_not_happened", actor=OPERATOR, note="老人说没人来过"
    )
    s.expire_all()
    assert row.status == "disputed" and row.disputed
    assert s.get(WorkOrder, order_id).disputed is True
    assert [r.order_id for r in followups.disputes_pending(s)] == [order_id]

    with pytest.raises(PermissionDenied, match="supervisor"):
        followups.decide_dispute(s, order_id, False, "企业出示签字单", actor=OPERATOR)
    assert followups.disputes_pending(s) != []

    decided = followups.decide_dispute(s, order_id, True, "核实确未上门", actor=SUPERVISOR)
    s.expire_all()
    assert decided.status == "upheld"
    assert s.get(WorkOrder, order_id).disputed is True  # held out of the subsidy for good
    assert followups.disputes_pending(s) == []
    with pytest.raises(Conflict):
        followups.decide_dispute(s, order_id, False, "again", actor=SUPERVISOR)


def test_a_dismissed_dispute_puts_the_order_back_in_the_subsidy(s: Session, w: World) -> None:
    fid = _followup(s, w)
    followups.record_attempt(s, fid, "not_happened", actor=OPERATOR)
    order_id = s.scalar(select(FollowUp.order_id).where(FollowUp.id == fid))
    followups.decide_dispute(s, order_id, False, "企业出示签字单和照片", actor=SUPERVISOR)
    s.expire_all()
    assert s.get(WorkOrder, order_id).disputed is False


# ----------------------------------------------------------------------------- complaints


def test_complaint_lifecycle_records_every_step(s: Session, w: World) -> None:
    order = _order(s, w)
    call = calls.start_outbound(s, w.zhang, "13800138000", actor=OPERATOR)
    c = followups.record_complaint(
        s, call.id, None, None, order, "服务人员迟到一小时", actor=OPERATOR
    )
    assert (c.status, c.elder_id, c.firm_id, c.order_id) == ("open", w.zhang, w.firm, order)
    # A complaint on a completed order gets it called back, whatever the sample says.
    assert s.scalar(select(FollowUp.reason).where(FollowUp.order_id == order)) == "complaint"

    c = followups.complaint_step(s, c.id, "已转企业核实", actor=OPERATOR)
    assert c.status == "handling"
    with pytest.raises(PermissionDenied):
        followups.close_complaint(s, c.id, "结案", actor=OPERATOR)
    with pytest.raises(ValidationError):
        followups.complaint_step(s, c.id, "  ", actor=OPERATOR)
    c = followups.close_complaint(s, c.id, "企业道歉，老人认可，结案", actor=SUPERVISOR)
    assert c.status == "closed" and c.closed_at is not None
    assert [st.note for st in c.steps] == [
        "Received: 服务人员迟到一小时",
        "已转企业核实",
        "企业道歉，老人认可，结案",
    ]
    assert followups.complaints(s) == []
    assert [x.id for x in followups.complaints(s, open_only=False)] == [c.id]
    with pytest.raises(Conflict):
        followups.complaint_step(s, c.id, "more", actor=OPERATOR)


# ----------------------------------------------------------------------------- care calls


def test_care_call_coverage_counts_answered_calls_of_the_month(s: Session, w: World) -> None:
    # 张三 lives alone (a care-call group); 李秀英 is in no group; add one more in a group.
    wang = make_elder(
        s,
        w.community,
        name="王建国",
        id_number=id_for(date(1940, 5, 6), 3, "M"),
        groups={"lost_only_child", "living_alone"},
    )
    month = followups.month_of(s, NOON)
    cov = followups.care_coverage(s, month)
    assert (cov.eligible, cov.reached) == (2, 0)
    assert [r.elder_id for r in followups.care_call_list(s, month, NOON)] == [w.zhang, wang]

    call = calls.start_outbound(s, wang, "13800138000", actor=OPERATOR, purpose="care_call")
    followups.record_care_call(s, wang, actor=OPERATOR, call_id=call.id, now=NOON)  # unanswered
    assert followups.care_coverage(s, month).reached == 0
    assert [(r.elder_id, r.tries) for r in followups.care_call_list(s, month)] == [
        (w.zhang, 0),
        (wang, 1),
    ]

    call = calls.start_outbound(s, wang, "13800138000", actor=OPERATOR, purpose="care_call")
    calls.answer(s, call.id, actor=OPERATOR)
    cov = followups.record_care_call(s, wang, actor=OPERATOR, call_id=call.id, now=NOON)
    assert (cov.eligible, cov.reached, round(cov.percent)) == (2, 1, 50)
    assert [r.elder_id for r in followups.care_call_list(s, month)] == [w.zhang]
    # Next month starts again from nobody reached.
    assert followups.care_coverage(s, "2026-12").reached == 0
    with pytest.raises(ValidationError):
        followups.care_coverage(s, "2026-13")


# ----------------------------------------------------------------------------- check-ins


def _opt_in(s: Session, elder_id: int, hour: int | None) -> None:
    e = s.get(Elder, elder_id)
    e.daily_checkin, e.checkin_hour = True, hour
    s.commit()


def test_checkin_is_due_at_the_hour_and_not_before(s: Session, w: World) -> None:
    _opt_in(s, w.zhang, 10)
    nine = datetime(2026, 11, 10, 1, 30, tzinfo=UTC)  # 09:30 local
    ten = datetime(2026, 11, 10, 2, 5, tzinfo=UTC)  # 10:05 local
    assert followups.checkins_due(s, nine) == []
    due = followups.checkins_due(s, ten)
    assert [(r.elder_id, r.checkin_hour) for r in due] == [(w.zhang, 10)]
    again = followups.checkins_due(s, ten + timedelta(minutes=30))
    assert [r.id for r in again] == [due[0].id]  # one welfare call a day, not one per sweep
    assert s.scalar(select(func.count()).select_from(CheckinCall)) == 1

    followups.record_checkin(s, due[0].id, True, actor=OPERATOR, now=ten)
    assert followups.checkins_due(s, ten + timedelta(hours=1)) == []


def test_a_call_today_counts_as_heard_a_device_test_yesterday_does_not(
    s: Session, w: World
) -> None:
    _opt_in(s, w.zhang, 9)
    _opt_in(s, w.li, None)  # the centre's default hour, 10
    ten = datetime(2026, 11, 10, 2, 5, tzinfo=UTC)
    s.add(
        Call(
            direction="in",
            number="13800138000",
            started_at=ten - timedelta(hours=1),
            elder_id=w.zhang,
        )
    )
    s.add(
        Device(account="0001", elder_id=w.li, kind="onekey", last_test_at=ten - timedelta(hours=11))
    )
    s.commit()
    # 张三 phoned this morning; 李秀英's device tested yesterday evening (before local midnight).
    assert [r.elder_id for r in followups.checkins_due(s, ten)] == [w.li]


def test_an_operator_cannot_decide_and_nothing_changes(s: Session, w: World) -> None:
    fid = _followup(s, w)
    followups.record_attempt(s, fid, "not_happened", actor=OPERATOR)
    order_id = s.scalar(select(FollowUp.order_id).where(FollowUp.id == fid))
    before = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(PermissionDenied):
        followups.decide_dispute(s, order_id, False, "x", actor=OPERATOR)
    assert s.scalar(select(func.count()).select_from(AuditEntry)) == before


# ----------------------------------------------------------------------------- announcements


def test_each_follow_up_change_is_announced_with_its_ids(
    s: Session, w: World, db: Database
) -> None:
    order = _order(s, w, priority=1)
    heard = Announced(db)
    followups.sample_day(s, DAY, NOON)
    fid = s.scalar(select(FollowUp.id).where(FollowUp.order_id == order))
    assert [(c.topic_name, c.ids) for c in heard.changes] == [("followup.changed", (fid,))]

    heard = Announced(db)
    followups.record_attempt(s, fid, "not_happened", actor=OPERATOR)
    assert heard.topics() == ["followup.changed", "order.changed"]
    assert heard.topic("followup.changed")[0]["ids"] == [fid]
    [disputed] = heard.topic("order.changed")
    assert (disputed["ids"], disputed["status"], disputed["firm_id"]) == (
        [order],
        "completed",
        w.firm,
    )
    heard = Announced(db)
    followups.decide_dispute(s, order, True, "核实确未上门", actor=SUPERVISOR)
    assert [(c.topic_name, c.ids) for c in heard.changes] == [
        ("followup.changed", (fid,)),
        ("order.changed", (order,)),
    ]

    # A complaint on a completed order not yet called back queues its callback too.
    other = _order(s, w)
    heard = Announced(db)
    c = followups.record_complaint(s, None, None, None, other, "迟到", actor=OPERATOR)
    queued = s.scalar(select(FollowUp.id).where(FollowUp.order_id == other))
    assert [(ch.topic_name, ch.ids) for ch in heard.changes] == [
        ("complaint.changed", (c.id,)),
        ("followup.changed", (queued,)),
    ]
    heard = Announced(db)
    followups.complaint_step(s, c.id, "已转企业核实", actor=OPERATOR)
    followups.close_complaint(s, c.id, "结案", actor=SUPERVISOR)
    assert [(ch.topic_name, ch.ids) for ch in heard.changes] == [
        ("complaint.changed", (c.id,)),
        ("complaint.changed", (c.id,)),
    ]

    heard = Announced(db)
    followups.record_care_call(s, w.zhang, actor=OPERATOR, reached=True, now=NOON)
    care_id = s.scalar(select(func.max(CareCall.id)))
    assert [(ch.topic_name, ch.kind_name, ch.ids) for ch in heard.changes] == [
        ("carecall.changed", "carecall", (care_id,))
    ]

    _opt_in(s, w.li, 10)
    ten = datetime(2026, 11, 10, 2, 5, tzinfo=UTC)
    heard = Announced(db)
    [task] = followups.checkins_due(s, ten)
    followups.record_checkin(s, task.id, True, actor=OPERATOR, now=ten)
    assert [(ch.topic_name, ch.ids) for ch in heard.changes] == [
        ("checkin.changed", (task.id,)),
        ("checkin.changed", (task.id,)),
    ]


def test_refused_and_idle_follow_up_runs_announce_nothing(
    s: Session, w: World, db: Database
) -> None:
    fid = _followup(s, w)
    followups.record_attempt(s, fid, "not_happened", actor=OPERATOR)
    order_id = s.scalar(select(FollowUp.order_id).where(FollowUp.id == fid))
    _opt_in(s, w.zhang, 10)
    ten = datetime(2026, 11, 10, 2, 5, tzinfo=UTC)
    followups.checkins_due(s, ten)
    c = followups.record_complaint(s, None, w.li, None, None, "电话打不通", actor=OPERATOR)
    heard = Announced(db)
    with pytest.raises(PermissionDenied):
        followups.decide_dispute(s, order_id, False, "x", actor=OPERATOR)
    with pytest.raises(Conflict):
        followups.record_attempt(s, fid, "satisfied", actor=OPERATOR)
    with pytest.raises(ValidationError):
        followups.complaint_step(s, c.id, "  ", actor=OPERATOR)
    with pytest.raises(PermissionDenied):
        followups.close_complaint(s, c.id, "结案", actor=OPERATOR)
    # Re-running the periodic jobs finds nothing new, so it says nothing.
    followups.daily_sweep(s, ten + timedelta(minutes=30))
    followups.sample_day(s, DAY, NOON)
    s.commit()
    assert heard.topics() == []
