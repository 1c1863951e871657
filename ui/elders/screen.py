"""The Elders screen: search box, the paged list, the selected record, New and Edit.

Keys: Ctrl+F search (from anywhere), Down/Enter from the search into the list,
Enter or F2 edits the selected elder, Ctrl+N registers a new one.

The screen follows the change feed: an elder saved at any seat is re-read in the list
(``PagedTableModel.refresh``: a row that no longer matches the search stays until the
next one, a new match takes its place in the list) and below it if it is the one shown.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
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
from app.registry.elders import ElderDetail, ElderRow, elder_rows, get_elder
from ui import labels
from ui.bus_bridge import BusBridge
from ui.context import UiContext
from ui.elders.detail import ElderDetailView
from ui.elders.editor import ElderEditor
from ui.elders.model import elder_table_model
from ui.widgets.column_widths import fit_columns
from ui.widgets.search_box import SearchBox
from ui.widgets.shortcuts import add_shortcut

# Arrowing through the list should not fire a query per row passed.
DETAIL_DELAY_MS = 120


class EldersScreen(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: ElderEditor | None = None
        self._started = False

        self.search = SearchBox(self)
        self.search.setObjectName("elder-search")
        self.search.setPlaceholderText(
            self.tr("Search elders: name, pinyin initials (zs), phone or ID number   (Ctrl+F)")
        )
        self.count_label = QLabel(self)
        self.count_label.setObjectName("elder-count")
        self.new_button = QPushButton(self.tr("New elder (Ctrl+N)"), self)
        self.edit_button = QPushButton(self.tr("Edit (F2)"), self)
        self.edit_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)

        self.model = elder_table_model(ctx)
        self.table = QTableView(self)
        self.table.setObjectName("elder-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self._set_column_widths()

        self.detail = ElderDetailView(self)
        self.detail.setObjectName("elder-detail")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
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
        self.model.loading_changed.connect(lambda _loading: self._show_count(self.model.total))
        self.model.query_loaded.connect(self._first_page_loaded)
        # A new search must never leave the previous elder's record on screen.
        self.model.modelReset.connect(self.detail.show_empty)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.new_button.clicked.connect(self.new_elder)
        self.edit_button.clicked.connect(self.edit_selected)

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        add_shortcut(QKeySequence.StandardKey.New, self, self.new_elder, scope)
        add_shortcut(Qt.Key.Key_F2, self, self.edit_selected, scope)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            add_shortcut(key, self.table, self.edit_selected, Qt.ShortcutContext.WidgetShortcut)
        self._show_count(None)

        self._bridge = BusBridge(ctx.bus, "elder.changed", self)
        self._bridge.message.connect(self._on_changed)

    def _set_column_widths(self) -> None:
        groups = list(labels.special_groups_short().values())
        samples = {
            "name": ["欧阳秀英"],
            "sex": labels.sexes_short().values(),
            "age": ["100"],
            "id_number": ["620102********123X"],
            "phone": ["0931 8812 3456", "138 0013 8000"],
            "community": ["东方红广场社区"],
            "address": ["城关区中山路12号"],
            "subsidy_category": labels.subsidy_short().values(),
            "care_level": labels.care_levels().values(),
            "groups": ["、".join(groups[:2])],
            "status": labels.elder_statuses().values(),
        }
        fit_columns(self.table, [c.key for c in self.model.columns], samples, fill="address")

    # -- screen protocol (main window) ----------------------------------------------

    def activated(self) -> None:
        if not self._started:
            self._started = True
            self.model.set_query("")

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    # -- list ------------------------------------------------------------------------

    def _show_count(self, total: int | None) -> None:
        if total is None:
            self.count_label.setText(self.tr("Searching…"))
        else:
            self.count_label.setText(self.tr("%n elder(s)", "", total))

    def _enter_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _first_page_loaded(self, _query: str) -> None:
        # A search typed in the box shows the first match's record at once.
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_empty()

    def selected_row(self) -> ElderRow | None:
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
        elder_id = row.id
        self.ctx.read(
            lambda session: get_elder(session, elder_id),
            on_success=self._show_detail,
            owner=self,
            key="elders.detail",
        )

    def _show_detail(self, detail: ElderDetail) -> None:
        row = self.selected_row()
        if row is not None and row.id == detail.id:
            self.detail.show_elder(detail)

    def _on_changed(self, _topic: str, change: Change) -> None:
        if not self._started:
            return  # the first search, when the screen is opened, reads what is stored
        ids = list(change.ids)
        self.model.refresh(ids)
        row = self.selected_row()
        if row is not None and row.id in ids:
            self._load_detail()

    # -- editing ---------------------------------------------------------------------

    def new_elder(self) -> None:
        self._open_editor(None)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._open_editor(row.id)

    def _open_editor(self, elder_id: int | None) -> None:
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            return
        self.editor = ElderEditor(self.ctx, elder_id, self.window())
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.saved.connect(self._saved)
        self.editor.destroyed.connect(self._editor_gone)
        self.editor.open()
        self.editor.activateWindow()

    def _editor_gone(self) -> None:
        self.editor = None
        self.table.setFocus()

    def _saved(self, elder_id: int, created: bool) -> None:
        """Refresh only the row concerned, and the record below the list."""

        def refreshed(rows: list[ElderRow]) -> None:
            if not rows:
                return
            if created:
                self.model.insert_first(rows[0])
            else:
                self.model.replace_row(rows[0])
            index = self.model.row_of(elder_id)
            if index >= 0:
                self.table.selectRow(index)
                self.table.scrollTo(self.model.index(index, 0))
            self._load_detail()

        self.ctx.read(
            lambda session: elder_rows(session, [elder_id]),
            on_success=refreshed,
            owner=self,
        )

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
