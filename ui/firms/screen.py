"""The Firms screen: search, the paged list, the selected firm with its staff, New/Edit.

Same keys as the Elders screen: Ctrl+F, Enter/F2 to edit, Ctrl+N for a new firm.
It follows the change feed as the Elders screen does: a firm saved at any seat (its
staff too) is re-read in the list and, if it is the one shown, below it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.feed.topics import Change
from app.registry.firms import FirmDetail, FirmRow, StaffRow, get_firm
from ui import labels
from ui.bus_bridge import BusBridge
from ui.context import UiContext
from ui.firms.detail import FirmDetailView
from ui.firms.editor import FirmEditor
from ui.firms.model import firm_row, firm_table_model
from ui.firms.staff_editor import StaffEditor
from ui.widgets.column_widths import fit_columns
from ui.widgets.search_box import SearchBox
from ui.widgets.shortcuts import add_shortcut

DETAIL_DELAY_MS = 120


class FirmsScreen(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: FirmEditor | None = None
        self._started = False

        self.search = SearchBox(self)
        self.search.setObjectName("firm-search")
        self.search.setPlaceholderText(
            self.tr("Search firms: name, pinyin initials, licence number or phone   (Ctrl+F)")
        )
        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.tr("New firm (Ctrl+N)"), self)
        self.edit_button = QPushButton(self.tr("Edit (F2)"), self)
        self.edit_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)

        self.model = firm_table_model(ctx)
        self.table = QTableView(self)
        self.table.setObjectName("firm-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        samples = {
            "name": ["兰州安康家政服务公司"],
            "licence_no": ["91620102MA7XXXXX8C"],
            "contact": ["欧阳秀英  0931 8812 3456"],
            "status": labels.firm_statuses().values(),
            "contract": ["2024-01-01 – 2026-12-31"],
            "community_count": ["100"],
            "item_count": ["100"],
            "staff_count": ["100"],
        }
        fit_columns(self.table, [c.key for c in self.model.columns], samples, fill="name")

        self.detail = FirmDetailView(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._load_detail)

        self.search.search.connect(self.model.set_query)
        self.search.leave_down.connect(self._enter_list)
        self.model.total_changed.connect(self._show_count)
        self.model.query_loaded.connect(self._first_page_loaded)
        self.model.modelReset.connect(self.detail.show_empty)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.new_button.clicked.connect(self.new_firm)
        self.edit_button.clicked.connect(self.edit_selected)
        self.detail.add_staff.connect(lambda: self._open_staff(None))
        self.detail.edit_staff.connect(self._open_staff)

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(QKeySequence.StandardKey.New, self, self.new_firm, scope)
        add_shortcut(Qt.Key.Key_F2, self, self.edit_selected, scope)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            add_shortcut(key, self.table, self.edit_selected, Qt.ShortcutContext.WidgetShortcut)
        self._show_count(None)

        self._bridge = BusBridge(ctx.bus, "firm.changed", self)
        self._bridge.message.connect(self._on_changed)

    # -- screen protocol ---------------------------------------------------------------

    def activated(self) -> None:
        if not self._started:
            self._started = True
            self.model.set_query("")

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    # -- list --------------------------------------------------------------------------

    def _show_count(self, total: int | None) -> None:
        if total is None:
            self.count_label.setText(self.tr("Searching…"))
        else:
            self.count_label.setText(self.tr("%n firm(s)", "", total))

    def _enter_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _first_page_loaded(self, _query: str) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_empty()

    def selected_row(self) -> FirmRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.edit_button.setEnabled(self.selected_row() is not None)
        self._detail_timer.start()

    def _load_detail(self) -> None:
        row = self.selected_row()
        if row is None:
            self.detail.show_empty()
            return
        firm_id = row.id
        self.ctx.read(
            lambda session: get_firm(session, firm_id),
            on_success=self._show_detail,
            owner=self,
            key="firms.detail",
        )

    def _show_detail(self, detail: FirmDetail) -> None:
        row = self.selected_row()
        if row is not None and row.id == detail.id:
            self.detail.show_firm(detail)

    def _on_changed(self, _topic: str, change: Change) -> None:
        if not self._started:
            return  # the first search, when the screen is opened, reads what is stored
        ids = list(change.ids)
        self.model.refresh(ids)
        row = self.selected_row()
        if row is not None and row.id in ids:
            self._load_detail()

    # -- editing -----------------------------------------------------------------------

    def new_firm(self) -> None:
        self._open_editor(None)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._open_editor(row.id)

    def _open_editor(self, firm_id: int | None) -> None:
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            return
        self.editor = FirmEditor(self.ctx, firm_id, self.window())
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.saved.connect(self._saved)
        self.editor.destroyed.connect(self._editor_gone)
        self.editor.open()
        self.editor.activateWindow()

    def _editor_gone(self) -> None:
        self.editor = None
        self.table.setFocus()

    def _open_staff(self, staff: StaffRow | None) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        dialog = StaffEditor(self.ctx, detail.id, detail.name, staff, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda firm_id: self._saved(firm_id, False))
        dialog.open()
        dialog.activateWindow()

    def _saved(self, firm_id: int, created: bool) -> None:
        """Refresh the firm's row (staff counts change too) and its detail."""

        def refreshed(detail: FirmDetail) -> None:
            def got_row(row: FirmRow | None) -> None:
                if row is None:
                    return
                if created:
                    self.model.insert_first(row)
                else:
                    self.model.replace_row(row)
                index = self.model.row_of(firm_id)
                if index >= 0:
                    self.table.selectRow(index)
                    self.table.scrollTo(self.model.index(index, 0))
                self.detail.show_firm(detail)

            self.ctx.read(
                lambda session: firm_row(session, firm_id, detail.licence_no),
                on_success=got_row,
                owner=self,
            )

        self.ctx.read(lambda session: get_firm(session, firm_id), on_success=refreshed, owner=self)
