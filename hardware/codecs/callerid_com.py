"""CallerID.com (Whozz Calling?) multi-line caller-ID interfaces.

Call record (comprehensive format), one per line, optionally led by ``$``::

    01 I S 0276 G B3 09/26 11:28 AM 800-240-4637 CallerID.com

line, In/Out, Start/End, duration (s), checksum Good/Bad, rings, date, 12-hour time,
number (14-character field), name (15). A call gives a start record and an end record;
both are reported (``stage``), the end one with the duration in ``extra``. A record whose
caller-ID checksum the box itself found bad is still reported (the phone is ringing) with
``extra["checksum_ok"] = False``. The "limited" format (``$01 09/26 02:30 PM 8002404637
I name``) is read too.

Detail lines (``01 R     11/07 07:43:52``: Ring, oFf hook, oN hook, Hook flash) become
``CallStateEvent``s: the console can show that a line is ringing or was answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hardware.codecs.base import DEFAULT_MAX_BUFFER
from hardware.codecs.callerid_text import (
    DEFAULT_ENCODINGS,
    decode_text,
    local_time,
    read_name,
    read_number,
)
from hardware.codecs.lines import LineCodec, clean
from hardware.events import CallerIdEvent, CallState, CallStateEvent, Event

_CALL = re.compile(
    r"\$?(?P<line>\d{1,2})\s+(?P<io>[IO])\s+(?P<se>[SE])\s+(?P<dur>\d{4})\s+(?P<ck>[GB])\s+"
    r"(?P<rings>[A-Z0-9]\d)\s+(?P<mo>\d{1,2})/(?P<dd>\d{1,2})\s+(?P<hh>\d{1,2}):(?P<mi>\d\d)\s*"
    r"(?P<ap>AM|PM)(?:\s(?P<rest>.*))?",
    re.I | re.A,
)
_LIMITED = re.compile(
    r"\$?(?P<line>\d{1,2})\s+(?P<mo>\d{1,2})/(?P<dd>\d{1,2})\s+(?P<hh>\d{1,2}):(?P<mi>\d\d)\s*"
    r"(?P<ap>AM|PM)\s+(?P<num>\S+)\s+(?P<io>[IO])(?:\s+(?P<name>.*))?",
    re.I | re.A,
)
_DETAIL = re.compile(
    r"\$?(?P<line>\d{1,2})\s+(?P<ev>[RFNH])\s+(?P<mo>\d{1,2})/(?P<dd>\d{1,2})\s+"
    r"(?P<hh>\d{1,2}):(?P<mi>\d\d)(?::(?P<ss>\d\d))?",
    re.I | re.A,
)
_STATES: dict[str, CallState] = {"R": "ring", "F": "off_hook", "N": "on_hook", "H": "hook_flash"}
_NUMBER_FIELD = 14
_NUMBER_CHARS = re.compile(r"[0-9+*#() .-]*")


class CallerIdComCodec(LineCodec):
    protocol = "callerid-com"

    def __init__(
        self,
        *,
        encodings: Sequence[str] = DEFAULT_ENCODINGS,
        live: bool = True,
        max_buffer: int = DEFAULT_MAX_BUFFER,
    ) -> None:
        super().__init__(live=live, max_buffer=max_buffer)
        self.encodings = tuple(encodings)

    def _line(self, raw: bytes) -> list[Event]:
        text = clean(decode_text(raw, self.encodings))
        if not text:
            return []
        m = _CALL.fullmatch(text)
        if m is not None:
            number_text, name_text = _split_number_name(m["rest"] or "")
            return [self._call(m["line"], m["io"], m["se"], m, number_text, name_text, raw)]
        m = _DETAIL.fullmatch(text)
        if m is not None:
            when = local_time(
                int(m["mo"]), int(m["dd"]), int(m["hh"]), int(m["mi"]), int(m["ss"] or 0)
            )
            state = _STATES[m["ev"].upper()]
            return [CallStateEvent(self.protocol, state, m["line"], when, raw)]
        m = _LIMITED.fullmatch(text)
        if m is not None:
            return [self._call(m["line"], m["io"], "S", m, m["num"], m["name"] or "", raw)]
        return [self.error("format", "not a CallerID.com record", raw)]

    def _call(
        self,
        line: str,
        io: str,
        stage: str,
        m: re.Match[str],
        number_text: str,
        name_text: str,
        raw: bytes,
    ) -> CallerIdEvent:
        number, privacy = read_number(number_text)
        hour = int(m["hh"])
        when = None
        if 1 <= hour <= 12:  # a 12-hour clock, where 12 AM is midnight
            hour = hour % 12 + (12 if m["ap"].upper() == "PM" else 0)
            when = local_time(int(m["mo"]), int(m["dd"]), hour, int(m["mi"]))
        extra: dict[str, object] = {}
        if "dur" in m.re.groupindex:
            extra = {
                "duration_s": int(m["dur"]),
                "checksum_ok": m["ck"].upper() == "G",
                "rings": m["rings"],
            }
            if m["ck"].upper() != "G":
                self.stats["box_checksum_bad"] += 1
        return CallerIdEvent(
            protocol=self.protocol,
            number=number,
            name=read_name(name_text),
            line=line,
            direction="in" if io.upper() == "I" else "out",
            when=when,
            privacy=privacy,
            raw=raw,
            stage="start" if stage.upper() == "S" else "end",
            extra=extra,
        )


def _split_number_name(rest: str) -> tuple[str, str]:
    """The 14-character number field and the name after it.

    Boxes pad the number field to 14 characters, but captures passed through other
    software often have the padding squeezed to one space; so the fixed split is used only
    when it leaves a plausible number, else the first word is the number.
    """
    if len(rest) > _NUMBER_FIELD and rest[_NUMBER_FIELD] == " ":
        field = rest[:_NUMBER_FIELD].strip()
        if " " not in field and (_NUMBER_CHARS.fullmatch(field) or read_number(field)[1]):
            return field, rest[_NUMBER_FIELD + 1 :]
    parts = rest.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""
