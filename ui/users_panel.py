"""Settings → Users: who may sign in, with add / reset password / unlock / deactivate.

Every action calls app.auth with the signed-in person as the actor; the service refuses
anyone but an administrator, and the refusal is shown here. Nothing is disabled by
role: the panel tells a non-administrator up front that only an administrator can
change users, and the service is what enforces it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import auth, settings
from app.access import ROLES
from app.auth import UserInfo
from app.errors import ValidationError
from ui.appearance import repolish
from ui.context import UiContext
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

COLUMNS = 4


class _UserForm(QDialog):
    """A small form that saves through ``ctx.write`` and keeps what was typed on a refusal."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.slots: dict[str, FieldSlot] = {}
        self.message = QLabel(self)
        self.message.setProperty("role", "error-summary")
        self.message.setWordWrap(True)
        self.message.hide()
        self.result_info: UserInfo | None = None

    def _buttons(self, ok_text: str) -> None:
        self.layout_.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton(ok_text, self)
        self.ok_button.setDefault(True)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)

    def _password_pair(self) -> None:
        self.password = QLineEdit(self)
        self.password.setObjectName("user-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Explicit context: self.tr in a base class would look under the subclass's name.
        self.password.setPlaceholderText(
            QCoreApplication.translate("UserForms", "at least %1 characters").replace(
                "%1", str(auth.MIN_PASSWORD)
            )
        )
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("user-password-again")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.slots["password"] = FieldSlot(
            self.form, QCoreApplication.translate("UserForms", "&Password"), self.password
        )
        self.slots["password_again"] = FieldSlot(
            self.form,
            QCoreApplication.translate("UserForms", "Password &again"),
            self.password_again,
        )

    def submit(self) -> None:
        self.message.hide()
        if self.password.text() != self.password_again.text():
            show_field_errors(self.slots, [password_mismatch()])
            self.password_again.clear()
            self.password_again.setFocus()
            return
        self.ok_button.setEnabled(False)
        self.ctx.write(self.work(), on_success=self._saved, on_failure=self._refused, owner=self)

    def work(self) -> Callable[[Session], UserInfo]:
        raise NotImplementedError

    def _saved(self, info: UserInfo) -> None:
        self.result_info = info
        self.accept()

    def _refused(self, exc: BaseException) -> bool | None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            first = show_field_errors(self.slots, exc.errors)
            if first is not None:
                first.setFocus()
            return True
        text = failure_message(exc)
        if text is None:
            return None  # ui.tasks shows it
        show_field_errors(self.slots, [])
        self.message.setText(text)
        self.message.show()
        fit(self)
        return True


class AddUserDialog(_UserForm):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Add user"))
        self.setObjectName("add-user-dialog")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("user-display-name")
        self.display_name.setMaxLength(auth.MAX_DISPLAY_NAME)
        self.username = QLineEdit(self)
        self.username.setObjectName("user-username")
        self.username.setMaxLength(40)
        self.username.setPlaceholderText(self.tr("lower-case letters and digits, e.g. zhangli"))
        self.role = QComboBox(self)
        self.role.setObjectName("user-role")
        for code in ROLES:
            self.role.addItem(role_label(code), code)
        self.slots["display_name"] = FieldSlot(self.form, self.tr("&Name"), self.display_name)
        self.slots["username"] = FieldSlot(self.form, self.tr("&User name"), self.username)
        self.form.addRow(self.tr("&Role"), self.role)
        self._password_pair()
        self._buttons(self.tr("&Add user"))
        self.display_name.setFocus()

    def work(self) -> Callable[[Session], UserInfo]:
        username, name = self.username.text(), self.display_name.text()
        role, password = str(self.role.currentData()), self.password.text()
        actor = self.ctx.operator.as_actor()
        return lambda s: auth.create_user(s, username, name, role, password, actor=actor)


class ResetPasswordDialog(_UserForm):
    def __init__(self, ctx: UiContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "", parent)
        self.user = user
        self.setObjectName("reset-password-dialog")
        self.setWindowTitle(
            self.tr("New password for %1 (%2)")
            .replace("%1", user.display_name)
            .replace("%2", user.username)
        )
        hint = QLabel(
            self.tr("The new password also lifts a lockout. Tell it to the user in person."),
            self,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.form.addRow(hint)
        self._password_pair()
        self._buttons(self.tr("&Set password"))
        self.password.setFocus()

    def work(self) -> Callable[[Session], UserInfo]:
        username, password = self.user.username, self.password.text()
        actor = self.ctx.operator.as_actor()
        return lambda s: auth.set_password(s, username, password, actor=actor)


class UsersPanel(QGroupBox):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Users"))
        self.setObjectName("users-panel")
        self.ctx = ctx
        self.users: list[UserInfo] = []
        self.zone = "Asia/Shanghai"
        layout = QVBoxLayout(self)
        self.who = QLabel(self)
        self.who.setProperty("role", "hint")
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("users-table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Status")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table)

        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add user…"), self)
        self.password_button = QPushButton(self.tr("Reset &password…"), self)
        self.unlock_button = QPushButton(self.tr("U&nlock"), self)
        self.active_button = QPushButton(self.tr("&Deactivate"), self)
        for button, slot in (
            (self.add_button, self.add_user),
            (self.password_button, self.reset_password),
            (self.unlock_button, self.unlock),
            (self.active_button, self.toggle_active),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel(self)
        self.result.setObjectName("users-result")
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)
        self._selection_changed()

    # -- data ---------------------------------------------------------------------------

    def reload(self) -> None:
        if self.ctx.operator.as_actor().can("user.manage"):
            self.who.setText(self.tr("Who may sign in at this centre, and as what."))
        else:
            self.who.setText(
                self.tr("Who may sign in at this centre. Only an administrator can change users.")
            )
        self.ctx.read(_users_and_zone, on_success=self._show, owner=self, key="users-panel")

    def _show(self, found: tuple[list[UserInfo], str]) -> None:
        users, self.zone = found
        keep = self.selected()
        self.users = users
        self.table.setRowCount(len(users))
        now = datetime.now(UTC)
        for r, u in enumerate(users):
            cells = (u.username, u.display_name, role_label(u.role), self._status(u, now))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not u.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
            if keep is not None and u.username == keep.username:
                self.table.selectRow(r)
        self._selection_changed()

    def _status(self, u: UserInfo, now: datetime) -> str:
        if not u.active:
            return self.tr("Deactivated")
        if u.locked(now):
            assert u.locked_until is not None
            return self.tr("Locked until %1").replace(
                "%1", u.locked_until.astimezone(ZoneInfo(self.zone)).strftime("%H:%M")
            )
        return self.tr("Active")

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.users):
            return None
        return self.users[rows[0].row()]

    def _selection_changed(self) -> None:
        user = self.selected()
        for button in (self.password_button, self.unlock_button, self.active_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and user.locked())
        if user is not None and not user.active:
            self.active_button.setText(self.tr("Re&activate"))
        else:
            self.active_button.setText(self.tr("&Deactivate"))

    # -- actions ------------------------------------------------------------------------

    def _refused_up_front(self) -> bool:
        """Spare a non-administrator filling a form the service will refuse anyway."""
        if self.ctx.operator.as_actor().can("user.manage"):
            return False
        self._say(self.tr("Only an administrator can manage users."), ok=False)
        return True

    def add_user(self) -> None:
        if self._refused_up_front():
            return
        dialog = AddUserDialog(self.ctx, self)
        dialog.accepted.connect(
            lambda: self._done(self.tr("User %1 added.").replace("%1", _name(dialog)))
        )
        dialog.open()

    def reset_password(self) -> None:
        user = self.selected()
        if user is None or self._refused_up_front():
            return
        dialog = ResetPasswordDialog(self.ctx, user, self)
        dialog.accepted.connect(
            lambda: self._done(self.tr("New password set for %1.").replace("%1", user.display_name))
        )
        dialog.open()

    def unlock(self) -> None:
        user = self.selected()
        if user is None:
            return
        actor, username = self.ctx.operator.as_actor(), user.username
        self._run(
            lambda s: auth.unlock(s, username, actor=actor),
            self.tr("%1 can sign in again.").replace("%1", user.display_name),
        )

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        actor, username, active = self.ctx.operator.as_actor(), user.username, not user.active
        done = (
            self.tr("%1 can sign in again.")
            if active
            else self.tr("%1 can no longer sign in; their past work keeps their name.")
        ).replace("%1", user.display_name)
        self._run(lambda s: auth.set_active(s, username, active, actor=actor), done)

    def _run(self, work: Callable[[Session], Any], done: str) -> None:
        self.ctx.write(
            work, on_success=lambda _info: self._done(done), on_failure=self._failed, owner=self
        )

    def _failed(self, exc: BaseException) -> bool | None:
        if isinstance(exc, ValidationError):
            from ui.user_forms import error_text

            self._say("\n".join(error_text(e) for e in exc.errors), ok=False)
            return True
        text = failure_message(exc)
        if text is None:
            return None
        self._say(text, ok=False)
        return True

    def _done(self, text: str) -> None:
        self._say(text, ok=True)
        self.reload()

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setText(text)
        self.result.setProperty("role", "hint" if ok else "field-error")
        repolish(self.result)
        self.result.show()


def _users_and_zone(session: Session) -> tuple[list[UserInfo], str]:
    # Lockouts are shown in the centre's time, as the sign-in screen says them.
    return auth.list_users(session), str(settings.get(session, "centre.timezone"))


def _name(dialog: AddUserDialog) -> str:
    info = dialog.result_info
    return f"{info.display_name} ({info.username})" if info else ""
