"""``anxin simulate`` as a DC-09 transmitter, against a receiver on a local TCP port."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from app.cli import main
from app.simulate import run_cli
from hardware.codecs.dc09 import Dc09Codec
from hardware.events import AlarmEvent, Event, FrameError, LinkTest


@dataclass
class Receiver:
    """One connection at a time, decoded with the gateway's codec and answered by it."""

    port: int
    events: list[Event] = field(default_factory=list)


def _serve(server: socket.socket, receiver: Receiver, stop: threading.Event) -> None:
    server.settimeout(0.1)
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        codec = Dc09Codec()
        with conn:
            conn.settimeout(0.1)
            while not stop.is_set():
                try:
                    data = conn.recv(4096)
                except TimeoutError:
                    continue
                if not data:
                    break
                for event in codec.feed(data):
                    receiver.events.append(event)
                    answer = codec.reply_for(event)
                    if answer:
                        conn.sendall(answer)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = socket.create_server(("127.0.0.1", 0))
    got = Receiver(server.getsockname()[1])
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, got, stop), daemon=True)
    thread.start()
    try:
        yield got
    finally:
        stop.set()
        thread.join(3)
        server.close()


def test_dc09_heartbeat_through_the_command_line(
    receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"socket://127.0.0.1:{receiver.port}"
    args = ["--port", url, "--protocol", "dc09", "--scenario", "heartbeat", "--count", "3"]
    rc = main(["simulate", *args, "--rate", "20", "--ack-timeout", "2", "--give-up", "20"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "sent 3, acked 3" in out and "unacked 0" in out
    assert not [e for e in receiver.events if isinstance(e, FrameError)]
    tests = [e for e in receiver.events if isinstance(e, LinkTest)]
    assert [e.sequence for e in tests] == ["0001", "0002", "0003"]
    assert {e.account for e in tests} == {"1234"}


def test_dc09_heartbeat_carries_the_given_account(receiver: Receiver) -> None:
    lines: list[str] = []
    rc = run_cli(
        f"socket://127.0.0.1:{receiver.port}", "dc09", "heartbeat", count=1, rate=None,
        accounts=["BEEF"], baudrate=9600, ack_timeout=2.0, give_up_s=20.0,
        print_line=lines.append,
    )  # fmt: skip
    assert rc == 0, lines
    (event,) = receiver.events
    assert isinstance(event, LinkTest) and event.account == "BEEF"


def test_dc09_single_alarm_is_acknowledged(receiver: Receiver) -> None:
    lines: list[str] = []
    rc = run_cli(
        f"socket://127.0.0.1:{receiver.port}", "dc09", "single", count=1, rate=None,
        accounts=None, baudrate=9600, ack_timeout=2.0, give_up_s=20.0,
        print_line=lines.append,
    )  # fmt: skip
    assert rc == 0 and lines[-1].startswith("sent 1, acked 1"), lines
    (event,) = receiver.events
    assert isinstance(event, AlarmEvent)
    assert (event.account, event.event_code, event.restore) == ("1234", "101", False)
