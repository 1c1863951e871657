"""Settings → gateway ports and caller-ID lines: validated where typed, saved, and used."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app import station
from db.models import Alarm
from tests.hardware.serial_pair import PtyPair
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.settings_screen import SettingsScreen
from ui.startup import start_station_gateway


def test_bad_spec_is_refused_with_its_line_and_the_text_kept(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    assert window.current_key() == "settings"
    screen.serial.setFocus()
    qtbot.keyClicks(screen.serial, "COM3,protocol=callerid")
    qtbot.keyClick(screen.serial, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.serial, "COM4,protocol=surgrad")
    qtbot.keyClick(screen.serial, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "line 2" in screen.result.text()
    assert "unknown protocol 'surgrad'" in screen.result.text()
    assert not station.config_path().exists()
    assert "COM4,protocol=surgrad" in screen.serial.toPlainText()

    screen.serial.setPlainText("COM3,protocol=callerid\nCOM4,protocol=surgard,baud=19200")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "Saved" in screen.result.text()
    assert station.load().serial == ["COM3,protocol=callerid", "COM4,protocol=surgard,baud=19200"]
    station.config_path().unlink()


def test_caller_id_lines_are_checked_saved_with_the_ports_and_announced(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    assert screen.lines.placeholderText() == "all lines"
    screen.serial.setPlainText("COM3,protocol=callerid-com")
    screen.lines.setFocus()
    qtbot.keyClicks(screen.lines, "01, 0x1? 1")
    qtbot.keyClick(screen.lines, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "lines: '0x1?' is not a line number" in screen.result.text()
    assert "lines: '1' is the same line as '01'" in screen.result.text()
    assert not station.config_path().exists()
    assert screen.lines.text() == "01, 0x1? 1"

    screen.lines.setText("01 02")
    with qtbot.waitSignal(screen.saved) as blocker:
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "Saved" in screen.result.text()
    saved = station.load()
    assert saved == blocker.args[0]
    assert saved.serial == ["COM3,protocol=callerid-com"] and saved.lines == ["01", "02"]
    assert saved.rings_here("2") and not saved.rings_here("03")

    screen.lines.clear()
    screen.reload()
    assert screen.lines.text() == "01, 02"
    screen.lines.clear()
    screen.save()
    assert station.load().lines == [] and station.load().rings_here("03")
    station.config_path().unlink()


def test_console_opens_the_saved_port_and_stores_what_arrives(qtbot: QtBot, ctx: UiContext) -> None:
    pty = PtyPair()
    station.save(station.StationConfig(serial=[f"{pty.device},protocol=surgard,name=receiver1"]))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    gateway = start_station_gateway(ctx)
    try:
        assert gateway is not None
        qtbot.waitUntil(lambda: window.status.gateway.text.text().startswith("Gateway connected"))
        assert "receiver1" in window.status.gateway.text.text()
        pty.write(b"5011 18C52AE10100001\x14")
        assert pty.read(until=b"\x06") == b"\x06"
        with ctx.db.sessions() as s:
            assert (
                s.scalar(select(func.count()).select_from(Alarm).where(Alarm.account == "C52A"))
                == 1
            )
    finally:
        if gateway is not None:
            gateway.stop()
        pty.close()
        station.config_path().unlink()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and "stopped" not in str(window._links):
        qtbot.wait(20)
