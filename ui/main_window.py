"""The main window only assembles: navigation, the screens, the status bar, shortcuts.

What each screen does lives in its own package; this file must stay small
(the god main windows of Anki and Picard are the warning).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui.bus_bridge import BusBridge
from ui.context import UiContext
from ui.navigation import NavigationList
from ui.screens import ScreenSpec, screen_specs
from ui.status_bar import ConsoleStatusBar
from ui.widgets.shortcuts import add_shortcut


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, specs: list[ScreenSpec] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = specs if specs is not None else screen_specs()
        self.setWindowTitle(self.tr("Anxin — elderly-care hotline"))
        self.setObjectName("main-window")
        self.resize(1360, 860)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = NavigationList(central)
        self.stack = QStackedWidget(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.screens: dict[str, QWidget] = {}
        for number, spec in enumerate(self.specs, start=1):
            widget = spec.build(ctx)
            widget.setObjectName(f"screen-{spec.key}")
            self.screens[spec.key] = widget
            self.stack.addWidget(widget)
            shortcut = f"Ctrl+{number}" if number <= 9 else ""
            self.navigation.add_screen(spec.key, spec.title, shortcut)
            if shortcut:
                add_shortcut(shortcut, self, lambda key=spec.key: self.show_screen(key))
        self.navigation.currentRowChanged.connect(self._row_changed)

        add_shortcut(QKeySequence.StandardKey.Find, self, self.focus_search)

        self.status = ConsoleStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_operator(ctx.operator.display_name, signed_in=ctx.operator.signed_in)
        self.status.set_database(ctx.db.description, ok=ctx.health.ok)
        ctx.health.changed.connect(self.status.set_database_ok)
        self._links: dict[str, dict[str, object]] = {}
        self._gateway_bridge = BusBridge(ctx.bus, "gateway.link", self)
        self._gateway_bridge.message.connect(self._on_link)

        self.show_screen("elders")

    # -- navigation -----------------------------------------------------------------

    def current_key(self) -> str:
        return self.navigation.key_at(self.navigation.currentRow())

    def show_screen(self, key: str) -> None:
        keys = [spec.key for spec in self.specs]
        self.navigation.setCurrentRow(keys.index(key))

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        screen = self.stack.currentWidget()
        activated = getattr(screen, "activated", None)
        if callable(activated):
            activated()

    def focus_search(self) -> None:
        """Ctrl+F: the current screen's search, or the elder search from anywhere else.

        Finding an elder is what an operator needs most often, so screens without
        a search of their own hand Ctrl+F to the Elders screen.
        """
        current = self.stack.currentWidget()
        focus = getattr(current, "focus_search", None)
        if callable(focus) and focus():
            return
        self.show_screen("elders")
        elders_focus = getattr(self.screens.get("elders"), "focus_search", None)
        if callable(elders_focus):
            elders_focus()

    # -- gateway state ------------------------------------------------------------------
    def _on_link(self, _topic: str, state: dict[str, object]) -> None:
        """One light for all ports: the worst of them decides its colour."""
        self._links[str(state.get("port"))] = state
        statuses = {str(s.get("status")) for s in self._links.values()}
        silent = [p for p, s in self._links.items() if s.get("silent_s") is not None]
        down = [p for p, s in self._links.items() if s.get("status") in ("reconnecting", "failed")]
        if down:
            self.set_gateway_state(
                "disconnected", "; ".join(f"{p}: {self._links[p].get('reason')}" for p in down)
            )
        elif silent:
            self.set_gateway_state(
                "degraded", self.tr("%1 silent").replace("%1", ", ".join(silent))
            )
        elif statuses <= {"connected"}:
            detail = ", ".join(sorted(self._links))
            self.set_gateway_state("simulated" if self.ctx.demo else "connected", detail)
        elif statuses <= {"stopped"}:
            self.set_gateway_state("none", "")
        else:
            self.set_gateway_state("connecting", "")

    def set_gateway_state(self, state: str, detail: str) -> None:
        self.status.set_gateway_state(state, detail)
