"""The Hotline: the caller's record pops on the ring, and the request is dispatched from here.

When the caller-ID box reports a ring (``call.ringing`` on the bus) the call joins the
list on the left and, unless the operator is already talking to someone, its card opens:
one registered elder → the card at once; several (a shared landline) → a pick list;
nobody → the unknown-caller page (register, or note what the call was). F5 answers,
F8 hangs up, each stamping the call record; Ctrl+D calls the elder on the card back
(an outbound call on the same records). Ctrl+F finds any elder by name, pinyin
initials, phone, ID number or address and opens their card, attached to the current
call when the caller ID could not say who it was.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import calls, station
from app.elder_card import ElderCard, elder_card
from app.errors import AnxinError
from app.feed.topics import CallRinging
from app.registry.elders import ElderRow, search_elders
from ui import labels
from ui.bus_bridge import BusBridge
from ui.context import UiContext
from ui.hotline.card_view import ElderCardView
from ui.hotline.request_panel import RequestPanel
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SEARCH_DELAY_MS = 150
# A caller-ID box reports the ring but not the caller giving up: a ring nobody answered
# within this time is a missed call, to be called back (Ctrl+D), not a call still ringing.
MISSED_AFTER_S = 45
ENTRY = Qt.ItemDataRole.UserRole
UNKNOWN_DISPOSITIONS = ("enquiry", "request", "complaint", "wrong_number", "silent", "test")

log = logging.getLogger(__name__)


@dataclass
class CallEntry:
    """One call of this shift as the screen tracks it."""

    call_id: int
    number: str
    direction: str = "in"
    line: str = ""
    elders: list[dict[str, Any]] = field(default_factory=list)
    elder_id: int | None = None
    state: str = "ringing"  # ringing | answered | ended | missed
    began: float = field(default_factory=time.monotonic)
    answered: float | None = None
    ended: float | None = None
    # When the ring reached this PC (perf_counter_ns), for the screen-pop measurement.
    received_ns: int = 0
    clock: str = field(default_factory=lambda: datetime.now().strftime("%H:%M"))


class HotlineScreen(QWidget):
    # elder id, nanoseconds from the ring's arrival to the card painted (0 when not a ring)
    card_shown = Signal(int, int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: dict[int, CallEntry] = {}
        self.current: CallEntry | None = None
        self.card: ElderCard | None = None
        self._card_request = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)

        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("hotline-search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr(
                "Find an elder: name, pinyin initials (zs), phone, ID number or address (Ctrl+F)"
            )
        )
        top.addWidget(self.search, 1)
        outer.addLayout(top)

        bar = QHBoxLayout()
        self.call_label = QLabel(self)
        self.call_label.setObjectName("call-state")
        self.call_label.setProperty("role", "section-title")
        bar.addWidget(self.call_label, 1)
        self.answer_button = QPushButton(self.tr("Answer (F5)"), self)
        self.hangup_button = QPushButton(self.tr("Hang up (F8)"), self)
        self.callback_button = QPushButton(self.tr("Call this elder (Ctrl+D)"), self)
        self.complaint_button = QPushButton(self.tr("Complaint (Ctrl+K)"), self)
        for b in (
            self.answer_button,
            self.hangup_button,
            self.callback_button,
            self.complaint_button,
        ):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.addWidget(b)
        outer.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        calls_title = QLabel(self.tr("Calls this shift"), left)
        calls_title.setProperty("role", "hint")
        left_layout.addWidget(calls_title)
        self.calls = QListWidget(left)
        self.calls.setObjectName("hotline-calls")
        left_layout.addWidget(self.calls)

        self.stack = QStackedWidget(split)
        self.card_view = ElderCardView(self.stack)
        self.stack.addWidget(self.card_view)
        self.pick_page = QWidget(self.stack)
        pick_layout = QVBoxLayout(self.pick_page)
        self.pick_title = QLabel(self.pick_page)
        self.pick_title.setProperty("role", "section-title")
        self.pick_title.setWordWrap(True)
        self.pick_list = QListWidget(self.pick_page)
        self.pick_list.setObjectName("pick-list")
        pick_layout.addWidget(self.pick_title)
        pick_layout.addWidget(self.pick_list, 1)
        self.stack.addWidget(self.pick_page)
        self.unknown_page = self._build_unknown_page()
        self.stack.addWidget(self.unknown_page)

        self.request = RequestPanel(ctx, split)
        split.addWidget(left)
        split.addWidget(self.stack)
        split.addWidget(self.request)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([200, 700, 460])
        outer.addWidget(split, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.pick_list.itemActivated.connect(self._picked)
        self.calls.itemActivated.connect(self._call_selected)
        self.calls.itemClicked.connect(self._call_selected)
        self.answer_button.clicked.connect(self.answer)
        self.hangup_button.clicked.connect(self.hang_up)
        self.callback_button.clicked.connect(self.call_elder)
        self.complaint_button.clicked.connect(self.take_complaint)
        self.request.dispatched.connect(self._dispatched)
        self.request.show_order.connect(self._show_order)

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(Qt.Key.Key_F5, self, self.answer, scope)
        add_shortcut(Qt.Key.Key_F8, self, self.hang_up, scope)
        add_shortcut(QKeySequence("Ctrl+D"), self, self.call_elder, scope)
        add_shortcut(QKeySequence.StandardKey.New, self, self.register_caller, scope)
        add_shortcut(QKeySequence("Ctrl+B"), self, self.show_last_order, scope)
        add_shortcut(QKeySequence("Ctrl+K"), self, self.take_complaint, scope)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._tick_calls)
        self._tick.start()

        self._station = _station_lines()
        self.bridge = BusBridge(ctx.bus, "call.ringing", self)
        self.bridge.message.connect(self._on_ring)
        self._show_call_state()

    def _build_unknown_page(self) -> QWidget:
        page = QWidget(self.stack)
        layout = QVBoxLayout(page)
        self.unknown_title = QLabel(page)
        self.unknown_title.setProperty("role", "section-title")
        self.unknown_title.setWordWrap(True)
        layout.addWidget(self.unknown_title)
        hint = QLabel(
            self.tr(
                "No registered elder has this number. Find the elder with Ctrl+F (the call "
                "is attached to whoever you open), register the caller with Ctrl+N, or note "
                "what the call was about."
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.register_button = QPushButton(self.tr("Register this caller (Ctrl+N)"), page)
        self.register_button.clicked.connect(self.register_caller)
        layout.addWidget(self.register_button, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        self.disposition = QComboBox(page)
        self.disposition.setObjectName("unknown-disposition")
        names = labels.call_dispositions()
        for code in UNKNOWN_DISPOSITIONS:
            self.disposition.addItem(names[code], code)
        form.addRow(self.tr("The call &was"), self.disposition)
        self.call_note = QLineEdit(page)
        self.call_note.setObjectName("unknown-note")
        self.call_note.setPlaceholderText(self.tr("What the caller wanted, who they are"))
        form.addRow(self.tr("N&ote"), self.call_note)
        layout.addLayout(form)
        self.save_note_button = QPushButton(self.tr("Save note (Enter)"), page)
        self.save_note_button.clicked.connect(self.save_note)
        self.call_note.returnPressed.connect(self.save_note)
        layout.addWidget(self.save_note_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.note_result = QLabel(page)
        self.note_result.setObjectName("note-result")
        self.note_result.setWordWrap(True)
        layout.addWidget(self.note_result)
        layout.addStretch(1)
        return page

    # -- screen protocol ---------------------------------------------------------------

    def activated(self) -> None:
        if self.card is not None:
            self.request.focus_item()

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    # -- the ring ----------------------------------------------------------------------

    def _on_ring(self, _topic: str, ring: CallRinging) -> None:
        received = time.perf_counter_ns()
        call_id = ring.ids[0] if ring.ids else 0
        if not call_id or call_id in self.entries:
            return
        elders = [dict(e) for e in ring.elders]
        number = ring.number or self.tr("number withheld")
        entry = CallEntry(
            call_id=call_id,
            number=number,
            line=ring.line,
            elders=elders,
            elder_id=int(elders[0]["id"]) if len(elders) == 1 else None,
            received_ns=received,
        )
        self.entries[call_id] = entry
        here = self._rings_here(ring.line)
        self._add_call_item(entry, select=here)
        if not here:
            # Another desk's line: this seat sees the call in the list, the card pops there.
            return
        if self.current is None or self.current.state != "answered":
            # The operator is free: this call's card comes forward.
            self._bring_forward()
            self.open_call(entry)

    def _rings_here(self, line: str | None) -> bool:
        return self._station is None or self._station.rings_here(line)

    def use_station(self, config: station.StationConfig) -> None:
        """Settings saved this PC's lines: the next ring follows them."""
        self._station = config

    def _bring_forward(self) -> None:
        window = self.window()
        show = getattr(window, "show_screen", None)
        if callable(show) and window is not self:
            show("hotline")

    def _add_call_item(self, entry: CallEntry, *, select: bool = True) -> None:
        item = QListWidgetItem(self._call_text(entry))
        item.setData(ENTRY, entry.call_id)
        self.calls.insertItem(0, item)
        if select:
            self.calls.setCurrentItem(item)

    def _call_text(self, entry: CallEntry) -> str:
        who = (
            "、".join(str(e.get("name", "")) for e in entry.elders)
            if entry.elders
            else self.tr("unknown caller")
        )
        arrow = "→" if entry.direction == "out" else "←"
        state = {
            "ringing": self.tr("ringing") if entry.direction == "in" else self.tr("dialling"),
            "answered": self.tr("talking"),
            "ended": self.tr("ended"),
            "missed": self.tr("missed — call back"),
        }[entry.state]
        return f"{arrow} {entry.number}  {who}\n{entry.clock} {state}"

    def _refresh_call_item(self, entry: CallEntry) -> None:
        for i in range(self.calls.count()):
            item = self.calls.item(i)
            if item.data(ENTRY) == entry.call_id:
                item.setText(self._call_text(entry))
                return

    def open_call(self, entry: CallEntry) -> None:
        self.current = entry
        self._show_call_state()
        if entry.elder_id is not None:
            self.open_card(entry.elder_id, received_ns=entry.received_ns)
        elif entry.elders:
            self._show_pick(
                self.tr("%1 elders share %2 — who is calling?")
                .replace("%1", str(len(entry.elders)))
                .replace("%2", entry.number),
                [
                    (
                        int(e["id"]),
                        self.tr("%1 · %2 years · %3")
                        .replace("%1", str(e.get("name", "")))
                        .replace("%2", str(e.get("age", "")))
                        .replace("%3", str(e.get("community") or "")),
                    )
                    for e in entry.elders
                ],
            )
        else:
            self.card = None
            self.request.set_elder(None, None)
            self.unknown_title.setText(self.tr("Unknown caller: %1").replace("%1", entry.number))
            self.call_note.clear()
            self.note_result.clear()
            self.stack.setCurrentWidget(self.unknown_page)
            self.call_note.setFocus()

    def _call_selected(self, item: QListWidgetItem) -> None:
        entry = self.entries.get(int(item.data(ENTRY)))
        if entry is not None and entry is not self.current:
            self.open_call(entry)

    # -- cards ---------------------------------------------------------------------------

    def open_card(self, elder_id: int, *, received_ns: int = 0) -> None:
        self._card_request += 1
        request = self._card_request
        exclude = self.current.call_id if self.current else None

        def load(session: Session) -> ElderCard:
            return elder_card(session, elder_id, exclude_call=exclude)

        def show(card: ElderCard) -> None:
            if request != self._card_request:
                return  # a newer card was asked for meanwhile
            self.card = card
            self.card_view.show_card(card)
            self.stack.setCurrentWidget(self.card_view)
            self.card_view.repaint()
            painted = time.perf_counter_ns()
            call_id = self.current.call_id if self.current else None
            same = self.request.card is not None and self.request.card.elder.id == elder_id
            if same and self.request.call_id == call_id:
                self.request.refresh_card(card)
            else:
                self.request.set_elder(card, call_id)
                self.request.focus_item()
            self.card_shown.emit(elder_id, painted - received_ns if received_ns else 0)

        self.ctx.read(load, on_success=show, on_failure=self._failed, owner=self)

    def _show_pick(self, title: str, choices: list[tuple[int, str]]) -> None:
        self.pick_title.setText(title)
        self.pick_list.clear()
        for elder_id, text in choices:
            item = QListWidgetItem(text)
            item.setData(ENTRY, elder_id)
            self.pick_list.addItem(item)
        if choices:
            self.pick_list.setCurrentRow(0)
        self.stack.setCurrentWidget(self.pick_page)
        self.pick_list.setFocus()

    def _picked(self, item: QListWidgetItem) -> None:
        elder_id = int(item.data(ENTRY))
        entry = self.current
        if entry is not None and entry.elder_id is None and entry.state != "ended":
            # The caller is now known: the call record says so.
            entry.elder_id = elder_id
            self._describe(entry.call_id, elder_id=elder_id)
        self.open_card(elder_id)

    # -- search --------------------------------------------------------------------------

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        self.ctx.read(
            lambda s: search_elders(s, query, limit=30),
            on_success=lambda rows: self._show_results(query, rows),
            on_failure=self._failed,
            owner=self,
            key="hotline-elder-search",
        )

    def _search_enter(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._run_search()
        elif self.stack.currentWidget() is self.pick_page and self.pick_list.count():
            self.pick_list.setFocus()

    def _show_results(self, query: str, rows: list[ElderRow]) -> None:
        if query != self.search.text().strip():
            return
        title = (
            self.tr("%1 found for “%2” — Enter opens the card").replace("%1", str(len(rows)))
            if rows
            else self.tr("Nobody found for “%2”")
        ).replace("%2", query)
        groups = labels.special_groups_short()
        self._show_pick(
            title,
            [
                (
                    r.id,
                    f"{r.name} · {r.age} · {r.community} · {r.address} · {r.phone}"
                    + (" · " + "、".join(groups.get(g, g) for g in r.groups) if r.groups else ""),
                )
                for r in rows
            ],
        )

    # -- call keys -------------------------------------------------------------------------

    def answer(self) -> None:
        entry = self.current
        if entry is None or entry.state != "ringing":
            return
        entry.state = "answered"
        entry.answered = time.monotonic()
        self._refresh_call_item(entry)
        self._show_call_state()
        actor = self.ctx.operator.as_actor()
        call_id = entry.call_id
        self.ctx.write(
            lambda s: calls.answer(s, call_id, actor=actor),
            on_failure=self._failed,
            owner=self,
        )

    def hang_up(self) -> None:
        entry = self.current
        if entry is None or entry.state == "ended":
            return
        entry.state = "ended"
        entry.ended = time.monotonic()
        self._refresh_call_item(entry)
        self._show_call_state()
        actor = self.ctx.operator.as_actor()
        call_id = entry.call_id
        self.ctx.write(
            lambda s: calls.hang_up(s, call_id, actor=actor),
            on_failure=self._failed,
            owner=self,
        )
        # A call that rang while this one was going on is next.
        waiting = [e for e in self.entries.values() if e.state == "ringing"]
        if waiting:
            self.open_call(max(waiting, key=lambda e: e.began))

    def call_elder(self) -> None:
        """Ctrl+D: dial the elder on the card (callback, care call): an outbound call record."""
        card = self.card
        if card is None or not card.elder.phones:
            return
        if self.current is not None and self.current.state == "answered":
            self._say(self.tr("Hang up the current call (F8) before calling someone else."))
            return
        phone = card.elder.phones[0]
        elder_id = card.elder.id
        actor = self.ctx.operator.as_actor()

        def start(session: Session) -> calls.CallView:
            return calls.start_outbound(
                session, elder_id, phone.display, actor=actor, purpose="callback"
            )

        def started(view: calls.CallView) -> None:
            entry = CallEntry(
                call_id=view.id,
                number=view.number,
                direction="out",
                elders=[{"id": elder_id, "name": card.elder.name}],
                elder_id=elder_id,
            )
            self.entries[view.id] = entry
            self._add_call_item(entry)
            self.current = entry
            self.request.call_id = view.id
            self._show_call_state()

        self.ctx.write(start, on_success=started, on_failure=self._failed, owner=self)

    def _tick_calls(self) -> None:
        now = time.monotonic()
        for entry in self.entries.values():
            if (
                entry.state == "ringing"
                and entry.direction == "in"
                and now - entry.began > MISSED_AFTER_S
            ):
                entry.state = "missed"
                self._refresh_call_item(entry)
        self._show_call_state()

    def _show_call_state(self) -> None:
        entry = self.current
        self.answer_button.setEnabled(entry is not None and entry.state == "ringing")
        self.hangup_button.setEnabled(entry is not None and entry.state != "ended")
        self.callback_button.setEnabled(self.card is not None)
        if entry is None:
            self.call_label.setText(self.tr("No call"))
            return
        now = time.monotonic()
        if entry.state == "ringing":
            seconds = int(now - entry.began)
            text = (
                self.tr("%1 ringing for %2 s")
                if entry.direction == "in"
                else self.tr("Dialling %1 (%2 s) — F5 when answered")
            )
        elif entry.state == "answered":
            seconds = int(now - (entry.answered or now))
            text = self.tr("Talking with %1 — %2 s")
        elif entry.state == "missed":
            seconds = int(now - entry.began)
            text = self.tr("Missed call from %1, %2 s ago — Ctrl+D calls back")
        else:
            seconds = int((entry.ended or now) - (entry.answered or entry.began))
            text = self.tr("Call with %1 ended after %2 s")
        self.call_label.setText(text.replace("%1", entry.number).replace("%2", str(seconds)))

    # -- unknown caller ----------------------------------------------------------------------

    def save_note(self) -> None:
        entry = self.current
        if entry is None:
            return
        disposition = str(self.disposition.currentData())
        note = self.call_note.text().strip()
        actor = self.ctx.operator.as_actor()
        call_id = entry.call_id

        def saved(_view: calls.CallView) -> None:
            self.note_result.setText(self.tr("Saved with the call."))

        self.ctx.write(
            lambda s: calls.describe(s, call_id, actor=actor, disposition=disposition, notes=note),
            on_success=saved,
            on_failure=self._failed,
            owner=self,
        )

    def register_caller(self) -> None:
        """Ctrl+N: the registration form with the caller's number already in it."""
        from ui.elders.editor import ElderEditor

        entry = self.current
        number = entry.number if entry is not None and entry.direction == "in" else ""
        editor = ElderEditor(self.ctx, None, self.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor = editor

        def ready() -> None:
            if number:
                kind = "mobile" if number.lstrip("+86").startswith("1") else "landline"
                editor.phones.set_rows([{"kind": kind, "number": number}])

        def saved(elder_id: int, _created: bool) -> None:
            if entry is not None and entry.elder_id is None:
                entry.elder_id = elder_id
                self._describe(entry.call_id, elder_id=elder_id)
            self.open_card(elder_id)

        editor.ready.connect(ready)
        editor.saved.connect(saved)
        editor.open()

    # -- after dispatch ------------------------------------------------------------------------

    def _dispatched(self, _order: object) -> None:
        # The card's "last orders" now has the new one.
        if self.card is not None:
            self.open_card(self.card.elder.id)

    def take_complaint(self) -> None:
        """Ctrl+K: a complaint on this call, about one of the caller's orders or in general."""
        from ui.hotline.complaint_dialog import ComplaintDialog

        entry = self.current
        card = self.card
        if entry is None and card is None:
            return
        dialog = ComplaintDialog(
            self.ctx, card, entry.call_id if entry is not None else None, self.window()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda _id: self._say(
                self.tr("Complaint recorded; it is handled on the Follow-up screen.")
            )
        )
        self.complaint_dialog = dialog
        dialog.open()

    def show_last_order(self) -> None:
        """Ctrl+B: the order just dispatched, on the board."""
        if self.request.last_dispatched is not None:
            self._show_order(self.request.last_dispatched)

    def _show_order(self, order_id: int) -> None:
        window = self.window()
        show = getattr(window, "show_screen", None)
        board = getattr(window, "screens", {}).get("orders")
        if callable(show) and board is not None and hasattr(board, "show_order"):
            show("orders")
            board.show_order(order_id)

    # -- helpers ---------------------------------------------------------------------------------

    def _describe(self, call_id: int, **changes: Any) -> None:
        actor = self.ctx.operator.as_actor()
        self.ctx.write(
            lambda s: calls.describe(s, call_id, actor=actor, **changes),
            on_failure=self._failed,
            owner=self,
        )

    def _say(self, text: str) -> None:
        self.request.message.setText(text)

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, AnxinError):
            self._say(exc.message)
            return True
        return False


def _station_lines() -> station.StationConfig | None:
    """This PC's caller-ID lines; a station file that cannot be read rings every line
    here (a seat that pops too much is better than one that never pops)."""
    try:
        return station.load()
    except station.StationConfigError:
        log.warning("station file unreadable; every caller-ID line rings here", exc_info=True)
        return None
