"""One in-process bus that hands each change to the views that asked for its topic.

Nothing publishes on it directly but the process's change feed (``app.feed``): a
service records its change in the outbox in the transaction that made it, and the feed
delivers every committed row — this process's and every other seat's — as a typed
``Change`` (``app.feed.topics``), in ``seq`` order, exactly once.

Subscribers are called on the publishing thread (the feed's); the console's bridge
re-emits them as queued Qt signals so widgets are only touched on the GUI thread. The
bus is built at start-up and passed in, never a module global. A subscriber that fails
is logged and does not stop the others.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[str, Any], None]


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

    def publish(self, topic: str, payload: Any = None) -> None:
        with self._lock:
            targets = [h for p, h in self._subs if topic.startswith(p)]
        for handler in targets:
            try:
                handler(topic, payload)
            except Exception:
                log.exception("bus subscriber failed on %s", topic)
