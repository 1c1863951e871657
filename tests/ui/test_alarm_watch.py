"""An unclaimed alarm shows on every screen: the banner, the sound, the mute, escalation,
and the Alarms screen's Report tab. Alarms arrive through the real gateway ingest on a
worker thread (the fixtures of test_alarms_screen); escalations come from the scheduler's
job on a worker thread, as the elected process runs it; both reach the watch only through
the change feed. The sound is a recording fake."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import alarms
from app.scheduler.jobs import alarm_tick
from db.models import Alarm, Device, User, utcnow
from tests.ui.factories import Centre
from tests.ui.test_alarms_screen import Send, devices, event, screen_of, send  # noqa: F401
from ui.alarm_watch import AlarmWatch, SilentSound, make_sound
from ui.appearance import ERROR_RED
from ui.context import UiContext
from ui.main_window import MainWindow


class RecordingSound:
    """Stands in for the speakers: what was started and stopped, and at which level."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.level = 0

    @property
    def available(self) -> bool:
        return True

    def start(self, level: int) -> None:
        self.calls.append(f"start {level}")
        self.level = level

    def stop(self) -> None:
        self.calls.append("stop")
        self.level = 0


@pytest.fixture
def sound() -> RecordingSound:
    return RecordingSound()


@pytest.fixture
def console(qtbot: QtBot, ctx: UiContext, sound: RecordingSound) -> MainWindow:
    w = MainWindow(ctx, sound=sound)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def watch_of(window: MainWindow) -> AlarmWatch:
    return window.alarm_watch


def as_role(ctx: UiContext, role: str, name: str) -> None:
    ctx.operator.role = role
    ctx.operator.display_name = name


