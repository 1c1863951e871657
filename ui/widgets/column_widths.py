"""Column widths measured from what the column can hold, in the font and language in use.

Fixed pixel widths cut translated headers or labels ("Partly dependent" vs 半失能);
measuring the header and every possible label (or a typical longest value) fits
both languages and any font size without resizing to the rows loaded so far.
One column (an address, a name) takes whatever room is left, but never less than
its own samples need: Qt's Stretch mode would squeeze it to nothing on a narrow
screen, where a horizontal scroll bar is the lesser evil.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

PADDING = 18


class _FillColumn(QObject):
    def __init__(self, view: QTableView, column: int, minimum: int) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.minimum = minimum
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != self.column)
        room = self.view.viewport().width() - others
        header.resizeSection(self.column, max(self.minimum, room))


def fit_columns(
    view: QTableView,
    keys: list[str],
    samples: dict[str, Iterable[str]],
    *,
    fill: str,
) -> None:
    """Size each column to its header and samples; ``fill`` also takes the room left over."""
    model = view.model()
    body = QFontMetrics(view.font())
    header_font = QFont(view.horizontalHeader().font())
    header_font.setBold(True)
    heading = QFontMetrics(header_font)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    fill_column, fill_minimum = -1, 0
    for i, key in enumerate(keys):
        title = str(model.headerData(i, header.orientation()) or "")
        width = heading.horizontalAdvance(title) + PADDING
        for text in samples.get(key, ()):
            width = max(width, body.horizontalAdvance(text) + PADDING)
        view.setColumnWidth(i, width)
        if key == fill:
            fill_column, fill_minimum = i, width
    if fill_column >= 0:
        _FillColumn(view, fill_column, fill_minimum).apply()
