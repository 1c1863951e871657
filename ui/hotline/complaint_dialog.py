"""A complaint taken on the call in progress, about one of the caller's orders or in general.

The complaint is linked to the call (whose disposition becomes "complaint"), the elder,
and — when the caller names an order — the order and its firm, which then gets a
callback; handling and closing happen on the Follow-up screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import calls
from app.elder_card import ElderCard
from app.errors import AnxinError, ValidationError
from app.followups import record_complaint
from ui.context import UiContext
from ui.widgets.html import esc, fmt_datetime
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ComplaintDialog(QDialog):
    saved = Signal(int)  # complaint id

    def __init__(
        self,
        ctx: UiContext,
        card: ElderCard | None,
        call_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card = card
        self.call_id = call_id
        self.setWindowTitle(self.tr("Complaint"))
        layout = QVBoxLayout(self)
        who = card.elder.name if card is not None else self.tr("unknown caller")
        title = QLabel(self.tr("Complaint from %1").replace("%1", who), self)
        title.setProperty("role", "section-title")
        layout.addWidget(title)
        form = QFormLayout()
        self.order = QComboBox(self)
        self.order.setObjectName("complaint-order")
        self.order.addItem(self.tr("No particular order"), None)
        for o in card.orders if card is not None else ():
            self.order.addItem(
                f"{o.order_no} · {fmt_datetime(o.created_at)} · {o.item_name} · {o.firm_name}",
                o.id,
            )
        if self.order.count() > 1:
            self.order.setCurrentIndex(1)  # most complaints are about the last service
        form.addRow(self.tr("About &order"), self.order)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("complaint-text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("What the caller complains about, in their words"))
        form.addRow(self.tr("&Complaint"), self.text)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("complaint-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save (Ctrl+Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        add_shortcut(QKeySequence("Ctrl+Return"), self, self.save)
        add_shortcut(QKeySequence("Ctrl+Enter"), self, self.save)
        # The text box takes Ctrl+Enter itself before a window shortcut sees it.
        self.text.installEventFilter(self)
        self.resize(640, 320)
        self.text.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return True
        return super().eventFilter(watched, event)

    def save(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.message.setText(esc(self.tr("Write what the complaint is about.")))
            self.text.setFocus()
            return
        order_id = self.order.currentData()
        elder_id = self.card.elder.id if self.card is not None else None
        call_id = self.call_id
        actor = self.ctx.operator.as_actor()

        def work(session: Session) -> Any:
            view = record_complaint(session, call_id, elder_id, None, order_id, text, actor=actor)
            if call_id is not None:
                calls.describe(
                    session,
                    call_id,
                    actor=actor,
                    elder_id=elder_id,
                    disposition="complaint",
                )
            return view

        def done(view: Any) -> None:
            self.saved.emit(int(view.id))
            self.accept()

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, ValidationError):
                self.message.setText("<br>".join(esc(e.message) for e in exc.errors))
                return True
            if isinstance(exc, AnxinError):
                self.message.setText(esc(exc.message))
                return True
            return False

        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.ctx.write(work, on_success=done, on_failure=failed, owner=self)
