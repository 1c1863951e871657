"""The one road back to the GUI thread: results, failures, stale answers, progress."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.errors import NotFound
from tests.ui.conftest import PresenterSpy
from ui.tasks import Tasks, failure_text


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(
    qtbot: QtBot, tasks: Tasks
) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["value"] = value

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.submit(work, on_success=done)
    assert seen["worker"] != gui
    assert seen["callback"] == gui
    assert seen["value"] == 42


def test_only_the_newest_task_of_a_key_reports(qtbot: QtBot, tasks: Tasks) -> None:
    release = threading.Event()
    results: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "old"

    tasks.submit(slow, on_success=results.append, key="search")
    tasks.submit(lambda: "new", on_success=results.append, key="search")
    qtbot.waitUntil(lambda: results == ["new"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)
    assert results == ["new"]


def test_a_destroyed_owner_gets_no_callback(qtbot: QtBot, tasks: Tasks) -> None:
    release = threading.Event()
    owner = QObject()
    results: list[int] = []
    tasks.submit(lambda: release.wait(5) and 1, on_success=results.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=2000)
    release.set()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)
    assert results == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_a_known_error_is_shown_as_its_message(
    qtbot: QtBot, tasks: Tasks, presenter: PresenterSpy
) -> None:
    def fail() -> None:
        raise NotFound("Elder #7 does not exist.")

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.submit(fail)
    assert [str(e) for e in presenter.shown] == ["Elder #7 does not exist."]
    assert failure_text(presenter.shown[0])[1] == "Elder #7 does not exist."


def test_a_bug_is_logged_with_its_traceback_and_shown_as_internal(
    qtbot: QtBot, tasks: Tasks, presenter: PresenterSpy, caplog: pytest.LogCaptureFixture
) -> None:
    def bug() -> None:
        raise ZeroDivisionError("oops")

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.submit(bug)
    (exc,) = presenter.shown
    with caplog.at_level(logging.ERROR, logger="ui.tasks"):
        title, text = failure_text(exc)
    assert title == "Internal error"
    assert "ZeroDivisionError: oops" in text
    assert caplog.records[0].exc_info is not None


def test_a_failure_the_caller_handles_is_not_shown_again(
    qtbot: QtBot, tasks: Tasks, presenter: PresenterSpy
) -> None:
    handled: list[BaseException] = []

    def fail() -> None:
        raise NotFound("gone")

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.submit(fail, on_failure=lambda exc: handled.append(exc) or True)
    assert len(handled) == 1
    assert presenter.shown == []


def test_progress_reports_arrive_before_the_result(qtbot: QtBot, tasks: Tasks) -> None:
    events: list[str] = []

    def work(report: object) -> str:
        report("one")  # type: ignore[operator]
        report("two")  # type: ignore[operator]
        return "done"

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.submit(work, on_progress=events.append, on_success=events.append)
    assert events == ["one", "two", "done"]


def test_synchronous_mode_runs_at_once(qtbot: QtBot) -> None:
    runner = Tasks(synchronous=True)
    results: list[int] = []
    runner.submit(lambda: 5, on_success=results.append)
    assert results == [5]


def test_an_urgent_write_does_not_wait_behind_a_slow_one(qtbot: QtBot) -> None:
    tasks = Tasks()
    release = threading.Event()
    order: list[str] = []
    try:
        tasks.submit(lambda: (release.wait(5), order.append("slow")), serial=True)
        tasks.submit(lambda: order.append("claim"), serial=True, urgent=True)
        qtbot.waitUntil(lambda: "claim" in order, timeout=2000)
        assert order == ["claim"], "the claim waited for the slow write"
        release.set()
        qtbot.waitUntil(lambda: order == ["claim", "slow"], timeout=5000)
    finally:
        release.set()
        tasks.shutdown()
