"""The part of a DC-09 frame after ``[``: data, extended data, timestamp, and the two
payload languages, SIA DC-03 (``SIA-DCS``) and Contact ID (``ADM-CID``).

Everything returns a ``Refusal`` rather than raising.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hardware.codecs.contact_id import ContactId, Refusal, build


@dataclass(frozen=True)
class Payload:
    data: str
    xdata: tuple[str, ...] = ()
    timestamp_text: str | None = None


def split_payload(rest: str) -> Payload | Refusal:
    """``data]`` + ``[xdata]``... + ``_timestamp`` (the opening ``[`` already consumed)."""
    close = rest.find("]")
    if close < 0:
        return Refusal("format", "data block has no closing ]")
    data, after = rest[:close], rest[close + 1 :]
    xdata: list[str] = []
    while after.startswith("["):
        close = after.find("]")
        if close < 0:
            return Refusal("format", "extended data block has no closing ]")
        xdata.append(after[1:close])
        after = after[close + 1 :]
    stamp: str | None = None
    if after.startswith("_"):
        stamp, after = after[1:], ""
    if after.strip():
        return Refusal("format", f"unexpected {after[:20]!r} after the data")
    return Payload(data, tuple(xdata), stamp)


def strip_pad(plain: str) -> str:
    """The decrypted text without its leading padding.

    The standard puts ``pad|`` before the data; some senders (dc09 in Rust) put the pad
    straight before ``#acct|...``. Pad characters are alphanumeric, never ``|`` or ``#``.
    """
    bar = plain.find("|")
    hash_ = plain.find("#")
    if hash_ >= 0 and (bar < 0 or hash_ < bar):
        return plain[hash_:]
    if bar >= 0:
        return plain[bar + 1 :]
    # No separator: nothing but padding before the closing bracket of empty data.
    close = plain.find("]")
    return plain[close:] if close >= 0 else plain


def split_account(data: str) -> tuple[str | None, str]:
    """``#acct|rest`` -> (acct, rest); data without an account prefix -> (None, data)."""
    if data.startswith("#"):
        bar = data.find("|")
        if bar >= 0:
            return data[1:bar], data[bar + 1 :]
        return data[1:], ""
    return None, data


@dataclass(frozen=True)
class SiaEvent:
    code: str
    number: str | None
    area: str | None = None
    user: str | None = None
    time: str | None = None
    old: bool = False


@dataclass(frozen=True)
class SiaData:
    account: str | None
    events: tuple[SiaEvent, ...]
    texts: tuple[str, ...] = field(default=())


_MODIFIER = re.compile(r"(ti)(\d\d:\d\d(?::\d\d)?)|(id|ri|pi)(\d+)", re.ASCII)
_EVENT_TOKEN = re.compile(
    r"(?P<mods>(?:ti\d\d:\d\d(?::\d\d)?|id\d+|ri\d+|pi\d+)*)"
    r"(?P<code>[A-Z]{2})(?P<num>[0-9A-Fa-f]*)(?P<rest>.*)",
    re.ASCII,
)


def parse_sia(data: str) -> SiaData | Refusal:
    """SIA DC-03 data such as ``#1234|Nri1/BA001/BA002|Aliving room``.

    ``N`` starts a block of new events, ``O`` of old ones; within a block ``/`` separates
    tokens; ``ri`` (area), ``id`` (user), ``ti`` (time) modify the events after them; a
    bare number repeats the previous code for another zone. ``A`` blocks are free text.
    """
    account, rest = split_account(data)
    events: list[SiaEvent] = []
    texts: list[str] = []
    for block in rest.split("|"):
        if not block:
            continue
        head = block[0]
        if head == "A":
            texts.append(block[1:])
            continue
        old = head == "O"
        body = block[1:] if head in "NO" else block
        area = user = time = None
        last_code: str | None = None
        for token in body.split("/"):
            if not token:
                continue
            if token.isascii() and token.isdigit() and last_code is not None:
                events.append(SiaEvent(last_code, token, area, user, time, old))
                continue
            m = _EVENT_TOKEN.fullmatch(token)
            mods = m["mods"] if m else token
            for mod in _MODIFIER.finditer(mods):
                if mod[1] == "ti":
                    time = mod[2]
                elif mod[3] == "id":
                    user = mod[4]
                elif mod[3] == "ri":
                    area = mod[4]
            if m is None:
                if not _MODIFIER.fullmatch(token):
                    return Refusal("format", f"unreadable SIA token {token[:20]!r}")
                continue
            last_code = m["code"]
            events.append(SiaEvent(last_code, m["num"] or None, area, user, time, old))
        if body and last_code is None and not events:
            return Refusal("format", f"SIA block without an event code: {block[:20]!r}")
    return SiaData(account, tuple(events), tuple(texts))


_ADM = re.compile(
    r"(?P<q>[136ERP])(?P<code>[0-9A-F]{3})\s?(?P<gg>[0-9A-F]{2})\s?(?P<ccc>[0-9A-F]{3})",
    re.IGNORECASE | re.ASCII,
)


# What may stand before the Contact ID digits: ``#acct|``, ``acct|`` or a bare ``|``.
_ADM_PREFIX = re.compile(r"#?[0-9A-Za-z]{0,16}\|", re.ASCII)


def parse_adm_cid(data: str, account: str) -> ContactId | Refusal:
    """``#acct|QXYZ GG CCC`` (qualifier as the digit 1/3/6), for the frame's ``account``.

    The account inside the data repeats the header's, and senders leave it out
    (``|1602 00 000`` from pysiaalarm and some panels, or no prefix at all): the header's
    is the one used and answered. The codec has already vetted ``account``, liberally.
    """
    text = data.strip()
    prefix = _ADM_PREFIX.match(text)
    if prefix is not None:
        text = text[prefix.end() :]
    m = _ADM.fullmatch(text.strip())
    if m is None:
        return Refusal("format", f"not Contact ID data: {data[:30]!r}")
    return build(account, m["q"], m["code"], m["gg"], m["ccc"], strict_account=False)
