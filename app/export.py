"""``anxin export TABLE --format jsonl|csv``: one table, one row per line, streamed.

Field names and their order are declared once, in ``_specs()`` below, and never change
silently: scripts and spreadsheets downstream depend on them (``export_fields`` lists them).
Values: times as UTC ISO 8601 with ``+00:00``; dates ISO; money as integer fen in fields
named ``*_fen``; booleans as JSON ``true``/``false`` (CSV: ``true``/``false``); lists (an
elder's phones and groups, a firm's communities and items) as JSON arrays, in CSV joined
with ``;``; missing values as ``null`` (CSV: empty). Rows come in id order.

Nothing is loaded whole: the main query and each list's query are streamed side by side in
id order (``yield_per``: a server-side cursor on PostgreSQL) and merged, so exporting two
million orders takes the memory of a few thousand.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TextIO

from sqlalchemy import Connection, Date, DateTime, Engine, Select, and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from db.models import (
    Alarm,
    Area,
    Assessment,
    Call,
    Elder,
    ElderGroup,
    ElderPhone,
    Firm,
    FirmArea,
    FirmItem,
    FollowUp,
    ItemPrice,
    ServiceCategory,
    ServiceItem,
    Staff,
    UTCDateTime,
    WorkOrder,
)

FORMATS = ("jsonl", "csv")
LIST_SEPARATOR = ";"
_BATCH = 2000


@dataclass(frozen=True)
class Many:
    """A list field: ``value`` of the child rows whose ``key`` is the parent's id, in the
    order of ``order``; ``select_from`` when the value needs a join."""

    name: str
    key: ColumnElement[Any]
    value: ColumnElement[Any]
    order: ColumnElement[Any]
    join_to: Any = None
    on: ColumnElement[bool] | None = None


Field = tuple[str, ColumnElement[Any]] | Many


@dataclass(frozen=True)
class Spec:
    id_col: ColumnElement[Any]
    fields: tuple[Field, ...]
    joins: tuple[tuple[Any, ColumnElement[bool]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name if isinstance(f, Many) else f[0] for f in self.fields)


class ExportError(ValueError):
    """Unknown table or format."""


@lru_cache(maxsize=1)
def _specs() -> dict[str, Spec]:
    e = Elder.__table__.c
    community = Area.__table__.alias("community")
    street = Area.__table__.alias("street")
    phones = ElderPhone.__table__.c
    groups = ElderGroup.__table__.c
    f = Firm.__table__.c
    fa = FirmArea.__table__.c
    fi = FirmItem.__table__.c
    st = Staff.__table__.c
    areas = Area.__table__
    items = ServiceItem.__table__
    i = items.c
    cat = ServiceCategory.__table__.c
    o = WorkOrder.__table__.c
    order_firm = Firm.__table__.alias("order_firm")
    c = Call.__table__.c
    a = Alarm.__table__.c
    fu = FollowUp.__table__.c
    fu_order = WorkOrder.__table__.alias("fu_order")
    asm = Assessment.__table__.c
    asm_firm = Firm.__table__.alias("assessment_firm")

    price_fields: list[Field] = []
    price_joins: list[tuple[Any, ColumnElement[bool]]] = []
    for category in ("A", "B", "C", "D"):
        p = ItemPrice.__table__.alias(f"price_{category.lower()}")
        price_joins.append((p, and_(p.c.item_id == i.id, p.c.subsidy_category == category)))
        price_fields.append((f"elder_pays_{category.lower()}_fen", p.c.elder_pays_fen))
        price_fields.append((f"government_pays_{category.lower()}_fen", p.c.government_pays_fen))

    return {
        "elders": Spec(
            id_col=e.id,
            fields=(
                ("id", e.id),
                ("name", e.name),
                ("name_initials", e.name_initials),
                ("sex", e.sex),
                ("birth_date", e.birth_date),
                ("id_number", e.id_number),
                Many("phones", phones.elder_id, phones.number, phones.id),
                Many("phones_e164", phones.elder_id, phones.number_norm, phones.id),
                ("community_id", e.community_id),
                ("community", community.c.name),
                ("street", street.c.name),
                ("address", e.address),
                ("building", e.building),
                ("unit", e.unit),
                ("floor", e.floor),
                ("door", e.door),
                ("subsidy_category", e.subsidy_category),
                ("care_level", e.care_level),
                ("status", e.status),
                Many("groups", groups.elder_id, groups.group, groups.group),
                ("daily_checkin", e.daily_checkin),
                ("checkin_hour", e.checkin_hour),
                ("preferred_firm_id", e.preferred_firm_id),
                ("medical_notes", e.medical_notes),
                ("allergies", e.allergies),
                ("medicines", e.medicines),
                ("enrolled_on", e.enrolled_on),
                ("created_at", e.created_at),
                ("updated_at", e.updated_at),
            ),
            joins=(
                (community, community.c.id == e.community_id),
                (street, street.c.id == community.c.parent_id),
            ),
        ),
        "firms": Spec(
            id_col=f.id,
            fields=(
                ("id", f.id),
                ("name", f.name),
                ("licence_no", f.licence_no),
                ("legal_rep", f.legal_rep),
                ("contact_name", f.contact_name),
                ("contact_phone", f.contact_phone),
                ("contact_phone_e164", f.contact_phone_norm),
                ("address", f.address),
                ("contract_start", f.contract_start),
                ("contract_end", f.contract_end),
                ("status", f.status),
                ("status_changed_on", f.status_changed_on),
                Many("community_ids", fa.firm_id, fa.area_id, fa.area_id),
                Many(
                    "communities",
                    fa.firm_id,
                    areas.c.name,
                    fa.area_id,
                    join_to=areas,
                    on=areas.c.id == fa.area_id,
                ),
                Many(
                    "item_codes",
                    fi.firm_id,
                    i.code,
                    fi.item_id,
                    join_to=items,
                    on=i.id == fi.item_id,
                ),
                (
                    "staff_count",
                    select(func.count())
                    .select_from(Staff.__table__)
                    .where(st.firm_id == f.id)
                    .scalar_subquery(),
                ),
                (
                    "active_staff_count",
                    select(func.count())
                    .select_from(Staff.__table__)
                    .where(st.firm_id == f.id, st.active.is_(True))
                    .scalar_subquery(),
                ),
                ("notes", f.notes),
                ("created_at", f.created_at),
            ),
        ),
        "items": Spec(
            id_col=i.id,
            fields=(
                ("id", i.id),
                ("code", i.code),
                ("category_code", cat.code),
                ("category", cat.name),
                ("name", i.name),
                ("unit", i.unit),
                ("market_price_fen", i.market_price_fen),
                *price_fields,
                ("time_limit_min", i.time_limit_min),
                ("kind", i.kind),
                ("active", i.active),
                ("standard", i.standard),
            ),
            joins=(
                (ServiceCategory.__table__, cat.id == i.category_id),
                *price_joins,
            ),
        ),
        "orders": Spec(
            id_col=o.id,
            fields=(
                ("id", o.id),
                ("order_no", o.order_no),
                ("elder_id", o.elder_id),
                ("community_id", o.community_id),
                ("item_id", o.item_id),
                ("item_code", i.code),
                ("item_name", i.name),
                ("kind", i.kind),
                ("firm_id", o.firm_id),
                ("firm_name", order_firm.c.name),
                ("staff_id", o.staff_id),
                ("staff_name", o.staff_name),
                ("call_id", o.call_id),
                ("alarm_id", o.alarm_id),
                ("status", o.status),
                ("priority", o.priority),
                ("quantity", o.quantity),
                ("market_price_fen", o.market_price_fen),
                ("elder_pays_fen", o.elder_pays_fen),
                ("government_pays_fen", o.government_pays_fen),
                ("created_at", o.created_at),
                ("created_by", o.created_by),
                ("appointment_at", o.appointment_at),
                ("due_at", o.due_at),
                ("dispatched_at", o.dispatched_at),
                ("accepted_at", o.accepted_at),
                ("started_at", o.started_at),
                ("completed_at", o.completed_at),
                ("closed_at", o.closed_at),
                ("cancelled_at", o.cancelled_at),
                ("cancel_reason", o.cancel_reason),
                ("routing_reason", o.routing_reason),
                ("rejections", o.rejections),
                ("disputed", o.disputed),
                ("notes", o.notes),
            ),
            joins=(
                (items, i.id == o.item_id),
                (order_firm, order_firm.c.id == o.firm_id),
            ),
        ),
        "calls": Spec(
            id_col=c.id,
            fields=(
                ("id", c.id),
                ("direction", c.direction),
                ("number", c.number),
                ("number_e164", c.number_norm),
                ("line", c.line),
                ("caller_name", c.caller_name),
                ("started_at", c.started_at),
                ("answered_at", c.answered_at),
                ("ended_at", c.ended_at),
                ("operator_id", c.operator_id),
                ("elder_id", c.elder_id),
                ("disposition", c.disposition),
                ("source", c.source),
                ("notes", c.notes),
            ),
        ),
        "alarms": Spec(
            id_col=a.id,
            fields=(
                ("id", a.id),
                ("account", a.account),
                ("event_code", a.event_code),
                ("event_name", a.event_name),
                ("qualifier", a.qualifier),
                ("partition", a.partition),
                ("zone", a.zone),
                ("received_at", a.received_at),
                ("status", a.status),
                ("priority", a.priority),
                ("elder_id", a.elder_id),
                ("device_id", a.device_id),
                ("unknown_account", a.unknown_account),
                ("protocol", a.protocol),
                ("receiver", a.receiver),
                ("line", a.line),
                ("raw", a.raw),
                ("claimed_by", a.claimed_by),
                ("claimed_at", a.claimed_at),
                ("resolved_at", a.resolved_at),
                ("outcome", a.outcome),
                ("outcome_note", a.outcome_note),
                ("repeat_count", a.repeat_count),
                ("storm_id", a.storm_id),
                ("escalation_level", a.escalation_level),
                ("dedupe_key", a.dedupe_key),
            ),
        ),
        "followups": Spec(
            id_col=fu.id,
            fields=(
                ("id", fu.id),
                ("order_id", fu.order_id),
                ("order_no", fu_order.c.order_no),
                ("elder_id", fu_order.c.elder_id),
                ("firm_id", fu_order.c.firm_id),
                ("reason", fu.reason),
                ("due_on", fu.due_on),
                ("status", fu.status),
                ("result", fu.result),
                ("attempts", fu.attempts),
                ("last_attempt_at", fu.last_attempt_at),
                ("done_at", fu.done_at),
                ("operator_id", fu.operator_id),
                ("call_id", fu.call_id),
                ("note", fu.note),
            ),
            joins=((fu_order, fu_order.c.id == fu.order_id),),
        ),
        "assessments": Spec(
            id_col=asm.id,
            fields=(
                ("id", asm.id),
                ("firm_id", asm.firm_id),
                ("firm_name", asm_firm.c.name),
                ("month", asm.month),
                ("total", asm.total),
                ("grade", asm.grade),
                ("rank", asm.rank),
                ("status", asm.status),
                ("finalised_by", asm.finalised_by),
                ("finalised_at", asm.finalised_at),
                ("comment", asm.comment),
            ),
            joins=((asm_firm, asm_firm.c.id == asm.firm_id),),
        ),
    }


TABLES: tuple[str, ...] = (
    "elders",
    "firms",
    "items",
    "orders",
    "calls",
    "alarms",
    "followups",
    "assessments",
)


def export_fields(table: str) -> tuple[str, ...]:
    """The field names of ``table``'s export, in output order."""
    return _spec(table).names


