"""The SPEC form an installer writes for a port, on the command line and in the settings.

    /dev/ttyUSB0,protocol=surgard,baud=9600,bytesize=8,parity=N,stopbits=1
    COM3,protocol=callerid
    usb=FT4ABC12,protocol=surgard          (find the USB adapter by its serial number)
    usb=0403:6001,protocol=ademco685       (or by VID:PID)
    socket://127.0.0.1:7000,protocol=surgard

The protocol is required; line settings default to what that protocol's boxes usually use.

Options besides the line settings:

    usb=SERIAL or usb=VID:PID   find the USB adapter again after a replug
    name=TEXT                   the port's name in the console and the logs
    silence=SECONDS             no byte for this long counts as a silent receiver
    rtscts=yes                  hardware flow control
    ack_window=SECONDS          how long the receiver waits for ACK before it re-sends
                                (default 4; set it to the receiver's own setting). An
                                answer later than that is never written: the receiver has
                                re-sent by then and would take it for the next frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import serial

# Defaults from the manuals; every one of them is configurable on the devices, so an
# installer overrides them in the SPEC rather than us guessing.
PROTOCOL_LINE_DEFAULTS: dict[str, tuple[int, int, str, float]] = {
    "surgard": (9600, 8, "N", 1),  # MLR2000 / System III default; MLR2E ships 19200 7E1
    "ademco685": (1200, 8, "N", 1),
    "callerid": (9600, 8, "N", 1),  # Hayes modems autobaud; 9600 is safe for all
    "callerid-com": (9600, 8, "N", 1),
}
FALLBACK_LINE = (9600, 8, "N", 1)

# Sur-Gard and Ademco receivers wait 4 s for ACK by default.
DEFAULT_ACK_WINDOW_S = 4.0
# Receivers set their ACK wait in seconds, well under a minute; a bigger number is
# almost certainly milliseconds typed as seconds.
MAX_ACK_WINDOW_S = 60.0

PARITIES = {
    "N": serial.PARITY_NONE,
    "E": serial.PARITY_EVEN,
    "O": serial.PARITY_ODD,
    "M": serial.PARITY_MARK,
    "S": serial.PARITY_SPACE,
}
KNOWN_KEYS = {
    "protocol",
    "baud",
    "bytesize",
    "parity",
    "stopbits",
    "usb",
    "silence",
    "rtscts",
    "name",
    "ack_window",
}


class SpecError(ValueError):
    """A SPEC the installer must correct; the message says which part and why."""


@dataclass(frozen=True)
class PortSpec:
    port: str  # device name or pyserial URL; "" when found by USB identity
    protocol: str
    baudrate: int
    bytesize: int
    parity: str
    stopbits: float
    usb_serial: str | None = None
    usb_vid_pid: tuple[int, int] | None = None
    # Seconds without any byte (heartbeats included) before the receiver counts as silent.
    silence_s: float | None = None
    rtscts: bool = False
    name: str = ""
    # Seconds the receiver waits for an answer before it re-sends the frame.
    ack_window_s: float = DEFAULT_ACK_WINDOW_S
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.port:
            return self.port
        if self.usb_serial:
            return f"usb={self.usb_serial}"
        if self.usb_vid_pid:
            return "usb={:04x}:{:04x}".format(*self.usb_vid_pid)
        return "?"

    def with_port(self, port: str) -> PortSpec:
        return replace(self, port=port)

    def to_text(self) -> str:
        parts = [self.port] if self.port else []
        if self.usb_serial:
            parts.append(f"usb={self.usb_serial}")
        elif self.usb_vid_pid:
            parts.append("usb={:04x}:{:04x}".format(*self.usb_vid_pid))
        stop = int(self.stopbits) if self.stopbits == int(self.stopbits) else self.stopbits
        parts += [
            f"protocol={self.protocol}",
            f"baud={self.baudrate}",
            f"bytesize={self.bytesize}",
            f"parity={self.parity}",
            f"stopbits={stop}",
        ]
        if self.silence_s is not None:
            parts.append(f"silence={self.silence_s:g}")
        if self.ack_window_s != DEFAULT_ACK_WINDOW_S:
            parts.append(f"ack_window={self.ack_window_s:g}")
        return ",".join(parts)


def parse_spec(text: str, *, known_protocols: set[str] | None = None) -> PortSpec:
    raw_parts = [p.strip() for p in text.split(",")]
    if not raw_parts or not raw_parts[0]:
        raise SpecError(f"{text!r}: empty port spec; write e.g. /dev/ttyUSB0,protocol=surgard")
    port = ""
    opts: dict[str, str] = {}
    for i, part in enumerate(raw_parts):
        if not part:
            continue
        # URLs contain '=' only after '?', and ports never start with a key we know.
        key, eq, value = part.partition("=")
        if eq and key.strip().lower() in KNOWN_KEYS:
            k = key.strip().lower()
            if k in opts:
                raise SpecError(f"{text!r}: {k} given twice")
            opts[k] = value.strip()
        elif i == 0:
            port = part
        else:
            raise SpecError(
                f"{text!r}: {part!r} is not an option (known: {', '.join(sorted(KNOWN_KEYS))})"
            )
    protocol = opts.get("protocol", "")
    if not protocol:
        raise SpecError(f"{text!r}: protocol= is required (e.g. protocol=surgard)")
    if known_protocols is not None and protocol not in known_protocols:
        raise SpecError(
            f"{text!r}: unknown protocol {protocol!r}; known: {', '.join(sorted(known_protocols))}"
        )
    baud, bytesize, parity, stopbits = PROTOCOL_LINE_DEFAULTS.get(protocol, FALLBACK_LINE)
    try:
        if "baud" in opts:
            baud = int(opts["baud"])
        if "bytesize" in opts:
            bytesize = int(opts["bytesize"])
        if "stopbits" in opts:
            stopbits = float(opts["stopbits"])
    except ValueError as exc:
        raise SpecError(f"{text!r}: {exc}") from None
    if baud <= 0:
        raise SpecError(f"{text!r}: baud {baud} is not a baud rate")
    if bytesize not in (5, 6, 7, 8):
        raise SpecError(f"{text!r}: bytesize must be 5, 6, 7 or 8, not {bytesize}")
    if stopbits not in (1, 1.5, 2):
        raise SpecError(f"{text!r}: stopbits must be 1, 1.5 or 2, not {stopbits:g}")
    if "parity" in opts:
        parity = opts["parity"].upper()[:1]
        if parity not in PARITIES:
            raise SpecError(f"{text!r}: parity must be N, E, O, M or S, not {opts['parity']!r}")
    usb_serial: str | None = None
    usb_vid_pid: tuple[int, int] | None = None
    if "usb" in opts:
        ident = opts["usb"]
        vid, colon, pid = ident.partition(":")
        if colon:
            try:
                usb_vid_pid = (int(vid, 16), int(pid, 16))
            except ValueError:
                raise SpecError(f"{text!r}: usb={ident} is not VID:PID in hex") from None
        elif ident:
            usb_serial = ident
    if not port and not (usb_serial or usb_vid_pid):
        raise SpecError(f"{text!r}: name the port (/dev/ttyUSB0, COM3) or the USB adapter (usb=)")
    silence_s = None
    if "silence" in opts:
        try:
            silence_s = float(opts["silence"])
        except ValueError:
            raise SpecError(f"{text!r}: silence={opts['silence']} is not seconds") from None
    ack_window_s = DEFAULT_ACK_WINDOW_S
    if "ack_window" in opts:
        given = opts["ack_window"]
        try:
            ack_window_s = float(given)
        except ValueError:
            raise SpecError(f"{text!r}: ack_window={given} is not seconds") from None
        if not math.isfinite(ack_window_s) or not 0 < ack_window_s <= MAX_ACK_WINDOW_S:
            raise SpecError(
                f"{text!r}: ack_window={given} must be seconds above 0 and at most"
                f" {MAX_ACK_WINDOW_S:g} (the receiver's ACK wait, e.g. ack_window=4)"
            )
    return PortSpec(
        port=port,
        protocol=protocol,
        baudrate=baud,
        bytesize=bytesize,
        parity=parity,
        stopbits=stopbits,
        usb_serial=usb_serial,
        usb_vid_pid=usb_vid_pid,
        silence_s=silence_s,
        rtscts=opts.get("rtscts", "").lower() in ("1", "yes", "true", "on"),
        name=opts.get("name", ""),
        ack_window_s=ack_window_s,
    )
