"""Keyboard shortcuts with the context they are meant to have.

PySide6 6.12 ignores the ``context`` argument of ``QShortcut(key, parent, callable,
context)``: every such shortcut silently becomes window-wide, so two screens' Ctrl+N
collide and a table's Enter steals the search box's. Setting it afterwards works.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def add_shortcut(
    keys: QKeySequence | QKeySequence.StandardKey | str | Qt.Key,
    parent: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QShortcut:
    shortcut = QShortcut(parent)
    shortcut.setKey(keys if isinstance(keys, QKeySequence) else QKeySequence(keys))
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
