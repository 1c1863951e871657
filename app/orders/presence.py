"""Who is editing which order: announced to every seat, remembered for a while.

A seat that opens an order's detail to change it announces ``OrderEditing(editing=True)``
and repeats it every ``REFRESH_EVERY`` while it stays open; leaving says
``editing=False``. Nothing is stored: a seat that crashes or loses the network never
says it left, so each listener forgets an editor it has not heard from for ``TTL``.
This is a courtesy ("张丽 is on it"), never a lock: the order's version still decides
whose step is recorded.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from app.feed import announce
from app.feed.topics import OrderEditing

REFRESH_EVERY = timedelta(minutes=1)
# Two refreshes missed, with a margin for a slow feed, before an editor is forgotten.
TTL = timedelta(minutes=2)


def seat_name() -> str:
    """This PC as colleagues know it (the name on its label is its host name)."""
    return socket.gethostname()


def announce_editing(
    session: Session, order_id: int, *, user_name: str, seat: str, editing: bool = True
) -> None:
    """Tell every seat that ``user_name`` at ``seat`` opened (or left) the order.

    Commits its own small transaction: give it a session with nothing else pending.
    """
    announce(
        session,
        OrderEditing(ids=(order_id,), user_name=user_name, seat=seat, editing=editing),
    )
    session.commit()


@dataclass(frozen=True)
class Editor:
    user_name: str
    seat: str


class Editors:
    """What one seat has heard: the other people editing each order, with expiry.

    Times are the listener's own monotonic seconds, when each announcement arrived:
    seats' clocks need not agree.
    """

    def __init__(self, me: Editor, ttl_s: float = TTL.total_seconds()) -> None:
        self.me = me
        self.ttl_s = ttl_s
        self._seen: dict[int, dict[Editor, float]] = {}

    def hear(self, change: OrderEditing, now: float) -> set[int]:
        """Take an announcement in; returns the orders whose editors changed."""
        who = Editor(change.user_name, change.seat)
        if who == self.me:
            return set()
        touched: set[int] = set()
        for order_id in change.ids:
            editors = self._seen.setdefault(order_id, {})
            if change.editing:
                if who not in editors:
                    touched.add(order_id)
                editors[who] = now
            elif editors.pop(who, None) is not None:
                touched.add(order_id)
            if not editors:
                del self._seen[order_id]
        return touched

    def expire(self, now: float) -> set[int]:
        """Forget editors not heard from for ``ttl_s``; returns the orders concerned."""
        touched: set[int] = set()
        for order_id, editors in list(self._seen.items()):
            for who, heard in list(editors.items()):
                if now - heard > self.ttl_s:
                    del editors[who]
                    touched.add(order_id)
            if not editors:
                del self._seen[order_id]
        return touched

    def of(self, order_id: int, now: float) -> list[Editor]:
        """The others editing the order now, in the order they were first heard."""
        return [
            who for who, heard in self._seen.get(order_id, {}).items() if now - heard <= self.ttl_s
        ]
