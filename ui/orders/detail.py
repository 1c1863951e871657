"""The selected order: everything about it, its whole history, and the next steps.

The steps offered are ``allowed_transitions`` for the order's state and the operator's
role; the service checks again, and whatever it refuses is shown here in plain words.
Keys: Alt+letter on each step, Enter in a field takes the step the field is for.

What the operator typed (staff member, note, firm) stays when the same order is shown
again, so a step refused because another seat changed the order loses nothing. A line
above the record names whoever else is editing the order right now.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.money import price
from app.orders.presence import Editor
from app.orders.routing import FirmChoice
from app.orders.views import OrderDetail
from ui import labels
from ui.widgets.html import STYLE, columns, esc, fields_table, fmt_datetime, section


def routing_reason_text(reason: str) -> str:
    """The stored routing reason in the operator's language (the service writes English;
    orders from before this version carry the centre's own Chinese words, shown as-is)."""

    if m := re.fullmatch(r"override: (.*)", reason, re.S):
        return QCoreApplication.translate("RoutingReason", "chosen by the operator: %1").replace(
            "%1", m.group(1)
        )
    if m := re.fullmatch(r"re-dispatched after rejection: (.*)", reason, re.S):
        return QCoreApplication.translate(
            "RoutingReason", "re-dispatched after a rejection: %1"
        ).replace("%1", routing_reason_text(m.group(1)))
    if reason == "preferred firm of the elder":
        return QCoreApplication.translate("RoutingReason", "preferred firm of the elder")
    if m := re.fullmatch(r"least open orders \((\d+)\), tie broken by rotation", reason):
        return QCoreApplication.translate(
            "RoutingReason", "fewest open orders (%1), tie broken by rotation"
        ).replace("%1", m.group(1))
    if m := re.fullmatch(r"least open orders \((\d+)\)", reason):
        return QCoreApplication.translate("RoutingReason", "fewest open orders (%1)").replace(
            "%1", m.group(1)
        )
    if m := re.fullmatch(r"only eligible firm, open orders \((\d+)\)", reason):
        return QCoreApplication.translate(
            "RoutingReason", "the only eligible firm, open orders (%1)"
        ).replace("%1", m.group(1))
    return reason


