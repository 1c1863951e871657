"""Work orders: prices, routing, dispatch, the state machine with its permissions, the board."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import Actor
from app.context import Database
from app.errors import NotFound, PermissionDenied, ValidationError
from app.feed.topics import OrderEditing
from app.orders.board import OrderFilter, count_orders, list_orders
from app.orders.presence import Editor, Editors, announce_editing
from app.orders.routing import suggest_firm
from app.orders.service import (
    OrderRequest,
    StaleOrder,
    TransitionError,
    allowed_transitions,
    dispatch_order,
    last_request,
    order_detail,
    quote,
    recent_orders,
    transition,
)
from app.registry.elders import PhoneInput
from app.registry.firms import StaffInput, add_staff
from db.models import AuditEntry, OrderTransition, User, WorkOrder
from tests.app.factories import (
    Areas,
    id_for,
    make_areas,
    make_category,
    make_elder,
    make_firm,
    make_item,
)
from tests.feed_helpers import Announced

OPERATOR = Actor("op", role="operator", display_name="Operator Li")
SUPERVISOR = Actor("sup", role="supervisor", display_name="Supervisor Wang")
STAFF = "钱丽珍"
FAR = date(2099, 12, 31)


@dataclass(frozen=True)
class World:
    areas: Areas
    life: int  # category 生活照料
    care: int  # category 医疗护理
    cleaning: int  # 助洁, 30 yuan, 120 min
    meal: int  # 助餐, 15 yuan lunch
    bath: int  # 助浴, offered by nobody
    blood: int  # 测血压, medical care
    anjia: int  # firm covering 中山路 and 金塔巷 (with staff)
    kangle: int  # firm covering 中山路 and 皋兰路
    zhang: int  # 张三, category C, age 80ish, 中山路
    li: int  # 李秀英, category A, 金塔巷
    wang: int  # 王建国, category B, 皋兰路


def _born(age: int) -> date:
    today = date.today()
    return date(today.year - age - 1, 12, 31) if today.month < 12 else date(today.year - age, 1, 1)


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


@pytest.fixture
def w(s: Session) -> World:
    areas = make_areas(s)
    life = make_category(s)
    care = make_category(s, "MC", "医疗护理")
    cleaning = make_item(s, life, "LC001", "助洁", market_price_fen=3000)
    meal = make_item(s, life, "LC002", "助餐", market_price_fen=1500, kind="meal")
    bath = make_item(s, life, "LC003", "助浴", market_price_fen=5000)
    blood = make_item(s, care, "MC001", "测血压", market_price_fen=1000, time_limit_min=60)
    anjia = make_firm(
        s, {areas.zhongshan, areas.jinta}, {cleaning, meal, blood}, name="安家家政", n=1, end=FAR
    )
    kangle = make_firm(
        s, {areas.zhongshan, areas.gaolan}, {cleaning, meal, blood}, name="康乐服务", n=2, end=FAR
    )
    add_staff(
        s,
        anjia,
        StaffInput(name=STAFF, sex="F", phone="13909315555", role="护理员"),
        actor="test",
    )
    zhang = make_elder(
        s, areas.zhongshan, subsidy_category="C", birth_date=None, id_number=id_for(_born(80))
    )
    li = make_elder(
        s,
        areas.jinta,
        name="李秀英",
        sex="F",
        id_number=id_for(_born(70), 2, "F"),
        subsidy_category="A",
        phones=[PhoneInput("mobile", "13909312001")],
    )
    wang = make_elder(
        s,
        areas.gaolan,
        name="王建国",
        id_number=id_for(_born(68), 3, "M"),
        subsidy_category="B",
        phones=[PhoneInput("mobile", "13909312002")],
    )
    return World(areas, life, care, cleaning, meal, bath, blood, anjia, kangle, zhang, li, wang)


def _dispatch(s: Session, elder: int, item: int, **kw: object) -> int:
    now = kw.pop("now", None)
    req = OrderRequest(elder, item, **kw)  # type: ignore[arg-type]
    return dispatch_order(s, req, actor=OPERATOR, now=now).id  # type: ignore[arg-type]


def _status(s: Session, order_id: int) -> str:
    s.expire_all()
    return s.scalars(select(WorkOrder.status).where(WorkOrder.id == order_id)).one()


# ----------------------------------------------------------------------------- prices


def test_quote_follows_the_subsidy_category(s: Session, w: World) -> None:
    # C pays 80 %, A the state pays all, B pays market (its allowance is settled monthly).
    c = quote(s, w.zhang, w.cleaning, 2)
    assert (c.market_price_fen, c.elder_pays_fen, c.government_pays_fen) == (6000, 4800, 0)
    assert (c.subsidy_category, c.item_name, c.time_limit_min) == ("C", "助洁", 120)
    a = quote(s, w.li, w.cleaning)
    assert (a.elder_pays_fen, a.government_pays_fen) == (0, 3000)
    b = quote(s, w.wang, w.cleaning)
    assert (b.elder_pays_fen, b.government_pays_fen) == (3000, 0)


def test_meal_subsidy_depends_on_age(s: Session, w: World) -> None:
    # 15-yuan lunch: the government pays 10 yuan from 75, 9 yuan at 65-74; A eats free.
    assert (
        quote(s, w.zhang, w.meal).elder_pays_fen,
        quote(s, w.zhang, w.meal).government_pays_fen,
    ) == (500, 1000)
    wang = quote(s, w.wang, w.meal, 3)
    assert (wang.elder_pays_fen, wang.government_pays_fen) == (1800, 2700)
    assert quote(s, w.li, w.meal).elder_pays_fen == 0


def test_quote_refuses_a_silly_quantity(s: Session, w: World) -> None:
    with pytest.raises(ValidationError) as err:
        quote(s, w.zhang, w.cleaning, 0)
    assert err.value.fields() == {"quantity"}
    with pytest.raises(NotFound):
        quote(s, 99999, w.cleaning)


# ----------------------------------------------------------------------------- routing


def test_routing_prefers_the_elders_firm(s: Session, w: World) -> None:
    pref = make_elder(
        s,
        w.areas.zhongshan,
        name="赵桂兰",
        sex="F",
        id_number=id_for(_born(75), 4, "F"),
        preferred_firm_id=w.kangle,
    )
    # Even when the preferred firm is the busier one.
    _dispatch(s, w.zhang, w.cleaning, firm_id=w.kangle, override_reason="老人点名")
    r = suggest_firm(s, pref, w.cleaning)
    assert (r.firm_id, r.reason_code, r.reason) == (
        w.kangle,
        "preferred",
        "preferred firm of the elder",
    )
    assert [c.firm_id for c in r.candidates] == [w.kangle, w.anjia]
    assert r.candidates[0].preferred and r.candidates[0].open_orders == 1


def test_routing_picks_the_least_loaded_firm(s: Session, w: World) -> None:
    for _ in range(2):
        _dispatch(s, w.zhang, w.cleaning, firm_id=w.anjia, override_reason="test")
    r = suggest_firm(s, w.zhang, w.cleaning)
    assert (r.firm_id, r.reason_code) == (w.kangle, "least_load")
    assert r.reason == "least open orders (0)"
    assert {c.firm_id: c.open_orders for c in r.candidates} == {w.kangle: 0, w.anjia: 2}
    # Completed work is no load: once anjia's orders are done it ties again.
    for o in s.scalars(select(WorkOrder.id).where(WorkOrder.firm_id == w.anjia)).all():
        for to in ("accepted", "in_service", "completed"):
            transition(s, o, to, actor=OPERATOR, reported_by=STAFF)
    assert suggest_firm(s, w.zhang, w.cleaning).reason_code == "rotation"


def test_a_tie_is_broken_by_rotation(s: Session, w: World) -> None:
    first = suggest_firm(s, w.zhang, w.cleaning)
    assert first.reason_code == "rotation"
    assert first.reason == "least open orders (0), tie broken by rotation"
    order = _dispatch(s, w.zhang, w.cleaning)
    transition(s, order, "cancelled", actor=OPERATOR, note="老人取消")
    # Loads tie again at 0; the firm that got the last one waits its turn.
    second = suggest_firm(s, w.zhang, w.cleaning)
    assert second.reason_code == "rotation" and second.firm_id != first.firm_id
    order = _dispatch(s, w.zhang, w.cleaning)
    transition(s, order, "cancelled", actor=OPERATOR, note="老人取消")
    assert suggest_firm(s, w.zhang, w.cleaning).firm_id == first.firm_id


def test_no_eligible_firm_says_why(s: Session, w: World) -> None:
    r = suggest_firm(s, w.zhang, w.bath)
    assert (r.firm_id, r.reason_code, r.candidates) == (None, "none", [])
    assert "中山路社区" in r.reason and "助浴" in r.reason
    # Only kangle covers 皋兰路: the one candidate.
    only = suggest_firm(s, w.wang, w.cleaning)
    assert only.firm_id == w.kangle and only.reason_code == "least_load"
    with pytest.raises(ValidationError) as err:
        _dispatch(s, w.zhang, w.bath)
    assert err.value.codes() == {"no_eligible_firm"} and err.value.fields() == {"firm_id"}


# ----------------------------------------------------------------------------- dispatch


def test_dispatch_writes_the_order_two_transitions_and_audit(
    s: Session, w: World, db: Database
) -> None:
    announced = Announced(db)
    now = datetime.now(UTC).replace(microsecond=0)
    summary = dispatch_order(
        s, OrderRequest(w.zhang, w.cleaning, 2, notes="带拖把"), actor=OPERATOR, now=now
    )
    local = now.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert summary.order_no == f"GD{local:%Y%m%d}00001"
    assert summary.status == "dispatched" and summary.firm_id in (w.anjia, w.kangle)
    assert (summary.elder_pays_fen, summary.government_pays_fen) == (4800, 0)
    assert summary.due_at == now + timedelta(minutes=120)
    assert summary.routing_reason == "least open orders (0), tie broken by rotation"
    rows = s.scalars(
        select(OrderTransition)
        .where(OrderTransition.order_id == summary.id)
        .order_by(OrderTransition.id)
    ).all()
    assert [(t.from_status, t.to_status) for t in rows] == [(None, "new"), ("new", "dispatched")]
    audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "work_order")).all()
    assert [(a.action, a.entity_id, a.actor) for a in audit] == [("dispatch", summary.id, "op")]
    assert announced.topics() == ["order.changed"]
    [change] = announced.topic("order.changed")
    assert change["ids"] == [summary.id]
    assert (change["status"], change["firm_id"]) == ("dispatched", summary.firm_id)
    # The day's numbers run on; an appointment moves the deadline with it.
    later = now + timedelta(days=1)
    second = dispatch_order(
        s, OrderRequest(w.li, w.cleaning, appointment_at=later), actor=OPERATOR, now=now
    )
    assert second.order_no == f"GD{local:%Y%m%d}00002"
    assert second.due_at == later + timedelta(minutes=120)
    last = last_request(s, w.zhang)
    assert last is not None and (last.item_name, last.quantity, last.notes) == ("助洁", 2, "带拖把")
    assert last_request(s, w.wang) is None
    assert [o.id for o in recent_orders(s, w.zhang)] == [summary.id]


def test_dispatch_names_each_bad_field(s: Session, w: World) -> None:
    stopped = make_item(s, w.life, "LC009", "停用项目", active=False)
    with pytest.raises(ValidationError) as err:
        _dispatch(s, w.zhang, stopped)
    assert err.value.fields() == {"item_id"} and "停用项目" in err.value.message
    with pytest.raises(ValidationError) as err:
        dispatch_order(
            s,
            OrderRequest(
                w.zhang,
                w.cleaning,
                quantity=100,
                appointment_at=datetime.now(UTC) - timedelta(hours=2),
            ),
            actor=OPERATOR,
        )
    assert err.value.fields() == {"quantity", "appointment_at"}
    with pytest.raises(ValidationError) as err:
        _dispatch(s, w.wang, w.cleaning, firm_id=w.anjia)  # anjia does not cover 皋兰路
    assert err.value.codes() == {"firm_not_eligible"}
    assert "安家家政" in err.value.message
    suggested = suggest_firm(s, w.zhang, w.cleaning).firm_id
    other = w.kangle if suggested == w.anjia else w.anjia
    with pytest.raises(ValidationError) as err:
        _dispatch(s, w.zhang, w.cleaning, firm_id=other)
    assert err.value.fields() == {"override_reason"}
    order = dispatch_order(
        s,
        OrderRequest(w.zhang, w.cleaning, firm_id=other, override_reason="老人点名要求"),
        actor=OPERATOR,
    )
    assert (order.firm_id, order.routing_reason) == (other, "override: 老人点名要求")
    assert s.scalar(select(WorkOrder.id).where(WorkOrder.status == "dispatched")) == order.id


# ----------------------------------------------------------------------------- state machine


def test_every_step_to_closed(s: Session, w: World) -> None:
    o = _dispatch(s, w.li, w.cleaning)  # 金塔巷: anjia only
    assert allowed_transitions("dispatched", OPERATOR) == ["accepted", "rejected", "cancelled"]
    for to in ("accepted", "in_service", "completed"):
        summary = transition(s, o, to, actor=OPERATOR, reported_by=STAFF)
        assert summary.status == to and summary.staff_name == STAFF
    assert s.get(WorkOrder, o).staff_id is not None  # the firm's staff member by name
    assert allowed_transitions("completed", OPERATOR) == []
    assert allowed_transitions("completed", SUPERVISOR) == ["closed"]
    transition(s, o, "closed", actor=SUPERVISOR, note="回访满意")
    d = order_detail(s, o)
    assert [(h.from_status, h.to_status, h.reported_by) for h in d.history] == [
        (None, "new", ""),
        ("new", "dispatched", ""),
        ("dispatched", "accepted", STAFF),
        ("accepted", "in_service", STAFF),
        ("in_service", "completed", STAFF),
        ("completed", "closed", ""),
    ]
    assert d.history[-1].note == "回访满意"
    assert all(x is not None for x in (d.accepted_at, d.started_at, d.completed_at, d.closed_at))
    assert d.elder_phone == "139 0931 2001" and d.community_path.endswith("金塔巷社区")
    actions = [
        a.detail["to"]
        for a in s.scalars(select(AuditEntry).where(AuditEntry.action == "transition"))
    ]
    assert actions == ["accepted", "in_service", "completed", "closed"]


def test_each_step_is_announced_with_its_status_and_a_refused_one_is_not(
    s: Session, w: World, db: Database
) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    announced = Announced(db)
    with pytest.raises(ValidationError):
        transition(s, o, "accepted", actor=OPERATOR, reported_by="  ")
    with pytest.raises(TransitionError):
        transition(s, o, "closed", actor=SUPERVISOR)
    with pytest.raises(ValidationError):
        _dispatch(s, w.zhang, w.bath)
    assert announced.topics() == []
    transition(s, o, "accepted", actor=OPERATOR, reported_by=STAFF)
    assert [(c["ids"], c["status"], c["firm_id"]) for c in announced.topic("order.changed")] == [
        ([o], "accepted", w.anjia)
    ]


def test_rejection_and_re_dispatch_to_another_firm(s: Session, w: World) -> None:
    o = _dispatch(s, w.zhang, w.cleaning)
    first = s.get(WorkOrder, o).firm_id
    with pytest.raises(ValidationError) as err:
        transition(s, o, "rejected", actor=OPERATOR)
    assert err.value.fields() == {"note"}
    transition(s, o, "rejected", actor=OPERATOR, note="人手不足")
    assert allowed_transitions("rejected", OPERATOR) == ["dispatched", "cancelled"]
    again = transition(s, o, "dispatched", actor=OPERATOR)
    # The rule skips the firm that said no.
    assert again.firm_id != first and again.rejections == 1
    assert again.routing_reason.startswith("re-dispatched after rejection")
    # Re-dispatch to the firm of one's choosing needs a reason when it is not the rule's.
    transition(s, o, "rejected", actor=OPERATOR, note="又拒")
    with pytest.raises(ValidationError):
        transition(s, o, "dispatched", actor=OPERATOR, firm_id=again.firm_id)
    back = transition(s, o, "dispatched", actor=OPERATOR, firm_id=again.firm_id, note="老人坚持")
    assert (back.firm_id, back.rejections, back.routing_reason) == (
        again.firm_id,
        2,
        "override: 老人坚持",
    )


def test_new_order_can_be_dispatched_or_cancelled(s: Session, w: World) -> None:
    now = datetime.now(UTC)
    order = WorkOrder(
        order_no="GD2026010100001",
        elder_id=w.li,
        item_id=w.cleaning,
        community_id=w.areas.jinta,
        status="new",
        market_price_fen=3000,
        elder_pays_fen=0,
        government_pays_fen=3000,
        created_at=now,
        due_at=now + timedelta(hours=2),
    )
    s.add(order)
    s.commit()
    done = transition(s, order.id, "dispatched", actor=OPERATOR)
    assert (done.status, done.firm_id) == ("dispatched", w.anjia)
    transition(s, order.id, "cancelled", actor=OPERATOR, note="重复工单")
    assert s.get(WorkOrder, order.id).cancel_reason == "重复工单"


@pytest.mark.parametrize(
    ("path", "to", "words"),
    [
        (
            ("accepted", "in_service", "completed"),
            "accepted",
            "is completed; it cannot be accepted",
        ),
        ((), "completed", "is dispatched; it cannot be completed"),
        ((), "closed", "Only a completed order can be closed"),
        (("cancelled",), "dispatched", "is cancelled; it cannot be dispatched"),
        (("accepted",), "accepted", "is already accepted"),
        (("accepted", "in_service", "completed"), "cancelled", "can no longer be cancelled"),
    ],
)
def test_illegal_steps_are_refused_in_words(
    s: Session, w: World, path: tuple[str, ...], to: str, words: str
) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    for step in path:
        transition(s, o, step, actor=SUPERVISOR, reported_by=STAFF, note="x")
    before = _status(s, o)
    with pytest.raises(TransitionError) as err:
        transition(s, o, to, actor=SUPERVISOR, reported_by=STAFF, note="x")
    assert words in err.value.message
    assert s.get(WorkOrder, o).order_no in err.value.message
    assert _status(s, o) == before


def test_progress_needs_the_staff_members_name(s: Session, w: World) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    with pytest.raises(ValidationError) as err:
        transition(s, o, "accepted", actor=OPERATOR, reported_by="  ")
    assert err.value.fields() == {"reported_by"}
    with pytest.raises(ValidationError) as err:
        transition(s, o, "cancelled", actor=OPERATOR)
    assert err.value.fields() == {"note"}
    assert _status(s, o) == "dispatched"


def test_an_operator_may_not_cancel_accepted_work_or_close(s: Session, w: World) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    transition(s, o, "accepted", actor=OPERATOR, reported_by=STAFF)
    assert "cancelled" not in allowed_transitions("accepted", OPERATOR)
    with pytest.raises(PermissionDenied) as err:
        transition(s, o, "cancelled", actor=OPERATOR, note="老人住院")
    assert "supervisor" in err.value.message
    assert _status(s, o) == "accepted"
    transition(s, o, "cancelled", actor=SUPERVISOR, note="老人住院")
    assert _status(s, o) == "cancelled"

    o2 = _dispatch(s, w.li, w.cleaning)
    for to in ("accepted", "in_service", "completed"):
        transition(s, o2, to, actor=OPERATOR, reported_by=STAFF)
    with pytest.raises(PermissionDenied):
        transition(s, o2, "closed", actor=OPERATOR)
    assert _status(s, o2) == "completed"
    transition(s, o2, "closed", actor=SUPERVISOR)
    assert _status(s, o2) == "closed"
    # Supervisors may cancel while in service too.
    o3 = _dispatch(s, w.li, w.cleaning)
    transition(s, o3, "accepted", actor=OPERATOR, reported_by=STAFF)
    transition(s, o3, "in_service", actor=OPERATOR, reported_by=STAFF)
    with pytest.raises(PermissionDenied):
        transition(s, o3, "cancelled", actor=OPERATOR, note="x")
    transition(s, o3, "cancelled", actor=SUPERVISOR, note="服务中断")


# ----------------------------------------------------------------------------- versions


def _version(s: Session, order_id: int) -> int:
    s.expire_all()
    return s.scalars(select(WorkOrder.version).where(WorkOrder.id == order_id)).one()


def test_every_step_bumps_the_version(s: Session, w: World) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    assert _version(s, o) == 1 and order_detail(s, o).version == 1
    transition(s, o, "accepted", actor=OPERATOR, reported_by=STAFF, expected_version=1)
    assert _version(s, o) == order_detail(s, o).version == 2
    transition(s, o, "in_service", actor=OPERATOR, reported_by=STAFF)
    assert _version(s, o) == 3
    # Another service's change through the ORM (a follow-up marks it disputed) counts.
    s.get(WorkOrder, o).disputed = True
    s.commit()
    assert _version(s, o) == 4
    # A refused step changes nothing.
    with pytest.raises(ValidationError):
        transition(s, o, "completed", actor=OPERATOR, reported_by="", expected_version=4)
    assert _version(s, o) == 4


def test_a_step_from_a_stale_copy_names_who_changed_it_and_when(
    db: Database, s: Session, w: World
) -> None:
    zhang = User(username="zhangli", display_name="张丽", role="operator", password_hash="-")
    s.add(zhang)
    s.commit()
    seat_b = Actor("zhangli", role="operator", user_id=zhang.id, display_name="张丽")
    o = _dispatch(s, w.li, w.cleaning)
    # Seats A and B both show the order; B records the acceptance first, at 14:05.
    with db.sessions() as a, db.sessions() as b:
        shown_a, shown_b = order_detail(a, o), order_detail(b, o)
        at = datetime(2026, 3, 1, 6, 5, tzinfo=UTC)  # 14:05 in Lanzhou
        transition(
            b,
            o,
            "accepted",
            actor=seat_b,
            reported_by=STAFF,
            now=at,
            expected_version=shown_b.version,
        )
        announced = Announced(db)
        with pytest.raises(StaleOrder) as err:
            transition(
                a,
                o,
                "cancelled",
                actor=SUPERVISOR,
                note="老人取消",
                expected_version=shown_a.version,
            )
    assert (err.value.by, err.value.at) == ("张丽", "14:05")
    assert err.value.message == (
        f"Order {shown_a.summary.order_no} was changed by 张丽 at 14:05 — reload it."
    )
    assert _status(s, o) == "accepted" and announced.topics() == []
    # Reloaded, A sees the acceptance and may still cancel (a supervisor can).
    fresh = order_detail(s, o)
    transition(s, o, "cancelled", actor=SUPERVISOR, note="老人取消", expected_version=fresh.version)
    assert _status(s, o) == "cancelled"


def test_a_stale_step_without_a_user_row_names_the_audited_actor(s: Session, w: World) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    transition(s, o, "accepted", actor=OPERATOR, reported_by=STAFF)
    with pytest.raises(StaleOrder) as err:
        transition(s, o, "rejected", actor=OPERATOR, note="x", expected_version=1)
    assert err.value.by == "op"


# ----------------------------------------------------------------------------- presence


def test_editing_is_announced_in_its_own_transaction(db: Database, s: Session, w: World) -> None:
    o = _dispatch(s, w.li, w.cleaning)
    announced = Announced(db)
    announce_editing(s, o, user_name="张丽", seat="PC-3")
    announce_editing(s, o, user_name="张丽", seat="PC-3", editing=False)
    assert [
        (c["ids"], c["user_name"], c["seat"], c["editing"])
        for c in announced.topic("order.editing")
    ] == [([o], "张丽", "PC-3", True), ([o], "张丽", "PC-3", False)]


def test_editors_are_heard_left_and_forgotten() -> None:
    me = Editor("王强", "PC-1")
    editors = Editors(me, ttl_s=120)
    zhang = OrderEditing(ids=(7,), user_name="张丽", seat="PC-3")
    assert editors.hear(zhang, 0.0) == {7}
    assert editors.hear(zhang, 60.0) == set()  # a refresh: nothing new to show
    assert editors.hear(OrderEditing(ids=(7,), user_name="王强", seat="PC-1"), 60.0) == set()
    assert editors.of(7, 60.0) == [Editor("张丽", "PC-3")] and editors.of(8, 60.0) == []
    # Not heard from for two minutes: gone (a seat that crashed never says it left).
    assert editors.expire(170.0) == set() and editors.expire(181.0) == {7}
    assert editors.of(7, 181.0) == []
    editors.hear(zhang, 200.0)
    assert editors.hear(
        OrderEditing(ids=(7,), user_name="张丽", seat="PC-3", editing=False), 201.0
    ) == {7}
    assert editors.of(7, 201.0) == []


# ----------------------------------------------------------------------------- board

BASE = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 at the centre


@pytest.fixture
def board(s: Session, w: World) -> dict[str, list[int]]:
    """30 orders over two days; some share a creation second so the cursor needs the id."""
    made: dict[str, list[int]] = {"all": []}
    plan = [
        (w.zhang, w.cleaning),
        (w.li, w.meal),
        (w.wang, w.cleaning),
        (w.zhang, w.blood),
        (w.li, w.blood),
    ]
    for i in range(30):
        elder, item = plan[i % 5]
        created = BASE + timedelta(minutes=(i // 2) * 90)  # pairs share a timestamp
        o = _dispatch(s, elder, item, now=created)
        made["all"].append(o)
        if i % 3 == 1:
            for to in ("accepted", "in_service", "completed"):
                transition(s, o, to, actor=OPERATOR, reported_by=STAFF, now=created)
            made.setdefault("completed", []).append(o)
        elif i % 7 == 0:
            transition(s, o, "cancelled", actor=OPERATOR, note="x", now=created)
            made.setdefault("cancelled", []).append(o)
    return made


def _all_pages(
    s: Session, flt: OrderFilter, limit: int = 4, now: datetime | None = None
) -> list[int]:
    seen: list[int] = []
    cursor = None
    for _ in range(100):
        rows, cursor = list_orders(s, flt, after=cursor, limit=limit, now=now)
        seen.extend(r.id for r in rows)
        if cursor is None:
            return seen
    raise AssertionError("paging never ended")


def _expected(s: Session, ids: list[int], sort: str = "created_desc") -> list[int]:
    rows = s.execute(
        select(WorkOrder.id, WorkOrder.created_at, WorkOrder.due_at).where(WorkOrder.id.in_(ids))
    ).all()
    if sort == "due_asc":
        return [r.id for r in sorted(rows, key=lambda r: (r.due_at, r.id))]
    ordered = sorted(rows, key=lambda r: (r.created_at, r.id))
    return [r.id for r in (reversed(ordered) if sort == "created_desc" else ordered)]


@pytest.mark.parametrize("sort", ["created_desc", "created_asc", "due_asc"])
def test_keyset_pages_return_every_row_once_in_order(
    s: Session, board: dict[str, list[int]], sort: str
) -> None:
    seen = _all_pages(s, OrderFilter(sort=sort))
    assert seen == _expected(s, board["all"], sort)
    assert count_orders(s, OrderFilter()) == 30
    assert count_orders(s, OrderFilter(), cap=10) == 10


def test_filters_narrow_the_board(s: Session, w: World, board: dict[str, list[int]]) -> None:
    def ids(**kw: object) -> list[int]:
        flt = OrderFilter(**kw)  # type: ignore[arg-type]
        got = _all_pages(s, flt, limit=3)
        assert len(got) == len(set(got)) == count_orders(s, flt)
        return got

    completed = board["completed"]
    assert ids(statuses=frozenset({"completed"})) == _expected(s, completed)
    open_ids = [o for o in board["all"] if o not in completed and o not in board["cancelled"]]
    two = ids(statuses=frozenset({"completed", "cancelled"}))
    assert two == _expected(s, completed + board["cancelled"])
    assert ids(statuses=frozenset({"dispatched"})) == _expected(s, open_ids)

    by_firm = s.scalars(select(WorkOrder.id).where(WorkOrder.firm_id == w.kangle)).all()
    assert ids(firm_id=w.kangle) == _expected(s, list(by_firm))
    both = ids(firm_id=w.kangle, statuses=frozenset({"dispatched", "completed"}))
    assert set(both) == set(by_firm) - set(board["cancelled"])

    # A street covers its communities; 皋兰路 is in the other street.
    street = ids(area_id=w.areas.street)
    wang = {o for i, o in enumerate(board["all"]) if i % 5 == 2}
    assert set(street) == set(board["all"]) - wang
    assert set(ids(area_id=w.areas.gaolan)) == wang
    assert set(ids(area_id=w.areas.district)) == set(board["all"])

    medical = {o for i, o in enumerate(board["all"]) if i % 5 in (3, 4)}
    assert set(ids(category_id=w.care)) == medical

    # Text: name, pinyin initials, phone, item name, order number.
    li = {o for i, o in enumerate(board["all"]) if i % 5 in (1, 4)}
    assert set(ids(text="李秀英")) == li
    assert set(ids(text="lxy")) == li
    assert set(ids(text="139 0931 2001")) == li
    assert set(ids(text="测血压")) == medical
    assert set(ids(text="李秀英 测血压")) == li & medical
    no = s.get(WorkOrder, board["all"][7]).order_no
    assert ids(text=no.lower()) == [board["all"][7]]
    assert ids(text="没有这个人") == []

    # The centre's dates: day one is 2026-03-01 in Lanzhou.
    day_one = ids(created_from=date(2026, 3, 1), created_to=date(2026, 3, 1))
    assert day_one and all(
        s.get(WorkOrder, o).created_at < datetime(2026, 3, 1, 16, tzinfo=UTC) for o in day_one
    )
    assert set(day_one) | set(ids(created_from=date(2026, 3, 2))) == set(board["all"])


def test_overdue_is_derived_from_the_deadline(
    s: Session, w: World, board: dict[str, list[int]]
) -> None:
    # 测血压 has 60 minutes, 助洁 and 助餐 120; look a day after the last order.
    late = BASE + timedelta(days=3)
    overdue = _all_pages(s, OrderFilter(overdue_only=True), now=late)
    open_ids = [o for o in board["all"] if o not in board["completed"] + board["cancelled"]]
    assert overdue == _expected(s, open_ids)
    rows, _ = list_orders(s, OrderFilter(), limit=100, now=late)
    assert {r.id for r in rows if r.overdue} == set(open_ids)
    # Before anything was due nothing is overdue, and completed work never is.
    assert _all_pages(s, OrderFilter(overdue_only=True), now=BASE) == []
    assert (
        count_orders(s, OrderFilter(overdue_only=True, statuses=frozenset({"completed"})), now=late)
        == 0
    )
    # Order 2 (助洁, 120 min) was created at 11:30 and is due at 13:30.
    no = s.get(WorkOrder, board["all"][2]).order_no
    rows, _ = list_orders(s, OrderFilter(text=no), now=BASE + timedelta(minutes=209))
    assert not rows[0].overdue
    rows, _ = list_orders(s, OrderFilter(text=no), now=BASE + timedelta(minutes=211))
    assert rows[0].overdue
