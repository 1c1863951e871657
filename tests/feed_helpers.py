"""Reading what a test's actions announced: the outbox rows, decoded as the feed does."""

from __future__ import annotations

from typing import Any

from app.context import Database
from app.feed import outbox
from app.feed.topics import Change, decode


def announced(db: Database, after: int = 0) -> list[Change]:
    with db.engine.connect() as conn:
        rows = outbox.read_after(conn, after, 100_000)
    return [decode(seq, at, t, k, ids or [], data or {}) for seq, at, t, k, ids, data in rows]


class Announced:
    """What was announced since this object was made (``items`` re-reads each time)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.engine.connect() as conn:
            self.start = outbox.last_seq(conn)

    @property
    def changes(self) -> list[Change]:
        return announced(self.db, self.start)

    @property
    def items(self) -> list[tuple[str, dict[str, Any]]]:
        return [(c.topic_name, c.as_json()) for c in self.changes]

    def topics(self) -> list[str]:
        return [c.topic_name for c in self.changes]

    def topic(self, name: str) -> list[dict[str, Any]]:
        return [p for t, p in self.items if t == name]
