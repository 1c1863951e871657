"""Sur-Gard automation output (MLR2 family, System I-V): Contact ID events and heartbeats.

Event:      ``5RRL 18AAAAQXYZGGCCC<DC4>`` (MLR2: 1-digit line) or ``5RRLLL 18...`` (System
            receivers: 3-digit line); Q printed as E/R/P (or, on some, the digit 1/3/6).
Heartbeat:  ``1RRL`` or ``1RRLLL``, spaces, ``@``, spaces, DC4.
Some receivers end frames with CR instead of DC4; both are accepted. Over TCP a frame may
be preceded by ``00 00 LL LL`` (BCD length); it is stripped, and from then on the answers
carry the same header (``00 00 00 05 06`` for ACK).
"""

from __future__ import annotations

import re

from hardware.codecs.automation import AutomationCodec
from hardware.codecs.base import DEFAULT_MAX_BUFFER
from hardware.codecs.contact_id import Refusal, build
from hardware.events import Event, FrameError, Heartbeat

DC4 = 0x14
_TCP_PREFIX = b"\x00\x00\x00\x05"

_EVENT = re.compile(
    r"5(?P<rr>[0-9A-F]{2})(?P<line>[0-9A-F]{3}|[0-9A-F])\s+(?P<mt>[0-9A-F]{2})(?P<tail>[0-9A-Z]{12,20})",
    re.IGNORECASE | re.ASCII,
)
_HEARTBEAT = re.compile(r"1(?P<rr>[0-9A-F]{2})(?P<line>[0-9A-F]{3}|[0-9A-F])\s*@", re.I | re.A)


def _bcd(two: bytes) -> int | None:
    digits = two.hex()
    return int(digits) if digits.isdigit() else None


def split_tail(mt: str, tail: str) -> tuple[str, ...] | Refusal:
    """Account, qualifier, code, partition, CCC and check digit out of ``AAAAQXYZGGCCC``.

    A letter qualifier sits 9 characters from the end (the account may be longer or
    shorter than 4 and may itself hold B-F). With a digit qualifier the account is 4
    digits and a 14th character is the Contact ID check digit.
    """
    tail = tail.upper()
    if len(tail) >= 12 and tail[-9] in "ERP":
        return (tail[:-9], tail[-9], tail[-8:-5], tail[-5:-3], tail[-3:], "")
    if len(tail) in (13, 14) and tail[4] in "136":
        return (tail[:4], tail[4], tail[5:8], tail[8:10], tail[10:13], tail[13:])
    return Refusal("format", f"cannot split Contact ID fields from {mt} {tail}")


class SurGardCodec(AutomationCodec):
    protocol = "surgard"
    terminators = bytes([DC4, 0x0D])
    idle = b" \r\n\x14"
    start_chars = "51"

    def __init__(
        self,
        *,
        tcp_header: bool | None = None,
        live: bool = True,
        max_buffer: int = DEFAULT_MAX_BUFFER,
    ) -> None:
        """``tcp_header``: None detects it (a good frame behind a header switches the
        answers to the header form for good); False never looks (serial ports); True
        always answers with it."""
        super().__init__(live=live, max_buffer=max_buffer)
        self._tcp_mode = tcp_header
        self.tcp_header = bool(tcp_header)

    def _answer(self, byte: bytes) -> bytes:
        return _TCP_PREFIX + byte if self.tcp_header else byte

    def _header_length(self, buf: bytes, i: int) -> int | None:
        if buf[i] != 0 or self._tcp_mode is False:
            return 0
        if len(buf) - i < 4:
            return None
        length = _bcd(buf[i + 2 : i + 4])
        # ASCII digits are valid BCD too ("50" reads as 3530): a real frame is short, so a
        # length over 999 means these bytes are not a header.
        if buf[i + 1] == 0 and length is not None and 0 < length <= 999:
            return 4
        return 0

    def _parse(self, text: str, raw: bytes, header: bool) -> Event | None:
        m = _EVENT.fullmatch(text)
        if m is not None:
            rr, line = m["rr"].upper(), m["line"].upper()
            fields = split_tail(m["mt"], m["tail"])
            if isinstance(fields, Refusal):
                return self.error(fields.reason, fields.message, raw, receiver=rr, line=line)
            acct, q, code, gg, ccc, check = fields
            cid = build(acct, q, code, gg, ccc, m["mt"], check or None)
            return self._framed(self._alarm(cid, rr, line, text, raw), header)
        m = _HEARTBEAT.fullmatch(text)
        if m is not None:
            heartbeat = Heartbeat(self.protocol, m["rr"].upper(), m["line"].upper(), raw)
            return self._framed(heartbeat, header)
        return None

    def _framed(self, event: Event, header: bool) -> Event:
        # Only a frame that decoded proves the peer uses headers; stray NULs on a serial
        # line must not switch our answers to a form the receiver would not understand.
        if header and self._tcp_mode is None and not isinstance(event, FrameError):
            self.tcp_header = True
        return event
