"""Signing in: the sign-in dialog, the first-start dialog, and the flow that picks one.

Shown after the database opens and before the main window, and again from the main
window's "Sign out / switch user". The password check (argon2, ~50 ms, and a write of
the failure counter and audit entry) runs on the writer thread, never the GUI thread.
Esc or Quit ends the console cleanly.

``ANXIN_AUTOLOGIN=username`` signs a demo account in without the dialog, in demo mode
only (tests and scripted demos); a real installation always asks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import auth
from app.auth import SignedIn
from app.errors import ValidationError
from ui.context import Operator, UiContext
from ui.user_forms import (
    FieldSlot,
    failure_message,
    fit,
    password_mismatch,
    role_label,
    show_field_errors,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

AUTOLOGIN_ENV = "ANXIN_AUTOLOGIN"


def operator_for(who: SignedIn) -> Operator:
    """The console's person on duty, as services will record them."""
    return Operator(
        who.display_name, actor=who.username, user_id=who.user_id, signed_in=True, role=who.role
    )


def autologin_name(demo: bool, env: dict[str, str] | None = None) -> str | None:
    """The demo account to sign in without the dialog; never outside demo mode."""
    env = dict(os.environ) if env is None else env
    name = env.get(AUTOLOGIN_ENV, "").strip()
    return name if demo and name else None


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSize(font.pointSize() + 5)
    font.setBold(True)
    label.setFont(font)
    return label


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("sign-in-message")
    label.setProperty("role", "error-summary")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class SignInDialog(QDialog):
    """User name and password; Enter signs in, Esc quits."""

    signed_in = Signal(object)  # SignedIn, emitted before the dialog closes

    def __init__(
        self,
        ctx: UiContext,
        *,
        demo_accounts: list[tuple[str, str, str]] | None = None,
        switching: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.who: SignedIn | None = None
        self.setObjectName("sign-in-dialog")
        self.setWindowTitle(self.tr("Anxin — sign in"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = self.tr("Switch user") if switching else self.tr("Sign in to Anxin")
        layout.addWidget(_heading(title, self))
        where = QLabel(self.tr("Centre database: %1").replace("%1", ctx.db.description), self)
        where.setProperty("role", "hint")
        where.setWordWrap(True)
        layout.addWidget(where)

        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("sign-in-username")
        self.username.setMaxLength(40)
        self.password = QLineEdit(self)
        self.password.setObjectName("sign-in-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(auth.MAX_PASSWORD)
        form.addRow(self.tr("&User name"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        layout.addLayout(form)
        self.message = _message_label(self)
        layout.addWidget(self.message)

        if demo_accounts:
            layout.addWidget(self._demo_box(demo_accounts))
            # The first account (the operator) is filled in: Enter is all a demo needs.
            self.username.setText(demo_accounts[0][0])
            self.password.setText(demo_accounts[0][2])

        buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton(self.tr("&Sign in"), self)
        self.sign_in_button.setObjectName("sign-in-button")
        self.sign_in_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("&Quit Anxin"), self)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def _demo_box(self, accounts: list[tuple[str, str, str]]) -> QGroupBox:
        box = QGroupBox(self.tr("Demo accounts"), self)
        box.setObjectName("demo-accounts")
        grid = QGridLayout(box)
        for column, text in enumerate((self.tr("User name"), self.tr("Password"), self.tr("Role"))):
            head = QLabel(f"<b>{text}</b>", box)
            grid.addWidget(head, 0, column)
        for row, (username, role, password) in enumerate(accounts, start=1):
            for column, text in enumerate((username, password, role_label(role))):
                cell = QLabel(text, box)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, row, column)
        hint = QLabel(
            self.tr("Demo mode: press Enter to sign in as the operator, or type another account."),
            box,
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        grid.addWidget(hint, len(accounts) + 1, 0, 1, 3)
        return box

    # -- signing in -------------------------------------------------------------------

    def submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip():
            self._say(self.tr("Type your user name."))
            self.username.setFocus()
            return
        self._busy(True)
        self.ctx.write(
            lambda session: auth.authenticate(session, username, password),
            on_success=self._succeeded,
            on_failure=self._refused,
            owner=self,
        )

    def _succeeded(self, who: SignedIn) -> None:
        self.who = who
        self.signed_in.emit(who)
        self.accept()

    def _refused(self, exc: BaseException) -> bool:
        self._busy(False)
        text = failure_message(exc)
        if text is None:
            from ui.tasks import failure_text

            text = failure_text(exc)[1]
        self._say(text)
        self.password.clear()
        self.password.setFocus()
        return True

    def _busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        self.sign_in_button.setText(self.tr("Signing in…") if busy else self.tr("&Sign in"))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        fit(self)


class FirstAdminDialog(QDialog):
    """A new installation: create the first administrator, who is then signed in."""

    signed_in = Signal(object)  # SignedIn

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.who: SignedIn | None = None
        self.setObjectName("first-admin-dialog")
        self.setWindowTitle(self.tr("Anxin — first start"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(_heading(self.tr("Welcome to Anxin"), self))
        intro = QLabel(
            self.tr(
                "This centre has no administrator yet, so nobody can sign in. Create the "
                "first administrator account now: it signs in at once and adds the operators "
                "and supervisors under Settings → Users."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        where = QLabel(self.tr("Centre database: %1").replace("%1", ctx.db.description), self)
        where.setProperty("role", "hint")
        layout.addWidget(where)

        form = QFormLayout()
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("first-admin-name")
        self.display_name.setMaxLength(auth.MAX_DISPLAY_NAME)
        self.username = QLineEdit(self)
        self.username.setObjectName("first-admin-username")
        self.username.setMaxLength(40)
        self.username.setPlaceholderText(self.tr("lower-case letters and digits, e.g. zhangli"))
        self.password = QLineEdit(self)
        self.password.setObjectName("first-admin-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("at least %1 characters").replace("%1", str(auth.MIN_PASSWORD))
        )
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("first-admin-password-again")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.slots = {
            "display_name": FieldSlot(form, self.tr("Your &name"), self.display_name),
            "username": FieldSlot(form, self.tr("&User name"), self.username),
            "password": FieldSlot(form, self.tr("&Password"), self.password),
            "password_again": FieldSlot(form, self.tr("Password &again"), self.password_again),
        }
        layout.addLayout(form)
        self.message = _message_label(self)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(self)
        self.create_button = QPushButton(self.tr("&Create and sign in"), self)
        self.create_button.setObjectName("first-admin-create")
        self.create_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("&Quit Anxin"), self)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.display_name.setFocus()

    def submit(self) -> None:
        name, username = self.display_name.text(), self.username.text()
        password = self.password.text()
        self.message.hide()
        if password != self.password_again.text():
            # Checked here: the service never sees the second copy.
            show_field_errors(self.slots, [password_mismatch()])
            self.password_again.clear()
            self.password_again.setFocus()
            return
        self.create_button.setEnabled(False)

        def create_and_sign_in(session: Session) -> SignedIn:
            auth.create_first_admin(session, username, name, password)
            return auth.authenticate(session, username, password)

        self.ctx.write(
            create_and_sign_in,
            on_success=self._succeeded,
            on_failure=self._refused,
            owner=self,
        )

    def _succeeded(self, who: SignedIn) -> None:
        self.who = who
        self.signed_in.emit(who)
        self.accept()

    def _refused(self, exc: BaseException) -> bool:
        self.create_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            first = show_field_errors(self.slots, exc.errors)
            if first is not None:
                first.setFocus()
            return True
        show_field_errors(self.slots, [])
        text = failure_message(exc)
        if text is None:
            from ui.tasks import failure_text

            text = failure_text(exc)[1]
        self.message.setText(text)
        self.message.show()
        fit(self)
        return True


@dataclass(frozen=True)
class SignInSetup:
    """What the flow reads before it shows anything."""

    first_start: bool
    demo_accounts: list[tuple[str, str, str]]


class SignInFlow(QObject):
    """Reads whether this is a first start, then shows the right dialog.

    ``finished`` carries the ``SignedIn`` or None when the user chose to quit.
    """

    finished = Signal(object)
    dialog_shown = Signal()

    def __init__(
        self,
        ctx: UiContext,
        *,
        parent_widget: QWidget | None = None,
        autologin: str | None = None,
        switching: bool = False,
    ) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.parent_widget = parent_widget
        self.autologin = autologin if ctx.demo else None
        self.switching = switching
        self.dialog: SignInDialog | FirstAdminDialog | None = None
        self._done = False

    def start(self) -> None:
        demo = self.ctx.demo

        def prepare(session: Session) -> SignInSetup:
            accounts = auth.seed_demo_users(session) if demo else []
            return SignInSetup(auth.needs_first_admin(session), accounts)

        # A write: in demo mode it may add the demo accounts.
        self.ctx.write(prepare, on_success=self._prepared, on_failure=self._prepare_failed)

    def _prepared(self, setup: SignInSetup) -> None:
        if self.autologin and not setup.first_start:
            self._autologin(self.autologin, setup)
            return
        if setup.first_start:
            self.dialog = FirstAdminDialog(self.ctx, self.parent_widget)
        else:
            self.dialog = SignInDialog(
                self.ctx,
                demo_accounts=setup.demo_accounts,
                switching=self.switching,
                parent=self.parent_widget,
            )
        self.dialog.signed_in.connect(self._finish)
        self.dialog.rejected.connect(lambda: self._finish(None))
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.open()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog_shown.emit()

    def _autologin(self, username: str, setup: SignInSetup) -> None:
        """A demo account's published password, checked like any sign-in (and audited)."""
        passwords = {name: password for name, _role, password in setup.demo_accounts}
        password = passwords.get(username, "")
        self.autologin = None

        def fall_back(_exc: BaseException) -> bool:
            # Not a demo account (or its password was changed): ask as usual.
            self._prepared(setup)
            return True

        self.ctx.write(
            lambda session: auth.authenticate(session, username, password),
            on_success=self._finish,
            on_failure=fall_back,
        )

    def _prepare_failed(self, exc: BaseException) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from ui.tasks import failure_text

        title, text = failure_text(exc)
        QMessageBox.critical(self.parent_widget, title, text)
        self._finish(None)
        return True

    def _finish(self, who: SignedIn | None) -> None:
        if self._done:
            return
        self._done = True
        self.finished.emit(who)
