"""Caller ID from a Hayes / Rockwell voice modem in formatted mode (``AT+VCID=1``).

Between the first and second RING (in some countries before the first) the modem prints
``DATE = MMDD``, ``TIME = HHMM``, ``NMBR = ...`` (or ``DDN_NMBR``), ``NAME = ...`` and
``MESG = hex`` lines. Variants accepted: no spaces round ``=``, NMBR twice (the first is
kept), an empty DATE, a 5-digit TIME (its first four digits are HHMM), no NAME, NAME before
NMBR, data before the first RING.

The call must reach the operator at once, not at the next RING seconds later, so a
record is emitted as soon as it has both number and name; otherwise when the next line
that is not caller-ID data arrives (RING, a modem reply), when a new record starts, on
``flush()``, or after a quiet gap with no bytes: the transport calls ``poll`` about every
100 ms. Lines that arrive for a record already emitted (a second NMBR, a late NAME) are
dropped and counted. Each RING is also reported, as a ``CallStateEvent``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from hardware.codecs.base import DEFAULT_MAX_BUFFER
from hardware.codecs.callerid_text import (
    DEFAULT_ENCODINGS,
    decode_text,
    local_time,
    read_name,
    read_number,
)
from hardware.codecs.lines import LineCodec, clean
from hardware.events import CallerIdEvent, CallStateEvent, Event

_FIELD = re.compile(r"(?P<key>DATE|TIME|NMBR|DDN_NMBR|NAME|MESG)\s*=\s*(?P<value>.*)", re.I | re.A)
_RING = re.compile(r"RING(?:\s*[A-Z0-9])?", re.I | re.A)
_FOUR_DIGITS = re.compile(r"[0-9]{4}")
# Modem chatter that is not caller ID but is no error either.
_MODEM_REPLY = re.compile(
    r"OK|ERROR|NO CARRIER|BUSY|NO DIAL ?TONE|NO ANSWER|VCON|CONNECT.*|AT.*|\+.*", re.I | re.A
)


@dataclass
class _Record:
    fields: dict[str, str] = field(default_factory=dict)
    raw: bytearray = field(default_factory=bytearray)
    emitted: bool = False


class HayesCallerIdCodec(LineCodec):
    protocol = "callerid"

    def __init__(
        self,
        *,
        line: str | None = None,
        quiet_gap: float = 0.3,
        clock: Callable[[], float] = time.monotonic,
        encodings: Sequence[str] = DEFAULT_ENCODINGS,
        live: bool = True,
        max_buffer: int = DEFAULT_MAX_BUFFER,
    ) -> None:
        """``line``: the name of the phone line this modem listens on (it cannot tell)."""
        super().__init__(live=live, max_buffer=max_buffer)
        self.line = line
        self.quiet_gap = quiet_gap
        self.clock = clock
        self.encodings = tuple(encodings)
        self._record: _Record | None = None
        self._last_rx = clock()

    def _received(self) -> None:
        self._last_rx = self.clock()

    def poll(self, now: float | None = None) -> list[Event]:
        now = self.clock() if now is None else now
        if now - self._last_rx < self.quiet_gap:
            return []
        events: list[Event] = []
        if self._buf.strip():
            # Nothing more for a whole gap: the unterminated line is complete.
            partial = bytes(self._buf)
            self._buf.clear()
            events.extend(self._line(partial))
        record = self._record
        if record is not None and not record.emitted and _has_call(record):
            events.append(self._emit(record))
        return events

    def _end_of_input(self, _unused: bytes) -> list[Event]:
        return self._close()

    def _line(self, raw: bytes) -> list[Event]:
        text = clean(decode_text(raw, self.encodings))
        if not text:
            if self._record is not None and not self._record.emitted:
                self._record.raw += raw
            return []
        if _RING.fullmatch(text):
            events = self._close()
            events.append(CallStateEvent(self.protocol, "ring", self.line, None, raw))
            return events
        m = _FIELD.fullmatch(text)
        if m is not None:
            return self._field(m["key"].upper(), m["value"].strip(), raw)
        events = self._close()
        if _MODEM_REPLY.fullmatch(text):
            self.stats["modem_reply"] += 1
        else:
            events.append(self.error("format", "not a caller-ID line", raw))
        return events

    def _field(self, key: str, value: str, raw: bytes) -> list[Event]:
        key = "NMBR" if key == "DDN_NMBR" else key
        events: list[Event] = []
        record = self._record
        if record is not None and record.emitted:
            if key in ("NMBR", "NAME"):
                self.stats[f"late_{key.lower()}"] += 1
                return events
            events.extend(self._close())
            record = None
        elif record is not None and key in ("DATE", "TIME", "MESG") and "NMBR" in record.fields:
            # Date or time after a number starts the next call's data: this one is over.
            events.extend(self._close())
            record = None
        if record is None:
            record = self._record = _Record()
        record.raw += raw
        if key in record.fields:
            self.stats[f"repeated_{key.lower()}"] += 1
        else:
            record.fields[key] = value
        if "NMBR" in record.fields and "NAME" in record.fields:
            events.append(self._emit(record))
        return events

    def _close(self) -> list[Event]:
        record, self._record = self._record, None
        if record is None or record.emitted:
            return []
        if _has_call(record) or "DATE" in record.fields or "TIME" in record.fields:
            return [self._emit(record)]
        self.stats["incomplete_record"] += 1
        return []

    def _emit(self, record: _Record) -> CallerIdEvent:
        record.emitted = True
        fields = record.fields
        number, privacy = read_number(fields.get("NMBR", ""))
        extra = {k.lower(): v for k, v in fields.items() if k in ("DATE", "TIME", "MESG")}
        return CallerIdEvent(
            protocol=self.protocol,
            number=number,
            name=read_name(fields.get("NAME", "")),
            line=self.line,
            direction="in",
            when=_when(fields.get("DATE", ""), fields.get("TIME", "")),
            privacy=privacy,
            raw=bytes(record.raw),
            extra=extra,
        )


def _has_call(record: _Record) -> bool:
    return "NMBR" in record.fields or "NAME" in record.fields


def _when(date: str, clock: str) -> datetime | None:
    if not (_FOUR_DIGITS.fullmatch(date) and _FOUR_DIGITS.fullmatch(clock[:4])):
        return None
    return local_time(int(date[:2]), int(date[2:]), int(clock[:2]), int(clock[2:4]))
