"""Work order use cases: quote, dispatch, the state machine, an order's detail and history.

State machine (DESIGN.md)::

    NEW → DISPATCHED → ACCEPTED → IN_SERVICE → COMPLETED → CLOSED
    DISPATCHED → REJECTED → DISPATCHED (re-dispatch, maybe to another firm)
    anything before COMPLETED → CANCELLED (with a reason)

Every change checks the actor's permission, writes an ``OrderTransition`` (who, when,
the firm's reporter, a note), an audit entry and its ``OrderChanged`` announcement in the
same transaction, then commits.

Every change bumps the order's ``version``. A step is one conditional ``UPDATE … WHERE
version = <as read> AND status = <as read>``: of two seats stepping the same order at
once, the second finds no row (PostgreSQL: it waits on the first's row lock, then
re-checks; SQLite: its write waits for the first's commit), and is told who changed
it and when (``StaleOrder``). A step made from a copy the operator saw earlier carries
that copy's version and is refused the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit
from app.access import Actor, allowed, require
from app.errors import AnxinError, Conflict, NotFound
from app.feed import announce
from app.feed.topics import OrderChanged
from app.orders.board import OrderFilter, count_orders, list_orders
from app.orders.routing import RoutingSuggestion, centre_date, centre_zone, suggest_firm
from app.orders.views import (
    DEADLINE_STATUSES,
    OPEN_STATUSES,
    SUMMARY_COLUMNS,
    OrderDetail,
    OrderSummary,
    TransitionView,
    build_summaries,
    is_overdue,
    order_summaries,
)
from app.registry import age_on, rules
from app.registry._checks import Problems, phone_display
from app.registry.areas import area_refs
from app.registry.catalogue import MEAL_KIND, meal_split, price_for
from db.models import (
    Alarm,
    AuditEntry,
    Call,
    Elder,
    ElderPhone,
    Firm,
    OrderTransition,
    ServiceItem,
    Staff,
    User,
    WorkOrder,
    utcnow,
)

__all__ = [
    "DEADLINE_STATUSES",
    "OPEN_STATUSES",
    "LastRequest",
    "OrderDetail",
    "OrderFilter",
    "OrderRequest",
    "OrderSummary",
    "Quote",
    "StaleOrder",
    "TransitionError",
    "TransitionView",
    "allowed_transitions",
    "count_orders",
    "dispatch_order",
    "is_overdue",
    "last_request",
    "list_orders",
    "order_detail",
    "order_summaries",
    "quote",
    "recent_orders",
    "transition",
]

MAX_QUANTITY = 99
# An appointment typed as "now" is a few seconds old by the time it is saved.
APPOINTMENT_GRACE = timedelta(minutes=5)
ORDER_NO_PREFIX = "GD"  # 工单, as the seeder and the centre's paper forms write it

# (from, to) -> the permission it needs. Anything not here is illegal.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("new", "dispatched"): "order.dispatch",
    ("dispatched", "accepted"): "order.progress",
    ("accepted", "in_service"): "order.progress",
    ("in_service", "completed"): "order.progress",
    ("completed", "closed"): "order.close",
    ("dispatched", "rejected"): "order.progress",
    ("rejected", "dispatched"): "order.dispatch",
    ("new", "cancelled"): "order.cancel",
    ("dispatched", "cancelled"): "order.cancel",
    ("rejected", "cancelled"): "order.cancel",
    ("accepted", "cancelled"): "order.cancel_accepted",
    ("in_service", "cancelled"): "order.cancel_accepted",
}
# The order buttons appear in, for a UI that lists allowed_transitions.
_TARGET_ORDER = ("dispatched", "accepted", "in_service", "completed", "closed", "rejected")

# Who of the firm reported it is part of the record for these (the assessment uses it).
_NEEDS_REPORTER = frozenset({"accepted", "in_service", "completed"})
_STAMP = {
    "dispatched": "dispatched_at",
    "accepted": "accepted_at",
    "in_service": "started_at",
    "completed": "completed_at",
    "closed": "closed_at",
    "cancelled": "cancelled_at",
}
_STATE_WORDS = {
    "new": "new (not yet dispatched)",
    "dispatched": "dispatched",
    "accepted": "accepted",
    "in_service": "in service",
    "completed": "completed",
    "closed": "closed",
    "rejected": "rejected by the firm",
    "cancelled": "cancelled",
}
_ACTION_WORDS = {
    "dispatched": "dispatched",
    "accepted": "accepted",
    "in_service": "started",
    "completed": "completed",
    "closed": "closed",
    "rejected": "rejected",
    "cancelled": "cancelled",
}


class TransitionError(Conflict):
    """The order is not in a state that allows this step (often: another seat moved it)."""

    def __init__(self, order_no: str, status: str, to_status: str, message: str) -> None:
        super().__init__(message)
        self.order_no = order_no
        self.status = status
        self.to_status = to_status


class StaleOrder(Conflict):
    """Someone changed the order after this copy was read; ``by`` and ``at`` (HH:MM, the
    centre's time) say who and when, from the order's last recorded step."""

    def __init__(self, order_id: int, order_no: str, by: str, at: str) -> None:
        self.order_id = order_id
        self.order_no = order_no
        self.by = by
        self.at = at
        when = f" at {at}" if at else ""
        super().__init__(f"Order {order_no} was changed by {by}{when} — reload it.")


def _stale(session: Session, order_id: int) -> StaleOrder:
    """The refusal for a stale step, naming the last step's author (read fresh)."""
    row = session.execute(
        select(OrderTransition.at, User.display_name)
        .outerjoin(User, User.id == OrderTransition.user_id)
        .where(OrderTransition.order_id == order_id)
        # The step recorded last, whatever time it was given (a firm reporting late).
        .order_by(OrderTransition.id.desc())
        .limit(1)
    ).first()
    order_no = session.scalar(select(WorkOrder.order_no).where(WorkOrder.id == order_id)) or (
        f"#{order_id}"
    )
    if row is None:
        return StaleOrder(order_id, order_no, "another seat", "")
    by = row.display_name or ""
    if not by:
        # Consoles signed in without a user row (demo, tests) leave the name in the audit.
        by = (
            session.scalar(
                select(AuditEntry.actor)
                .where(AuditEntry.entity == "work_order", AuditEntry.entity_id == order_id)
                .order_by(AuditEntry.id.desc())
                .limit(1)
            )
            or "another seat"
        )
    at = row.at.astimezone(centre_zone(session)).strftime("%H:%M")
    return StaleOrder(order_id, order_no, by, at)


# ----------------------------------------------------------------------------- quote


@dataclass(frozen=True)
class Quote:
    """Prices for the whole quantity, in fen, by the elder's subsidy category (and age)."""

    item_id: int
    item_name: str
    item_code: str
    unit: str
    standard: str
    time_limit_min: int
    market_price_fen: int
    elder_pays_fen: int
    government_pays_fen: int
    subsidy_category: str


def _check_quantity(p: Problems, quantity: object) -> int:
    if (
        not isinstance(quantity, int)
        or isinstance(quantity, bool)
        or not 1 <= quantity <= MAX_QUANTITY
    ):
        p.add(
            "quantity",
            "out_of_range",
            f"Quantity must be a whole number from 1 to {MAX_QUANTITY}, not {quantity!r}.",
            value=quantity,
            min=1,
            max=MAX_QUANTITY,
        )
        return 0
    return quantity


def _quote(session: Session, elder: Elder, item: ServiceItem, quantity: int) -> Quote:
    category = elder.subsidy_category
    if item.kind == MEAL_KIND:
        # Lunches: the government share depends on the elder's age, not a price table.
        age = age_on(elder.birth_date, centre_date(session, utcnow()))
        elder_pays, gov_pays = meal_split(
            item.market_price_fen, category, age, rules=rules(session)
        )
    else:
        elder_pays, gov_pays = price_for(session, item.id, category)
    return Quote(
        item_id=item.id,
        item_name=item.name,
        item_code=item.code,
        unit=item.unit,
        standard=item.standard,
        time_limit_min=item.time_limit_min,
        market_price_fen=item.market_price_fen * quantity,
        elder_pays_fen=elder_pays * quantity,
        government_pays_fen=gov_pays * quantity,
        subsidy_category=category,
    )


def quote(session: Session, elder_id: int, item_id: int, quantity: int = 1) -> Quote:
    """What the order would cost the elder and the government."""
    elder = session.get(Elder, elder_id)
    if elder is None:
        raise NotFound(f"Elder #{elder_id} does not exist.")
    item = session.get(ServiceItem, item_id)
    if item is None:
        raise NotFound(f"Service item #{item_id} does not exist.")
    p = Problems()
    _check_quantity(p, quantity)
    p.raise_if_any()
    return _quote(session, elder, item, quantity)


# ----------------------------------------------------------------------------- dispatch


@dataclass
class OrderRequest:
    elder_id: int
    item_id: int
    quantity: int = 1
    appointment_at: datetime | None = None
    notes: str = ""
    firm_id: int | None = None  # None: take the routing suggestion
    override_reason: str = ""  # required when firm_id differs from the suggestion
    call_id: int | None = None
    alarm_id: int | None = None


def _next_order_no(session: Session, now: datetime) -> str:
    """GD + the centre's date + a 5-digit number of the day (the seeder's format)."""
    prefix = f"{ORDER_NO_PREFIX}{now.astimezone(centre_zone(session)):%Y%m%d}"
    # A range on the unique index: the day's last number is one index step away.
    last = session.scalar(
        select(func.max(WorkOrder.order_no)).where(
            WorkOrder.order_no >= prefix, WorkOrder.order_no < prefix + "~"
        )
    )
    seq = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{seq:05d}"


def _firm_problem(p: Problems, field: str, firm_id: int, name: str) -> None:
    who = name or f"firm #{firm_id}"
    p.add(
        field,
        "firm_not_eligible",
        f"{who} cannot take this order: it has no contract today covering the elder's "
        f"community for this item.",
        firm_id=firm_id,
        firm=who,
    )


def _choose_firm(
    p: Problems,
    suggestion: RoutingSuggestion,
    firm_id: int | None,
    override_reason: str,
    *,
    firm_field: str,
    reason_field: str,
    firm_names: dict[int, str],
    prefix: str = "",
) -> tuple[int | None, str, bool]:
    """(firm, routing reason to store, overridden?) after checking the operator's choice."""
    if firm_id is None or firm_id == suggestion.firm_id:
        if suggestion.firm_id is None:
            p.add(
                firm_field,
                "no_eligible_firm",
                f"No firm can take this order: {suggestion.reason}.",
                reason=suggestion.reason,
            )
        return suggestion.firm_id, prefix + suggestion.reason, False
    if firm_id not in {c.firm_id for c in suggestion.candidates}:
        _firm_problem(p, firm_field, firm_id, firm_names.get(firm_id, ""))
        return None, "", True
    reason = p.text(
        reason_field,
        override_reason,
        "Reason for choosing another firm than the suggested one",
        max_len=180,
        required=True,
    )
    return firm_id, f"override: {reason}", True


def _firm_names(session: Session, firm_id: int | None) -> dict[int, str]:
    if firm_id is None:
        return {}
    name = session.scalar(select(Firm.name).where(Firm.id == firm_id))
    return {firm_id: name} if name else {}


def dispatch_order(
    session: Session,
    req: OrderRequest,
    *,
    actor: Actor,
    now: datetime | None = None,
) -> OrderSummary:
    """Create the order and send it to a firm: NEW then DISPATCHED, in one transaction."""
    require(actor, "order.dispatch")
    now = now or utcnow()
    p = Problems()
    elder = session.get(Elder, req.elder_id, populate_existing=True)
    if elder is None:
        p.add("elder_id", "not_found", f"Elder #{req.elder_id} does not exist.")
    elif elder.status != "active":
        p.add(
            "elder_id",
            "elder_inactive",
            f"{elder.name}'s membership is {elder.status}; orders are taken only for "
            f"active members.",
            name=elder.name,
            status=elder.status,
        )
    item = session.get(ServiceItem, req.item_id, populate_existing=True)
    if item is None:
        p.add("item_id", "not_found", f"Service item #{req.item_id} does not exist.")
    elif not item.active:
        p.add(
            "item_id",
            "item_inactive",
            f"{item.name} is no longer offered (the item is inactive).",
            name=item.name,
        )
    quantity = _check_quantity(p, req.quantity)
    if req.appointment_at is not None:
        if req.appointment_at.tzinfo is None:
            p.add("appointment_at", "no_timezone", "Appointment time has no time zone.")
        elif req.appointment_at < now - APPOINTMENT_GRACE:
            p.add(
                "appointment_at",
                "in_past",
                "Appointment time is in the past; enter a time from now on.",
                at=req.appointment_at.isoformat(),
            )
    notes = p.text("notes", req.notes, "Notes", max_len=2000)
    if req.call_id is not None and session.get(Call, req.call_id) is None:
        p.add("call_id", "not_found", f"Call #{req.call_id} does not exist.")
    if req.alarm_id is not None and session.get(Alarm, req.alarm_id) is None:
        p.add("alarm_id", "not_found", f"Alarm #{req.alarm_id} does not exist.")

    firm_id: int | None = None
    reason = ""
    overridden = False
    # Routing only means something for an order that could be taken at all.
    if elder is not None and item is not None and elder.status == "active" and item.active:
        suggestion = suggest_firm(session, elder.id, item.id, now=now)
        firm_id, reason, overridden = _choose_firm(
            p,
            suggestion,
            req.firm_id,
            req.override_reason,
            firm_field="firm_id",
            reason_field="override_reason",
            firm_names=_firm_names(session, req.firm_id),
        )
    p.raise_if_any()
    assert elder is not None and item is not None and firm_id is not None
    if overridden:
        require(actor, "order.override_routing")
    q = _quote(session, elder, item, quantity)
    start = req.appointment_at or now
    due_at = start + timedelta(minutes=item.time_limit_min)
    urgent = req.alarm_id is not None or item.kind == "urgent"

    # Two seats may take the day's next number at once; the unique index refuses the
    # second, which then takes the number after.
    for attempt in range(5):
        order = WorkOrder(
            order_no=_next_order_no(session, now),
            elder_id=elder.id,
            item_id=item.id,
            firm_id=firm_id,
            staff_name="",
            call_id=req.call_id,
            alarm_id=req.alarm_id,
            community_id=elder.community_id,
            status="dispatched",
            priority=1 if urgent else 2,
            quantity=quantity,
            market_price_fen=q.market_price_fen,
            elder_pays_fen=q.elder_pays_fen,
            government_pays_fen=q.government_pays_fen,
            created_at=now,
            created_by=actor.user_id,
            appointment_at=req.appointment_at,
            due_at=due_at,
            dispatched_at=now,
            routing_reason=reason,
            rejections=0,
            disputed=False,
            notes=notes,
            cancel_reason="",
        )
        order.transitions.append(
            OrderTransition(from_status=None, to_status="new", at=now, user_id=actor.user_id)
        )
        order.transitions.append(
            OrderTransition(
                from_status="new",
                to_status="dispatched",
                at=now,
                user_id=actor.user_id,
                note=reason,
            )
        )
        session.add(order)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            if attempt == 4:
                raise
            continue
        audit.record(
            session,
            actor=actor.name,
            user_id=actor.user_id,
            action="dispatch",
            entity="work_order",
            entity_id=order.id,
            detail={
                "order_no": order.order_no,
                "elder_id": elder.id,
                "item_id": item.id,
                "quantity": quantity,
                "firm_id": firm_id,
                "routing_reason": reason,
                "elder_pays_fen": q.elder_pays_fen,
                "government_pays_fen": q.government_pays_fen,
                "appointment_at": req.appointment_at,
                "due_at": due_at,
                "call_id": req.call_id,
                "alarm_id": req.alarm_id,
            },
        )
        announce(session, OrderChanged(ids=(order.id,), status=order.status, firm_id=firm_id))
        session.commit()
        break
    return order_summaries(session, [order.id], now)[0]


# ----------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class LastRequest:
    item_id: int
    item_name: str
    quantity: int
    notes: str
    firm_id: int | None
    firm_name: str
    created_at: datetime


def last_request(session: Session, elder_id: int) -> LastRequest | None:
    """The elder's most recent order, whatever its state ("the same as last time")."""
    row = session.execute(
        select(
            WorkOrder.item_id,
            ServiceItem.name,
            WorkOrder.quantity,
            WorkOrder.notes,
            WorkOrder.firm_id,
            WorkOrder.created_at,
        )
        .join(ServiceItem, ServiceItem.id == WorkOrder.item_id)
        .where(WorkOrder.elder_id == elder_id)
        .order_by(WorkOrder.created_at.desc(), WorkOrder.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    firm_name = ""
    if row.firm_id is not None:
        firm_name = session.scalar(select(Firm.name).where(Firm.id == row.firm_id)) or ""
    return LastRequest(
        item_id=row.item_id,
        item_name=row.name,
        quantity=row.quantity,
        notes=row.notes,
        firm_id=row.firm_id,
        firm_name=firm_name,
        created_at=row.created_at,
    )


def recent_orders(
    session: Session, elder_id: int, limit: int = 5, *, now: datetime | None = None
) -> list[OrderSummary]:
    """The elder's newest orders, newest first (index ix_work_orders_elder_created)."""
    rows = session.execute(
        select(*SUMMARY_COLUMNS)
        .where(WorkOrder.elder_id == elder_id)
        .order_by(WorkOrder.created_at.desc(), WorkOrder.id.desc())
        .limit(limit)
    ).all()
    return build_summaries(session, rows, now or utcnow())


def order_detail(session: Session, order_id: int, *, now: datetime | None = None) -> OrderDetail:
    now = now or utcnow()
    summaries = order_summaries(session, [order_id], now)
    if not summaries:
        raise NotFound(f"Work order #{order_id} does not exist.")
    s = summaries[0]
    o = session.get(WorkOrder, order_id, populate_existing=True)
    assert o is not None
    elder = session.execute(select(Elder.address).where(Elder.id == o.elder_id)).first()
    phone = session.scalar(
        select(ElderPhone.number_norm)
        .where(ElderPhone.elder_id == o.elder_id)
        .order_by(ElderPhone.id)
        .limit(1)
    )
    item = session.execute(
        select(
            ServiceItem.code, ServiceItem.unit, ServiceItem.standard, ServiceItem.time_limit_min
        ).where(ServiceItem.id == o.item_id)
    ).one()
    community = area_refs(session, {o.community_id}).get(o.community_id)
    history = [
        TransitionView(
            from_status=t.from_status,
            to_status=t.to_status,
            at=t.at,
            user_name=user_name or "",
            reported_by=t.reported_by,
            note=t.note,
        )
        for t, user_name in session.execute(
            select(OrderTransition, User.display_name)
            .outerjoin(User, User.id == OrderTransition.user_id)
            .where(OrderTransition.order_id == order_id)
            .order_by(OrderTransition.at, OrderTransition.id)
        ).all()
    ]
    return OrderDetail(
        summary=s,
        elder_phone=phone_display(phone or ""),
        elder_address=elder.address if elder else "",
        community_path=community.path if community else "",
        item_code=item.code,
        item_unit=item.unit,
        item_standard=item.standard,
        time_limit_min=item.time_limit_min,
        quantity=o.quantity,
        market_price_fen=o.market_price_fen,
        elder_pays_fen=o.elder_pays_fen,
        government_pays_fen=o.government_pays_fen,
        notes=o.notes,
        cancel_reason=o.cancel_reason,
        call_id=o.call_id,
        alarm_id=o.alarm_id,
        dispatched_at=o.dispatched_at,
        accepted_at=o.accepted_at,
        started_at=o.started_at,
        completed_at=o.completed_at,
        closed_at=o.closed_at,
        cancelled_at=o.cancelled_at,
        history=history,
        version=o.version,
    )


# ----------------------------------------------------------------------------- transitions


def allowed_transitions(status: str, actor: Actor) -> list[str]:
    """The steps this actor may take from ``status``, in button order (cancel last)."""
    out = [
        to
        for to in _TARGET_ORDER
        if (status, to) in TRANSITIONS and allowed(actor.role, TRANSITIONS[(status, to)])
    ]
    if (status, "cancelled") in TRANSITIONS and allowed(
        actor.role, TRANSITIONS[(status, "cancelled")]
    ):
        out.append("cancelled")
    return out


def _illegal(order: WorkOrder, to_status: str) -> TransitionError:
    state = _STATE_WORDS.get(order.status, order.status)
    action = _ACTION_WORDS.get(to_status, to_status)
    if order.status == to_status:
        message = f"Order {order.order_no} is already {state}."
    else:
        message = f"Order {order.order_no} is {state}; it cannot be {action}."
        if to_status == "closed":
            message += " Only a completed order can be closed."
        elif to_status == "cancelled":
            message += " A completed order can no longer be cancelled."
        elif to_status in _NEEDS_REPORTER:
            before = {"accepted": "dispatched", "in_service": "accepted", "completed": "in service"}
            message += f" Only an order that is {before[to_status]} can be {action}."
    return TransitionError(order.order_no, order.status, to_status, message)


def transition(
    session: Session,
    order_id: int,
    to_status: str,
    *,
    actor: Actor,
    reported_by: str = "",
    note: str = "",
    firm_id: int | None = None,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> OrderSummary:
    """Move an order one step along the state machine, as the firm or the centre reports.

    ``expected_version``: the version of the copy the operator acted on (the detail's);
    a newer stored order refuses the step with ``StaleOrder``. None takes the order as
    it is now (a command, a script); a seat that steps it at the same moment still wins
    or loses as a whole.
    """
    try:
        return _transition(
            session,
            order_id,
            to_status,
            actor=actor,
            reported_by=reported_by,
            note=note,
            firm_id=firm_id,
            now=now or utcnow(),
            expected_version=expected_version,
        )
    except AnxinError:
        # Release the row lock (PostgreSQL) and anything half-set before saying no.
        session.rollback()
        raise


def _transition(
    session: Session,
    order_id: int,
    to_status: str,
    *,
    actor: Actor,
    reported_by: str,
    note: str,
    firm_id: int | None,
    now: datetime,
    expected_version: int | None,
) -> OrderSummary:
    # No row lock: the conditional UPDATE below decides, and on SQLite it must be the
    # transaction's first write so that its wait for the lock ends on fresh data.
    order = session.get(WorkOrder, order_id, populate_existing=True)
    if order is None:
        raise NotFound(f"Work order #{order_id} does not exist.")
    if expected_version is not None and order.version != expected_version:
        raise _stale(session, order_id)
    permission = TRANSITIONS.get((order.status, to_status))
    if permission is None:
        raise _illegal(order, to_status)
    require(actor, permission)

    p = Problems()
    reporter = p.text(
        "reported_by",
        reported_by,
        "Staff member (who of the firm reported it)",
        max_len=40,
        required=to_status in _NEEDS_REPORTER,
    )
    if to_status == "cancelled":
        note = p.text("note", note, "Reason for cancelling", max_len=200, required=True)
    elif to_status == "rejected":
        note = p.text("note", note, "The firm's reason for rejecting", max_len=2000, required=True)
    else:
        note = p.text("note", note, "Note", max_len=2000)

    from_status = order.status
    new_firm = order.firm_id
    routing_reason = order.routing_reason
    if to_status == "dispatched":
        # Re-dispatch: the rule again, without the firm that just said no.
        exclude = [order.firm_id] if from_status == "rejected" and order.firm_id else []
        suggestion = suggest_firm(session, order.elder_id, order.item_id, now=now, exclude=exclude)
        prefix = "re-dispatched after rejection: " if from_status == "rejected" else ""
        chosen, routing_reason, overridden = _choose_firm(
            p,
            suggestion,
            firm_id,
            note,
            firm_field="firm_id",
            reason_field="note",
            firm_names=_firm_names(session, firm_id),
            prefix=prefix,
        )
        p.raise_if_any()
        if overridden:
            require(actor, "order.override_routing")
        new_firm = chosen
    p.raise_if_any()

    values: dict[str, object] = {"status": to_status, "version": order.version + 1}
    stamp = _STAMP.get(to_status)
    if stamp is not None:
        values[stamp] = now
    if to_status == "dispatched":
        values["firm_id"] = new_firm
        values["routing_reason"] = routing_reason[:200]
        # A new firm starts without anyone named yet.
        values["staff_name"], values["staff_id"] = "", None
    elif to_status == "rejected":
        values["rejections"] = order.rejections + 1
    elif to_status == "cancelled":
        values["cancel_reason"] = note
    if to_status in _NEEDS_REPORTER:
        values["staff_name"] = reporter
        values["staff_id"] = (
            session.scalar(
                select(Staff.id)
                .where(Staff.firm_id == order.firm_id, Staff.name == reporter)
                .order_by(Staff.active.desc(), Staff.id)
                .limit(1)
            )
            if order.firm_id is not None
            else None
        )
    won = session.execute(
        update(WorkOrder)
        .where(
            WorkOrder.id == order.id,
            WorkOrder.version == order.version,
            WorkOrder.status == from_status,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        session.rollback()
        raise _stale(session, order_id)
    order_no, firm = order.order_no, new_firm if to_status == "dispatched" else order.firm_id
    # The loaded copy is what was read, not what is stored now.
    session.expire(order)
    session.add(
        OrderTransition(
            order_id=order_id,
            from_status=from_status,
            to_status=to_status,
            at=now,
            user_id=actor.user_id,
            reported_by=reporter,
            note=note if to_status != "dispatched" else (note or routing_reason),
        )
    )
    audit.record(
        session,
        actor=actor.name,
        user_id=actor.user_id,
        action="transition",
        entity="work_order",
        entity_id=order_id,
        detail={
            "order_no": order_no,
            "from": from_status,
            "to": to_status,
            "reported_by": reporter,
            "note": note,
            "firm_id": firm,
        },
    )
    announce(session, OrderChanged(ids=(order_id,), status=to_status, firm_id=firm))
    session.commit()
    return order_summaries(session, [order_id], now)[0]
