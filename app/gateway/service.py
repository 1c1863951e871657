"""The headless gateway: serial links and a DC-09 listener feeding one ingestor.

No Qt. Threads: one reader per serial port (``SerialLink``), one per DC-09 connection,
the journal replayer and the link-state writer; every alarm and call still goes through
the ingestor's one-writer lock. ``run_gateway`` adds the process's change feed and the
centre's scheduler (device supervision sweeps and the other periodic jobs).
"""

from __future__ import annotations

import logging
import queue
import socket
import socketserver
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.bus import Bus
from app.context import Database
from app.feed import announce
from app.feed.topics import GatewayLink
from app.gateway.ingest import Ingestor, is_unreachable
from app.gateway.journal import Journal
from app.gateway.supervision import announce_raised, receiver_silent_alarm, sweep_silent_devices
from hardware.codecs import CODECS, make_codec
from hardware.transport.link import LinkState, SerialLink, describe
from hardware.transport.spec import PortSpec, SpecError, parse_spec

log = logging.getLogger("anxin.gateway")

REPLAY_EVERY_S = 1.0
# A receiver sends a heartbeat about every 30 s; three missed ones mean it is silent.
DEFAULT_SILENCE_S = 90.0


@dataclass
class GatewayConfig:
    serial: list[str] = field(default_factory=list)
    dc09: str | None = None  # HOST:PORT
    dc09_keys: Mapping[str, str] = field(default_factory=dict)
    journal: str | None = None
    replay_every_s: float = REPLAY_EVERY_S


def parse_specs(texts: Sequence[str]) -> list[PortSpec]:
    """Every SPEC, or SpecError naming the first bad one."""
    specs = [parse_spec(t, known_protocols=set(CODECS) - {"dc09"}) for t in texts]
    labels = [s.label for s in specs]
    dup = {x for x in labels if labels.count(x) > 1}
    if dup:
        raise SpecError(f"port {', '.join(sorted(dup))} given twice")
    return specs


def parse_hostport(text: str) -> tuple[str, int]:
    host, colon, port = text.rpartition(":")
    if not colon or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise SpecError(f"--dc09 {text!r}: write HOST:PORT, e.g. 0.0.0.0:9000")
    return host or "0.0.0.0", int(port)


class _Dc09Handler(socketserver.BaseRequestHandler):
    server: _Dc09Server

    def handle(self) -> None:
        gw = self.server.gateway
        codec = make_codec("dc09", keys=dict(gw.config.dc09_keys))
        sock: socket.socket = self.request
        sock.settimeout(0.5)
        peer = f"{self.client_address[0]}:{self.client_address[1]}"
        log.info("DC-09 connection from %s", peer)
        while not gw.stopping.is_set():
            try:
                data = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            for event in codec.feed(data):
                try:
                    stored = gw.ingestor.ingest(event)
                except Exception:
                    # Not stored means not answered: the transmitter will send it again.
                    log.exception("DC-09 %s: storing %s failed; not acknowledged", peer, event.kind)
                    continue
                reply = codec.reply_for(event) if stored else None
                if reply:
                    try:
                        sock.sendall(reply)
                    except OSError:
                        return
        log.info("DC-09 connection from %s closed", peer)


class _Dc09Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], gateway: Gateway) -> None:
        self.gateway = gateway
        super().__init__(addr, _Dc09Handler)