def _spec(table: str) -> Spec:
    try:
        return _specs()[table]
    except KeyError:
        raise ExportError(f"cannot export {table!r}: choose one of {', '.join(TABLES)}") from None


def _main_query(spec: Spec) -> Select[Any]:
    cols = [f[1].label(f[0]) for f in spec.fields if not isinstance(f, Many)]
    base = spec.id_col.table  # type: ignore[attr-defined]
    frm = base
    for target, on in spec.joins:
        # Outer joins: a row is exported even when a reference is empty (order not routed).
        frm = frm.outerjoin(target, on)
    return select(*cols).select_from(frm).order_by(spec.id_col)


def _list_query(many: Many) -> Select[Any]:
    stmt = select(many.key, many.value)
    if many.join_to is not None and many.on is not None:
        stmt = stmt.select_from(many.key.table.join(many.join_to, many.on))  # type: ignore[attr-defined]
    return stmt.order_by(many.key, many.order)


def _stream(conn: Connection, stmt: Select[Any]) -> Iterator[Any]:
    result = conn.execution_options(yield_per=_BATCH).execute(stmt)
    yield from result


class _Lists:
    """Walks a child query in parent-id order alongside the parent rows."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._rows = rows
        self._head: Any = next(rows, None)

    def take(self, parent_id: int) -> list[Any]:
        out: list[Any] = []
        head = self._head
        while head is not None and head[0] <= parent_id:
            if head[0] == parent_id:
                out.append(head[1])
            head = next(self._rows, None)
        self._head = head
        return out


def _iso(v: date | None) -> str | None:
    return None if v is None else v.isoformat()


def _converters(spec: Spec, *, csv_cells: bool) -> list[Callable[[Any], Any] | None]:
    """One converter per field, chosen once from the column type (per-value isinstance
    checks cost a third of a two-million-row export). None: the value is written as is."""
    out: list[Callable[[Any], Any] | None] = []
    for f in spec.fields:
        if isinstance(f, Many):
            out.append(_csv_list if csv_cells else None)
            continue
        col_type = f[1].type
        if isinstance(col_type, UTCDateTime | DateTime | Date):
            out.append(_iso)
        elif csv_cells:
            out.append(_csv_cell)
        else:
            out.append(None)
    return out


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _csv_list(v: list[Any]) -> str:
    return LIST_SEPARATOR.join(str(x) for x in v)


def _iter_values(conn: Connection, spec: Spec) -> Iterator[list[Any]]:
    """Each row's values in field order, list fields merged in."""
    slots: list[tuple[int, _Lists]] = []
    flat_positions: list[int] = []
    for pos, f in enumerate(spec.fields):
        if isinstance(f, Many):
            slots.append((pos, _Lists(_stream(conn, _list_query(f)))))
        else:
            flat_positions.append(pos)
    width = len(spec.fields)
    for row in _stream(conn, _main_query(spec)):
        if not slots:
            yield list(row)
            continue
        values: list[Any] = [None] * width
        for pos, v in zip(flat_positions, row, strict=True):
            values[pos] = v
        rid = values[0]
        for pos, walker in slots:
            values[pos] = walker.take(rid)
        yield values


