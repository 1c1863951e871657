"""The selected firm: contract, coverage, items, and its staff with Add/Edit."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.registry.firms import FirmDetail, StaffRow
from ui import labels
from ui.widgets.html import STYLE, columns, esc, fields_table, fmt_date, section


class FirmDetailView(QWidget):
    add_staff = Signal()
    edit_staff = Signal(object)  # StaffRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: FirmDetail | None = None
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.staff_title = QLabel(self.tr("Staff"), self)
        self.staff_title.setStyleSheet("font-weight: bold;")
        self.staff_table = QTableWidget(0, 7, self)
        self.staff_table.setObjectName("staff-table")
        self.staff_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Sex"),
                self.tr("Role"),
                self.tr("Phone"),
                self.tr("Certificate"),
                self.tr("Certified until"),
                self.tr("Active"),
            ]
        )
        self.staff_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.staff_table.setTabKeyNavigation(False)
        self.staff_table.verticalHeader().hide()
        self.staff_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.staff_table.verticalHeader().setDefaultSectionSize(28)
        self.add_button = QPushButton(self.tr("Add staff"), self)
        self.edit_button = QPushButton(self.tr("Edit staff"), self)
        self.edit_button.setEnabled(False)

        staff = QWidget(self)
        staff_layout = QVBoxLayout(staff)
        staff_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.staff_title)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        staff_layout.addLayout(bar)
        staff_layout.addWidget(self.staff_table)

        # Staff below, full width: seven columns need the room more than the text does.
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.text)
        splitter.addWidget(staff)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.add_button.clicked.connect(self.add_staff)
        self.edit_button.clicked.connect(self._edit_current)
        self.staff_table.doubleClicked.connect(lambda _i: self._edit_current())
        self.staff_table.itemSelectionChanged.connect(
            lambda: self.edit_button.setEnabled(self.current_staff() is not None)
        )
        self.show_empty()

    def show_empty(self) -> None:
        self.detail = None
        hint = self.tr("Select a firm to see its contract, coverage and staff.")
        self.text.setHtml(STYLE + f"<p class='muted'>{esc(hint)}</p>")
        self.staff_table.setRowCount(0)
        self.add_button.setEnabled(False)

    def show_firm(self, d: FirmDetail) -> None:
        self.detail = d
        status = labels.label(labels.firm_statuses(), d.status)
        title = f"<h2>{esc(d.name)} <span class='muted'>· {esc(status)} · #{d.id}</span></h2>"
        days_left = (d.contract_end - date.today()).days
        contract = (
            f"<span class='nowrap'>{fmt_date(d.contract_start)} – {fmt_date(d.contract_end)}</span>"
        )
        if d.status == "active" and 0 <= days_left <= 60:
            ends = self.tr("ends in %n day(s)", "", days_left)
            contract += f" <span class='warn'>({esc(ends)})</span>"
        elif d.status == "active" and days_left < 0:
            expired = self.tr("expired")
            contract += f" <span class='warn'>({esc(expired)})</span>"
        info = section(
            self.tr("Firm"),
            fields_table(
                [
                    (self.tr("Licence number"), f"<span class='nowrap'>{esc(d.licence_no)}</span>"),
                    (self.tr("Legal representative"), esc(d.legal_rep)),
                    (self.tr("Contact person"), esc(d.contact_name)),
                    (self.tr("Contact phone"), f"<b>{esc(d.contact_phone)}</b>"),
                    (self.tr("Address"), esc(d.address)),
                    (self.tr("Contract"), contract),
                    (self.tr("Status changed on"), esc(fmt_date(d.status_changed_on))),
                    (self.tr("Notes"), esc(d.notes)),
                ]
            ),
        )
        areas = "、".join(esc(a.name) for a in d.areas) or "—"
        coverage = section(
            self.tr("Communities covered (%1)").replace("%1", str(len(d.areas))),
            f"<p>{areas}</p>",
        )
        items = "、".join(f"{esc(i.name)}" for i in d.items) or "—"
        offered = section(
            self.tr("Service items (%1)").replace("%1", str(len(d.items))), f"<p>{items}</p>"
        )
        self.text.setHtml(STYLE + title + columns(info, coverage + offered, widths=(55, 45)))
        self._fill_staff(d.staff)
        self.add_button.setEnabled(d.status != "exited")

    def _fill_staff(self, staff: tuple[StaffRow, ...]) -> None:
        sexes = labels.sexes()
        self.staff_table.setRowCount(0)
        for s in staff:
            r = self.staff_table.rowCount()
            self.staff_table.insertRow(r)
            values = (
                s.name,
                labels.label(sexes, s.sex),
                s.role,
                s.phone,
                s.certificate,
                fmt_date(s.certified_until),
                labels.yes_no(s.active),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.staff_table.setItem(r, c, item)
        self.staff_title.setText(self.tr("Staff (%1)").replace("%1", str(len(staff))))

    def current_staff(self) -> StaffRow | None:
        if self.detail is None:
            return None
        row = self.staff_table.currentRow()
        if row < 0 or not self.staff_table.selectionModel().hasSelection():
            return None
        staff_id = self.staff_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        return next((s for s in self.detail.staff if s.id == staff_id), None)

    def _edit_current(self) -> None:
        staff = self.current_staff()
        if staff is not None:
            self.edit_staff.emit(staff)
