"""Shared by the hardware tests: the published sample frames and feeding helpers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from app.decode_cli import event_json
from hardware.codecs import Codec, make_codec
from hardware.events import Event, FrameError

# Copied from the team's shared/vectors (each line names where it was published), so a
# clone on its own runs every test; a missing file is a broken checkout.
VECTORS = Path(__file__).resolve().parent / "vectors" / "public.jsonl"


def load_vectors() -> list[dict[str, Any]]:
    if not VECTORS.is_file():
        raise FileNotFoundError(f"sample frames missing: {VECTORS}")
    with VECTORS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def wire(vector: dict[str, Any]) -> bytes:
    # The JSON strings stand for bytes one to one (\u0014 is DC4).
    return str(vector["raw"]).encode("latin-1")


def offline(protocol: str, **options: Any) -> Codec:
    return make_codec(protocol, live=False, **options)


def decode(codec: Codec, data: bytes, cuts: Iterable[int] = ()) -> list[Event]:
    """Feed ``data`` cut at ``cuts`` (offsets), then flush."""
    events: list[Event] = []
    last = 0
    for cut in sorted(set(cuts)):
        if 0 < cut < len(data):
            events += codec.feed(data[last:cut])
            last = cut
    events += codec.feed(data[last:])
    events += codec.flush()
    return events


def matches(event: Event, expect: dict[str, Any]) -> bool:
    shown = event_json(event)
    return all(shown.get(k) == v for k, v in expect.items())


def good(events: Sequence[Event]) -> list[Event]:
    return [e for e in events if not isinstance(e, FrameError)]


def errors(events: Sequence[Event]) -> list[FrameError]:
    return [e for e in events if isinstance(e, FrameError)]
