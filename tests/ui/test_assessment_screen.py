"""Assessment screen: the month's firms ranked, finalise for supervisors, print preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import Firm
from ui.assessment.screen import AssessmentScreen, report_html
from ui.context import UiContext


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
