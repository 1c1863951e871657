"""How urgent an alarm event is, whichever code system it came in."""

from __future__ import annotations

from hardware.codecs.contact_id import Priority, priority_of
from hardware.codecs.sia_codes import sia_priority_of
from hardware.events import AlarmEvent

__all__ = ["Priority", "priority_for"]


def priority_for(event: AlarmEvent) -> Priority:
    """The event's class; a restore keeps its alarm's class (``is_restore`` tells them apart)."""
    if event.code_system == "sia":
        return sia_priority_of(event.event_code)
    return priority_of(event.event_code)
