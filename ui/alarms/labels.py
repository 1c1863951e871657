"""Alarm handling words as the operator reads them (codes stay English in the database)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def outcomes() -> dict[str, str]:
    """What an alarm turned out to be, in the order the resolve list offers them."""
    return {
        "real_emergency_ambulance": QCoreApplication.translate(
            "AlarmLabels", "Real emergency — ambulance"
        ),
        "helped_by_contact": QCoreApplication.translate("AlarmLabels", "Helped by a contact"),
        "helped_by_firm": QCoreApplication.translate("AlarmLabels", "Helped by the firm"),
        "accidental": QCoreApplication.translate("AlarmLabels", "Accidental press"),
        "test": QCoreApplication.translate("AlarmLabels", "Test"),
        "device_fault": QCoreApplication.translate("AlarmLabels", "Device fault"),
        "no_answer_visit_sent": QCoreApplication.translate("AlarmLabels", "No answer — visit sent"),
        "restored": QCoreApplication.translate("AlarmLabels", "Restored (device reported it over)"),
        # Older rows and the demo history.
        "real_emergency": QCoreApplication.translate("AlarmLabels", "Real emergency — ambulance"),
        "no_answer_visit": QCoreApplication.translate("AlarmLabels", "No answer — visit sent"),
    }


def action_kinds() -> dict[str, str]:
    return {
        "called_elder": QCoreApplication.translate("AlarmLabels", "Called the elder"),
        "called_contact": QCoreApplication.translate("AlarmLabels", "Called contact"),
        "called_120": QCoreApplication.translate("AlarmLabels", "Called 120 (ambulance)"),
        "called_110": QCoreApplication.translate("AlarmLabels", "Called 110 (police)"),
        "called_119": QCoreApplication.translate("AlarmLabels", "Called 119 (fire)"),
        "order_dispatched": QCoreApplication.translate("AlarmLabels", "Order dispatched"),
        "note": QCoreApplication.translate("AlarmLabels", "Note"),
        # The demo history's names for the same actions.
        "call_elder": QCoreApplication.translate("AlarmLabels", "Called the elder"),
        "call_contact": QCoreApplication.translate("AlarmLabels", "Called contact"),
        "call_120": QCoreApplication.translate("AlarmLabels", "Called 120 (ambulance)"),
        "order_created": QCoreApplication.translate("AlarmLabels", "Order dispatched"),
    }


def call_results() -> dict[str, str]:
    return {
        "answered": QCoreApplication.translate("AlarmLabels", "answered"),
        "no_answer": QCoreApplication.translate("AlarmLabels", "no answer"),
        "dispatched": QCoreApplication.translate("AlarmLabels", "dispatched"),
    }


def conditions() -> dict[str, str]:
    return {
        "silent": QCoreApplication.translate("AlarmLabels", "Silent past its test interval"),
        "battery_low": QCoreApplication.translate("AlarmLabels", "Battery low"),
        "mains_lost": QCoreApplication.translate("AlarmLabels", "Mains power lost"),
    }


def priorities() -> dict[int, str]:
    return {
        1: QCoreApplication.translate("AlarmLabels", "Life"),
        2: QCoreApplication.translate("AlarmLabels", "Equipment"),
        3: QCoreApplication.translate("AlarmLabels", "Logged"),
    }
