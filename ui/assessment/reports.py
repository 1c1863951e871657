"""The settlement statement and the service statistics on the Assessment screen.

On screen each report shows its main table (column heads translated, the data as the
services give it); printed, the HTML below lays out what the reportlab PDF holds (summary
table, then a page per firm for the settlement) so the preview matches the saved file.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPagedPaintDevice, QTextDocument
from PySide6.QtWidgets import QWidget

from app.assessment.settlement import MonthSettlement
from app.assessment.statistics import MonthStatistics
from app.money import yuan
from app.reports.tables import (
    Cell,
    Table,
    firm_settlement_table,
    month_label,
    settlement_table,
    statistics_tables,
)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ScreenTable:
    """What the report table on screen shows: heads, rows, an optional bold totals row."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    numeric: frozenset[int] = frozenset()  # right-aligned columns


def settlement_screen_table(s: MonthSettlement) -> ScreenTable:
    t = settlement_table(s)  # same rows and totals as the PDF and the workbook
    header = (
        QCoreApplication.translate("ReportLabels", "Firm"),
        QCoreApplication.translate("ReportLabels", "Grade"),
        QCoreApplication.translate("ReportLabels", "Factor"),
        QCoreApplication.translate("ReportLabels", "Orders"),
        QCoreApplication.translate("ReportLabels", "Government share"),
        QCoreApplication.translate("ReportLabels", "Disputed held out"),
        QCoreApplication.translate("ReportLabels", "Eligible"),
        QCoreApplication.translate("ReportLabels", "Grade deduction"),
        QCoreApplication.translate("ReportLabels", "Payable"),
        QCoreApplication.translate("ReportLabels", "Co-payments"),
    )
    total = (QCoreApplication.translate("ReportLabels", "Total"), *(t.total or ())[1:])
    return ScreenTable(header, t.rows, total, frozenset(range(2, 10)))


def statistics_screen_table(st: MonthStatistics) -> ScreenTable:
    completion = "—" if not st.orders else f"{st.completed * 100 / st.orders:.1f}%"
    rows: list[tuple[Cell, ...]] = [
        (QCoreApplication.translate("ReportLabels", "Orders created"), st.orders),
        (QCoreApplication.translate("ReportLabels", "Completed"), st.completed),
        (QCoreApplication.translate("ReportLabels", "Completion rate"), completion),
        (QCoreApplication.translate("ReportLabels", "Completed on time"), st.on_time),
        (QCoreApplication.translate("ReportLabels", "On-time rate"), st.on_time_percent),
        (QCoreApplication.translate("ReportLabels", "Overdue, still open"), st.overdue_open),
        (QCoreApplication.translate("ReportLabels", "Disputed"), st.disputed),
        (QCoreApplication.translate("ReportLabels", "Calls in"), st.calls_in),
        (QCoreApplication.translate("ReportLabels", "Calls in answered"), st.calls_answered),
        (QCoreApplication.translate("ReportLabels", "Calls out"), st.calls_out),
    ]
    # The categories are the centre's own names (data), so they stay as stored.
    for r in st.by_category:
        rows.append(
            (
                QCoreApplication.translate("ReportLabels", "%1 (orders / completed)").replace(
                    "%1", r.label
                ),
                f"{r.count} / {r.completed}",
            )
        )
    return ScreenTable(
        (
            QCoreApplication.translate("ReportLabels", "Figure"),
            QCoreApplication.translate("ReportLabels", "Value"),
        ),
        tuple(rows),
        None,
        frozenset({1}),
    )


class ReportTableModel(QAbstractTableModel):
    """A read-only ScreenTable; the totals row is the last row, in bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = ScreenTable((), ())

    def set_table(self, table: ScreenTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def _rows(self) -> int:
        return len(self.table.rows) + (1 if self.table.total else 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.header[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        is_total = index.row() == len(self.table.rows)
        row = self.table.total if is_total else self.table.rows[index.row()]
        assert row is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.table.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        return None


# ---------------------------------------------------------------------- printing


def html_table(t: Table) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in t.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in t.rows
    )
    if t.total:
        body += "<tr>" + "".join(f"<td><b>{escape(str(v))}</b></td>" for v in t.total) + "</tr>"
    return (
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
        f"<tr>{head}</tr>{body}</table>"
    )


_SIGN = "<p><br>{}：________　{}：________　{}：________</p>"


def settlement_html(s: MonthSettlement) -> str:
    """The printed settlement, as settlement_pdf lays it out (the printout stays Chinese)."""
    ml = escape(month_label(s.month))
    parts = [
        f"<h2 align='center'>{ml}服务补贴结算</h2>",
        f"<p>应付合计：{yuan(s.payable_fen)} 元　政府补贴：{yuan(s.government_fen)} 元"
        f"　争议扣除：{yuan(s.disputed_government_fen)} 元　老人自付：{yuan(s.elder_fen)} 元</p>",
        html_table(settlement_table(s)),
    ]
    for f in s.firms:
        parts.append(
            "<h2 align='center' style='page-break-before: always'>"
            f"{escape(f.firm_name)} {ml}补贴结算单</h2>"
        )
        parts.append(html_table(firm_settlement_table(f)))
        summary = Table(
            "结算",
            ("项目", "金额（元）"),
            (
                ("政府补贴合计", yuan(f.government_fen)),
                ("减：争议工单", yuan(f.disputed_government_fen)),
                ("核定补贴", yuan(f.eligible_fen)),
                (f"考核等级 {f.grade}，结算系数 {f.factor_percent}%", ""),
                ("减：等级扣减", yuan(f.deduction_fen)),
            ),
            total=("应付金额", yuan(f.payable_fen)),
        )
        parts.append("<br>" + html_table(summary))
        parts.append(_SIGN.format("经办人签字", "企业签字（盖章）", "中心主管签字"))
    return "".join(parts)


def statistics_html(st: MonthStatistics) -> str:
    """The printed statistics, as statistics_pdf lays them out."""
    tables = statistics_tables(st)
    parts = [f"<h2 align='center'>{escape(tables[0].title)}</h2>"]
    for t in tables:
        parts.append(f"<h3>{escape('概况' if t is tables[0] else t.title)}</h3>")
        parts.append(html_table(t))
    return "".join(parts)


def print_html(html: str, device: QPagedPaintDevice) -> None:
    """Lay ``html`` out page by page on a printer or a QPdfWriter (GUI thread: QTextDocument)."""
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(device)
