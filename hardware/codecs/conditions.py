"""What an alarm event means, beyond its code: how urgent it is, whether it is a restore,
and which supervision condition of the device it sets or clears.

Every codec that makes ``AlarmEvent``s finishes them with ``classify``, so the gateway and
the alarm service hold no code tables of their own. The supervision codes are defined here
once, for both code systems:

- ``mains_lost``: Contact ID 301 AC loss; SIA AT AC trouble / AR AC restoral.
- ``battery_low``: Contact ID 302 low system battery, 309 battery test failure, 384 RF low
  battery; SIA YT / YR system battery trouble / restoral, XT / XR transmitter battery
  trouble / restoral.

Contact ID restores reuse the alarm's code with qualifier 3 (R); SIA has a code of its own
for the restore, so both codes of a pair map to the condition and ``restore`` tells them
apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.codecs.contact_id import is_restore, priority_of
from hardware.codecs.sia_codes import sia_is_restore, sia_priority_of
from hardware.events import CONDITIONS, Condition, Priority

__all__ = [
    "BATTERY_CODES",
    "CONDITION_CODES",
    "MAINS_CODES",
    "Meaning",
    "classify",
    "condition_codes",
    "event_priority",
    "event_restores",
    "supervision_condition",
]

# Keyed by ``AlarmEvent.code_system`` (a ``CodeSystem``), then by event code.
CONDITION_CODES: dict[str, dict[str, Condition]] = {
    "contact_id": {
        "301": "mains_lost",
        "302": "battery_low",
        "309": "battery_low",
        "384": "battery_low",
    },
    "sia": {
        "AT": "mains_lost",
        "AR": "mains_lost",
        "YT": "battery_low",
        "YR": "battery_low",
        "XT": "battery_low",
        "XR": "battery_low",
    },
}


def supervision_condition(code_system: str, event_code: str) -> Condition | None:
    """The condition an event of this code sets or (as a restore) clears, else None."""
    return CONDITION_CODES.get(code_system, {}).get(event_code.upper())


def condition_codes(condition: Condition) -> frozenset[str]:
    """Every code, of either system, that sets or clears ``condition``.

    For filters over stored alarm rows (``Alarm.event_code.in_(...)``), which keep the code
    but not its system; the systems' codes never collide (three hex digits, two letters).
    """
    if condition not in CONDITIONS:
        raise ValueError(f"no supervision condition {condition!r}")
    return frozenset(
        code for table in CONDITION_CODES.values() for code, c in table.items() if c == condition
    )


MAINS_CODES: frozenset[str] = condition_codes("mains_lost")
BATTERY_CODES: frozenset[str] = condition_codes("battery_low")


def event_priority(code_system: str, event_code: str) -> Priority:
    """The event's class; a restore keeps its alarm's class."""
    if code_system == "sia":
        return sia_priority_of(event_code)
    return priority_of(event_code)


def event_restores(code_system: str, event_code: str, qualifier: str) -> bool:
    """True if the event ends a condition: SIA by its code, Contact ID by its qualifier."""
    if code_system == "sia":
        return sia_is_restore(event_code)
    return is_restore(qualifier)


@dataclass(frozen=True)
class Meaning:
    priority: Priority
    restore: bool
    condition: Condition | None


def classify(code_system: str, event_code: str, qualifier: str) -> Meaning:
    """Priority, restore and supervision condition of one event, as ``AlarmEvent`` holds them."""
    return Meaning(
        event_priority(code_system, event_code),
        event_restores(code_system, event_code, qualifier),
        supervision_condition(code_system, event_code),
    )
