"""A simulated alarm receiver / caller-ID box on a serial port, for installers and tests.

It behaves like a Sur-Gard MLR2 towards the automation computer: one frame at a time, wait
up to ``ack_timeout`` (4 s on real receivers) for ACK, re-send on NAK or silence, and after
``retries`` re-sends of one frame declare the computer absent: keep the frame buffered and
send only heartbeats until one is ACKed, then carry on where it stopped. Caller-ID boxes
do not wait for anything, so the caller-ID scenario just writes.

As a library: ``Simulator("socket://...", "surgard").run_storm(5000, rate=None)``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import serial

from hardware.codecs.encode import (
    adm_cid_data,
    encode_ademco685,
    encode_dc09,
    encode_hayes_call,
    encode_surgard,
    encode_surgard_heartbeat,
)

ACK, NAK = 0x06, 0x15
# The account a simulated DC-09 transmitter polls with (NULL link tests carry one).
DEFAULT_ACCOUNT = "1234"
RECEIVER_PROTOCOLS = ("surgard", "ademco685", "dc09")
SCENARIOS = ("single", "storm", "garbage", "callerid", "heartbeat")
# Noise that holds no frame terminator and no ACK/NAK byte: the gateway sees it as
# garbage in front of the next frame, which it reports and does not answer.
_NOISE = bytes(b for b in range(256) if b not in (0x00, 0x06, 0x0A, 0x0D, 0x14, 0x15))


class Port(Protocol):
    timeout: float | None

    def read(self, size: int = 1) -> bytes: ...
    def write(self, data: bytes) -> int | None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


@dataclass
class Summary:
    sent: int = 0  # distinct frames sent at least once
    acked: int = 0
    naks: int = 0
    retransmits: int = 0
    unacked: int = 0
    heartbeats: int = 0
    absent_episodes: int = 0
    elapsed_s: float = 0.0

    def line(self) -> str:
        return (
            f"sent {self.sent}, acked {self.acked}, retransmits {self.retransmits}, "
            f"naks {self.naks}, unacked {self.unacked}, heartbeats {self.heartbeats}, "
            f"computer absent {self.absent_episodes}x, {self.elapsed_s:.1f} s"
        )


def storm_events(n: int, accounts: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
    """``n`` distinct (account, code, zone): mostly AC loss (301), every 10th a 101."""
    accts = list(accounts) if accounts else [f"{2000 + i:04d}" for i in range(max(1, n // 50))]
    out = []
    for i in range(n):
        account = accts[i % len(accts)]
        # Zone and partition vary with i so that no two frames are alike (a power cut
        # gives every home its own frame).
        k = i // len(accts)
        code = "101" if i % 10 == 9 else "301"
        out.append((account, code, f"{k % 999 + 1:03d}|{k // 999 % 100:02d}"))
    return out


class Simulator:
    def __init__(
        self,
        port: str | Port,
        protocol: str,
        *,
        baudrate: int = 9600,
        ack_timeout: float = 4.0,
        retries: int = 3,
        heartbeat_s: float = 30.0,
        deadline_s: float | None = None,
        on_written: Callable[[int, bytes, float], None] | None = None,
        account: str = DEFAULT_ACCOUNT,
    ) -> None:
        """``account``: the transmitter's own account, which its DC-09 link tests carry."""
        if protocol not in (*RECEIVER_PROTOCOLS, "callerid"):
            raise ValueError(
                f"cannot simulate {protocol!r}; choose {', '.join(RECEIVER_PROTOCOLS)} or callerid"
            )
        if isinstance(port, str):
            self.port: Port = serial.serial_for_url(port, baudrate=baudrate, timeout=0.05)
            self._owns_port = True
        else:
            self.port = port
            self._owns_port = False
        self.protocol = protocol
        self.ack_timeout = ack_timeout
        self.retries = retries
        self.heartbeat_s = heartbeat_s
        self.deadline_s = deadline_s
        self.on_written = on_written
        self.account = account
        self.summary = Summary()
        self._seq = 0
        self._rx = bytearray()
        self._stop = False

    def stop(self) -> None:
        """Ask a running scenario to end after the frame in hand (from another thread)."""
        self._stop = True

    def close(self) -> None:
        if self._owns_port:
            self.port.close()

    # -- frames --------------------------------------------------------------------------
    def alarm_frame(
        self, account: str, code: str, zone: str = "001", partition: str = "00"
    ) -> bytes:
        if self.protocol == "surgard":
            return encode_surgard(account, "new", code, partition, zone)
        if self.protocol == "ademco685":
            return encode_ademco685(account, "new", code, partition, zone)
        self._seq = self._seq % 9999 + 1
        return encode_dc09(
            "ADM-CID", self._seq, account, adm_cid_data(account, "new", code, partition, zone)
        )

    def heartbeat_frame(self) -> bytes:
        if self.protocol == "dc09":
            self._seq = self._seq % 9999 + 1
            # A link test names its transmitter like any frame: DC-09 wants 3-16 hex digits.
            return encode_dc09("NULL", self._seq, self.account)
        # The 685 has no heartbeat of its own: a receiver re-tries its frame instead.
        return encode_surgard_heartbeat() if self.protocol == "surgard" else b""

    # -- answers -------------------------------------------------------------------------
    def _answer(self, timeout: float) -> str | None:
        """'ack', 'nak' or None (nothing within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while True:
            verdict = self._parse_answer()
            if verdict:
                return verdict
            if time.monotonic() >= deadline:
                return None
            # read(n) blocks until n bytes or the timeout: ask only for what is there.
            self._rx += self.port.read(max(1, getattr(self.port, "in_waiting", 0)))

    def _parse_answer(self) -> str | None:
        if self.protocol == "dc09":
            end = self._rx.find(b"\r")
            if end < 0:
                return None
            reply, self._rx = bytes(self._rx[: end + 1]), self._rx[end + 1 :]
            return "ack" if b'"ACK"' in reply or b'"*ACK"' in reply else "nak"
        for i, b in enumerate(self._rx):
            if b in (ACK, NAK):
                del self._rx[: i + 1]
                return "ack" if b == ACK else "nak"
        self._rx.clear()
        return None

    def _write(self, data: bytes) -> float:
        self.port.write(data)
        self.port.flush()
        return time.perf_counter()

    # -- sending like a receiver ---------------------------------------------------------
    def send_all(
        self, frames: Iterable[bytes], rate: float | None = None, noise: int = 0
    ) -> Summary:
        start = time.monotonic()
        s = self.summary
        rng = random.Random(7)
        for index, frame in enumerate(frames):
            if self._stop or self._past_deadline(start):
                s.unacked += 1
                continue
            if rate:
                wait = start + index / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            junk = bytes(rng.choice(_NOISE) for _ in range(rng.randint(1, noise))) if noise else b""
            if not self._deliver(index, junk + frame, start):
                s.unacked += 1
        s.elapsed_s = time.monotonic() - start
        return s

    def _deliver(self, index: int, frame: bytes, start: float) -> bool:
        s = self.summary
        s.sent += 1
        tries = 0
        while not self._past_deadline(start):
            written = self._write(frame)
            if tries == 0 and self.on_written is not None:
                self.on_written(index, frame, written)
            verdict = self._answer(self.ack_timeout)
            if verdict == "ack":
                s.acked += 1
                return True
            if verdict == "nak":
                s.naks += 1
            tries += 1
            s.retransmits += 1
            if tries > self.retries:
                s.absent_episodes += 1
                if not self._wait_for_computer(start):
                    return False
                tries = 0
        return False

    def _wait_for_computer(self, start: float) -> bool:
        """Heartbeats until one is ACKed (the MLR2's 'computer absent' mode)."""
        while not self._past_deadline(start) and not self._stop:
            beat = self.heartbeat_frame()
            if not beat:
                time.sleep(self.heartbeat_s)
                return True
            self._write(beat)
            self.summary.heartbeats += 1
            if self._answer(self.ack_timeout) == "ack":
                return True
            time.sleep(max(0.0, min(self.heartbeat_s - self.ack_timeout, self._left(start))))
        return False

    def _left(self, start: float) -> float:
        if self.deadline_s is None:
            return float("inf")
        return start + self.deadline_s - time.monotonic()

    def _past_deadline(self, start: float) -> bool:
        return self.deadline_s is not None and time.monotonic() - start > self.deadline_s

    # -- scenarios -----------------------------------------------------------------------
    def run_single(
        self, account: str = DEFAULT_ACCOUNT, code: str = "101", zone: str = "001"
    ) -> Summary:
        return self.send_all([self.alarm_frame(account, code, zone)])

    def run_storm(
        self, n: int, rate: float | None = None, accounts: Sequence[str] | None = None
    ) -> Summary:
        frames = (self._storm_frame(*e) for e in storm_events(n, accounts))
        return self.send_all(frames, rate)

    def _storm_frame(self, account: str, code: str, zone_part: str) -> bytes:
        zone, partition = zone_part.split("|")
        return self.alarm_frame(account, code, zone, partition)

    def run_garbage(
        self, n: int, rate: float | None = None, accounts: Sequence[str] | None = None
    ) -> Summary:
        frames = (self._storm_frame(*e) for e in storm_events(n, accounts))
        return self.send_all(frames, rate, noise=24)

    def run_heartbeat(self, count: int, every_s: float = 5.0) -> Summary:
        start = time.monotonic()
        for i in range(count):
            if self._stop:
                break
            self._write(self.heartbeat_frame())
            self.summary.heartbeats += 1
            self.summary.sent += 1
            if self._answer(self.ack_timeout) == "ack":
                self.summary.acked += 1
            else:
                self.summary.unacked += 1
            if i < count - 1:
                time.sleep(max(0.0, start + (i + 1) * every_s - time.monotonic()))
        self.summary.elapsed_s = time.monotonic() - start
        return self.summary

    def run_callerid(
        self, numbers: Sequence[str] | None, count: int, rate: float | None = None
    ) -> Summary:
        rng = random.Random(11)
        start = time.monotonic()
        for i in range(count):
            if self._stop:
                break
            number = numbers[i % len(numbers)] if numbers else f"139{rng.randrange(10**8):08d}"
            self._write(encode_hayes_call(number, None, datetime.now()))
            self.summary.sent += 1
            time.sleep(1.0 / rate if rate else 0.2)
        self.summary.elapsed_s = time.monotonic() - start
        return self.summary


def run_cli(
    port: str,
    protocol: str,
    scenario: str,
    *,
    count: int,
    rate: float | None,
    accounts: Sequence[str] | None,
    baudrate: int,
    ack_timeout: float,
    give_up_s: float | None = None,
    print_line: Callable[[str], None] = print,
) -> int:
    if scenario == "callerid":
        protocol = "callerid"
    elif protocol == "callerid":
        raise ValueError(
            f"scenario {scenario} needs a receiver protocol ({', '.join(RECEIVER_PROTOCOLS)})"
        )
    # The callerid scenario's "accounts" are phone numbers, never a transmitter's account.
    account = accounts[0] if accounts and protocol != "callerid" else DEFAULT_ACCOUNT
    sim = Simulator(
        port,
        protocol,
        baudrate=baudrate,
        ack_timeout=ack_timeout,
        deadline_s=give_up_s,
        account=account,
    )
    try:
        if scenario == "single":
            sim.run_single(account)
        elif scenario == "storm":
            sim.run_storm(count, rate, accounts)
        elif scenario == "garbage":
            sim.run_garbage(count, rate, accounts)
        elif scenario == "heartbeat":
            sim.run_heartbeat(count, 1.0 / rate if rate else 5.0)
        else:
            sim.run_callerid(accounts, count, rate)
    except KeyboardInterrupt:
        print_line("interrupted")
    finally:
        sim.close()
    print_line(sim.summary.line())
    return 0 if sim.summary.unacked == 0 else 1