def run_tick(ctx: UiContext, now: datetime) -> None:
    """The scheduler's ``alarms.tick`` job at ``now``, in its own session and thread."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            with ctx.db.sessions() as s:
                alarm_tick(s, now)
                s.commit()
        except BaseException as exc:
            failed.append(exc)

    worker = threading.Thread(target=run, name="scheduler job", daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and failed == []


def test_a_new_alarm_shows_on_the_hotline_sounds_and_stops_when_claimed(
    qtbot: QtBot,
    console: MainWindow,
    ctx: UiContext,
    devices: dict[str, str],  # noqa: F811
    send: Send,  # noqa: F811
    sound: RecordingSound,
) -> None:
    console.show_screen("hotline")
    watch = watch_of(console)
    banner = watch.banner
    qtbot.waitUntil(lambda: watch.readings > 0, timeout=3000)
    assert not banner.isVisible() and sound.level == 0

    send([event(devices["张三"], "101")])
    qtbot.waitUntil(banner.isVisible, timeout=3000)
    assert console.current_key() == "hotline"  # the banner came to the operator's screen
    text = banner.text.text()
    assert "1 unclaimed" in text and "张三" in text and "Personal emergency" in text
    assert "waiting 0:0" in text
    assert sound.calls == ["start 1"]
    assert watch.announcements and "张三" in watch.announcements[-1][1]
    # It flashes: the strip's colours alternate on their own.
    first = banner.flash_on
    qtbot.waitUntil(lambda: banner.flash_on != first, timeout=2000)

    # F12 from the Hotline: the Alarms screen, the alarm selected, Enter claims it.
    qtbot.keyClick(console, Qt.Key.Key_F12)
    screen = screen_of(console)
    assert console.current_key() == "alarms"
    qtbot.waitUntil(lambda: screen.selected_entry() is not None, timeout=3000)
    assert screen.selected_entry().elder_name == "张三"  # type: ignore[union-attr]
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    assert sound.calls == ["start 1", "stop"]


def test_an_operator_cannot_mute_a_supervisor_can_until_the_next_life_alarm(
    qtbot: QtBot,
    console: MainWindow,
    ctx: UiContext,
    devices: dict[str, str],  # noqa: F811
    send: Send,  # noqa: F811
    sound: RecordingSound,
) -> None:
    watch = watch_of(console)
    banner = watch.banner
    send([event(devices["张三"], "101")])
    qtbot.waitUntil(lambda: sound.level == 1, timeout=3000)
    mute: QPushButton = banner.mute_button
    assert mute.isVisible()

    mute.click()  # the test operator is an operator
    qtbot.waitUntil(lambda: "Only a supervisor" in banner.notice.text(), timeout=3000)
    assert banner.notice.isVisible() and sound.level == 1

    as_role(ctx, "supervisor", "陈主管")
    mute.click()
    qtbot.waitUntil(lambda: sound.level == 0, timeout=3000)
    assert "muted by 陈主管" in banner.notice.text()
    assert banner.isVisible()  # muting silences; the alarm still waits on screen
    # An equipment alarm does not end the mute; a new life alarm does.
    send([event(devices["李秀英"], "302")])
    qtbot.waitUntil(lambda: "2 unclaimed" in banner.text.text(), timeout=3000)
    assert sound.level == 0
    send([event(devices["王建国"], "100")])
    qtbot.waitUntil(lambda: sound.level == 1, timeout=3000)
    assert sound.calls == ["start 1", "stop", "start 1"]


def test_a_supervisors_mute_at_another_seat_silences_this_one(
    qtbot: QtBot,
    console: MainWindow,
    ctx: UiContext,
    devices: dict[str, str],  # noqa: F811
    send: Send,  # noqa: F811
    sound: RecordingSound,
) -> None:
    from app import alarms
    from app.access import Actor
    from app.context import open_database

    watch = watch_of(console)
    send([event(devices["张三"], "101")])
    qtbot.waitUntil(lambda: sound.level == 1, timeout=3000)
    other = open_database(ctx.db.url)  # the supervisor's PC
    try:
        with other.sessions() as s:
            alarms.mute_sound(s, Actor("chen", role="supervisor", display_name="陈主管"), utcnow())
        qtbot.waitUntil(lambda: sound.level == 0, timeout=1000)
        assert "muted by 陈主管" in watch.banner.notice.text()
        # Until the next life alarm, here as there.
        send([event(devices["王建国"], "100")])
        qtbot.waitUntil(lambda: sound.level == 1, timeout=3000)
    finally:
        other.close()


def test_escalation_shows_the_supervisor_line_and_the_louder_sound(
    qtbot: QtBot,
    console: MainWindow,
    ctx: UiContext,
    devices: dict[str, str],  # noqa: F811
    send: Send,  # noqa: F811
    sound: RecordingSound,
) -> None:
    watch = watch_of(console)
    banner = watch.banner
    send([event(devices["张三"], "101")])
    qtbot.waitUntil(lambda: sound.level == 1, timeout=3000)
    assert not banner.supervisor.isVisible()

    # The clock jumps 45 s: the scheduler's next tick records the "unclaimed" escalation,
    # and the line arrives through the feed.
    watch.clock = lambda: utcnow() + timedelta(seconds=45)
    run_tick(ctx, watch.clock())
    qtbot.waitUntil(lambda: bool(watch.lines), timeout=3000)
    qtbot.waitUntil(lambda: sound.level == 2, timeout=3000)
    # An operator sees the main banner only.
    assert not banner.supervisor.isVisible()
    as_role(ctx, "supervisor", "陈主管")
    watch.render()
    assert banner.supervisor.isVisible()
    line = banner.supervisor.text()
    assert line.startswith("⚠ Alarm for 张三 unclaimed for 4") and line.endswith(" s")

    # 150 s: the warning before the 180 s service level is breached replaces it.
    watch.clock = lambda: utcnow() + timedelta(seconds=151)
    run_tick(ctx, watch.clock())
    qtbot.waitUntil(lambda: "breached in" in banner.supervisor.text(), timeout=3000)
    assert banner.supervisor.text().count("⚠") == 1

    # Claimed: the line goes with the alarm.
    screen = screen_of(console)
    console.show_screen("alarms")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=3000)
    screen.focus_queue()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    assert sound.level == 0 and not watch.lines


def test_a_pc_without_sound_says_so_on_the_banner(
    qtbot: QtBot,
    ctx: UiContext,
    devices: dict[str, str],  # noqa: F811
    send: Send,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PySide6 import QtMultimedia

    monkeypatch.setattr(QtMultimedia.QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    assert isinstance(make_sound(), SilentSound)
    assert "no audio output" in caplog.text

    w = MainWindow(ctx, sound=SilentSound("no audio output"))
    qtbot.addWidget(w)
    w.show()
    send([event(devices["张三"], "101")])
    banner = w.alarm_watch.banner
    qtbot.waitUntil(banner.isVisible, timeout=3000)
    assert "no sound on this PC" in banner.text.text()


def test_the_report_tab_shows_a_month_built_by_hand(
    qtbot: QtBot,
    console: MainWindow,
    ctx: UiContext,
    centre: Centre,
    devices: dict[str, str],  # noqa: F811
    idle: Callable[[], None],
) -> None:
    nov = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    with ctx.db.sessions() as s:
        wang = User(username="wxh", display_name="王小红", role="operator", password_hash="-")
        liu = User(username="lf", display_name="刘芳", role="operator", password_hash="-")
        s.add_all([wang, liu])
        s.flush()
        device = s.scalars(select(Device).where(Device.account == devices["张三"])).one()
        n = 0

        def alarm(user: User, claim_s: int, resolve_s: int, outcome: str = "helped_by_contact"):
            nonlocal n
            n += 1
            s.add(
                Alarm(
                    dedupe_key=f"report|{n}",
                    protocol="surgard",
                    account=device.account,
                    device_id=device.id,
                    elder_id=device.elder_id,
                    event_code="101",
                    received_at=nov + timedelta(hours=n),
                    priority=1,
                    status="resolved",
                    claimed_by=user.id,
                    claimed_by_name=user.display_name,
                    claimed_at=nov + timedelta(hours=n, seconds=claim_s),
                    resolved_at=nov + timedelta(hours=n, seconds=claim_s + resolve_s),
                    outcome=outcome,
                )
            )

        # 王小红 claims after 20 s and 90 s: half within 60 s, all within 180 s.
        alarm(wang, 20, 300, "accidental")
        alarm(wang, 90, 500)
        # 刘芳: 30, 40, 50 s, all within 60 s; resolves after 60, 120, 600 s.
        alarm(liu, 30, 60, "accidental")
        alarm(liu, 40, 120)
        alarm(liu, 50, 600)
        s.commit()

    console.show_screen("alarms")
    screen = screen_of(console)
    screen.tabs.setCurrentWidget(screen.report)
    panel = screen.report
    loads = panel.loads
    panel.month.setDate(QDate(2026, 11, 1))
    qtbot.waitUntil(lambda: panel.loads > loads and panel.month_text() == "2026-11", timeout=3000)
    idle()
    t = panel.operators

    def row(r: int) -> list[str]:
        return [t.item(r, c).text() for c in range(t.columnCount())]

    assert t.rowCount() == 3
    assert row(0) == ["刘芳", "3", "40 s", "50 s", "2 min 0 s", "100.0 %", "100.0 %"]
    assert row(1) == ["王小红", "2", "20 s", "90 s", "5 min 0 s", "50.0 %", "100.0 %"]
    assert row(2) == ["All operators", "5", "40 s", "90 s", "5 min 0 s", "80.0 %", "100.0 %"]
    # Below the 97.5 % service level in red; the total line in bold.
    assert t.item(1, 5).foreground().color() == QColor(ERROR_RED)
    assert t.item(0, 5).foreground().color() != QColor(ERROR_RED)
    assert t.item(2, 0).font().bold()
    assert "2026-11: 5 alarms claimed" in panel.status.text()
    assert "Never claimed: 0" in panel.never.text()
    assert (panel.by_device.item(0, 0).text(), panel.by_device.item(0, 1).text()) == (
        devices["张三"],
        "2",
    )
    assert (panel.by_elder.item(0, 0).text(), panel.by_elder.item(0, 1).text()) == ("张三", "2")

    # Another month: nothing there, said plainly.
    panel.month.setDate(QDate(2026, 10, 1))
    qtbot.waitUntil(lambda: "2026-10: 0 alarms claimed" in panel.status.text(), timeout=3000)
    assert [t.item(0, c).text() for c in range(7)] == [
        "All operators",
        "0",
        "—",
        "—",
        "—",
        "—",
        "—",
    ]
    assert panel.by_device.rowCount() == 0
    assert alarms.handling_report  # the screen reads the service, never SQL
