"""Assessment screen (Ctrl+7): the month's firms with totals, grades, ranks and warnings.

The month is typed as YYYY-MM (Enter loads it); the table is read off the GUI thread.
Print preview lays the same tables the PDF report has out on the printer (ranking, then a
page per firm); Save PDF writes the reportlab report; a supervisor finalises (locks) the
month with Ctrl+Shift+F after a confirmation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.access import allowed
from app.assessment.rules import previous_month
from app.assessment.service import FirmAssessment, MonthAssessment, compute_month, finalise
from app.reports import write_report
from app.reports.tables import (
    Table,
    dimension_table,
    indicator_table,
    month_label,
    ranking_table,
)
from ui.context import UiContext
from ui.tasks import present_failure

Index = QModelIndex | QPersistentModelIndex


def warning_label(code: str) -> str:
    return {
        "": "",
        "warning": QCoreApplication.translate("AssessmentLabels", "Warning"),
        "suspension": QCoreApplication.translate("AssessmentLabels", "Propose suspension"),
    }[code]


def status_label(code: str) -> str:
    return {
        "open": QCoreApplication.translate("AssessmentLabels", "Not finalised"),
        "draft": QCoreApplication.translate("AssessmentLabels", "Draft"),
        "final": QCoreApplication.translate("AssessmentLabels", "Finalised"),
    }[code]


class FirmsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FirmAssessment] = []
        self.headers = [
            QCoreApplication.translate("AssessmentLabels", "Rank"),
            QCoreApplication.translate("AssessmentLabels", "Firm"),
            QCoreApplication.translate("AssessmentLabels", "Orders"),
            QCoreApplication.translate("AssessmentLabels", "Total"),
            QCoreApplication.translate("AssessmentLabels", "Grade"),
            QCoreApplication.translate("AssessmentLabels", "Warning"),
        ]

    def set_rows(self, rows: list[FirmAssessment]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                str(f.rank),
                f.firm_name,
                str(f.orders),
                f"{f.total:.2f}",
                f.grade,
                warning_label(f.warning),
            ][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _html_table(t: Table) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in t.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in (*t.rows, *((t.total,) if t.total else ()))
    )
    return (
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
        f"<tr>{head}</tr>{body}</table>"
    )


def report_html(m: MonthAssessment) -> str:
    """The printed assessment: ranking, then a page per firm (data stays Chinese)."""
    parts = [f"<h2 align='center'>{escape(month_label(m.month))}加盟企业考核</h2>"]
    parts.append(_html_table(ranking_table(m)))
    for f in m.firms:
        parts.append(
            "<h2 align='center' style='page-break-before: always'>"
            f"{escape(f.firm_name)} {escape(month_label(m.month))}考核表</h2>"
            f"<p>总分：{f.total:.2f}　等级：{escape(f.grade)}　排名：{f.rank}</p>"
        )
        parts.append(_html_table(indicator_table(f)))
        parts.append("<br>" + _html_table(dimension_table(f)))
        parts.append(f"<p>考核意见：{escape(f.comment or '（无）')}</p>")
        parts.append(
            "<p><br>考核人签字：________　企业负责人签字：________　中心主管签字：________</p>"
        )
    return "".join(parts)


class AssessmentScreen(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: MonthAssessment | None = None
        self.month_edit = QLineEdit(previous_month(datetime.now(UTC).strftime("%Y-%m")))
        self.month_edit.setInputMask("0000-00")
        self.month_edit.setMaximumWidth(100)
        self.month_edit.returnPressed.connect(self.reload)
        month_label_w = QLabel(self.tr("&Month:"))
        month_label_w.setBuddy(self.month_edit)
        self.status = QLabel()
        self.load_button = QPushButton(self.tr("&Load"))
        self.load_button.clicked.connect(self.reload)
        self.preview_button = QPushButton(self.tr("Print pre&view…"))
        self.preview_button.clicked.connect(self.print_preview)
        self.pdf_button = QPushButton(self.tr("Save &PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.finalise_button = QPushButton(self.tr("&Finalise month"))
        self.finalise_button.setToolTip(self.tr("Lock the month's scores (Ctrl+Shift+F)"))
        self.finalise_button.clicked.connect(self.ask_finalise)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.ask_finalise)

        top = QHBoxLayout()
        for w in (month_label_w, self.month_edit, self.load_button, self.status):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.preview_button, self.pdf_button, self.finalise_button):
            top.addWidget(w)

        self.model = FirmsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ loading

    def month(self) -> str:
        return self.month_edit.text().strip()

    def reload(self) -> None:
        month = self.month()
        self.status.setText(self.tr("Computing…"))
        self.ctx.read(
            lambda s: compute_month(s, month, datetime.now(UTC)),
            on_success=self._loaded,
            on_failure=self._failed,
            owner=self,
            key="assessment.month",
        )

    def _loaded(self, result: MonthAssessment) -> None:
        self.result = result
        self.model.set_rows(list(result.firms))
        self.status.setText(
            self.tr("%1: %2 firms, %3")
            .replace("%1", result.month)
            .replace("%2", str(len(result.firms)))
            .replace("%3", status_label(result.status))
        )
        self._update_buttons()
        if result.firms and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _failed(self, exc: BaseException) -> bool:
        self.status.setText("")
        present_failure(self, exc)
        return True

    def _update_buttons(self) -> None:
        can = allowed(self.ctx.operator.role, "assessment.finalise")
        final = self.result is not None and self.result.status == "final"
        self.finalise_button.setEnabled(can and self.result is not None and not final)
        self.preview_button.setEnabled(self.result is not None)
        self.pdf_button.setEnabled(self.result is not None)

    # ------------------------------------------------------------------ actions

    def ask_finalise(self) -> None:
        if not self.finalise_button.isEnabled() or self.result is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Finalise month"),
            self.tr("Finalise %1? Its scores are locked; later changes need an admin.").replace(
                "%1", self.result.month
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda code: self.finalise_now() if code == QMessageBox.StandardButton.Yes else None
        )
        self.confirm_box = box
        box.open()

    def finalise_now(self) -> None:
        month = self.result.month if self.result else self.month()
        actor = self.ctx.operator.as_actor()
        bus = self.ctx.bus

        def work(s: Session) -> MonthAssessment:
            return finalise(s, actor, month, datetime.now(UTC), bus=bus)

        self.ctx.write(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def print_preview(self) -> None:
        if self.result is None:
            return
        html = report_html(self.result)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print preview"))

        def paint(p: QPrinter) -> None:
            doc = QTextDocument()
            doc.setHtml(html)
            doc.print_(p)

        dialog.paintRequested.connect(paint)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()

    def save_pdf(self, path: str | None = None) -> None:
        if self.result is None:
            return
        month = self.result.month
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save PDF"), f"assessment-{month}.pdf", self.tr("PDF (*.pdf)")
            )
        if not path:
            return
        target = path
        self.status.setText(self.tr("Writing PDF…"))
        self.ctx.read(
            lambda s: write_report(s, "assessment", month, target, "pdf", datetime.now(UTC)),
            on_success=lambda pages: self.status.setText(
                self.tr("%1 pages written to %2").replace("%1", str(pages)).replace("%2", target)
            ),
            on_failure=self._failed,
            owner=self,
        )
