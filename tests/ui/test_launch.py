"""``anxin ui`` / ``anxin --demo``: the entry point, platform fallback, a database not
ready, the demo run, and the headless commands that must never load Qt."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.factories import populate
from ui import launch, launcher, startup
from ui.qt_workarounds import protect_bool_singletons

ROOT = Path(__file__).resolve().parents[2]


def test_the_anxin_script_starts_in_ui() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["anxin"] == "ui.launcher:main"


@pytest.mark.parametrize(
    "argv, expected",
    [
        # `make run`: the Makefile's exact invocation.
        (["--db", "sqlite:///demo.db", "ui", "--demo"], ("sqlite:///demo.db", True, None)),
        ([], ("DEFAULT", False, None)),
        (["--db", "sqlite:///c.db"], ("sqlite:///c.db", False, None)),
        # --demo alone: a throwaway database, not the default one.
        (["--demo"], (None, True, None)),
        (["--db", "sqlite:///c.db", "--demo"], ("sqlite:///c.db", True, None)),
        (["ui", "--lang", "en"], ("DEFAULT", False, "en")),
    ],
)
def test_no_command_or_ui_starts_the_console(
    argv: list[str],
    expected: tuple[str | None, bool, str | None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    default = f"sqlite:///{tmp_path / 'default.db'}"
    monkeypatch.setenv("ANXIN_DB", default)
    calls: list[tuple[str | None, bool, str | None]] = []

    def fake_run(url: str | None, *, demo: bool, lang: str | None = None) -> int:
        calls.append((url, demo, lang))
        return 7

    monkeypatch.setattr(launch, "run", fake_run)
    assert launcher.main(argv) == 7
    url, demo, lang = expected
    assert calls == [(default if url == "DEFAULT" else url, demo, lang)]


def test_other_commands_go_to_app_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(launch, "run", lambda *a, **k: pytest.fail("the console started"))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert launcher.main(["--db", url, "db", "current"]) == 0
    assert capsys.readouterr().out.strip() == "(empty)"
    # app.cli's refusals keep their exit code and message through the launcher.
    assert launcher.main(["--db", url, "gateway", "--serial", "/dev/ttyUSB0"]) == 2
    assert "protocol= is required" in capsys.readouterr().err


_PROBE = """
import json, sys
from ui.launcher import main

results = []
for argv in json.loads(sys.argv[1]):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    results.append([argv, code, qt])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(results, f)
"""


def test_headless_commands_never_import_qt(tmp_path: Path) -> None:
    """A server running the gateway has no display and maybe no Qt libraries at all."""
    url = f"sqlite:///{tmp_path / 'centre.db'}"
    commands = [
        ["gateway", "--help"],
        ["--db", url, "db", "upgrade"],
        ["--db", url, "db", "current"],
        ["--db", url, "export", "elders"],
        ["--db", url, "export", "orders", "--format", "csv"],
        ["--db", url, "user", "list"],
        ["--version"],
    ]
    out = tmp_path / "probe.json"
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(commands), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(out.read_text("utf-8"))
    assert [r[0] for r in results] == commands
    for argv, code, qt in results:
        assert code == 0, (argv, proc.stderr)
        assert qt == [], f"anxin {' '.join(argv)} imported {qt}"


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
