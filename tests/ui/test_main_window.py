"""The main window: nine screens, Ctrl+number, Ctrl+F, and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableView
from pytestqt.qtbot import QtBot

from tests.ui.conftest import PresenterSpy
from ui.appearance import ERROR_RED, OK_GREEN
from ui.main_window import MainWindow
from ui.tasks import failure_text

SCREENS = [
    "hotline",
    "alarms",
    "orders",
    "elders",
    "firms",
    "followup",
    "assessment",
    "dashboard",
    "settings",
]


def test_nine_screens_in_order_and_the_elders_screen_first(window: MainWindow) -> None:
    assert [window.navigation.key_at(i) for i in range(window.navigation.count())] == SCREENS
    titles = [window.navigation.item(i).text() for i in range(9)]
    assert titles[:5] == ["Hotline", "Alarms", "Orders", "Elders", "Firms"]
    assert window.current_key() == "elders"


def test_ctrl_number_switches_screens(qtbot: QtBot, window: MainWindow) -> None:
    for number, key in enumerate(SCREENS, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_key() == key
        assert window.stack.currentWidget() is window.screens[key]


def test_placeholder_screens_say_what_will_be_there(window: MainWindow) -> None:
    # (Orders, then Follow-up, were the example until their screens replaced them.)
    texts = [label.text() for label in window.screens["dashboard"].findChildren(QLabel)]
    assert any("later version" in t for t in texts)
    assert any("live picture of the centre" in t for t in texts)
    # Alarms is no placeholder any more: it opens on the queue.
    assert window.screens["alarms"].findChild(QTableView, "alarm-queue") is not None


def test_status_bar_shows_operator_database_and_gateway(window: MainWindow) -> None:
    status = window.status
    assert status.operator.text.text() == "On duty: Test operator (Operator)"
    assert window.ctx.db.description in status.database.text.text()
    assert status.database.colour == OK_GREEN
    assert status.gateway.text.text() == "No gateway configured"

    window.set_gateway_state("disconnected", "COM3")
    assert status.gateway.text.text() == "Gateway disconnected — COM3"
    assert status.gateway.colour == ERROR_RED


def test_database_trouble_turns_the_status_red(window: MainWindow) -> None:
    window.ctx.health.report(False, "connection refused")
    assert window.status.database.colour == ERROR_RED
    assert "unreachable" in window.status.database.text.text()
    window.ctx.health.report(True)
    assert window.status.database.colour == OK_GREEN


def test_ctrl_f_focuses_the_elder_search_from_any_screen(qtbot: QtBot, window: MainWindow) -> None:
    # A screen without a search of its own hands Ctrl+F to the Elders screen ...
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "followup"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "elders"
    search = window.screens["elders"].search  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=2000)
    # ... while on the Hotline it finds the elder whose card the operator needs now.
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "hotline"
    hotline_search = window.screens["hotline"].search  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is hotline_search, timeout=2000)


def test_a_database_outage_in_a_task_is_shown_as_such(
    qtbot: QtBot, window: MainWindow, presenter: PresenterSpy
) -> None:
    from sqlalchemy.exc import OperationalError

    def outage(_session: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    window.ctx.read(outage)
    qtbot.waitUntil(lambda: window.status.database.colour == ERROR_RED, timeout=5000)
    assert failure_text(presenter.shown[-1])[0] == "Database unreachable"
    window.ctx.read(lambda _session: 1)
    qtbot.waitUntil(lambda: window.status.database.colour == OK_GREEN, timeout=5000)
