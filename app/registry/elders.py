"""The elder register: search, read, validate, create, edit, change status."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

import phonenumbers
from sqlalchemy import ColumnElement, Row, Select, false, func, or_, select, union
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.errors import FieldError, NotFound, ValidationError
from app.feed import announce
from app.feed.topics import ElderChanged
from app.idcard import mask_id_number
from app.phones import lookup_key
from app.pinyin import initials
from app.registry import GROUP_MIN_AGE, MAX_AGE, age_on, rules, today
from app.registry._checks import Problems, clean, contains, phone_display, prefix
from app.registry.areas import area_refs
from app.registry.firms import stale_record
from db.models import (
    CARE_LEVELS,
    ELDER_STATUSES,
    PHONE_KINDS,
    SEXES,
    SPECIAL_GROUPS,
    SUBSIDY_CATEGORIES,
    Area,
    Device,
    Elder,
    ElderGroup,
    ElderPhone,
    EmergencyContact,
    Firm,
    utcnow,
)

# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class ElderRow:
    """One line of the elder list."""

    id: int
    name: str
    sex: str
    age: int
    id_number_masked: str
    phone: str  # display form of the first phone, "" if none
    community: str
    address: str
    subsidy_category: str
    care_level: str
    status: str
    groups: tuple[str, ...]  # in SPECIAL_GROUPS order
    community_id: int = 0


@dataclass
class PhoneInput:
    kind: str = "mobile"
    number: str = ""


@dataclass
class ContactInput:
    name: str = ""
    relation: str = ""
    phone: str = ""


@dataclass
class ElderInput:
    """What the elder form holds; ``birth_date``/``sex`` left empty are taken from the ID."""

    name: str = ""
    sex: str = ""
    id_number: str = ""
    birth_date: date | None = None
    community_id: int | None = None
    address: str = ""
    building: str = ""
    unit: str = ""
    floor: str = ""
    door: str = ""
    subsidy_category: str = "C"
    care_level: str = "independent"
    status: str = "active"
    phones: list[PhoneInput] = field(default_factory=list)
    contacts: list[ContactInput] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    medical_notes: str = ""
    allergies: str = ""
    medicines: str = ""
    preferred_firm_id: int | None = None
    daily_checkin: bool = False
    checkin_hour: int | None = None
    enrolled_on: date | None = None  # None: today


class PhoneView(NamedTuple):
    id: int
    kind: str
    display: str
    number_norm: str


class ContactView(NamedTuple):
    position: int  # 1 = the first to call
    name: str
    relation: str
    phone: str  # display form


class DeviceView(NamedTuple):
    account: str
    kind: str
    model: str
    last_test_at: datetime | None
    battery_low: bool
    mains_lost: bool
    status: str


@dataclass(frozen=True)
class ElderDetail:
    id: int
    version: int
    name: str
    sex: str
    id_number: str
    id_number_masked: str
    birth_date: date
    age: int
    community_id: int
    community: str
    community_path: str
    address: str
    building: str
    unit: str
    floor: str
    door: str
    subsidy_category: str
    care_level: str
    status: str
    phones: tuple[PhoneView, ...]
    contacts: tuple[ContactView, ...]
    groups: frozenset[str]
    medical_notes: str
    allergies: str
    medicines: str
    preferred_firm_id: int | None
    preferred_firm_name: str
    daily_checkin: bool
    checkin_hour: int | None
    enrolled_on: date
    devices: tuple[DeviceView, ...]
    created_at: datetime
    updated_at: datetime

    def to_input(self) -> ElderInput:
        """The form's starting point for an edit."""
        return ElderInput(
            name=self.name,
            sex=self.sex,
            id_number=self.id_number,
            birth_date=self.birth_date,
            community_id=self.community_id,
            address=self.address,
            building=self.building,
            unit=self.unit,
            floor=self.floor,
            door=self.door,
            subsidy_category=self.subsidy_category,
            care_level=self.care_level,
            status=self.status,
            phones=[PhoneInput(p.kind, p.display) for p in self.phones],
            contacts=[ContactInput(c.name, c.relation, c.phone) for c in self.contacts],
            groups=set(self.groups),
            medical_notes=self.medical_notes,
            allergies=self.allergies,
            medicines=self.medicines,
            preferred_firm_id=self.preferred_firm_id,
            daily_checkin=self.daily_checkin,
            checkin_hour=self.checkin_hour,
            enrolled_on=self.enrolled_on,
        )


