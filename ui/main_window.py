"""The main window only assembles: navigation, the screens, the status bar, shortcuts.

What each screen does lives in its own package; this file must stay small
(the god main windows of Anki and Picard are the warning).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.feed.topics import GatewayLink
from ui.alarm_watch import AlarmSound, AlarmWatch
from ui.appearance import ERROR_RED
from ui.bus_bridge import BusBridge
from ui.context import Operator, UiContext
from ui.gateway_state import LinkBoard
from ui.navigation import NavigationList
from ui.screens import ScreenSpec, screen_specs
from ui.status_bar import ConsoleStatusBar
from ui.widgets.shortcuts import add_shortcut

if TYPE_CHECKING:
    from ui.login import SignInFlow


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: UiContext,
        specs: list[ScreenSpec] | None = None,
        *,
        sound: AlarmSound | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = specs if specs is not None else screen_specs()
        self.setWindowTitle(self.tr("Anxin — elderly-care hotline"))
        self.setObjectName("main-window")
        self.resize(1360, 860)

        outer = QWidget(self)
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # An unclaimed alarm, above every screen (ui.alarm_watch: banner, sound, tray, F12).
        self.alarm_watch = AlarmWatch(ctx, outer, sound=sound)
        column.addWidget(self.alarm_watch.banner)
        # Above everything, so no screen can hide it: alarms may not be arriving.
        self.gateway_banner = QLabel(outer)
        self.gateway_banner.setObjectName("gateway-banner")
        self.gateway_banner.setWordWrap(True)
        self.gateway_banner.setStyleSheet(
            f"background: {ERROR_RED}; color: white; font-weight: bold; padding: 8px 12px;"
        )
        self.gateway_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gateway_banner.hide()
        column.addWidget(self.gateway_banner)
        # Hidden while nobody is signed in (sign out / switch user).
        self.workspace = QWidget(outer)
        layout = QHBoxLayout(self.workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = NavigationList(self.workspace)
        self.stack = QStackedWidget(self.workspace)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        column.addWidget(self.workspace, 1)
        self.setCentralWidget(outer)

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
        # The caller-ID lines saved in Settings decide the very next ring at this seat.
        saved = getattr(self.screens.get("settings"), "saved", None)
        use_station = getattr(self.screens.get("hotline"), "use_station", None)
        if saved is not None and use_station is not None:
            saved.connect(use_station)

        add_shortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        add_shortcut("Ctrl+Shift+L", self, self.sign_out)
        add_shortcut("F12", self, self.alarm_watch.open_first)
        self.alarm_watch.open_requested.connect(self.open_alarm)

        self.status = ConsoleStatusBar(self)
        self.setStatusBar(self.status)
        self.status.sign_out.clicked.connect(self.sign_out)
        self._show_operator()
        self.status.set_database(ctx.db.description, ok=ctx.health.ok)
        ctx.health.changed.connect(self.status.set_database_ok)
        self._links = LinkBoard(demo=ctx.demo)
        self._sign_in: SignInFlow | None = None
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

    def open_alarm(self, alarm_id: int) -> None:
        """F12 from any screen: the Alarms screen, this alarm selected (0: just the queue)."""
        if "alarms" not in self.screens or not self.workspace.isVisible():
            return
        self.show_screen("alarms")
        show = getattr(self.screens["alarms"], "show_alarm", None)
        if callable(show):
            show(alarm_id)

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

    # -- who is on duty -----------------------------------------------------------------

    def _show_operator(self) -> None:
        op = self.ctx.operator
        self.status.set_operator(op.display_name, signed_in=op.signed_in, role=op.role)

    def sign_out(self) -> None:
        """Ctrl+Shift+L: the person on duty leaves; the sign-in dialog asks who is next.

        The console stays open (the gateway keeps storing alarms) but shows nothing of
        the centre's data until someone signs in; Quit in that dialog closes it.
        """
        from app.auth import sign_out
        from ui.login import SignInFlow

        if self._sign_in is not None:
            return
        leaving = self.ctx.operator
        if leaving.signed_in and leaving.user_id is not None:
            actor = leaving.as_actor()
            self.ctx.write(lambda session: sign_out(session, actor))
        self.ctx.operator = Operator(self.tr("Not signed in"), actor="console", signed_in=False)
        self._show_operator()
        self.workspace.hide()
        flow = SignInFlow(self.ctx, parent_widget=self, switching=True)
        flow.finished.connect(self._signed_in_again)
        self._sign_in = flow
        flow.start()

    def _signed_in_again(self, who: object) -> None:
        from app.auth import SignedIn
        from ui.login import operator_for

        self._sign_in = None
        if not isinstance(who, SignedIn):
            self.close()
            return
        self.ctx.operator = operator_for(who)
        self._show_operator()
        self.workspace.show()
        # Screens that depend on the role (Settings → Users) look again.
        self._row_changed(self.navigation.currentRow())

    # -- gateway state ------------------------------------------------------------------
    def _on_link(self, _topic: str, change: GatewayLink) -> None:
        """One light for all ports: the worst of them decides its colour; a link down or
        silent also raises the banner until every link is connected again. The ports may
        hang on this PC or on the one that runs ``anxin gateway``: both come by the feed."""
        view = self._links.update(change.as_json())
        self.set_gateway_state(view.state, view.detail)
        self.gateway_banner.setText(view.banner)
        self.gateway_banner.setVisible(bool(view.banner))

    def set_gateway_state(self, state: str, detail: str) -> None:
        self.status.set_gateway_state(state, detail)
