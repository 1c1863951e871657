"""Alarm handling words as the operator reads them (codes stay English in the database)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("AlarmLabels", text)


def outcomes() -> dict[str, str]:
    """What an alarm turned out to be, in the order the resolve list offers them."""
    return {
        "real_emergency_ambulance": _t("Real emergency — ambulance"),
        "helped_by_contact": _t("Helped by a contact"),
        "helped_by_firm": _t("Helped by the firm"),
        "accidental": _t("Accidental press"),
        "test": _t("Test"),
        "device_fault": _t("Device fault"),
        "no_answer_visit_sent": _t("No answer — visit sent"),
        "restored": _t("Restored (device reported it over)"),
        # Older rows and the demo history.
        "real_emergency": _t("Real emergency — ambulance"),
        "no_answer_visit": _t("No answer — visit sent"),
    }


def action_kinds() -> dict[str, str]:
    return {
        "called_elder": _t("Called the elder"),
        "called_contact": _t("Called contact"),
        "called_120": _t("Called 120 (ambulance)"),
        "called_110": _t("Called 110 (police)"),
        "called_119": _t("Called 119 (fire)"),
        "order_dispatched": _t("Order dispatched"),
        "note": _t("Note"),
        # The demo history's names for the same actions.
        "call_elder": _t("Called the elder"),
        "call_contact": _t("Called contact"),
        "call_120": _t("Called 120 (ambulance)"),
        "order_created": _t("Order dispatched"),
    }


def call_results() -> dict[str, str]:
    return {
        "answered": _t("answered"),
        "no_answer": _t("no answer"),
        "dispatched": _t("dispatched"),
    }


def conditions() -> dict[str, str]:
    return {
        "silent": _t("Silent past its test interval"),
        "battery_low": _t("Battery low"),
        "mains_lost": _t("Mains power lost"),
    }


def priorities() -> dict[int, str]:
    return {1: _t("Life"), 2: _t("Equipment"), 3: _t("Logged")}
