"""The elder register: every validation rule, duplicates, stale edits, search and paging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import settings
from app.context import Database
from app.errors import Conflict, NotFound, ValidationError
from app.registry import today
from app.registry.elders import (
    ContactInput,
    ElderInput,
    PhoneInput,
    count_elders,
    create_elder,
    elder_rows,
    get_elder,
    search_elders,
    set_elder_status,
    update_elder,
    validate_elder,
)
from app.registry.firms import set_firm_status
from db.models import AuditEntry, Device, Elder
from tests.app.factories import (
    VALID_ID,
    Areas,
    elder_input,
    id_for,
    make_areas,
    make_category,
    make_elder,
    make_firm,
    make_item,
)
from tests.feed_helpers import Announced


def years_ago(years: int, *, days: int = 0) -> date:
    t = today()
    try:
        born = t.replace(year=t.year - years)
    except ValueError:  # 29 February
        born = t.replace(year=t.year - years, day=28)
    return born + timedelta(days=days)


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


@pytest.fixture
def areas(s: Session) -> Areas:
    return make_areas(s)


def codes(errors: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(e.field, e.code) for e in errors}


def expect_errors(s: Session, data: ElderInput, *pairs: tuple[str, str], **kw: int) -> None:
    """validate_elder and create_elder/update_elder agree and report exactly these."""
    found = codes(validate_elder(s, data, **kw))
    assert found == set(pairs), found


# ----------------------------------------------------------------------------- create and read


def test_create_stores_what_the_id_says_normalised_phones_and_ordered_contacts(
    s: Session, areas: Areas
) -> None:
    data = elder_input(
        areas.zhongshan,
        name="李秀英",
        sex="",  # taken from the ID number
        id_number="11010519491231002x",  # lower-case x is what people type
        phones=[PhoneInput("landline", "0931-8812345"), PhoneInput("mobile", "138 0013 8000")],
        contacts=[
            ContactInput("王芳", "女儿", "13909310002"),
            ContactInput("王强", "儿子", "8812346"),
        ],
        groups={"living_alone", "empty_nest"},
    )
    elder_id = create_elder(s, data, actor="op1", user_id=None)
    d = get_elder(s, elder_id)
    assert (d.id_number, d.birth_date, d.sex) == (VALID_ID, date(1949, 12, 31), "F")
    assert d.id_number_masked == "110105********002X"
    assert d.version == 1 and d.enrolled_on == today()
    assert [(p.kind, p.display, p.number_norm) for p in d.phones] == [
        ("landline", "0931 881 2345", "+869318812345"),
        ("mobile", "138 0013 8000", "+8613800138000"),
    ]
    # A local number written without the area code gets the centre's (0931).
    assert [(c.position, c.name, c.phone) for c in d.contacts] == [
        (1, "王芳", "139 0931 0002"),
        (2, "王强", "0931 881 2346"),
    ]
    assert d.groups == {"living_alone", "empty_nest"}
    assert d.community == "中山路社区"
    assert d.community_path == "城关区 › 张掖路街道 › 中山路社区"
    stored = s.get(Elder, elder_id)
    assert stored is not None and stored.name_initials == "lxy"
    entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "elder")).one()
    assert (entry.actor, entry.action, entry.entity_id) == ("op1", "create", elder_id)
    assert entry.detail["id_number"] == VALID_ID and entry.detail["birth_date"] == "1949-12-31"


def test_full_width_digits_and_spaces_in_the_id_number_are_accepted(
    s: Session, areas: Areas
) -> None:
    data = elder_input(areas.zhongshan, sex="F", id_number="１１０１０５ １９４９１２３１ ００２ｘ")
    assert validate_elder(s, data) == []
    assert get_elder(s, create_elder(s, data, actor="t")).id_number == VALID_ID


def test_detail_lists_devices_and_round_trips_through_to_input(s: Session, areas: Areas) -> None:
    elder_id = make_elder(s, areas.zhongshan)
    s.add(Device(account="1234", elder_id=elder_id, kind="pendant", model="SOS-1"))
    s.commit()
    d = get_elder(s, elder_id)
    assert [(x.account, x.kind, x.model, x.status) for x in d.devices] == [
        ("1234", "pendant", "SOS-1", "active")
    ]
    # Saving the form unchanged changes nothing: no new version, no audit entry.
    update_elder(s, elder_id, d.to_input(), expected_version=d.version, actor="t")
    assert get_elder(s, elder_id).version == d.version
    assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "update")) is None


def test_unknown_elder_is_not_found(s: Session, areas: Areas) -> None:
    with pytest.raises(NotFound, match="#999"):
        get_elder(s, 999)
    with pytest.raises(NotFound):
        update_elder(s, 999, elder_input(areas.zhongshan), expected_version=1, actor="t")
    with pytest.raises(NotFound):
        set_elder_status(s, 999, "suspended", actor="t")


# ----------------------------------------------------------------------------- ID number


@pytest.mark.parametrize(
    ("number", "code", "in_message"),
    [
        ("", "required", "required"),
        ("11010519491231002", "id_length", "17 were entered"),  # one digit short
        ("11010519491231002XX", "id_length", "19 were entered"),
        ("1101051949123100X2", "id_chars", "X as the last"),  # X not at the end
        ("ABCDEFGHIJKLMNOPQR", "id_chars", "only digits"),
        ("11010519450230002X", "id_birth_date", "19450230"),  # 30 February
        ("110105194912310021", "id_check_digit", "should be X, not 1"),  # one typo
        ("110105194912310O2X", "id_chars", "only digits"),  # letter O for zero
    ],
)
def test_id_number_errors_say_what_is_wrong(
    s: Session, areas: Areas, number: str, code: str, in_message: str
) -> None:
    data = elder_input(areas.zhongshan, sex="F", id_number=number)
    errors = validate_elder(s, data)
    assert [(e.field, e.code) for e in errors] == [("id_number", code)]
    assert in_message in errors[0].message
    with pytest.raises(ValidationError) as exc:
        create_elder(s, data, actor="t")
    assert exc.value.errors == errors
    assert s.scalar(select(Elder.id)) is None


def test_check_digit_error_carries_parameters_for_translation(s: Session, areas: Areas) -> None:
    (err,) = validate_elder(s, elder_input(areas.zhongshan, id_number="110105194912310021"))
    assert err.params["expected"] == "X" and err.params["got"] == "1"
    assert err.params["number"] == "110105194912310021"


def test_birth_date_and_sex_must_agree_with_the_id_number(s: Session, areas: Areas) -> None:
    data = elder_input(areas.zhongshan, id_number=VALID_ID, sex="M", birth_date=date(1949, 12, 30))
    errors = validate_elder(s, data)
    assert codes(errors) == {("birth_date", "id_birth_mismatch"), ("sex", "id_sex_mismatch")}
    mismatch = next(e for e in errors if e.code == "id_birth_mismatch")
    assert "1949-12-31" in mismatch.message and mismatch.params["id_birth_date"] == "1949-12-31"
    assert validate_elder(s, replace(data, sex="F", birth_date=date(1949, 12, 31))) == []


def test_duplicate_id_number_on_create_names_the_elder_already_registered(
    s: Session, areas: Areas
) -> None:
    first = make_elder(s, areas.zhongshan, name="张三")
    data = elder_input(areas.jinta, name="张叁", phones=[PhoneInput("mobile", "13900000001")])
    (err,) = validate_elder(s, data)
    assert (err.field, err.code) == ("id_number", "id_duplicate")
    assert "张三" in err.message and err.params["other_id"] == str(first)
    with pytest.raises(ValidationError):
        create_elder(s, data, actor="t")
    assert count_elders(s) == 1


def test_duplicate_id_number_on_update_of_another_elder(s: Session, areas: Areas) -> None:
    a = make_elder(s, areas.zhongshan, name="张三")
    other_id = id_for(date(1950, 5, 6), 3, "F")
    b = make_elder(s, areas.zhongshan, name="李四", sex="F", id_number=other_id)
    # Its own number is no duplicate.
    edit = get_elder(s, b).to_input()
    assert validate_elder(s, edit, elder_id=b) == []
    edit.id_number = get_elder(s, a).id_number
    edit.sex, edit.birth_date = "M", None  # both read from the number again
    with pytest.raises(ValidationError) as exc:
        update_elder(s, b, edit, expected_version=1, actor="t")
    assert exc.value.codes() == {"id_duplicate"}
    assert get_elder(s, b).id_number == other_id


def test_unique_index_still_catches_a_duplicate_saved_by_another_seat(
    db: Database, areas: Areas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two seats register the same person at once: both checks pass, the first commit
    # wins, and the second gets the same field error instead of a database exception.
    from app.registry import elders as module

    with db.sessions() as s1, db.sessions() as s2:
        create_elder(s1, elder_input(areas.zhongshan), actor="seat1")
        real_check = module._check_duplicate_id
        monkeypatch.setattr(module, "_check_duplicate_id", lambda *a, **k: None)
        with pytest.raises(ValidationError) as exc:
            create_elder(s2, elder_input(areas.zhongshan), actor="seat2")
        assert exc.value.codes() == {"id_duplicate"}
        monkeypatch.setattr(module, "_check_duplicate_id", real_check)
        assert count_elders(s2) == 1


# ----------------------------------------------------------------------------- phones, contacts


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("１３８００１３８０００", "+8613800138000"),  # full-width, from a Chinese IME
        ("0931-8812345", "+869318812345"),
        ("(0931) 881 2345", "+869318812345"),
        ("8812345", "+869318812345"),  # local: the centre's area code
        ("010-88123456", "+861088123456"),  # Beijing, another area code
    ],
)
def test_phone_written_any_way_is_stored_normalised(
    s: Session, areas: Areas, written: str, e164: str
) -> None:
    elder_id = make_elder(s, areas.zhongshan, phones=[PhoneInput("landline", written)])
    assert get_elder(s, elder_id).phones[0].number_norm == e164


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("", "phone_empty"),
        ("无", "phone_empty"),  # no digits at all
        ("12345", "phone_invalid"),  # right shape for nothing
        ("1380013800", "phone_invalid"),  # a mobile one digit short
        ("13800138000123", "phone_impossible"),  # extra digits typed
        ("1234", "phone_impossible"),
        ("000000", "phone_invalid"),
        ("1", "phone_unparsable"),
        ("138001380001234567", "phone_unparsable"),  # an ID number in the phone field
    ],
)
def test_bad_phone_numbers_are_refused(s: Session, areas: Areas, written: str, code: str) -> None:
    data = elder_input(areas.zhongshan, phones=[PhoneInput("mobile", written)])
    (err,) = validate_elder(s, data)
    assert (err.field, err.code) == ("phones[0].number", code)
    assert err.message.startswith("Phone 1")


def test_phone_list_rules(s: Session, areas: Areas) -> None:
    expect_errors(s, elder_input(areas.zhongshan, phones=[]), ("phones", "required"))
    expect_errors(
        s,
        elder_input(
            areas.zhongshan,
            phones=[PhoneInput("mobile", "13800138000"), PhoneInput("fax", "138-0013-8000")],
        ),
        ("phones[1].kind", "invalid_choice"),
        ("phones[1].number", "phone_repeated"),
    )


def test_contact_errors_name_the_contact_and_the_field(s: Session, areas: Areas) -> None:
    data = elder_input(
        areas.zhongshan,
        contacts=[
            ContactInput("王芳", "女儿", "13909310002"),
            ContactInput("", "儿子", "139093100"),
        ],
    )
    errors = validate_elder(s, data)
    assert codes(errors) == {
        ("contacts[1].name", "required"),
        ("contacts[1].phone", "phone_invalid"),
    }
    assert all(e.message.startswith("Contact 2") for e in errors)


def test_every_problem_is_reported_at_once(s: Session, areas: Areas) -> None:
    data = ElderInput(
        name="",
        sex="F",
        id_number="11010519491231002",
        birth_date=None,
        community_id=None,
        address="",
        subsidy_category="E",
        care_level="bedridden",
        phones=[PhoneInput("mobile", "12345")],
        contacts=[ContactInput("", "", "")],
        groups={"vip"},
        checkin_hour=25,
    )
    with pytest.raises(ValidationError) as exc:
        create_elder(s, data, actor="t")
    assert codes(exc.value.errors) == {
        ("name", "required"),
        ("id_number", "id_length"),
        ("community_id", "required"),
        ("address", "required"),
        ("subsidy_category", "invalid_choice"),
        ("care_level", "invalid_choice"),
        ("phones[0].number", "phone_invalid"),
        ("contacts[0].name", "required"),
        ("contacts[0].phone", "phone_empty"),
        ("groups", "invalid_choice"),
        ("checkin_hour", "out_of_range"),
    }
    assert "and 10 more problems" in exc.value.message
    assert exc.value.for_field("name")[0].message == "Name is required."


# ----------------------------------------------------------------------------- ages and dates


def test_enrolment_age_counts_whole_years_on_the_day(s: Session, areas: Areas) -> None:
    today_65 = years_ago(65)
    ok = elder_input(areas.zhongshan, id_number=id_for(today_65, 1, "M"))
    assert validate_elder(s, ok) == []
    young = elder_input(areas.zhongshan, id_number=id_for(years_ago(65, days=1), 1, "M"))
    (err,) = validate_elder(s, young)
    assert (err.field, err.code) == ("id_number", "enrol_age")
    assert err.params == {
        "age": "64",
        "min": "65",
        "birth_date": years_ago(65, days=1).isoformat(),
    }
    # Reported on the birth date field when the user typed one.
    young.birth_date = years_ago(65, days=1)
    assert codes(validate_elder(s, young)) == {("birth_date", "enrol_age")}


def test_enrolment_age_is_a_setting_and_binds_new_registrations_only(
    s: Session, areas: Areas
) -> None:
    born = years_ago(62)
    settings.put(s, "elders.enrol_min_age", 60)
    s.commit()
    elder_id = make_elder(s, areas.zhongshan, id_number=id_for(born, 1, "M"))
    settings.put(s, "elders.enrol_min_age", 65)
    s.commit()
    # Editing the registered 62-year-old is fine; registering another one is not.
    d = get_elder(s, elder_id)
    edit = d.to_input()
    edit.address = "城关区中山路14号"
    update_elder(s, elder_id, edit, expected_version=d.version, actor="t")
    other = elder_input(areas.zhongshan, id_number=id_for(born, 2, "M"))
    assert codes(validate_elder(s, other)) == {("id_number", "enrol_age")}


def test_enrolment_age_is_taken_on_the_enrolment_date(s: Session, areas: Areas) -> None:
    born = date(1950, 6, 1)
    data = elder_input(
        areas.zhongshan, id_number=id_for(born, 1, "M"), enrolled_on=date(2014, 6, 1)
    )
    (err,) = validate_elder(s, data)
    assert err.code == "enrol_age" and err.params["age"] == "64"
    data.enrolled_on = date(2015, 6, 1)
    assert validate_elder(s, data) == []


def test_implausible_ages_and_dates(s: Session, areas: Areas) -> None:
    expect_errors(
        s,
        elder_input(areas.zhongshan, id_number=id_for(date(1890, 1, 1), 1, "M")),
        ("id_number", "too_old"),
    )
    expect_errors(
        s,
        elder_input(areas.zhongshan, id_number=id_for(today() + timedelta(days=3), 1, "M")),
        ("id_number", "too_young"),
    )
    expect_errors(
        s,
        elder_input(areas.zhongshan, enrolled_on=today() + timedelta(days=1)),
        ("enrolled_on", "date_future"),
    )


def test_age_bound_groups(s: Session, areas: Areas) -> None:
    seventy = elder_input(areas.zhongshan, id_number=id_for(years_ago(70), 1, "M"))
    seventy.groups = {"advanced_age"}
    (err,) = validate_elder(s, seventy)
    assert (err.field, err.code, err.params["min"]) == ("groups", "group_age", "80")
    eighty = elder_input(areas.zhongshan, id_number=id_for(years_ago(80), 1, "M"))
    eighty.groups = {"advanced_age", "living_alone"}
    assert validate_elder(s, eighty) == []


# ----------------------------------------------------------------------------- other fields


def test_community_must_be_a_community(s: Session, areas: Areas) -> None:
    expect_errors(s, elder_input(areas.street), ("community_id", "unknown_community"))  # a street
    expect_errors(s, elder_input(9999), ("community_id", "unknown_community"))
    expect_errors(s, elder_input(None), ("community_id", "required"))  # type: ignore[arg-type]


def test_lengths_and_checkin(s: Session, areas: Areas) -> None:
    expect_errors(
        s,
        elder_input(areas.zhongshan, name="张" * 41, daily_checkin=True),
        ("name", "too_long"),
        ("checkin_hour", "required"),
    )
    assert validate_elder(s, elder_input(areas.zhongshan, daily_checkin=True, checkin_hour=9)) == []


def test_preferred_firm_must_exist_and_not_have_exited(s: Session, areas: Areas) -> None:
    item = make_item(s, make_category(s), "LC001", "助洁")
    firm = make_firm(s, {areas.zhongshan}, {item})
    assert validate_elder(s, elder_input(areas.zhongshan, preferred_firm_id=firm)) == []
    expect_errors(
        s,
        elder_input(areas.zhongshan, preferred_firm_id=firm + 100),
        ("preferred_firm_id", "unknown_firm"),
    )
    set_firm_status(s, firm, "exited", actor="t", reason="合同终止")
    expect_errors(
        s,
        elder_input(areas.zhongshan, preferred_firm_id=firm),
        ("preferred_firm_id", "firm_exited"),
    )


# ----------------------------------------------------------------------------- edit, conflict, status


def test_update_replaces_lists_bumps_version_and_audits_the_changes(
    s: Session, areas: Areas
) -> None:
    elder_id = make_elder(
        s,
        areas.zhongshan,
        contacts=[
            ContactInput("张明", "儿子", "13909310002"),
            ContactInput("张丽", "女儿", "13909310003"),
        ],
    )
    d = get_elder(s, elder_id)
    edit = d.to_input()
    edit.phones = [PhoneInput("onekey", "0931-8812345")]
    edit.contacts = list(reversed(edit.contacts))  # the daughter is now called first
    edit.groups = {"empty_nest"}
    edit.care_level = "semi_dependent"
    update_elder(s, elder_id, edit, expected_version=d.version, actor="op2", user_id=None)
    after = get_elder(s, elder_id)
    assert after.version == d.version + 1
    assert [(p.kind, p.number_norm) for p in after.phones] == [("onekey", "+869318812345")]
    assert [(c.position, c.name) for c in after.contacts] == [(1, "张丽"), (2, "张明")]
    assert after.groups == {"empty_nest"} and after.care_level == "semi_dependent"
    entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.actor == "op2"
    assert set(entry.detail["changed"]) == {"phones", "contacts", "groups", "care_level"}
    assert entry.detail["changed"]["care_level"] == ["independent", "semi_dependent"]


def test_stale_edit_is_a_conflict(db: Database, areas: Areas) -> None:
    with db.sessions() as s1:
        elder_id = make_elder(s1, areas.zhongshan)
        form1 = get_elder(s1, elder_id)
    with db.sessions() as s2:
        form2 = get_elder(s2, elder_id)
        edit = form2.to_input()
        edit.address = "城关区中山路99号"
        update_elder(s2, elder_id, edit, expected_version=form2.version, actor="op2")
    with db.sessions() as s1:
        edit = form1.to_input()
        edit.medical_notes = "高血压"
        with pytest.raises(Conflict, match="someone else"):
            update_elder(s1, elder_id, edit, expected_version=form1.version, actor="op1")
        assert get_elder(s1, elder_id).medical_notes == ""
        assert get_elder(s1, elder_id).address == "城关区中山路99号"


def test_version_changed_between_check_and_write_is_a_conflict(
    db: Database, areas: Areas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The copy read passes the version check but the row changes before the write: the
    # versioned UPDATE matches nothing, and that too is reported as a Conflict.
    from app.registry import elders as module

    with db.sessions() as s:
        elder_id = make_elder(s, areas.zhongshan)
    real_load = module._load

    def load_then_someone_saves(session: Session, eid: int) -> Elder:
        elder = real_load(session, eid)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE elders SET version = version + 1 WHERE id = :i"), {"i": eid})
        return elder

    with db.sessions() as s1:
        edit = get_elder(s1, elder_id).to_input()
        edit.address = "城关区中山路100号"
        monkeypatch.setattr(module, "_load", load_then_someone_saves)
        with pytest.raises(Conflict):
            update_elder(s1, elder_id, edit, expected_version=1, actor="op1")


def test_enrolment_date_left_empty_on_edit_keeps_the_one_on_record(
    s: Session, areas: Areas
) -> None:
    elder_id = make_elder(s, areas.zhongshan, enrolled_on=date(2020, 3, 1))
    edit = get_elder(s, elder_id).to_input()
    edit.enrolled_on = None
    edit.door = "402"
    update_elder(s, elder_id, edit, expected_version=1, actor="t")
    assert get_elder(s, elder_id).enrolled_on == date(2020, 3, 1)


def test_set_status_records_the_reason(s: Session, areas: Areas) -> None:
    elder_id = make_elder(s, areas.zhongshan)
    set_elder_status(s, elder_id, "moved", actor="op1", reason="随子女迁往兰州新区")
    d = get_elder(s, elder_id)
    assert d.status == "moved" and d.version == 2
    entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "set_status")).one()
    assert entry.detail == {
        "changed": {"status": ["active", "moved"]},
        "reason": "随子女迁往兰州新区",
    }
    with pytest.raises(ValidationError) as exc:
        set_elder_status(s, elder_id, "gone", actor="op1")
    assert exc.value.codes() == {"invalid_choice"}


# ----------------------------------------------------------------------------- search


@pytest.fixture
def people(s: Session, areas: Areas) -> dict[str, int]:
    ids = {
        "张三": make_elder(
            s,
            areas.zhongshan,
            name="张三",
            id_number=id_for(date(1945, 3, 8), 1, "M"),
            address="城关区中山路12号",
            phones=[PhoneInput("mobile", "13800138000"), PhoneInput("landline", "8812345")],
            groups={"living_alone", "low_income"},
        ),
        "张三丰": make_elder(
            s,
            areas.jinta,
            name="张三丰",
            id_number=id_for(date(1940, 1, 2), 2, "M"),
            address="城关区金塔巷5号",
            phones=[PhoneInput("mobile", "13912345678")],
            groups=set(),
        ),
        "赵四": make_elder(
            s,
            areas.gaolan,
            name="赵四",
            sex="F",
            id_number=VALID_ID,
            address="城关区皋兰路8号",
            phones=[PhoneInput("onekey", "0931-4567890")],
            groups=set(),
        ),
    }
    return ids


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.name for r in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张三", ["张三", "张三丰"]),  # name fragment
        ("三丰", ["张三丰"]),
        ("zs", ["张三", "张三丰", "赵四"]),  # pinyin initials: 赵四 is zs too
        ("ZSF", ["张三丰"]),
        ("z", ["张三", "张三丰", "赵四"]),
        ("13800138000", ["张三"]),  # phone, every way it is written
        ("138 0013 8000", ["张三"]),
        ("+86 138-0013-8000", ["张三"]),
        ("8613800138000", ["张三"]),
        ("8812345", ["张三"]),  # local landline
        ("0931-881 2345", ["张三"]),
        ("(0931)4567890", ["赵四"]),
        ("00138000", ["张三"]),  # the end of a mobile
        ("11010519491231002X", ["赵四"]),  # ID number
        ("11010519491231002x", ["赵四"]),
        ("1101051949", ["赵四"]),  # start of an ID number
        ("31002X", ["赵四"]),  # end of an ID number
        ("中山路12", ["张三"]),  # address fragment
        ("金塔巷", ["张三丰"]),
        ("张 金塔", ["张三丰"]),  # every word must match
        ("钱五", []),
        ("%", []),  # LIKE wildcards are plain characters
        ("_", []),
        ("13800138001", []),
    ],
)
def test_search_reads_the_query_as_name_initials_phone_id_or_address(
    s: Session, people: dict[str, int], query: str, expected: list[str]
) -> None:
    assert names(search_elders(s, query)) == expected
    assert count_elders(s, query) == len(expected)


def test_search_rows_are_plain_list_lines(s: Session, people: dict[str, int]) -> None:
    (row,) = search_elders(s, "张三丰")
    assert row.id == people["张三丰"]
    assert row.id_number_masked == "620102********" + id_for(date(1940, 1, 2), 2, "M")[14:]
    assert row.phone == "139 1234 5678" and row.community == "金塔巷社区"
    (zhang,) = search_elders(s, "13800138000")
    assert zhang.phone == "138 0013 8000"  # the first phone
    assert zhang.groups == ("living_alone", "low_income")
    assert zhang.age == (today().year - 1945 - ((today().month, today().day) < (3, 8)))
    assert elder_rows(s, [people["赵四"], people["张三"]]) == [
        search_elders(s, "赵四")[0],
        zhang,
    ]


def test_search_filters_by_status_and_community(
    s: Session, people: dict[str, int], areas: Areas
) -> None:
    set_elder_status(s, people["张三"], "suspended", actor="t", reason="住院")
    assert names(search_elders(s, "zs", status="active")) == ["张三丰", "赵四"]
    assert names(search_elders(s, "", status="suspended")) == ["张三"]
    assert names(search_elders(s, "", community_id=areas.gaolan)) == ["赵四"]
    assert count_elders(s, "z", status="active", community_id=areas.jinta) == 1


def test_paging_is_stable_by_name_then_id(s: Session, areas: Areas) -> None:
    born = date(1945, 1, 1)
    made = []
    for i, name in enumerate(["王芳", "李娜", "王芳", "张伟", "王芳", "李娜", "刘洋"] * 2):
        made.append(
            make_elder(
                s,
                areas.zhongshan,
                name=name,
                id_number=id_for(born + timedelta(days=i), i, "M"),
                phones=[PhoneInput("mobile", f"1390931{i:04d}")],
            )
        )
    pages = [search_elders(s, "", limit=4, offset=o) for o in range(0, 16, 4)]
    seen = [r.id for page in pages for r in page]
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen)) == 14
    keys = [(r.name, r.id) for page in pages for r in page]
    assert keys == sorted(keys)
    assert count_elders(s) == 14


def test_phone_and_id_searches_use_indexes_not_a_table_scan(sqlite_db: Database) -> None:
    # The console looks the caller up on every ring: check the plan, not a stopwatch.
    from sqlalchemy.dialects import sqlite

    from app.registry.elders import _conditions

    with sqlite_db.sessions() as s:
        for query in ("138 0013 8000", "11010519491231002X", "zs", "0931-8812345"):
            stmt = select(Elder.id).where(*_conditions(query, None, None, "0931"))
            sql = str(
                stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
            )
            plan = " | ".join(r[-1] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "SCAN elders" not in plan, (query, plan)
            assert "SCAN elder_phones" not in plan, (query, plan)


# ----------------------------------------------------------------------------- announcements


def test_every_saved_change_announces_the_elder_and_a_refused_one_nothing(
    db: Database, areas: Areas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.registry import elders as module

    with db.sessions() as s:
        heard = Announced(db)
        elder_id = create_elder(s, elder_input(areas.zhongshan), actor="op1")
        edit = get_elder(s, elder_id).to_input()
        edit.door = "402"
        update_elder(s, elder_id, edit, expected_version=1, actor="op1")
        set_elder_status(s, elder_id, "suspended", actor="op1", reason="住院")
        assert [(c.topic_name, c.ids) for c in heard.changes] == [
            ("elder.changed", (elder_id,))
        ] * 3

        heard = Announced(db)
        with pytest.raises(ValidationError):
            create_elder(s, elder_input(areas.zhongshan), actor="op1")  # the same ID number
        with pytest.raises(Conflict):
            update_elder(s, elder_id, edit, expected_version=1, actor="op1")  # stale form
        update_elder(s, elder_id, get_elder(s, elder_id).to_input(), expected_version=3, actor="x")
        set_elder_status(s, elder_id, "suspended", actor="op1")  # no change
        assert heard.topics() == []

    # The row changes between the check and the write: the commit that would have
    # announced the edit rolls back, and its announcement with it.
    real_load = module._load

    def load_then_someone_saves(session: Session, eid: int) -> Elder:
        elder = real_load(session, eid)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE elders SET version = version + 1 WHERE id = :i"), {"i": eid})
        return elder

    with db.sessions() as s:
        edit = get_elder(s, elder_id).to_input()
        edit.door = "403"
        monkeypatch.setattr(module, "_load", load_then_someone_saves)
        with pytest.raises(Conflict):
            update_elder(s, elder_id, edit, expected_version=3, actor="op1")
        assert heard.topics() == []
