"""Follow-up screen (Ctrl+6): callbacks, care calls, daily check-ins and complaints.

Each tab is a list with the elder card beside it, worked from the keyboard: Enter dials
the selected elder (a real outbound call record), F5 says the elder answered, and the
digit keys record the result (callbacks 1-5: satisfied, basically, unsatisfied, no
answer, service did not happen; care calls and check-ins 1 reached, 4 no answer). The
call is hung up when its result is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import calls, followups
from app.calls import CallView
from app.elder_card import elder_card
from app.errors import AnxinError
from app.feed.topics import Change
from app.followups import (
    CareCallRow,
    CareCoverage,
    CheckinRow,
    ComplaintView,
    FollowUpRow,
)
from ui.bus_bridge import BusBridge
from ui.context import UiContext
from ui.hotline.card_view import ElderCardView
from ui.orders.model import short_time
from ui.widgets.html import esc

Index = QModelIndex | QPersistentModelIndex
CARE_PAGE = 200
WATCHED = {"followup", "complaint", "carecall", "checkin", "order"}
RESULT_KEYS = {
    Qt.Key.Key_1: 1,
    Qt.Key.Key_2: 2,
    Qt.Key.Key_3: 3,
    Qt.Key.Key_4: 4,
    Qt.Key.Key_5: 5,
}


def fill(text: str, *args: object) -> str:
    """Qt's %1..%n placeholders, last first so %1 never eats the start of %10."""
    for n in range(len(args), 0, -1):
        text = text.replace(f"%{n}", str(args[n - 1]))
    return text


def reasons() -> dict[str, str]:
    return {
        "complaint": QCoreApplication.translate("FollowupLabels", "Complaint"),
        "emergency": QCoreApplication.translate("FollowupLabels", "Emergency"),
        "new_firm": QCoreApplication.translate("FollowupLabels", "New firm"),
        "sample": QCoreApplication.translate("FollowupLabels", "Sample"),
    }


def complaint_statuses() -> dict[str, str]:
    return {
        "open": QCoreApplication.translate("FollowupLabels", "Open"),
        "handling": QCoreApplication.translate("FollowupLabels", "Handling"),
        "closed": QCoreApplication.translate("FollowupLabels", "Closed"),
    }


def checkin_statuses() -> dict[str, str]:
    return {
        "pending": QCoreApplication.translate("FollowupLabels", "To call"),
        "no_answer": QCoreApplication.translate("FollowupLabels", "No answer yet"),
        "done": QCoreApplication.translate("FollowupLabels", "Reached"),
    }


