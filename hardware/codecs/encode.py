"""Writing frames: what a receiver, transmitter or caller-ID box would send.

The device simulator produces its traffic with these, and the tests round-trip through
them. They write the strict form of each format; the decoders also read the variants.
Unlike decoders, encoders do raise (ValueError) on arguments they cannot encode: those
are the program's own mistakes, not a device's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hardware.codecs import dc09_crypto
from hardware.codecs.contact_id import (
    QUALIFIER_DIGIT,
    QUALIFIER_LETTER,
    encode_contact_id,
)
from hardware.codecs.dc09_frame import format_timestamp, frame, header
from hardware.events import Qualifier

__all__ = [
    "adm_cid_data",
    "encode_ademco685",
    "encode_callerid_com",
    "encode_callerid_com_detail",
    "encode_contact_id",
    "encode_dc09",
    "encode_hayes_call",
    "encode_surgard",
    "encode_surgard_heartbeat",
    "sia_data",
]

DC4 = b"\x14"


def _check_hex(name: str, value: str, lengths: Sequence[int]) -> str:
    value = value.upper()
    if len(value) not in lengths or not all(c in "0123456789ABCDEF" for c in value):
        raise ValueError(f"{name} {value!r}: need {'/'.join(map(str, lengths))} hex digits")
    return value


def _tcp_header(frame_bytes: bytes) -> bytes:
    n = len(frame_bytes)
    if n > 9999:
        raise ValueError("frame too long for a BCD length")
    return b"\x00\x00" + bytes.fromhex(f"{n:04d}")


def encode_surgard(
    account: str,
    qualifier: Qualifier,
    event_code: str,
    partition: str = "00",
    ccc: str = "000",
    *,
    receiver: str = "01",
    line: str = "1",
    terminator: bytes = DC4,
    tcp_header: bool = False,
) -> bytes:
    """``5RRL 18AAAAQXYZGGCCC<DC4>`` (a 3-digit ``line`` gives the System receivers' form)."""
    receiver = _check_hex("receiver", receiver, (2,))
    line = _check_hex("line", line, (1, 3))
    account = _check_hex("account", account, (4,))
    body = (
        f"5{receiver}{line} 18{account}{QUALIFIER_LETTER[qualifier]}"
        f"{_check_hex('event code', event_code, (3,))}{_check_hex('partition', partition, (2,))}"
        f"{_check_hex('zone/user', ccc, (3,))}"
    )
    data = body.encode("ascii") + terminator
    return _tcp_header(data) + data if tcp_header else data


def encode_surgard_heartbeat(
    receiver: str = "01",
    line: str = "1",
    *,
    terminator: bytes = DC4,
    tcp_header: bool = False,
) -> bytes:
    """``1RRL`` + 11 spaces + ``@`` + 4 spaces (``1RRLLL`` on System receivers)."""
    receiver = _check_hex("receiver", receiver, (2,))
    line = _check_hex("line", line, (1, 3))
    data = f"1{receiver}{line}{' ' * 11}@{' ' * 4}".encode("ascii") + terminator
    return _tcp_header(data) + data if tcp_header else data


def encode_ademco685(
    account: str,
    qualifier: Qualifier,
    event_code: str,
    partition: str = "00",
    ccc: str = "000",
    *,
    receiver: str = "1",
    group: str = "1",
    user: bool = False,
) -> bytes:
    """``<LF>RG AAAA 18 QXYZ GG FCCC<CR>``; ``user`` chooses ``U`` (user) over ``C`` (zone)."""
    receiver = _check_hex("receiver", receiver, (1,))
    group = _check_hex("group", group, (1,))
    account = _check_hex("account", account, (4,))
    if qualifier not in ("new", "restore"):
        # The 685 has letters only for new and restore.
        raise ValueError("the 685 format carries only new (E) and restore (R)")
    text = (
        f"\n{receiver}{group} {account} 18 {QUALIFIER_LETTER[qualifier]}"
        f"{_check_hex('event code', event_code, (3,))} {_check_hex('partition', partition, (2,))} "
        f"{'U' if user else 'C'}{_check_hex('zone/user', ccc, (3,))}\r"
    )
    return text.encode("ascii")


def sia_data(
    account: str,
    code: str,
    number: str = "",
    *,
    area: str | None = None,
    user: str | None = None,
    text: str | None = None,
) -> str:
    """SIA-DCS data: ``#acct|N[idUSER/][riAREA/]CODEnumber[|Atext]``."""
    if len(code) != 2 or not code.isalpha() or not code.isupper():
        raise ValueError(f"SIA code {code!r}: two capital letters")
    mods = (f"id{user}/" if user else "") + (f"ri{area}/" if area else "")
    data = f"#{account}|N{mods}{code}{number}"
    return data + (f"|A{text}" if text else "")


def adm_cid_data(
    account: str,
    qualifier: Qualifier,
    event_code: str,
    partition: str = "00",
    ccc: str = "000",
) -> str:
    """ADM-CID data: ``#acct|QXYZ GG CCC`` with the qualifier as the digit 1/3/6."""
    return (
        f"#{account}|{QUALIFIER_DIGIT[qualifier]}{_check_hex('event code', event_code, (3,))} "
        f"{_check_hex('partition', partition, (2,))} {_check_hex('zone/user', ccc, (3,))}"
    )


def encode_dc09(
    token: str,
    sequence: int | str,
    account: str,
    data: str = "",
    *,
    receiver: str | None = None,
    line: str | None = "0",
    xdata: Sequence[str] = (),
    timestamp: datetime | None = None,
    key: str | None = None,
    key_index: int = 0,
    pad_source: dc09_crypto.PadSource = dc09_crypto.random_pad,
) -> bytes:
    """A whole DC-09 frame. With ``key`` (an account key as the receiver is configured
    with; ``key_index`` picks the reading of an ambiguous key) the frame is encrypted and
    then needs ``timestamp``."""
    seq = f"{int(sequence):04d}"
    if len(seq) != 4:
        raise ValueError("sequence is 0000-9999")
    _check_hex("account", account, range(3, 17))
    head = header(seq, receiver, line, account)
    tail = "".join(f"[{x}]" for x in xdata)
    if timestamp is not None:
        tail += "_" + format_timestamp(timestamp)
    if key is None:
        return frame(f'"{token}"{head}[{data}]{tail}')
    if timestamp is None:
        raise ValueError("an encrypted DC-09 frame needs a timestamp")
    aes_key = dc09_crypto.key_candidates(key)[key_index]
    plain = dc09_crypto.pad_block(f"|{data}]{tail}", pad_source)
    return frame(f'"*{token}"{head}[{dc09_crypto.encrypt_hex(plain, aes_key)}')


def encode_hayes_call(
    number: str | None,
    name: str | None = None,
    when: datetime | None = None,
    *,
    spaces: bool = True,
    ring_before: bool = True,
    ring_after: bool = True,
    mesg: str | None = None,
) -> bytes:
    """What a formatted-mode modem prints for one call; ``None`` leaves a line out."""
    eq = " = " if spaces else "="
    lines: list[str] = ["RING", ""] if ring_before else []
    if mesg is not None:
        lines.append(f"MESG{eq}{mesg}")
    if when is not None:
        lines += [f"DATE{eq}{when:%m%d}", f"TIME{eq}{when:%H%M}"]
    if number is not None:
        lines.append(f"NMBR{eq}{number}")
    if name is not None:
        lines.append(f"NAME{eq}{name}")
    if ring_after:
        lines += ["", "RING"]
    return "".join(f"{line}\r\n" for line in lines).encode("utf-8")


def _twelve_hour(when: datetime) -> str:
    hour = when.hour % 12 or 12
    return f"{when.month:02d}/{when.day:02d} {hour:02d}:{when.minute:02d} {'PM' if when.hour >= 12 else 'AM'}"


def encode_callerid_com(
    line: int,
    number: str,
    name: str = "",
    *,
    when: datetime,
    direction: str = "in",
    stage: str = "start",
    duration_s: int = 0,
    rings: str = "A1",
    checksum_ok: bool = True,
) -> bytes:
    """A comprehensive-format call record, fields padded as the box pads them."""
    text = (
        f"{line:02d} {'I' if direction == 'in' else 'O'} {'S' if stage == 'start' else 'E'} "
        f"{duration_s:04d} {'G' if checksum_ok else 'B'} {rings} {_twelve_hour(when)} "
        f"{number:<14.14} {name:<15.15}"
    )
    return text.rstrip().encode("utf-8") + b"\r\n"


def encode_callerid_com_detail(line: int, state: str, when: datetime) -> bytes:
    """A detail line: ``state`` one of R (ring), F (off hook), N (on hook), H (flash)."""
    if state not in ("R", "F", "N", "H"):
        raise ValueError("detail state is R, F, N or H")
    return f"{line:02d} {state}     {when:%m/%d %H:%M:%S}\r\n".encode("ascii")