def iter_rows(conn: Connection, table: str) -> Iterator[dict[str, Any]]:
    """The export's rows as dicts (field order as declared), values still Python objects."""
    spec = _spec(table)
    names = spec.names
    for values in _iter_values(conn, spec):
        yield dict(zip(names, values, strict=True))


def _convert(values: list[Any], converters: list[Callable[[Any], Any] | None]) -> list[Any]:
    return [v if c is None else c(v) for v, c in zip(values, converters, strict=True)]


def export_table(engine: Engine, table: str, fmt: str, stream: TextIO) -> int:
    """Write ``table`` to ``stream`` as JSON lines or CSV; returns the number of rows."""
    spec = _spec(table)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose jsonl or csv")
    names = spec.names
    n = 0
    with engine.connect() as conn:
        if fmt == "csv":
            cells = _converters(spec, csv_cells=True)
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(names)
            for values in _iter_values(conn, spec):
                writer.writerow(_convert(values, cells))
                n += 1
        else:
            plain = _converters(spec, csv_cells=False)
            encode = json.JSONEncoder(ensure_ascii=False).encode
            write = stream.write
            for values in _iter_values(conn, spec):
                write(encode(dict(zip(names, _convert(values, plain), strict=True))))
                write("\n")
                n += 1
        conn.rollback()
    return n
