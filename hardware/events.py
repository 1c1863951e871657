"""What the codecs hand to the rest of the program: plain, frozen values.

Every codec turns bytes into a list of these. None of them holds a reference to a codec,
a port or a database row, so they can cross threads and be queued freely.

``dedupe_key`` is what the ingest layer uses to make storing idempotent. Receivers re-send
a frame they got no ACK for, byte for byte (Sur-Gard, 685) or with the same sequence number
(DC-09), so the key is built from exactly the parts a re-send repeats. The consequence:
two genuinely separate presses of the same pendant that produce identical frames share a
key too. That is only a problem while a re-send is plausible (seconds to a minute), so the
ingest layer combines the key with a time bucket; doing so is its job, not the codec's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal, get_args

Qualifier = Literal["new", "restore", "repeat"]
CodeSystem = Literal["contact_id", "sia"]
# A device's supervision state that an event sets, or (a restore) clears.
Condition = Literal["mains_lost", "battery_low"]
CONDITIONS: tuple[Condition, ...] = get_args(Condition)
Privacy = Literal["private", "unavailable", "anonymous"]
Direction = Literal["in", "out"]
CallStage = Literal["start", "end"]
CallState = Literal["ring", "off_hook", "on_hook", "hook_flash"]

# Caller-ID boxes send month, day, hour and minute but never the year. A datetime needs one,
# so ``CallerIdEvent.when`` carries this placeholder (a leap year, so 29 February survives);
# the receiving PC's year must replace it (see ``CallerIdEvent.when_in``).
YEAR_UNKNOWN = 2000


class Priority(StrEnum):
    """How a centre treats an event, most urgent first (see ``rank``)."""

    LIFE = "life"  # someone may be in danger: medical, fire, panic, intrusion, gas...
    WELFARE = "welfare"  # no movement in the home for too long
    SUPERVISION = "supervision"  # the equipment needs attention: power, battery, radio
    OPEN_CLOSE = "open_close"
    TEST = "test"
    OTHER = "other"

    @property
    def rank(self) -> int:
        return list(Priority).index(self)


def _text(raw: bytes) -> str:
    # Latin-1 maps every byte to one code point, so the key is exact and never fails.
    return raw.decode("latin-1")


@dataclass(frozen=True)
class AlarmEvent:
    """One alarm event (Contact ID or SIA) from a receiver or an IP transmitter.

    ``zone`` and ``user`` share the CCC field of Contact ID: for codes that report a user
    (open/close, duress, ...) it lands in ``user`` and ``zone`` is None.
    ``block``/``blocks``: a DC-09 SIA frame may carry several events; each becomes one
    AlarmEvent and only the last one (``block == blocks - 1``) gets the frame's answer.

    ``priority``, ``restore`` and ``condition`` are what the event means, so that nobody
    downstream needs a code table: its class (a restore keeps its alarm's class), whether
    it ends a condition (Contact ID qualifier 3/R, SIA restore codes such as ``AR``), and
    the device's supervision condition it sets or, with ``restore``, clears (``mains_lost``,
    ``battery_low``; None for every other code). Codecs set them; an event built without
    them (a journal line written before they existed, a test, a plugin) gets them derived
    from ``code_system``, ``event_code`` and ``qualifier``, so once built they are never
    None (``condition`` aside, where None is a value).
    """

    kind: ClassVar[str] = "alarm"

    protocol: str
    account: str
    qualifier: Qualifier
    event_code: str
    event_name: str
    receiver: str | None = None
    line: str | None = None
    partition: str | None = None
    zone: str | None = None
    user: str | None = None
    # Aware UTC when the frame carries a time (DC-09); None otherwise.
    timestamp: datetime | None = None
    raw: bytes = b""
    sequence: str | None = None
    code_system: CodeSystem = "contact_id"
    block: int = 0
    blocks: int = 1
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
    priority: Priority | None = None
    restore: bool | None = None
    condition: Condition | None = None

    def __post_init__(self) -> None:
        priority = self.priority
        if priority is not None and not isinstance(priority, Priority):
            # The journal stores the value as text; an unknown one is re-derived rather
            # than refused, because refusing would lose an event already acknowledged.
            try:
                priority = Priority(priority)
            except ValueError:
                priority = None
        condition = self.condition if self.condition in CONDITIONS else None
        if priority is None or self.restore is None or condition is None:
            # Imported here: the codecs import this module, so a module-level import
            # would be circular.
            from hardware.codecs.conditions import classify

            meaning = classify(self.code_system, self.event_code, self.qualifier)
            if priority is None:
                priority = meaning.priority
            if self.restore is None:
                object.__setattr__(self, "restore", meaning.restore)
            if condition is None:
                condition = meaning.condition
        object.__setattr__(self, "priority", priority)
        object.__setattr__(self, "condition", condition)

    @property
    def dedupe_key(self) -> str:
        if self.protocol == "dc09":
            # Encrypted re-sends differ in padding and timestamp, so the key uses the
            # decoded payload, never the raw bytes.
            payload = self.extra.get("payload", "")
            return (
                f"dc09|{self.account}|{self.sequence}|{self.receiver}|{self.line}"
                f"|{payload}|{self.block}"
            )
        frame = self.extra.get("frame", _text(self.raw))
        return f"{self.protocol}|{self.receiver}|{self.line}|{frame}"


@dataclass(frozen=True)
class Heartbeat:
    """A receiver saying it is alive; it must be acknowledged like an event."""

    kind: ClassVar[str] = "heartbeat"

    protocol: str
    receiver: str | None = None
    line: str | None = None
    raw: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def dedupe_key(self) -> str:
        return f"{self.protocol}|{self.receiver}|{self.line}|{_text(self.raw)}"


@dataclass(frozen=True)
class LinkTest:
    """A DC-09 transmitter's supervision poll (``NULL``, or an empty ``SIA-DCS``)."""

    kind: ClassVar[str] = "link_test"

    protocol: str
    account: str
    receiver: str | None = None
    line: str | None = None
    sequence: str | None = None
    timestamp: datetime | None = None
    raw: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def dedupe_key(self) -> str:
        return f"{self.protocol}|{self.account}|{self.sequence}|{self.receiver}|{self.line}"


