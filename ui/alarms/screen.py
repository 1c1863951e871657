"""The Alarms screen: the queue on the left, the claimed alarm's card and actions on the right.

Keyboard first: the queue has the focus; Enter or Space claims the selected alarm (the
loser of a race between two seats is told who has it), and the card opens with one key
per action: F2 / Shift+F2 the elder answered or not, Alt+N / Alt+Shift+N contact N,
F4 120, F6 110, F7 119, F9 dispatches the emergency order, Ctrl+Enter resolves.

The queue reloads off the GUI thread when the bus says alarms changed. A storm of a
thousand alarms must not mean a thousand reloads: bus messages are coalesced where they
arrive (one pending signal at most), one read is at the database at a time with one more
queued, and the next starts while the GUI shows the last; only changed rows repaint.
Countdowns tick from a monotonic clock, one timer for the whole table. The periodic
escalation tick and the banner on every screen are ui.alarm_watch's; the Report tab shows
the month's handling figures.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import alarms
from app.alarms import AlreadyClaimed, EmergencyCard, QueueEntry
from app.bus import Bus
from app.errors import AnxinError, ValidationError
from app.feed.topics import AlarmRaised
from db.models import utcnow
from ui.alarms import labels as alarm_labels
from ui.alarms.card_view import EmergencyCardView
from ui.alarms.devices import DevicesPanel
from ui.alarms.model import AlarmQueueModel
from ui.alarms.report import HandlingReportPanel
from ui.appearance import ERROR_RED, OK_GREEN
from ui.context import UiContext
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TICK_MS = 1000
RELOAD_GAP_S = 0.2
SHOW_GAP_S = 0.03
MAX_CONTACT_KEYS = 5


class AlarmSignal(QObject):
    """Bus → GUI thread, coalesced where the messages arrive.

    The feed delivers on its own thread; between two reloads any number of alarm
    messages leave exactly one queued signal, so a storm does not flood the event loop.
    With ``keep_raised`` it also keeps the new alarms for ``drain_raised`` (the queue
    shows them before its next reading); the banner does not need them.
    """

    poke = Signal()

    def __init__(
        self, bus: Bus, parent: QObject | None = None, *, keep_raised: bool = False
    ) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending = False
        self._keep_raised = keep_raised
        self._raised: list[AlarmRaised] = []
        self.received = 0
        # Every alarm topic (raised, folded, claimed, resolved, escalated, updated, muted),
        # from any seat or the gateway: the queue re-reads.
        unsub = bus.subscribe("alarm.", self._on)
        self.destroyed.connect(lambda *_: unsub())

    def _on(self, _topic: str, change: Any) -> None:
        if self._keep_raised and isinstance(change, AlarmRaised):
            with self._lock:
                self._raised.append(change)
        self._mark()

    def _mark(self) -> None:
        with self._lock:
            self.received += 1
            if self._pending:
                return
            self._pending = True
        self.poke.emit()

    def take(self) -> None:
        """Clear the poke: the next message pokes again."""
        with self._lock:
            self._pending = False

    def drain_raised(self) -> list[AlarmRaised]:
        """The new alarms heard since the last drain, to show before the next reading."""
        with self._lock:
            raised, self._raised = self._raised, []
        return raised


class AlarmsScreen(QWidget):
    # alarm id whose card was shown
    card_shown = Signal(int)
    # the queue was reloaded and shown (entries)
    queue_shown = Signal(int)
    # a queue read has its rows (emitted on the worker thread)
    _queried = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card: EmergencyCard | None = None
        self.current: int | None = None  # the alarm whose card is open
        self.reloads = 0
        self._loading = False
        self._again = False
        self._read_started = 0.0
        self._shown_at = 0.0
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_pending)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self.reload)
        self._card_request = 0
        self._wanted: int | None = None  # show_alarm() before the queue held it

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs)

        queue_page = QWidget(self.tabs)
        page = QVBoxLayout(queue_page)
        page.setContentsMargins(0, 6, 0, 0)
        self.summary = QLabel(queue_page)
        self.summary.setObjectName("alarm-summary")
        self.summary.setProperty("role", "section-title")
        page.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Horizontal, queue_page)
        self.model = AlarmQueueModel(self)
        self.table = QTableView(split)
        self.table.setObjectName("alarm-queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((140, 70, 200, 165)):
            self.table.setColumnWidth(col, width)

        right = QWidget(split)
        pane = QVBoxLayout(right)
        pane.setContentsMargins(8, 0, 0, 0)
        self.message = QLabel(right)
        self.message.setObjectName("alarm-message")
        self.message.setWordWrap(True)
        pane.addWidget(self.message)
        self.card_view = EmergencyCardView(right)
        pane.addWidget(self.card_view, 1)
        self.actions_box = self._build_actions(right)
        pane.addWidget(self.actions_box)
        self.resolve_box = self._build_resolve(right)
        pane.addWidget(self.resolve_box)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([720, 640])
        page.addWidget(split, 1)
        self.tabs.addTab(queue_page, self.tr("&Queue"))

        self.devices = DevicesPanel(ctx, self.tabs)
        self.tabs.addTab(self.devices, self.tr("&Devices"))
        self.report = HandlingReportPanel(ctx, self.tabs)
        self.tabs.addTab(self.report, self.tr("&Report"))
        self.tabs.currentChanged.connect(self._tab_changed)

        table_scope = Qt.ShortcutContext.WidgetShortcut
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            add_shortcut(key, self.table, self.claim_selected, table_scope)
        self.table.doubleClicked.connect(lambda _i: self.claim_selected())
        self.table.selectionModel().currentRowChanged.connect(self._selection_moved)

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(Qt.Key.Key_F2, queue_page, lambda: self.log("called_elder", "answered"), scope)
        add_shortcut(
            QKeySequence("Shift+F2"),
            queue_page,
            lambda: self.log("called_elder", "no_answer"),
            scope,
        )
        for n in range(1, MAX_CONTACT_KEYS + 1):
            add_shortcut(
                QKeySequence(f"Alt+{n}"),
                queue_page,
                lambda n=n: self.log_nth_contact(n, "answered"),
                scope,
            )
            add_shortcut(
                QKeySequence(f"Alt+Shift+{n}"),
                queue_page,
                lambda n=n: self.log_nth_contact(n, "no_answer"),
                scope,
            )
        add_shortcut(Qt.Key.Key_F4, queue_page, lambda: self.log("called_120"), scope)
        add_shortcut(Qt.Key.Key_F6, queue_page, lambda: self.log("called_110"), scope)
        add_shortcut(Qt.Key.Key_F7, queue_page, lambda: self.log("called_119"), scope)
        add_shortcut(Qt.Key.Key_F9, queue_page, self.dispatch_order, scope)
        add_shortcut(QKeySequence("Ctrl+Return"), queue_page, self.resolve, scope)
        add_shortcut(QKeySequence("Ctrl+Enter"), queue_page, self.resolve, scope)
        add_shortcut(Qt.Key.Key_Escape, queue_page, self.focus_queue, scope)

        self.signal = AlarmSignal(ctx.bus, self, keep_raised=True)
        self.signal.poke.connect(self._poked)
        self._queried.connect(self._finish_load, Qt.ConnectionType.QueuedConnection)
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        # A coarse timer may fire a little early, and the clock would miss its second.
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self._second)
        self._tick.start(TICK_MS)
        self._enable_actions(False)
        self._summarise()
        self.reload()

    # -- building ------------------------------------------------------------------------
    def _button(self, text: str, parent: QWidget, slot: Any, name: str) -> QPushButton:
        b = QPushButton(text, parent)
        b.setObjectName(name)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.clicked.connect(slot)
        return b

    def _build_actions(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Actions (logged with the time)"), parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 6, 6, 6)
        self.elder_answered = self._button(
            self.tr("Elder answered (F2)"),
            box,
            lambda: self.log("called_elder", "answered"),
            "act-elder-answered",
        )
        self.elder_no_answer = self._button(
            self.tr("Elder: no answer (Shift+F2)"),
            box,
            lambda: self.log("called_elder", "no_answer"),
            "act-elder-no-answer",
        )
        grid.addWidget(self.elder_answered, 0, 0)
        grid.addWidget(self.elder_no_answer, 0, 1)
        self.call_120 = self._button(
            self.tr("Called 120 (F4)"), box, lambda: self.log("called_120"), "act-120"
        )
        self.call_110 = self._button(
            self.tr("Called 110 (F6)"), box, lambda: self.log("called_110"), "act-110"
        )
        self.call_119 = self._button(
            self.tr("Called 119 (F7)"), box, lambda: self.log("called_119"), "act-119"
        )
        # Narrow rows, so the queue keeps its width beside the card.
        self.contacts_row = QGridLayout()
        grid.addLayout(self.contacts_row, 1, 0, 1, 2)
        calls = QHBoxLayout()
        for b in (self.call_120, self.call_110, self.call_119):
            calls.addWidget(b)
        grid.addLayout(calls, 2, 0, 1, 2)
        self.contact_buttons: list[QPushButton] = []
        order = QHBoxLayout()
        self.item_choice = QComboBox(box)
        self.item_choice.setObjectName("emergency-item")
        self.item_choice.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.dispatch_button = self._button(
            self.tr("Dispatch emergency order (F9)"), box, self.dispatch_order, "act-dispatch"
        )
        order.addWidget(self.item_choice, 1)
        order.addWidget(self.dispatch_button)
        grid.addLayout(order, 3, 0, 1, 2)
        notes = QHBoxLayout()
        self.note = QLineEdit(box)
        self.note.setObjectName("action-note")
        self.note.setPlaceholderText(self.tr("Note: what was said or done (Enter adds it)"))
        self.note.returnPressed.connect(self.add_note)
        notes.addWidget(self.note, 1)
        self.note_button = self._button(self.tr("Add note"), box, self.add_note, "act-note")
        notes.addWidget(self.note_button)
        grid.addLayout(notes, 4, 0, 1, 2)
        return box

    def _build_resolve(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Resolve"), parent)
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 6, 6, 6)
        self.outcome = QComboBox(box)
        self.outcome.setObjectName("resolve-outcome")
        self.outcome.addItem(self.tr("— what was it? —"), "")
        names = alarm_labels.outcomes()
        for code in alarms.OUTCOMES:
            suffix = " *" if code in alarms.NOTE_REQUIRED else ""
            self.outcome.addItem(names[code] + suffix, code)
        row.addWidget(self.outcome, 2)
        self.resolve_note = QLineEdit(box)
        self.resolve_note.setObjectName("resolve-note")
        self.resolve_note.setPlaceholderText(self.tr("Note (* needs one)"))
        self.resolve_note.returnPressed.connect(self.resolve)
        row.addWidget(self.resolve_note, 3)
        self.resolve_button = self._button(
            self.tr("Resolve (Ctrl+Enter)"), box, self.resolve, "act-resolve"
        )
        row.addWidget(self.resolve_button)
        return box

    # -- screen protocol -----------------------------------------------------------------
    def activated(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.focus_queue()

    def focus_queue(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.devices:
            self.devices.reload()
            self.devices.table.setFocus()
        elif self.tabs.widget(index) is self.report:
            self.report.activated()

    def show_alarm(self, alarm_id: int) -> None:
        """The banner's F12: this alarm selected in the queue, the queue focused.

        The banner may have read the alarm before this screen's queue did; then it is
        selected as soon as the queue holds it."""
        self.tabs.setCurrentIndex(0)
        self._wanted = None
        if alarm_id and not self.select_alarm(alarm_id):
            self._wanted = alarm_id
            self.reload()
        self.focus_queue()

    # -- the queue -----------------------------------------------------------------------
    def _poked(self) -> None:
        self.signal.take()
        wait_ms = int((self._shown_at + SHOW_GAP_S - time.monotonic()) * 1000)
        if wait_ms > 0:
            # A storm brings alarms faster than a table repaints: one repaint a frame
            # carries all that came meanwhile, instead of a queue of repaints.
            if not self._show_timer.isActive():
                self._show_timer.start(wait_ms)
        else:
            self._show_pending()
        self.reload()

    def _show_pending(self) -> None:
        self._shown_at = time.monotonic()
        self._show_raised(self.signal.drain_raised())

    def reload_pending(self) -> bool:
        """A reading is running or due (tests and the bench wait for the queue to settle)."""
        return self._loading or self._again or self._gap.isActive() or self._show_timer.isActive()

    def _show_raised(self, raised: list[AlarmRaised]) -> None:
        """New alarms on screen the moment the feed brings them; the reading that follows
        fills in what a change cannot say (a new storm, how long the others have waited)."""
        entries = list(self.model.entries)
        for change in raised:
            placed = alarms.with_raised(entries, change)
            if placed is not None:
                entries = placed
        if entries != self.model.entries:
            # The others' waiting times stay those of the last reading.
            self.model.set_entries(entries, self.model.loaded_at)
            self.table.doItemsLayout()
            self._summarise()
            self.queue_shown.emit(len(entries))

    def reload(self) -> None:
        """Read the queue again: one read at the database at a time, one more queued.

        The next read starts as soon as the previous one has its rows, while the GUI thread
        is still showing them: in a storm the two overlap instead of taking turns.
        """
        if self._loading:
            self._again = True
            return
        wait_ms = int((self._read_started + RELOAD_GAP_S - time.monotonic()) * 1000)
        if wait_ms > 0:
            # In a storm the feed already put each new alarm on screen (_show_raised);
            # readings only catch up, a few a second, leaving the GUI thread to them.
            if not self._gap.isActive():
                self._gap.start(wait_ms)
            return
        self._read_started = time.monotonic()
        self._loading = True

        def read(session: Session) -> tuple[list[QueueEntry], float]:
            try:
                return alarms.alarm_queue(session, utcnow()), time.monotonic()
            finally:
                # Queued to the GUI thread ahead of the result itself.
                self._queried.emit()

        self.ctx.read(read, on_success=self._loaded, on_failure=self._load_failed, owner=self)

    def _loaded(self, result: tuple[list[QueueEntry], float]) -> None:
        entries, at = result
        self.reloads += 1
        selected = self.selected_entry()
        keep = (selected.alarm_id, selected.storm_id) if selected else None
        had_focus = self.table.hasFocus()
        self.model.set_entries(entries, at)
        self._schedule_tick()
        # Lay the rows out now, not on the view's own zero timer: that would repaint the
        # whole table a second time after this reading was already painted.
        self.table.doItemsLayout()
        row = self.model.row_of(*keep) if keep else -1
        if self._wanted is not None and self.model.row_of(self._wanted) >= 0:
            row, self._wanted = self.model.row_of(self._wanted), None
        if row < 0 and entries and (had_focus or keep is None):
            row = 0
        if row >= 0 and row != self.table.selectionModel().currentIndex().row():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        now = self.selected_entry()
        if now is not None and selected is not None and now.status != selected.status:
            # The same row, claimed meanwhile (perhaps at another seat): its card can be read.
            self._selection_moved()
        self._summarise()
        if self.current is not None:
            still = any(
                e.alarm_id == self.current
                or (
                    self.card
                    and self.card.alarm.storm_id
                    and e.storm_id == self.card.alarm.storm_id
                )
                for e in entries
            )
            if not still:
                self._closed_elsewhere()
        self.queue_shown.emit(len(entries))

    def _load_failed(self, _exc: BaseException) -> bool:
        return False

    def _finish_load(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()

    def _second(self) -> None:
        self.model.tick()
        self._summarise()
        self._schedule_tick()

    def _schedule_tick(self) -> None:
        """The next countdown tick when the most urgent alarm's clock turns a second.

        Timed from the alarm, not from the last reading: in a storm the readings come many
        times a second and would otherwise keep putting the tick off."""
        entries = self.model.entries
        first = next((e for e in entries if e.status == "raised"), None)
        if first is None:
            delay_ms = TICK_MS
        else:
            waited = self.model.waiting(first)
            delay_ms = int((1.0 - waited % 1.0) * TICK_MS) + 5
        if not self._tick.isActive() or abs(self._tick.remainingTime() - delay_ms) > 20:
            self._tick.start(delay_ms)

    def _summarise(self) -> None:
        waiting = self.model.alarms_waiting()
        handled = sum(e.count for e in self.model.entries if e.status == "claimed")
        text = (
            self.tr("%1 alarms waiting · %2 being handled")
            .replace("%1", str(waiting))
            .replace("%2", str(handled))
        )
        self.summary.setText(text)
        style = f"color: {ERROR_RED};" if waiting else ""
        if self.summary.styleSheet() != style:  # a new style sheet re-polishes the label
            self.summary.setStyleSheet(style)

    def selected_entry(self) -> QueueEntry | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def select_alarm(self, alarm_id: int) -> bool:
        row = self.model.row_of(alarm_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def _selection_moved(self, *_args: Any) -> None:
        e = self.selected_entry()
        if e is None or e.alarm_id == self.current:
            return
        if e.status == "claimed":
            # Anyone may read the card of an alarm being handled; only its holder acts.
            self.open_card(e.alarm_id)
        elif self.current is None:
            self.card_view.show_message(
                self.tr("Press Enter to claim this alarm and open its card.")
            )

    # -- claim ---------------------------------------------------------------------------
    def claim_selected(self) -> None:
        e = self.selected_entry()
        if e is None:
            return
        if e.status == "claimed":
            self.open_card(e.alarm_id)
            return
        actor = self.ctx.operator.as_actor()
        alarm_id = e.alarm_id

        def done(claimed: alarms.Claimed) -> None:
            count = len(claimed.alarm_ids)
            self._say(
                self.tr("You have the storm: %1 alarms.").replace("%1", str(count))
                if claimed.storm_id is not None
                else self.tr("You have the alarm."),
                ok=True,
            )
            self.open_card(claimed.alarm_id, focus=True)
            self.reload()

        def failed(exc: BaseException) -> bool:
            self.reload()
            if isinstance(exc, AlreadyClaimed):
                self._say(
                    self.tr("%1 already claimed this alarm at %2.")
                    .replace("%1", exc.holder)
                    .replace("%2", exc.at)
                )
                return True
            return self._failed(exc)

        self.ctx.write(
            lambda s: alarms.claim(s, alarm_id, actor),
            on_success=done,
            on_failure=failed,
            owner=self,
            urgent=True,
        )

    # -- the card ------------------------------------------------------------------------
    def open_card(self, alarm_id: int, *, focus: bool = False) -> None:
        self._card_request += 1
        request = self._card_request
        self.current = alarm_id

        def show(card: EmergencyCard) -> None:
            if request != self._card_request:
                return
            self.card = card
            self.card_view.show_card(card)
            self._fill_actions(card)
            self.card_shown.emit(alarm_id)
            if focus:
                self.table.setFocus()

        self.ctx.read(
            lambda s: alarms.emergency_card(s, alarm_id),
            on_success=show,
            on_failure=self._failed,
            owner=self,
            key="alarm-card",
        )

    def _mine(self, card: EmergencyCard) -> bool:
        op = self.ctx.operator
        return card.alarm.status == "claimed" and (
            card.alarm.claimed_by_name == (op.display_name or op.actor)
            or op.as_actor().can("alarm.supervise")
        )

    def _fill_actions(self, card: EmergencyCard) -> None:
        for b in self.contact_buttons:
            b.deleteLater()
        self.contact_buttons = []
        for i, c in enumerate(card.contacts[:MAX_CONTACT_KEYS]):
            n = c.position
            yes = self._button(
                self.tr("%1 %2 answered (Alt+%3)")
                .replace("%1", str(n))
                .replace("%2", c.name)
                .replace("%3", str(i + 1)),
                self.actions_box,
                lambda _c=False, n=n: self.log("called_contact", "answered", position=n),
                f"act-contact-{n}-answered",
            )
            no = self._button(
                self.tr("no answer (Alt+Shift+%1)").replace("%1", str(i + 1)),
                self.actions_box,
                lambda _c=False, n=n: self.log("called_contact", "no_answer", position=n),
                f"act-contact-{n}-no-answer",
            )
            self.contacts_row.addWidget(yes, i, 0)
            self.contacts_row.addWidget(no, i, 1)
            self.contact_buttons += [yes, no]
        chosen = self.item_choice.currentData()
        self.item_choice.clear()
        for item in card.emergency_items:
            self.item_choice.addItem(f"{item.code} {item.name}", item.id)
        at = self.item_choice.findData(chosen)
        self.item_choice.setCurrentIndex(max(0, at))
        self._enable_actions(self._mine(card))

    def _enable_actions(self, on: bool) -> None:
        self.actions_box.setEnabled(on)
        self.resolve_box.setEnabled(on)
        if self.card is not None and self.card.elder is None:
            for b in (self.elder_answered, self.elder_no_answer, self.dispatch_button):
                b.setEnabled(False)

    def _closed_elsewhere(self) -> None:
        self.current = None
        self.card = None
        self._enable_actions(False)
        self.card_view.show_message(self.tr("That alarm is resolved. Select the next one."))

    # -- actions -------------------------------------------------------------------------
    def _holding(self) -> EmergencyCard | None:
        card = self.card
        if card is None or not self.actions_box.isEnabled():
            return None
        return card

    def log(self, kind: str, result: str | None = None, *, position: int | None = None) -> None:
        card = self._holding()
        if card is None:
            return
        if kind in ("called_elder",) and card.elder is None:
            return
        actor = self.ctx.operator.as_actor()
        alarm_id = card.alarm.id
        self._write_action(
            lambda s: alarms.log_action(
                s,
                alarm_id,
                kind,
                actor=actor,
                contact_position=position,
                outcome=result,
            )
        )

    def log_nth_contact(self, nth: int, result: str) -> None:
        """Alt+N: the N-th contact shown on the card, whatever its stored position."""
        card = self._holding()
        if card is None or nth > len(card.contacts):
            return
        self.log("called_contact", result, position=card.contacts[nth - 1].position)

    def add_note(self) -> None:
        card = self._holding()
        text = self.note.text().strip()
        if card is None or not text:
            return
        actor = self.ctx.operator.as_actor()
        alarm_id = card.alarm.id

        def written(_v: object) -> None:
            self.note.clear()

        self._write_action(
            lambda s: alarms.log_action(s, alarm_id, "note", actor=actor, note=text),
            written,
        )

    def dispatch_order(self) -> None:
        card = self._holding()
        if card is None or card.elder is None:
            return
        item_id = self.item_choice.currentData()
        actor = self.ctx.operator.as_actor()
        alarm_id = card.alarm.id

        def sent(order: alarms.DispatchedOrder) -> None:
            self._say(
                self.tr("Order %1 (%2) sent to %3.")
                .replace("%1", order.order_no)
                .replace("%2", order.item_name)
                .replace("%3", order.firm_name),
                ok=True,
            )

        self._write_action(
            lambda s: alarms.dispatch_emergency_order(s, alarm_id, actor=actor, item_id=item_id),
            sent,
        )

    def _write_action(self, fn: Any, then: Any = None) -> None:
        alarm_id = self.current

        def done(value: object) -> None:
            if then is not None:
                then(value)
            if alarm_id is not None:
                self.open_card(alarm_id)

        self.ctx.write(fn, on_success=done, on_failure=self._failed, owner=self, urgent=True)

    def resolve(self) -> None:
        card = self._holding()
        if card is None:
            return
        outcome = str(self.outcome.currentData() or "")
        note = self.resolve_note.text()
        actor = self.ctx.operator.as_actor()
        alarm_id = card.alarm.id

        def done(result: alarms.Resolved) -> None:
            self._say(
                self.tr("Resolved: %1 (%2 alarms).")
                .replace("%1", alarm_labels.outcomes().get(result.outcome, result.outcome))
                .replace("%2", str(len(result.alarm_ids)))
                if result.storm_id is not None
                else self.tr("Resolved: %1.").replace(
                    "%1", alarm_labels.outcomes().get(result.outcome, result.outcome)
                ),
                ok=True,
            )
            self.outcome.setCurrentIndex(0)
            self.resolve_note.clear()
            self.current = None
            self.card = None
            self._enable_actions(False)
            self.card_view.show_message(self.tr("Resolved. Select the next alarm."))
            self.reload()
            self.focus_queue()

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, ValidationError):
                fields = exc.fields()
                if "outcome" in fields:
                    self._say(self.tr("Choose what the alarm turned out to be."))
                elif exc.codes() == {"required"}:
                    self._say(
                        self.tr("This outcome needs a note: say what happened and what was done.")
                    )
                else:
                    self._say(exc.message)
                (self.outcome if "outcome" in fields else self.resolve_note).setFocus()
                return True
            return self._failed(exc)

        self.ctx.write(
            lambda s: alarms.resolve(s, alarm_id, outcome, note, actor),
            on_success=done,
            on_failure=failed,
            owner=self,
            urgent=True,
        )

    # -- helpers -------------------------------------------------------------------------
    def _say(self, text: str, *, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {OK_GREEN if ok else ERROR_RED}; font-weight: bold;")

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, AnxinError):
            self._say(exc.message)
            return True
        return False
