"""``anxin serial-monitor``: raw traffic on a port, for installers checking the wiring.

Each chunk that arrives is printed with its time, as hex and as text (control bytes shown
by name: ``<ACK>``, ``<DC4>``...), so a wrong baud rate (garbage), a dead line (nothing)
or a receiver waiting for ACKs (the same frame again every 4 s) is plain to see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import serial

from hardware.transport.spec import PARITIES

_NAMES = {0x06: "<ACK>", 0x15: "<NAK>", 0x14: "<DC4>", 0x0D: "<CR>", 0x0A: "<LF>", 0x00: "<NUL>"}


def render(data: bytes, when: datetime) -> str:
    text = "".join(_NAMES.get(b, chr(b) if 32 <= b < 127 else ".") for b in data)
    return f"{when:%H:%M:%S.%f}"[:-3] + f"  {data.hex(' ')}  |{text}|"


def monitor(
    port: str,
    *,
    baudrate: int = 9600,
    bytesize: int = 8,
    parity: str = "N",
    stopbits: float = 1,
    print_line: Callable[[str], None] = print,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    try:
        p = serial.serial_for_url(
            port,
            baudrate=baudrate,
            bytesize=bytesize,
            parity=PARITIES[parity.upper()[:1]],
            stopbits=stopbits,
            timeout=0.1,
        )
    except (serial.SerialException, OSError, ValueError, KeyError) as exc:
        raise ValueError(f"cannot open {port}: {exc}") from None
    print_line(
        f"monitoring {port} at {baudrate} {bytesize}{parity.upper()[:1]}{stopbits:g}; Ctrl+C stops"
    )
    total = 0
    try:
        while not stop():
            data = p.read(max(1, min(p.in_waiting, 256)))
            if data:
                total += len(data)
                print_line(render(data, datetime.now()))
    except KeyboardInterrupt:
        pass
    finally:
        p.close()
    print_line(f"{total} bytes")
    return 0