@dataclass(frozen=True)
class CallerIdEvent:
    """An incoming (or, on CallerID.com boxes, outgoing) call's caller ID.

    ``number`` holds digits only (a leading ``+`` is kept), or the box's marker ``P``
    (private), ``O`` (out of area / unavailable) or ``A`` (anonymous), which ``privacy``
    spells out. ``when`` is the box's local date and time, naive, with the placeholder year
    ``YEAR_UNKNOWN``: month, day, hour and minute are as sent, the year must come from the
    receiving PC. ``stage`` tells a CallerID.com start record from its end record.
    """

    kind: ClassVar[str] = "call"

    protocol: str
    number: str | None
    name: str | None = None
    line: str | None = None
    direction: Direction = "in"
    when: datetime | None = None
    privacy: Privacy | None = None
    raw: bytes = b""
    stage: CallStage = "start"
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def when_in(self, year: int) -> datetime | None:
        """``when`` with the real year filled in (the year of the receiving PC's clock)."""
        if self.when is None:
            return None
        try:
            return self.when.replace(year=year)
        except ValueError:  # 29 February in a common year: the box's clock is wrong
            return None

    @property
    def dedupe_key(self) -> str:
        when = self.when.strftime("%m-%d %H:%M") if self.when else ""
        return f"{self.protocol}|{self.line}|{self.direction}|{self.stage}|{self.number}|{when}"


@dataclass(frozen=True)
class CallStateEvent:
    """A phone line's state change reported by the box (ring, off hook, on hook, flash)."""

    kind: ClassVar[str] = "call_state"

    protocol: str
    state: CallState
    line: str | None = None
    when: datetime | None = None
    raw: bytes = b""

    @property
    def dedupe_key(self) -> str:
        return f"{self.protocol}|{self.line}|{self.state}|{_text(self.raw)}"


@dataclass(frozen=True)
class FrameError:
    """Bytes that did not make a usable frame, with the reason and the bytes themselves.

    ``reason_code`` is one of: ``format``, ``checksum`` (Contact ID check digit), ``crc``
    (DC-09), ``length``, ``account``, ``timestamp``, ``encrypted_no_key``, ``decrypt``,
    ``crypto_unavailable``, ``unsupported``, ``garbage`` (bytes before a good frame),
    ``overflow`` (a run of garbage too long to keep), ``truncated`` (a frame cut off by the
    end of input) or ``internal`` (a decoder bug, logged). Codecs count them in ``stats``.
    """

    kind: ClassVar[str] = "error"

    protocol: str
    reason_code: str
    message: str
    raw: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def dedupe_key(self) -> str:
        return f"{self.protocol}|error|{self.reason_code}|{_text(self.raw)}"


Event = AlarmEvent | Heartbeat | LinkTest | CallerIdEvent | CallStateEvent | FrameError
EVENT_TYPES: tuple[type, ...] = (
    AlarmEvent,
    Heartbeat,
    LinkTest,
    CallerIdEvent,
    CallStateEvent,
    FrameError,
)
