"""Gateway throughput: simulated receiver → real pty → SerialLink → Ingestor → SQLite commit.

    python -m bench.gateway [--frames N]

Two runs on a fresh SQLite file (WAL) with the gateway's per-event log lines written to a
file, as in production:

- stop-and-wait: the simulator waits for each ACK before the next frame, exactly as a
  Sur-Gard receiver does (one frame outstanding). This is what a real receiver achieves,
  and it is what the last line reports.
- pipelined: frames written back to back without waiting, ACKs counted on the side; the
  gateway's own ceiling (latency then includes time queued in the pty).

Latency is from the moment the frame's last byte was written to the moment its commit
returned (same process, same clock). The line ratio compares the bytes per second carried
with what a 9600-baud line can carry (960 bytes/s at 10 bits a byte).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import logging
import os
import select
import statistics
import struct
import tempfile
import termios
import threading
import time
import tty
from pathlib import Path

from app.bus import Bus
from app.context import open_database
from app.gateway.ingest import Ingestor
from app.gateway.journal import Journal
from app.simulate import Simulator, storm_events
from db.migrate import upgrade
from db.models import Device
from hardware.codecs import make_codec
from hardware.events import AlarmEvent, Event
from hardware.transport.link import LinkStatus, SerialLink
from hardware.transport.spec import parse_spec

LINE_9600_BYTES_S = 960.0


class MasterPort:
    """The receiver's end of a pty, shaped like the pyserial port the simulator expects."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.timeout: float | None = 0.05

    @property
    def in_waiting(self) -> int:
        buf = fcntl.ioctl(self.fd, termios.FIONREAD, b"\0\0\0\0")
        return int(struct.unpack("I", buf)[0])

    def read(self, size: int = 1) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], self.timeout)
        if not ready:
            return b""
        return os.read(self.fd, size)

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Rig:
    def __init__(self, folder: Path, accounts: list[str]) -> None:
        url = f"sqlite:///{folder / 'bench.db'}"
        upgrade(url)
        self.db = open_database(url)
        with self.db.sessions() as s:
            s.add_all(Device(account=a, kind="pendant") for a in accounts)
            s.commit()
        self.journal = Journal(folder / "journal.jsonl")
        self.ingestor = Ingestor(self.db, Bus(), self.journal)
        self.written: dict[bytes, float] = {}
        self.latency_ms: list[float] = []
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        self.master, self._slave = master, slave
        self.link = SerialLink(
            parse_spec(f"{os.ttyname(slave)},protocol=surgard"), make_codec("surgard"), self.sink
        )
        self.link.start()
        deadline = time.monotonic() + 5
        while self.link.state.status != LinkStatus.CONNECTED and time.monotonic() < deadline:
            time.sleep(0.01)

    def sink(self, event: Event, deadline: float) -> bool:
        stored = self.ingestor.ingest(event, deadline)
        done = time.perf_counter()
        if stored and isinstance(event, AlarmEvent):
            sent = self.written.pop(event.raw, None)
            if sent is not None:
                self.latency_ms.append((done - sent) * 1000)
        return stored

    def close(self) -> None:
        self.link.stop()
        self.journal.close()
        self.db.close()
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


def frames_for(sim: Simulator, n: int, offset: int, accounts: list[str]) -> list[bytes]:
    out = []
    for account, code, zone_part in storm_events(n + offset, accounts)[offset:]:
        zone, partition = zone_part.split("|")
        out.append(sim.alarm_frame(account, code, zone, partition))
    return out


def stop_and_wait(rig: Rig, frames: list[bytes]) -> dict[str, float]:
    def on_written(_i: int, frame: bytes, t: float) -> None:
        rig.written[frame] = t

    sim = Simulator(MasterPort(rig.master), "surgard", on_written=on_written)
    rig.latency_ms.clear()
    t0 = time.perf_counter()
    summary = sim.send_all(frames)
    elapsed = time.perf_counter() - t0
    assert summary.acked == len(frames), summary.line()
    return report(rig, frames, elapsed)


def pipelined(rig: Rig, frames: list[bytes]) -> dict[str, float]:
    port = MasterPort(rig.master)
    acks = 0
    done = threading.Event()

    def reader() -> None:
        nonlocal acks
        while acks < len(frames) and not done.is_set():
            acks += port.read(4096).count(b"\x06")

    t = threading.Thread(target=reader, daemon=True)
    rig.latency_ms.clear()
    t0 = time.perf_counter()
    t.start()
    for frame in frames:
        port.write(frame)
        rig.written[frame] = time.perf_counter()
    t.join(120)
    elapsed = time.perf_counter() - t0
    done.set()
    assert acks == len(frames), f"{acks} ACKs for {len(frames)} frames"
    return report(rig, frames, elapsed)


def report(rig: Rig, frames: list[bytes], elapsed: float) -> dict[str, float]:
    rate = len(frames) / elapsed
    mean_bytes = statistics.fmean(len(f) for f in frames)
    lat = rig.latency_ms
    return {
        "frames_per_s": round(rate, 1),
        "line_ratio_9600": round(rate * mean_bytes / LINE_9600_BYTES_S, 1),
        "commit_p50_ms": round(percentile(lat, 50), 2),
        "commit_p99_ms": round(percentile(lat, 99), 2),
        "frame_bytes": round(mean_bytes, 1),
        "measured": len(lat),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=3000)
    args = ap.parse_args()
    n = args.frames
    accounts = [f"{2000 + i:04d}" for i in range(max(1, n // 50))]
    with tempfile.TemporaryDirectory(prefix="anxin-bench-") as tmp:
        folder = Path(tmp)
        handler = logging.FileHandler(folder / "gateway.log")
        gw_log = logging.getLogger("anxin.gateway")
        gw_log.addHandler(handler)
        gw_log.setLevel(logging.INFO)
        gw_log.propagate = False
        rig = Rig(folder, accounts)
        try:
            sim = Simulator(MasterPort(rig.master), "surgard")
            all_frames = frames_for(sim, 2 * n, 0, accounts)
            real = stop_and_wait(rig, all_frames[:n])
            fast = pipelined(rig, all_frames[n:])
        finally:
            rig.close()
            gw_log.removeHandler(handler)
            handler.close()
    print(f"stop-and-wait (a real receiver, one frame outstanding): {real}")
    print(f"pipelined (gateway ceiling, latency includes pty queueing): {fast}")
    keys = ("frames_per_s", "line_ratio_9600", "commit_p50_ms", "commit_p99_ms")
    print(json.dumps({k: real[k] for k in keys}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
