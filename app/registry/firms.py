"""Contracted service firms (加盟企业): register, coverage, items, status, staff, routing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import audit, settings
from app.errors import Conflict, FieldError, NotFound, ValidationError
from app.feed import announce
from app.feed.topics import FirmChanged
from app.idcard import mask_id_number
from app.phones import lookup_key
from app.pinyin import initials
from app.registry import rules, today
from app.registry._checks import Problems, clean, contains, phone_display, prefix
from app.registry.areas import AreaRef, area_refs
from db.models import (
    FIRM_STATUSES,
    SEXES,
    Area,
    AuditEntry,
    Firm,
    FirmArea,
    FirmItem,
    ServiceItem,
    Staff,
    User,
)

# ----------------------------------------------------------------------------- licence

# GB 32100-2015 unified social credit code (统一社会信用代码), on every licence since 2015:
# 18 characters from this alphabet (no I, O, S, V, Z), the last a MOD 31 check character.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    """The check character of a unified social credit code (for demo data and tests too)."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def _check_licence(p: Problems, raw: str) -> str:
    licence = "".join(clean(raw).split()).upper()
    if not licence:
        p.add("licence_no", "required", "Licence number is required.", label="Licence number")
        return licence
    if len(licence) > 30:
        p.add(
            "licence_no",
            "too_long",
            f"Licence number is too long: {len(licence)} characters, at most 30.",
            label="Licence number",
            length=len(licence),
            max=30,
        )
        return licence
    if not re.fullmatch(r"[0-9A-Z\-]+", licence):
        p.add(
            "licence_no",
            "licence_chars",
            "Licence number may contain only digits, Latin capitals and '-'.",
            number=licence,
        )
        return licence
    # Older licences (15-digit registration numbers) are still seen; only the 18-character
    # unified code has a check character we can verify.
    if len(licence) == 18 and all(c in _USCC_ALPHABET for c in licence):
        expected = uscc_check_char(licence[:17])
        if licence[17] != expected:
            p.add(
                "licence_no",
                "licence_check_digit",
                f"Unified social credit code {licence}: the last character should be "
                f"{expected}, not {licence[17]}; a character was probably mistyped.",
                number=licence,
                expected=expected,
                got=licence[17],
            )
    return licence


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class StaffRow:
    id: int
    firm_id: int
    name: str
    sex: str
    phone: str  # display form
    role: str
    certificate: str
    certified_until: date | None
    active: bool
    id_number: str = ""
    id_number_masked: str = ""

    def to_input(self) -> StaffInput:
        return StaffInput(
            name=self.name,
            sex=self.sex,
            phone=self.phone,
            id_number=self.id_number,
            role=self.role,
            certificate=self.certificate,
            certified_until=self.certified_until,
            active=self.active,
        )


@dataclass
class StaffInput:
    name: str = ""
    sex: str = "F"
    phone: str = ""
    id_number: str = ""  # optional, checked when given
    role: str = ""
    certificate: str = ""
    certified_until: date | None = None
    active: bool = True


@dataclass(frozen=True)
class FirmRow:
    id: int
    name: str
    licence_no: str
    contact_name: str
    contact_phone: str  # display form
    status: str
    contract_start: date
    contract_end: date
    community_count: int
    item_count: int
    staff_count: int  # active staff


@dataclass
class FirmInput:
    name: str = ""
    licence_no: str = ""
    legal_rep: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    status: str = "active"
    notes: str = ""
    area_ids: set[int] = field(default_factory=set)  # communities covered
    item_ids: set[int] = field(default_factory=set)  # catalogue items offered


