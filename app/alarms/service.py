"""The alarm services under their former single name.

The work is split by job into ``queue``, ``card``, ``claiming``, ``handling`` and
``escalation`` (shared helpers in ``common``); ``app.alarms.devices`` and
``app.alarms.watch`` still import from here, so every public name stays importable.
"""

from app.alarms.card import (
    EMERGENCY_CATEGORY,
    EMERGENCY_ITEM_KIND,
    RECENT_ALARMS,
    ActionView,
    AlarmView,
    DeviceState,
    EmergencyCard,
    EmergencyItem,
    PastAlarm,
    StormInfo,
    device_state,
    emergency_card,
    emergency_items,
    full_address_of,
)
from app.alarms.claiming import AlreadyClaimed, Claimed, claim, claim_storm
from app.alarms.common import OPEN, who
from app.alarms.escalation import (
    BATTERY_CODES,
    ESCALATION_LEVEL,
    MAINS_CODES,
    SILENT_CODE,
    SLA_SECONDS,
    Escalation,
    TickResult,
    close_restored,
    escalate_due,
    tick,
)
from app.alarms.handling import (
    ACTION_KINDS,
    CALL_RESULTS,
    MAX_NOTE,
    NOTE_REQUIRED,
    OUTCOMES,
    DispatchedOrder,
    Resolved,
    dispatch_emergency_order,
    log_action,
    resolve,
)
from app.alarms.queue import QueueEntry, alarm_queue

__all__ = [
    "ACTION_KINDS",
    "BATTERY_CODES",
    "CALL_RESULTS",
    "EMERGENCY_CATEGORY",
    "EMERGENCY_ITEM_KIND",
    "ESCALATION_LEVEL",
    "MAINS_CODES",
    "MAX_NOTE",
    "NOTE_REQUIRED",
    "OPEN",
    "OUTCOMES",
    "RECENT_ALARMS",
    "SILENT_CODE",
    "SLA_SECONDS",
    "ActionView",
    "AlarmView",
    "AlreadyClaimed",
    "Claimed",
    "DeviceState",
    "DispatchedOrder",
    "EmergencyCard",
    "EmergencyItem",
    "Escalation",
    "PastAlarm",
    "QueueEntry",
    "Resolved",
    "StormInfo",
    "TickResult",
    "alarm_queue",
    "claim",
    "claim_storm",
    "close_restored",
    "device_state",
    "dispatch_emergency_order",
    "emergency_card",
    "emergency_items",
    "escalate_due",
    "full_address_of",
    "log_action",
    "resolve",
    "tick",
    "who",
]
