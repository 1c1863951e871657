"""A serial link: a reader thread between one port and one codec, that never gives up.

It owns the port: opens it (finding a USB adapter again by its serial number or VID:PID
when it comes back under another name), feeds what arrives to the codec, hands each event
to the sink and writes the codec's answer (ACK/NAK) only after the sink says the event is
stored. When the port fails or vanishes it closes it, reports ``reconnecting`` with the
reason and tries again with back-off. Its state is explicit so the console can show it.

Receivers are stop-and-wait without sequence numbers: after ``ack_window`` seconds
without an answer they re-send, and any answer that reaches them later is taken for the
frame they are waiting on now. So an answer is worth writing only before the window
closes; after it the link stays silent and answers the re-send instead (the sink
dedupes it). For the same reason whatever waits in a port's input when it is opened is
read away unanswered: it is either a frame the receiver re-sends anyway or half of one.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

import serial
import serial.tools.list_ports

from hardware.codecs.base import Codec
from hardware.events import Event
from hardware.transport.spec import PARITIES, PortSpec

log = logging.getLogger(__name__)

# What the receiver may see later than our clock says: its timer starts when it has sent
# the frame's last byte, which reaches us after the adapter's latency timer (16 ms on an
# FTDI) and the line, and our answer sits in the OS and adapter buffers and on the line
# before it counts as received (a byte is 8 ms at 1200 baud). 0.5 s is far above all of
# that and above a receiver's timer granularity; on a short window 10 % of it keeps most
# of the window usable.
MAX_ANSWER_MARGIN_S = 0.5
ANSWER_MARGIN_FRACTION = 0.1


def answer_margin(ack_window_s: float) -> float:
    return min(MAX_ANSWER_MARGIN_S, ANSWER_MARGIN_FRACTION * ack_window_s)


class LinkStatus(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass(frozen=True)
class LinkState:
    status: LinkStatus
    port: str
    since: datetime
    reason: str = ""
    # Seconds since the last byte, when the receiver has gone silent while connected.
    silent_s: float | None = None


class Port(Protocol):
    def read(self, size: int = 1) -> bytes: ...
    def write(self, data: bytes) -> int | None: ...
    def close(self) -> None: ...
    @property
    def in_waiting(self) -> int: ...


# Called as sink(event, deadline). Returns True once the event is safely stored (or, for a
# bad frame, recorded): only then does the link write the codec's answer, and only if
# ``deadline`` (time.monotonic(), or the link's injected clock) has not passed. False or an
# exception means "not stored": no answer goes out, and the receiver will send the frame
# again.
EventSink = Callable[[Event, float], bool]
Opener = Callable[[PortSpec, str], Port]


def open_serial(spec: PortSpec, port: str) -> Port:
    p = serial.serial_for_url(
        port,
        baudrate=spec.baudrate,
        bytesize=spec.bytesize,
        parity=PARITIES[spec.parity],
        stopbits=spec.stopbits,
        rtscts=spec.rtscts,
        timeout=0.1,
        write_timeout=2,
        do_not_open=True,
    )
    if hasattr(p, "exclusive") and port.startswith("/dev/"):
        # Two programs reading one receiver would each ACK half the alarms.
        p.exclusive = True
    p.open()
    return p  # type: ignore[no-any-return]


def find_usb_port(spec: PortSpec) -> str | None:
    """The device name a USB adapter has now (it can change after a replug)."""
    for info in serial.tools.list_ports.comports():
        if spec.usb_serial and info.serial_number == spec.usb_serial:
            return str(info.device)
        if spec.usb_vid_pid and (info.vid, info.pid) == spec.usb_vid_pid:
            return str(info.device)
    return None


class Arrivals:
    """Lower bounds for when the bytes read from a port arrived.

    The port cannot say when a byte came, only how many wait. Every byte beyond those
    ``in_waiting`` counted at time t arrived after t; a chunk gets the latest such t
    that covers its first byte. A bound can only be early, which makes a deadline early
    (a re-send) and never late (a spare ACK). While the sink is busy, bytes pile up
    unseen and get the time of the check before the sink was called.
    """

    def __init__(self, now: float) -> None:
        # (stream position, time): every byte from that position on arrived after that
        # time. Both only grow; the port was empty when it was opened.
        self._marks: deque[tuple[int, float]] = deque([(0, now)])
        self._read = 0

    def seen(self, waiting: int, at: float) -> None:
        """``waiting`` bytes were waiting when the clock said ``at``."""
        self._marks.append((self._read + waiting, at))

    def take(self, n: int) -> float:
        """The next ``n`` bytes were read: when, at the earliest, they arrived."""
        start = self._read
        while len(self._marks) > 1 and self._marks[1][0] <= start:
            self._marks.popleft()
        self._read += n
        return self._marks[0][1]


class SerialLink:
    def __init__(
        self,
        spec: PortSpec,
        codec: Codec,
        sink: EventSink,
        *,
        on_state: Callable[[LinkState], None] | None = None,
        opener: Opener = open_serial,
        finder: Callable[[PortSpec], str | None] = find_usb_port,
        silence_s: float | None = None,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0,
        max_attempts: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        open_settle_s: float = 0.05,
    ) -> None:
        self.spec = spec
        self.codec = codec
        self.sink = sink
        self.on_state = on_state
        self.opener = opener
        self.finder = finder
        self.silence_s = silence_s if silence_s is not None else spec.silence_s
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.max_attempts = max_attempts
        self.clock = clock
        self.open_settle_s = open_settle_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: Port | None = None
        self._state = LinkState(LinkStatus.STOPPED, spec.label, datetime.now(UTC))
        self._lock = threading.Lock()
        self.ack_window_s = spec.ack_window_s
        self.margin_s = answer_margin(spec.ack_window_s)
        self.frames_in = 0
        self.replies_out = 0
        # Answers not written because the receiver's ACK window had closed.
        self.replies_late = 0
        # Bytes read away unanswered when a port was opened.
        self.discarded_bytes = 0

    # -- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"link {self.spec.label}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._close()
        self._set_state(LinkStatus.STOPPED, "stopped")

    @property
    def state(self) -> LinkState:
        with self._lock:
            return self._state

    def write(self, data: bytes) -> None:
        """Send bytes to the device (a link test, a modem init string)."""
        port = self._port
        if port is None:
            raise serial.SerialException(f"{self.spec.label}: not connected")
        port.write(data)

    # -- the reader thread ------------------------------------------------------------
    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            name = self._resolve()
            if name is None:
                reason = f"USB adapter {self.spec.label} not plugged in"
            else:
                self._set_state(
                    LinkStatus.CONNECTING if attempt == 0 else LinkStatus.RECONNECTING,
                    f"opening {name}",
                    keep_since=attempt > 0,
                )
                try:
                    self._port = self.opener(self.spec, name)
                except (serial.SerialException, OSError, ValueError) as exc:
                    reason = f"cannot open {name}: {exc}"
                else:
                    attempt = 0
                    emptied = self.clock()
                    reason = self._discard_stale(name)
                    if not reason:
                        self._set_state(LinkStatus.CONNECTED, f"open {name}")
                        reason = self._pump(name, emptied)
                    self._close()
                    if self._stop.is_set():
                        break
                    self._drop_held(name)
            attempt += 1
            log.warning("%s: %s (attempt %d)", self.spec.label, reason, attempt)
            if self.max_attempts is not None and attempt >= self.max_attempts:
                self._set_state(LinkStatus.FAILED, reason)
                return
            self._set_state(LinkStatus.RECONNECTING, reason, keep_since=attempt > 1)
            delay = min(self.backoff_max_s, self.backoff_initial_s * 2 ** (attempt - 1))
            self._stop.wait(delay)

    def _resolve(self) -> str | None:
        if self.spec.usb_serial or self.spec.usb_vid_pid:
            found = self.finder(self.spec)
            if found:
                return found
            # Not listed (yet): a named port may still be right, e.g. a fixed udev symlink.
            return self.spec.port or None
        return self.spec.port

    def _discard_stale(self, name: str) -> str:
        """Read away what waits in a just-opened port; returns why that failed, or "".

        Whatever is read later arrived after this began: what was there is gone.
        """
        port = self._port
        assert port is not None
        dropped = 0
        try:
            # pyserial's open() already flushed the kernel's buffer, uncounted; this
            # counts and drops what came since, and serves ports that do not flush.
            reset = getattr(port, "reset_input_buffer", None)
            if reset is not None:
                dropped = port.in_waiting
                reset()
            # A USB adapter hands over what its FIFO held only once the port is open,
            # within its latency timer (16 ms on an FTDI): that arrives after any flush.
            # Its own clock, not self.clock: an injected clock may stand still.
            settled = time.monotonic() + self.open_settle_s
            # A line that never pauses is read as it comes, not drained forever.
            cap = settled + 1.0
            while not self._stop.is_set() and time.monotonic() < cap:
                waiting = port.in_waiting
                if waiting:
                    # in_waiting > 0: the read returns at once.
                    dropped += len(port.read(min(waiting, 4096)))
                elif time.monotonic() >= settled:
                    break
                else:
                    time.sleep(0.005)
        except (serial.SerialException, OSError) as exc:
            return f"cannot clear the input of {name}: {exc}"
        if dropped:
            self.discarded_bytes += dropped
            log.warning(
                "%s: discarded %d byte(s) waiting on %s when it was opened; "
                "the receiver re-sends what was not acknowledged",
                self.spec.label,
                dropped,
                name,
            )
        else:
            log.info("%s: %s opened with an empty input", self.spec.label, name)
        return ""

    def _drop_held(self, name: str) -> None:
        """After a failure: the codec's half frame belongs to a connection that is gone."""
        if not self.codec.buffered:
            return
        held = self.codec.buffered
        events = self.codec.flush()
        log.warning(
            "%s: %d byte(s) of an unfinished frame dropped with %s", self.spec.label, held, name
        )
        for event in events:
            # Stored (a caller-ID record is not sent twice) but never answered: the new
            # connection's receiver re-sends whatever was waiting for an answer.
            self._store(event, self.clock())

    def _pump(self, name: str, emptied: float) -> str:
        """Read until the port fails or we are stopped; returns why it ended.

        ``emptied``: every byte still to be read arrived after it.
        """
        port = self._port
        assert port is not None
        last_rx = self.clock()
        last_check = last_rx
        silent = False
        arrivals = Arrivals(emptied)
        arrived = emptied
        # When the bytes the codec still holds began to arrive: the bound for events
        # that poll() or flush() completes without new bytes.
        held_since: float | None = None
        while not self._stop.is_set():
            try:
                checked = self.clock()
                waiting = port.in_waiting
                arrivals.seen(waiting, checked)
                data = port.read(max(1, min(waiting, 4096)))
            except (serial.SerialException, OSError) as exc:
                return f"read failed on {name}: {exc}"
            now = self.clock()
            events: list[tuple[Event, float]] = []
            if data:
                last_rx = now
                if silent:
                    silent = False
                    self._set_state(LinkStatus.CONNECTED, f"data again on {name}")
                arrived = arrivals.take(len(data))
                if held_since is None:
                    held_since = arrived
                # A frame completed here ended in this chunk, so after its bound.
                events = [(e, arrived) for e in self.codec.feed(data)]
                if not self.codec.buffered:
                    held_since = None
            polled = self.codec.poll()
            if polled:
                since = held_since if held_since is not None else arrived
                events += [(e, since) for e in polled]
                if not self.codec.buffered:
                    held_since = None
            for event, at in events:
                failure = self._deliver(port, event, at)
                if failure:
                    return failure
            if now - last_check >= 1.0:
                last_check = now
                # pyserial does not always notice an unplugged USB adapter: its device
                # node vanishes while reads just time out.
                if name.startswith("/dev/") and not os.path.exists(name):
                    return f"{name} vanished (unplugged?)"
            if self.silence_s and not silent and now - last_rx >= self.silence_s:
                silent = True
                self._set_state(
                    LinkStatus.CONNECTED,
                    f"no data from {name} for {now - last_rx:.0f} s",
                    silent_s=now - last_rx,
                )
        since = held_since if held_since is not None else arrived
        for event in self.codec.flush():
            self._deliver(port, event, since)
        return "stopped"

    def _store(self, event: Event, deadline: float) -> bool:
        self.frames_in += 1
        try:
            return bool(self.sink(event, deadline))
        except Exception:
            # Not stored means not answered: the receiver keeps the event and re-sends.
            log.exception("%s: storing %s failed; not acknowledged", self.spec.label, event.kind)
            return False

    def _deliver(self, port: Port, event: Event, arrived: float) -> str | None:
        deadline = arrived + self.ack_window_s - self.margin_s
        if not self._store(event, deadline):
            return None
        reply = self.codec.reply_for(event)
        if not reply:
            return None
        now = self.clock()
        if now >= deadline:
            self.replies_late += 1
            log.warning(
                "%s: ACK window passed (%s stored %.2f s after its frame arrived, window"
                " %g s); not answering; the receiver re-sends",
                self.spec.label,
                event.kind,
                now - arrived,
                self.ack_window_s,
            )
            return None
        try:
            port.write(reply)
        except (serial.SerialException, OSError) as exc:
            return f"write failed: {exc}"
        self.replies_out += 1
        return None

    def _close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception:  # closing a vanished device can fail in odd ways
                log.debug("close failed", exc_info=True)

    def _set_state(
        self,
        status: LinkStatus,
        reason: str,
        *,
        keep_since: bool = False,
        silent_s: float | None = None,
    ) -> None:
        with self._lock:
            since = self._state.since if keep_since else datetime.now(UTC)
            new = LinkState(status, self.spec.label, since, reason, silent_s)
            changed = (new.status, new.reason, new.silent_s) != (
                self._state.status,
                self._state.reason,
                self._state.silent_s,
            )
            self._state = new
        if changed and self.on_state is not None:
            try:
                self.on_state(new)
            except Exception:
                log.exception("state listener failed")


def describe(state: LinkState) -> dict[str, Any]:
    """Plain values for a status line or a log."""
    return {
        "status": str(state.status),
        "port": state.port,
        "since": state.since.isoformat(),
        "reason": state.reason,
        "silent_s": state.silent_s,
    }
