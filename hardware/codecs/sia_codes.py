"""SIA DC-03 two-letter event codes, as carried by DC-09 ``SIA-DCS`` messages.

Unlike Contact ID, SIA has separate codes for an alarm and its restore (BA / BR), so the
qualifier comes from the code. The table holds the codes a care centre meets; any other
code still decodes, named "Unknown event XX".
"""

from __future__ import annotations

from dataclasses import dataclass

from hardware.codecs.contact_id import Priority

_L, _S, _O, _T, _X = (
    Priority.LIFE,
    Priority.SUPERVISION,
    Priority.OPEN_CLOSE,
    Priority.TEST,
    Priority.OTHER,
)


@dataclass(frozen=True)
class SiaCode:
    name: str
    priority: Priority
    restore: bool = False
    # The number after the code is a user, not a zone.
    user: bool = False


def _c(name: str, priority: Priority, *, restore: bool = False, user: bool = False) -> SiaCode:
    return SiaCode(name, priority, restore, user)


SIA_CODES: dict[str, SiaCode] = {
    "AR": _c("AC Restoral", _S, restore=True),
    "AT": _c("AC Trouble", _S),
    "BA": _c("Burglary Alarm", _L),
    "BB": _c("Burglary Bypass", _X),
    "BC": _c("Burglary Cancel", _X, user=True),
    "BH": _c("Burglary Alarm Restore", _L, restore=True),
    "BJ": _c("Burglary Trouble Restore", _S, restore=True),
    "BR": _c("Burglary Restoral", _L, restore=True),
    "BT": _c("Burglary Trouble", _S),
    "BU": _c("Burglary Unbypass", _X),
    "BX": _c("Burglary Test", _T),
    "CA": _c("Automatic Closing", _O),
    "CF": _c("Forced Closing", _O, user=True),
    "CG": _c("Close Area", _O),
    "CI": _c("Fail to Close", _O),
    "CL": _c("Closing Report", _O, restore=True, user=True),
    "CP": _c("Automatic Closing", _O, restore=True, user=True),
    "CR": _c("Recent Closing", _O, user=True),
    "EM": _c("Expansion Device Missing", _S),
    "EN": _c("Expansion Missing Restore", _S, restore=True),
    "ER": _c("Expansion Restoral", _S, restore=True),
    "ET": _c("Expansion Trouble", _S),
    "FA": _c("Fire Alarm", _L),
    "FB": _c("Fire Bypass", _X),
    "FH": _c("Fire Alarm Restore", _L, restore=True),
    "FJ": _c("Fire Trouble Restore", _S, restore=True),
    "FR": _c("Fire Restoral", _L, restore=True),
    "FT": _c("Fire Trouble", _S),
    "GA": _c("Gas Alarm", _L),
    "GH": _c("Gas Alarm Restore", _L, restore=True),
    "GR": _c("Gas Restoral", _L, restore=True),
    "GT": _c("Gas Trouble", _S),
    "HA": _c("Holdup Alarm", _L),
    "HH": _c("Holdup Alarm Restore", _L, restore=True),
    "HR": _c("Holdup Restoral", _L, restore=True),
    "HT": _c("Holdup Trouble", _S),
    "JA": _c("User Code Tamper", _X, user=True),
    "KA": _c("Heat Alarm", _L),
    "KH": _c("Heat Alarm Restore", _L, restore=True),
    "KR": _c("Heat Restoral", _L, restore=True),
    "KT": _c("Heat Trouble", _S),
    "LR": _c("Phone Line Restoral", _S, restore=True),
    "LT": _c("Phone Line Trouble", _S),
    "MA": _c("Medical Alarm", _L),
    "MH": _c("Medical Alarm Restore", _L, restore=True),
    "MR": _c("Medical Restoral", _L, restore=True),
    "MT": _c("Medical Trouble", _S),
    "NR": _c("Network Restoral", _S, restore=True),
    "NT": _c("Network Failure", _S),
    "OA": _c("Automatic Opening", _O),
    "OC": _c("Cancel Report", _O, user=True),
    "OG": _c("Open Area", _O),
    "OP": _c("Opening Report", _O, user=True),
    "OR": _c("Disarm From Alarm", _O, user=True),
    "PA": _c("Panic Alarm", _L),
    "PH": _c("Panic Alarm Restore", _L, restore=True),
    "PR": _c("Panic Restoral", _L, restore=True),
    "PT": _c("Panic Trouble", _S),
    "QA": _c("Emergency Alarm", _L),
    "QH": _c("Emergency Alarm Restore", _L, restore=True),
    "QR": _c("Emergency Restoral", _L, restore=True),
    "QT": _c("Emergency Trouble", _S),
    "RP": _c("Automatic Test", _T),
    "RR": _c("Power Up", _X),
    "RX": _c("Manual Test", _T, user=True),
    "RY": _c("Test Off Normal", _T),
    "TA": _c("Tamper Alarm", _S),
    "TR": _c("Tamper Restoral", _S, restore=True),
    "UA": _c("Untyped Zone Alarm", _L),
    "UR": _c("Untyped Zone Restoral", _L, restore=True),
    "UT": _c("Untyped Zone Trouble", _S),
    "WA": _c("Water Alarm", _L),
    "WH": _c("Water Alarm Restore", _L, restore=True),
    "WR": _c("Water Restoral", _L, restore=True),
    "XR": _c("Transmitter Battery Restoral", _S, restore=True),
    "XT": _c("Transmitter Battery Trouble", _S),
    "YC": _c("Communications Fail", _S),
    "YK": _c("Communications Restoral", _S, restore=True),
    "YP": _c("Power Supply Trouble", _S),
    "YQ": _c("Power Supply Restored", _S, restore=True),
    "YR": _c("System Battery Restoral", _S, restore=True),
    "YS": _c("Communications Trouble", _S),
    "YT": _c("System Battery Trouble", _S),
    "YX": _c("Service Required", _S),
    "ZA": _c("Freeze Alarm", _L),
    "ZH": _c("Freeze Alarm Restore", _L, restore=True),
    "ZR": _c("Freeze Restoral", _L, restore=True),
}


def sia_name(code: str) -> str:
    entry = SIA_CODES.get(code.upper())
    return entry.name if entry else f"Unknown event {code.upper()}"


def sia_priority_of(code: str) -> Priority:
    entry = SIA_CODES.get(code.upper())
    return entry.priority if entry else Priority.OTHER


def sia_is_restore(code: str) -> bool:
    entry = SIA_CODES.get(code.upper())
    return bool(entry and entry.restore)


def sia_reports_user(code: str) -> bool:
    entry = SIA_CODES.get(code.upper())
    return bool(entry and entry.user)
