"""The service request: item, quantity, time, notes, the firm the rule suggests — Enter sends it.

Keyboard path (the operator has a headset on and both hands on the keys):
type a few letters of the item (Chinese, pinyin initials such as ``zc`` for 助餐, or
the code) → Enter takes the highlighted item → Enter dispatches. Ctrl+R fills in the
elder's last request, so a repeat is Ctrl+R, Enter. The firm needs no keystroke: the
service applies the routing rule when no firm is chosen, so Enter never waits for the
suggestion to arrive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import AnxinError, ValidationError
from app.money import price
from app.registry.catalogue import ItemRow, search_items
from ui.context import UiContext
from ui.widgets.html import esc
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.elder_card import ElderCard
    from app.orders.routing import RoutingSuggestion
    from app.orders.service import OrderSummary, Quote

SEARCH_DELAY_MS = 120
ITEM_ROW = Qt.ItemDataRole.UserRole


_TIME = re.compile(r"^(?:(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s+)?(\d{1,2})[:：](\d{2})$")


def parse_appointment(text: str, now: datetime) -> datetime | None:
    """'' → as soon as possible; '15:30' → today (tomorrow if past); '12-05 09:00'; full date.

    Times are the centre's local time; the result is UTC. Raises ValueError with a
    message for the operator.
    """
    text = text.strip()
    if not text:
        return None
    m = _TIME.match(text)
    if not m:
        raise ValueError("write the time as 15:30, 12-05 09:00 or 2026-12-05 09:00")
    year, month, day, hour, minute = m.groups()
    local_now = now.astimezone()
    try:
        if month is None:
            at = local_now.replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
            if at < local_now:
                at += timedelta(days=1)
        else:
            at = local_now.replace(
                year=int(year) if year else local_now.year,
                month=int(month),
                day=int(day),
                hour=int(hour),
                minute=int(minute),
                second=0,
                microsecond=0,
            )
    except ValueError:
        raise ValueError(f"{text!r} is not a real date and time") from None
    return at.astimezone(UTC)


@dataclass(frozen=True)
class Offer:
    """What the panel shows for the chosen item: price for this elder and the firm."""

    quote: Quote
    routing: RoutingSuggestion


def _offer(session: Session, elder_id: int, item_id: int, quantity: int) -> Offer:
    from app.orders.routing import suggest_firm
    from app.orders.service import quote

    return Offer(
        quote(session, elder_id, item_id, quantity), suggest_firm(session, elder_id, item_id)
    )


class RequestPanel(QWidget):
    dispatched = Signal(object)  # OrderSummary
    # The operator should see the order on the board.
    show_order = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("request-panel")
        self.card: ElderCard | None = None
        self.call_id: int | None = None
        self.item: ItemRow | None = None
        self.offer: Offer | None = None
        self.busy = False
        self.last_dispatched: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Service request"), self)
        title.setProperty("role", "section-title")
        layout.addWidget(title)

        form = QFormLayout()
        self.item_search = QLineEdit(self)
        self.item_search.setObjectName("item-search")
        self.item_search.setPlaceholderText(
            self.tr("Item: Chinese name, pinyin initials (zc = 助餐) or code")
        )
        form.addRow(self.tr("&Item"), self.item_search)
        self.item_list = QListWidget(self)
        self.item_list.setObjectName("item-list")
        self.item_list.setMaximumHeight(120)
        self.item_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        form.addRow("", self.item_list)
        self.item_info = QLabel(self)
        self.item_info.setObjectName("item-info")
        self.item_info.setWordWrap(True)
        self.item_info.setTextFormat(Qt.TextFormat.RichText)
        form.addRow("", self.item_info)

        row = QHBoxLayout()
        self.quantity = QSpinBox(self)
        self.quantity.setRange(1, 99)
        row.addWidget(self.quantity)
        self.appointment = QLineEdit(self)
        self.appointment.setObjectName("appointment")
        self.appointment.setPlaceholderText(self.tr("as soon as possible, or 15:30 / 12-05 09:00"))
        when = QLabel(self.tr("&When"), self)
        when.setBuddy(self.appointment)
        row.addWidget(when)
        row.addWidget(self.appointment, 1)
        quantity_label = QLabel(self.tr("&Quantity"), self)
        quantity_label.setBuddy(self.quantity)
        form.addRow(quantity_label, row)
        self.notes = QLineEdit(self)
        self.notes.setObjectName("request-notes")
        form.addRow(self.tr("&Notes"), self.notes)

        self.firm = QComboBox(self)
        self.firm.setObjectName("firm-choice")
        self.firm.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        form.addRow(self.tr("&Firm"), self.firm)
        self.routing_reason = QLabel(self)
        self.routing_reason.setObjectName("routing-reason")
        self.routing_reason.setProperty("role", "hint")
        self.routing_reason.setWordWrap(True)
        form.addRow("", self.routing_reason)
        self.override_reason = QLineEdit(self)
        self.override_reason.setObjectName("override-reason")
        self.override_reason.setPlaceholderText(self.tr("Why another firm than the suggested one"))
        self.override_label = QLabel(self.tr("Reason for the &change"), self)
        self.override_label.setBuddy(self.override_reason)
        form.addRow(self.override_label, self.override_reason)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.repeat_button = QPushButton(self.tr("Repeat last request (Ctrl+R)"), self)
        self.repeat_button.setObjectName("repeat-last")
        self.dispatch_button = QPushButton(self.tr("Dispatch (Enter)"), self)
        self.dispatch_button.setObjectName("dispatch")
        self.dispatch_button.setDefault(False)
        buttons.addWidget(self.repeat_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dispatch_button)
        layout.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setObjectName("request-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message.linkActivated.connect(lambda link: self.show_order.emit(int(link)))
        layout.addWidget(self.message)
        layout.addStretch(1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.item_search.textEdited.connect(self._item_text_edited)
        self.item_list.itemActivated.connect(self._take_list_item)
        self.item_list.itemClicked.connect(self._take_list_item)
        self.quantity.valueChanged.connect(lambda _v: self._load_offer())
        self.firm.currentIndexChanged.connect(lambda _i: self._firm_changed())
        self.repeat_button.clicked.connect(self.repeat_last)
        self.dispatch_button.clicked.connect(self.dispatch)
        for field in (self.item_search, self.quantity, self.appointment, self.notes):
            field.installEventFilter(self)
        self.override_reason.installEventFilter(self)
        self.firm.installEventFilter(self)
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(QKeySequence("Ctrl+R"), self, self.repeat_last, scope)
        self.set_elder(None, None)

    # -- state ---------------------------------------------------------------------

    def set_elder(self, card: ElderCard | None, call_id: int | None) -> None:
        """A new caller: the form starts empty for them."""
        self.card = card
        self.call_id = call_id
        self.clear_form()
        self.message.clear()
        enabled = card is not None and card.elder.status == "active"
        self.setEnabled(enabled)
        self._show_last(card)

    def refresh_card(self, card: ElderCard) -> None:
        """The same caller's card, reloaded (say after a dispatch): keep what is on the form."""
        self.card = card
        self._show_last(card)

    def _show_last(self, card: ElderCard | None) -> None:
        last = card.last_request if card else None
        self.repeat_button.setEnabled(last is not None)
        self.repeat_button.setToolTip(
            self.tr("%1, %2").replace("%1", last.item_name).replace("%2", last.firm_name)
            if last
            else ""
        )
        if card is not None and card.elder.status != "active":
            self.message.setText(
                esc(self.tr("This elder's record is not active: no services can be dispatched."))
            )

    def clear_form(self) -> None:
        self.item = None
        self.offer = None
        self.item_search.clear()
        self.item_list.clear()
        self.item_list.hide()
        self.item_info.clear()
        self.quantity.blockSignals(True)
        self.quantity.setValue(1)
        self.quantity.blockSignals(False)
        self.appointment.clear()
        self.notes.clear()
        self.firm.blockSignals(True)
        self.firm.clear()
        self.firm.blockSignals(False)
        self.routing_reason.clear()
        self.override_reason.clear()
        self._show_override(False)

    def focus_item(self) -> None:
        self.item_search.setFocus()
        self.item_search.selectAll()

    # -- item search ---------------------------------------------------------------

    def _item_text_edited(self, _text: str) -> None:
        # Typing again means choosing again.
        if self.item is not None:
            self.item = None
            self.offer = None
            self.item_info.clear()
            self.firm.clear()
            self.routing_reason.clear()
        self._search_timer.start()

    def _run_search(self) -> None:
        query = self.item_search.text().strip()
        self.ctx.read(
            lambda s: search_items(s, query, limit=30),
            on_success=lambda rows: self._show_items(query, rows),
            owner=self,
            key="hotline-item-search",
        )

    def _show_items(self, query: str, rows: list[ItemRow]) -> None:
        if query != self.item_search.text().strip() or self.item is not None:
            return
        self.item_list.clear()
        for r in rows:
            entry = QListWidgetItem(
                f"{r.name}  ·  {r.code}  ·  {r.category_name}  ·  {price(r.market_price_fen)}/{r.unit}"
            )
            entry.setData(ITEM_ROW, r)
            self.item_list.addItem(entry)
        if rows:
            self.item_list.setCurrentRow(0)
        self.item_list.setVisible(bool(rows))

    def _take_list_item(self, entry: QListWidgetItem) -> None:
        row = entry.data(ITEM_ROW)
        if isinstance(row, ItemRow):
            self.choose_item(row)

    def choose_item(self, row: ItemRow, *, quantity: int = 1, notes: str | None = None) -> None:
        self._search_timer.stop()
        self.item = row
        self.offer = None
        self.item_search.setText(row.name)
        self.item_list.clear()
        self.item_list.hide()
        self.quantity.blockSignals(True)
        self.quantity.setValue(quantity)
        self.quantity.blockSignals(False)
        if notes is not None:
            self.notes.setText(notes)
        self.item_info.setText(
            esc(f"{row.code} · {row.category_name} · ") + esc(self.tr("loading price…"))
        )
        self._load_offer()

    def _load_offer(self) -> None:
        if self.item is None or self.card is None:
            return
        elder_id, item_id, qty = self.card.elder.id, self.item.id, self.quantity.value()
        self.ctx.read(
            lambda s: _offer(s, elder_id, item_id, qty),
            on_success=lambda offer: self._show_offer(item_id, offer),
            on_failure=self._failed,
            owner=self,
            key="hotline-offer",
        )

    def _show_offer(self, item_id: int, offer: Offer) -> None:
        if self.item is None or self.item.id != item_id:
            return
        self.offer = offer
        q = offer.quote
        hours, minutes = divmod(q.time_limit_min, 60)
        limit = (
            self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
            if hours and minutes
            else self.tr("%1 h").replace("%1", str(hours))
            if hours
            else self.tr("%1 min").replace("%1", str(minutes))
        )
        pays = (
            self.tr("Elder pays %1, government pays %2 (category %3)")
            .replace("%1", price(q.elder_pays_fen))
            .replace("%2", price(q.government_pays_fen))
            .replace("%3", q.subsidy_category)
        )
        within = self.tr("to be done within %1").replace("%1", limit)
        standard = q.standard or self.tr("No service standard recorded")
        self.item_info.setText(
            f"<b>{esc(pays)}</b> · {esc(within)}<br><span style='color:#555'>{esc(standard)}</span>"
        )
        self.firm.blockSignals(True)
        self.firm.clear()
        for c in offer.routing.candidates:
            label = self.tr("%1 (%2 open)").replace("%1", c.name).replace("%2", str(c.open_orders))
            self.firm.addItem(label, c.firm_id)
        if offer.routing.firm_id is not None:
            self.firm.setCurrentIndex(max(0, self.firm.findData(offer.routing.firm_id)))
        self.firm.blockSignals(False)
        self.routing_reason.setText(
            self.tr("Suggested: %1").replace("%1", offer.routing.reason)
            if offer.routing.firm_id is not None
            else offer.routing.reason
        )
        self._show_override(False)

    def _firm_changed(self) -> None:
        self._show_override(self._overridden())

    def _overridden(self) -> bool:
        if self.offer is None or self.firm.count() == 0:
            return False
        return self.firm.currentData() != self.offer.routing.firm_id

    def _show_override(self, visible: bool) -> None:
        self.override_label.setVisible(visible)
        self.override_reason.setVisible(visible)

    # -- repeat and dispatch ---------------------------------------------------------

    def repeat_last(self) -> None:
        last = self.card.last_request if self.card else None
        if last is None or not self.isEnabled():
            return
        item_id = last.item_id

        def load(session: Session) -> ItemRow | None:
            from app.registry.catalogue import get_item

            d = get_item(session, item_id)
            if not d.active:
                return None
            return ItemRow(
                id=d.id,
                code=d.code,
                name=d.name,
                category_code=d.category_code,
                category_name=d.category_name,
                unit=d.unit,
                market_price_fen=d.market_price_fen,
                time_limit_min=d.time_limit_min,
                kind=d.kind,
                active=d.active,
                standard=d.standard,
                category_id=d.category_id,
            )

        # Shown at once so the operator can read it back; details follow.
        self.item_search.setText(last.item_name)
        self.item = ItemRow(
            id=last.item_id,
            code="",
            name=last.item_name,
            category_code="",
            category_name="",
            unit="",
            market_price_fen=0,
            time_limit_min=0,
            kind="",
            active=True,
            standard="",
        )
        self.item_list.clear()
        self.quantity.blockSignals(True)
        self.quantity.setValue(last.quantity)
        self.quantity.blockSignals(False)
        self.notes.setText(last.notes)
        self.item_search.setFocus()

        def loaded(row: ItemRow | None) -> None:
            if self.item is None or self.item.id != item_id:
                return
            if row is None:
                self.item = None
                self.message.setText(
                    esc(self.tr("%1 is no longer offered.").replace("%1", last.item_name))
                )
                return
            self.choose_item(row, quantity=last.quantity, notes=last.notes)

        self.ctx.read(load, on_success=loaded, on_failure=self._failed, owner=self)

    def dispatch(self) -> None:
        from app.orders.service import OrderRequest, dispatch_order

        if self.busy or self.card is None:
            return
        if self.item is None:
            self.message.setText(esc(self.tr("Choose an item first.")))
            self.focus_item()
            return
        try:
            appointment = parse_appointment(self.appointment.text(), datetime.now(UTC))
        except ValueError:
            self.message.setText(
                esc(
                    self.tr(
                        "When: %1 is not a time. Write 15:30, 12-05 09:00 or 2026-12-05 09:00, "
                        "or leave it empty for as soon as possible."
                    ).replace("%1", self.appointment.text().strip())
                )
            )
            self.appointment.setFocus()
            return
        overridden = self._overridden()
        if overridden and not self.override_reason.text().strip():
            self.message.setText(
                esc(self.tr("Say why the order goes to another firm than the suggested one."))
            )
            self.override_reason.setFocus()
            return
        request = OrderRequest(
            elder_id=self.card.elder.id,
            item_id=self.item.id,
            quantity=self.quantity.value(),
            appointment_at=appointment,
            notes=self.notes.text().strip(),
            firm_id=self.firm.currentData() if overridden else None,
            override_reason=self.override_reason.text().strip() if overridden else "",
            call_id=self.call_id,
        )
        actor = self.ctx.operator.as_actor()
        call_id = self.call_id

        def work(session: Session) -> Any:
            order = dispatch_order(session, request, actor=actor)
            if call_id is not None:
                from app import calls

                calls.describe(
                    session,
                    call_id,
                    actor=actor,
                    elder_id=request.elder_id,
                    disposition="request",
                )
            return order

        self.busy = True
        self.dispatch_button.setEnabled(False)
        self.message.setText(esc(self.tr("Dispatching…")))
        self.ctx.write(
            work, on_success=self._dispatched, on_failure=self._dispatch_failed, owner=self
        )

    def _dispatched(self, order: OrderSummary) -> None:
        self.busy = False
        self.dispatch_button.setEnabled(True)
        self.clear_form()
        text = (
            self.tr("Order %1 dispatched to %2: %3, due %4.")
            .replace("%1", f"<a href='{order.id}'>{esc(order.order_no)}</a>")
            .replace("%2", esc(order.firm_name))
            .replace("%3", esc(order.item_name))
            .replace("%4", esc(order.due_at.astimezone().strftime("%m-%d %H:%M")))
        )
        self.message.setText(text + " " + esc(self.tr("Ctrl+B shows it on the order board.")))
        self.last_dispatched = order.id
        self.dispatched.emit(order)
        self.focus_item()

    def _dispatch_failed(self, exc: BaseException) -> bool:
        self.busy = False
        self.dispatch_button.setEnabled(True)
        return self._failed(exc)

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, ValidationError):
            self.message.setText(
                "<span style='color:#c62828'>"
                + "<br>".join(esc(e.message) for e in exc.errors)
                + "</span>"
            )
            return True
        if isinstance(exc, AnxinError):
            self.message.setText(f"<span style='color:#c62828'>{esc(exc.message)}</span>")
            return True
        return False

    # -- keys ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if (
                watched is self.item_search
                and key in (Qt.Key.Key_Down, Qt.Key.Key_Up)
                and self.item_list.count()
            ):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.item_list.count() - 1, self.item_list.currentRow() + step))
                self.item_list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ):
                if watched is self.item_search and self.item is None:
                    entry = self.item_list.currentItem()
                    if entry is None and self._search_timer.isActive():
                        # Enter before the list arrived: search now, take the first.
                        self._search_timer.stop()
                        self._run_search()
                        return True
                    if entry is not None:
                        self._take_list_item(entry)
                    return True
                self.dispatch()
                return True
        return super().eventFilter(watched, event)