class ItemRef(NamedTuple):
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class FirmDetail:
    id: int
    name: str
    licence_no: str
    legal_rep: str
    contact_name: str
    contact_phone: str  # display form
    address: str
    contract_start: date
    contract_end: date
    status: str
    status_changed_on: date | None
    notes: str
    areas: tuple[AreaRef, ...]
    items: tuple[ItemRef, ...]
    staff: tuple[StaffRow, ...]
    created_at: datetime
    # What an edit passes back as ``expected_version`` (see update_firm).
    version: int = 1

    @property
    def area_ids(self) -> set[int]:
        return {a.id for a in self.areas}

    @property
    def item_ids(self) -> set[int]:
        return {i.id for i in self.items}

    def to_input(self) -> FirmInput:
        return FirmInput(
            name=self.name,
            licence_no=self.licence_no,
            legal_rep=self.legal_rep,
            contact_name=self.contact_name,
            contact_phone=self.contact_phone,
            address=self.address,
            contract_start=self.contract_start,
            contract_end=self.contract_end,
            status=self.status,
            notes=self.notes,
            area_ids=self.area_ids,
            item_ids=self.item_ids,
        )


# ----------------------------------------------------------------------------- read


def _firm_rows(
    session: Session, conds: list[ColumnElement[bool]], limit: int, offset: int
) -> list[FirmRow]:
    # Correlated counts: a centre has about a hundred firms, each count is an index probe.
    communities = select(func.count()).where(FirmArea.firm_id == Firm.id).scalar_subquery()
    items = select(func.count()).where(FirmItem.firm_id == Firm.id).scalar_subquery()
    staff = (
        select(func.count())
        .where(Staff.firm_id == Firm.id, Staff.active.is_(True))
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Firm.id,
            Firm.name,
            Firm.licence_no,
            Firm.contact_name,
            Firm.contact_phone_norm,
            Firm.status,
            Firm.contract_start,
            Firm.contract_end,
            communities,
            items,
            staff,
        )
        .where(*conds)
        .order_by(Firm.name, Firm.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [
        FirmRow(r[0], r[1], r[2], r[3], phone_display(r[4]), r[5], r[6], r[7], r[8], r[9], r[10])
        for r in rows
    ]


def _firm_conditions(query: str, status: str | None, area_code: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    q = clean(query)
    if q:
        compact = re.sub(r"[\s\-()]+", "", q)
        if re.fullmatch(r"[A-Za-z]+", q):
            conds.append(
                or_(prefix(Firm.name_initials, q.lower()), prefix(Firm.licence_no, q.upper()))
            )
        elif re.fullmatch(r"[0-9A-Za-z]+", compact) and any(ch.isdigit() for ch in compact):
            options = [prefix(Firm.licence_no, compact.upper())]
            key = lookup_key(q, default_area_code=area_code) if compact.isdigit() else None
            if key:
                options.append(Firm.contact_phone_norm == key)
            conds.append(or_(*options))
        else:
            conds.append(or_(contains(Firm.name, q), contains(Firm.address, q)))
    if status:
        conds.append(Firm.status == status)
    return conds


def search_firms(
    session: Session,
    query: str = "",
    *,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[FirmRow]:
    """Firms by name fragment, pinyin initials, licence number start or contact phone."""
    conds = _firm_conditions(query, status, rules(session).area_code)
    return _firm_rows(session, conds, limit, offset)


def count_firms(session: Session, query: str = "", *, status: str | None = None) -> int:
    conds = _firm_conditions(query, status, rules(session).area_code)
    return session.execute(select(func.count()).select_from(Firm).where(*conds)).scalar_one()


def _staff_row(s: Staff) -> StaffRow:
    return StaffRow(
        id=s.id,
        firm_id=s.firm_id,
        name=s.name,
        sex=s.sex,
        phone=phone_display(s.phone_norm) if s.phone_norm else s.phone,
        role=s.role,
        certificate=s.certificate,
        certified_until=s.certified_until,
        active=s.active,
        id_number=s.id_number or "",
        id_number_masked=mask_id_number(s.id_number) if s.id_number else "",
    )


def _load_firm(session: Session, firm_id: int) -> Firm:
    firm = session.get(Firm, firm_id, populate_existing=True)
    if firm is None:
        raise NotFound(f"Firm #{firm_id} does not exist.")
    return firm


def get_firm(session: Session, firm_id: int) -> FirmDetail:
    firm = _load_firm(session, firm_id)
    refs = area_refs(session, {a.area_id for a in firm.areas})
    areas = tuple(sorted(refs.values(), key=lambda a: (a.path, a.id)))
    items = tuple(
        ItemRef(r.id, r.code, r.name)
        for r in session.execute(
            select(ServiceItem.id, ServiceItem.code, ServiceItem.name)
            .where(ServiceItem.id.in_({i.item_id for i in firm.items}))
            .order_by(ServiceItem.code)
        )
    )
    return FirmDetail(
        id=firm.id,
        name=firm.name,
        licence_no=firm.licence_no,
        legal_rep=firm.legal_rep,
        contact_name=firm.contact_name,
        contact_phone=phone_display(firm.contact_phone_norm),
        address=firm.address,
        contract_start=firm.contract_start,
        contract_end=firm.contract_end,
        status=firm.status,
        status_changed_on=firm.status_changed_on,
        notes=firm.notes,
        areas=areas,
        items=items,
        staff=tuple(_staff_row(s) for s in firm.staff),
        created_at=firm.created_at,
        version=firm.version,
    )


def eligible_firms(session: Session, community_id: int, item_id: int, *, on: date) -> list[FirmRow]:
    """Firms an order may be routed to: active, under contract on ``on``, covering the
    community and offering the item. By name; the routing rule picks among them."""
    conds: list[ColumnElement[bool]] = [
        Firm.status == "active",
        Firm.contract_start <= on,
        Firm.contract_end >= on,
        Firm.id.in_(select(FirmArea.firm_id).where(FirmArea.area_id == community_id)),
        Firm.id.in_(select(FirmItem.firm_id).where(FirmItem.item_id == item_id)),
    ]
    return _firm_rows(session, conds, 1000, 0)


# ----------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class LastSave:
    """Who saved a record last and when, as the audit log has it."""

    by: str  # the user's name when the entry names a user, else the actor as recorded
    at: datetime


class StaleRecord(Conflict):
    """A save made on an older copy than the one stored. ``last`` is the save that won
    (None when the audit log has nothing), so a form can say who and when in its own
    language; ``message`` says it in English."""

    def __init__(self, message: str, last: LastSave | None) -> None:
        super().__init__(message)
        self.last = last


def last_save(session: Session, entity: str, entity_id: int) -> LastSave | None:
    """The newest audit entry of a record (``entity`` as services record it: "elder",
    "firm"). Every versioned save writes one in its own transaction, so this is the save
    that bumped the version to what is stored."""
    row = session.execute(
        select(AuditEntry.actor, AuditEntry.at, User.display_name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return LastSave(by=row.display_name or row.actor, at=row.at)


def stale_record(
    session: Session,
    entity: str,
    entity_id: int,
    subject: str,
    *,
    saved_at: datetime | None = None,
) -> StaleRecord:
    """The refusal of a stale save of ``subject`` ("Firm X", "X's record"), naming the save
    that won. Call it after the rollback: it reads the audit log. ``saved_at``: the
    record's own time of change, for when the log has no entry."""
    last = last_save(session, entity, entity_id)
    if last is None and saved_at is None:
        return StaleRecord(
            f"{subject} was changed by someone else after you opened it — reload it and "
            f"make your change again.",
            None,
        )
    zone = ZoneInfo(str(settings.get(session, "centre.timezone")))
    by = last.by if last is not None else "someone else"
    at = last.at if last is not None else saved_at
    assert at is not None
    return StaleRecord(
        f"{subject} was changed by {by} at {at.astimezone(zone):%H:%M} — reload it and "
        f"make your change again; saving now would overwrite what someone else saved.",
        last if last is not None else LastSave(by="", at=at),
    )


def _bump_version(session: Session, firm: Firm) -> None:
    """Move the stored version on from the one this session read, or refuse the save.

    By hand rather than with ``version_id_col`` (a staff change must not bump it): the
    guarded UPDATE matches nothing if another seat committed a save since the check, and
    on PostgreSQL it holds the row until our commit, so no save is lost between them.
    """
    read = firm.version
    bumped = session.execute(
        update(Firm)
        .where(Firm.id == firm.id, Firm.version == read)
        .values(version=read + 1)
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount != 1:  # type: ignore[attr-defined]
        firm_id, name = firm.id, firm.name
        session.rollback()
        raise stale_record(session, "firm", firm_id, name)
    set_committed_value(firm, "version", read + 1)


# ----------------------------------------------------------------------------- validation


@dataclass
class _CleanFirm:
    name: str = ""
    licence_no: str = ""
    legal_rep: str = ""
    contact_name: str = ""
    contact_phone_norm: str = ""
    address: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    status: str = ""
    notes: str = ""
    area_ids: set[int] = field(default_factory=set)
    item_ids: set[int] = field(default_factory=set)

    def snapshot(self) -> dict[str, object]:
        return {
            "name": self.name,
            "licence_no": self.licence_no,
            "legal_rep": self.legal_rep,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone_norm,
            "address": self.address,
            "contract_start": self.contract_start,
            "contract_end": self.contract_end,
            "status": self.status,
            "notes": self.notes,
            "area_ids": sorted(self.area_ids),
            "item_ids": sorted(self.item_ids),
        }


def _exited_final(p: Problems, field_name: str) -> None:
    p.add(
        field_name,
        "exited_final",
        "This firm has exited the network; an exited firm cannot be taken back. "
        "Register a new contract instead.",
    )


def _check_firm(
    session: Session, data: FirmInput, firm_id: int | None
) -> tuple[Problems, _CleanFirm]:
    p = Problems(rules(session).area_code)
    c = _CleanFirm()
    c.name = p.text("name", data.name, "Name", max_len=80, required=True)
    c.licence_no = _check_licence(p, data.licence_no)
    if c.licence_no and not p.has("licence_no"):
        stmt = select(Firm.id, Firm.name).where(Firm.licence_no == c.licence_no)
        if firm_id is not None:
            stmt = stmt.where(Firm.id != firm_id)
        other = session.execute(stmt.limit(1)).first()
        if other is not None:
            p.add(
                "licence_no",
                "licence_duplicate",
                f"Licence number {c.licence_no} is already registered, for {other.name} "
                f"(firm #{other.id}).",
                number=c.licence_no,
                other_id=other.id,
                other_name=other.name,
            )
    c.legal_rep = p.text("legal_rep", data.legal_rep, "Legal representative", max_len=40)
    c.contact_name = p.text(
        "contact_name", data.contact_name, "Contact person", max_len=40, required=True
    )
    c.contact_phone_norm = p.phone("contact_phone", data.contact_phone, "Contact phone") or ""
    c.address = p.text("address", data.address, "Address", max_len=200)

    c.contract_start, c.contract_end = data.contract_start, data.contract_end
    if data.contract_start is None:
        p.add("contract_start", "required", "Contract start is required.", label="Contract start")
    if data.contract_end is None:
        p.add("contract_end", "required", "Contract end is required.", label="Contract end")
    if data.contract_start is not None and data.contract_end is not None:
        p.date_order(
            "contract_end",
            data.contract_start,
            data.contract_end,
            "the contract start",
            "Contract end",
        )

    c.status = p.choice("status", data.status, "Status", FIRM_STATUSES)
    if firm_id is not None and c.status != "exited":
        stored = session.scalar(select(Firm.status).where(Firm.id == firm_id))
        if stored == "exited":
            _exited_final(p, "status")
    c.notes = p.text("notes", data.notes, "Notes", max_len=4000)

    c.area_ids = set(data.area_ids)
    if not data.area_ids:
        p.add(
            "area_ids",
            "required",
            "A firm must cover at least one community.",
            label="Communities",
        )
    else:
        levels: dict[int, str] = {
            area_id: level
            for area_id, level in session.execute(
                select(Area.id, Area.level).where(Area.id.in_(data.area_ids))
            )
        }
        for area_id in sorted(data.area_ids):
            if levels.get(area_id) != "community":
                p.add(
                    "area_ids",
                    "unknown_community",
                    f"Area #{area_id} is not a community on the register.",
                    area_id=area_id,
                    level=levels.get(area_id, ""),
                )
    c.item_ids = set(data.item_ids)
    if not data.item_ids:
        p.add(
            "item_ids",
            "required",
            "A firm must offer at least one service item.",
            label="Items",
        )
    else:
        known = set(
            session.scalars(select(ServiceItem.id).where(ServiceItem.id.in_(data.item_ids)))
        )
        for item_id in sorted(data.item_ids - known):
            p.add(
                "item_ids",
                "unknown_item",
                f"Service item #{item_id} does not exist.",
                item_id=item_id,
            )
    return p, c


def validate_firm(
    session: Session, data: FirmInput, *, firm_id: int | None = None
) -> list[FieldError]:
    return _check_firm(session, data, firm_id)[0].errors


def _stored_firm(firm: Firm) -> _CleanFirm:
    return _CleanFirm(
        name=firm.name,
        licence_no=firm.licence_no,
        legal_rep=firm.legal_rep,
        contact_name=firm.contact_name,
        contact_phone_norm=firm.contact_phone_norm,
        address=firm.address,
        contract_start=firm.contract_start,
        contract_end=firm.contract_end,
        status=firm.status,
        notes=firm.notes,
        area_ids={a.area_id for a in firm.areas},
        item_ids={i.item_id for i in firm.items},
    )


def _apply_firm(firm: Firm, c: _CleanFirm) -> None:
    assert c.contract_start is not None and c.contract_end is not None
    if firm.status != c.status:
        firm.status_changed_on = today()
    firm.name = c.name
    firm.name_initials = initials(c.name)[:80]
    firm.licence_no = c.licence_no
    firm.legal_rep = c.legal_rep
    firm.contact_name = c.contact_name
    firm.contact_phone = phone_display(c.contact_phone_norm)
    firm.contact_phone_norm = c.contact_phone_norm
    firm.address = c.address
    firm.contract_start = c.contract_start
    firm.contract_end = c.contract_end
    firm.status = c.status
    firm.notes = c.notes
    have_areas = {a.area_id: a for a in firm.areas}
    for area_id in sorted(c.area_ids - have_areas.keys()):
        firm.areas.append(FirmArea(area_id=area_id))
    for area_id in have_areas.keys() - c.area_ids:
        firm.areas.remove(have_areas[area_id])
    have_items = {i.item_id: i for i in firm.items}
    for item_id in sorted(c.item_ids - have_items.keys()):
        firm.items.append(FirmItem(item_id=item_id))
    for item_id in have_items.keys() - c.item_ids:
        firm.items.remove(have_items[item_id])


def _licence_race(licence: str) -> ValidationError:
    return ValidationError(
        [
            FieldError(
                "licence_no",
                "licence_duplicate",
                f"Licence number {licence} was just registered by another firm.",
                {"number": licence},
            )
        ]
    )


def create_firm(
    session: Session, data: FirmInput, *, actor: str, user_id: int | None = None
) -> int:
    p, c = _check_firm(session, data, None)
    p.raise_if_any()
    firm = Firm(status=c.status)
    _apply_firm(firm, c)
    session.add(firm)
    try:
        session.flush()
        audit.record(
            session,
            actor=actor,
            user_id=user_id,
            action="create",
            entity="firm",
            entity_id=firm.id,
            detail=c.snapshot(),
        )
        announce(session, FirmChanged(ids=(firm.id,)))
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _licence_race(c.licence_no) from None
    return firm.id


def update_firm(
    session: Session,
    firm_id: int,
    data: FirmInput,
    *,
    expected_version: int,
    actor: str,
    user_id: int | None = None,
) -> None:
    """Save an edit made on the firm as it was at ``expected_version`` (FirmDetail.version).

    Raises StaleRecord (a Conflict) naming who saved the firm since and when, so the form
    keeps what was typed and offers a reload; ValidationError with every problem.
    """
    firm = _load_firm(session, firm_id)
    if firm.version != expected_version:
        name = firm.name
        session.rollback()
        raise stale_record(session, "firm", firm_id, name)
    p, c = _check_firm(session, data, firm_id)
    p.raise_if_any()
    before = _stored_firm(firm).snapshot()
    _apply_firm(firm, c)
    changed = audit.changes(before, c.snapshot())
    if not changed:
        session.rollback()
        return
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="update",
        entity="firm",
        entity_id=firm.id,
        detail={"changed": changed},
    )
    announce(session, FirmChanged(ids=(firm.id,)))
    try:
        # The bump flushes the edit first: a licence taken meanwhile fails here too.
        _bump_version(session, firm)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise _licence_race(c.licence_no) from None


def set_firm_status(
    session: Session,
    firm_id: int,
    status: str,
    *,
    actor: str,
    reason: str,
    user_id: int | None = None,
    expected_version: int | None = None,
) -> None:
    """Suspend, reinstate or exit a firm. Exit is final; a suspension or exit needs a reason
    (it is what the firm will be shown when it asks why).

    ``expected_version``: the version the caller's screen showed (StaleRecord if another
    seat saved since); None from a script, which acts on the firm as stored now.
    """
    p = Problems()
    p.choice("status", status, "Status", FIRM_STATUSES)
    reason = p.text("reason", reason, "Reason", max_len=400, required=status != "active")
    firm = _load_firm(session, firm_id)
    if expected_version is not None and firm.version != expected_version:
        name = firm.name
        session.rollback()
        raise stale_record(session, "firm", firm_id, name)
    if firm.status == "exited" and status != "exited":
        _exited_final(p, "status")
    p.raise_if_any()
    if firm.status == status:
        session.rollback()
        return
    old = firm.status
    firm.status = status
    firm.status_changed_on = today()
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="set_status",
        entity="firm",
        entity_id=firm.id,
        detail={"changed": {"status": [old, status]}, "reason": reason},
    )
    announce(session, FirmChanged(ids=(firm.id,)))
    _bump_version(session, firm)
    session.commit()


# ----------------------------------------------------------------------------- staff


def list_staff(session: Session, firm_id: int, *, active_only: bool = False) -> list[StaffRow]:
    if session.get(Firm, firm_id) is None:
        raise NotFound(f"Firm #{firm_id} does not exist.")
    stmt = select(Staff).where(Staff.firm_id == firm_id)
    if active_only:
        stmt = stmt.where(Staff.active.is_(True))
    return [_staff_row(s) for s in session.scalars(stmt.order_by(Staff.name, Staff.id))]


@dataclass
class _CleanStaff:
    name: str = ""
    sex: str = ""
    phone_norm: str = ""
    id_number: str | None = None
    role: str = ""
    certificate: str = ""
    certified_until: date | None = None
    active: bool = True

    def snapshot(self) -> dict[str, object]:
        return {
            "name": self.name,
            "sex": self.sex,
            "phone": self.phone_norm,
            "id_number": self.id_number,
            "role": self.role,
            "certificate": self.certificate,
            "certified_until": self.certified_until,
            "active": self.active,
        }


def _check_staff(
    session: Session, firm_id: int, data: StaffInput, staff_id: int | None
) -> tuple[Problems, _CleanStaff]:
    p = Problems(rules(session).area_code)
    c = _CleanStaff()
    c.name = p.text("name", data.name, "Name", max_len=40, required=True)
    c.sex = p.choice("sex", clean(data.sex).upper(), "Sex", SEXES)
    c.phone_norm = p.phone("phone", data.phone, "Phone") or ""
    if clean(data.id_number):
        parsed = p.id_number("id_number", data.id_number)
        if parsed:
            c.id_number, _, id_sex = parsed
            if c.sex in SEXES and c.sex != id_sex:
                p.add(
                    "sex",
                    "id_sex_mismatch",
                    "Sex does not match the ID number's 17th digit.",
                    sex=c.sex,
                    id_sex=id_sex,
                )
            stmt = select(Staff.id, Staff.name).where(
                Staff.firm_id == firm_id, Staff.id_number == c.id_number
            )
            if staff_id is not None:
                stmt = stmt.where(Staff.id != staff_id)
            other = session.execute(stmt.limit(1)).first()
            if other is not None:
                p.add(
                    "id_number",
                    "id_duplicate",
                    f"ID number {c.id_number} is already on this firm's staff list, "
                    f"for {other.name}.",
                    number=c.id_number,
                    other_id=other.id,
                    other_name=other.name,
                )
    c.role = p.text("role", data.role, "Role", max_len=20, required=True)
    c.certificate = p.text("certificate", data.certificate, "Certificate", max_len=60)
    c.certified_until = data.certified_until
    c.active = bool(data.active)
    return p, c


def validate_staff(
    session: Session, firm_id: int, data: StaffInput, *, staff_id: int | None = None
) -> list[FieldError]:
    return _check_staff(session, firm_id, data, staff_id)[0].errors


def _apply_staff(s: Staff, c: _CleanStaff) -> None:
    s.name = c.name
    s.sex = c.sex
    s.phone = phone_display(c.phone_norm)
    s.phone_norm = c.phone_norm
    s.id_number = c.id_number
    s.role = c.role
    s.certificate = c.certificate
    s.certified_until = c.certified_until
    s.active = c.active


def add_staff(
    session: Session, firm_id: int, data: StaffInput, *, actor: str, user_id: int | None = None
) -> int:
    firm = _load_firm(session, firm_id)
    p, c = _check_staff(session, firm_id, data, None)
    if firm.status == "exited":
        p.add(
            "firm_id", "firm_exited", f"{firm.name} has exited the network; it takes no new staff."
        )
    p.raise_if_any()
    s = Staff(firm_id=firm_id)
    _apply_staff(s, c)
    session.add(s)
    session.flush()
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="create",
        entity="staff",
        entity_id=s.id,
        detail={"firm_id": firm_id, **c.snapshot()},
    )
    # Staff have no topic of their own: the firm's views list them, so the firm changed.
    announce(session, FirmChanged(ids=(firm_id,)))
    session.commit()
    return s.id


def update_staff(
    session: Session, staff_id: int, data: StaffInput, *, actor: str, user_id: int | None = None
) -> None:
    s = session.get(Staff, staff_id, populate_existing=True)
    if s is None:
        raise NotFound(f"Staff member #{staff_id} does not exist.")
    p, c = _check_staff(session, s.firm_id, data, staff_id)
    p.raise_if_any()
    before = _CleanStaff(
        name=s.name,
        sex=s.sex,
        phone_norm=s.phone_norm,
        id_number=s.id_number,
        role=s.role,
        certificate=s.certificate,
        certified_until=s.certified_until,
        active=s.active,
    ).snapshot()
    _apply_staff(s, c)
    changed = audit.changes(before, c.snapshot())
    if not changed:
        session.rollback()
        return
    audit.record(
        session,
        actor=actor,
        user_id=user_id,
        action="update",
        entity="staff",
        entity_id=s.id,
        detail={"firm_id": s.firm_id, "changed": changed},
    )
    announce(session, FirmChanged(ids=(s.firm_id,)))
    session.commit()
