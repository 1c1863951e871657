"""The receiver's ACK window, against a stop-and-wait receiver on a real pty.

The receiver has no sequence numbers: an ACK that comes after it has re-sent is taken for
whatever it waits on next. So each test counts the ACKs each frame got, and checks that
every ACK came only once its own frame was stored.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import struct
import termios
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
import serial

from hardware.codecs import make_codec
from hardware.codecs.encode import encode_surgard
from hardware.events import AlarmEvent, Event
from hardware.transport.link import (
    Arrivals,
    LinkStatus,
    Port,
    SerialLink,
    answer_margin,
    open_serial,
)
from hardware.transport.spec import PortSpec, parse_spec
from tests.hardware.serial_pair import PtyPair

ACK, NAK = 0x06, 0x15
WINDOW = 1.0
ACCOUNTS = ["1001", "1002", "1003", "1004"]


def frame(account: str) -> bytes:
    return encode_surgard(account, "new", "101", "01", "001")


def wait_for(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


class Store:
    """The sink: stores each account once, as the ingest's dedupe does, and counts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stored: Counter[str] = Counter()  # rows per account
        self.deliveries: Counter[str] = Counter()  # times the link handed the frame over
        self.deadlines: list[tuple[float, float]] = []  # (called at, deadline)
        self.slow: dict[str, float] = {}  # account -> seconds to sleep, once

    def sink(self, event: Event, deadline: float) -> bool:
        called = time.monotonic()
        if not isinstance(event, AlarmEvent):
            return True
        with self.lock:
            self.deadlines.append((called, deadline))
            self.deliveries[event.account] += 1
            pause = self.slow.pop(event.account, 0.0)
        if pause:
            time.sleep(pause)  # the database stalls on this one
        with self.lock:
            if not self.stored[event.account]:
                self.stored[event.account] = 1
        return True

    def has(self, account: str) -> bool:
        with self.lock:
            return self.stored[account] > 0


class Receiver:
    """A Sur-Gard-like receiver: one frame at a time, re-sent until it is ACKed.

    After an ACK it keeps listening for ``linger`` seconds before the next frame and
    counts any further ACK for the same frame, which a real receiver would have taken
    for the next one.
    """

    def __init__(
        self,
        pty: PtyPair,
        accounts: list[str],
        store: Store,
        *,
        window: float = WINDOW,
        linger: float = 0.3,
        max_sends: int = 6,
    ) -> None:
        self.pty = pty
        self.accounts = accounts
        self.store = store
        self.window = window
        self.linger = linger
        self.max_sends = max_sends
        self.acks: Counter[str] = Counter()
        self.sends: Counter[str] = Counter()
        self.naks = 0
        # ACKs that came before the frame they answered was stored.
        self.early: list[str] = []
        # Called with (account, attempt) instead of the receiver's own write.
        self.send_hook: Callable[[str, int, bytes], None] | None = None
        self.stray_after_last = 0
        self._thread = threading.Thread(target=self._run, name="receiver", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float = 15.0) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the receiver did not finish"

    def _answers(self, timeout: float) -> list[int]:
        """ACK/NAK bytes that arrive within ``timeout``; returns at the first one."""
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.pty.master], [], [], left)
            if not ready:
                break
            with contextlib.suppress(BlockingIOError):
                got = [b for b in os.read(self.pty.master, 64) if b in (ACK, NAK)]
                if got:
                    return got
        return []

    def _run(self) -> None:
        for account in self.accounts:
            data = frame(account)
            for attempt in range(self.max_sends):
                self.sends[account] += 1
                if self.send_hook is not None:
                    self.send_hook(account, attempt, data)
                else:
                    self.pty.write(data)
                answers = self._answers(self.window)
                if ACK in answers:
                    self._count(account, answers.count(ACK))
                    end = time.monotonic() + self.linger
                    while (left := end - time.monotonic()) > 0:
                        self._count(account, self._answers(left).count(ACK))
                    break
                if NAK in answers:
                    self.naks += 1
        end = time.monotonic() + self.window
        while (left := end - time.monotonic()) > 0:
            self.stray_after_last += self._answers(left).count(ACK)

    def _count(self, account: str, n: int) -> None:
        if n and not self.store.has(account):
            self.early.append(account)
        self.acks[account] += n


