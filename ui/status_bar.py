"""The status bar: who is on duty, whether the database answers, what the gateway does.

Always visible, because an operator must see at a glance that alarms can reach
this seat; each part is a coloured dot plus words, never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from ui.appearance import ERROR_RED, IDLE_GREY, OK_GREEN, WARN_AMBER

# Gateway states a later issue reports through ``set_gateway_state``; an unknown
# state is shown in amber so it is noticed rather than mistaken for health.
GATEWAY_COLOURS = {
    "none": IDLE_GREY,
    "simulated": OK_GREEN,
    "connected": OK_GREEN,
    "connecting": WARN_AMBER,
    "degraded": WARN_AMBER,
    "disconnected": ERROR_RED,
    "silent": ERROR_RED,
    "error": ERROR_RED,
}


# The gateway light names every port and its reason: cut to this width in the bar.
GATEWAY_TEXT_PX = 560


class StatusPart(QWidget):
    """A dot and a text, with the whole state spelled out in the tooltip."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        self.dot = QLabel("●", self)
        self.text = QLabel(self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        self.colour = IDLE_GREY
        self.max_px = 0  # 0: never cut

    def show_state(self, text: str, colour: str, tooltip: str = "") -> None:
        self.colour = colour
        self.dot.setStyleSheet(f"color: {colour}; font-size: 14pt;")
        # A long reason (every port's error) must not widen the window past the screen;
        # the whole of it is in the tooltip, and the gateway banner spells it out.
        if self.max_px:
            metrics = self.text.fontMetrics()
            text_shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.max_px)
        else:
            text_shown = text
        self.text.setText(text_shown)
        self.setToolTip(tooltip or text)


class ConsoleStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.operator = StatusPart("status-operator", self)
        self.database = StatusPart("status-database", self)
        self.gateway = StatusPart("status-gateway", self)
        self.gateway.max_px = GATEWAY_TEXT_PX
        # Sign out / switch user sits by the name it changes (Ctrl+Shift+L, see MainWindow).
        self.sign_out = QToolButton(self)
        self.sign_out.setObjectName("status-sign-out")
        self.sign_out.setText(self.tr("Sign out / switch user (Ctrl+Shift+L)"))
        self.sign_out.setAutoRaise(True)
        self.addPermanentWidget(self.operator)
        self.addPermanentWidget(self.sign_out)
        for part in (self.database, self.gateway):
            self.addPermanentWidget(part)
        self._db_description = ""
        self.set_operator("", signed_in=False)
        self.set_gateway_state("none", "")

    def set_operator(self, name: str, *, signed_in: bool, role: str = "") -> None:
        """Who is on duty, with their role: "On duty: 王丽 (Operator)"."""
        from ui.user_forms import role_label

        if signed_in and name:
            if role:
                text = self.tr("On duty: %1 (%2)").replace("%1", name)
                text = text.replace("%2", role_label(role))
            else:
                text = self.tr("On duty: %1").replace("%1", name)
            self.operator.show_state(text, OK_GREEN)
        else:
            self.operator.show_state(self.tr("Not signed in"), IDLE_GREY)
        self.sign_out.setVisible(signed_in)

    def set_database(self, description: str, ok: bool, detail: str = "") -> None:
        self._db_description = description
        if ok:
            self.database.show_state(
                self.tr("Database: %1").replace("%1", description),
                OK_GREEN,
                self.tr("Database connected: %1").replace("%1", description),
            )
        else:
            self.database.show_state(
                self.tr("Database unreachable: %1").replace("%1", description),
                ERROR_RED,
                detail or description,
            )

    def set_database_ok(self, ok: bool, detail: str = "") -> None:
        self.set_database(self._db_description, ok, detail)

    def set_gateway_state(self, state: str, detail: str) -> None:
        """``state``: none, simulated, connected, connecting, degraded, disconnected, silent,
        error."""
        texts = {
            "none": self.tr("No gateway configured"),
            "simulated": self.tr("Simulated gateway"),
            "connected": self.tr("Gateway connected"),
            "connecting": self.tr("Gateway connecting…"),
            "degraded": self.tr("Gateway degraded"),
            "disconnected": self.tr("Gateway disconnected"),
            "silent": self.tr("Receiver silent"),
            "error": self.tr("Gateway error"),
        }
        text = texts.get(state, self.tr("Gateway: %1").replace("%1", state))
        if detail:
            text = f"{text} — {detail}"
        self.gateway.show_state(text, GATEWAY_COLOURS.get(state, WARN_AMBER), text)
