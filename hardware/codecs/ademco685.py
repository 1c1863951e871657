"""Ademco 685 automation output (also spoken by Honeywell MX8000 and SilentKnight receivers).

Contact ID: ``<LF>RG AAAA 18 QXYZ GG FCCC<CR>``: receiver digit, group digit, account,
``18``, qualifier letter (E new / R restore, P previous on some) with the event code,
partition, then ``C`` + zone or ``U`` + user. The 685 can be set to end frames with ESC
instead of CR; both are accepted. Its link-test and periodic-test answers contain
``OKAY``; they are reported as heartbeats and acknowledged like one.

Receiver and group become ``receiver`` and ``line`` of the events.
"""

from __future__ import annotations

import re

from hardware.codecs.automation import AutomationCodec
from hardware.codecs.contact_id import build
from hardware.events import Event, Heartbeat

_EVENT = re.compile(
    r"(?P<r>[0-9A-F])(?P<g>[0-9A-F])\s+(?P<acct>[0-9A-Z]{3,10})\s+(?P<mt>[0-9A-F]{2})\s+"
    r"(?P<q>[0-9A-Z])(?P<code>[0-9A-Z]{3})\s+(?P<gg>[0-9A-Z]{2})\s+(?P<f>[CU])(?P<ccc>[0-9A-Z]{3})",
    re.IGNORECASE | re.ASCII,
)
_OKAY = re.compile(r"(?P<r>[0-9A-F])?(?P<g>[0-9A-F])?\s*[0-9A-Z]*OKAY\W*", re.I | re.A)


class Ademco685Codec(AutomationCodec):
    protocol = "ademco685"
    terminators = b"\r\x1b"
    idle = b" \r\n\x1b"
    start_chars = "0123456789ABCDEFO"

    def _parse(self, text: str, raw: bytes, header: bool) -> Event | None:
        m = _EVENT.fullmatch(text)
        if m is not None:
            receiver, group = m["r"].upper(), m["g"].upper()
            cid = build(m["acct"], m["q"], m["code"], m["gg"], m["ccc"], m["mt"])
            # The receiver says outright whether CCC is a zone or a user: believe it over
            # the code table.
            is_user = m["f"].upper() == "U"
            return self._alarm(cid, receiver, group, text, raw, ccc_is_user=is_user)
        m = _OKAY.fullmatch(text)
        if m is not None:
            r, g = m["r"], m["g"]
            return Heartbeat(self.protocol, r.upper() if r else None, g.upper() if g else None, raw)
        return None