@pytest.fixture
def pty() -> Iterator[PtyPair]:
    pair = PtyPair()
    yield pair
    pair.close()


def make_link(spec: PortSpec, store: Store, **kw: object) -> SerialLink:
    return SerialLink(
        spec,
        make_codec("surgard"),
        store.sink,
        backoff_initial_s=0.05,
        backoff_max_s=0.1,
        **kw,  # type: ignore[arg-type]
    )


def spec_for(device: str) -> PortSpec:
    return parse_spec(f"{device},protocol=surgard,ack_window={WINDOW:g}")


def connected(link: SerialLink) -> bool:
    return link.state.status is LinkStatus.CONNECTED


def assert_each_acked_and_stored_once(rx: Receiver, store: Store, accounts: list[str]) -> None:
    assert dict(rx.acks) == dict.fromkeys(accounts, 1)
    assert rx.early == []
    assert rx.stray_after_last == 0
    assert dict(store.stored) == dict.fromkeys(accounts, 1)


def test_the_margin_is_half_a_second_or_a_tenth_of_the_window() -> None:
    assert answer_margin(4.0) == pytest.approx(0.4)
    assert answer_margin(10.0) == pytest.approx(0.5)
    assert answer_margin(1.0) == pytest.approx(0.1)


def test_arrival_bounds_are_never_later_than_the_bytes() -> None:
    a = Arrivals(0.0)
    a.seen(0, 1.0)  # empty; the read blocks until a byte comes
    assert a.take(1) == 1.0
    a.seen(20, 1.01)  # the rest of the frame was already there
    assert a.take(20) == 1.0
    a.seen(0, 1.02)
    # The sink then took 1.5 s; what piled up meanwhile may have come right after 1.02.
    a.seen(42, 2.5)
    assert a.take(42) == 1.02
    # Back to back (a full buffer each time): beyond what waited at a check came later.
    a.seen(4096, 3.0)
    assert a.take(4096) == 2.5
    a.seen(4096, 3.2)
    assert a.take(4096) == 3.0
    a.seen(100, 3.3)
    assert a.take(50) == 3.2
    assert a.take(50) == 3.2


def test_the_sink_is_told_when_the_window_closes(pty: PtyPair) -> None:
    store = Store()
    link = make_link(spec_for(pty.device), store)
    link.start()
    try:
        assert wait_for(lambda: connected(link))
        sent = time.monotonic()
        pty.write(frame("1001"))
        assert wait_for(lambda: store.has("1001"))
        ((called, deadline),) = store.deadlines
        # Arrival is a lower bound taken at most one read timeout (0.1 s) before the
        # frame came, never after it.
        arrival = deadline - WINDOW + answer_margin(WINDOW)
        assert sent - 0.15 <= arrival <= called
    finally:
        link.stop()


def test_a_store_slower_than_the_window_gets_one_ack_for_its_resend(pty: PtyPair) -> None:
    store = Store()
    store.slow["1002"] = WINDOW * 1.5
    link = make_link(spec_for(pty.device), store)
    link.start()
    try:
        assert wait_for(lambda: connected(link))
        rx = Receiver(pty, ACCOUNTS[:3], store)
        rx.start()
        rx.join()
    finally:
        link.stop()
    # Never two ACKs for the slow frame, and the next frame's ACK was its own.
    assert_each_acked_and_stored_once(rx, store, ACCOUNTS[:3])
    assert rx.sends["1002"] >= 2 and rx.sends["1001"] == rx.sends["1003"] == 1
    assert link.replies_late >= 1
    # The late answer was dropped, the re-sends were handed over and deduped.
    assert store.deliveries["1002"] >= 2


class BreakablePort:
    """A real pyserial port whose reads can be made to fail, like an unplugged adapter."""

    def __init__(self, port: Port) -> None:
        self.port = port
        self.broken = False

    @property
    def in_waiting(self) -> int:
        if self.broken:
            raise serial.SerialException("device disconnected")
        return self.port.in_waiting

    def reset_input_buffer(self) -> None:
        self.port.reset_input_buffer()  # type: ignore[attr-defined]

    def read(self, size: int = 1) -> bytes:
        if self.broken:
            raise serial.SerialException("device reports readiness to read but returned no data")
        return self.port.read(size)

    def write(self, data: bytes) -> int | None:
        return self.port.write(data)

    def close(self) -> None:
        self.port.close()


