"""SIA DC-09 framing: CRC, length, timestamps, and building frames to send.

``<LF> CRC LEN "ID" SEQ [Rrcvr] Lpref #acct [data] [xdata]... [_HH:MM:SS,MM-DD-YYYY] <CR>``
CRC is CRC-16/ARC and LEN the byte count, both over everything from the opening quote to
the last character before CR.
"""

from __future__ import annotations

from datetime import UTC, datetime

LF = b"\n"
CR = b"\r"
TIMESTAMP_FORMAT = "%H:%M:%S,%m-%d-%Y"


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_TABLE = _crc_table()


def crc16_arc(data: bytes) -> int:
    """CRC-16/ARC: reflected polynomial 0xA001, initial value 0."""
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


def frame(body: str) -> bytes:
    """Wrap a body (``"ID"SEQ...``) with LF, CRC, LEN and CR."""
    raw = body.encode("latin-1")
    return LF + f"{crc16_arc(raw):04X}{len(raw):04X}".encode() + raw + CR


def format_timestamp(when: datetime) -> str:
    """``HH:MM:SS,MM-DD-YYYY`` in UTC, as DC-09 wants it."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime(TIMESTAMP_FORMAT)


def parse_timestamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def header(sequence: str, receiver: str | None, line: str | None, account: str) -> str:
    """``SEQ[Rrcvr][Lpref]#acct`` as echoed in answers."""
    r = f"R{receiver}" if receiver is not None else ""
    ln = f"L{line}" if line is not None else ""
    return f"{sequence}{r}{ln}#{account}"
