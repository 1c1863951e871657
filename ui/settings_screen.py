"""Settings: for now, the gateway ports plugged into this PC, in the SPEC form.

The same text an installer gives ``anxin gateway --serial``, one port a line, checked
line by line before it is saved to this PC's station file (app.station). The console
opens these ports itself on its next start; ``anxin gateway`` without ``--serial``
reads the same file. The same box says which caller-ID lines ring at this seat.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import station
from ui.context import UiContext
from ui.widgets.shortcuts import add_shortcut

EXAMPLE = (
    "/dev/ttyUSB0,protocol=surgard,baud=9600,bytesize=8,parity=N,stopbits=1\n"
    "COM3,protocol=callerid\n"
    "usb=FT4ABC12,protocol=ademco685"
)


class SettingsScreen(QWidget):
    # The saved StationConfig: the caller-ID lines apply at once, not at the next start,
    # so whoever pops cards can re-read them without polling the file.
    saved = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        heading = QLabel(self.tr("Settings"), self)
        heading.setProperty("role", "placeholder-title")
        layout.addWidget(heading)

        box = QGroupBox(self.tr("Gateway ports on this PC"), self)
        form = QFormLayout(box)
        self.serial = QPlainTextEdit(box)
        self.serial.setObjectName("station-serial")
        self.serial.setPlaceholderText(EXAMPLE)
        self.serial.setTabChangesFocus(True)
        self.serial.setMinimumHeight(110)
        form.addRow(self.tr("&Serial ports (one a line)"), self.serial)
        self.dc09 = QLineEdit(box)
        self.dc09.setObjectName("station-dc09")
        self.dc09.setPlaceholderText("0.0.0.0:9000")
        form.addRow(self.tr("SIA DC-09 &listener (HOST:PORT)"), self.dc09)
        self.lines = QLineEdit(box)
        self.lines.setObjectName("station-lines")
        self.lines.setPlaceholderText(self.tr("all lines"))
        self.lines.setToolTip(
            self.tr(
                "The line numbers of a multi-line caller-ID box whose calls pop the caller's "
                "card at this seat, separated by commas or spaces, e.g. 01, 02. Leave empty "
                "for every line. Other seats still see the call in the live list."
            )
        )
        form.addRow(self.tr("&Caller-ID lines that ring at this seat"), self.lines)
        hint = QLabel(
            self.tr(
                "Write each port as for “anxin gateway --serial”: the port (or usb=serial "
                "number, or usb=VID:PID), then protocol= callerid, callerid-com, surgard or "
                "ademco685, and baud, bytesize, parity, stopbits where the box differs from "
                "its usual settings. The console opens these ports on its next start."
            ),
            box,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        form.addRow(hint)
        self.save_button = QPushButton(self.tr("&Save (Ctrl+S)"), box)
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        self.result = QLabel(box)
        self.result.setObjectName("station-result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.result)
        self.where = QLabel(self.tr("Saved in %1").replace("%1", str(station.config_path())), box)
        self.where.setProperty("role", "hint")
        form.addRow(self.where)
        layout.addWidget(box)
        from ui.users_panel import UsersPanel

        self.users = UsersPanel(ctx, self)
        layout.addWidget(self.users, 1)
        later = QLabel(
            self.tr("Subsidy rules and database backups will be set here in a later version."),
            self,
        )
        later.setProperty("role", "hint")
        layout.addWidget(later)
        # A window shortcut whose parent is this screen: Qt only fires it while the
        # screen is the one shown, so Ctrl+S never saves settings from another screen.
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.reload()

    def activated(self) -> None:
        """Shown (again), perhaps to someone else after a switch of user."""
        self.users.reload()

    def reload(self) -> None:
        try:
            saved = station.load()
        except station.StationConfigError as exc:
            self._say(str(exc), ok=False)
            return
        self.serial.setPlainText("\n".join(saved.serial))
        self.dc09.setText(saved.dc09)
        self.lines.setText(", ".join(saved.lines))

    def current(self) -> station.StationConfig:
        lines = [ln.strip() for ln in self.serial.toPlainText().splitlines()]
        return station.StationConfig(
            serial=[ln for ln in lines if ln],
            dc09=self.dc09.text().strip(),
            lines=station.split_lines(self.lines.text()),
        )

    def save(self) -> None:
        config = self.current()
        problems = station.validate(config)
        if problems:
            # Nothing is written and nothing typed is lost: the text stays for correcting.
            self._say(
                self.tr("Not saved. Correct these and save again:") + "\n" + "\n".join(problems),
                ok=False,
            )
            return
        try:
            path = station.save(config)
        except OSError as exc:
            self._say(self.tr("Not saved: %1").replace("%1", str(exc)), ok=False)
            return
        self._say(
            self.tr("Saved to %1. The console opens these ports on its next start.").replace(
                "%1", str(path)
            ),
            ok=True,
        )
        self.saved.emit(config)

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setText(text)
        self.result.setProperty("role", "hint" if ok else "field-error")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
