"""The service catalogue: subsidy rules, item validation, search and prices."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import settings
from app.context import Database
from app.errors import Conflict, NotFound, ValidationError
from app.registry import Rules
from app.registry.catalogue import (
    ItemInput,
    create_item,
    default_prices,
    get_item,
    list_categories,
    meal_split,
    meal_subsidy_fen,
    price_for,
    search_items,
    update_item,
    validate_item,
)
from db.models import AuditEntry, ItemPrice, ServiceItem, User
from tests.app.factories import make_category, make_item
from tests.feed_helpers import Announced

# ----------------------------------------------------------------------------- pure rules


def test_default_prices_follow_the_reference_centre() -> None:
    assert default_prices(3000, "housekeeping") == {
        "A": (0, 3000),  # 三无: government pays all
        "B": (3000, 0),  # 重点优抚: market price, the allowance comes off at settlement
        "C": (2400, 0),  # 普通: 20 % below market
        "D": (0, 3000),  # 重度残疾: government pays all
    }


@pytest.mark.parametrize(
    ("market", "c_pays"),
    [(2999, 2399), (1, 1), (2, 2), (3, 2), (7, 6), (0, 0), (12345, 9876)],
)
def test_category_c_rounds_to_the_nearest_fen(market: int, c_pays: int) -> None:
    assert default_prices(market)["C"] == (c_pays, 0)


def test_exact_half_fen_rounds_up() -> None:
    # 80 % never lands on half a fen; a centre granting 10 % off does: 4.5 -> 5, 13.5 -> 14.
    assert default_prices(5, c_discount_percent=10)["C"] == (5, 0)
    assert default_prices(15, c_discount_percent=10)["C"] == (14, 0)
    assert default_prices(25, c_discount_percent=10)["C"] == (23, 0)


def test_meals_are_priced_by_age_not_category() -> None:
    assert default_prices(1500, "meal") == {
        "A": (0, 1500),
        "B": (1500, 0),
        "C": (1500, 0),
        "D": (0, 1500),
    }
    assert [meal_subsidy_fen(a) for a in (60, 64, 65, 74, 75, 90, 100)] == [
        0,
        0,
        900,
        900,
        1000,
        1000,
        1000,
    ]
    assert meal_split(1500, "C", 70) == (600, 900)
    assert meal_split(1500, "B", 80) == (500, 1000)
    assert meal_split(1500, "A", 70) == (0, 1500)
    assert meal_split(800, "C", 80) == (0, 800)  # never more than the meal costs
    assert meal_split(1500, "C", 70, rules=Rules(meal_gov_65_74_fen=750)) == (750, 750)


def test_negative_market_price_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        default_prices(-1)


# ----------------------------------------------------------------------------- items


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


@pytest.fixture
def cats(s: Session) -> dict[str, int]:
    return {
        "LC": make_category(s, "LC", "生活照料"),
        "YL": make_category(s, "YL", "医疗护理"),
        "JS": make_category(s, "JS", "精神慰藉"),
        "JJ": make_category(s, "JJ", "紧急援助"),
    }


@pytest.fixture
def items(s: Session, cats: dict[str, int]) -> dict[str, int]:
    return {
        "助餐": make_item(s, cats["LC"], "LC001", "助餐", market_price_fen=1500, kind="meal"),
        "助浴": make_item(s, cats["LC"], "LC002", "助浴", market_price_fen=5000),
        "助洁": make_item(s, cats["LC"], "LC003", "助洁", market_price_fen=3000),
        "测血压血糖": make_item(s, cats["YL"], "YL001", "测血压血糖", market_price_fen=1000),
        "陪同聊天": make_item(s, cats["JS"], "JS001", "陪同聊天", market_price_fen=2000),
        "修剪指甲": make_item(s, cats["LC"], "LC004", "修剪指甲", active=False),
    }


def test_categories_in_code_order(s: Session, cats: dict[str, int]) -> None:
    assert [(c.code, c.name) for c in list_categories(s)] == [
        ("JJ", "紧急援助"),
        ("JS", "精神慰藉"),
        ("LC", "生活照料"),
        ("YL", "医疗护理"),
    ]


@pytest.mark.parametrize(
    ("query", "kwargs", "expected"),
    [
        ("", {}, ["LC001", "LC002", "LC003", "YL001", "JS001"]),
        ("助", {}, ["LC001", "LC002", "LC003"]),
        ("血压", {}, ["YL001"]),
        ("zc", {}, ["LC001"]),  # pinyin initials of 助餐
        ("z", {}, ["LC001", "LC002", "LC003"]),
        ("CXY", {}, ["YL001"]),
        ("LC00", {}, ["LC001", "LC002", "LC003"]),  # code prefix
        ("lc002", {}, ["LC002"]),
        ("", {"category_code": "JS"}, ["JS001"]),
        ("修剪", {}, []),  # inactive
        ("修剪", {"active_only": False}, ["LC004"]),
        ("", {"limit": 2}, ["JS001", "LC001"]),
    ],
)
def test_search_items(
    s: Session, items: dict[str, int], query: str, kwargs: dict[str, object], expected: list[str]
) -> None:
    got = [r.code for r in search_items(s, query, **kwargs)]  # type: ignore[arg-type]
    assert got == sorted(expected)


def test_item_detail_and_prices(s: Session, items: dict[str, int]) -> None:
    d = get_item(s, items["助浴"])
    assert (d.code, d.category_code, d.category_name, d.unit) == ("LC002", "LC", "生活照料", "次")
    assert d.prices == default_prices(5000)
    assert price_for(s, items["助浴"], "C") == (4000, 0)
    assert price_for(s, items["助餐"], "A") == (0, 1500)
    with pytest.raises(NotFound):
        get_item(s, 999)
    with pytest.raises(NotFound):
        price_for(s, 999, "A")
    with pytest.raises(ValidationError) as exc:
        price_for(s, items["助浴"], "E")
    assert exc.value.codes() == {"invalid_choice"}


def test_missing_stored_prices_fall_back_to_the_rules(s: Session, items: dict[str, int]) -> None:
    # An item imported without its price rows is still priced, by the reference rules.
    s.execute(delete(ItemPrice).where(ItemPrice.item_id == items["助洁"]))
    s.commit()
    assert price_for(s, items["助洁"], "C") == (2400, 0)
    assert get_item(s, items["助洁"]).prices["D"] == (0, 3000)


def test_explicit_prices_and_the_centre_discount_setting(s: Session, cats: dict[str, int]) -> None:
    prices = {"A": (0, 4000), "B": (4000, 0), "C": (3000, 0), "D": (500, 3500)}
    item_id = create_item(
        s,
        ItemInput(
            code="YL002",
            name="康复护理",
            category_id=cats["YL"],
            unit="小时",
            market_price_fen=4000,
            time_limit_min=24 * 60,
            prices=prices,
        ),
        actor="sup1",
    )
    assert get_item(s, item_id).prices == prices
    settings.put(s, "subsidy.c_discount_percent", 30)
    s.commit()
    other = make_item(s, cats["YL"], "YL003", "送药上门", market_price_fen=1000)
    assert price_for(s, other, "C") == (700, 0)


def test_item_validation_reports_every_problem(s: Session, cats: dict[str, int]) -> None:
    make_item(s, cats["LC"], "LC001", "助餐")
    bad = ItemInput(
        code="LC001",
        name="",
        category_id=999,
        unit="",
        market_price_fen=-100,
        time_limit_min=0,
        kind="",
    )
    with pytest.raises(ValidationError) as exc:
        create_item(s, bad, actor="t")
    assert {(e.field, e.code) for e in exc.value.errors} == {
        ("code", "code_duplicate"),
        ("name", "required"),
        ("category_id", "unknown_category"),
        ("unit", "required"),
        ("market_price_fen", "negative"),
        ("time_limit_min", "out_of_range"),
        ("kind", "required"),
    }


def test_prices_must_be_whole_fen_complete_and_within_market(
    s: Session, cats: dict[str, int]
) -> None:
    data = ItemInput(
        code="LC009",
        name="家电维修",
        category_id=cats["LC"],
        market_price_fen=3000,
        prices={"A": (0, 3000), "B": (30.5, 0), "C": (2000, 1500), "E": (0, 0)},  # type: ignore[dict-item]
    )
    assert {(e.field, e.code) for e in validate_item(s, data)} == {
        ("prices", "invalid_choice"),  # no category E
        ("prices[B].elder_pays_fen", "not_integer"),
        ("prices[C]", "price_over_market"),
        ("prices[D]", "required"),
    }
    data.market_price_fen = 29.9  # type: ignore[assignment]
    data.prices = None
    assert {(e.field, e.code) for e in validate_item(s, data)} == {
        ("market_price_fen", "not_integer")
    }
    data.market_price_fen = True  # a bool is no price
    assert {e.code for e in validate_item(s, data)} == {"not_integer"}


def test_update_item_keeps_code_unique_and_audits(s: Session, items: dict[str, int]) -> None:
    form = get_item(s, items["助洁"]).to_input()
    form.code = "LC001"
    with pytest.raises(ValidationError) as exc:
        update_item(s, items["助洁"], form, actor="sup1")
    assert exc.value.errors[0].code == "code_duplicate" and "助餐" in exc.value.errors[0].message
    form = get_item(s, items["助洁"]).to_input()
    assert validate_item(s, form, item_id=items["助洁"]) == []
    form.market_price_fen = 3500
    form.prices = None  # back to the rules at the new price
    update_item(s, items["助洁"], form, actor="sup1")
    assert get_item(s, items["助洁"]).prices["C"] == (2800, 0)
    entry = s.scalars(
        select(AuditEntry).where(AuditEntry.entity == "service_item", AuditEntry.action == "update")
    ).one()
    assert entry.detail["changed"]["market_price_fen"] == [3000, 3500]
    with pytest.raises(NotFound):
        update_item(s, 999, form, actor="sup1")


def test_item_changes_are_announced_refusals_are_not(
    db: Database, s: Session, cats: dict[str, int]
) -> None:
    heard = Announced(db)
    item_id = make_item(s, cats["LC"], "LC001", "助洁", market_price_fen=3000)
    form = get_item(s, item_id).to_input()
    form.market_price_fen = 3500
    form.prices = None
    update_item(s, item_id, form, actor="sup1")
    assert [(c.topic_name, c.kind_name, c.ids) for c in heard.changes] == [
        ("catalogue.changed", "item", (item_id,))
    ] * 2

    heard = Announced(db)
    with pytest.raises(ValidationError):
        make_item(s, cats["LC"], "LC001", "又一个助洁")  # the code is taken
    bad = get_item(s, item_id).to_input()
    bad.market_price_fen = -1
    with pytest.raises(ValidationError):
        update_item(s, item_id, bad, actor="sup1")
    update_item(s, item_id, get_item(s, item_id).to_input(), actor="sup1")  # nothing changed
    assert heard.topics() == []


def test_a_save_on_a_stale_copy_names_who_saved_and_keeps_the_item(
    db: Database, s: Session, cats: dict[str, int]
) -> None:
    item_id = make_item(s, cats["LC"], "LC001", "助洁", market_price_fen=3000)
    wang = User(username="wangq", display_name="王强", role="supervisor", password_hash="-")
    s.add(wang)
    s.commit()
    with db.sessions() as a, db.sessions() as b:
        shown_a, shown_b = get_item(a, item_id), get_item(b, item_id)
        assert shown_a.version == shown_b.version == 1
        form_b = shown_b.to_input()
        form_b.market_price_fen = 3500
        form_b.prices = None
        update_item(
            b, item_id, form_b, actor="wangq", user_id=wang.id, expected_version=shown_b.version
        )
        form_a = shown_a.to_input()
        form_a.name = "助洁（家政）"
        with pytest.raises(Conflict) as err:
            update_item(a, item_id, form_a, actor="sup1", expected_version=shown_a.version)
    assert "助洁 was changed by 王强 at " in err.value.message
    assert err.value.message.endswith(" — reload it.")
    stored = get_item(s, item_id)
    assert (stored.name, stored.market_price_fen, stored.version) == ("助洁", 3500, 2)
    # Reloaded and saved again from the fresh copy, it goes through.
    form_a.market_price_fen = stored.market_price_fen
    update_item(s, item_id, form_a, actor="sup1", expected_version=stored.version)
    assert get_item(s, item_id).version == 3
    # Callers that pass no version still bump it.
    form_a.unit = "小时"
    update_item(s, item_id, form_a, actor="sup1")
    s.expire_all()
    assert s.get(ServiceItem, item_id).version == 4