class RowsModel(QAbstractTableModel):
    """A read-only table of service rows; ``more`` fetches the next page when scrolled to."""

    def __init__(
        self,
        headers: list[str],
        cells: Callable[[Any], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.cells = cells
        self.rows: list[Any] = []
        self._text: list[list[str]] = []
        self.has_more = False
        self.more: Callable[[], None] | None = None
        self._fetching = False

    def set_rows(self, rows: list[Any], has_more: bool = False) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._text = [self.cells(r) for r in rows]
        self.has_more = has_more
        self._fetching = False
        self.endResetModel()

    def append(self, rows: list[Any], has_more: bool) -> None:
        self._fetching = False
        self.has_more = has_more
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self._text.extend(self.cells(r) for r in rows)
        self.endInsertRows()

    def row(self, index: int) -> Any | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._text[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.has_more and not self._fetching

    def fetchMore(self, parent: Index) -> None:
        if self.more is not None and self.canFetchMore(parent):
            self._fetching = True
            self.more()


class KeyTable(QTableView):
    """The list: digits and F5 are the operator's result keys, not a type-ahead search."""

    result_key = Signal(int)
    answered_key = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in RESULT_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.result_key.emit(RESULT_KEYS[key])
            event.accept()
            return
        if key == Qt.Key.Key_F5:
            self.answered_key.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class TaskTab(QWidget):
    """A list, the hint of its keys, and the elder card of the selected row."""

    def __init__(self, kind: str, model: RowsModel, hint: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"followup-tab-{kind}")
        self.model = model
        self.view = KeyTable(self)
        self.view.setObjectName(f"followup-list-{kind}")
        self.view.setModel(model)
        self.card = ElderCardView(self)
        self.card.show_message(self.tr("Select a row to see the elder's card."))
        self.header = QLabel(self)
        self.header.setObjectName(f"followup-header-{kind}")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setStyleSheet("font-weight: bold;")
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.view, 1)
        column.addWidget(self.hint)
        self.extra = QVBoxLayout()
        column.addLayout(self.extra)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.card)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # The card is read, not skimmed: a narrow list never squeezes it into a column.
        self.card.setMinimumWidth(440)
        split.setSizes([700, 480])
        layout = QHBoxLayout(self)
        layout.addWidget(split)

    def current(self) -> Any | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None


@dataclass
class _ActiveCall:
    tab: str
    row_key: int  # follow-up, elder (care call), check-in or complaint id
    call: CallView


@dataclass(frozen=True)
class _Snapshot:
    queue: list[FollowUpRow]
    care: list[CareCallRow]
    coverage: CareCoverage
    checkins: list[CheckinRow]
    complaints: list[ComplaintView]
    disputes: list[FollowUpRow]


class FollowupScreen(QWidget):
    refreshed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.active: _ActiveCall | None = None
        self.coverage: CareCoverage | None = None
        self.month = ""

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("followup-tabs")
        self.followup_tab = TaskTab(
            "followup",
            RowsModel(
                [
                    self.tr("Due"),
                    self.tr("Elder"),
                    self.tr("Phone"),
                    self.tr("Service"),
                    self.tr("Firm"),
                    self.tr("Completed"),
                    self.tr("Why"),
                    self.tr("Tries"),
                ],
                self._followup_cells,
            ),
            self.tr(
                "Enter: call the elder · F5: answered · 1 satisfied · 2 basically satisfied · "
                "3 unsatisfied · 4 no answer (the third makes it unreachable) · "
                "5 service did not happen (the order is disputed and held out of the subsidy)"
            ),
            self,
        )
        self.care_tab = TaskTab(
            "care",
            RowsModel(
                [self.tr("Elder"), self.tr("Phone"), self.tr("Tries"), self.tr("Last try")],
                self._care_cells,
            ),
            self.tr("Enter: call the elder · F5: answered · 1 reached · 4 no answer"),
            self,
        )
        self.care_tab.model.more = self._more_care
        self.checkin_tab = TaskTab(
            "checkin",
            RowsModel(
                [
                    self.tr("Elder"),
                    self.tr("Phone"),
                    self.tr("Due by"),
                    self.tr("Queued"),
                    self.tr("Status"),
                ],
                self._checkin_cells,
            ),
            self.tr(
                "Not heard from today by their hour (no call, device test or alarm). "
                "Enter: call the elder · F5: answered · 1 reached · 4 no answer"
            ),
            self,
        )
        self.complaint_tab = TaskTab(
            "complaint",
            RowsModel(
                [
                    self.tr("Received"),
                    self.tr("Elder"),
                    self.tr("Firm"),
                    self.tr("Order"),
                    self.tr("Status"),
                    self.tr("Complaint"),
                ],
                self._complaint_cells,
            ),
            self.tr("Enter: call the elder · type a step below and press Enter to record it"),
            self,
        )
        self.steps = QTextBrowser(self.complaint_tab)
        self.steps.setObjectName("complaint-steps")
        self.steps.setMaximumHeight(160)
        self.step_note = QLineEdit(self.complaint_tab)
        self.step_note.setObjectName("complaint-step-note")
        self.step_note.setPlaceholderText(self.tr("What was done (passed to the firm, answer...)"))
        self.add_step = QPushButton(self.tr("&Add step"), self.complaint_tab)
        self.close_button = QPushButton(self.tr("C&lose complaint"), self.complaint_tab)
        row = QHBoxLayout()
        row.addWidget(self.step_note, 1)
        row.addWidget(self.add_step)
        row.addWidget(self.close_button)
        self.complaint_tab.extra.addWidget(self.steps)
        self.complaint_tab.extra.addLayout(row)
        new_row = QHBoxLayout()
        self.new_order_no = QLineEdit(self.complaint_tab)
        self.new_order_no.setObjectName("complaint-order-no")
        self.new_order_no.setPlaceholderText(self.tr("Order number"))
        self.new_order_no.setMaximumWidth(180)
        self.new_text = QLineEdit(self.complaint_tab)
        self.new_text.setObjectName("complaint-new-text")
        self.new_text.setPlaceholderText(self.tr("New complaint: what the caller says"))
        self.new_button = QPushButton(self.tr("&Record complaint"), self.complaint_tab)
        new_row.addWidget(self.new_order_no)
        new_row.addWidget(self.new_text, 1)
        new_row.addWidget(self.new_button)
        self.complaint_tab.extra.addLayout(new_row)
        self.new_text.returnPressed.connect(self._new_complaint)
        self.new_button.clicked.connect(self._new_complaint)

        self.dispute_tab = TaskTab(
            "dispute",
            RowsModel(
                [
                    self.tr("Order"),
                    self.tr("Elder"),
                    self.tr("Service"),
                    self.tr("Firm"),
                    self.tr("Completed"),
                ],
                self._dispute_cells,
            ),
            self.tr(
                "The elder said the service did not happen: the order is held out of the "
                "firm's subsidy until a supervisor decides."
            ),
            self,
        )
        self.decision_note = QLineEdit(self.dispute_tab)
        self.decision_note.setObjectName("dispute-note")
        self.decision_note.setPlaceholderText(self.tr("What the decision rests on"))
        self.uphold = QPushButton(self.tr("&Uphold: no subsidy"), self.dispute_tab)
        self.dismiss = QPushButton(self.tr("&Dismiss: the service happened"), self.dispute_tab)
        decide = QHBoxLayout()
        decide.addWidget(self.decision_note, 1)
        decide.addWidget(self.uphold)
        decide.addWidget(self.dismiss)
        self.dispute_tab.extra.addLayout(decide)
        self.uphold.clicked.connect(lambda: self._decide(True))
        self.dismiss.clicked.connect(lambda: self._decide(False))

        self.tab_list = [
            self.followup_tab,
            self.care_tab,
            self.checkin_tab,
            self.complaint_tab,
            self.dispute_tab,
        ]
        for tab in self.tab_list:
            self.tabs.addTab(tab, "")
            tab.view.activated.connect(lambda _i, t=tab: self._call(t))
            tab.view.answered_key.connect(lambda t=tab: self._answered(t))
            tab.view.result_key.connect(lambda n, t=tab: self._result(t, n))
            tab.view.selectionModel().currentRowChanged.connect(
                lambda cur, _prev, t=tab: self._row_changed(t, cur.row())
            )
        self.step_note.returnPressed.connect(lambda: self._complaint_step(close=False))
        self.add_step.clicked.connect(lambda: self._complaint_step(close=False))
        self.close_button.clicked.connect(lambda: self._complaint_step(close=True))

        self.message = QLabel(self)
        self.message.setObjectName("followup-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self._set_titles(None)

        # Another seat's result, or a complaint taken on the Hotline, shows here too.
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(300)
        self._reload.timeout.connect(self._load)
        self._bridge = BusBridge(ctx.bus, "", self)
        self._bridge.message.connect(self._on_changed)
        # Sampling and check-ins falling due are the centre scheduler's (app.scheduler):
        # what it queues arrives here as followup/checkin changes.

    # -- cells -------------------------------------------------------------------------

    def _followup_cells(self, r: FollowUpRow) -> list[str]:
        return [
            r.due_on.strftime("%m-%d"),
            r.elder_name,
            r.phone,
            r.item_name,
            r.firm_name,
            short_time(r.completed_at),
            reasons().get(r.reason, r.reason),
            str(r.attempts),
        ]

    def _care_cells(self, r: CareCallRow) -> list[str]:
        return [r.elder_name, r.phone, str(r.tries), short_time(r.last_try_at)]

    def _checkin_cells(self, r: CheckinRow) -> list[str]:
        return [
            r.elder_name,
            r.phone,
            f"{r.checkin_hour:02d}:00",
            short_time(r.queued_at),
            checkin_statuses().get(r.status, r.status),
        ]

    def _dispute_cells(self, r: FollowUpRow) -> list[str]:
        return [r.order_no, r.elder_name, r.item_name, r.firm_name, short_time(r.completed_at)]

    def _complaint_cells(self, c: ComplaintView) -> list[str]:
        return [
            short_time(c.received_at),
            c.elder_name,
            c.firm_name,
            c.order_no,
            complaint_statuses().get(c.status, c.status),
            c.text,
        ]

    # -- loading -----------------------------------------------------------------------

    def activated(self) -> None:
        """Shown (Ctrl+6): read the lists (the scheduler has picked today's callbacks)."""
        self.refresh()

    def refresh(self) -> None:
        self._load()

    def _load(self) -> None:
        def read(s: Session) -> _Snapshot:
            now = datetime.now(UTC)
            month = followups.month_of(s, now)
            return _Snapshot(
                queue=followups.followup_queue(s, now),
                care=followups.care_call_list(s, month, now, limit=CARE_PAGE),
                coverage=followups.care_coverage(s, month),
                checkins=followups.checkin_list(s, now),
                complaints=followups.complaints(s),
                disputes=followups.disputes_pending(s),
            )

        self.ctx.read(
            read, on_success=self._loaded, on_failure=self._failed, owner=self, key="fu-load"
        )

    def _loaded(self, snap: _Snapshot) -> None:
        self.coverage = snap.coverage
        self.month = snap.coverage.month
        for tab, rows, more in (
            (self.followup_tab, snap.queue, False),
            (self.care_tab, snap.care, len(snap.care) == CARE_PAGE),
            (self.checkin_tab, snap.checkins, False),
            (self.complaint_tab, snap.complaints, False),
            (self.dispute_tab, snap.disputes, False),
        ):
            keep = tab.view.currentIndex().row()
            tab.model.set_rows(rows, more)
            if rows:
                tab.view.selectRow(min(max(keep, 0), len(rows) - 1))
        self._set_titles(snap)
        self.refreshed.emit()

    def _more_care(self) -> None:
        rows = self.care_tab.model.rows
        after = rows[-1].elder_id if rows else 0
        month = self.month

        self.ctx.read(
            lambda s: followups.care_call_list(s, month, limit=CARE_PAGE, after_id=after),
            on_success=lambda page: self.care_tab.model.append(page, len(page) == CARE_PAGE),
            on_failure=self._failed,
            owner=self,
        )

    def _set_titles(self, snap: _Snapshot | None) -> None:
        def n(rows: list[Any]) -> str:
            return str(len(rows)) if snap is not None else "…"

        self.tabs.setTabText(0, fill(self.tr("&Follow-ups (%1)"), n(snap.queue if snap else [])))
        # Not the page shown: everyone in the month still to reach.
        left = str(snap.coverage.eligible - snap.coverage.reached) if snap else "…"
        self.tabs.setTabText(1, fill(self.tr("&Care calls (%1)"), left))
        self.tabs.setTabText(2, fill(self.tr("C&heck-ins (%1)"), n(snap.checkins if snap else [])))
        self.tabs.setTabText(
            3, fill(self.tr("Co&mplaints (%1)"), n(snap.complaints if snap else []))
        )
        self.tabs.setTabText(4, fill(self.tr("D&isputes (%1)"), n(snap.disputes if snap else [])))
        self.dispute_tab.header.setText(self.tr("Orders awaiting a supervisor's decision"))
        self.followup_tab.header.setText(self.tr("Callbacks due today, oldest first"))
        self.checkin_tab.header.setText(self.tr("Welfare calls queued today"))
        self.complaint_tab.header.setText(self.tr("Open complaints, newest first"))
        cov = self.coverage
        if cov is None:
            self.care_tab.header.setText("")
        else:
            self.care_tab.header.setText(
                fill(
                    self.tr("Care calls %1: reached %2 of %3 (%4 %) — the target is all of them"),
                    cov.month,
                    cov.reached,
                    cov.eligible,
                    f"{cov.percent:.1f}",
                )
            )

    def _on_changed(self, _topic: str, change: Change) -> None:
        # Only changes of data: someone opening an order (order.editing) is not one.
        if change.kind_name in WATCHED and change.topic_name.endswith(".changed") and (
            self.isVisible()
        ):
            self._reload.start()

    def _failed(self, exc: BaseException) -> bool:
        if isinstance(exc, AnxinError):
            self.message.setText(str(exc))
            return True
        return False

    # -- selection ---------------------------------------------------------------------

    def _row_changed(self, tab: TaskTab, row: int) -> None:
        item = tab.model.row(row)
        if item is None:
            return
        elder_id = getattr(item, "elder_id", None)
        if tab is self.complaint_tab:
            self._show_steps(item)
        if elder_id is None:
            tab.card.show_message(self.tr("No elder is linked to this row."))
            return
        self.ctx.read(
            lambda s: elder_card(s, elder_id),
            on_success=tab.card.show_card,
            on_failure=self._failed,
            owner=self,
            key=f"fu-card-{tab.kind}",
        )

    def _show_steps(self, c: ComplaintView) -> None:
        lines = "".join(
            f"<tr><td>{esc(short_time(st.at))}</td><td>{esc(st.note)}</td></tr>" for st in c.steps
        )
        self.steps.setHtml(f"<p><b>{esc(c.text)}</b></p><table>{lines}</table>")

    # -- calling -----------------------------------------------------------------------

    def _row_key(self, tab: TaskTab, item: Any) -> int:
        return int(item.elder_id if tab is self.care_tab else item.id)

    def _call(self, tab: TaskTab) -> None:
        item = tab.current()
        if item is None:
            return
        phone = getattr(item, "phone", "") or ""
        elder_id = getattr(item, "elder_id", None)
        if elder_id is None or not phone:
            self.message.setText(self.tr("This elder has no telephone number registered."))
            return
        purpose = {"followup": "followup", "care": "care_call", "checkin": "care_call"}.get(
            tab.kind, "callback"
        )
        actor = self.ctx.operator.as_actor()
        key = self._row_key(tab, item)
        name = getattr(item, "elder_name", "")

        def started(call: CallView) -> None:
            self.active = _ActiveCall(tab.kind, key, call)
            self.message.setText(
                fill(
                    self.tr("Calling %1 on %2: press F5 when answered, then the result key."),
                    name,
                    call.number,
                )
            )

        self.ctx.write(
            lambda s: calls.start_outbound(s, elder_id, phone, actor=actor, purpose=purpose),
            on_success=started,
            on_failure=self._failed,
            owner=self,
        )

    def _matching_call(self, tab: TaskTab) -> _ActiveCall | None:
        item = tab.current()
        if item is None or self.active is None:
            return None
        if self.active.tab != tab.kind or self.active.row_key != self._row_key(tab, item):
            return None
        return self.active

    def _answered(self, tab: TaskTab) -> None:
        active = self._matching_call(tab)
        if active is None:
            self.message.setText(self.tr("Press Enter to call the selected elder first."))
            return
        actor = self.ctx.operator.as_actor()
        call_id = active.call.id

        def done(call: CallView) -> None:
            active.call = call
            self.message.setText(self.tr("Answered. Press the result key when the call ends."))

        self.ctx.write(
            lambda s: calls.answer(s, call_id, actor=actor),
            on_success=done,
            on_failure=self._failed,
            owner=self,
        )

    def _result(self, tab: TaskTab, key: int) -> None:
        item = tab.current()
        if item is None or tab is self.complaint_tab:
            return
        active = self._matching_call(tab)
        call_id = active.call.id if active is not None else None
        actor = self.ctx.operator.as_actor()

        work: Callable[[Session], Any]
        if tab is self.followup_tab:
            result = followups.RESULTS[key - 1]
            fid = item.id

            def work(s: Session) -> Any:
                return followups.record_attempt(s, fid, result, actor=actor, call_id=call_id)

        elif key in (1, 4):
            if key == 1 and (active is None or active.call.answered_at is None):
                self.message.setText(
                    self.tr(
                        "Not answered yet: press F5 when the elder answers, or 4 for no answer."
                    )
                )
                return
            reached = key == 1
            if tab is self.care_tab:
                elder_id = item.elder_id

                def work(s: Session) -> Any:
                    return followups.record_care_call(
                        s, elder_id, actor=actor, call_id=call_id, reached=reached
                    )

            else:
                cid = item.id

                def work(s: Session) -> Any:
                    return followups.record_checkin(s, cid, reached, actor=actor, call_id=call_id)

        else:
            return

        def run(s: Session) -> Any:
            out = work(s)
            if call_id is not None:
                calls.hang_up(s, call_id, actor=actor)
            return out

        def done(_out: Any) -> None:
            self.active = None
            self.message.setText(self.tr("Recorded."))
            self._load()

        self.ctx.write(run, on_success=done, on_failure=self._failed, owner=self)

    # -- complaints --------------------------------------------------------------------

    def _complaint_step(self, *, close: bool) -> None:
        item = self.complaint_tab.current()
        if item is None:
            return
        note = self.step_note.text()
        actor = self.ctx.operator.as_actor()
        cid = item.id
        fn = followups.close_complaint if close else followups.complaint_step

        def done(_c: ComplaintView) -> None:
            self.step_note.clear()
            self.message.setText(self.tr("Recorded."))
            self._load()

        self.ctx.write(
            lambda s: fn(s, cid, note, actor=actor),
            on_success=done,
            on_failure=self._failed,
            owner=self,
        )

    def _new_complaint(self) -> None:
        order_no = self.new_order_no.text()
        text = self.new_text.text()
        # Taken on the call this screen placed, when there is one.
        call_id = self.active.call.id if self.active is not None else None
        actor = self.ctx.operator.as_actor()

        def done(_c: ComplaintView) -> None:
            self.new_order_no.clear()
            self.new_text.clear()
            self.message.setText(self.tr("Complaint recorded; the order will be called back."))
            self._load()

        self.ctx.write(
            lambda s: followups.record_complaint_on_order(
                s, order_no, text, call_id=call_id, actor=actor
            ),
            on_success=done,
            on_failure=self._failed,
            owner=self,
        )

    # -- disputes ----------------------------------------------------------------------

    def _decide(self, upheld: bool) -> None:
        item = self.dispute_tab.current()
        if item is None:
            return
        note = self.decision_note.text()
        order_id = item.order_id
        actor = self.ctx.operator.as_actor()

        def done(_r: FollowUpRow) -> None:
            self.decision_note.clear()
            self.message.setText(self.tr("Decision recorded."))
            self._load()

        self.ctx.write(
            lambda s: followups.decide_dispute(s, order_id, upheld, note, actor=actor),
            on_success=done,
            on_failure=self._failed,
            owner=self,
        )
