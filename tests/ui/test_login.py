"""Signing in through the real dialogs, switching user, Settings → Users, and the gateway
banner: driven with the keyboard as an operator would."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import auth, settings
from app.access import Actor
from app.context import Database
from app.feed.topics import GatewayLink
from ui.appearance import ERROR_RED, OK_GREEN
from ui.context import DatabaseHealth, Operator, UiContext
from ui.login import FirstAdminDialog, SignInDialog, SignInFlow, autologin_name
from ui.main_window import MainWindow
from ui.settings_screen import SettingsScreen
from ui.startup import Startup
from ui.tasks import Tasks
from ui.users_panel import AddUserDialog

ADMIN = Actor("setup", role="admin")


def _users(db: Database) -> None:
    with db.sessions() as s:
        auth.create_user(s, "zhangli", "张丽", "operator", "correct horse", actor=ADMIN)
        auth.create_user(s, "boss", "王主任", "admin", "battery staple", actor=ADMIN)


@pytest.fixture
def startup(tasks: Tasks) -> Iterator[Startup]:
    runner = Startup(tasks, "sqlite://unused", demo=False)
    yield runner
    if runner.sign_in is not None:
        # Closing a dialog left open must not quit the application the next tests run in.
        runner.sign_in.finished.disconnect()
        if runner.sign_in.dialog is not None:
            runner.sign_in.dialog.close()
    if runner.window is not None:
        runner.window.close()
    if runner.gateway is not None:
        runner.gateway.stop()
    runner.db = None  # the database fixture closes it


def _dialog(qtbot: QtBot, flow: SignInFlow | None) -> SignInDialog | FirstAdminDialog:
    qtbot.waitUntil(lambda: flow is not None and flow.dialog is not None, timeout=5000)
    assert flow is not None and flow.dialog is not None
    dialog = flow.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    assert isinstance(widget, QLineEdit)
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_wrong_password_is_refused_in_the_dialog_the_right_one_opens_the_console(
    qtbot: QtBot, centre_db: Database, startup: Startup
) -> None:
    _users(centre_db)
    startup._opened(centre_db)
    dialog = _dialog(qtbot, startup.sign_in)
    assert isinstance(dialog, SignInDialog)
    assert startup.window is None  # nothing of the centre before someone signs in
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password

    _type(qtbot, dialog.username, "zhangli")
    _type(qtbot, dialog.password, "wrong horse")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.message.isVisible, timeout=5000)
    assert dialog.message.text() == "Wrong user name or password."
    # The typed password is gone, the name stays, and the focus is back in the password.
    assert dialog.password.text() == "" and dialog.username.text() == "zhangli"
    assert QApplication.focusWidget() is dialog.password

    qtbot.keyClicks(dialog.password, "correct horse")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: startup.window is not None, timeout=5000)
    window = startup.window
    assert window is not None
    qtbot.waitUntil(window.isVisible)
    assert not dialog.isVisible()
    assert window.status.operator.text.text() == "On duty: 张丽 (Operator)"
    op = window.ctx.operator
    assert (op.actor, op.role, op.signed_in) == ("zhangli", "operator", True)
    assert op.as_actor().user_id == op.user_id is not None


def test_a_locked_account_is_told_until_when(
    qtbot: QtBot, centre_db: Database, startup: Startup
) -> None:
    _users(centre_db)
    with centre_db.sessions() as s:
        settings.put(s, "auth.max_failures", 2)
        s.commit()
    startup._opened(centre_db)
    dialog = _dialog(qtbot, startup.sign_in)
    assert isinstance(dialog, SignInDialog)
    _type(qtbot, dialog.username, "zhangli")
    for _ in range(2):
        qtbot.keyClicks(dialog.password, "wrong horse")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.password.isEnabled() and dialog.message.isVisible())
    assert "locked until" in dialog.message.text()
    assert "ask an administrator to unlock it" in dialog.message.text()


def test_escape_quits_instead_of_signing_in(
    qtbot: QtBot, centre_db: Database, ctx: UiContext
) -> None:
    _users(centre_db)
    flow = SignInFlow(ctx)
    flow.start()
    dialog = _dialog(qtbot, flow)
    with qtbot.waitSignal(flow.finished) as finished:
        qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert finished.args == [None]


def test_first_start_creates_the_administrator_and_signs_them_in(
    qtbot: QtBot, sqlite_db: Database, startup: Startup
) -> None:
    startup._opened(sqlite_db)
    dialog = _dialog(qtbot, startup.sign_in)
    assert isinstance(dialog, FirstAdminDialog)
    assert QApplication.focusWidget() is dialog.display_name
    _type(qtbot, dialog.username, "Zhang Li")
    _type(qtbot, dialog.password, "short")
    _type(qtbot, dialog.password_again, "short")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    slots = dialog.slots
    qtbot.waitUntil(lambda: slots["password"].error.isVisible(), timeout=5000)
    assert slots["display_name"].error.text() == "Required."
    assert "lower-case letters" in slots["username"].error.text()
    assert slots["password"].error.text() == "At least 8 characters."
    assert QApplication.focusWidget() is dialog.display_name

    dialog.display_name.setText("张丽")  # the IME's commit; QTest cannot type Chinese
    _type(qtbot, dialog.username, "zhangli")
    _type(qtbot, dialog.password, "correct horse")
    _type(qtbot, dialog.password_again, "correct hose")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    assert slots["password_again"].error.text().startswith("The two passwords differ")
    assert dialog.password_again.text() == ""  # typed again, not corrected blind

    qtbot.keyClicks(dialog.password_again, "correct horse")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: startup.window is not None, timeout=5000)
    assert startup.window is not None
    assert startup.window.status.operator.text.text() == "On duty: 张丽 (Administrator)"
    with sqlite_db.sessions() as s:
        assert not auth.needs_first_admin(s)
        [admin] = auth.list_users(s)
    assert (admin.username, admin.role) == ("zhangli", "admin")


def test_demo_mode_lists_the_demo_accounts_and_enter_signs_in_the_operator(
    qtbot: QtBot, centre_db: Database, tasks: Tasks
) -> None:
    demo = UiContext(
        db=centre_db,
        tasks=tasks,
        operator=Operator("-", actor="x"),
        demo=True,
        health=DatabaseHealth(),
    )
    flow = SignInFlow(demo)
    flow.start()
    dialog = _dialog(qtbot, flow)
    assert isinstance(dialog, SignInDialog)
    from PySide6.QtWidgets import QGroupBox, QLabel

    box = dialog.findChild(QGroupBox, "demo-accounts")
    assert box is not None
    shown = {label.text() for label in box.findChildren(QLabel)}
    assert {"operator", "operator123", "supervisor", "supervisor123", "admin", "admin123"} <= shown
    assert {"Operator", "Supervisor", "Administrator"} <= shown
    with qtbot.waitSignal(flow.finished, timeout=5000) as finished:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    who = finished.args[0]
    assert (who.username, who.role) == ("operator", "operator")


def test_autologin_only_in_demo_mode() -> None:
    assert autologin_name(True, {"ANXIN_AUTOLOGIN": "operator"}) == "operator"
    assert autologin_name(False, {"ANXIN_AUTOLOGIN": "admin"}) is None
    assert autologin_name(True, {}) is None


def test_switch_user_returns_to_the_dialog_without_closing_the_console(
    qtbot: QtBot, centre_db: Database, window: MainWindow
) -> None:
    _users(centre_db)
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not window.workspace.isVisible()  # nothing of the centre while nobody is on duty
    assert window.status.operator.text.text() == "Not signed in"
    dialog = _dialog(qtbot, window._sign_in)
    assert isinstance(dialog, SignInDialog)
    _type(qtbot, dialog.username, "boss")
    _type(qtbot, dialog.password, "battery staple")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(window.workspace.isVisible, timeout=5000)
    assert window.isVisible()
    assert window.status.operator.text.text() == "On duty: 王主任 (Administrator)"
    assert window.ctx.operator.as_actor().can("user.manage")


def _settings(qtbot: QtBot, window: MainWindow) -> SettingsScreen:
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    return screen


def test_an_operator_sees_the_users_but_the_service_refuses_changes(
    qtbot: QtBot, centre_db: Database, window: MainWindow
) -> None:
    _users(centre_db)
    screen = _settings(qtbot, window)
    panel = screen.users
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5000)
    assert "Only an administrator can change users" in panel.who.text()
    with centre_db.sessions() as s:
        for _ in range(5):
            with pytest.raises(auth.SignInRefused):
                auth.authenticate(s, "zhangli", "wrong")
    panel.reload()
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text().startswith("Locked until"))
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.result.isVisible, timeout=5000)
    assert panel.result.text() == "Only an administrator can manage users."
    with centre_db.sessions() as s:
        assert auth.list_users(s)[0].locked()


def test_an_administrator_adds_a_user_and_unlocks_one(
    qtbot: QtBot, centre_db: Database, window: MainWindow
) -> None:
    _users(centre_db)
    with centre_db.sessions() as s:
        who = auth.authenticate(s, "boss", "battery staple")
        for _ in range(5):
            with pytest.raises(auth.SignInRefused):
                auth.authenticate(s, "zhangli", "wrong")
    window.ctx.operator = Operator(
        who.display_name, actor=who.username, user_id=who.user_id, signed_in=True, role="admin"
    )
    panel = _settings(qtbot, window).users
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5000)
    assert panel.table.item(0, 0).text() == "zhangli"
    panel.table.setFocus()
    panel.table.selectRow(0)
    assert panel.unlock_button.isEnabled()
    qtbot.mouseClick(panel.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text() == "Active", timeout=5000)
    assert panel.result.text() == "张丽 can sign in again."

    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.findChild(AddUserDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.display_name.setText("李建国")
    _type(qtbot, dialog.username, "lijg")
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    _type(qtbot, dialog.password, "long enough")
    _type(qtbot, dialog.password_again, "long enough")
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=5000)
    assert "lijg" in [panel.table.item(r, 0).text() for r in range(3)]
    assert panel.result.text() == "User 李建国 (lijg) added."
    with centre_db.sessions() as s:
        assert auth.authenticate(s, "lijg", "long enough").role == "supervisor"


def _link(
    ctx: UiContext, port: str, status: str, reason: str = "", silent: float | None = None
) -> None:
    # From another thread, as the change feed delivers the gateway's announcements.
    t = threading.Thread(
        target=ctx.bus.publish,
        args=(
            "gateway.link",
            GatewayLink(port=port, status=status, reason=reason, silent_s=silent),
        ),
    )
    t.start()
    t.join()


def test_banner_while_a_receiver_is_down_or_silent_gone_when_all_connected(
    qtbot: QtBot, window: MainWindow
) -> None:
    ctx, banner, light = window.ctx, window.gateway_banner, window.status.gateway
    _link(ctx, "COM3", "connected")
    _link(ctx, "COM4", "connected")
    qtbot.waitUntil(lambda: light.colour == OK_GREEN)
    assert not banner.isVisible()

    _link(ctx, "COM3", "failed", "could not open COM3: access denied")
    qtbot.waitUntil(banner.isVisible)
    assert light.colour == ERROR_RED
    assert "COM3 not connected (could not open COM3: access denied)" in banner.text()
    # Above every screen: still there after switching screens.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert banner.isVisible()

    _link(ctx, "COM3", "connected")
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert light.colour == OK_GREEN

    _link(ctx, "COM4", "connected", "no data for 95 s", silent=95.0)
    qtbot.waitUntil(banner.isVisible)
    assert "COM4 silent for 95 s" in banner.text()
    assert light.colour == ERROR_RED and light.text.text().startswith("Receiver silent")
    _link(ctx, "COM4", "connected", "data again")
    qtbot.waitUntil(lambda: not banner.isVisible())


def test_database_light_turns_red_on_an_outage(window: MainWindow) -> None:
    window.ctx.health.report(False, "connection refused")
    assert window.status.database.colour == ERROR_RED
    assert window.status.database.toolTip() == "connection refused"
    window.ctx.health.report(True)
    assert window.status.database.colour == OK_GREEN
