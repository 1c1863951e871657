"""The serial link over real pseudo-terminals: ACK after storing, reconnects, silence."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial

from hardware.codecs import make_codec
from hardware.events import AlarmEvent, Event, Heartbeat
from hardware.transport.link import LinkState, LinkStatus, SerialLink
from hardware.transport.spec import SpecError, parse_spec
from tests.hardware.serial_pair import PtyPair, SocatPair

FRAME = b"5011 181234E12101001\x14"
HEARTBEAT = b"1011           @    \x14"
ACK = b"\x06"


def wait_for(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


@pytest.fixture
def pty() -> Iterator[PtyPair]:
    pair = PtyPair()
    yield pair
    pair.close()


class Recorder:
    def __init__(self, store: bool = True) -> None:
        self.events: list[Event] = []
        self.store = store
        self.states: list[LinkState] = []
        self.lock = threading.Lock()

    def sink(self, event: Event, deadline: float) -> bool:
        with self.lock:
            self.events.append(event)
        return self.store

    def on_state(self, state: LinkState) -> None:
        self.states.append(state)


def link_for(port: str, rec: Recorder, **kw: object) -> SerialLink:
    spec = parse_spec(f"{port},protocol=surgard")
    return SerialLink(
        spec,
        make_codec("surgard"),
        rec.sink,
        on_state=rec.on_state,
        backoff_initial_s=0.05,
        backoff_max_s=0.2,
        **kw,  # type: ignore[arg-type]
    )


def test_spec_defaults_and_overrides() -> None:
    s = parse_spec("/dev/ttyUSB0,protocol=surgard")
    assert (s.port, s.baudrate, s.bytesize, s.parity, s.stopbits) == (
        "/dev/ttyUSB0",
        9600,
        8,
        "N",
        1,
    )
    s = parse_spec("COM3,protocol=surgard,baud=19200,bytesize=7,parity=E,stopbits=1")
    assert (s.baudrate, s.bytesize, s.parity) == (19200, 7, "E")
    s = parse_spec("usb=0403:6001,protocol=ademco685")
    assert s.usb_vid_pid == (0x0403, 0x6001) and s.port == ""
    assert parse_spec(s.to_text()) == s
    assert s.ack_window_s == 4.0
    s = parse_spec("/dev/ttyUSB0,protocol=surgard,ack_window=2.5")
    assert s.ack_window_s == 2.5
    assert parse_spec(s.to_text()) == s


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/dev/ttyUSB0", "protocol= is required"),
        ("/dev/ttyUSB0,protocol=surgard,baud=fast", "invalid literal"),
        ("/dev/ttyUSB0,protocol=surgard,parity=X", "parity must be"),
        ("/dev/ttyUSB0,protocol=surgard,bytesize=9", "bytesize must be"),
        ("/dev/ttyUSB0,protocol=surgard,speed=9600", "'speed=9600' is not an option"),
        ("protocol=surgard", "name the port"),
        ("/dev/ttyUSB0,protocol=nosuch", "unknown protocol"),
        ("/dev/ttyUSB0,protocol=surgard,ack_window=soon", "ack_window=soon is not seconds"),
        ("/dev/ttyUSB0,protocol=surgard,ack_window=0", "ack_window=0 must be seconds above 0"),
        ("/dev/ttyUSB0,protocol=surgard,ack_window=-1", "ack_window=-1 must be seconds"),
        ("/dev/ttyUSB0,protocol=surgard,ack_window=4000", "at most 60"),
        ("/dev/ttyUSB0,protocol=surgard,ack_window=nan", "ack_window=nan must be seconds"),
    ],
)
def test_bad_specs_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(SpecError) as exc:
        parse_spec(text, known_protocols={"surgard", "callerid"})
    assert says in str(exc.value)
    assert text in str(exc.value)


def test_ack_goes_out_only_after_the_event_is_stored(pty: PtyPair) -> None:
    rec = Recorder()
    link = link_for(pty.device, rec)
    link.start()
    try:
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED)
        # A frame in pieces, as a slow line delivers it.
        pty.write(FRAME[:7])
        time.sleep(0.15)
        pty.write(FRAME[7:])
        assert pty.read(until=ACK) == ACK
        assert len(rec.events) == 1
        ev = rec.events[0]
        assert isinstance(ev, AlarmEvent)
        assert (ev.account, ev.event_code, ev.qualifier) == ("1234", "121", "new")
        pty.write(HEARTBEAT)
        assert pty.read(until=ACK) == ACK
        assert isinstance(rec.events[1], Heartbeat)
    finally:
        link.stop()


def test_nothing_is_acknowledged_when_storing_fails(pty: PtyPair) -> None:
    rec = Recorder(store=False)
    link = link_for(pty.device, rec)
    link.start()
    try:
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED)
        pty.write(FRAME)
        assert wait_for(lambda: len(rec.events) == 1)
        assert pty.read(timeout=0.5) == b""
        # The receiver re-sends; now the store works and the ACK follows.
        rec.store = True
        pty.write(FRAME)
        assert pty.read(until=ACK) == ACK
    finally:
        link.stop()


def test_a_failing_sink_does_not_kill_the_link(pty: PtyPair) -> None:
    calls: list[Event] = []

    def sink(event: Event, deadline: float) -> bool:
        calls.append(event)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return True

    link = SerialLink(parse_spec(f"{pty.device},protocol=surgard"), make_codec("surgard"), sink)
    link.start()
    try:
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED)
        pty.write(FRAME)
        assert pty.read(timeout=0.5) == b""
        pty.write(FRAME)
        assert pty.read(until=ACK) == ACK
    finally:
        link.stop()


def test_bad_frame_gets_a_nak(pty: PtyPair) -> None:
    rec = Recorder()
    link = link_for(pty.device, rec)
    link.start()
    try:
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED)
        pty.write(b"5011 18123\x14")
        assert pty.read(until=b"\x15") == b"\x15"
        assert rec.events[0].kind == "error"
    finally:
        link.stop()


def test_closing_and_reopening_the_pty_reconnects(tmp_path: Path) -> None:
    pair = SocatPair(tmp_path)
    pair.up()
    rec = Recorder()
    link = link_for(pair.a, rec)
    link.start()
    other = serial.Serial(pair.b, timeout=0.1)
    try:
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED)
        other.write(FRAME)
        assert other.read(1) == ACK or other.read(1) == ACK
        other.close()
        pair.down()
        assert wait_for(lambda: link.state.status is LinkStatus.RECONNECTING)
        assert link.state.reason
        pair.up()
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED, timeout=10)
        other = serial.Serial(pair.b, timeout=0.1)
        other.write(FRAME.replace(b"E121", b"R121"))
        deadline = time.monotonic() + 3
        got = b""
        while ACK not in got and time.monotonic() < deadline:
            got += other.read(1)
        assert ACK in got
        assert [e.qualifier for e in rec.events if isinstance(e, AlarmEvent)] == ["new", "restore"]
    finally:
        other.close()
        link.stop()
        pair.down()


def test_a_silent_receiver_is_reported_and_cleared(pty: PtyPair) -> None:
    rec = Recorder()
    link = link_for(pty.device, rec, silence_s=0.3)
    link.start()
    try:
        assert wait_for(lambda: link.state.silent_s is not None)
        assert "no data" in link.state.reason
        pty.write(HEARTBEAT)
        assert wait_for(lambda: link.state.silent_s is None)
        assert link.state.status is LinkStatus.CONNECTED
    finally:
        link.stop()


def test_usb_adapter_found_again_under_a_new_name(pty: PtyPair) -> None:
    where: dict[str, str | None] = {"port": None}
    rec = Recorder()
    spec = parse_spec("usb=FT4ABC12,protocol=surgard")
    link = SerialLink(
        spec,
        make_codec("surgard"),
        rec.sink,
        finder=lambda s: where["port"],
        backoff_initial_s=0.05,
        backoff_max_s=0.1,
    )
    link.start()
    try:
        assert wait_for(lambda: "not plugged in" in link.state.reason)
        assert link.state.status is LinkStatus.RECONNECTING
        where["port"] = pty.device
        assert wait_for(lambda: link.state.status is LinkStatus.CONNECTED)
        pty.write(FRAME)
        assert pty.read(until=ACK) == ACK
    finally:
        link.stop()


def test_gives_up_after_max_attempts_as_failed(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-tty")
    rec = Recorder()
    link = link_for(missing, rec, max_attempts=2)
    link.start()
    assert wait_for(lambda: link.state.status is LinkStatus.FAILED)
    assert missing in link.state.reason
    link.stop()
    assert not os.path.exists(missing)
