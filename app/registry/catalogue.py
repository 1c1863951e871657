"""The service catalogue: categories, items, and who pays what for each subsidy category.

Every save of an item bumps its ``version`` with one conditional UPDATE; an edit made on
a copy older than the stored item (``expected_version``) is refused with a ``Conflict``
naming who saved it and when, as is the second of two saves racing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import audit, settings
from app.errors import Conflict, FieldError, NotFound, ValidationError
from app.feed import announce
from app.feed.topics import CatalogueChanged
from app.pinyin import initials
from app.registry import DEFAULT_RULES, MEAL_HIGHER_AGE, MEAL_MIN_AGE, Rules, rules
from app.registry._checks import Problems, clean, contains, prefix
from db.models import (
    SUBSIDY_CATEGORIES,
    AuditEntry,
    ItemPrice,
    ServiceCategory,
    ServiceItem,
    User,
)

# Items of this kind are lunches: their subsidy depends on the elder's age (meal_split).
MEAL_KIND = "meal"

# ----------------------------------------------------------------------------- subsidy rules


def _percent_half_up(amount_fen: int, percent: int) -> int:
    # Integer arithmetic: exact, and half a fen rounds up as the finance office does.
    return (amount_fen * percent * 2 + 100) // 200


def default_prices(
    market_price_fen: int,
    kind: str = "other",
    *,
    c_discount_percent: int = DEFAULT_RULES.c_discount_percent,
) -> dict[str, tuple[int, int]]:
    """(elder pays, government pays) in fen per subsidy category, by the reference rules.

    A (三无) and D (重度残疾): the government pays all.
    B (重点优抚): the elder pays the market price per item; the 50-yuan monthly allowance
      (setting subsidy.b_monthly_allowance_fen) is deducted from the month's total at
      settlement, not per item, so it does not show here.
    C (普通): the elder pays 20 % below market (80 %, half a fen rounded up); nobody pays
      the difference, the firm grants it.
    Meals (kind "meal"): A and D as above; B and C are listed at the market price because
      the lunch subsidy depends on the elder's age, not on the category: see meal_split().
    """
    if market_price_fen < 0:
        raise ValueError(f"negative market price {market_price_fen}")
    market = market_price_fen
    full = (0, market)
    if kind == MEAL_KIND:
        return {"A": full, "B": (market, 0), "C": (market, 0), "D": full}
    return {
        "A": full,
        "B": (market, 0),
        "C": (_percent_half_up(market, 100 - c_discount_percent), 0),
        "D": full,
    }


def meal_subsidy_fen(age: int, *, rules: Rules = DEFAULT_RULES) -> int:
    """Government share of one lunch for an elder of ``age``: by default 900 fen at 65-74
    and 1000 fen from 75 (settings subsidy.meal_gov_*); none below 65."""
    if age >= MEAL_HIGHER_AGE:
        return rules.meal_gov_75_plus_fen
    if age >= MEAL_MIN_AGE:
        return rules.meal_gov_65_74_fen
    return 0


def meal_split(
    market_price_fen: int, subsidy_category: str, age: int, *, rules: Rules = DEFAULT_RULES
) -> tuple[int, int]:
    """(elder pays, government pays) for one meal: free for A and D; the others get the
    age subsidy, never more than the meal costs."""
    if subsidy_category in ("A", "D"):
        return 0, market_price_fen
    government = min(meal_subsidy_fen(age, rules=rules), market_price_fen)
    return market_price_fen - government, government


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class CategoryRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ItemRow:
    id: int
    code: str
    name: str
    category_code: str
    category_name: str
    unit: str
    market_price_fen: int
    time_limit_min: int
    kind: str
    active: bool
    standard: str
    category_id: int = 0


@dataclass
class ItemInput:
    code: str = ""
    name: str = ""
    category_id: int | None = None
    unit: str = "次"
    market_price_fen: int = 0
    time_limit_min: int = 120
    standard: str = ""
    kind: str = "other"
    active: bool = True
    # None: the reference rules (default_prices) at the market price.
    prices: dict[str, tuple[int, int]] | None = None


@dataclass(frozen=True)
class ItemDetail:
    id: int
    code: str
    name: str
    category_id: int
    category_code: str
    category_name: str
    unit: str
    market_price_fen: int
    time_limit_min: int
    kind: str
    active: bool
    standard: str
    prices: dict[str, tuple[int, int]]  # category -> (elder pays, government pays), fen
    # Pass it back to update_item: a save on a copy older than the stored item is refused.
    version: int = 0

    def to_input(self) -> ItemInput:
        return ItemInput(
            code=self.code,
            name=self.name,
            category_id=self.category_id,
            unit=self.unit,
            market_price_fen=self.market_price_fen,
            time_limit_min=self.time_limit_min,
            standard=self.standard,
            kind=self.kind,
            active=self.active,
            prices=dict(self.prices),
        )


# ----------------------------------------------------------------------------- read


def list_categories(session: Session) -> list[CategoryRow]:
    return [
        CategoryRow(r.id, r.code, r.name)
        for r in session.execute(
            select(ServiceCategory.id, ServiceCategory.code, ServiceCategory.name).order_by(
                ServiceCategory.code
            )
        )
    ]


_ITEM_COLUMNS = (
    ServiceItem.id,
    ServiceItem.code,
    ServiceItem.name,
    ServiceCategory.code.label("category_code"),
    ServiceCategory.name.label("category_name"),
    ServiceItem.unit,
    ServiceItem.market_price_fen,
    ServiceItem.time_limit_min,
    ServiceItem.kind,
    ServiceItem.active,
    ServiceItem.standard,
    ServiceItem.category_id,
)


def _query_condition(query: str) -> ColumnElement[bool] | None:
    q = clean(query)
    if not q:
        return None
    if re.fullmatch(r"[A-Za-z0-9\-]+", q):
        # Latin text is pinyin initials ("zc" 助餐) or the start of an item code.
        conds = [prefix(ServiceItem.code, code) for code in sorted({q, q.upper()})]
        if q.isalpha():
            conds.append(prefix(ServiceItem.name_initials, q.lower()))
        return or_(*conds)
    return contains(ServiceItem.name, q)


def search_items(
    session: Session,
    query: str = "",
    *,
    category_code: str | None = None,
    active_only: bool = True,
    limit: int = 200,
) -> list[ItemRow]:
    """Items by Chinese name fragment, pinyin initials or code prefix, in code order."""
    conds: list[ColumnElement[bool]] = []
    cond = _query_condition(query)
    if cond is not None:
        conds.append(cond)
    if category_code:
        conds.append(ServiceCategory.code == category_code)
    if active_only:
        conds.append(ServiceItem.active.is_(True))
    rows = session.execute(
        select(*_ITEM_COLUMNS)
        .join(ServiceCategory, ServiceCategory.id == ServiceItem.category_id)
        .where(*conds)
        .order_by(ServiceItem.code)
        .limit(limit)
    )
    return [ItemRow(**r._asdict()) for r in rows]


def get_item(session: Session, item_id: int) -> ItemDetail:
    row = session.execute(
        select(*_ITEM_COLUMNS, ServiceItem.version)
        .join(ServiceCategory, ServiceCategory.id == ServiceItem.category_id)
        .where(ServiceItem.id == item_id)
    ).first()
    if row is None:
        raise NotFound(f"Service item #{item_id} does not exist.")
    stored = {
        cat: (elder, gov)
        for cat, elder, gov in session.execute(
            select(
                ItemPrice.subsidy_category, ItemPrice.elder_pays_fen, ItemPrice.government_pays_fen
            ).where(ItemPrice.item_id == item_id)
        )
    }
    # A category without a stored price (an item imported without them) follows the rules.
    discount = rules(session).c_discount_percent
    prices = default_prices(row.market_price_fen, row.kind, c_discount_percent=discount) | stored
    return ItemDetail(prices=prices, **row._asdict())


def price_for(session: Session, item_id: int, subsidy_category: str) -> tuple[int, int]:
    """(elder pays, government pays) in fen for one unit of the item."""
    if subsidy_category not in SUBSIDY_CATEGORIES:
        p = Problems()
        p.choice("subsidy_category", subsidy_category, "Subsidy category", SUBSIDY_CATEGORIES)
        p.raise_if_any()
    stored = session.execute(
        select(ItemPrice.elder_pays_fen, ItemPrice.government_pays_fen).where(
            ItemPrice.item_id == item_id, ItemPrice.subsidy_category == subsidy_category
        )
    ).first()
    if stored is not None:
        return stored[0], stored[1]
    item = session.get(ServiceItem, item_id)
    if item is None:
        raise NotFound(f"Service item #{item_id} does not exist.")
    discount = rules(session).c_discount_percent
    return default_prices(item.market_price_fen, item.kind, c_discount_percent=discount)[
        subsidy_category
    ]


# ----------------------------------------------------------------------------- write


@dataclass
class _CleanItem:
    code: str = ""
    name: str = ""
    category_id: int = 0
    unit: str = ""
    market_price_fen: int = 0
    time_limit_min: int = 0
    standard: str = ""
    kind: str = ""
    active: bool = True
    prices: dict[str, tuple[int, int]] = field(default_factory=dict)

    def snapshot(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "category_id": self.category_id,
            "unit": self.unit,
            "market_price_fen": self.market_price_fen,
            "time_limit_min": self.time_limit_min,
            "standard": self.standard,
            "kind": self.kind,
            "active": self.active,
            "prices": {k: list(v) for k, v in sorted(self.prices.items())},
        }


def _is_int(value: object) -> bool:
    # bool is an int to Python, never to a price form.
    return isinstance(value, int) and not isinstance(value, bool)


def _money(p: Problems, field_name: str, value: object, label: str) -> int | None:
    if not _is_int(value):
        p.add(
            field_name,
            "not_integer",
            f"{label} must be a whole number of fen, not {value!r}.",
            label=label,
            value=value,
        )
        return None
    assert isinstance(value, int)
    if value < 0:
        p.add(
            field_name,
            "negative",
            f"{label} cannot be negative ({value} fen).",
            label=label,
            value=value,
        )
        return None
    return value


def _check_item(
    session: Session, data: ItemInput, item_id: int | None
) -> tuple[Problems, _CleanItem]:
    p = Problems()
    c = _CleanItem()
    c.code = p.text("code", clean(data.code), "Code", max_len=12, required=True)
    if c.code:
        stmt = select(ServiceItem.id, ServiceItem.name).where(ServiceItem.code == c.code)
        if item_id is not None:
            stmt = stmt.where(ServiceItem.id != item_id)
        other = session.execute(stmt.limit(1)).first()
        if other is not None:
            p.add(
                "code",
                "code_duplicate",
                f"Code {c.code} is already used by item {other.name}.",
                code=c.code,
                other_id=other.id,
                other_name=other.name,
            )
    c.name = p.text("name", data.name, "Name", max_len=60, required=True)
    if data.category_id is None:
        p.add("category_id", "required", "Category is required.", label="Category")
    elif session.get(ServiceCategory, data.category_id) is None:
        p.add(
            "category_id",
            "unknown_category",
            f"Category #{data.category_id} does not exist.",
            category_id=data.category_id,
        )
    else:
        c.category_id = data.category_id
    c.unit = p.text("unit", data.unit, "Unit", max_len=10, required=True)
    market = _money(p, "market_price_fen", data.market_price_fen, "Market price")
    c.market_price_fen = market or 0
    if not _is_int(data.time_limit_min) or data.time_limit_min <= 0:
        p.add(
            "time_limit_min",
            "out_of_range",
            f"Response time limit must be a whole number of minutes above 0, "
            f"not {data.time_limit_min!r}.",
            value=data.time_limit_min,
            min=1,
        )
    else:
        c.time_limit_min = data.time_limit_min
    c.standard = p.text("standard", data.standard, "Service standard", max_len=20000)
    c.kind = p.text("kind", data.kind, "Kind", max_len=20, required=True)
    c.active = bool(data.active)

    if data.prices is None:
        if market is not None:
            discount = rules(session).c_discount_percent
            c.prices = default_prices(market, c.kind, c_discount_percent=discount)
        return p, c
    unknown = sorted(k for k in data.prices if k not in SUBSIDY_CATEGORIES)
    if unknown:
        p.add(
            "prices",
            "invalid_choice",
            f"Unknown subsidy category {', '.join(unknown)}.",
            value=", ".join(unknown),
            allowed=", ".join(SUBSIDY_CATEGORIES),
        )
    for cat in SUBSIDY_CATEGORIES:
        pair = data.prices.get(cat)
        if pair is None:
            p.add(
                f"prices[{cat}]",
                "required",
                f"The price for category {cat} is missing.",
                category=cat,
            )
            continue
        elder = _money(p, f"prices[{cat}].elder_pays_fen", pair[0], f"Category {cat} elder share")
        gov = _money(
            p, f"prices[{cat}].government_pays_fen", pair[1], f"Category {cat} government share"
        )
        if elder is None or gov is None:
            continue
        if market is not None and elder + gov > market:
            p.add(
                f"prices[{cat}]",
                "price_over_market",
                f"Category {cat}: elder {elder} + government {gov} fen is more than the "
                f"market price {market} fen.",
                category=cat,
                elder=elder,
                government=gov,
                market=market,
            )
        c.prices[cat] = (elder, gov)
    return p, c


def validate_item(
    session: Session, data: ItemInput, *, item_id: int | None = None
) -> list[FieldError]:
    return _check_item(session, data, item_id)[0].errors


def _apply_item(item: ServiceItem, c: _CleanItem) -> None:
    item.code = c.code
    item.name = c.name
    item.name_initials = initials(c.name)[:60]
    item.category_id = c.category_id
    item.unit = c.unit
    item.market_price_fen = c.market_price_fen
    item.time_limit_min = c.time_limit_min
    item.standard = c.standard
    item.kind = c.kind
    item.active = c.active
    have = {pr.subsidy_category: pr for pr in item.prices}
    for cat, (elder, gov) in c.prices.items():
        row = have.get(cat)
        if row is None:
            item.prices.append(
                ItemPrice(subsidy_category=cat, elder_pays_fen=elder, government_pays_fen=gov)
            )
        else:
            row.elder_pays_fen, row.government_pays_fen = elder, gov


def _code_race(code: str) -> ValidationError:
    return ValidationError(
        [
            FieldError(
                "code",
                "code_duplicate",
                f"Code {code} was just used by another item.",
                {"code": code},
            )
        ]
    )


def create_item(
    session: Session, data: ItemInput, *, actor: str, user_id: int | None = None
) -> int:
    p, c = _check_item(session, data, None)
    p.raise_if_any()
    item = ServiceItem()
    _apply_item(item, c)
    session.add(item)
    try:
        session.flush()
        audit.record(
            session,
            actor=actor,
            user_id=user_id,
            action="create",
            entity="service_item",
            entity_id=item.id,
            detail=c.snapshot(),
        )
        announce(session, CatalogueChanged(ids=(item.id,)))
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _code_race(c.code) from None
    return item.id


def _stale_item(session: Session, item_id: int) -> Conflict:
    """The refusal of a stale save, naming the last save's author from the audit log."""
    name = session.scalar(select(ServiceItem.name).where(ServiceItem.id == item_id)) or (
        f"#{item_id}"
    )
    last = session.execute(
        select(AuditEntry.actor, AuditEntry.at, User.display_name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity == "service_item", AuditEntry.entity_id == item_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return Conflict(f"Service item {name} was changed by another seat — reload it.")
    zone = ZoneInfo(str(settings.get(session, "centre.timezone")))
    at = last.at.astimezone(zone).strftime("%H:%M")
    by = last.display_name or last.actor
    return Conflict(f"Service item {name} was changed by {by} at {at} — reload it.")


def update_item(
    session: Session,
    item_id: int,
    data: ItemInput,
    *,
    actor: str,
    user_id: int | None = None,
    expected_version: int | None = None,
) -> None:
    """Save an edit; ``expected_version`` is the version of the copy edited (ItemDetail's).

    Raises Conflict when the stored item is newer (or another save wins the race), so a
    form keeps what was typed, reloads and lets the user save again.
    """
    item = session.get(ServiceItem, item_id, populate_existing=True)
    if item is None:
        raise NotFound(f"Service item #{item_id} does not exist.")
    if expected_version is not None and item.version != expected_version:
        session.rollback()
        raise _stale_item(session, item_id)
    p, c = _check_item(session, data, item_id)
    p.raise_if_any()
    # The deciding write comes first (SQLite then waits for the lock on fresh data) and
    # before any of the item's own changes are flushed.
    read = item.version
    won = session.execute(
        update(ServiceItem)
        .where(ServiceItem.id == item_id, ServiceItem.version == read)
        .values(version=read + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        session.rollback()
        raise _stale_item(session, item_id)
    set_committed_value(item, "version", read + 1)
    before = _CleanItem(
        code=item.code,
        name=item.name,
        category_id=item.category_id,
        unit=item.unit,
        market_price_fen=item.market_price_fen,
        time_limit_min=item.time_limit_min,
        standard=item.standard,
        kind=item.kind,
        active=item.active,
        prices={
            pr.subsidy_category: (pr.elder_pays_fen, pr.government_pays_fen) for pr in item.prices
        },
    ).snapshot()
    _apply_item(item, c)
    changed = audit.changes(before, c.snapshot())
    if not changed:
        session.rollback()
        return
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="update",
        entity="service_item",
        entity_id=item.id,
        detail={"changed": changed},
    )
    announce(session, CatalogueChanged(ids=(item.id,)))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _code_race(c.code) from None