class OrderDetailView(QWidget):
    """Emits ``step(to_status)`` when the operator takes a step; the screen runs it.

    ``editing`` when the operator goes into the form (or types in it) to change the order.
    """

    step = Signal(str)
    editing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: OrderDetail | None = None
        self.presence = QLabel(self)
        self.presence.setObjectName("order-presence")
        self.presence.setWordWrap(True)
        self.presence.setStyleSheet(
            "background: #fff3e0; color: #e65100; font-weight: bold; padding: 4px;"
        )
        self.presence.hide()
        self.text = QTextBrowser(self)
        self.text.setObjectName("order-detail-text")
        self.text.setOpenLinks(False)

        self.staff = QComboBox(self)
        self.staff.setObjectName("order-staff")
        self.staff.setEditable(True)
        self.staff.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.staff.lineEdit().setPlaceholderText(self.tr("Name of the firm's staff member"))
        self.note = QLineEdit(self)
        self.note.setObjectName("order-note")
        self.note.setPlaceholderText(self.tr("Reason or note (required to reject or cancel)"))
        self.firm = QComboBox(self)
        self.firm.setObjectName("order-firm")
        self.firm_hint = QLabel(self)
        self.firm_hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("order-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons: dict[str, QPushButton] = {
            "accepted": QPushButton(self.tr("&Accepted"), self),
            "in_service": QPushButton(self.tr("&Started"), self),
            "completed": QPushButton(self.tr("Co&mpleted"), self),
            "rejected": QPushButton(self.tr("&Rejected"), self),
            "dispatched": QPushButton(self.tr("Re-&dispatch"), self),
            "cancelled": QPushButton(self.tr("Ca&ncel order"), self),
            "closed": QPushButton(self.tr("C&lose"), self),
        }
        for to, button in self.buttons.items():
            button.setObjectName(f"order-step-{to}")
            button.clicked.connect(lambda _checked=False, to=to: self.step.emit(to))

        form = QGridLayout()
        self.staff_label = QLabel(self.tr("S&taff member"), self)
        self.staff_label.setBuddy(self.staff)
        self.note_label = QLabel(self.tr("N&ote / reason"), self)
        self.note_label.setBuddy(self.note)
        self.firm_label = QLabel(self.tr("&Firm"), self)
        self.firm_label.setBuddy(self.firm)
        form.addWidget(self.staff_label, 0, 0)
        form.addWidget(self.staff, 0, 1)
        form.addWidget(self.note_label, 1, 0)
        form.addWidget(self.note, 1, 1)
        form.addWidget(self.firm_label, 2, 0)
        form.addWidget(self.firm, 2, 1)
        form.addWidget(self.firm_hint, 3, 1)
        form.setColumnStretch(1, 1)
        bar = QHBoxLayout()
        for button in self.buttons.values():
            bar.addWidget(button)
        bar.addStretch(1)

        self.actions = QWidget(self)
        actions_layout = QVBoxLayout(self.actions)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addLayout(form)
        actions_layout.addLayout(bar)
        actions_layout.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.presence)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.actions)

        self.staff.lineEdit().returnPressed.connect(self._enter_in_staff)
        self.note.returnPressed.connect(self._enter_in_note)
        for widget in (self.staff, self.staff.lineEdit(), self.note, self.firm):
            widget.installEventFilter(self)
        self.note.textEdited.connect(lambda _t: self._editing())
        self.staff.lineEdit().textEdited.connect(lambda _t: self._editing())
        self.show_empty()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._editing()
        return super().eventFilter(watched, event)

    def _editing(self) -> None:
        if self.detail is not None:
            self.editing.emit()

    # -- showing -----------------------------------------------------------------------

    def show_empty(self) -> None:
        self.detail = None
        self.show_editors([])
        hint = self.tr("Select an order to see its details and history.")
        self.text.setHtml(STYLE + f"<p class='muted'>{esc(hint)}</p>")
        self.set_allowed([])
        self.show_message("")

    def show_order(self, d: OrderDetail, allowed: list[str], permitted: list[str]) -> None:
        """``allowed``: the steps the state machine offers; ``permitted``: those this
        user's role may take. The others stay visible, marked, and the service refuses
        them in words: the operator learns a supervisor is needed, not a dead button."""
        same = self.detail is not None and self.detail.summary.id == d.summary.id
        self.detail = d
        self.text.setHtml(STYLE + self._html(d))
        self.set_allowed(allowed)
        for to, button in self.buttons.items():
            button.setToolTip(
                "" if to in permitted else self.tr("Your role may not do this; a supervisor can.")
            )
        if not same:
            self.note.clear()
            self.staff.setEditText(d.summary.staff_name)
            self.show_message("")

    def set_allowed(self, allowed: list[str]) -> None:
        for to, button in self.buttons.items():
            button.setVisible(to in allowed)
        progress = any(to in allowed for to in ("accepted", "in_service", "completed"))
        self.staff.setVisible(progress)
        self.staff_label.setVisible(progress)
        self.note.setVisible(bool(allowed))
        self.note_label.setVisible(bool(allowed))
        redispatch = "dispatched" in allowed
        self.firm.setVisible(redispatch)
        self.firm_label.setVisible(redispatch)
        self.firm_hint.setVisible(redispatch)
        self.actions.setVisible(bool(allowed) or bool(self.message.text()))

    def set_staff(self, names: list[str]) -> None:
        typed = self.staff.currentText()
        self.staff.clear()
        self.staff.addItems(names)
        self.staff.setEditText(typed)

    def set_firms(self, candidates: list[FirmChoice], reason: str) -> None:
        # A reload of the same order (another seat changed it) keeps the firm chosen.
        chosen = self.firm.currentData()
        self.firm.clear()
        for c in candidates:
            text = (
                self.tr("%1 (open orders: %2)")
                .replace("%1", c.name)
                .replace("%2", str(c.open_orders))
            )
            self.firm.addItem(text, c.firm_id)
        if chosen is not None and self.firm.findData(chosen) >= 0:
            self.firm.setCurrentIndex(self.firm.findData(chosen))
        self.firm_hint.setText(
            self.tr("Suggested: %1").replace("%1", routing_reason_text(reason))
            if candidates
            else reason
        )

    def show_editors(self, editors: list[Editor]) -> None:
        """Who else is editing the order shown (an empty list hides the line)."""
        lines = [
            self.tr("%1 (seat %2) is editing this order")
            .replace("%1", e.user_name)
            .replace("%2", e.seat)
            for e in editors
        ]
        self.presence.setText("\n".join(lines))
        self.presence.setVisible(bool(lines))

    def chosen_firm(self) -> int | None:
        value = self.firm.currentData()
        return int(value) if value is not None else None

    def show_message(self, text: str, *, error: bool = True) -> None:
        colour = "#c62828" if error else "#2e7d32"
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setText(text)
        if text:
            self.actions.setVisible(True)

    def focus_form(self) -> None:
        for widget in (self.staff, self.note):
            if widget.isVisible():
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def _visible_steps(self) -> list[str]:
        return [to for to, b in self.buttons.items() if b.isVisible()]

    def _enter_in_staff(self) -> None:
        # The one progress step on offer is what a name typed here is for.
        steps = [s for s in self._visible_steps() if s in ("accepted", "in_service", "completed")]
        if len(steps) == 1:
            self.step.emit(steps[0])

    def _enter_in_note(self) -> None:
        steps = [s for s in self._visible_steps() if s in ("rejected", "cancelled", "closed")]
        if len(steps) == 1:
            self.step.emit(steps[0])

    # -- html --------------------------------------------------------------------------

    def _html(self, d: OrderDetail) -> str:
        s = d.summary
        status = labels.label(labels.order_statuses(), s.status)
        flags = ""
        if s.overdue:
            overdue = self.tr("overdue")
            flags += f" <span class='warn'>{esc(overdue)}</span>"
        if s.disputed:
            disputed = self.tr("disputed")
            flags += f" <span class='warn'>{esc(disputed)}</span>"
        title = f"<h2>{esc(s.order_no)} <span class='muted'>· {esc(status)}</span>{flags}</h2>"
        order = section(
            self.tr("Order"),
            fields_table(
                [
                    (self.tr("Elder"), f"<b>{esc(s.elder_name)}</b>"),
                    (self.tr("Phone"), f"<b>{esc(d.elder_phone)}</b>"),
                    (self.tr("Address"), esc(d.elder_address)),
                    (self.tr("Community"), esc(d.community_path)),
                    (
                        self.tr("Item"),
                        f"{esc(s.item_name)} ({esc(d.item_code)}) × {d.quantity} "
                        f"{esc(d.item_unit)} · {esc(s.category_name)}",
                    ),
                    (
                        self.tr("Prices"),
                        esc(
                            self.tr("market %1, elder pays %2, government pays %3")
                            .replace("%1", price(d.market_price_fen))
                            .replace("%2", price(d.elder_pays_fen))
                            .replace("%3", price(d.government_pays_fen))
                        ),
                    ),
                    (self.tr("Firm"), esc(s.firm_name)),
                    (self.tr("Routing"), esc(routing_reason_text(s.routing_reason))),
                    (self.tr("Staff member"), esc(s.staff_name)),
                    (self.tr("Notes"), esc(d.notes)),
                    (self.tr("Cancel reason"), esc(d.cancel_reason)),
                ]
            ),
        )
        times = section(
            self.tr("Times"),
            fields_table(
                [
                    (self.tr("Created"), esc(fmt_datetime(s.created_at))),
                    (self.tr("Appointment"), esc(fmt_datetime(s.appointment_at))),
                    (
                        self.tr("Due"),
                        esc(fmt_datetime(s.due_at))
                        + esc(self.tr(" (limit %1 min)").replace("%1", str(d.time_limit_min))),
                    ),
                    (self.tr("Dispatched"), esc(fmt_datetime(d.dispatched_at))),
                    (self.tr("Accepted"), esc(fmt_datetime(d.accepted_at))),
                    (self.tr("Started"), esc(fmt_datetime(d.started_at))),
                    (self.tr("Completed"), esc(fmt_datetime(d.completed_at))),
                    (self.tr("Closed"), esc(fmt_datetime(d.closed_at))),
                    (self.tr("Cancelled"), esc(fmt_datetime(d.cancelled_at))),
                    (self.tr("Rejections"), str(s.rejections) if s.rejections else ""),
                ]
            ),
        )
        statuses = labels.order_statuses()
        rows = "".join(
            "<tr>"
            f"<td class='nowrap'>{esc(fmt_datetime(h.at))}</td>"
            f"<td class='nowrap'>{esc(labels.label(statuses, h.from_status) or '—')} → "
            f"<b>{esc(labels.label(statuses, h.to_status))}</b></td>"
            f"<td>{esc(h.reported_by)}</td>"
            f"<td>{esc(h.user_name)}</td>"
            f"<td>{esc(routing_reason_text(h.note))}</td>"
            "</tr>"
            for h in d.history
        )
        head = "".join(
            f"<td class='label'>{esc(t)}</td>"
            for t in (
                self.tr("When"),
                self.tr("Step"),
                self.tr("Reported by"),
                self.tr("Recorded by"),
                self.tr("Note"),
            )
        )
        history = section(
            self.tr("History (%1)").replace("%1", str(len(d.history))),
            f"<table class='fields' cellspacing='0' cellpadding='3'><tr>{head}</tr>{rows}</table>",
        )
        standard = (
            section(self.tr("Service standard"), f"<p>{esc(d.item_standard)}</p>")
            if d.item_standard
            else ""
        )
        return title + columns(order, times, widths=(58, 42)) + history + standard
