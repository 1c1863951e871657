"""A search field that asks as you type, once the typing pauses."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

# Long enough that "zhang" is one query, short enough that the list feels live.
DEBOUNCE_MS = 200


class SearchBox(QLineEdit):
    """Emits ``search`` after a pause in typing, at once on Enter; Down leaves for the list."""

    search = Signal(str)
    leave_down = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._fire)
        self.textEdited.connect(lambda _text: self._timer.start())
        # The clear button does not count as an edit; searching for "" lists everything.
        self.textChanged.connect(self._cleared)
        self._last = ""
        self._searched = False

    def _cleared(self, text: str) -> None:
        if not text and self._last:
            self._timer.start()

    def _fire(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        # Enter after the list already shows this search must not start it over
        # (and lose the selection the operator is about to act on).
        if text == self._last and self._searched:
            return
        self._last = text
        self._searched = True
        self.search.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():
                self._fire()
            self.leave_down.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.leave_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