# ----------------------------------------------------------------------------- search

_SEPARATORS = re.compile(r"[\s\-()（）.]+")
_ID_NUMBER = re.compile(r"\d{17}[\dX]")


def _is_whole_number(e164: str | None) -> bool:
    return e164 is not None and phonenumbers.is_valid_number(phonenumbers.parse(e164))


def _digits_condition(term: str, compact: str, area_code: str) -> ColumnElement[bool]:
    """A query of digits: a phone number, or part of an ID number.

    Each reading is its own SELECT of elder ids, joined by UNION, so each uses its own
    index; an OR in one WHERE would make SQLite scan the whole table for all of them.
    Suffix readings need a scan, so they are tried only when the digits are no whole
    phone number and are as short as what people quote (the last 6-8 digits).
    """
    other = aliased(Elder)
    digits = compact.lstrip("+")
    arms: list[Select[tuple[int]]] = []
    key = lookup_key(term, default_area_code=area_code) if digits.isdigit() else None
    whole = _is_whole_number(key)
    if key:
        arms.append(select(ElderPhone.elder_id).where(ElderPhone.number_norm == key))
    if compact.startswith("+"):
        pass  # written as an international number: no ID reading
    elif digits.isdigit():
        if len(digits) >= 6:
            arms.append(select(other.id).where(prefix(other.id_number, digits)))
        if not whole and 6 <= len(digits) <= 8:
            arms.append(select(other.id).where(other.id_number.like(f"%{digits}")))
        if not whole and 7 <= len(digits) <= 8:
            # The end of a mobile number ("0013 8000" read off a card).
            arms.append(
                select(ElderPhone.elder_id).where(ElderPhone.number_norm.like(f"%{digits}"))
            )
    elif len(digits) >= 6:
        # Ends in X: the end of an ID number.
        arms.append(select(other.id).where(other.id_number.like(f"%{digits}")))
    if not arms:
        return false()
    return Elder.id.in_(arms[0] if len(arms) == 1 else union(*arms))


def _term_condition(term: str, area_code: str) -> ColumnElement[bool]:
    compact = _SEPARATORS.sub("", term).upper()
    if _ID_NUMBER.fullmatch(compact):
        return Elder.id_number == compact
    if re.fullmatch(r"\+?\d+X?", compact):
        return _digits_condition(term, compact, area_code)
    if re.fullmatch(r"[A-Za-z]+", term):
        return prefix(Elder.name_initials, term.lower())
    # No index serves a fragment: this scans the table (tens of ms at 200,000 elders).
    return or_(contains(Elder.name, term), contains(Elder.address, term))


