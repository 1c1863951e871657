"""Display labels for the stable codes the database stores (sex, category, status ...).

The codes themselves are the contract with ``db.models``; the console never imports
those lists (ui talks to app only), so the codes are repeated here as the keys of
each table, and ``tests/ui/test_labels.py`` checks that they still match.
Functions, not module constants: the label must be translated at call time, after
the translator for the chosen language is installed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def sexes() -> dict[str, str]:
    return {
        "M": QCoreApplication.translate("Labels", "Male"),
        "F": QCoreApplication.translate("Labels", "Female"),
    }


def sexes_short() -> dict[str, str]:
    """For table cells."""
    return {
        "M": QCoreApplication.translate("Labels", "M", "male, one letter"),
        "F": QCoreApplication.translate("Labels", "F", "female, one letter"),
    }


def subsidy_categories() -> dict[str, str]:
    return {
        "A": QCoreApplication.translate("Labels", "A · No family support (state pays all)"),
        "B": QCoreApplication.translate("Labels", "B · Priority care (50 yuan a month)"),
        "C": QCoreApplication.translate("Labels", "C · Ordinary (20% below market)"),
        "D": QCoreApplication.translate("Labels", "D · Severe disability (state pays all)"),
    }


def subsidy_short() -> dict[str, str]:
    """For table cells, where the long form would not fit."""
    return {
        "A": QCoreApplication.translate("Labels", "A No support"),
        "B": QCoreApplication.translate("Labels", "B Priority"),
        "C": QCoreApplication.translate("Labels", "C Ordinary"),
        "D": QCoreApplication.translate("Labels", "D Disabled"),
    }


def care_levels() -> dict[str, str]:
    return {
        "independent": QCoreApplication.translate("Labels", "Self-care"),
        "semi_dependent": QCoreApplication.translate("Labels", "Partly dependent"),
        "dependent": QCoreApplication.translate("Labels", "Dependent"),
    }


def elder_statuses() -> dict[str, str]:
    return {
        "active": QCoreApplication.translate("Labels", "Active"),
        "suspended": QCoreApplication.translate("Labels", "Suspended"),
        "deceased": QCoreApplication.translate("Labels", "Deceased"),
        "moved": QCoreApplication.translate("Labels", "Moved away"),
    }


def phone_kinds() -> dict[str, str]:
    return {
        "landline": QCoreApplication.translate("Labels", "Landline"),
        "mobile": QCoreApplication.translate("Labels", "Mobile"),
        "onekey": QCoreApplication.translate("Labels", "One-key phone"),
    }


def special_groups() -> dict[str, str]:
    return {
        "living_alone": QCoreApplication.translate("Labels", "Living alone"),
        "empty_nest": QCoreApplication.translate("Labels", "Empty nest"),
        "low_income": QCoreApplication.translate("Labels", "Low income"),
        "advanced_age": QCoreApplication.translate("Labels", "Advanced age (80+)"),
        "lost_only_child": QCoreApplication.translate("Labels", "Lost only child"),
        "family_planning": QCoreApplication.translate("Labels", "Family-planning special family"),
        "centenarian": QCoreApplication.translate("Labels", "Centenarian"),
    }


def special_groups_short() -> dict[str, str]:
    """For table cells, where several groups share one narrow column."""
    return {
        "living_alone": QCoreApplication.translate("Labels", "Alone", "special group"),
        "empty_nest": QCoreApplication.translate("Labels", "Empty nest"),
        "low_income": QCoreApplication.translate("Labels", "Low income"),
        "advanced_age": QCoreApplication.translate("Labels", "80+", "special group"),
        "lost_only_child": QCoreApplication.translate("Labels", "Lost child", "special group"),
        "family_planning": QCoreApplication.translate("Labels", "FP family", "special group"),
        "centenarian": QCoreApplication.translate("Labels", "100+", "special group"),
    }


def firm_statuses() -> dict[str, str]:
    return {
        "active": QCoreApplication.translate("Labels", "Active"),
        "suspended": QCoreApplication.translate("Labels", "Suspended"),
        "exited": QCoreApplication.translate("Labels", "Exited"),
    }


def device_kinds() -> dict[str, str]:
    return {
        "onekey_phone": QCoreApplication.translate("Labels", "One-key phone"),
        "sos_pendant": QCoreApplication.translate("Labels", "SOS pendant"),
        "smoke_detector": QCoreApplication.translate("Labels", "Smoke detector"),
    }


def order_statuses() -> dict[str, str]:
    return {
        "new": QCoreApplication.translate("Labels", "New"),
        "dispatched": QCoreApplication.translate("Labels", "Dispatched"),
        "accepted": QCoreApplication.translate("Labels", "Accepted"),
        "in_service": QCoreApplication.translate("Labels", "In service"),
        "completed": QCoreApplication.translate("Labels", "Completed"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
        "rejected": QCoreApplication.translate("Labels", "Rejected"),
        "cancelled": QCoreApplication.translate("Labels", "Cancelled"),
    }


def call_dispositions() -> dict[str, str]:
    return {
        "request": QCoreApplication.translate("Labels", "Service request"),
        "enquiry": QCoreApplication.translate("Labels", "Enquiry"),
        "complaint": QCoreApplication.translate("Labels", "Complaint"),
        "care_call": QCoreApplication.translate("Labels", "Care call"),
        "followup": QCoreApplication.translate("Labels", "Follow-up"),
        "silent": QCoreApplication.translate("Labels", "Silent call"),
        "wrong_number": QCoreApplication.translate("Labels", "Wrong number"),
        "test": QCoreApplication.translate("Labels", "Test"),
        "alarm": QCoreApplication.translate("Labels", "Alarm call"),
    }


def alarm_statuses() -> dict[str, str]:
    return {
        "raised": QCoreApplication.translate("Labels", "Waiting"),
        "claimed": QCoreApplication.translate("Labels", "Being handled"),
        "resolved": QCoreApplication.translate("Labels", "Resolved"),
    }


def alarm_events() -> dict[str, str]:
    """Contact ID codes a telecare centre hears (PROTOCOLS.md); others keep the codec's name."""
    return {
        "100": QCoreApplication.translate("AlarmEvents", "Medical"),
        "101": QCoreApplication.translate("AlarmEvents", "Personal emergency"),
        "102": QCoreApplication.translate("AlarmEvents", "Fail to report in (device silent)"),
        "110": QCoreApplication.translate("AlarmEvents", "Fire"),
        "120": QCoreApplication.translate("AlarmEvents", "Panic"),
        "121": QCoreApplication.translate("AlarmEvents", "Duress"),
        "301": QCoreApplication.translate("AlarmEvents", "Mains power lost"),
        "302": QCoreApplication.translate("AlarmEvents", "Low system battery"),
        "309": QCoreApplication.translate("AlarmEvents", "Battery test failed"),
        "354": QCoreApplication.translate("AlarmEvents", "Failure to communicate"),
        "381": QCoreApplication.translate("AlarmEvents", "Loss of radio supervision"),
        "383": QCoreApplication.translate("AlarmEvents", "Sensor tamper"),
        "384": QCoreApplication.translate("AlarmEvents", "Pendant battery low"),
        "401": QCoreApplication.translate("AlarmEvents", "Open/close by user"),
        "601": QCoreApplication.translate("AlarmEvents", "Manual test"),
        "602": QCoreApplication.translate("AlarmEvents", "Periodic test"),
        "606": QCoreApplication.translate("AlarmEvents", "Listen-in / audio call follows"),
        "641": QCoreApplication.translate("AlarmEvents", "Senior watch trouble"),
        "654": QCoreApplication.translate("AlarmEvents", "No movement (inactivity)"),
    }


def label(table: dict[str, str], code: str | None) -> str:
    """The label of ``code``; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return ""
    return table.get(code, code)


def yes_no(value: bool) -> str:
    return (
        QCoreApplication.translate("Labels", "Yes")
        if value
        else QCoreApplication.translate("Labels", "No")
    )
