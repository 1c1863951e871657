"""An unclaimed alarm on every screen: the red banner, the sound, the tray message, escalation.

DESIGN.md: alarms can never be missed. Whatever screen the operator is on, an alarm nobody
has claimed shows as a flashing banner above it (how many, the most urgent one's elder and
event, how long it has waited), F12 opens it on the Alarms screen, and a tray message and
the taskbar's alert announce each new one. While a life alarm (priority 1) is unclaimed the
alarm sound plays in a loop, the faster, louder tone once it has escalated; only a
supervisor can mute it (the service checks ``alarm.mute``), and only until the next new
life alarm. Supervisors (and admins) also see a line per escalation: unclaimed, about to
breach 180 s, claimed but unresolved for 10 minutes.

Escalations are recorded by the centre's scheduler (``app.scheduler``, one process for
the whole centre); the watch shows what the change feed brings, and a supervisor's mute
at any seat silences every seat.

A PC without sound (no QtMultimedia, no audio device) gets ``SilentSound``: one warning in
the log, a hint on the banner, and everything else as usual.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app import alarms
from app.alarms import Muted, WatchState
from app.errors import AnxinError, PermissionDenied
from app.feed.topics import AlarmEscalated, AlarmMuted
from db.models import utcnow
from ui import labels
from ui.alarms.model import clock as mm_ss
from ui.alarms.screen import AlarmSignal
from ui.appearance import ERROR_RED, WARN_AMBER
from ui.bus_bridge import BusBridge
from ui.context import UiContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SOUNDS = {1: "alarm.wav", 2: "alarm_urgent.wav"}
FLASH_MS = 500
SECOND_MS = 1000
# Storms among alarms stored outside ingest, restores, escalations: every few seconds.
# In a storm the banner is read again at most this often (the Alarms screen's queue has
# priority: it is what the operator works from).
REFRESH_GAP_MS = 250
KIND_RANK = {"unclaimed": 1, "breach_warning": 2, "unresolved": 3}
MAX_LINES = 4  # supervisor lines on the banner; the rest are counted


# ----------------------------------------------------------------------------- sound


class AlarmSound(Protocol):
    """What the watch needs of a sound: a looping tone per level (1 normal, 2 escalated)."""

    @property
    def available(self) -> bool: ...  # False: this PC plays nothing, the banner says so

    def start(self, level: int) -> None: ...

    def stop(self) -> None: ...


class SilentSound:
    """No sound on this PC; the banner carries the warning alone."""

    def __init__(self, problem: str = "") -> None:
        self.problem = problem
        self.level = 0

    @property
    def available(self) -> bool:
        return False

    def start(self, level: int) -> None:
        self.level = level

    def stop(self) -> None:
        self.level = 0


class EffectSound:
    """One ``QSoundEffect`` per level, looping until stopped."""

    def __init__(self, effects: dict[int, Any]) -> None:
        self.effects = effects
        self.level = 0
        self.failed = ""
        for effect in effects.values():
            effect.statusChanged.connect(lambda e=effect: self._status(e))

    @property
    def available(self) -> bool:
        return not self.failed

    def _status(self, effect: Any) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        if effect.status() == QSoundEffect.Status.Error and not self.failed:
            self.failed = effect.source().toString()
            log.warning("alarm sound %s cannot be played; the banner alone warns", self.failed)

    def start(self, level: int) -> None:
        if level == self.level:
            return
        self.stop()
        effect = self.effects.get(level) or self.effects[min(self.effects)]
        effect.play()
        self.level = level

    def stop(self) -> None:
        for effect in self.effects.values():
            effect.stop()
        self.level = 0


def make_sound(parent: QObject | None = None) -> AlarmSound:
    """The alarm sound through QtMultimedia, or ``SilentSound`` when this PC has none."""
    try:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as exc:  # PySide6-Addons missing, or its libraries
        log.warning("no alarm sound: QtMultimedia cannot be loaded (%s); banner only", exc)
        return SilentSound("QtMultimedia cannot be loaded")
    if not QMediaDevices.audioOutputs():
        log.warning("no alarm sound: this PC has no audio output; banner only")
        return SilentSound("no audio output")
    folder = resources.files("resources.sounds")
    effects: dict[int, Any] = {}
    for level, name in SOUNDS.items():
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(folder.joinpath(name))))
        effect.setLoopCount(QSoundEffect.Loop.Infinite.value)
        effect.setVolume(0.7 if level == 1 else 1.0)
        effects[level] = effect
    return EffectSound(effects)


# ----------------------------------------------------------------------------- banner


@dataclass(frozen=True)
class EscalationLine:
    alarm_id: int
    kind: str  # unclaimed | breach_warning | unresolved
    who: str  # the elder, or "" for a storm / an unknown device
    event_code: str
    count: int
    storm_id: int | None
    since: float  # monotonic time the wait (or the claim) began


class AlarmBanner(QFrame):
    """The red strip above every screen, and the supervisor's lines below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarm-banner")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.strip = QFrame(self)
        self.strip.setObjectName("alarm-strip")
        row = QHBoxLayout(self.strip)
        row.setContentsMargins(12, 6, 8, 6)
        self.text = QLabel(self.strip)
        self.text.setObjectName("alarm-banner-text")
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.notice = QLabel(self.strip)
        self.notice.setObjectName("alarm-banner-notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        row.addWidget(self.notice)
        self.open_button = QPushButton(self.tr("Open (F12)"), self.strip)
        self.open_button.setObjectName("alarm-open")
        self.mute_button = QPushButton(self.tr("Mute sound"), self.strip)
        self.mute_button.setObjectName("alarm-mute")
        self.mute_button.setToolTip(self.tr("Supervisors only; until the next new life alarm"))
        for b in (self.open_button, self.mute_button):
            # Keyboard work stays where it is; F12 is the key.
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(b)
        column.addWidget(self.strip)
        self.supervisor = QLabel(self)
        self.supervisor.setObjectName("alarm-supervisor-lines")
        self.supervisor.setWordWrap(True)
        self.supervisor.setStyleSheet(
            f"background: {WARN_AMBER}; color: white; font-weight: bold; padding: 4px 12px;"
        )
        self.supervisor.hide()
        column.addWidget(self.supervisor)
        self.flash_on = False
        self._style = ""
        self.set_flash(True)
        self.hide()

    def set_flash(self, on: bool) -> None:
        """Alternate red on white and white on red, so the strip catches the eye."""
        self.flash_on = on
        back, fore = (ERROR_RED, "white") if on else ("white", ERROR_RED)
        style = (
            f"#alarm-strip {{ background: {back}; border: 2px solid {ERROR_RED}; }}"
            f"#alarm-strip QLabel {{ color: {fore}; font-weight: bold; font-size: 13pt; }}"
            f"#alarm-strip QPushButton {{ font-weight: bold; padding: 3px 10px; }}"
        )
        if style != self._style:  # a new style sheet re-polishes every child
            self._style = style
            self.strip.setStyleSheet(style)

    def say(self, text: str, *, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice.setProperty("error", error)


# ----------------------------------------------------------------------------- the watch


class AlarmWatch(QObject):
    # a reading of the alarms is on the banner (tests and the bench wait on it)
    shown = Signal()
    # F12 or the Open button: the alarm to bring up on the Alarms screen
    open_requested = Signal(int)

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget,
        *,
        sound: AlarmSound | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.banner = AlarmBanner(parent)
        self.sound: AlarmSound = sound if sound is not None else make_sound(self)
        self.state: WatchState | None = None
        self.read_at = time.monotonic()
        self.level = 0
        self.muted_through: int | None = None
        self.lines: dict[int, EscalationLine] = {}
        self.announced_through = 0
        self.announcements: list[tuple[str, str]] = []  # (title, text), newest last
        self.readings = 0
        self._tray: QSystemTrayIcon | None = None
        self._reading = False
        self._again = False

        self.banner.open_button.clicked.connect(self.open_first)
        self.banner.mute_button.clicked.connect(self.mute)
        self.signal = AlarmSignal(ctx.bus, self)
        self.signal.poke.connect(self._poked)
        self._escalations = BusBridge(ctx.bus, "alarm.escalated", self)
        self._escalations.message.connect(self._escalated)
        # A supervisor's mute at any seat silences every seat (until the next life alarm).
        self._mutes = BusBridge(ctx.bus, "alarm.muted", self)
        self._mutes.message.connect(self._muted_in_centre)
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(lambda: self.banner.set_flash(not self.banner.flash_on))
        self._second = QTimer(self)
        self._second.setInterval(SECOND_MS)
        self._second.timeout.connect(self.render)
        self._second.start()
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setInterval(REFRESH_GAP_MS)
        self._gap.timeout.connect(self.refresh)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------
    def _poked(self) -> None:
        self.signal.take()
        self.refresh()

    def refresh(self) -> None:
        """Read the banner's figures: one read at a time, the next no sooner than 250 ms."""
        if self._reading or self._gap.isActive():
            self._again = True
            return
        self._reading = True
        asking = list(self.lines)
        now = self.clock()

        def read(session: Session) -> tuple[WatchState, float]:
            return alarms.watch_state(session, now, asking=asking), time.monotonic()

        self.ctx.read(read, on_success=self._loaded, on_failure=self._failed_read, owner=self)

    def _done_reading(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self._gap.start()

    def _failed_read(self, _exc: BaseException) -> bool:
        # The status bar already says the database is unreachable; the next change retries.
        self._done_reading()
        return True

    def _loaded(self, result: tuple[WatchState, float]) -> None:
        state, at = result
        self.state, self.read_at = state, at
        self.readings += 1
        self._prune(state)
        self._apply_sound()
        if state.newest_id is not None and state.newest_id > self.announced_through:
            self.announced_through = state.newest_id
            self._announce(state)
        self.render()
        self._done_reading()
        self.shown.emit()

    def _prune(self, state: WatchState) -> None:
        """An escalation's line goes once its alarm is claimed (or, for unresolved, closed)."""
        for alarm_id, line in list(self.lines.items()):
            status = state.statuses.get(alarm_id)
            if status is None:
                continue  # asked before this line came: look again next time
            if status != ("claimed" if line.kind == "unresolved" else "raised"):
                del self.lines[alarm_id]

    def _escalated(self, _topic: str, change: AlarmEscalated) -> None:
        now = time.monotonic()
        for e in change.escalations:
            alarm_id = int(e["alarm_id"])
            kind = str(e["kind"])
            known = self.lines.get(alarm_id)
            if known is not None and KIND_RANK[known.kind] >= KIND_RANK.get(kind, 0):
                continue
            self.lines[alarm_id] = EscalationLine(
                alarm_id=alarm_id,
                kind=kind,
                who=str(e.get("elder_name") or ""),
                event_code=str(e.get("event_code") or ""),
                count=int(e.get("count") or 1),
                storm_id=e.get("storm_id"),
                since=now - float(e.get("waited_s") or 0),
            )
        self.render()
        self.refresh()

    # -- sound, tray ------------------------------------------------------------------------
    def _apply_sound(self) -> None:
        state = self.state
        level = 0
        if state is None or not state.unclaimed_life:
            self.muted_through = None
        elif self.muted_through is not None and (state.newest_life_id or 0) <= self.muted_through:
            level = 0
        else:
            self.muted_through = None  # a newer life alarm ends the mute
            level = 2 if state.life_escalated else 1
        if level != self.level:
            if level:
                self.sound.start(level)
            else:
                self.sound.stop()
            self.level = level

    def _announce(self, state: WatchState) -> None:
        first = state.first
        if first is None:
            return
        title = self.tr("Alarm: %1 unclaimed").replace("%1", str(state.unclaimed))
        text = self.tr("%1 · %2 — F12 opens it").replace("%1", self._who(first))
        text = text.replace("%2", self._event(first.event_code, first.event_name))
        if not self.ctx.operator.signed_in:
            text = self.tr("Sign in to handle it.")
        self.announcements = [*self.announcements[-9:], (title, text)]
        window = self.banner.window()
        QApplication.alert(window, 0)  # the taskbar entry flashes until the window is used
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            icon = window.windowIcon()
            if icon.isNull():
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.messageClicked.connect(self.open_first)
            self._tray.show()
        self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Critical, 15_000)

    # -- actions ------------------------------------------------------------------------------
    def open_first(self) -> None:
        """F12: the most urgent unclaimed alarm on the Alarms screen."""
        if self.state is not None and self.state.first is not None:
            self.open_requested.emit(self.state.first.alarm_id)
        else:
            self.open_requested.emit(0)

    def mute(self) -> None:
        actor = self.ctx.operator.as_actor()
        now = self.clock()
        self.ctx.write(
            lambda s: alarms.mute_sound(s, actor, now),
            on_success=self._muted,
            on_failure=self._mute_refused,
            owner=self,
        )

    def _muted_in_centre(self, _topic: str, change: AlarmMuted) -> None:
        if self.muted_through is not None and self.muted_through >= change.through_alarm_id:
            return  # this seat's own mute, already applied
        self.muted_through = change.through_alarm_id
        self._apply_sound()
        self.banner.say(
            self.tr("Sound muted by %1 until the next new life alarm.").replace(
                "%1", change.by_name
            )
        )

    def _muted(self, muted: Muted) -> None:
        self.muted_through = muted.through_alarm_id
        self._apply_sound()
        self.banner.say(
            self.tr("Sound muted by %1 until the next new life alarm.").replace("%1", muted.by)
        )

    def _mute_refused(self, exc: BaseException) -> bool:
        if isinstance(exc, PermissionDenied):
            self.banner.say(
                self.tr("Only a supervisor can mute the alarm. Claim it to stop the sound (F12)."),
                error=True,
            )
            return True
        if isinstance(exc, AnxinError):
            self.banner.say(exc.message, error=True)
            return True
        return False

    # -- showing ----------------------------------------------------------------------------
    def _who(self, first: alarms.Waiting) -> str:
        if first.storm_id is not None:
            return (
                self.tr("storm in %1, %2 alarms")
                .replace("%1", first.place or "?")
                .replace("%2", str(first.count))
            )
        return first.elder_name or self.tr("device %1").replace("%1", first.account)

    def _event(self, code: str, name: str) -> str:
        return f"{code} {labels.alarm_events().get(code) or name}".strip()

    def _line(self, line: EscalationLine, now: float) -> str:
        if line.storm_id is not None:
            who = self.tr("storm %1 (%2 alarms)").replace("%1", line.event_code)
            who = who.replace("%2", str(line.count))
        else:
            who = line.who or self._event(line.event_code, "")
        waited = int(now - line.since)
        if line.kind == "unresolved":
            text = self.tr("Alarm for %1 claimed %2 min ago and still not resolved")
            return text.replace("%1", who).replace("%2", str(waited // 60))
        # Seconds while they are few, as the service levels count them; then h:mm:ss.
        how_long = self.tr("%1 s").replace("%1", str(waited)) if waited < 600 else mm_ss(waited)
        if line.kind == "unclaimed":
            text = self.tr("Alarm for %1 unclaimed for %2")
        elif waited < 180:
            text = self.tr(
                "Alarm for %1 unclaimed for %2: the 180 s service level is breached in %3 s"
            ).replace("%3", str(180 - waited))
        else:
            text = self.tr("Alarm for %1 unclaimed for %2: past the 180 s service level")
        return text.replace("%1", who).replace("%2", how_long)

    def _supervisor_lines(self, now: float) -> list[str]:
        """The most pressing first (unresolved, then the longest waits), a few at most."""
        ordered = sorted(self.lines.values(), key=lambda x: (-KIND_RANK[x.kind], x.since))
        shown = [f"⚠ {self._line(x, now)}" for x in ordered[:MAX_LINES]]
        if len(ordered) > MAX_LINES:
            shown.append(
                self.tr("… and %1 more escalated alarms: see the Alarms screen (F12)").replace(
                    "%1", str(len(ordered) - MAX_LINES)
                )
            )
        return shown

    def render(self) -> None:
        """Banner text from the last reading plus the seconds since (no database)."""
        now = time.monotonic()
        state = self.state
        op = self.ctx.operator
        unclaimed = state is not None and state.unclaimed > 0
        if unclaimed and state is not None and state.first is not None:
            first = state.first
            if op.signed_in:
                text = (
                    self.tr("ALARM — %1 unclaimed · %2 · %3 · waiting %4")
                    .replace("%1", str(state.unclaimed))
                    .replace("%2", self._who(first))
                    .replace("%3", self._event(first.event_code, first.event_name))
                    .replace("%4", mm_ss(first.waiting_s + now - self.read_at))
                )
            else:
                text = self.tr("ALARM — %1 unclaimed. Sign in to handle them.").replace(
                    "%1", str(state.unclaimed)
                )
            if not self.sound.available:
                text += "  " + self.tr("(no sound on this PC: watch this banner)")
            self.banner.text.setText(text)
        self.banner.strip.setVisible(unclaimed)
        self.banner.mute_button.setVisible(self.level > 0)
        if unclaimed and not self._flash.isActive():
            self._flash.start()
        elif not unclaimed and self._flash.isActive():
            self._flash.stop()
            self.banner.set_flash(True)
        if not unclaimed:
            self.banner.say("")
        supervising = op.signed_in and op.as_actor().can("alarm.supervise")
        lines = self._supervisor_lines(now) if supervising else []
        self.banner.supervisor.setText("\n".join(lines))
        self.banner.supervisor.setVisible(bool(lines))
        self.banner.setVisible(unclaimed or bool(lines))
