"""``anxin ui`` / ``anxin --demo``: platform fallback, a database not ready, the demo run."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.factories import populate
from ui import launch, startup
from ui.qt_workarounds import protect_bool_singletons


def test_no_display_falls_back_to_offscreen_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(launch.sys, "platform", "linux")
    env: dict[str, str] = {}
    with caplog.at_level(logging.WARNING, logger="ui.launch"):
        launch.ensure_platform(env)
    assert env == {"QT_QPA_PLATFORM": "offscreen"}
    assert "no display" in caplog.text

    with_display = {"DISPLAY": ":0"}
    launch.ensure_platform(with_display)
    assert with_display == {"DISPLAY": ":0"}


def test_a_database_without_the_schema_gets_a_dialog_not_a_traceback(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    code = launch.run(f"sqlite:///{tmp_path / 'empty.db'}", demo=False, lang="en")
    assert code == 1
    (title, text) = shown[0]
    assert title == "Database not ready"
    assert "anxin db upgrade" in text


def test_demo_mode_builds_a_database_shows_the_window_and_cleans_up(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded: list[bool] = []

    def small_seed(db: Any, report: Any) -> None:
        report("Building the demo centre…")
        with db.sessions() as session:
            populate(session)
        seeded.append(True)

    folders: list[Path] = []
    real_demo_url = launch.demo_url

    def remember_folder() -> tuple[str, Path]:
        url, folder = real_demo_url()
        folders.append(folder)
        return url, folder

    windows: list[Any] = []
    gateway_texts: list[str] = []
    real_signed_in = startup.Startup._signed_in

    def opened_then_close(self: startup.Startup, who: Any) -> None:
        real_signed_in(self, who)
        windows.append(self.window)
        assert self.window is not None
        window = self.window

        def look_then_close() -> None:
            gateway_texts.append(window.status.gateway.text.text())
            window.close()

        # Long enough for the demo gateway's links to open their pseudo-terminals.
        QTimer.singleShot(1500, look_then_close)

    # Demo mode may skip the sign-in dialog for a published demo account (ANXIN_AUTOLOGIN).
    monkeypatch.setenv("ANXIN_AUTOLOGIN", "operator")
    monkeypatch.setattr(startup, "_seed_if_empty", small_seed)
    monkeypatch.setattr(launch, "demo_url", remember_folder)
    monkeypatch.setattr(startup.Startup, "_signed_in", opened_then_close)
    assert launch.run(None, demo=True, lang="en") == 0
    assert seeded == [True]
    window = windows[0]
    # Demo mode runs the real gateway on pseudo-terminals: both links report in.
    gateway_text = gateway_texts[0]
    assert gateway_text.startswith("Simulated gateway"), gateway_text
    assert "demo-receiver" in gateway_text and "demo-callerid" in gateway_text
    # The demo database got its three accounts; the operator is on duty, by name and role.
    assert window.status.operator.text.text() == "On duty: 王丽 (Operator)"
    assert window.ctx.operator.actor == "operator" and window.ctx.operator.role == "operator"
    assert not folders[0].exists()
    shutil.rmtree(folders[0], ignore_errors=True)


def test_seed_progress_is_read_into_stage_and_count() -> None:
    step = startup.SeedStep.parse(("orders 3098/30000",))
    assert (step.stage, step.done, step.total) == ("orders", 3098, 30000)
    step = startup.SeedStep.parse(("analysing",))
    assert (step.stage, step.done) == ("analysing", None)


def test_many_signal_emits_do_not_exhaust_the_bool_singletons() -> None:
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(int)

    protect_bool_singletons()
    emitter = Emitter()
    before = sys.getrefcount(True)
    for i in range(20_000):
        emitter.fired.emit(i)
    assert sys.getrefcount(True) > 1_000_000 or sys.getrefcount(True) >= before - 20_000