class Gateway:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        config: GatewayConfig,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.bus = bus
        self.config = config
        self.clock = clock
        self.specs = parse_specs(config.serial)
        self.dc09_addr = parse_hostport(config.dc09) if config.dc09 else None
        self.journal = Journal(config.journal)
        self.ingestor = Ingestor(db, bus, self.journal, clock=clock)
        self.links: list[SerialLink] = []
        self.dc09: _Dc09Server | None = None
        self.stopping = threading.Event()
        self._states: queue.Queue[tuple[PortSpec, LinkState] | None] = queue.Queue()
        self._threads: list[threading.Thread] = []

    @property
    def dc09_port(self) -> int | None:
        return self.dc09.server_address[1] if self.dc09 else None

    def start(self) -> None:
        log.info(
            "gateway on %s, journal %s%s",
            self.db.description,
            self.journal.path,
            " (replaying what it holds)" if self.ingestor.journalling else "",
        )
        for spec in self.specs:
            codec = make_codec(spec.protocol)
            silence = spec.silence_s if spec.silence_s is not None else DEFAULT_SILENCE_S
            link = SerialLink(
                spec,
                codec,
                self.ingestor.ingest,
                on_state=lambda state, spec=spec: self._on_link_state(spec, state),
                silence_s=silence,
            )
            self.links.append(link)
            link.start()
        if self.dc09_addr:
            self.dc09 = _Dc09Server(self.dc09_addr, self)
            self._spawn("dc09 listener", self.dc09.serve_forever)
            log.info("DC-09 listening on %s:%d", self.dc09_addr[0], self.dc09_port)
        self._spawn("journal replayer", self._replayer)
        self._spawn("link states", self._state_writer)

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        t = threading.Thread(target=target, name=name, daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        self.stopping.set()
        for link in self.links:
            link.stop()
        if self.dc09 is not None:
            self.dc09.shutdown()
            self.dc09.server_close()
        self._states.put(None)
        for t in self._threads:
            t.join(5)
        # One last try, so a clean stop leaves no journal behind when the database is up.
        try:
            self.ingestor.replay()
        except Exception:
            log.exception("final journal replay failed; the journal is kept")
        self.ingestor.close()
        self.journal.close()
        log.info("gateway stopped: %s", dict(self.ingestor.stats))

    def _replayer(self) -> None:
        while not self.stopping.wait(self.config.replay_every_s):
            try:
                self.ingestor.replay()
            except Exception:
                log.exception("journal replay failed; will retry")

    def sweep(self) -> list[int]:
        """The device sweep now, outside the scheduler (tests; the scheduler's
        ``devices.sweep`` job does the same every minute in the leading process)."""
        try:
            with self.db.sessions() as s:
                ids = sweep_silent_devices(s, self.clock())
                announce_raised(s, ids)
                s.commit()
        except Exception as exc:
            if not is_unreachable(exc):
                log.exception("device sweep failed")
            return []
        return ids

    def _on_link_state(self, spec: PortSpec, state: LinkState) -> None:
        # Called on the port's reader thread, which must never wait for the database.
        log.info("link %s", describe(state))
        self._states.put((spec, state))

    def _state_writer(self) -> None:
        while True:
            item = self._states.get()
            if item is None:
                return
            self._store_state(*item)

    def _store_state(self, spec: PortSpec, state: LinkState) -> None:
        # Every seat's status bar shows the receivers, wherever the gateway runs.
        announce_link(self.db, state)
        if state.silent_s is None:
            return
        try:
            with self.db.sessions() as s:
                alarm_id = receiver_silent_alarm(
                    s, spec.label, spec.protocol, state.since, state.silent_s, self.clock()
                )
                announce_raised(s, [alarm_id] if alarm_id else [])
                s.commit()
        except Exception:
            log.exception("could not store the receiver-silent alarm for %s", spec.label)


def link_change(state: LinkState | dict[str, object]) -> GatewayLink:
    """A port's state as the ``gateway.link`` change every seat's status bar reads."""
    d = describe(state) if isinstance(state, LinkState) else state
    silent = d.get("silent_s")
    return GatewayLink(
        host=socket.gethostname(),
        port=str(d.get("port") or ""),
        status=str(d.get("status") or ""),
        reason=str(d.get("reason") or ""),
        silent_s=float(silent) if isinstance(silent, int | float) else None,
    )


def announce_link(db: Database, state: LinkState | dict[str, object]) -> None:
    """One ``gateway.link`` row; a database that is down just misses this one (the
    status is announced again at the next change, and the journal light says the rest)."""
    try:
        with db.sessions() as s:
            announce(s, link_change(state))
            s.commit()
    except Exception as exc:
        log.warning("could not announce the link state (%s)", str(exc).splitlines()[0])


def run_gateway(db: Database, config: GatewayConfig) -> int:
    """Run until SIGTERM or Ctrl+C; exit 0 after a clean stop."""
    import signal

    from app.feed.changefeed import ChangeFeed
    from app.scheduler import Scheduler, centre_jobs

    bus = Bus()
    # The gateway follows the feed too: a device registered at any seat is known to the
    # very next alarm, and settings it caches are refreshed.
    feed = ChangeFeed(db, bus, name="gateway feed")
    gateway = Gateway(db, bus, config)
    # The gateway runs all day beside the receivers: it is the centre's scheduler
    # whenever it runs (consoles step down for it).
    scheduler = Scheduler(db, centre_jobs(), role="gateway")
    done = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("signal %d: stopping", signum)
        done.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        feed.start()
        gateway.start()
        scheduler.start()
        while not done.wait(1.0):
            pass
    finally:
        scheduler.stop()
        gateway.stop()
        feed.stop()
        for s, h in previous.items():
            signal.signal(s, h)
    return 0
