"""How urgent an alarm event is, whichever code system it came in."""

from __future__ import annotations

from hardware.codecs.conditions import event_priority
from hardware.events import AlarmEvent, Priority

__all__ = ["Priority", "event_priority", "priority_for"]


def priority_for(event: AlarmEvent) -> Priority:
    """The event's class (``event.priority``, which its codec set); a restore keeps its
    alarm's class (``event.restore`` tells them apart)."""
    return event.priority or event_priority(event.code_system, event.event_code)
