"""The order board as a lazy table: pages fetched by keyset cursor as the view scrolls.

Two million orders never come to the console: the model holds the pages the operator
has scrolled through, asks for the next one (``list_orders(after=cursor)``) when the
view reaches the end, and drops any answer that belongs to a filter no longer shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.money import price
from app.orders.board import OrderFilter, count_orders, list_orders
from app.orders.views import OrderSummary, order_summaries
from ui import labels
from ui.context import UiContext

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100
COUNT_CAP = 100_000

OVERDUE_TEXT = QColor("#b71c1c")
OVERDUE_BACK = QColor("#ffebee")
DISPUTED_TEXT = QColor("#4a148c")
DISPUTED_BACK = QColor("#ede7f6")


def short_time(value: datetime | None) -> str:
    """Local time, without the year: the board is about the last days and weeks."""
    if value is None:
        return ""
    return value.astimezone().strftime("%m-%d %H:%M")


COLUMN_KEYS = (
    "order_no",
    "status",
    "elder",
    "item",
    "firm",
    "staff",
    "community",
    "created",
    "due",
    "elder_pays",
)


class OrderTableModel(QAbstractTableModel):
    total_changed = Signal(object)  # int | None (None while counting)
    loading_changed = Signal(bool)
    first_page_loaded = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.filter = OrderFilter()
        self.total: int | None = None
        self._rows: list[OrderSummary] = []
        self._cursor: tuple[Any, ...] | None = None
        self._generation = 0
        self._loading = False
        self._statuses = labels.order_statuses()
        self._headers = [
            QCoreApplication.translate("OrderTableModel", "Order no."),
            QCoreApplication.translate("OrderTableModel", "Status"),
            QCoreApplication.translate("OrderTableModel", "Elder"),
            QCoreApplication.translate("OrderTableModel", "Item"),
            QCoreApplication.translate("OrderTableModel", "Firm"),
            QCoreApplication.translate("OrderTableModel", "Staff"),
            QCoreApplication.translate("OrderTableModel", "Community"),
            QCoreApplication.translate("OrderTableModel", "Created"),
            QCoreApplication.translate("OrderTableModel", "Due"),
            QCoreApplication.translate("OrderTableModel", "Elder pays"),
        ]

    # -- Qt model --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_KEYS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _text(self, r: OrderSummary, key: str) -> str:
        if key == "order_no":
            return r.order_no
        if key == "status":
            text = labels.label(self._statuses, r.status)
            if r.overdue:
                text += " · " + QCoreApplication.translate("OrderTableModel", "overdue")
            if r.disputed:
                text += " · " + QCoreApplication.translate("OrderTableModel", "disputed")
            return text
        if key == "elder":
            return r.elder_name
        if key == "item":
            return r.item_name if r.quantity == 1 else f"{r.item_name} ×{r.quantity}"
        if key == "firm":
            return r.firm_name
        if key == "staff":
            return r.staff_name
        if key == "community":
            return r.community_name
        if key == "created":
            return short_time(r.created_at)
        if key == "due":
            return short_time(r.due_at)
        if key == "elder_pays":
            return price(r.elder_pays_fen)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "status" and r.overdue:
                return QCoreApplication.translate(
                    "OrderTableModel", "Past its deadline and not yet completed"
                )
            if key == "status" and r.disputed:
                return QCoreApplication.translate(
                    "OrderTableModel", "The callback found the service did not happen"
                )
            return self._text(r, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.overdue:
                return QBrush(OVERDUE_TEXT)
            if r.disputed:
                return QBrush(DISPUTED_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.overdue:
                return QBrush(OVERDUE_BACK)
            if r.disputed:
                return QBrush(DISPUTED_BACK)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "elder_pays":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and self._cursor is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load_page(self._cursor)

    # -- the screen's side -----------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> OrderSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, order_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == order_id), -1)

    def set_filter(self, flt: OrderFilter) -> None:
        """Start over: first page and count; answers for the previous filter are dropped."""
        self._generation += 1
        self.filter = flt
        self.beginResetModel()
        self._rows = []
        self._cursor = None
        self.endResetModel()
        self.total = None
        self.total_changed.emit(None)
        self._count()
        self._load_page(None)

    def reload(self) -> None:
        self.set_filter(self.filter)

    def replace_row(self, row: OrderSummary) -> None:
        i = self.row_of(row.id)
        if i >= 0:
            self._rows[i] = row
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMN_KEYS) - 1))

    def insert_first(self, row: OrderSummary) -> None:
        if self.row_of(row.id) >= 0:
            self.replace_row(row)
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, row)
        self.endInsertRows()

    def refresh(self, order_ids: list[int]) -> None:
        """Orders changed elsewhere: fresh copies of the rows shown; new orders at the top
        when the operator is looking at the top of a newest-first board."""
        shown = [i for i in order_ids if self.row_of(i) >= 0]
        unknown = [i for i in order_ids if self.row_of(i) < 0]
        if shown:
            generation = self._generation

            def got(rows: list[OrderSummary]) -> None:
                if generation == self._generation:
                    for r in rows:
                        self.replace_row(r)

            self.ctx.read(
                lambda session: order_summaries(session, shown, datetime.now(UTC)),
                on_success=got,
                owner=self,
            )
        if unknown:
            if self.filter.sort == "created_desc" and len(self._rows) <= PAGE_SIZE:
                self.reload()
            else:
                self._count()

    # -- loading ---------------------------------------------------------------------

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _load_page(self, after: tuple[Any, ...] | None) -> None:
        generation, flt = self._generation, self.filter
        self._set_loading(True)

        def done(result: tuple[list[OrderSummary], tuple[Any, ...] | None]) -> None:
            if generation != self._generation:
                return
            rows, cursor = result
            self._cursor = cursor
            self._set_loading(False)
            known = {r.id for r in self._rows}
            rows = [r for r in rows if r.id not in known]  # an order inserted at the top
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            if after is None:
                self.first_page_loaded.emit()

        def failed(_exc: BaseException) -> bool:
            if generation == self._generation:
                self._set_loading(False)
            return False  # the task runner shows it

        self.ctx.read(
            lambda session: list_orders(session, flt, after=after, limit=PAGE_SIZE),
            on_success=done,
            on_failure=failed,
            owner=self,
            key="orders.page",
        )

    def _count(self) -> None:
        generation, flt = self._generation, self.filter

        def done(total: int) -> None:
            if generation == self._generation:
                self.total = total
                self.total_changed.emit(total)

        self.ctx.read(
            lambda session: count_orders(session, flt, cap=COUNT_CAP),
            on_success=done,
            owner=self,
            key="orders.count",
        )
