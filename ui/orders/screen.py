"""The Order board (Ctrl+3): every work order, filtered, newest first, with the next steps.

Keys: Ctrl+F the search; arrows in the list; Enter goes to the selected order's form
(staff member, note); Alt+A accepted, Alt+S started, Alt+M completed, Alt+R rejected,
Alt+D re-dispatch, Alt+N cancel, Alt+L close; Escape back to the list; F5 reloads.

Going into an order's form announces to every seat that this operator is editing it
(again each minute while it stays open, and that they left when another order or
screen is shown); the detail names whoever else is. A step refused because another
seat changed the order first reloads the order and keeps what was typed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.access import SYSTEM
from app.errors import AnxinError, Conflict, ValidationError
from app.feed.topics import Change, OrderEditing
from app.orders.board import OrderFilter
from app.orders.presence import REFRESH_EVERY, Editor, Editors, announce_editing, seat_name
from app.orders.routing import RoutingSuggestion, suggest_firm
from app.orders.service import (
    StaleOrder,
    allowed_transitions,
    order_detail,
    order_summaries,
    transition,
)
from app.orders.views import DEADLINE_STATUSES, OPEN_STATUSES, OrderDetail, OrderSummary
from app.registry.areas import AreaRef, list_areas
from app.registry.catalogue import CategoryRow, list_categories
from app.registry.firms import FirmRow, list_staff, search_firms
from app.registry.firms import StaffRow as _StaffRow
from ui import labels
from ui.bus_bridge import BusBridge
from ui.context import UiContext
from ui.orders.detail import OrderDetailView
from ui.orders.model import COLUMN_KEYS, COUNT_CAP, OrderTableModel
from ui.widgets.column_widths import fit_columns
from ui.widgets.date_field import DateField, DateFormatError
from ui.widgets.search_box import SearchBox
from ui.widgets.searchable_combo import SearchableCombo
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DETAIL_DELAY_MS = 120
# How often forgotten editors are taken off the detail (they expire after presence.TTL).
PRESENCE_SWEEP_MS = 10_000

_Choices = tuple[list[FirmRow], list[AreaRef], list[CategoryRow]]
_Loaded = tuple[OrderDetail, list[_StaffRow], RoutingSuggestion | None]


def _load_choices(session: Session) -> _Choices:
    return search_firms(session, limit=1000), list_areas(session), list_categories(session)


def _load_order(session: Session, order_id: int) -> _Loaded:
    """The order, its firm's staff (for the name field) and, when it waits for a firm,
    the routing suggestion without the firm that said no."""
    d = order_detail(session, order_id)
    s = d.summary
    staff = list_staff(session, s.firm_id, active_only=True) if s.firm_id is not None else []
    suggestion = None
    if s.status in ("new", "rejected"):
        exclude = [s.firm_id] if s.status == "rejected" and s.firm_id is not None else []
        suggestion = suggest_firm(session, s.elder_id, s.item_id, exclude=exclude)
    return d, staff, suggestion


class OrdersScreen(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._started = False
        self._pending_show: int | None = None
        self._step_running = False
        # Who this seat is to the others, and the order it told them it is editing.
        self.seat = seat_name()
        self._clock: Callable[[], float] = time.monotonic
        self.editors = Editors(Editor(ctx.operator.display_name, self.seat))
        self._editing: int | None = None

        # -- filter bar ------------------------------------------------------------------
        self.search = SearchBox(self)
        self.search.setObjectName("order-search")
        self.search.setPlaceholderText(
            self.tr(
                "Search orders: order no., elder name, pinyin initials, phone or item   (Ctrl+F)"
            )
        )
        self.preset = QComboBox(self)
        self.preset.setObjectName("order-preset")
        self.preset.addItem(self.tr("Open"), "open")
        self.preset.addItem(self.tr("Overdue"), "overdue")
        self.preset.addItem(self.tr("All"), "all")
        for code, text in labels.order_statuses().items():
            self.preset.addItem(text, code)
        self.overdue = QCheckBox(self.tr("O&verdue only"), self)
        self.overdue.setObjectName("order-overdue")
        self.sort = QComboBox(self)
        self.sort.setObjectName("order-sort")
        self.sort.addItem(self.tr("Newest first"), "created_desc")
        self.sort.addItem(self.tr("Oldest first"), "created_asc")
        self.sort.addItem(self.tr("Deadline first"), "due_asc")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("order-count")

        self.firm = SearchableCombo(self, empty_label=self.tr("All firms"))
        self.firm.setObjectName("order-firm-filter")
        self.area = SearchableCombo(self, empty_label=self.tr("All areas"))
        self.area.setObjectName("order-area-filter")
        self.category = QComboBox(self)
        self.category.setObjectName("order-category-filter")
        self.category.addItem(self.tr("All categories"), None)
        self.date_from = DateField(self, optional=True)
        self.date_from.setObjectName("order-from")
        self.date_to = DateField(self, optional=True)
        self.date_to.setObjectName("order-to")
        for field in (self.date_from, self.date_to):
            field.setMaximumWidth(150)

        row1 = QHBoxLayout()
        row1.addWidget(self.search, 1)
        row1.addWidget(self.preset)
        row1.addWidget(self.overdue)
        row1.addWidget(self.sort)
        row1.addSpacing(12)
        row1.addWidget(self.count_label)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("Firm"), self))
        row2.addWidget(self.firm, 2)
        row2.addWidget(QLabel(self.tr("Area"), self))
        row2.addWidget(self.area, 2)
        row2.addWidget(QLabel(self.tr("Category"), self))
        row2.addWidget(self.category, 1)
        row2.addWidget(QLabel(self.tr("Created from"), self))
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel(self.tr("to"), self))
        row2.addWidget(self.date_to)

        # -- list and detail -------------------------------------------------------------
        self.model = OrderTableModel(ctx)
        self.table = QTableView(self)
        self.table.setObjectName("order-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        samples = {
            "order_no": ["GD2026120300808"],
            "status": [t + " · " + self.tr("overdue") for t in labels.order_statuses().values()],
            "elder": ["欧阳秀英"],
            "item": ["家电水电维修 ×2"],
            "firm": ["兰州安康家政服务公司"],
            "staff": ["欧阳秀英"],
            "community": ["东方红广场社区"],
            "created": ["12-31 23:59"],
            "due": ["12-31 23:59"],
            "elder_pays": ["¥1000.00"],
        }
        fit_columns(self.table, list(COLUMN_KEYS), samples, fill="firm")

        self.detail = OrderDetailView(self)
        self.detail.setObjectName("order-detail")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(splitter, 1)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._load_detail)

        # -- wiring ----------------------------------------------------------------------
        self.search.search.connect(lambda _text: self.apply_filter())
        self.search.leave_down.connect(self._enter_list)
        for combo in (self.preset, self.sort, self.category):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for searchable in (self.firm, self.area):
            searchable.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.overdue.toggled.connect(lambda _on: self.apply_filter())
        for field in (self.date_from, self.date_to):
            field.editingFinished.connect(self.apply_filter)
        self.model.total_changed.connect(self._show_count)
        self.model.first_page_loaded.connect(self._first_page_loaded)
        self.model.modelReset.connect(self.detail.show_empty)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.detail.focus_form())
        self.detail.step.connect(self.take_step)
        self._bridge = BusBridge(ctx.bus, "order.changed", self)
        self._bridge.message.connect(self._on_changed)
        self._presence_bridge = BusBridge(ctx.bus, "order.editing", self)
        self._presence_bridge.message.connect(self._on_editing)
        self.detail.editing.connect(self._start_editing)
        self._presence_refresh = QTimer(self)
        self._presence_refresh.setInterval(int(REFRESH_EVERY.total_seconds() * 1000))
        self._presence_refresh.timeout.connect(self._refresh_editing)
        self._presence_sweep = QTimer(self)
        self._presence_sweep.setInterval(PRESENCE_SWEEP_MS)
        self._presence_sweep.timeout.connect(self._sweep_editors)
        self._presence_sweep.start()

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            add_shortcut(key, self.table, self.detail.focus_form, Qt.ShortcutContext.WidgetShortcut)
        add_shortcut(
            Qt.Key.Key_Escape,
            self.detail,
            self._back_to_list,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        add_shortcut(
            Qt.Key.Key_F5, self, self.model.reload, Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self._show_count(None)

    # -- screen protocol (main window) ---------------------------------------------------

    def activated(self) -> None:
        if not self._started:
            self._started = True
            self.ctx.read(_load_choices, on_success=self._fill_choices, owner=self)
            self.apply_filter()

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    def show_order(self, order_id: int) -> None:
        """Bring one order on screen and select it (the Hotline calls this after a dispatch)."""
        self._pending_show = order_id
        if not self._started:
            self.activated()  # the first page will select it, or put it on top
            return

        def got(rows: list[OrderSummary]) -> None:
            if rows:
                self._select_or_insert(rows[0])

        self.ctx.read(
            lambda session: order_summaries(session, [order_id], datetime.now(UTC)),
            on_success=got,
            owner=self,
        )

    # -- filter --------------------------------------------------------------------------

    def _fill_choices(self, choices: _Choices) -> None:
        firms, areas, categories = choices
        self.firm.set_entries((f.id, f.name, f.licence_no) for f in firms)
        self.area.set_entries((a.id, "　" * a.depth + a.name, a.path) for a in areas)
        self.category.blockSignals(True)
        for c in categories:
            self.category.addItem(c.name, c.id)
        self.category.blockSignals(False)

    def current_filter(self) -> OrderFilter:
        preset = self.preset.currentData()
        statuses: frozenset[str] = frozenset()
        overdue = self.overdue.isChecked()
        if preset == "open":
            statuses = OPEN_STATUSES
        elif preset == "overdue":
            statuses, overdue = DEADLINE_STATUSES, True
        elif preset != "all":
            statuses = frozenset({preset})
        created_from = created_to = None
        for field in (self.date_from, self.date_to):
            field.setStyleSheet("")
        try:
            created_from = self.date_from.date()
        except DateFormatError:
            self.date_from.setStyleSheet("border: 1px solid #c62828;")
        try:
            created_to = self.date_to.date()
        except DateFormatError:
            self.date_to.setStyleSheet("border: 1px solid #c62828;")
        category = self.category.currentData()
        return OrderFilter(
            statuses=statuses,
            firm_id=self.firm.current_id(),
            area_id=self.area.current_id(),
            category_id=int(category) if category is not None else None,
            created_from=created_from,
            created_to=created_to,
            overdue_only=overdue,
            text=self.search.text().strip(),
            sort=str(self.sort.currentData()),
        )

    def apply_filter(self) -> None:
        if not self._started:
            return
        flt = self.current_filter()
        if flt != self.model.filter or self.model.total is None or not self.model.rowCount():
            self.model.set_filter(flt)

    def _show_count(self, total: int | None) -> None:
        if total is None:
            self.count_label.setText(self.tr("Counting…"))
        elif total >= COUNT_CAP:
            self.count_label.setText(self.tr("%1+ orders").replace("%1", f"{COUNT_CAP:,}"))
        else:
            self.count_label.setText(self.tr("%n order(s)", "", total))

    # -- list ------------------------------------------------------------------------------

    def _enter_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _back_to_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _first_page_loaded(self) -> None:
        pending = self._pending_show
        if pending is not None:
            self.show_order(pending)
            return
        if self.model.rowCount():
            self.table.selectRow(0)

    def _select_or_insert(self, row: OrderSummary) -> None:
        self._pending_show = None
        if self.model.row_of(row.id) < 0:
            self.model.insert_first(row)
        index = self.model.row_of(row.id)
        self.table.selectRow(index)
        self.table.scrollTo(self.model.index(index, 0))
        self._load_detail()

    def selected_row(self) -> OrderSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._detail_timer.start()

    def _load_detail(self) -> None:
        row = self.selected_row()
        if row is None:
            self._stop_editing()
            self.detail.show_empty()
            return
        order_id = row.id
        self.ctx.read(
            lambda session: _load_order(session, order_id),
            on_success=self._show_detail,
            owner=self,
            key="orders.detail",
        )

    def _show_detail(self, loaded: _Loaded) -> None:
        d, staff, suggestion = loaded
        row = self.selected_row()
        if row is None or row.id != d.summary.id:
            return
        self.model.replace_row(d.summary)
        if self._editing is not None and self._editing != d.summary.id:
            self._stop_editing()
        status = d.summary.status
        self.detail.show_order(
            d,
            allowed_transitions(status, SYSTEM),
            allowed_transitions(status, self.ctx.operator.as_actor()),
        )
        self.detail.set_staff([s.name for s in staff])
        if suggestion is not None:
            self.detail.set_firms(suggestion.candidates, suggestion.reason)
        self._show_editors()

    def _on_changed(self, _topic: str, change: Change) -> None:
        if not self._started:
            return
        ids = list(change.ids)
        self.model.refresh(ids)
        row = self.selected_row()
        if row is not None and row.id in ids:
            self._load_detail()

    # -- who is editing ------------------------------------------------------------------

    def _announce(self, order_id: int, editing: bool) -> None:
        user, seat = self.ctx.operator.display_name, self.seat
        self.ctx.write(
            lambda session: announce_editing(
                session, order_id, user_name=user, seat=seat, editing=editing
            ),
            # A lost announcement is only a courtesy lost; the next refresh repeats it.
            on_failure=lambda _exc: True,
            owner=self,
        )

    def _start_editing(self) -> None:
        d = self.detail.detail
        if d is None or self._editing == d.summary.id:
            return
        self._stop_editing()
        self._editing = d.summary.id
        self._announce(d.summary.id, True)
        self._presence_refresh.start()

    def _refresh_editing(self) -> None:
        if self._editing is not None:
            self._announce(self._editing, True)

    def _stop_editing(self) -> None:
        if self._editing is None:
            return
        order_id, self._editing = self._editing, None
        self._presence_refresh.stop()
        self._announce(order_id, False)

    def editing_order(self) -> int | None:
        """The order this seat has told the others it is editing."""
        return self._editing

    def _on_editing(self, _topic: str, change: Change) -> None:
        if not isinstance(change, OrderEditing):
            return
        # Whoever is signed in now: this seat's own announcements are not "someone else".
        self.editors.me = Editor(self.ctx.operator.display_name, self.seat)
        if self.editors.hear(change, self._clock()):
            self._show_editors()

    def _sweep_editors(self) -> None:
        if self.editors.expire(self._clock()):
            self._show_editors()

    def _show_editors(self) -> None:
        d = self.detail.detail
        self.detail.show_editors(self.editors.of(d.summary.id, self._clock()) if d else [])

    def hideEvent(self, event: QHideEvent) -> None:
        # Another screen shown, or the console closing: this operator left the order.
        self._stop_editing()
        super().hideEvent(event)

    # -- steps -----------------------------------------------------------------------------

    def take_step(self, to_status: str) -> None:
        d = self.detail.detail
        # One step at a time: a double click or a key that repeats must not record twice.
        if d is None or self._step_running or not self.detail.buttons[to_status].isVisible():
            return
        self._step_running = True
        order_id, order_no = d.summary.id, d.summary.order_no
        staff = self.detail.staff.currentText().strip()
        note = self.detail.note.text().strip()
        firm = self.detail.chosen_firm() if to_status == "dispatched" else None
        version = d.version
        actor = self.ctx.operator.as_actor()
        self.detail.show_message(self.tr("Saving…"), error=False)

        def done(summary: OrderSummary) -> None:
            self._step_running = False
            self.model.replace_row(summary)
            status = labels.label(labels.order_statuses(), summary.status)
            self.detail.note.clear()
            self.detail.show_message(
                self.tr("Order %1 is now: %2").replace("%1", order_no).replace("%2", status),
                error=False,
            )
            selected = self.selected_row()
            if selected is not None and selected.id == order_id:
                self._load_detail()

        def failed(exc: BaseException) -> bool:
            self._step_running = False
            if isinstance(exc, ValidationError):
                self.detail.show_message("\n".join(e.message for e in exc.errors))
                return True
            if isinstance(exc, Conflict):
                # Another seat got there first: show its order as it is now, with what
                # this operator typed still in the form, to take the step again or not.
                if isinstance(exc, StaleOrder):
                    text = (
                        self.tr(
                            "Order %1 was changed by %2 at %3 — reloaded; what you typed is kept."
                        )
                        .replace("%1", exc.order_no)
                        .replace("%2", exc.by)
                        .replace("%3", exc.at)
                    )
                else:
                    text = exc.message
                self.detail.show_message(text)
                selected = self.selected_row()
                if selected is not None and selected.id == order_id:
                    self._load_detail()
                return True
            if isinstance(exc, AnxinError):
                self.detail.show_message(exc.message)
                return True
            self.detail.show_message("")
            return False

        self.ctx.write(
            lambda session: transition(
                session,
                order_id,
                to_status,
                actor=actor,
                reported_by=staff,
                note=note,
                firm_id=firm,
                expected_version=version,
            ),
            on_success=done,
            on_failure=failed,
            owner=self,
        )
