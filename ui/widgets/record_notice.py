"""The line an open editor shows when another seat saved the record it is editing.

Shared by the elder and the firm editor (``follow`` wires it to the change feed). It says who saved and when, that what the
operator typed is still in the form, and offers Reload; it never touches the form, so
reloading (which replaces what was typed) is always the operator's choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.registry.firms import LastSave
from ui.bus_bridge import BusBridge

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ui.context import UiContext

# The version stored now and the save that made it.
StoredVersion = Callable[["Session", int], tuple[int, LastSave | None]]

BACKGROUND = "#fff8e1"
BORDER = "#f9a825"


def clock(last: LastSave) -> str:
    """The time of a save as the operator reads a wall clock (this PC's zone)."""
    return f"{last.at.astimezone():%H:%M}"


class ChangedElsewhere(QFrame):
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changed-elsewhere")
        # A warning colour, not an error one: nothing is wrong with what was typed.
        self.setStyleSheet(
            f"QFrame#changed-elsewhere {{ background: {BACKGROUND}; "
            f"border: 1px solid {BORDER}; border-radius: 4px; }}"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setToolTip(
            self.tr("Show the record as saved now; what you typed here is replaced")
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.reload_button)
        self.reload_button.clicked.connect(self.reload_requested)
        self.hide()

    def follow(
        self,
        ctx: UiContext,
        topic: str,
        record_id: Callable[[], int | None],
        version: Callable[[], int | None],
        listening: Callable[[], bool],
        stored: StoredVersion,
    ) -> None:
        """Show the line as soon as another seat saves the record being edited.

        ``topic`` names the record's changes on the feed; ``stored`` reads the version
        stored now. ``listening`` is False while the form loads or saves (a save's own
        change is not "elsewhere"; a stale save is refused instead).
        """

        def heard(_topic: str, change: Any) -> None:
            rid = record_id()
            if rid is None or rid not in change.ids or not listening():
                return
            ctx.read(
                lambda session: stored(session, rid),
                on_success=compare,
                # Only a courtesy: a failed look is not worth a message box.
                on_failure=lambda _exc: True,
                owner=self,
                key=f"changed-elsewhere.{id(self)}",
            )

        def compare(result: tuple[int, LastSave | None]) -> None:
            now, last = result
            if listening() and now != version():
                self.saved_elsewhere(last)

        self._bridge = BusBridge(ctx.bus, topic, self)
        self._bridge.message.connect(heard)

    def saved_elsewhere(self, last: LastSave | None) -> None:
        """Another seat saved while this form is open (nothing refused yet)."""
        if last is not None and last.by:
            text = (
                self.tr("%1 saved this record at %2 — your changes are kept; reload to see theirs.")
                .replace("%1", last.by)
                .replace("%2", clock(last))
            )
        elif last is not None:
            text = self.tr(
                "Someone else saved this record at %1 — your changes are kept; "
                "reload to see theirs."
            ).replace("%1", clock(last))
        else:
            text = self.tr(
                "Someone else saved this record — your changes are kept; reload to see theirs."
            )
        self._show(text)

    def refused(self, last: LastSave | None) -> None:
        """A save was refused because the record changed after the form was opened."""
        if last is not None and last.by:
            text = (
                self.tr(
                    "Not saved: changed by %1 at %2 — reload. What you typed is still here; "
                    "note it, reload, and make your change again."
                )
                .replace("%1", last.by)
                .replace("%2", clock(last))
            )
        elif last is not None:
            text = self.tr(
                "Not saved: changed by someone else at %1 — reload. What you typed is still "
                "here; note it, reload, and make your change again."
            ).replace("%1", clock(last))
        else:
            text = self.tr(
                "Not saved: changed by someone else — reload. What you typed is still here; "
                "note it, reload, and make your change again."
            )
        self._show(text)

    def _show(self, text: str) -> None:
        self.label.setText(text)
        self.show()
