"""SIA DC-09 receiver side: alarm transmitters over IP (TCP or UDP, one codec per peer).

Frames are cut at CR. Every frame gets an answer (``reply_for``):

- ``ACK`` echoing SEQ, R, L and #acct, for every event, link test and empty message; when
  the request was encrypted the ACK is encrypted with the same key and carries a timestamp.
- ``NAK`` (``"NAK"0000R0L0A0[]_timestamp``, never encrypted) when the CRC is wrong, the
  header is unreadable, or an encrypted frame's time is outside the window (live only):
  the sender should try again.
- ``DUH`` for a sound frame we cannot process: unknown message ID, unreadable data, an
  encrypted frame for an account without a key, or a key that does not decrypt it.

A wrong LEN with a right CRC is accepted (some devices get LEN wrong) and counted in
``stats["length_mismatch"]``. The time window (-40 s / +20 s by default) applies to
encrypted frames in live reception only; ``live=False`` decodes captures whatever their time.

Accounts are read liberally: 1-16 letters or digits (the standard says 3-16 hex digits,
but some panels use other letters). Events carry the account in capitals, which is how
devices are registered; answers echo it exactly as the panel sent it, since that is what
the panel compares. The account inside the data (``#acct|``) repeats the header's and may
be missing (``[|1602 00 000]``, ``[Nri1/BA001]``): the header's is the one used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from hardware.codecs import dc09_crypto
from hardware.codecs.base import DEFAULT_MAX_BUFFER, StreamCodec
from hardware.codecs.conditions import classify
from hardware.codecs.contact_id import Refusal
from hardware.codecs.dc09_frame import crc16_arc, format_timestamp, frame, header, parse_timestamp
from hardware.codecs.dc09_payload import Payload, parse_adm_cid, parse_sia, split_payload, strip_pad
from hardware.codecs.sia_codes import sia_name, sia_reports_user
from hardware.events import AlarmEvent, Event, FrameError, LinkTest, Qualifier

Clock = Callable[[], datetime]

_START = re.compile(rb'\n?[0-9A-Fa-f]{8}"')
_BODY = re.compile(
    r'"(?P<enc>\*?)(?P<id>[^"]*)"(?P<seq>\d{4})(?:R(?P<rcv>[0-9A-Fa-f]{1,6}))?'
    r"(?:L(?P<line>[0-9A-Fa-f]{1,6}))?#(?P<acct>[^\[]*)\[(?P<rest>.*)",
    re.DOTALL | re.ASCII,
)
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,16}")
_TOKENS = frozenset({"SIA-DCS", "ADM-CID", "NULL"})


def utc_now() -> datetime:
    return datetime.now(UTC)


class Dc09Codec(StreamCodec):
    protocol = "dc09"

    def __init__(
        self,
        keys: Mapping[str, str] | None = None,
        *,
        live: bool = True,
        clock: Clock = utc_now,
        window: tuple[float, float] = (40.0, 20.0),
        pad_source: dc09_crypto.PadSource = dc09_crypto.random_pad,
        max_buffer: int = DEFAULT_MAX_BUFFER,
    ) -> None:
        """``keys``: account -> AES key text (see ``dc09_crypto.key_candidates``); a key
        that can be no AES key raises ValueError here, at configuration time."""
        super().__init__(live=live, max_buffer=max_buffer)
        self._keys = {
            acct.upper(): dc09_crypto.key_candidates(key) for acct, key in (keys or {}).items()
        }
        self.clock = clock
        self.window = window
        self.pad_source = pad_source

    # -- answers ------------------------------------------------------------------------

    def reply_for(self, event: Event) -> bytes | None:
        if isinstance(event, AlarmEvent) and event.protocol == self.protocol:
            if event.block != event.blocks - 1:
                return None  # one answer per frame, after its last event
            return self._ack(event.sequence or "0000", event.receiver, event.line, event)
        if isinstance(event, LinkTest) and event.protocol == self.protocol:
            return self._ack(event.sequence or "0000", event.receiver, event.line, event)
        if isinstance(event, FrameError) and event.protocol == self.protocol:
            answer = event.extra.get("answer")
            if answer == "nak":
                return self.nak()
            if answer == "duh":
                echo = event.extra["echo"]
                return frame(f'"DUH"{header(*echo)}[]')
        return None

    def nak(self) -> bytes:
        return frame(f'"NAK"0000R0L0A0[]_{format_timestamp(self.clock())}')

    def _ack(
        self, seq: str, rcv: str | None, line: str | None, event: AlarmEvent | LinkTest
    ) -> bytes:
        head = header(seq, rcv, line, event.extra.get("account_sent", event.account))
        key_index = event.extra.get("key_index")
        if key_index is None:
            return frame(f'"ACK"{head}[]')
        key = self._keys[event.account.upper()][key_index]
        content = f"|]_{format_timestamp(self.clock())}"
        hex_text = dc09_crypto.encrypt_hex(dc09_crypto.pad_block(content, self.pad_source), key)
        return frame(f'"*ACK"{head}[{hex_text}')

    # -- decoding -----------------------------------------------------------------------

    def _decode(self, buf: bytes, pos: int) -> tuple[int, list[Event]]:
        end = buf.find(b"\r", pos)
        if end < 0:
            return 0, []
        candidate = buf[pos:end]
        used = end + 1 - pos
        if not candidate.strip(b" \n\t\x00"):
            return used, []
        start = _frame_start(candidate)
        if start is None:
            raw = candidate + b"\r"
            return used, [self._refuse("format", "no DC-09 header", raw, "nak")]
        events: list[Event] = []
        junk = candidate[:start]
        if junk.strip(b" \n\t\x00"):
            events.append(self.error("garbage", "bytes before a frame", junk))
        events.extend(self._frame(candidate[start:] + b"\r"))
        return used, events

    def _refuse(
        self, reason: str, message: str, raw: bytes, answer: str | None, **extra: Any
    ) -> FrameError:
        return self.error(reason, message, raw, answer=answer, **extra)

    def _frame(self, raw: bytes) -> list[Event]:
        text = raw.decode("latin-1").lstrip("\n")[:-1]
        crc_text, len_text, body = text[:4], text[4:8], text[8:]
        if crc16_arc(body.encode("latin-1")) != int(crc_text, 16):
            return [self._refuse("crc", f"CRC {crc_text} does not match", raw, "nak")]
        length_ok = int(len_text, 16) == len(body)
        if not length_ok:
            self.stats["length_mismatch"] += 1
        m = _BODY.fullmatch(body)
        if m is None:
            return [self._refuse("format", "unreadable header", raw, "nak")]
        seq, rcv, line, acct = m["seq"], m["rcv"], m["line"], m["acct"]
        rcv = rcv.upper() if rcv else None
        line = line.upper() if line else None
        if not _ACCOUNT.fullmatch(acct):
            return [self._refuse("account", f"bad account {acct[:20]!r}", raw, "nak")]
        sent, acct = acct, acct.upper()
        echo = (seq, rcv, line, sent)
        token, encrypted = m["id"].upper(), bool(m["enc"])

        def duh(reason: str, message: str) -> list[Event]:
            return [self._refuse(reason, message, raw, "duh", echo=echo, token=token)]

        if token not in _TOKENS:
            return duh("unsupported", f"message ID {token[:20]!r} not handled")
        rest = m["rest"]
        key_index: int | None = None
        if encrypted:
            opened = self._decrypt(acct, rest)
            if isinstance(opened, Refusal):
                return duh(opened.reason, opened.message)
            key_index, rest = opened
        payload = split_payload(rest)
        if isinstance(payload, Refusal):
            return duh(payload.reason, payload.message)
        when = parse_timestamp(payload.timestamp_text) if payload.timestamp_text else None
        if encrypted and self.live:
            late = self._outside_window(when)
            if late:
                return [self._refuse("timestamp", late, raw, "nak", echo=echo, token=token)]
        common: dict[str, Any] = {
            "token": token,
            "encrypted": encrypted,
            "key_index": key_index,
            "length_ok": length_ok,
            "xdata": payload.xdata,
            "payload": payload.data + "".join(f"[{x}]" for x in payload.xdata),
        }
        if sent != acct:
            common["account_sent"] = sent
        if payload.timestamp_text is not None and when is None:
            common["timestamp_text"] = payload.timestamp_text
        if token == "NULL" or not payload.data.strip():
            return [LinkTest(self.protocol, acct, rcv, line, seq, when, raw, common)]
        if token == "ADM-CID":
            return self._adm_cid(payload, echo, when, raw, common, duh)
        return self._sia(payload, echo, when, raw, common, duh)

    def _decrypt(self, acct: str, rest: str) -> tuple[int, str] | Refusal:
        keys = self._keys.get(acct)
        if not keys:
            return Refusal("encrypted_no_key", f"encrypted frame for account {acct} has no key")
        if not dc09_crypto.crypto_available():
            return Refusal("crypto_unavailable", "the 'cryptography' package is not installed")
        hex_text = rest.strip().rstrip("]")
        for index, key in enumerate(keys):
            plain = dc09_crypto.decrypt_hex(hex_text, key)
            if plain is not None and "]" in plain:
                return index, strip_pad(plain)
        return Refusal("decrypt", f"the key for account {acct} does not decrypt this frame")

    def _outside_window(self, when: datetime | None) -> str | None:
        if when is None:
            return "encrypted frame without a readable timestamp"
        now = self.clock()
        early, late = self.window
        if when < now - timedelta(seconds=early):
            return f"timestamp {when.isoformat()} is {(now - when).total_seconds():.0f} s old"
        if when > now + timedelta(seconds=late):
            return f"timestamp {when.isoformat()} is {(when - now).total_seconds():.0f} s ahead"
        return None

    def _adm_cid(
        self,
        payload: Payload,
        echo: tuple[str, str | None, str | None, str],
        when: datetime | None,
        raw: bytes,
        common: dict[str, Any],
        duh: Callable[[str, str], list[Event]],
    ) -> list[Event]:
        seq, rcv, line, sent = echo
        acct = sent.upper()
        cid = parse_adm_cid(payload.data, acct)
        if isinstance(cid, Refusal):
            return duh(cid.reason, cid.message)
        meaning = classify("contact_id", cid.event_code, cid.qualifier)
        return [
            AlarmEvent(
                protocol=self.protocol,
                account=acct,
                qualifier=cid.qualifier,
                event_code=cid.event_code,
                event_name=cid.event_name,
                receiver=rcv,
                line=line,
                partition=cid.partition,
                zone=cid.zone,
                user=cid.user,
                timestamp=when,
                raw=raw,
                sequence=seq,
                code_system="contact_id",
                extra=common,
                priority=meaning.priority,
                restore=meaning.restore,
                condition=meaning.condition,
            )
        ]

    def _sia(
        self,
        payload: Payload,
        echo: tuple[str, str | None, str | None, str],
        when: datetime | None,
        raw: bytes,
        common: dict[str, Any],
        duh: Callable[[str, str], list[Event]],
    ) -> list[Event]:
        seq, rcv, line, sent = echo
        acct = sent.upper()
        sia = parse_sia(payload.data)
        if isinstance(sia, Refusal):
            return duh(sia.reason, sia.message)
        if not sia.events:
            return [LinkTest(self.protocol, acct, rcv, line, seq, when, raw, common)]
        extra = dict(common)
        if sia.texts:
            extra["text"] = " ".join(sia.texts)
        events: list[Event] = []
        for index, ev in enumerate(sia.events):
            # SIA names the restore in the code itself (AT / AR), not in a qualifier.
            meaning = classify("sia", ev.code, "new")
            qualifier: Qualifier = "restore" if meaning.restore else "repeat" if ev.old else "new"
            is_user = sia_reports_user(ev.code)
            block_extra = dict(extra)
            if ev.time:
                block_extra["panel_time"] = ev.time
            events.append(
                AlarmEvent(
                    protocol=self.protocol,
                    account=acct,
                    qualifier=qualifier,
                    event_code=ev.code,
                    event_name=sia_name(ev.code),
                    receiver=rcv,
                    line=line,
                    partition=ev.area,
                    zone=None if is_user else ev.number,
                    user=ev.user or (ev.number if is_user else None),
                    timestamp=when,
                    raw=raw,
                    sequence=seq,
                    code_system="sia",
                    block=index,
                    blocks=len(sia.events),
                    extra=block_extra,
                    priority=meaning.priority,
                    restore=meaning.restore,
                    condition=meaning.condition,
                )
            )
        return events


def _frame_start(candidate: bytes) -> int | None:
    """Where the frame begins: the last header that follows an LF, else the first header.

    Preferring the last LF-led header means a frame whose CR was lost does not swallow
    the good frame after it.
    """
    starts = [m.start() for m in _START.finditer(candidate)]
    if not starts:
        return None
    led = [s for s in starts if candidate[s : s + 1] == b"\n"]
    return led[-1] if led else starts[0]
