"""Alarm handling: queue, exclusive claim, emergency card, actions, resolution, escalation,
storms, device supervision and the monthly handling report. No Qt here.

One module per job: ``queue`` (the live queue), ``card`` (the emergency card),
``claiming`` (the exclusive claim), ``handling`` (actions, the emergency order, resolve),
``escalation`` (the periodic ``tick``, run by ``app.scheduler``), ``common`` (what they
share).

``rules`` is what the gateway's ingest calls while storing; the rest are services that
take a ``Session``, return frozen dataclasses and announce each change in the outbox
(``app.feed.announce``, topics ``alarm.*``) in the transaction that makes it.
"""

from app.alarms.card import (
    ActionView,
    AlarmView,
    DeviceState,
    EmergencyCard,
    EmergencyItem,
    PastAlarm,
    StormInfo,
    emergency_card,
)
from app.alarms.claiming import AlreadyClaimed, Claimed, claim, claim_storm
from app.alarms.devices import CONDITIONS, DeviceCondition, device_conditions, maintenance_order
from app.alarms.escalation import Escalation, TickResult, close_restored, escalate_due, tick
from app.alarms.handling import (
    ACTION_KINDS,
    CALL_RESULTS,
    NOTE_REQUIRED,
    OUTCOMES,
    DispatchedOrder,
    Resolved,
    dispatch_emergency_order,
    log_action,
    resolve,
)
from app.alarms.queue import QueueEntry, alarm_queue, with_raised
from app.alarms.report import HandlingReport, OperatorFigures, Presses, handling_report
from app.alarms.watch import Muted, Waiting, WatchState, mute_sound, watch_state

__all__ = [
    "ACTION_KINDS",
    "CALL_RESULTS",
    "CONDITIONS",
    "NOTE_REQUIRED",
    "OUTCOMES",
    "ActionView",
    "AlarmView",
    "AlreadyClaimed",
    "Claimed",
    "DeviceCondition",
    "DeviceState",
    "DispatchedOrder",
    "EmergencyCard",
    "EmergencyItem",
    "Escalation",
    "HandlingReport",
    "Muted",
    "OperatorFigures",
    "PastAlarm",
    "Presses",
    "QueueEntry",
    "Resolved",
    "StormInfo",
    "TickResult",
    "Waiting",
    "WatchState",
    "alarm_queue",
    "claim",
    "claim_storm",
    "close_restored",
    "device_conditions",
    "dispatch_emergency_order",
    "emergency_card",
    "escalate_due",
    "handling_report",
    "log_action",
    "maintenance_order",
    "mute_sound",
    "resolve",
    "tick",
    "watch_state",
    "with_raised",
]
