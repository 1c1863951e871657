"""Assessment screen: the month's firms ranked, finalise for supervisors, print preview."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.assessment.settlement import MonthSettlement, settle_month
from app.assessment.statistics import MonthStatistics, month_statistics
from app.money import yuan
from db.models import Elder, Firm, ServiceItem
from tests.app.assessment_centre import Centre, order
from tests.app.factories import make_firm
from ui.assessment.reports import print_html, settlement_html
from ui.assessment.screen import AssessmentScreen, report_html
from ui.context import UiContext

MONTH = "2026-10"
# 10:00 in Shanghai, inside MONTH.
OCT = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)


def _screen(qtbot: QtBot, ctx: UiContext, idle: Callable[[], None]) -> AssessmentScreen:
    screen = AssessmentScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    idle()
    return screen


def test_lists_every_active_firm_ranked(
    qtbot: QtBot, ctx: UiContext, idle: Callable[[], None]
) -> None:
    screen = _screen(qtbot, ctx, idle)
    with ctx.db.sessions() as s:
        active = s.scalar(select(func.count()).where(Firm.status == "active"))
    model = screen.model
    assert model.rowCount() >= (active or 0) > 0
    assert model.index(0, 0).data() == "1"
    totals = [float(model.index(r, 3).data()) for r in range(model.rowCount())]
    assert totals == sorted(totals, reverse=True)
    assert "Not finalised" in screen.status.text()
    # An operator may look but not finalise.
    assert not screen.finalise_button.isEnabled()


def test_supervisor_finalises_the_month(
    qtbot: QtBot, ctx: UiContext, idle: Callable[[], None]
) -> None:
    ctx.operator.role = "supervisor"
    screen = _screen(qtbot, ctx, idle)
    assert screen.finalise_button.isEnabled()
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert screen.confirm_box.isVisible()
    screen.confirm_box.done(0)  # Cancel: nothing happens
    idle()
    assert screen.result is not None and screen.result.status != "final"
    screen.finalise_now()
    idle()
    assert screen.result.status == "final"
    assert "Finalised" in screen.status.text()
    assert not screen.finalise_button.isEnabled()


def test_print_preview_and_pdf(
    qtbot: QtBot, ctx: UiContext, idle: Callable[[], None], tmp_path: Path
) -> None:
    screen = _screen(qtbot, ctx, idle)
    assert screen.result is not None
    html = report_html(screen.result)
    assert screen.result.firms[0].firm_name in html and "考核表" in html
    screen.print_preview()
    assert isinstance(screen.preview_dialog, QPrintPreviewDialog)
    screen.preview_dialog.close()
    out = tmp_path / "a.pdf"
    screen.save_pdf(str(out))
    idle()
    assert out.stat().st_size > 10_000
    assert "pages written" in screen.status.text()


def _october(ctx: UiContext) -> tuple[str, str]:
    """Completed October orders for two firms (one disputed); returns the firms' names."""
    with ctx.db.sessions() as s:
        first = s.execute(select(Firm.id, Firm.name).where(Firm.status == "active")).first()
        elder = s.execute(select(Elder.id, Elder.community_id)).first()
        item = s.scalar(select(ServiceItem.id))
        assert first is not None and elder is not None and item is not None
        second = make_firm(s, {elder[1]}, {item}, name="福寿养老服务中心", n=97)
        c = Centre(first[0], second, elder[0], item, elder[1])
        for i in range(6):
            order(s, c, firm=c.firm_a, disputed=i == 5, elder_pays=500, gov_pays=2500)
        for i in range(3):
            order(s, c, firm=c.firm_b, created=OCT + timedelta(days=i), gov_pays=1234)
        s.commit()
    return first[1], "福寿养老服务中心"


def _choose(screen: AssessmentScreen, qtbot: QtBot, idle: Callable[[], None], text: str) -> None:
    """Type the month, then pick the report from the keyboard (Alt+R, arrow keys)."""
    screen.month_edit.setText(MONTH)
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert screen.report_combo.hasFocus()
    while screen.report_combo.currentText() != text:
        qtbot.keyClick(screen.report_combo, Qt.Key.Key_Down)
    idle()


