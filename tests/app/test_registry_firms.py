"""Firms, their staff and the routing question "who may take this order"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.context import Database
from app.errors import Conflict, NotFound, ValidationError
from app.registry.firms import (
    FirmInput,
    LastSave,
    StaffInput,
    StaleRecord,
    add_staff,
    count_firms,
    create_firm,
    eligible_firms,
    get_firm,
    list_staff,
    search_firms,
    set_firm_status,
    update_firm,
    update_staff,
    uscc_check_char,
    validate_firm,
    validate_staff,
)
from db.models import AuditEntry, User
from tests.app.factories import (
    VALID_ID,
    Areas,
    firm_input,
    licence,
    make_areas,
    make_category,
    make_firm,
    make_item,
)
from tests.feed_helpers import Announced


@dataclass(frozen=True)
class World:
    areas: Areas
    cleaning: int  # item 助洁
    meals: int  # item 助餐


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


@pytest.fixture
def w(s: Session) -> World:
    areas = make_areas(s)
    cat = make_category(s)
    return World(
        areas,
        make_item(s, cat, "LC001", "助洁"),
        make_item(s, cat, "LC002", "助餐", kind="meal", market_price_fen=1500),
    )


def codes(errors: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(e.field, e.code) for e in errors}


# ----------------------------------------------------------------------------- register


def test_create_and_read_a_firm(s: Session, w: World) -> None:
    firm_id = create_firm(
        s,
        firm_input({w.areas.zhongshan, w.areas.gaolan}, {w.cleaning, w.meals}),
        actor="sup1",
    )
    d = get_firm(s, firm_id)
    assert d.name == "安康家政服务有限公司" and d.licence_no == licence(1)
    assert d.contact_phone == "139 0931 0001"
    assert [a.path for a in d.areas] == [
        "城关区 › 张掖路街道 › 中山路社区",
        "城关区 › 酒泉路街道 › 皋兰路社区",
    ]
    assert [(i.code, i.name) for i in d.items] == [("LC001", "助洁"), ("LC002", "助餐")]
    form = d.to_input()
    assert form.area_ids == {w.areas.zhongshan, w.areas.gaolan}
    assert form.item_ids == {w.cleaning, w.meals}
    assert validate_firm(s, form, firm_id=firm_id) == []
    (row,) = search_firms(s)
    assert (row.community_count, row.item_count, row.staff_count) == (2, 2, 0)
    entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "firm")).one()
    assert (entry.action, entry.actor, entry.detail["licence_no"]) == ("create", "sup1", licence(1))


def test_every_missing_field_is_reported(s: Session, w: World) -> None:
    with pytest.raises(ValidationError) as exc:
        create_firm(s, FirmInput(), actor="t")
    assert codes(exc.value.errors) == {
        ("name", "required"),
        ("licence_no", "required"),
        ("contact_name", "required"),
        ("contact_phone", "phone_empty"),
        ("contract_start", "required"),
        ("contract_end", "required"),
        ("area_ids", "required"),
        ("item_ids", "required"),
    }
    assert "at least one community" in exc.value.for_field("area_ids")[0].message


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2025, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 1, 1))],
)
def test_contract_must_end_after_it_starts(s: Session, w: World, start: date, end: date) -> None:
    (err,) = validate_firm(s, firm_input({w.areas.zhongshan}, {w.cleaning}, start=start, end=end))
    assert (err.field, err.code) == ("contract_end", "date_order")
    assert err.params["first"] == "2025-01-01" and "must be after" in err.message


def test_licence_number_rules(s: Session, w: World) -> None:
    data = firm_input({w.areas.zhongshan}, {w.cleaning})
    data.licence_no = "91350100M000100Y43"  # the example of GB 32100
    assert validate_firm(s, data) == []
    data.licence_no = "91350100M000100Y44"
    (err,) = validate_firm(s, data)
    assert (err.code, err.params["expected"]) == ("licence_check_digit", "3")
    data.licence_no = "9135 0100 M000 100Y 43"  # spaces as printed on the licence
    assert validate_firm(s, data) == []
    data.licence_no = "620102000012345"  # an older 15-digit registration number
    assert validate_firm(s, data) == []
    data.licence_no = "营业执照"
    assert codes(validate_firm(s, data)) == {("licence_no", "licence_chars")}


def test_licence_must_be_unique_on_create_and_update(s: Session, w: World) -> None:
    first = make_firm(s, {w.areas.zhongshan}, {w.cleaning}, n=1)
    second = make_firm(s, {w.areas.zhongshan}, {w.cleaning}, n=2, name="康乐养老服务中心")
    dup = firm_input({w.areas.jinta}, {w.meals}, n=1, name="另一家公司")
    (err,) = validate_firm(s, dup)
    assert (err.field, err.code) == ("licence_no", "licence_duplicate")
    assert "安康家政服务有限公司" in err.message and err.params["other_id"] == str(first)
    edit = get_firm(s, second).to_input()
    edit.licence_no = licence(1)
    with pytest.raises(ValidationError) as exc:
        update_firm(s, second, edit, expected_version=1, actor="t")
    assert exc.value.codes() == {"licence_duplicate"}
    # Its own licence is no duplicate.
    assert validate_firm(s, get_firm(s, first).to_input(), firm_id=first) == []


def test_coverage_must_be_communities_and_items_must_exist(s: Session, w: World) -> None:
    data = firm_input({w.areas.street, w.areas.zhongshan, 999}, {w.cleaning, 777})
    assert codes(validate_firm(s, data)) == {
        ("area_ids", "unknown_community"),
        ("item_ids", "unknown_item"),
    }
    assert len(validate_firm(s, data)) == 3  # one per wrong area, one per wrong item


def test_update_replaces_coverage_and_items(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    edit = get_firm(s, firm_id).to_input()
    edit.area_ids = {w.areas.jinta, w.areas.gaolan}
    edit.item_ids = {w.meals}
    edit.contact_phone = "0931-8812345"
    update_firm(s, firm_id, edit, expected_version=1, actor="sup1")
    d = get_firm(s, firm_id)
    assert d.area_ids == {w.areas.jinta, w.areas.gaolan} and d.item_ids == {w.meals}
    assert d.contact_phone == "0931 881 2345"
    entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert set(entry.detail["changed"]) == {"area_ids", "item_ids", "contact_phone"}


def test_unknown_firm(s: Session, w: World) -> None:
    with pytest.raises(NotFound):
        get_firm(s, 42)
    with pytest.raises(NotFound):
        set_firm_status(s, 42, "suspended", actor="t", reason="x")


# ----------------------------------------------------------------------------- status


def test_suspension_needs_a_reason_and_can_be_lifted(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    with pytest.raises(ValidationError) as exc:
        set_firm_status(s, firm_id, "suspended", actor="sup1", reason=" ")
    assert codes(exc.value.errors) == {("reason", "required")}
    set_firm_status(s, firm_id, "suspended", actor="sup1", reason="考核不合格，限期整改")
    assert get_firm(s, firm_id).status == "suspended"
    set_firm_status(s, firm_id, "active", actor="sup1", reason="")
    d = get_firm(s, firm_id)
    assert d.status == "active" and d.status_changed_on is not None


def test_an_exited_firm_can_never_come_back(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    set_firm_status(s, firm_id, "exited", actor="sup1", reason="连续两次考核不合格")
    for status in ("active", "suspended"):
        with pytest.raises(ValidationError) as exc:
            set_firm_status(s, firm_id, status, actor="sup1", reason="重新签约")
        assert codes(exc.value.errors) == {("status", "exited_final")}
    d = get_firm(s, firm_id)
    edit = d.to_input()
    edit.status = "active"
    with pytest.raises(ValidationError) as exc:
        update_firm(s, firm_id, edit, expected_version=d.version, actor="sup1")
    assert exc.value.codes() == {"exited_final"}
    # Its other details may still be corrected.
    edit.status, edit.notes = "exited", "档案已移交"
    update_firm(s, firm_id, edit, expected_version=d.version, actor="sup1")
    assert get_firm(s, firm_id).status == "exited"
    entries = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "set_status")).all()
    assert entries == [
        {"changed": {"status": ["active", "exited"]}, "reason": "连续两次考核不合格"}
    ]


# ----------------------------------------------------------------------------- search, routing


@pytest.fixture
def three(s: Session, w: World) -> dict[str, int]:
    return {
        "安康": make_firm(s, {w.areas.zhongshan}, {w.cleaning}, n=1, name="安康家政服务有限公司"),
        "康乐": make_firm(s, {w.areas.jinta}, {w.meals}, n=2, name="康乐养老服务中心"),
        "夕阳红": make_firm(s, {w.areas.gaolan}, {w.cleaning}, n=3, name="夕阳红助老服务社"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("康", ["安康家政服务有限公司", "康乐养老服务中心"]),
        ("服务", ["夕阳红助老服务社", "安康家政服务有限公司", "康乐养老服务中心"]),
        ("kl", ["康乐养老服务中心"]),
        ("XYH", ["夕阳红助老服务社"]),
        ("916201000000000", ["夕阳红助老服务社", "安康家政服务有限公司", "康乐养老服务中心"]),
        (licence(2), ["康乐养老服务中心"]),
        ("139 0931 0001", ["夕阳红助老服务社", "安康家政服务有限公司", "康乐养老服务中心"]),
        ("无此公司", []),
    ],
)
def test_search_firms(s: Session, three: dict[str, int], query: str, expected: list[str]) -> None:
    assert sorted(r.name for r in search_firms(s, query)) == sorted(expected)
    assert count_firms(s, query) == len(expected)


def test_search_firms_by_status_and_pages(s: Session, three: dict[str, int]) -> None:
    set_firm_status(s, three["康乐"], "suspended", actor="t", reason="整改")
    assert [r.name for r in search_firms(s, status="suspended")] == ["康乐养老服务中心"]
    assert count_firms(s, status="active") == 2
    paged = search_firms(s, limit=2) + search_firms(s, limit=2, offset=2)
    assert [r.id for r in paged] == [r.id for r in search_firms(s)]


def test_eligible_firms_are_active_under_contract_covering_and_offering(
    s: Session, w: World
) -> None:
    a = w.areas
    ok = make_firm(s, {a.zhongshan, a.jinta}, {w.cleaning, w.meals}, n=1, name="甲")
    make_firm(s, {a.jinta}, {w.cleaning}, n=2, name="乙 other community")
    make_firm(s, {a.zhongshan}, {w.meals}, n=3, name="丙 other item")
    make_firm(
        s, {a.zhongshan}, {w.cleaning}, n=4, name="丁 expired",
        start=date(2022, 1, 1), end=date(2024, 12, 31),
    )  # fmt: skip
    suspended = make_firm(s, {a.zhongshan}, {w.cleaning}, n=5, name="戊 suspended")
    set_firm_status(s, suspended, "suspended", actor="t", reason="整改")
    exited = make_firm(s, {a.zhongshan}, {w.cleaning}, n=6, name="己 exited")
    set_firm_status(s, exited, "exited", actor="t", reason="退出")
    on = date(2025, 6, 1)
    assert [f.id for f in eligible_firms(s, a.zhongshan, w.cleaning, on=on)] == [ok]
    # Contract days are inclusive at both ends.
    assert [f.name for f in eligible_firms(s, a.zhongshan, w.cleaning, on=date(2024, 12, 31))] == [
        "丁 expired",
        "甲",
    ]
    assert [f.name for f in eligible_firms(s, a.zhongshan, w.cleaning, on=date(2023, 12, 31))] == [
        "丁 expired"
    ]
    assert eligible_firms(s, a.gaolan, w.cleaning, on=on) == []


# ----------------------------------------------------------------------------- staff


def staff(**kw: object) -> StaffInput:
    data = StaffInput(name="马红梅", sex="F", phone="13609310011", role="护理员")
    for k, v in kw.items():
        setattr(data, k, v)
    return data


def test_add_list_and_edit_staff(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    a = add_staff(s, firm_id, staff(id_number=VALID_ID, certificate="养老护理员四级"), actor="sup1")
    b = add_staff(
        s, firm_id, staff(name="丁建军", sex="M", phone="0931-8812399", role="维修工"), actor="sup1"
    )
    rows = list_staff(s, firm_id)
    assert [(r.name, r.phone) for r in rows] == [
        ("丁建军", "0931 881 2399"),
        ("马红梅", "136 0931 0011"),
    ]
    ma = next(r for r in rows if r.id == a)
    assert ma.id_number_masked == "110105********002X" and ma.certificate == "养老护理员四级"
    edit = ma.to_input()
    edit.active = False
    update_staff(s, a, edit, actor="sup1")
    assert [r.id for r in list_staff(s, firm_id, active_only=True)] == [b]
    assert search_firms(s)[0].staff_count == 1  # active staff only
    assert [x.name for x in get_firm(s, firm_id).staff] == ["马红梅", "丁建军"]


def test_staff_validation(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    assert codes(validate_staff(s, firm_id, StaffInput())) == {
        ("name", "required"),
        ("phone", "phone_empty"),
        ("role", "required"),
    }
    # The ID number is optional but checked when given.
    assert codes(validate_staff(s, firm_id, staff(id_number="110105194912310021"))) == {
        ("id_number", "id_check_digit")
    }
    assert codes(validate_staff(s, firm_id, staff(id_number=VALID_ID, sex="M"))) == {
        ("sex", "id_sex_mismatch")
    }
    add_staff(s, firm_id, staff(id_number=VALID_ID), actor="t")
    with pytest.raises(ValidationError) as exc:
        add_staff(s, firm_id, staff(name="马红", id_number=VALID_ID), actor="t")
    assert codes(exc.value.errors) == {("id_number", "id_duplicate")}
    with pytest.raises(NotFound):
        update_staff(s, 999, staff(), actor="t")


def test_an_exited_firm_takes_no_new_staff(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    set_firm_status(s, firm_id, "exited", actor="t", reason="退出")
    with pytest.raises(ValidationError) as exc:
        add_staff(s, firm_id, staff(), actor="t")
    assert codes(exc.value.errors) == {("firm_id", "firm_exited")}


def test_uscc_check_character() -> None:
    # Published codes: GB 32100 example, and two real companies.
    for code in ("91350100M000100Y43", "91110000802100433B", "91440300708461136T"):
        assert uscc_check_char(code[:17]) == code[17]


# ----------------------------------------------------------------------------- announcements


def test_firm_and_staff_changes_announce_the_firm_refusals_nothing(
    db: Database, s: Session, w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.registry import firms as module

    heard = Announced(db)
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    edit = get_firm(s, firm_id).to_input()
    edit.notes = "每周一例会"
    update_firm(s, firm_id, edit, expected_version=1, actor="sup1")
    set_firm_status(s, firm_id, "suspended", actor="sup1", reason="考核不合格")
    person = add_staff(s, firm_id, staff(), actor="sup1")
    form = list_staff(s, firm_id)[0].to_input()
    form.role = "组长"
    update_staff(s, person, form, actor="sup1")
    assert [(c.topic_name, c.ids) for c in heard.changes] == [("firm.changed", (firm_id,))] * 5

    other = make_firm(s, {w.areas.jinta}, {w.meals}, n=2, name="康乐养老服务中心")
    heard = Announced(db)
    with pytest.raises(ValidationError):
        set_firm_status(s, firm_id, "suspended", actor="sup1", reason=" ")
    with pytest.raises(ValidationError):
        make_firm(s, {w.areas.zhongshan}, {w.cleaning})  # the same licence
    d = get_firm(s, firm_id)
    update_firm(s, firm_id, d.to_input(), expected_version=d.version, actor="sup1")  # no change
    update_staff(s, person, form, actor="sup1")
    set_firm_status(s, firm_id, "suspended", actor="sup1", reason="again")

    # Another seat registers the licence between our check and our commit: the unique
    # index refuses the edit, and the rollback takes its announcement with it.
    real_check = module._check_firm

    def check_then_someone_registers(session: Session, data: FirmInput, fid: int | None) -> Any:
        checked = real_check(session, data, fid)
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE firms SET licence_no = :l WHERE id = :i"),
                {"l": licence(3), "i": firm_id},
            )
        return checked

    race = get_firm(s, other).to_input()
    race.licence_no = licence(3)
    monkeypatch.setattr(module, "_check_firm", check_then_someone_registers)
    with pytest.raises(ValidationError) as exc:
        update_firm(s, other, race, expected_version=1, actor="sup1")
    assert "just registered" in exc.value.errors[0].message  # refused at the commit
    assert heard.topics() == []


# ----------------------------------------------------------------------------- versions


def centre_time(when: datetime) -> str:
    return f"{when.astimezone(ZoneInfo('Asia/Shanghai')):%H:%M}"


def test_a_stale_edit_is_refused_naming_who_saved_it_and_when(
    db: Database, s: Session, w: World
) -> None:
    zhang = User(username="zhangli", display_name="张丽", role="operator", password_hash="-")
    s.add(zhang)
    s.commit()
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    mine = get_firm(s, firm_id)
    assert mine.version == 1
    with db.sessions() as other:  # another seat saves first
        theirs = get_firm(other, firm_id).to_input()
        theirs.notes = "每周一例会"
        update_firm(other, firm_id, theirs, expected_version=1, actor="zhangli", user_id=zhang.id)

    heard = Announced(db)
    edit = mine.to_input()
    edit.address = "城关区新址1号"
    with pytest.raises(StaleRecord) as exc:
        update_firm(s, firm_id, edit, expected_version=mine.version, actor="sup1")
    assert isinstance(exc.value, Conflict)
    entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert f"changed by 张丽 at {centre_time(entry.at)} — reload" in exc.value.message
    assert exc.value.last == LastSave(by="张丽", at=entry.at)
    d = get_firm(s, firm_id)
    assert (d.version, d.notes, d.address) == (2, "每周一例会", "城关区庆阳路100号")
    assert heard.topics() == []


def test_status_changes_bump_the_version_and_staff_changes_do_not(s: Session, w: World) -> None:
    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    add_staff(s, firm_id, staff(), actor="sup1")
    assert get_firm(s, firm_id).version == 1  # the firm form is not stale for a new nurse
    set_firm_status(s, firm_id, "suspended", actor="sup1", reason="整改", expected_version=1)
    assert get_firm(s, firm_id).version == 2
    with pytest.raises(StaleRecord, match=r"changed by sup1 at \d\d:\d\d — reload"):
        set_firm_status(s, firm_id, "active", actor="sup2", reason="", expected_version=1)
    edit = get_firm(s, firm_id).to_input()
    edit.notes = "整改期间暂停派单"
    with pytest.raises(StaleRecord):
        update_firm(s, firm_id, edit, expected_version=1, actor="sup2")
    assert get_firm(s, firm_id).status == "suspended" and get_firm(s, firm_id).notes == ""
    update_firm(s, firm_id, edit, expected_version=2, actor="sup2")
    update_firm(s, firm_id, edit, expected_version=3, actor="sup2")  # nothing changed: no bump
    set_firm_status(s, firm_id, "active", actor="sup1", reason="")  # a script: no version given
    assert get_firm(s, firm_id).version == 4


def test_a_save_committed_between_the_check_and_the_write_is_refused(
    db: Database, s: Session, w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.registry import firms as module

    firm_id = make_firm(s, {w.areas.zhongshan}, {w.cleaning})
    real_check = module._check_firm

    def check_then_someone_saves(session: Session, data: FirmInput, fid: int | None) -> Any:
        checked = real_check(session, data, fid)
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE firms SET version = version + 1, notes = 'theirs' WHERE id = :i"),
                {"i": firm_id},
            )
        return checked

    heard = Announced(db)
    edit = get_firm(s, firm_id).to_input()
    edit.notes = "mine"
    monkeypatch.setattr(module, "_check_firm", check_then_someone_saves)
    with pytest.raises(StaleRecord) as exc:
        update_firm(s, firm_id, edit, expected_version=1, actor="sup1")
    # The raw UPDATE wrote no audit entry: the newest one is the registration.
    assert "changed by test at" in exc.value.message
    d = get_firm(s, firm_id)
    assert (d.version, d.notes) == (2, "theirs")
    assert heard.topics() == []
