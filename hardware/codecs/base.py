"""What every codec is, and the buffering they all share.

A codec is pure: bytes in, events out, no ports, threads or clocks of its own beyond what
is injected. The transport owns the port, calls ``feed`` with whatever arrived, ``poll``
about every 100 ms, ``flush`` at the end of the input, and writes ``reply_for(event)`` back
once the event is safely stored (ACK only after storing: receivers re-send otherwise).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable
from typing import ClassVar, Protocol, runtime_checkable

from hardware.events import Event, FrameError

log = logging.getLogger(__name__)

# Far above any real frame (the longest, an encrypted DC-09 frame, is a few hundred
# bytes) and small enough that a babbling line cannot grow memory.
DEFAULT_MAX_BUFFER = 4096


@runtime_checkable
class Codec(Protocol):
    protocol: str
    stats: Counter[str]
    max_buffer: int

    @property
    def buffered(self) -> int: ...

    def feed(self, data: bytes) -> list[Event]: ...

    def flush(self) -> list[Event]: ...

    def poll(self, now: float | None = None) -> list[Event]: ...

    def reply_for(self, event: Event) -> bytes | None: ...


class StreamCodec(ABC):
    """Buffers a byte stream and cuts it into frames with ``_decode``.

    ``_decode(buf, pos)`` looks at ``buf`` from ``pos`` and returns how many bytes it used
    and the events they made; 0 used means "need more bytes". It must never raise and must
    never report more bytes than there are. Garbage is consumed by ``_decode`` itself (as
    ``garbage`` errors) whenever a frame boundary shows where it ends; a run with no
    boundary at all is dropped here once it passes ``max_buffer``.
    """

    protocol: ClassVar[str]
    # Reasons that mean "a frame the sender is waiting on came in bad": answered with a NAK
    # (or the protocol's equivalent). Garbage between frames is not answered.
    refused_reasons: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *, live: bool = True, max_buffer: int = DEFAULT_MAX_BUFFER) -> None:
        # live=False: decoding a capture offline, where checks that compare against the
        # clock (DC-09's time window) do not apply.
        self.live = live
        self.max_buffer = max_buffer
        self.stats: Counter[str] = Counter()
        self._buf = bytearray()

    @property
    def buffered(self) -> int:
        """Bytes held waiting for the rest of a frame."""
        return len(self._buf)

    def feed(self, data: bytes) -> list[Event]:
        if not data:
            return []
        self._buf += data
        self._received()
        return self._drain()

    def flush(self) -> list[Event]:
        events = self._drain()
        rest = bytes(self._buf)
        self._buf.clear()
        events.extend(self._guard(self._decode_final, rest))
        events.extend(self._guard(self._end_of_input, b""))
        return events

    def poll(self, now: float | None = None) -> list[Event]:
        return []

    def reply_for(self, event: Event) -> bytes | None:
        return None

    @abstractmethod
    def _decode(self, buf: bytes, pos: int) -> tuple[int, list[Event]]: ...

    def _decode_final(self, rest: bytes) -> list[Event]:
        """The end of input with ``rest`` never completed: by default a truncated frame."""
        if not rest.strip(b" \r\n\t\x00"):
            return []
        return [self.error("truncated", "input ended inside a frame", rest)]

    def _end_of_input(self, _unused: bytes) -> list[Event]:
        """Hook for codecs holding a half-built event (caller ID) to emit it."""
        return []

    def _received(self) -> None:
        """Hook called on every ``feed`` (the caller-ID quiet gap starts here)."""
        return None

    def error(self, reason: str, message: str, raw: bytes, **extra: object) -> FrameError:
        self.stats[reason] += 1
        return FrameError(self.protocol, reason, message, bytes(raw), dict(extra))

    def _drain(self) -> list[Event]:
        events: list[Event] = []
        buf = bytes(self._buf)
        pos = 0
        while pos < len(buf):
            try:
                used, found = self._decode(buf, pos)
            except Exception:  # a decoder bug must not take the gateway down with it
                log.exception("%s codec failed on %r", self.protocol, buf[pos:])
                events.append(self.error("internal", "decoder failure (logged)", buf[pos:]))
                pos = len(buf)
                break
            events.extend(found)
            if used <= 0:
                break
            pos += min(used, len(buf) - pos)
        del self._buf[:pos]
        if len(self._buf) > self.max_buffer:
            # No frame boundary in max_buffer bytes: it is not a frame. Keep only a tail
            # long enough to hold the start of a real frame that may be arriving.
            keep = min(256, self.max_buffer)
            dropped = bytes(self._buf[:-keep])
            del self._buf[:-keep]
            events.append(
                self.error("overflow", f"{len(dropped)} bytes without a frame boundary", dropped)
            )
        return events

    def _guard(self, step: Callable[[bytes], list[Event]], arg: bytes) -> list[Event]:
        try:
            return step(arg)
        except Exception:
            log.exception("%s codec failed at end of input", self.protocol)
            return [self.error("internal", "decoder failure (logged)", arg)]
