"""Assessment screen (Ctrl+7): the month's firms with totals, grades, ranks and warnings.

The month is typed as YYYY-MM (Enter loads it) and the report chosen (Alt+R): the
assessment, the subsidy settlement per firm or the service statistics; the table is read
off the GUI thread. Print preview lays the same tables the PDF report has out on the printer
(e.g. ranking, then a page per firm); Save PDF writes the reportlab report and Save Excel
the openpyxl workbook, both off the GUI thread; a supervisor finalises (locks) the month's
assessment with Ctrl+Shift+F after a confirmation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.access import allowed
from app.assessment.rules import previous_month
from app.assessment.service import FirmAssessment, MonthAssessment, compute_month, finalise
from app.assessment.settlement import MonthSettlement, settle_month
from app.assessment.statistics import MonthStatistics, month_statistics
from app.money import yuan
from app.reports import write_report
from app.reports.tables import (
    dimension_table,
    indicator_table,
    month_label,
    ranking_table,
)
from ui.assessment.reports import (
    ReportTableModel,
    html_table,
    print_html,
    settlement_html,
    settlement_screen_table,
    statistics_html,
    statistics_screen_table,
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


def report_html(m: MonthAssessment) -> str:
    """The printed assessment: ranking, then a page per firm (data stays Chinese)."""
    parts = [f"<h2 align='center'>{escape(month_label(m.month))}加盟企业考核</h2>"]
    parts.append(html_table(ranking_table(m)))
    for f in m.firms:
        parts.append(
            "<h2 align='center' style='page-break-before: always'>"
            f"{escape(f.firm_name)} {escape(month_label(m.month))}考核表</h2>"
            f"<p>总分：{f.total:.2f}　等级：{escape(f.grade)}　排名：{f.rank}</p>"
        )
        parts.append(html_table(indicator_table(f)))
        parts.append("<br>" + html_table(dimension_table(f)))
        parts.append(f"<p>考核意见：{escape(f.comment or '（无）')}</p>")
        parts.append(
            "<p><br>考核人签字：________　企业负责人签字：________　中心主管签字：________</p>"
        )
    return "".join(parts)


Report = MonthAssessment | MonthSettlement | MonthStatistics


def compute_report(s: Session, report: str, month: str, now: datetime) -> Report:
    """The chosen report's figures for the month (run on a worker thread)."""
    if report == "settlement":
        return settle_month(s, month, now)
    if report == "statistics":
        return month_statistics(s, month, now)
    return compute_month(s, month, now)


def report_code(data: Report) -> str:
    if isinstance(data, MonthSettlement):
        return "settlement"
    if isinstance(data, MonthStatistics):
        return "statistics"
    return "assessment"


def report_document(data: Report) -> str:
    """The printed form of whichever report ``data`` is: the same tables as its PDF."""
    if isinstance(data, MonthSettlement):
        return settlement_html(data)
    if isinstance(data, MonthStatistics):
        return statistics_html(data)
    return report_html(data)


