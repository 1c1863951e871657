"""The reports' tables as an Excel workbook (openpyxl): one sheet per table."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.assessment.service import MonthAssessment
from app.assessment.settlement import MonthSettlement
from app.assessment.statistics import MonthStatistics
from app.reports.tables import (
    Table,
    firm_settlement_table,
    indicator_table,
    ranking_table,
    settlement_table,
    statistics_tables,
)

_HEAD = PatternFill("solid", fgColor="DDE6F0")


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique in the workbook.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:28]
    base, n = clean, 2
    while clean in used:
        clean = f"{base[:26]}_{n}"
        n += 1
    used.add(clean)
    return clean


def _write(wb: Workbook, sheet: str, tables: list[Table], used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_name(sheet, used))
    for t in tables:
        ws.append([t.title])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append(list(t.header))
        for cell in ws[ws.max_row]:
            cell.fill = _HEAD
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append(list(row))
        if t.total:
            ws.append(list(t.total))
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        ws.append([])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 34


def _save(wb: Workbook, path: Path | str) -> None:
    del wb["Sheet"]
    wb.save(str(path))


def assessment_xlsx(m: MonthAssessment, path: Path | str) -> None:
    wb, used = Workbook(), set[str]()
    _write(wb, "排名", [ranking_table(m)], used)
    for f in m.firms:
        _write(wb, f"{f.rank}-{f.firm_name}", [indicator_table(f)], used)
    _save(wb, path)


def settlement_xlsx(s: MonthSettlement, path: Path | str) -> None:
    wb, used = Workbook(), set[str]()
    _write(wb, "结算汇总", [settlement_table(s)], used)
    for f in s.firms:
        _write(wb, f.firm_name, [firm_settlement_table(f)], used)
    _save(wb, path)


def statistics_xlsx(st: MonthStatistics, path: Path | str) -> None:
    wb, used = Workbook(), set[str]()
    _write(wb, "服务统计", statistics_tables(st), used)
    _save(wb, path)