def _shown(screen: AssessmentScreen) -> list[list[str]]:
    m = screen.report_model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_settlement_on_screen_matches_settle_month(
    qtbot: QtBot, ctx: UiContext, idle: Callable[[], None]
) -> None:
    name_a, _ = _october(ctx)
    screen = _screen(qtbot, ctx, idle)
    _choose(screen, qtbot, idle, "Settlement")
    assert isinstance(screen.shown, MonthSettlement)
    assert screen.stack.currentWidget() is screen.report_table
    with ctx.db.sessions() as s:
        expected = settle_month(s, MONTH, datetime.now(UTC))
    rows = _shown(screen)
    by_firm = {r[0]: r for r in rows[:-1]}
    for f in expected.firms:
        row = by_firm[f.firm_name]
        assert row[5] == yuan(f.disputed_government_fen)
        assert row[6] == yuan(f.eligible_fen)
        assert row[8] == yuan(f.payable_fen)
        assert row[9] == yuan(f.elder_fen)
    a = next(f for f in expected.firms if f.firm_name == name_a)
    assert a.disputed_government_fen >= 2500  # the disputed order is held out
    assert by_firm[name_a][2] == f"{a.factor_percent}%"
    total = rows[-1]
    assert total[0] == "Total"
    assert total[3] == str(expected.orders)
    assert total[8] == yuan(expected.payable_fen) != "0.00"
    assert total[9] == yuan(expected.elder_fen)
    assert yuan(expected.payable_fen) in screen.status.text()
    # The finalise action belongs to the assessment only.
    ctx.operator.role = "supervisor"
    screen._update_buttons()
    assert not screen.finalise_button.isEnabled()
    assert screen.preview_button.isEnabled() and screen.xlsx_button.isEnabled()


def test_statistics_on_screen(qtbot: QtBot, ctx: UiContext, idle: Callable[[], None]) -> None:
    _october(ctx)
    screen = _screen(qtbot, ctx, idle)
    _choose(screen, qtbot, idle, "Statistics")
    assert isinstance(screen.shown, MonthStatistics)
    with ctx.db.sessions() as s:
        expected = month_statistics(s, MONTH, datetime.now(UTC))
    figures = {r[0]: r[1] for r in _shown(screen)}
    assert figures["Orders created"] == str(expected.orders)
    assert figures["Completed"] == str(expected.completed) != "0"
    assert figures["Disputed"] == str(expected.disputed)
    assert figures["On-time rate"] == expected.on_time_percent


def test_settlement_saved_as_pdf_and_excel(
    qtbot: QtBot,
    ctx: UiContext,
    idle: Callable[[], None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name_a, name_b = _october(ctx)
    screen = _screen(qtbot, ctx, idle)
    _choose(screen, qtbot, idle, "Settlement")
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    answers = iter([(str(pdf), ""), (str(xlsx), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    qtbot.mouseClick(screen.pdf_button, Qt.MouseButton.LeftButton)
    idle()
    assert "pages written" in screen.status.text()
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert name_a in text and name_b in text
    qtbot.mouseClick(screen.xlsx_button, Qt.MouseButton.LeftButton)
    idle()
    assert "Workbook written" in screen.status.text()
    ws = load_workbook(xlsx)["结算汇总"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "合计")
    assert isinstance(screen.shown, MonthSettlement)
    assert total[3] == screen.shown.orders
    assert total[8] == yuan(screen.shown.payable_fen)
    assert total[9] == yuan(screen.shown.elder_fen)


def test_settlement_printout_renders(
    qtbot: QtBot, ctx: UiContext, idle: Callable[[], None], tmp_path: Path
) -> None:
    """What the print preview paints: a page per firm after the summary, names legible."""
    name_a, _ = _october(ctx)
    screen = _screen(qtbot, ctx, idle)
    _choose(screen, qtbot, idle, "Settlement")
    assert isinstance(screen.shown, MonthSettlement)
    out = tmp_path / "preview.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    print_html(settlement_html(screen.shown), writer)
    del writer  # flushes the file
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = int(next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:")).split()[1])
    assert pages >= 1 + len(screen.shown.firms)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert name_a in text and yuan(screen.shown.payable_fen) in text
    screen.print_preview()
    assert isinstance(screen.preview_dialog, QPrintPreviewDialog)
    screen.preview_dialog.close()