def _conditions(
    query: str, status: str | None, community_id: int | None, area_code: str
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    q = clean(query)
    if q:
        # A phone number is often written with spaces ("138 0013 8000"): a query of digits
        # and separators is one number; anything else is words that must all match.
        if re.fullmatch(r"\+?[\d\s\-()（）.]+[Xx]?", q):
            conds.append(_term_condition(q, area_code))
        else:
            conds.extend(_term_condition(t, area_code) for t in q.split())
    if status:
        conds.append(Elder.status == status)
    if community_id is not None:
        conds.append(Elder.community_id == community_id)
    return conds


# What a list line needs from the elders table; phones, groups and community names are
# fetched for the page in one query each.
_ROW_COLUMNS = (
    Elder.id,
    Elder.name,
    Elder.sex,
    Elder.birth_date,
    Elder.id_number,
    Elder.community_id,
    Elder.address,
    Elder.subsidy_category,
    Elder.care_level,
    Elder.status,
)


def search_elders(
    session: Session,
    query: str = "",
    *,
    status: str | None = None,
    community_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[ElderRow]:
    """Elders matching ``query``, by name then id (stable for paging).

    The query is read as: an 18-character ID number (exact); a phone number in any written
    form (exact on the normal form, a local number taking the centre's area code); 6 or
    more digits also as the start of an ID number; 6-8 digits that are no whole phone
    number also as the end of an ID number, 7-8 also as the end of a phone number; ASCII
    letters as pinyin initials ("zs" finds 张三); anything else as part of the name or
    the address. Words separated by spaces must all match.
    """
    conds = _conditions(query, status, community_id, rules(session).area_code)
    rows = session.execute(
        select(*_ROW_COLUMNS)
        .where(*conds)
        .order_by(Elder.name, Elder.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return _rows(session, rows)


def count_elders(
    session: Session,
    query: str = "",
    *,
    status: str | None = None,
    community_id: int | None = None,
) -> int:
    conds = _conditions(query, status, community_id, rules(session).area_code)
    return session.execute(select(func.count()).select_from(Elder).where(*conds)).scalar_one()


def elder_rows(session: Session, elder_ids: list[int]) -> list[ElderRow]:
    """List lines for known ids, in the order given (for views refreshing changed rows)."""
    if not elder_ids:
        return []
    rows = session.execute(select(*_ROW_COLUMNS).where(Elder.id.in_(elder_ids))).all()
    order = {eid: i for i, eid in enumerate(elder_ids)}
    return _rows(session, sorted(rows, key=lambda r: order[r.id]))


def _rows(session: Session, rows: Sequence[Row[Any]]) -> list[ElderRow]:
    """Fill in first phone, groups and community names for one page: three queries in all."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    first_phone: dict[int, str] = {}
    for elder_id, norm in session.execute(
        select(ElderPhone.elder_id, ElderPhone.number_norm)
        .where(ElderPhone.elder_id.in_(ids))
        .order_by(ElderPhone.elder_id, ElderPhone.id)
    ):
        first_phone.setdefault(elder_id, norm)
    groups: dict[int, set[str]] = {}
    for elder_id, group in session.execute(
        select(ElderGroup.elder_id, ElderGroup.group).where(ElderGroup.elder_id.in_(ids))
    ):
        groups.setdefault(elder_id, set()).add(group)
    community_ids = {r.community_id for r in rows}
    names: dict[int, str] = {
        area_id: name
        for area_id, name in session.execute(
            select(Area.id, Area.name).where(Area.id.in_(community_ids))
        )
    }
    on = today()
    return [
        ElderRow(
            id=r.id,
            name=r.name,
            sex=r.sex,
            age=age_on(r.birth_date, on),
            id_number_masked=mask_id_number(r.id_number),
            phone=phone_display(first_phone.get(r.id, "")),
            community=names.get(r.community_id, ""),
            address=r.address,
            subsidy_category=r.subsidy_category,
            care_level=r.care_level,
            status=r.status,
            groups=_ordered_groups(groups.get(r.id, set())),
            community_id=r.community_id,
        )
        for r in rows
    ]


def _ordered_groups(groups: set[str] | frozenset[str]) -> tuple[str, ...]:
    known = [g for g in SPECIAL_GROUPS if g in groups]
    return tuple(known + sorted(g for g in groups if g not in SPECIAL_GROUPS))


# ----------------------------------------------------------------------------- read


def _load(session: Session, elder_id: int) -> Elder:
    # populate_existing: the session may hold an older copy (expire_on_commit is off),
    # and the version check must see what is stored now.
    elder = session.get(Elder, elder_id, populate_existing=True)
    if elder is None:
        raise NotFound(f"Elder #{elder_id} does not exist.")
    return elder


def get_elder(session: Session, elder_id: int) -> ElderDetail:
    elder = _load(session, elder_id)
    community = area_refs(session, {elder.community_id}).get(elder.community_id)
    firm_name = ""
    if elder.preferred_firm_id is not None:
        firm = session.get(Firm, elder.preferred_firm_id)
        firm_name = firm.name if firm else ""
    devices = session.scalars(
        select(Device).where(Device.elder_id == elder.id).order_by(Device.account)
    ).all()
    return ElderDetail(
        id=elder.id,
        version=elder.version,
        name=elder.name,
        sex=elder.sex,
        id_number=elder.id_number,
        id_number_masked=mask_id_number(elder.id_number),
        birth_date=elder.birth_date,
        age=age_on(elder.birth_date, today()),
        community_id=elder.community_id,
        community=community.name if community else "",
        community_path=community.path if community else "",
        address=elder.address,
        building=elder.building,
        unit=elder.unit,
        floor=elder.floor,
        door=elder.door,
        subsidy_category=elder.subsidy_category,
        care_level=elder.care_level,
        status=elder.status,
        phones=tuple(
            PhoneView(p.id, p.kind, phone_display(p.number_norm), p.number_norm)
            for p in elder.phones
        ),
        contacts=tuple(
            ContactView(c.position, c.name, c.relation, phone_display(c.phone_norm))
            for c in sorted(elder.contacts, key=lambda c: c.position)
        ),
        groups=frozenset(g.group for g in elder.groups),
        medical_notes=elder.medical_notes,
        allergies=elder.allergies,
        medicines=elder.medicines,
        preferred_firm_id=elder.preferred_firm_id,
        preferred_firm_name=firm_name,
        daily_checkin=elder.daily_checkin,
        checkin_hour=elder.checkin_hour,
        enrolled_on=elder.enrolled_on,
        devices=tuple(
            DeviceView(
                d.account, d.kind, d.model, d.last_test_at, d.battery_low, d.mains_lost, d.status
            )
            for d in devices
        ),
        created_at=elder.created_at,
        updated_at=elder.updated_at,
    )


# ----------------------------------------------------------------------------- validation


@dataclass
class _Clean:
    """The input as it will be stored."""

    name: str = ""
    sex: str = ""
    id_number: str = ""
    birth_date: date | None = None
    community_id: int | None = None
    address: str = ""
    building: str = ""
    unit: str = ""
    floor: str = ""
    door: str = ""
    subsidy_category: str = ""
    care_level: str = ""
    status: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (kind, e164)
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # name, relation, e164
    groups: set[str] = field(default_factory=set)
    medical_notes: str = ""
    allergies: str = ""
    medicines: str = ""
    preferred_firm_id: int | None = None
    daily_checkin: bool = False
    checkin_hour: int | None = None
    enrolled_on: date | None = None

    def snapshot(self) -> dict[str, object]:
        return {
            "name": self.name,
            "sex": self.sex,
            "id_number": self.id_number,
            "birth_date": self.birth_date,
            "community_id": self.community_id,
            "address": self.address,
            "building": self.building,
            "unit": self.unit,
            "floor": self.floor,
            "door": self.door,
            "subsidy_category": self.subsidy_category,
            "care_level": self.care_level,
            "status": self.status,
            "phones": [list(p) for p in self.phones],
            "contacts": [list(c) for c in self.contacts],
            "groups": sorted(self.groups),
            "medical_notes": self.medical_notes,
            "allergies": self.allergies,
            "medicines": self.medicines,
            "preferred_firm_id": self.preferred_firm_id,
            "daily_checkin": self.daily_checkin,
            "checkin_hour": self.checkin_hour,
            "enrolled_on": self.enrolled_on,
        }


def _stored(elder: Elder) -> _Clean:
    return _Clean(
        name=elder.name,
        sex=elder.sex,
        id_number=elder.id_number,
        birth_date=elder.birth_date,
        community_id=elder.community_id,
        address=elder.address,
        building=elder.building,
        unit=elder.unit,
        floor=elder.floor,
        door=elder.door,
        subsidy_category=elder.subsidy_category,
        care_level=elder.care_level,
        status=elder.status,
        phones=[(p.kind, p.number_norm) for p in elder.phones],
        contacts=[
            (c.name, c.relation, c.phone_norm)
            for c in sorted(elder.contacts, key=lambda c: c.position)
        ],
        groups={g.group for g in elder.groups},
        medical_notes=elder.medical_notes,
        allergies=elder.allergies,
        medicines=elder.medicines,
        preferred_firm_id=elder.preferred_firm_id,
        daily_checkin=elder.daily_checkin,
        checkin_hour=elder.checkin_hour,
        enrolled_on=elder.enrolled_on,
    )


def _check(
    session: Session,
    data: ElderInput,
    elder_id: int | None,
    *,
    stored_enrolled_on: date | None = None,
) -> tuple[Problems, _Clean]:
    centre = rules(session)
    p = Problems(centre.area_code)
    c = _Clean()
    on = today()

    c.name = p.text("name", data.name, "Name", max_len=40, required=True)

    parsed = p.id_number("id_number", data.id_number)
    sex = clean(data.sex).upper()
    if parsed:
        c.id_number, id_born, id_sex = parsed
        if data.birth_date is not None and data.birth_date != id_born:
            p.add(
                "birth_date",
                "id_birth_mismatch",
                f"Birth date {data.birth_date:%Y-%m-%d} does not match the ID number, "
                f"which says {id_born:%Y-%m-%d}.",
                birth_date=data.birth_date.isoformat(),
                id_birth_date=id_born.isoformat(),
            )
        c.birth_date = id_born
        if sex and sex in SEXES and sex != id_sex:
            p.add(
                "sex",
                "id_sex_mismatch",
                f"Sex {'male' if sex == 'M' else 'female'} does not match the ID number, "
                f"whose 17th digit says {'male' if id_sex == 'M' else 'female'}.",
                sex=sex,
                id_sex=id_sex,
            )
        c.sex = sex or id_sex
        _check_duplicate_id(session, p, c.id_number, elder_id)
    else:
        c.birth_date = data.birth_date
        c.sex = sex
    # Left empty, sex is read from the ID number; if that is wrong, its error says so.
    if sex:
        p.choice("sex", sex, "Sex", SEXES)

    # Age rules are reported where the date came from: the birth date field if the user
    # typed one, else the ID number it was read from.
    age_field = "birth_date" if data.birth_date is not None else "id_number"
    # An edit that leaves the date empty keeps the one on record.
    c.enrolled_on = data.enrolled_on or stored_enrolled_on or on
    if c.birth_date is not None:
        age = age_on(c.birth_date, on)
        if c.birth_date > on:
            p.add(
                age_field,
                "too_young",
                f"Birth date {c.birth_date:%Y-%m-%d} is in the future.",
                birth_date=c.birth_date.isoformat(),
            )
        elif age > MAX_AGE:
            p.add(
                age_field,
                "too_old",
                f"Birth date {c.birth_date:%Y-%m-%d} makes the elder {age} years old; "
                f"more than {MAX_AGE} is surely a typing error.",
                birth_date=c.birth_date.isoformat(),
                age=age,
                max=MAX_AGE,
            )
        elif elder_id is None:
            enrol_age = age_on(c.birth_date, c.enrolled_on)
            if enrol_age < centre.enrol_min_age:
                p.add(
                    age_field,
                    "enrol_age",
                    f"Elders are registered from age {centre.enrol_min_age}; born "
                    f"{c.birth_date:%Y-%m-%d}, this person is {enrol_age} on "
                    f"{c.enrolled_on:%Y-%m-%d}.",
                    age=enrol_age,
                    min=centre.enrol_min_age,
                    birth_date=c.birth_date.isoformat(),
                )
        for group, min_age in GROUP_MIN_AGE.items():
            if group in data.groups and 0 <= age < min_age:
                p.add(
                    "groups",
                    "group_age",
                    f"Group '{group}' is for elders aged {min_age} and over; this elder is {age}.",
                    group=group,
                    min=min_age,
                    age=age,
                )
        if data.enrolled_on is not None and data.enrolled_on < c.birth_date:
            p.add(
                "enrolled_on",
                "date_order",
                f"Enrolment date {data.enrolled_on:%Y-%m-%d} is before the birth date "
                f"{c.birth_date:%Y-%m-%d}.",
                first=c.birth_date.isoformat(),
                then=data.enrolled_on.isoformat(),
            )
    if data.enrolled_on is not None and data.enrolled_on > on:
        p.add(
            "enrolled_on",
            "date_future",
            f"Enrolment date {data.enrolled_on:%Y-%m-%d} is in the future.",
            date=data.enrolled_on.isoformat(),
        )

    c.community_id = data.community_id
    if data.community_id is None:
        p.add("community_id", "required", "Community is required.", label="Community")
    else:
        level = session.scalar(select(Area.level).where(Area.id == data.community_id))
        if level != "community":
            p.add(
                "community_id",
                "unknown_community",
                f"Area #{data.community_id} is not a community on the register."
                if level is None
                else f"Area #{data.community_id} is a {level}; choose a community within it.",
                area_id=data.community_id,
                level=level or "",
            )

    c.address = p.text("address", data.address, "Address", max_len=200, required=True)
    c.building = p.text("building", data.building, "Building", max_len=20)
    c.unit = p.text("unit", data.unit, "Unit", max_len=20)
    c.floor = p.text("floor", data.floor, "Floor", max_len=10)
    c.door = p.text("door", data.door, "Door", max_len=20)
    c.subsidy_category = p.choice(
        "subsidy_category", data.subsidy_category, "Subsidy category", SUBSIDY_CATEGORIES
    )
    c.care_level = p.choice("care_level", data.care_level, "Care level", CARE_LEVELS)
    c.status = p.choice("status", data.status, "Status", ELDER_STATUSES)

    _check_phones(p, c, data.phones)
    _check_contacts(p, c, data.contacts)

    c.groups = set(data.groups)
    unknown = sorted(g for g in data.groups if g not in SPECIAL_GROUPS)
    if unknown:
        p.add(
            "groups",
            "invalid_choice",
            f"Unknown special group {', '.join(unknown)}.",
            value=", ".join(unknown),
            allowed=", ".join(SPECIAL_GROUPS),
        )

    c.medical_notes = p.text("medical_notes", data.medical_notes, "Medical notes", max_len=4000)
    c.allergies = p.text("allergies", data.allergies, "Allergies", max_len=200)
    c.medicines = p.text("medicines", data.medicines, "Medicines", max_len=400)

    c.preferred_firm_id = data.preferred_firm_id
    if data.preferred_firm_id is not None:
        status = session.scalar(select(Firm.status).where(Firm.id == data.preferred_firm_id))
        if status is None:
            p.add(
                "preferred_firm_id",
                "unknown_firm",
                f"Firm #{data.preferred_firm_id} does not exist.",
                firm_id=data.preferred_firm_id,
            )
        elif status == "exited":
            p.add(
                "preferred_firm_id",
                "firm_exited",
                "The preferred firm has exited the network and can take no orders.",
                firm_id=data.preferred_firm_id,
            )

    c.daily_checkin = bool(data.daily_checkin)
    c.checkin_hour = data.checkin_hour
    if data.checkin_hour is not None and not 0 <= data.checkin_hour <= 23:
        p.add(
            "checkin_hour",
            "out_of_range",
            f"Check-in hour {data.checkin_hour} must be between 0 and 23.",
            value=data.checkin_hour,
            min=0,
            max=23,
        )
    elif data.daily_checkin and data.checkin_hour is None:
        p.add(
            "checkin_hour",
            "required",
            "Daily check-in needs the hour of the call.",
            label="Check-in hour",
        )
    return p, c


def _check_duplicate_id(session: Session, p: Problems, number: str, elder_id: int | None) -> None:
    stmt = select(Elder.id, Elder.name).where(Elder.id_number == number)
    if elder_id is not None:
        stmt = stmt.where(Elder.id != elder_id)
    other = session.execute(stmt.limit(1)).first()
    if other is not None:
        p.add(
            "id_number",
            "id_duplicate",
            f"ID number {number} is already registered, for {other.name} (elder #{other.id}).",
            number=number,
            other_id=other.id,
            other_name=other.name,
        )


def _check_phones(p: Problems, c: _Clean, phones: list[PhoneInput]) -> None:
    if not phones:
        p.add("phones", "required", "At least one phone number is required.", label="Phones")
    seen: dict[str, int] = {}
    for i, ph in enumerate(phones):
        p.choice(f"phones[{i}].kind", ph.kind, f"Phone {i + 1} kind", PHONE_KINDS)
        e164 = p.phone(f"phones[{i}].number", ph.number, f"Phone {i + 1}")
        if e164 is None:
            continue
        if e164 in seen:
            p.add(
                f"phones[{i}].number",
                "phone_repeated",
                f"Phone {i + 1} is the same number as phone {seen[e164] + 1}.",
                number=phone_display(e164),
                other=seen[e164] + 1,
            )
            continue
        seen[e164] = i
        c.phones.append((ph.kind, e164))


def _check_contacts(p: Problems, c: _Clean, contacts: list[ContactInput]) -> None:
    for i, ct in enumerate(contacts):
        label = f"Contact {i + 1}"
        name = p.text(f"contacts[{i}].name", ct.name, f"{label} name", max_len=40, required=True)
        relation = p.text(f"contacts[{i}].relation", ct.relation, f"{label} relation", max_len=20)
        e164 = p.phone(f"contacts[{i}].phone", ct.phone, f"{label} phone")
        if e164 is not None:
            c.contacts.append((name, relation, e164))


def validate_elder(
    session: Session, data: ElderInput, *, elder_id: int | None = None
) -> list[FieldError]:
    """Every problem with ``data``, as the form should show them; [] when it can be saved.

    ``elder_id`` is the record being edited (its own ID number is no duplicate, and the
    enrolment age applies to new registrations only).
    """
    return _check(session, data, elder_id)[0].errors


# ----------------------------------------------------------------------------- write


def _apply(session: Session, elder: Elder, c: _Clean) -> None:
    assert c.birth_date is not None and c.community_id is not None and c.enrolled_on
    elder.name = c.name
    elder.name_initials = initials(c.name)[:40]
    elder.sex = c.sex
    elder.birth_date = c.birth_date
    elder.id_number = c.id_number
    elder.community_id = c.community_id
    elder.address = c.address
    elder.building = c.building
    elder.unit = c.unit
    elder.floor = c.floor
    elder.door = c.door
    elder.subsidy_category = c.subsidy_category
    elder.care_level = c.care_level
    elder.status = c.status
    elder.medical_notes = c.medical_notes
    elder.allergies = c.allergies
    elder.medicines = c.medicines
    elder.preferred_firm_id = c.preferred_firm_id
    elder.daily_checkin = c.daily_checkin
    elder.checkin_hour = c.checkin_hour
    elder.enrolled_on = c.enrolled_on

    # Rows are reused by position so an unchanged list writes nothing and keeps its ids.
    phones = list(elder.phones)
    for i, (kind, e164) in enumerate(c.phones):
        if i < len(phones):
            row = phones[i]
        else:
            row = ElderPhone()
            elder.phones.append(row)
        row.kind, row.number, row.number_norm = kind, phone_display(e164), e164
    for row in phones[len(c.phones) :]:
        elder.phones.remove(row)

    contacts = sorted(elder.contacts, key=lambda r: r.position)
    for i, (name, relation, e164) in enumerate(c.contacts):
        if i < len(contacts):
            crow = contacts[i]
        else:
            crow = EmergencyContact()
            elder.contacts.append(crow)
        crow.position = i + 1
        crow.name, crow.relation = name, relation
        crow.phone, crow.phone_norm = phone_display(e164), e164
    for crow in contacts[len(c.contacts) :]:
        elder.contacts.remove(crow)

    have = {g.group: g for g in elder.groups}
    for group in sorted(c.groups - have.keys()):
        elder.groups.append(ElderGroup(group=group))
    for group in have.keys() - c.groups:
        elder.groups.remove(have[group])


def _duplicate_after_race(session: Session, number: str, elder_id: int | None) -> ValidationError:
    """The unique index caught a duplicate saved by another seat after our check."""
    p = Problems()
    _check_duplicate_id(session, p, number, elder_id)
    if not p:
        p.add("id_number", "id_duplicate", f"ID number {number} is already registered.")
    return ValidationError(p.errors)


def create_elder(
    session: Session, data: ElderInput, *, actor: str, user_id: int | None = None
) -> int:
    """Register a new elder; returns the new id. Raises ValidationError listing every problem."""
    p, c = _check(session, data, None)
    p.raise_if_any()
    elder = Elder()
    _apply(session, elder, c)
    session.add(elder)
    try:
        session.flush()
        audit.record(
            session,
            actor=actor,
            user_id=user_id,
            action="create",
            entity="elder",
            entity_id=elder.id,
            detail=c.snapshot(),
        )
        announce(session, ElderChanged(ids=(elder.id,)))
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _duplicate_after_race(session, c.id_number, None) from None
    return elder.id


def update_elder(
    session: Session,
    elder_id: int,
    data: ElderInput,
    *,
    expected_version: int,
    actor: str,
    user_id: int | None = None,
) -> None:
    """Save an edit made on the record as it was at ``expected_version``.

    Raises Conflict when another seat saved the elder since (the form should reload),
    ValidationError with every problem, NotFound if the elder is gone.
    """
    elder = _load(session, elder_id)
    if elder.version != expected_version:
        name, saved_at = elder.name, elder.updated_at
        session.rollback()
        raise stale_record(session, "elder", elder_id, f"{name}'s record", saved_at=saved_at)
    p, c = _check(session, data, elder_id, stored_enrolled_on=elder.enrolled_on)
    p.raise_if_any()
    before = _stored(elder).snapshot()
    _apply(session, elder, c)
    changed = audit.changes(before, c.snapshot())
    if not changed:
        session.rollback()
        return
    # Touching the row also makes an edit of only phones or contacts bump the version.
    elder.updated_at = utcnow()
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="update",
        entity="elder",
        entity_id=elder.id,
        detail={"changed": changed},
    )
    announce(session, ElderChanged(ids=(elder.id,)))
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise stale_record(session, "elder", elder_id, f"{c.name}'s record") from None
    except IntegrityError:
        session.rollback()
        raise _duplicate_after_race(session, c.id_number, elder_id) from None


def set_elder_status(
    session: Session,
    elder_id: int,
    status: str,
    *,
    actor: str,
    reason: str = "",
    user_id: int | None = None,
) -> None:
    """Suspend, reactivate, or record a death or a move; the reason goes to the audit log."""
    p = Problems()
    p.choice("status", status, "Status", ELDER_STATUSES)
    p.text("reason", reason, "Reason", max_len=400)
    p.raise_if_any()
    elder = _load(session, elder_id)
    if elder.status == status:
        session.rollback()
        return
    old, name = elder.status, elder.name
    elder.status = status
    elder.updated_at = utcnow()
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="set_status",
        entity="elder",
        entity_id=elder.id,
        detail={"changed": {"status": [old, status]}, "reason": reason.strip()},
    )
    announce(session, ElderChanged(ids=(elder.id,)))
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise stale_record(session, "elder", elder_id, f"{name}'s record") from None
