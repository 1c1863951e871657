"""The bus, seen from the GUI thread.

The change feed delivers every committed change (this seat's and every other one's) on
``app.bus.Bus`` from its own thread, as a typed ``app.feed.topics.Change``. A bridge
re-emits each as a Qt signal; the bridge lives on the GUI thread, so Qt queues the
signal there, and no widget is ever touched from a worker thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.bus import Bus


class BusBridge(QObject):
    message = Signal(str, object)

    def __init__(self, bus: Bus, prefix: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = bus.subscribe(prefix, self._relay)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _relay(self, topic: str, change: Any) -> None:
        # Changes are frozen dataclasses: safe to hand across threads as they are.
        self.message.emit(topic, change)

    def close(self) -> None:
        self._unsubscribe()
