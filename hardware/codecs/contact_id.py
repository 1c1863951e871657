"""Contact ID (SIA DC-05): the event inside most alarm messages.

On the phone line it is 16 DTMF digits ``ACCT MT Q XYZ GG CCC S``; receivers print it with
the qualifier as a letter (E/R/P) and usually without the check digit. This module reads
both, writes the 16-digit form with a correct check digit, and names and classifies codes.
Nothing here raises on bad input: parsing returns a ``Refusal`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

# Priority lives with the events it classifies; it is re-exported here, where it always was.
from hardware.events import Priority, Qualifier

QUALIFIERS: dict[str, Qualifier] = {
    "1": "new",
    "E": "new",
    "3": "restore",
    "R": "restore",
    "6": "repeat",
    "P": "repeat",
}
QUALIFIER_DIGIT: dict[Qualifier, str] = {"new": "1", "restore": "3", "repeat": "6"}
QUALIFIER_LETTER: dict[Qualifier, str] = {"new": "E", "restore": "R", "repeat": "P"}
MESSAGE_TYPES = frozenset({"18", "98"})

_HEX = frozenset("0123456789ABCDEF")


@dataclass(frozen=True)
class Refusal:
    """Why some text is not a Contact ID message; ``reason`` is a FrameError reason code."""

    reason: str
    message: str


@dataclass(frozen=True)
class ContactId:
    account: str
    qualifier: Qualifier
    event_code: str
    partition: str
    ccc: str
    message_type: str = "18"
    check_digit: str | None = None

    @property
    def event_name(self) -> str:
        return event_name(self.event_code)

    @property
    def reports_user(self) -> bool:
        return reports_user(self.event_code)

    @property
    def zone(self) -> str | None:
        return None if self.reports_user else self.ccc

    @property
    def user(self) -> str | None:
        return self.ccc if self.reports_user else None


def digit_value(ch: str) -> int | None:
    """A DTMF digit's weight in the check sum: 0 counts as 10, B-F as 11-15.

    ``A`` is DTMF's own way of sending a 0 on some panels, so it weighs 10 as well.
    """
    ch = ch.upper()
    if len(ch) != 1 or ch not in _HEX:
        return None
    if ch in "0A":
        return 10
    return int(ch, 16)


def check_digit(first15: str) -> str:
    """The 16th digit that makes the weighted sum a multiple of 15."""
    total = sum(digit_value(c) or 0 for c in first15)
    value = 15 - total % 15  # 1..15: a digit can never weigh 0
    return "0" if value == 10 else format(value, "X")


def checksum_ok(digits16: str) -> bool:
    if len(digits16) != 16:
        return False
    total = 0
    for c in digits16:
        weight = digit_value(c)
        if weight is None:
            return False
        total += weight
    return total % 15 == 0


def encode_contact_id(
    account: str,
    qualifier: Qualifier,
    event_code: str,
    partition: str = "00",
    ccc: str = "000",
    message_type: str = "18",
) -> str:
    """The 16 digits a panel sends, check digit included (for the simulator and tests)."""
    body = (
        f"{account.upper():0>4}{message_type}{QUALIFIER_DIGIT[qualifier]}"
        f"{event_code.upper():0>3}{partition.upper():0>2}{ccc.upper():0>3}"
    )
    if len(body) != 15 or not set(body) <= _HEX:
        raise ValueError(f"not encodable as Contact ID: {body!r}")
    return body + check_digit(body)


def build(
    account: str,
    qualifier_char: str,
    event_code: str,
    partition: str,
    ccc: str,
    message_type: str = "18",
    check: str | None = None,
    *,
    strict_account: bool = True,
) -> ContactId | Refusal:
    """Check and assemble fields that a receiver printed in its own layout.

    ``strict_account=False`` leaves the account to the caller: DC-09 accounts may hold
    letters outside hex, and the DC-09 codec checks them itself.
    """
    account, event_code, partition, ccc = (
        account.upper(),
        event_code.upper(),
        partition.upper(),
        ccc.upper(),
    )
    qualifier = QUALIFIERS.get(qualifier_char.upper())
    if qualifier is None:
        return Refusal("format", f"unknown qualifier {qualifier_char!r}")
    if message_type not in MESSAGE_TYPES:
        return Refusal("format", f"message type {message_type!r} is not Contact ID")
    if strict_account and not (3 <= len(account) <= 16 and set(account) <= _HEX):
        return Refusal("account", f"bad account {account!r}")
    fields = event_code + partition + ccc
    if len(event_code) != 3 or len(partition) != 2 or len(ccc) != 3 or not set(fields) <= _HEX:
        return Refusal("format", f"bad event fields {event_code!r} {partition!r} {ccc!r}")
    if check is not None:
        digits = account + message_type + QUALIFIER_DIGIT[qualifier] + fields + check.upper()
        if not checksum_ok(digits):
            return Refusal("checksum", f"check digit {check!r} wrong for {digits[:-1]}")
    return ContactId(account, qualifier, event_code, partition, ccc, message_type, check)


def parse_contact_id(text: str) -> ContactId | Refusal:
    """Read ``ACCT MT Q XYZ GG CCC [S]``: 16 digits with the check digit, or 15 without.

    Spaces are ignored; the qualifier may be a digit (1/3/6) or a letter (E/R/P). A letter
    qualifier means a receiver printed it, so there is no check digit to verify.
    """
    s = "".join(text.split()).upper()
    if len(s) not in (15, 16):
        return Refusal("length", f"{len(s)} characters, Contact ID has 15 or 16")
    check = s[15] if len(s) == 16 else None
    if check is not None and s[6] in "ERP":
        return Refusal("format", "letter qualifier with a check digit")
    return build(s[0:4], s[6], s[7:10], s[10:12], s[12:15], s[4:6], check)


def is_restore(qualifier: str) -> bool:
    """True for a restore / closing, whatever spelling the qualifier came in."""
    return qualifier in ("restore", "3", "R", "r")


# Codes in the 100s that are equipment faults, not emergencies.
_TROUBLE_IN_LIFE_RANGE = frozenset({102, 143, 145, 147, 155, 156})
_TEST_CODES = frozenset({601, 602, 603, 604, 607, 608, 611, 612, 613, 614, 615})


def priority_of(event_code: str) -> Priority:
    try:
        code = int(event_code)
    except ValueError:  # hex codes are vendor-specific
        return Priority.OTHER
    if code == 654:
        return Priority.WELFARE
    if 100 <= code <= 199 and code not in _TROUBLE_IN_LIFE_RANGE:
        return Priority.LIFE
    if code in _TROUBLE_IN_LIFE_RANGE or 200 <= code <= 399 or code == 641:
        return Priority.SUPERVISION
    if 400 <= code <= 499:
        return Priority.OPEN_CLOSE
    if code in _TEST_CODES:
        return Priority.TEST
    return Priority.OTHER


# DC-05 marks each code as reporting a zone or a user in CCC; these report a user.
# (409 and 442 are keyswitch: a zone.)
_USER_CODES = frozenset(
    {121, 313, 400, 401, 402, 403, 404, 405, 406, 407, 408, 421, 422, 441}
    | set(range(450, 467))
    | {604, 607, 625, 627, 628, 642}
)


def reports_user(event_code: str) -> bool:
    try:
        return int(event_code) in _USER_CODES
    except ValueError:
        return False


def event_name(event_code: str) -> str:
    code = event_code.upper()
    name = EVENT_NAMES.get(code)
    if name is not None:
        return name
    if code.isascii() and code.isdigit() and 750 <= int(code) <= 789:
        return f"User Assigned {code}"
    return f"Unknown event {code}"


# Standard names from SIA DC-05 (Ademco Contact ID).
EVENT_NAMES: dict[str, str] = {
    "100": "Medical",
    "101": "Personal Emergency",
    "102": "Fail to Report In",
    "110": "Fire",
    "111": "Smoke",
    "112": "Combustion",
    "113": "Water Flow",
    "114": "Heat",
    "115": "Pull Station",
    "116": "Duct",
    "117": "Flame",
    "118": "Fire Near Alarm",
    "120": "Panic",
    "121": "Duress",
    "122": "Silent Panic",
    "123": "Audible Panic",
    "124": "Duress - Access Granted",
    "125": "Duress - Egress Granted",
    "126": "Hold-up Suspicion",
    "129": "Hold-up Verifier",
    "130": "Burglary",
    "131": "Perimeter",
    "132": "Interior",
    "133": "24 Hour (Safe)",
    "134": "Entry/Exit",
    "135": "Day/Night",
    "136": "Outdoor",
    "137": "Tamper",
    "138": "Burglary Near Alarm",
    "139": "Intrusion Verifier",
    "140": "General Alarm",
    "141": "Polling Loop Open",
    "142": "Polling Loop Short",
    "143": "Expansion Module Failure",
    "144": "Sensor Tamper",
    "145": "Expansion Module Tamper",
    "146": "Silent Burglary",
    "147": "Sensor Supervision Failure",
    "150": "24 Hour Non-Burglary",
    "151": "Gas Detected",
    "152": "Refrigeration",
    "153": "Loss of Heat",
    "154": "Water Leakage",
    "155": "Foil Break",
    "156": "Day Trouble",
    "157": "Low Bottled Gas Level",
    "158": "High Temperature",
    "159": "Low Temperature",
    "161": "Loss of Air Flow",
    "162": "Carbon Monoxide Detected",
    "163": "Tank Level",
    "168": "High Humidity",
    "169": "Low Humidity",
    "200": "Fire Supervisory",
    "201": "Low Water Pressure",
    "202": "Low CO2",
    "203": "Gate Valve Sensor",
    "204": "Low Water Level",
    "205": "Pump Activated",
    "206": "Pump Failure",
    "300": "System Trouble",
    "301": "AC Loss",
    "302": "Low System Battery",
    "303": "RAM Checksum Bad",
    "304": "ROM Checksum Bad",
    "305": "System Reset",
    "306": "Panel Programming Changed",
    "307": "Self-Test Failure",
    "308": "System Shutdown",
    "309": "Battery Test Failure",
    "310": "Ground Fault",
    "311": "Battery Missing/Dead",
    "312": "Power Supply Overcurrent",
    "313": "Engineer Reset",
    "314": "Primary Power Supply Failure",
    "316": "System Tamper",
    "320": "Sounder/Relay",
    "321": "Bell 1",
    "322": "Bell 2",
    "323": "Alarm Relay",
    "324": "Trouble Relay",
    "325": "Reversing Relay",
    "326": "Notification Appliance Circuit 3",
    "327": "Notification Appliance Circuit 4",
    "330": "System Peripheral Trouble",
    "331": "Polling Loop Open",
    "332": "Polling Loop Short",
    "333": "Expansion Module Failure",
    "334": "Repeater Failure",
    "335": "Local Printer Out of Paper",
    "336": "Local Printer Failure",
    "337": "Expansion Module DC Loss",
    "338": "Expansion Module Low Battery",
    "339": "Expansion Module Reset",
    "341": "Expansion Module Tamper",
    "342": "Expansion Module AC Loss",
    "343": "Expansion Module Self-Test Failure",
    "344": "RF Receiver Jam Detect",
    "350": "Communication Trouble",
    "351": "Telco 1 Fault",
    "352": "Telco 2 Fault",
    "353": "Long Range Radio Transmitter Fault",
    "354": "Failure to Communicate Event",
    "355": "Loss of Radio Supervision",
    "356": "Loss of Central Polling",
    "357": "Long Range Radio VSWR Problem",
    "370": "Protection Loop",
    "371": "Protection Loop Open",
    "372": "Protection Loop Short",
    "373": "Fire Trouble",
    "374": "Exit Error Alarm (Zone)",
    "375": "Panic Zone Trouble",
    "376": "Hold-up Zone Trouble",
    "377": "Swinger Trouble",
    "378": "Cross-Zone Trouble",
    "380": "Sensor Trouble",
    "381": "Loss of Supervision - RF",
    "382": "Loss of Supervision - RPM",
    "383": "Sensor Tamper",
    "384": "RF Low Battery",
    "385": "Smoke Detector High Sensitivity",
    "386": "Smoke Detector Low Sensitivity",
    "387": "Intrusion Detector High Sensitivity",
    "388": "Intrusion Detector Low Sensitivity",
    "389": "Sensor Self-Test Failure",
    "391": "Sensor Watch Trouble",
    "392": "Drift Compensation Error",
    "393": "Maintenance Alert",
    "400": "Open/Close",
    "401": "Open/Close by User",
    "402": "Group Open/Close",
    "403": "Automatic Open/Close",
    "404": "Late to Open/Close",
    "405": "Deferred Open/Close",
    "406": "Cancel",
    "407": "Remote Arm/Disarm",
    "408": "Quick Arm",
    "409": "Keyswitch Open/Close",
    "411": "Callback Request Made",
    "412": "Successful Download/Access",
    "413": "Unsuccessful Access",
    "414": "System Shutdown Command Received",
    "415": "Dialer Shutdown Command Received",
    "416": "Successful Upload",
    "421": "Access Denied",
    "422": "Access Report by User",
    "423": "Forced Access",
    "424": "Egress Denied",
    "425": "Egress Granted",
    "426": "Access Door Propped Open",
    "427": "Access Point Door Status Monitor Trouble",
    "428": "Access Point Request to Exit Trouble",
    "429": "Access Program Mode Entry",
    "430": "Access Program Mode Exit",
    "431": "Access Threat Level Change",
    "432": "Access Relay/Trigger Fail",
    "433": "Access RTE Shunt",
    "434": "Access DSM Shunt",
    "441": "Armed Stay",
    "442": "Keyswitch Armed Stay",
    "450": "Exception Open/Close",
    "451": "Early Open/Close",
    "452": "Late Open/Close",
    "453": "Failed to Open",
    "454": "Failed to Close",
    "455": "Auto-Arm Failed",
    "456": "Partial Arm",
    "457": "Exit Error (User)",
    "458": "User on Premises",
    "459": "Recent Close",
    "461": "Wrong Code Entry",
    "462": "Legal Code Entry",
    "463": "Re-arm After Alarm",
    "464": "Auto-Arm Time Extended",
    "465": "Panic Alarm Reset",
    "466": "Service On/Off Premises",
    "501": "Access Reader Disable",
    "520": "Sounder/Relay Disable",
    "521": "Bell 1 Disable",
    "522": "Bell 2 Disable",
    "523": "Alarm Relay Disable",
    "524": "Trouble Relay Disable",
    "525": "Reversing Relay Disable",
    "526": "Notification Appliance Circuit 3 Disable",
    "527": "Notification Appliance Circuit 4 Disable",
    "531": "Module Added",
    "532": "Module Removed",
    "551": "Dialer Disabled",
    "552": "Radio Transmitter Disabled",
    "553": "Remote Upload/Download Disabled",
    "570": "Zone/Sensor Bypass",
    "571": "Fire Bypass",
    "572": "24 Hour Zone Bypass",
    "573": "Burglary Bypass",
    "574": "Group Bypass",
    "575": "Swinger Bypass",
    "576": "Access Zone Shunt",
    "577": "Access Point Bypass",
    "601": "Manual Trigger Test",
    "602": "Periodic Test",
    "603": "Periodic RF Transmission",
    "604": "Fire Test",
    "605": "Status Report to Follow",
    "606": "Listen-in to Follow",
    "607": "Walk Test Mode",
    "608": "Periodic Test - System Trouble Present",
    "609": "Video Transmitter Active",
    "611": "Point Tested OK",
    "612": "Point Not Tested",
    "613": "Intrusion Zone Walk Tested",
    "614": "Fire Zone Walk Tested",
    "615": "Panic Zone Walk Tested",
    "616": "Service Request",
    "621": "Event Log Reset",
    "622": "Event Log 50% Full",
    "623": "Event Log 90% Full",
    "624": "Event Log Overflow",
    "625": "Time/Date Reset",
    "626": "Time/Date Inaccurate",
    "627": "Program Mode Entry",
    "628": "Program Mode Exit",
    "629": "32 Hour Event Log Marker",
    "630": "Schedule Change",
    "631": "Exception Schedule Change",
    "632": "Access Schedule Change",
    "641": "Senior Watch Trouble",
    "642": "Latch-key Supervision",
    "654": "System Inactivity",
    "900": "Download Abort",
    "901": "Download Start/End",
    "902": "Download Interrupted",
    "910": "Auto-Close with Bypass",
    "911": "Bypass Closing",
    "912": "Fire Alarm Silence",
    "913": "Supervisory Point Test Start/End",
    "914": "Hold-up Test Start/End",
    "915": "Burglary Test Print Start/End",
    "916": "Supervisory Test Print Start/End",
    "917": "Burglary Diagnostics Start/End",
    "918": "Fire Diagnostics Start/End",
    "919": "Untyped Diagnostics",
    "920": "Trouble Closing",
    "921": "Access Denied Code Unknown",
    "922": "Supervisory Point Alarm",
    "923": "Supervisory Point Bypass",
    "924": "Supervisory Point Trouble",
    "925": "Hold-up Point Bypass",
    "926": "AC Failure for 4 Hours",
    "927": "Output Trouble",
    "928": "User Code for Event",
    "929": "Log-off",
}
