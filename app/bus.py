"""One bus that announces what changed, so views refresh only what concerns them.

Services publish ``(topic, payload)`` after they commit: ``changed`` with
``{"kind": "elder", "ids": [...]}``, ``call.ringing``, ``alarm.raised`` ... Subscribers are
called on the publishing thread; the console's adapter re-emits them as queued Qt signals
so widgets are only touched on the GUI thread. The bus is built at start-up and passed in,
never a module global. A subscriber that fails is logged and does not stop the others.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[str, dict[str, Any]], None]


class Bus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: list[tuple[str, Handler]] = []

    def subscribe(self, prefix: str, handler: Handler) -> Callable[[], None]:
        """Receive every topic starting with ``prefix`` ("" for all); returns unsubscribe."""
        entry = (prefix, handler)
        with self._lock:
            self._subs.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subs:
                    self._subs.remove(entry)

        return unsubscribe

    def publish(self, topic: str, payload: dict[str, Any] | None = None) -> None:
        with self._lock:
            targets = [h for p, h in self._subs if topic.startswith(p)]
        data = payload or {}
        for handler in targets:
            try:
                handler(topic, data)
            except Exception:
                log.exception("bus subscriber failed on %s", topic)

    def changed(self, kind: str, ids: list[int] | tuple[int, ...]) -> None:
        self.publish("changed", {"kind": kind, "ids": list(ids)})
