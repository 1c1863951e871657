"""``anxin decode``: run a protocol codec over raw bytes and print what it finds.

For installers checking a capture (``anxin decode --protocol surgard < capture.bin``) and
for tests. One JSON object per line: events as ``{"kind", "protocol", "receiver", "line",
"account", "qualifier", "event_code", "event_name", "partition", "zone", "number", "name",
"timestamp", "raw"}`` (null where a field does not apply), bad frames as
``{"error": "<reason>: <message>", "raw"}``. ``raw`` is the frame's bytes read as Latin-1,
so every byte shows and JSON escapes the control characters. Any input exits 0: a bad
frame is output, not a failure.

Field notes: ``zone`` carries Contact ID's CCC whether it is a zone or a user; for
caller-ID line states (``call_state``) ``event_code`` is the state letter and
``event_name`` the state; caller-ID timestamps have no year (the box sends none) and are
printed ``--MM-DDTHH:MM:SS``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, BinaryIO, TextIO

from hardware.codecs import CODECS, make_codec
from hardware.events import (
    AlarmEvent,
    CallerIdEvent,
    CallStateEvent,
    Event,
    FrameError,
    Heartbeat,
    LinkTest,
)

FIELDS = (
    "kind",
    "protocol",
    "receiver",
    "line",
    "account",
    "qualifier",
    "event_code",
    "event_name",
    "partition",
    "zone",
    "number",
    "name",
    "timestamp",
    "raw",
)
_STATE_LETTER = {"ring": "R", "off_hook": "F", "on_hook": "N", "hook_flash": "H"}
_CHUNK = 4096


def run_decode(
    protocol: str,
    stdin: BinaryIO,
    stdout: TextIO,
    *,
    keys: Mapping[str, str] | None = None,
) -> int:
    """Decode ``stdin`` to the end with the ``protocol`` codec; ``keys`` (DC-09 only):
    account -> AES key, for encrypted frames. Returns the exit status."""
    if protocol not in CODECS:
        raise ValueError(f"unknown protocol {protocol!r}; known: {', '.join(sorted(CODECS))}")
    options: dict[str, Any] = {"live": False}
    if keys:
        options["keys"] = dict(keys)
    codec = make_codec(protocol, **options)
    read = getattr(stdin, "read1", stdin.read)
    try:
        while chunk := read(_CHUNK):
            _write(stdout, codec.feed(chunk))
        _write(stdout, codec.flush())
        stdout.flush()
    except BrokenPipeError:
        # `anxin decode ... | head` closing the pipe early is not a failure.
        pass
    return 0


def _write(stdout: TextIO, events: list[Event]) -> None:
    for event in events:
        stdout.write(json.dumps(event_json(event)) + "\n")


def event_json(event: Event) -> dict[str, Any]:
    raw = event.raw.decode("latin-1")
    if isinstance(event, FrameError):
        return {"error": f"{event.reason_code}: {event.message}", "raw": raw}
    out: dict[str, Any] = dict.fromkeys(FIELDS)
    out.update(kind=event.kind, protocol=event.protocol, raw=raw)
    if isinstance(event, AlarmEvent):
        out.update(
            receiver=event.receiver,
            line=event.line,
            account=event.account,
            qualifier=event.qualifier,
            event_code=event.event_code,
            event_name=event.event_name,
            partition=event.partition,
            zone=event.zone if event.zone is not None else event.user,
            timestamp=event.timestamp.isoformat() if event.timestamp else None,
        )
    elif isinstance(event, Heartbeat):
        out.update(receiver=event.receiver, line=event.line)
    elif isinstance(event, LinkTest):
        out.update(
            receiver=event.receiver,
            line=event.line,
            account=event.account,
            timestamp=event.timestamp.isoformat() if event.timestamp else None,
        )
    elif isinstance(event, CallerIdEvent):
        out.update(
            line=event.line,
            number=event.number,
            name=event.name,
            timestamp=event.when.strftime("--%m-%dT%H:%M:%S") if event.when else None,
        )
    elif isinstance(event, CallStateEvent):
        out.update(
            line=event.line,
            event_code=_STATE_LETTER[event.state],
            event_name=event.state,
            timestamp=event.when.strftime("--%m-%dT%H:%M:%S") if event.when else None,
        )
    return out
