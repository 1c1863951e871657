"""Demo mode's gateway: the real one, fed by simulated boxes over pseudo-terminals.

A newcomer running ``make run`` has no receiver and no caller-ID modem, but should see
calls and alarms arrive exactly as they would on site. So demo mode opens two pty pairs,
runs the real ``Gateway`` (links, codecs, ingestor, ACK after commit) on the device ends
and a ``Simulator`` on the other ends, playing a quiet shift: heartbeats every 30 s, now
and then an SOS press or a trouble report from a real demo device, and calls from real
demo elders' phones (and the odd unknown number). No Qt: the console just listens on the bus.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import select
import tempfile
import threading
import time
import tty
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select as sql_select
from sqlalchemy import update

from app import phones
from app.bus import Bus
from app.context import Database
from app.gateway.service import Gateway, GatewayConfig
from app.simulate import Simulator
from db.models import Device, ElderPhone

log = logging.getLogger(__name__)

# (event code, weight): mostly what a telecare centre hears, a restore-free mix.
HEARTBEAT_S = 30.0
ALARM_MIX = (("101", 45), ("100", 15), ("654", 5), ("301", 10), ("384", 10), ("602", 15))


class PtyEnd:
    """The simulator's end of a pseudo-terminal, shaped like the serial port it expects."""

    def __init__(self, fd: int, timeout: float = 0.05) -> None:
        self.fd = fd
        self.timeout = timeout

    @property
    def in_waiting(self) -> int:
        return 0

    def read(self, size: int = 1) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], self.timeout)
        if not ready:
            return b""
        try:
            return os.read(self.fd, size)
        except OSError:  # the other end closed: as a serial port, just no data
            return b""

    def write(self, data: bytes) -> int:
        return os.write(self.fd, data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _pty_pair() -> tuple[PtyEnd, str, int]:
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    # The slave stays open here too, so the pty lives while the link reopens it.
    return PtyEnd(master), os.ttyname(slave), slave


class DemoGateway:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        *,
        first_event_s: float = 3.0,
        every_s: tuple[float, float] = (20.0, 45.0),
        seed: int | None = None,
    ) -> None:
        self.db = db
        self.bus = bus
        self.first_event_s = first_event_s
        self.every_s = every_s
        self.rng = random.Random(seed)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._fds: list[int] = []
        self._folder = Path(tempfile.mkdtemp(prefix="anxin-demo-gateway-"))
        self.alarm_end, alarm_dev, s1 = _pty_pair()
        self.call_end, call_dev, s2 = _pty_pair()
        self._fds = [s1, s2]
        self.gateway = Gateway(
            db,
            bus,
            GatewayConfig(
                serial=[
                    f"{alarm_dev},protocol=surgard,name=demo-receiver",
                    f"{call_dev},protocol=callerid,name=demo-callerid",
                ],
                journal=str(self._folder / "journal.jsonl"),
            ),
        )
        self.alarms = Simulator(self.alarm_end, "surgard", ack_timeout=4.0)
        self.calls = Simulator(self.call_end, "callerid")

    def start(self) -> None:
        self._refresh_device_tests()
        self.gateway.start()
        t = threading.Thread(target=self._play, name="demo boxes", daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        self.alarms.stop()
        self.calls.stop()
        for t in self._threads:
            t.join(6)
        self.gateway.stop()
        for end in (self.alarm_end, self.call_end):
            end.close()
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        for f in self._folder.glob("*"):
            f.unlink(missing_ok=True)
        self._folder.rmdir()

    def _refresh_device_tests(self) -> None:
        """Pretend the demo's devices kept testing while the console was off.

        Real devices check in daily; the demo's exist only in the database, so without
        this every one of them would turn "silent" a day after seeding. One in a hundred
        is left alone, so the device-silent alarm can still be seen.
        """
        now = datetime.now(UTC)
        with self.db.sessions() as s:
            s.execute(
                update(Device)
                .where(Device.id % 100 != 0)
                .values(last_test_at=now - timedelta(hours=1))
            )
            s.commit()

    # -- the simulated shift --------------------------------------------------------------
    def _cast(self) -> tuple[list[str], list[str]]:
        """Device accounts and phone numbers of real demo elders (a sample is enough)."""
        with self.db.sessions() as s:
            accounts = list(
                s.scalars(sql_select(Device.account).where(Device.elder_id.is_not(None)).limit(200))
            )
            numbers = [
                phones.display(n).replace(" ", "")
                for n in s.scalars(sql_select(ElderPhone.number_norm).limit(200))
            ]
        return accounts or ["1234"], numbers or ["13800138000"]

    def _play(self) -> None:
        """One thread owns the receiver line: frames and heartbeats never interleave."""
        accounts, numbers = self._cast()
        codes, weights = zip(*ALARM_MIX, strict=True)
        # Something to see at once: a call, then an SOS press.
        if self._stop.wait(self.first_event_s):
            return
        self._call(self.rng.choice(numbers))
        if self._stop.wait(self.first_event_s):
            return
        self._alarm(self.rng.choice(accounts), "101")
        next_event = time.monotonic() + self.rng.uniform(*self.every_s)
        next_beat = time.monotonic() + HEARTBEAT_S
        while not self._stop.wait(max(0.0, min(next_event, next_beat) - time.monotonic())):
            now = time.monotonic()
            if now >= next_beat:
                next_beat = now + HEARTBEAT_S
                self._send(self.alarms.heartbeat_frame())
            if now < next_event:
                continue
            next_event = now + self.rng.uniform(*self.every_s)
            if self.rng.random() < 0.5:
                unknown = self.rng.random() < 0.15
                number = (
                    f"139{self.rng.randrange(10**8):08d}" if unknown else self.rng.choice(numbers)
                )
                self._call(number)
            else:
                code = self.rng.choices(codes, weights)[0]
                self._alarm(self.rng.choice(accounts), code)

    def _call(self, number: str) -> None:
        try:
            self.calls.run_callerid([number], 1)
        except OSError:
            log.exception("demo caller ID failed")

    def _alarm(self, account: str, code: str) -> None:
        self._send(self.alarms.alarm_frame(account, code, f"{self.rng.randint(1, 4):03d}"))

    def _send(self, frame: bytes) -> None:
        try:
            self.alarms.send_all([frame])
        except OSError:
            log.exception("demo receiver failed")
