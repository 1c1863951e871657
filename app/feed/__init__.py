"""The change feed: every change written to the outbox with its data, read by every process.

``announce(session, change)`` in a service; ``ChangeFeed(db, bus).start()`` in each
process; listeners subscribe on the bus by topic prefix and get the typed change.
"""

from app.feed.outbox import announce, write
from app.feed.topics import TOPICS, Change, changed

__all__ = ["TOPICS", "Change", "announce", "changed", "write"]