def test_a_port_reopened_after_a_failure_discards_what_was_in_flight(pty: PtyPair) -> None:
    store = Store()
    ports: list[BreakablePort] = []
    # What a USB adapter holds while nobody has its port open. pyserial flushes the
    # kernel's buffer on open; the adapter hands this over only after that.
    fifo = bytearray()
    plugged = threading.Event()
    plugged.set()

    def opener(spec: PortSpec, name: str) -> Port:
        plugged.wait(5)
        port = BreakablePort(open_serial(spec, name))
        if fifo:
            pty.write(bytes(fifo))
            # A pty passes bytes on asynchronously; a flush before they land would drop
            # them uncounted.
            assert wait_for(lambda: port.in_waiting == len(fifo))
            fifo.clear()
        ports.append(port)
        return port

    link = make_link(spec_for(pty.device), store, opener=opener)
    rx = Receiver(pty, ACCOUNTS, store)
    cut = 8

    def send(account: str, attempt: int, data: bytes) -> None:
        if account == "1002" and attempt == 0:
            # Half the frame reaches the link, then the adapter goes away with the rest.
            pty.write(data[:cut])
            assert wait_for(lambda: link.codec.buffered == cut)
            plugged.clear()
            ports[-1].broken = True
            assert wait_for(lambda: link.codec.buffered == 0)
            fifo.extend(data[cut:])
        elif not plugged.is_set():
            # The receiver's re-sends, a window apart, while the port is still closed:
            # two copies wait, and answering both would leave a spare ACK. Then the
            # adapter is plugged back in.
            fifo.extend(data)
            if attempt == 2:
                plugged.set()
        else:
            pty.write(data)

    rx.send_hook = send
    link.start()
    try:
        assert wait_for(lambda: connected(link))
        rx.start()
        rx.join()
    finally:
        link.stop()
    assert len(ports) >= 2
    assert_each_acked_and_stored_once(rx, store, ACCOUNTS)
    assert link.discarded_bytes == 3 * len(frame("1002")) - cut
    # The stale bytes never reached the sink: one delivery per frame.
    assert dict(store.deliveries) == dict.fromkeys(ACCOUNTS, 1)
    assert rx.sends["1002"] == 4


class RawPort:
    """A pty opened without pyserial: nothing flushes its input on open."""

    def __init__(self, device: str) -> None:
        self.fd = os.open(device, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)

    @property
    def in_waiting(self) -> int:
        buf = fcntl.ioctl(self.fd, termios.FIONREAD, b"\0\0\0\0")
        return int(struct.unpack("I", buf)[0])

    def read(self, size: int = 1) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], 0.1)
        return os.read(self.fd, size) if ready else b""

    def write(self, data: bytes) -> int | None:
        return os.write(self.fd, data)

    def close(self) -> None:
        os.close(self.fd)


def test_a_link_restarted_while_frames_wait_answers_each_once(pty: PtyPair) -> None:
    store = Store()
    link = make_link(spec_for(pty.device), store, opener=lambda spec, name: RawPort(name))
    rx = Receiver(pty, ACCOUNTS[:3], store)
    restarted = threading.Event()

    def send(account: str, attempt: int, data: bytes) -> None:
        if account == "1002" and attempt == 0:
            link.stop()  # the console closes the port (settings changed, say)
            pty.write(data)
            # The receiver re-sends after its window; both copies wait in the input.
            threading.Timer(WINDOW * 1.3, lambda: (link.start(), restarted.set())).start()
            return
        pty.write(data)

    rx.send_hook = send
    link.start()
    try:
        assert wait_for(lambda: connected(link))
        rx.start()
        rx.join()
        assert restarted.is_set()
    finally:
        link.stop()
    assert_each_acked_and_stored_once(rx, store, ACCOUNTS[:3])
    assert link.discarded_bytes == 2 * len(frame("1002"))
    assert dict(store.deliveries) == dict.fromkeys(ACCOUNTS[:3], 1)
    assert rx.sends["1002"] == 3
