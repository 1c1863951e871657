"""What caller-ID codecs share: reading a number field, a name field, and box text.

Numbers are normalised only minimally here (digits, a leading ``+`` kept); turning them
into E.164 needs the centre's own area code and is ``app/``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from hardware.events import YEAR_UNKNOWN, Privacy

# What boxes print instead of a number, and what it means.
_PRIVACY_WORDS: dict[str, tuple[str, Privacy]] = {
    "P": ("P", "private"),
    "PRIVATE": ("P", "private"),
    "RESTRICTED": ("P", "private"),
    "WITHHELD": ("P", "private"),
    "O": ("O", "unavailable"),
    "OUT OF AREA": ("O", "unavailable"),
    "OUT-OF-AREA": ("O", "unavailable"),
    "UNAVAILABLE": ("O", "unavailable"),
    "UNKNOWN": ("O", "unavailable"),
    "A": ("A", "anonymous"),
    "ANONYMOUS": ("A", "anonymous"),
}

# Chinese boxes send GB 18030 (GBK); older modems Latin-1, which accepts anything.
DEFAULT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030", "latin-1")


def decode_text(raw: bytes, encodings: Sequence[str] = DEFAULT_ENCODINGS) -> str:
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1")


def read_number(text: str) -> tuple[str | None, Privacy | None]:
    """(number, privacy): digits only (leading ``+`` kept), or the marker P/O/A."""
    value = text.strip()
    marker = _PRIVACY_WORDS.get(value.upper())
    if marker is not None:
        return marker
    digits = re.sub(r"[^0-9]", "", value)
    if not digits:
        return None, None
    return ("+" + digits if value.startswith("+") else digits), None


def read_name(text: str) -> str | None:
    """The caller's name, or None when the box sent a privacy marker or nothing."""
    value = " ".join(text.split())
    if not value or value.upper() in _PRIVACY_WORDS:
        return None
    return value


def local_time(month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime | None:
    """The box's clock reading, with the placeholder year; None if it is no real time."""
    try:
        return datetime(YEAR_UNKNOWN, month, day, hour, minute, second)
    except ValueError:
        return None
