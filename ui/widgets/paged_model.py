"""A table model that loads a search result one page at a time, as the view scrolls.

The register holds 200,000 elders: the model never asks for more than one page
(100 rows) per request, and asks for the next only when the view reaches the end
(Qt's ``canFetchMore``/``fetchMore``). The total is counted separately and shown
by the screen. Every request runs through ``UiContext.read``; answers to an older
query are dropped, so fast typing never shows stale rows.

``refresh(ids)`` is what a screen calls when the change feed names records changed at
any seat: the rows shown are re-read in place, and a record not shown joins the rows
already loaded where the search puts it, if it matches (see ``refresh``).

Strings here use ``QCoreApplication.translate`` with an explicit context because
subclasses would otherwise look them up under their own class name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.context import UiContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100
# Past this many rows loaded, a changed record not shown is left to the next page or
# search: finding its place would mean re-reading everything scrolled through.
REFRESH_WINDOW = 1000


@dataclass(frozen=True)
class Column(Generic[Row]):
    key: str
    header: str
    value: Callable[[Row], str]
    align_right: bool = False
    tooltip: Callable[[Row], str] | None = None


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one search, fetched page by page through the task runner."""

    total_changed = Signal(int)
    loading_changed = Signal(bool)
    # Emitted after the first page of a new query arrived (rows may be 0).
    query_loaded = Signal(str)

    def __init__(
        self,
        ctx: UiContext,
        columns: Sequence[Column[Row]],
        fetch_page: Callable[[Session, str, int, int], list[Row]],
        count: Callable[[Session, str], int],
        *,
        name: str,
        page_size: int = PAGE_SIZE,
        row_id: Callable[[Row], int] = lambda row: row.id,  # type: ignore[attr-defined]
        fetch_rows: Callable[[Session, list[int]], list[Row]] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.columns = list(columns)
        self._fetch_page = fetch_page
        self._count = count
        self._name = name
        self.page_size = page_size
        self._row_id = row_id
        self._fetch_rows = fetch_rows
        self._rows: list[Row] = []
        self.query = ""
        self.total: int | None = None
        self._generation = 0
        self._loading = False
        self._exhausted = True
        # Where the next page starts in the search's own order. Not len(_rows): rows
        # inserted by refresh() are counted only when they come round again (a page
        # drops rows it already has), and rows refreshed in place may have left the
        # search, so the next page starts that many earlier (_slack) not to skip any.
        self._fetched = 0
        self._slack = 0

    # -- Qt model --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._row_id(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load_page(max(0, self._fetched - self._slack))

    # -- the screen's side -----------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: int) -> int:
        for i, row in enumerate(self._rows):
            if self._row_id(row) == row_id:
                return i
        return -1

    def set_query(self, query: str) -> None:
        """Start over with a new search: first page and count, dropping older answers."""
        self._generation += 1
        self.query = query
        self.beginResetModel()
        self._rows = []
        self._exhausted = False
        self._fetched = self._slack = 0
        self.endResetModel()
        self.total = None
        self._count_rows()
        self._load_page(0)

    def reload(self) -> None:
        self.set_query(self.query)

    def replace_row(self, row: Row) -> None:
        """Show a fresh copy of one row (after a save) without reloading the list."""
        i = self.row_of(self._row_id(row))
        if i < 0:
            return
        self._rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    def insert_first(self, row: Row) -> None:
        """A record just created appears at the top, where the operator looks."""
        i = self.row_of(self._row_id(row))
        if i > 0:
            # The feed may have put it in its place already: this seat's operator
            # still wants it where they look.
            self.beginMoveRows(QModelIndex(), i, i, QModelIndex(), 0)
            self._rows.insert(0, self._rows.pop(i))
            self.endMoveRows()
        if i >= 0:
            self.replace_row(row)
            return
        self._insert(0, row)
        # Counted, not added to: the feed's refresh may have counted it already.
        self._count_rows()

    def refresh(self, row_ids: Sequence[int]) -> None:
        """Records changed at some seat (the change feed named them): show what is stored.

        A row shown is replaced by a fresh copy where it is, even if it no longer matches
        the search: rows do not jump away under the operator, and the next search drops
        it. A record not shown is put among the rows loaded where the search would place
        it, if it matches there (a new registration; an edit that now matches); one that
        sorts after them comes with a later page. The count is read again.
        """
        if self._fetch_rows is None or not row_ids:
            return
        ids = list(dict.fromkeys(row_ids))
        shown = [i for i in ids if self.row_of(i) >= 0]
        unknown = [i for i in ids if self.row_of(i) < 0]
        window = self._fetched + len(unknown) if unknown else 0
        if window > REFRESH_WINDOW:
            window = 0
        generation, query = self._generation, self.query
        fetch_rows, fetch_page = self._fetch_rows, self._fetch_page

        def read(session: Session) -> tuple[list[Row], list[Row]]:
            fresh = fetch_rows(session, shown) if shown else []
            return fresh, fetch_page(session, query, window, 0) if window else []

        def got(result: tuple[list[Row], list[Row]]) -> None:
            if generation != self._generation:
                return
            fresh, around = result
            for row in fresh:
                self.replace_row(row)
            self._slack += len(fresh)
            self._place(around, set(unknown))

        self.ctx.read(read, on_success=got, owner=self)
        self._count_rows()

    def _place(self, ordered: list[Row], wanted: set[int]) -> None:
        """Insert the ``wanted`` rows of ``ordered`` (the search's first rows, in its
        order) after the row that precedes them there and is shown."""
        known = {self._row_id(r) for r in self._rows}
        previous: int | None = None
        for row in ordered:
            row_id = self._row_id(row)
            if row_id in wanted and row_id not in known:
                self._insert(self.row_of(previous) + 1 if previous is not None else 0, row)
                known.add(row_id)
            if row_id in known:
                previous = row_id

    def _insert(self, position: int, row: Row) -> None:
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()

    # -- loading ---------------------------------------------------------------------

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _load_page(self, offset: int) -> None:
        generation, query, limit = self._generation, self.query, self.page_size
        fetch = self._fetch_page
        self._set_loading(True)

        def done(rows: list[Row]) -> None:
            if generation != self._generation:
                return
            self._set_loading(False)
            self._exhausted = len(rows) < limit
            self._fetched, self._slack = offset + len(rows), 0
            known = {self._row_id(r) for r in self._rows}
            # A page overlaps rows refresh() inserted or kept; each row is shown once.
            rows = [r for r in rows if self._row_id(r) not in known]
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            if offset == 0:
                self.query_loaded.emit(query)

        def failed(_exc: BaseException) -> None:
            if generation == self._generation:
                self._set_loading(False)
                # Leave the list as it is; the runner shows the error. Scrolling retries.

        self.ctx.read(
            lambda session: fetch(session, query, limit, offset),
            on_success=done,
            on_failure=failed,
            owner=self,
            key=f"{self._name}.page",
        )

    def _count_rows(self) -> None:
        generation, query, count = self._generation, self.query, self._count

        def done(total: int) -> None:
            if generation == self._generation:
                self.total = total
                self.total_changed.emit(total)

        self.ctx.read(
            lambda session: count(session, query),
            on_success=done,
            owner=self,
            key=f"{self._name}.count",
        )