class AssessmentScreen(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: MonthAssessment | None = None  # the assessment (finalise works on it)
        self.shown: Report | None = None  # whichever report the table shows now
        self.month_edit = QLineEdit(previous_month(datetime.now(UTC).strftime("%Y-%m")))
        self.month_edit.setInputMask("0000-00")
        self.month_edit.setMaximumWidth(100)
        self.month_edit.returnPressed.connect(self.reload)
        month_label_w = QLabel(self.tr("&Month:"))
        month_label_w.setBuddy(self.month_edit)
        self.report_combo = QComboBox()
        self.report_combo.addItem(self.tr("Assessment"), "assessment")
        self.report_combo.addItem(self.tr("Settlement"), "settlement")
        self.report_combo.addItem(self.tr("Statistics"), "statistics")
        self.report_combo.currentIndexChanged.connect(lambda _i: self.reload())
        report_label_w = QLabel(self.tr("&Report:"))
        report_label_w.setBuddy(self.report_combo)
        self.status = QLabel()
        self.load_button = QPushButton(self.tr("&Load"))
        self.load_button.clicked.connect(self.reload)
        self.preview_button = QPushButton(self.tr("Print pre&view…"))
        self.preview_button.clicked.connect(self.print_preview)
        self.pdf_button = QPushButton(self.tr("Save &PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.xlsx_button = QPushButton(self.tr("Save E&xcel…"))
        self.xlsx_button.clicked.connect(lambda: self.save_excel())
        self.finalise_button = QPushButton(self.tr("&Finalise month"))
        self.finalise_button.setToolTip(self.tr("Lock the month's scores (Ctrl+Shift+F)"))
        self.finalise_button.clicked.connect(self.ask_finalise)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.ask_finalise)

        top = QHBoxLayout()
        for w in (
            month_label_w,
            self.month_edit,
            report_label_w,
            self.report_combo,
            self.load_button,
            self.status,
        ):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.preview_button, self.pdf_button, self.xlsx_button, self.finalise_button):
            top.addWidget(w)

        self.model = FirmsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        # Settlement and statistics share one table; its columns follow the report.
        self.report_model = ReportTableModel(self)
        self.report_table = QTableView()
        self.report_table.setModel(self.report_model)
        self.report_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.report_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report_table.verticalHeader().hide()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.report_table)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack)
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ loading

    def month(self) -> str:
        return self.month_edit.text().strip()

    def report(self) -> str:
        return cast(str, self.report_combo.currentData())

    def reload(self) -> None:
        month, report = self.month(), self.report()
        self.shown = None
        self._update_buttons()
        self.status.setText(self.tr("Computing…"))
        # One key for every report: a later choice supersedes a computation still running.
        self.ctx.read(
            lambda s: compute_report(s, report, month, datetime.now(UTC)),
            on_success=self._loaded,
            on_failure=self._failed,
            owner=self,
            key="assessment.month",
        )

    def _loaded(self, result: Report) -> None:
        if report_code(result) != self.report():
            # Finalising answered after the operator chose another report: keep it quietly.
            if isinstance(result, MonthAssessment):
                self.result = result
            return
        if isinstance(result, MonthSettlement):
            self._show_settlement(result)
        elif isinstance(result, MonthStatistics):
            self._show_statistics(result)
        else:
            self._show_assessment(result)
        self.shown = result
        self._update_buttons()

    def _show_assessment(self, result: MonthAssessment) -> None:
        self.result = result
        self.model.set_rows(list(result.firms))
        self.stack.setCurrentWidget(self.table)
        self.status.setText(
            self.tr("%1: %2 firms, %3")
            .replace("%1", result.month)
            .replace("%2", str(len(result.firms)))
            .replace("%3", status_label(result.status))
        )
        if result.firms and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _show_settlement(self, result: MonthSettlement) -> None:
        self.report_model.set_table(settlement_screen_table(result))
        self.report_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.stack.setCurrentWidget(self.report_table)
        self.status.setText(
            self.tr("%1: %2 firms, payable %3 yuan")
            .replace("%1", result.month)
            .replace("%2", str(len(result.firms)))
            .replace("%3", yuan(result.payable_fen))
        )

    def _show_statistics(self, result: MonthStatistics) -> None:
        self.report_model.set_table(statistics_screen_table(result))
        self.report_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.stack.setCurrentWidget(self.report_table)
        self.status.setText(
            self.tr("%1: %2 orders").replace("%1", result.month).replace("%2", str(result.orders))
        )

    def _failed(self, exc: BaseException) -> bool:
        self.status.setText("")
        present_failure(self, exc)
        return True

    def _update_buttons(self) -> None:
        can = allowed(self.ctx.operator.role, "assessment.finalise")
        final = self.result is not None and self.result.status == "final"
        on_assessment = self.report() == "assessment"
        self.finalise_button.setEnabled(
            can and on_assessment and self.result is not None and not final
        )
        loaded = self.shown is not None
        for b in (self.preview_button, self.pdf_button, self.xlsx_button):
            b.setEnabled(loaded)

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

        def work(s: Session) -> MonthAssessment:
            return finalise(s, actor, month, datetime.now(UTC))

        self.ctx.write(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def print_preview(self) -> None:
        if self.shown is None:
            return
        html = report_document(self.shown)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print preview"))
        dialog.paintRequested.connect(lambda p: print_html(html, p))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()

    def save_pdf(self, path: str | None = None) -> None:
        self._save("pdf", path)

    def save_excel(self, path: str | None = None) -> None:
        self._save("xlsx", path)

    def _save(self, fmt: str, path: str | None) -> None:
        if self.shown is None:
            return
        month, report = self.shown.month, self.report()
        if not path:
            if fmt == "pdf":
                title, filt = self.tr("Save PDF"), self.tr("PDF (*.pdf)")
            else:
                title, filt = self.tr("Save Excel"), self.tr("Excel workbook (*.xlsx)")
            path, _ = QFileDialog.getSaveFileName(self, title, f"{report}-{month}.{fmt}", filt)
        if not path:
            return
        target = path
        self.status.setText(self.tr("Writing PDF…") if fmt == "pdf" else self.tr("Writing Excel…"))
        self.ctx.read(
            lambda s: write_report(s, report, month, target, fmt, datetime.now(UTC)),
            on_success=lambda pages: self._written(fmt, pages, target),
            on_failure=self._failed,
            owner=self,
        )

    def _written(self, fmt: str, pages: int, target: str) -> None:
        if fmt == "pdf":
            text = self.tr("%1 pages written to %2").replace("%1", str(pages))
        else:
            text = self.tr("Workbook written to %2")
        self.status.setText(text.replace("%2", target))
