"""What alarm receivers' "automation" serial outputs (Sur-Gard, Ademco 685) share.

The receiver prints one frame per event, ended by a terminator byte, and waits for ACK
(0x06) or NAK (0x15). A frame is whatever lies between terminators. Line noise can put
junk in front of a frame, so the frame is looked for in the tail of that span: the first
position from which a whole frame fits wins (the first, because a frame such as a System
heartbeat ``101000 @`` holds later positions that would also fit), and what precedes it
is reported as garbage, unanswered: nobody is waiting on garbage. A span where no frame
fits is a bad frame and is NAKed, so that the receiver sends it again.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar

from hardware.codecs.base import StreamCodec
from hardware.codecs.conditions import classify
from hardware.codecs.contact_id import ContactId, Refusal
from hardware.events import AlarmEvent, Event, FrameError, Heartbeat

ACK = b"\x06"
NAK = b"\x15"

# No real frame is longer than this; looking further back for a frame start is wasted work.
_MAX_FRAME_TEXT = 96


class AutomationCodec(StreamCodec):
    terminators: ClassVar[bytes]
    # Bytes that may sit between frames and mean nothing (line ends, empty frames).
    idle: ClassVar[bytes]
    # Characters a frame can start with.
    start_chars: ClassVar[str]
    refused_reasons = frozenset({"format", "checksum", "account", "length"})

    def reply_for(self, event: Event) -> bytes | None:
        if isinstance(event, AlarmEvent | Heartbeat):
            return self._answer(ACK)
        if isinstance(event, FrameError) and event.reason_code in self.refused_reasons:
            return self._answer(NAK)
        return None

    def _answer(self, byte: bytes) -> bytes:
        return byte

    def _header_length(self, buf: bytes, i: int) -> int | None:
        """Bytes of transport header at ``i`` (0: none), or None if more bytes are needed."""
        return 0

    def _decode(self, buf: bytes, pos: int) -> tuple[int, list[Event]]:
        i = pos
        while i < len(buf) and buf[i] in self.idle:
            i += 1
        if i == len(buf):
            return i - pos, []
        header = self._header_length(buf, i)
        if header is None:
            return i - pos, []
        end = -1
        for j in range(i + header, len(buf)):
            if buf[j] in self.terminators:
                end = j
                break
        if end < 0:
            return i - pos, []
        return end + 1 - pos, self._frame(buf[i : end + 1], header)

    def _frame(self, raw: bytes, header: int) -> list[Event]:
        text = raw[header:-1].decode("latin-1")
        stripped = text.strip(" \r\n\t\x00")
        lead = len(text) - len(text.lstrip(" \r\n\t\x00"))
        lowest = max(0, len(stripped) - _MAX_FRAME_TEXT)
        for p in range(lowest, len(stripped)):
            if stripped[p].upper() not in self.start_chars:
                continue
            cut = header + lead + p
            event = self._parse(stripped[p:], raw[:header] + raw[cut:], header > 0)
            if event is None:
                continue
            junk = raw[header:cut]
            if junk.strip(b" \r\n\t\x00"):
                return [self.error("garbage", "bytes before a frame", junk), event]
            return [event]
        return [self.error("format", f"not a {self.protocol} frame", raw)]

    @abstractmethod
    def _parse(self, text: str, raw: bytes, header: bool) -> Event | None:
        """The event ``text`` is (a FrameError if it is a frame but a bad one), or None if
        ``text`` does not have the shape of a frame at all."""

    def _alarm(
        self,
        cid: ContactId | Refusal,
        receiver: str,
        line: str,
        text: str,
        raw: bytes,
        *,
        ccc_is_user: bool | None = None,
    ) -> Event:
        """The event for a Contact ID frame; ``ccc_is_user`` overrides the code table when
        the receiver says itself whether CCC is a zone or a user."""
        if isinstance(cid, Refusal):
            return self.error(cid.reason, cid.message, raw, receiver=receiver, line=line)
        is_user = cid.reports_user if ccc_is_user is None else ccc_is_user
        meaning = classify("contact_id", cid.event_code, cid.qualifier)
        return AlarmEvent(
            protocol=self.protocol,
            account=cid.account,
            qualifier=cid.qualifier,
            event_code=cid.event_code,
            event_name=cid.event_name,
            receiver=receiver,
            line=line,
            partition=cid.partition,
            zone=None if is_user else cid.ccc,
            user=cid.ccc if is_user else None,
            raw=raw,
            extra={"frame": text},
            priority=meaning.priority,
            restore=meaning.restore,
            condition=meaning.condition,
        )
