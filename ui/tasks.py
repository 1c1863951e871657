"""The one way to run work off the GUI thread and get its result back on it.

A widget hands ``Tasks.submit`` a function; a pool thread runs it; the outcome
travels back through a single queued signal and the success or failure callback
runs on the GUI thread. No worker ever touches a widget. Modelled on Anki's
``QueryOp`` (callbacks) and Picard's ``to_main`` (one road back).

Writes go to a pool of exactly one thread (``serial=True``): with SQLite one
writer means no lock fights between screens.

Failures: the ``on_failure`` callback sees every exception first (to re-enable
a button, say) and returns True when it has told the user itself. Otherwise an
``AnxinError`` is shown as the plain message it carries, a database outage as
such, and anything else is logged with its traceback and shown as an internal
error, so a bug never passes silently and never crashes the console.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import AnxinError

log = logging.getLogger(__name__)

T = TypeVar("T")

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], bool | None]
ProgressCallback = Callable[[Any], None]
Presenter = Callable[[QWidget | None, BaseException], None]


def is_database_outage(exc: BaseException) -> bool:
    """The machine's fault (server down, disk full), not a bug of ours; a database busy
    for a moment ("database is locked") is not an outage."""
    from app.dberrors import is_unreachable

    return is_unreachable(exc)


@dataclass
class _Outcome(Generic[T]):
    ok: bool
    value: T | None = None
    error: BaseException | None = None


@dataclass
class _Pending:
    on_success: SuccessCallback | None
    on_failure: FailureCallback | None
    on_progress: ProgressCallback | None
    owner: QObject | None
    key: str | None


class _Relay(QObject):
    """Lives on the GUI thread; workers emit its signals, Qt queues them across."""

    finished = Signal(int, object)
    progressed = Signal(int, object)


class Tasks(QObject):
    """Runs callables on a thread pool and calls back on the GUI thread."""

    idle = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        synchronous: bool = False,
        max_threads: int = 4,
    ) -> None:
        super().__init__(parent)
        self._synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        # The alarm lane: a claim or an alarm action never queues behind a report, a
        # finalise or an import on the writer.
        self._urgent = QThreadPool(self)
        self._urgent.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._closing = False
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.presenter: Presenter = present_failure

    def submit(
        self,
        fn: Callable[..., Any],
        *,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        on_progress: ProgressCallback | None = None,
        owner: QObject | None = None,
        key: str | None = None,
        serial: bool = False,
        urgent: bool = False,
    ) -> int:
        """Run ``fn()`` (``fn(report)`` when ``on_progress`` is given) off the GUI thread.

        ``owner``: callbacks are dropped if it has been destroyed meanwhile (a closed
        dialog). ``key``: only the newest task of a key reports back, so a search typed
        fast never shows the answer to an older query. ``serial``: the one writer thread.
        ``urgent``: the alarm lane, a writer of its own that nothing slow ever uses.
        """
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_success, on_failure, on_progress, owner, key)
        if key is not None:
            self._latest[key] = task_id
        if self._synchronous:
            self._deliver(task_id, self._execute(task_id, fn, on_progress is not None))
        else:
            pool = self._urgent if urgent else self._writer if serial else self._pool
            pool.start(lambda: self._run_in_worker(task_id, fn, on_progress is not None))
        return task_id

    def pending(self) -> int:
        return len(self._pending)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop delivering and wait for running work; call before the database closes."""
        self._closing = True
        done = all(
            p.waitForDone(timeout_ms) for p in (self._pool, self._writer, self._urgent)
        )
        self._pending.clear()
        return done

    # -- worker side -----------------------------------------------------------------

    def _execute(self, task_id: int, fn: Callable[..., Any], with_progress: bool) -> _Outcome[Any]:
        report = (lambda message: self._report(task_id, message)) if with_progress else None
        try:
            value = fn(report) if with_progress else fn()
        # Every failure, whatever its type, must reach the GUI thread to be shown.
        except Exception as exc:
            return _Outcome(ok=False, error=exc)
        return _Outcome(ok=True, value=value)

    def _run_in_worker(self, task_id: int, fn: Callable[..., Any], with_progress: bool) -> None:
        outcome = self._execute(task_id, fn, with_progress)
        if not self._closing:
            self._relay.finished.emit(task_id, outcome)

    def _report(self, task_id: int, message: Any) -> None:
        if self._synchronous:
            self._progress(task_id, message)
        elif not self._closing:
            self._relay.progressed.emit(task_id, message)

    # -- GUI side --------------------------------------------------------------------

    def _live(self, pending: _Pending) -> bool:
        return pending.owner is None or shiboken6.isValid(pending.owner)

    def _progress(self, task_id: int, message: Any) -> None:
        pending = self._pending.get(task_id)
        if pending and pending.on_progress and self._live(pending):
            pending.on_progress(message)

    def _deliver(self, task_id: int, outcome: _Outcome[Any]) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None or self._closing:
            return
        try:
            superseded = pending.key is not None and self._latest.get(pending.key) != task_id
            if superseded or not self._live(pending):
                if not outcome.ok:
                    log.debug("dropped failure of a superseded task: %r", outcome.error)
                return
            if pending.key is not None:
                del self._latest[pending.key]
            if outcome.ok:
                if pending.on_success is not None:
                    pending.on_success(outcome.value)
                return
            assert outcome.error is not None
            handled = bool(pending.on_failure(outcome.error)) if pending.on_failure else False
            if not handled:
                parent = pending.owner if isinstance(pending.owner, QWidget) else None
                self.presenter(parent, outcome.error)
        finally:
            if not self._pending:
                self.idle.emit()


def failure_text(exc: BaseException) -> tuple[str, str]:
    """Title and text for a failure, logging the traceback of anything unexpected."""
    if isinstance(exc, AnxinError):
        return QCoreApplication.translate("Tasks", "Not done"), exc.message
    if is_database_outage(exc):
        log.warning("database unreachable: %s", exc)
        return (
            QCoreApplication.translate("Tasks", "Database unreachable"),
            QCoreApplication.translate(
                "Tasks",
                "The database cannot be reached right now, so this was not done. "
                "Check the network or the database server and try again; "
                "what you entered is still on screen.",
            ),
        )
    log.error("internal error in a background task", exc_info=exc)
    detail = f"\n\n{type(exc).__name__}: {exc}"
    return (
        QCoreApplication.translate("Tasks", "Internal error"),
        QCoreApplication.translate(
            "Tasks",
            "Something went wrong inside Anxin and this was not done. "
            "The details were written to the log; please tell the administrator. "
            "What you entered is still on screen.",
        )
        + detail,
    )


def present_failure(parent: QWidget | None, exc: BaseException) -> None:
    """Show a failure without blocking: alarms must keep arriving behind the box."""
    title, text = failure_text(exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning if isinstance(exc, AnxinError) else QMessageBox.Icon.Critical,
        title,
        text,
        QMessageBox.StandardButton.Ok,
        parent.window() if parent is not None else None,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
