"""A serial link: a reader thread between one port and one codec, that never gives up.

It owns the port: opens it (finding a USB adapter again by its serial number or VID:PID
when it comes back under another name), feeds what arrives to the codec, hands each event
to the sink and writes the codec's answer (ACK/NAK) only after the sink says the event is
stored. When the port fails or vanishes it closes it, reports ``reconnecting`` with the
reason and tries again with back-off. Its state is explicit so the console can show it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
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


# Returns True once the event is safely stored (or, for a bad frame, recorded): only then
# does the link write the codec's answer. False or an exception means "not stored": no
# answer goes out, and the receiver will send the frame again.
EventSink = Callable[[Event], bool]
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
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: Port | None = None
        self._state = LinkState(LinkStatus.STOPPED, spec.label, datetime.now(UTC))
        self._lock = threading.Lock()
        self.frames_in = 0
        self.replies_out = 0

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
                    self._set_state(LinkStatus.CONNECTED, f"open {name}")
                    reason = self._pump(name)
                    self._close()
                    if self._stop.is_set():
                        break
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

    def _pump(self, name: str) -> str:
        """Read until the port fails or we are stopped; returns why it ended."""
        port = self._port
        assert port is not None
        last_rx = self.clock()
        last_check = last_rx
        silent = False
        while not self._stop.is_set():
            try:
                data = port.read(max(1, min(port.in_waiting, 4096)))
            except (serial.SerialException, OSError) as exc:
                return f"read failed on {name}: {exc}"
            now = self.clock()
            events: list[Event] = []
            if data:
                last_rx = now
                if silent:
                    silent = False
                    self._set_state(LinkStatus.CONNECTED, f"data again on {name}")
                events = self.codec.feed(data)
            events += self.codec.poll()
            for event in events:
                failure = self._deliver(port, event)
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
        for event in self.codec.flush():
            self._deliver(port, event)
        return "stopped"

    def _deliver(self, port: Port, event: Event) -> str | None:
        self.frames_in += 1
        try:
            stored = self.sink(event)
        except Exception:
            # Not stored means not answered: the receiver keeps the event and re-sends.
            log.exception("%s: storing %s failed; not acknowledged", self.spec.label, event.kind)
            return None
        if not stored:
            return None
        reply = self.codec.reply_for(event)
        if reply:
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
