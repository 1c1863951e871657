"""Protocol codecs: bytes in, typed events (``hardware.events``) out, nothing else.

``CODECS`` maps a protocol name to a factory; every factory takes keyword options only,
and all accept ``live`` (False to decode a capture offline) and ``max_buffer``::

    codec = make_codec("surgard")
    for event in codec.feed(data):
        store(event)
        answer = codec.reply_for(event)   # ACK/NAK bytes, or None
        if answer:
            port.write(answer)

Adding a codec for another box (a vendor caller-ID format, another receiver) touches
nothing here: write a class following ``Codec`` (usually a ``StreamCodec`` or ``LineCodec``
subclass with a ``_decode`` or ``_line`` method) in its own module or package, and either
call ``register_codec("name", TheCodec)`` at start-up, or, for a separately installed
package, declare it as an entry point in the ``anxin.codecs`` group
(``[project.entry-points."anxin.codecs"] name = "package.module:TheCodec"``) and have the
start-up code call ``load_entry_point_codecs()``.

Alarm events come out finished (``AlarmEvent.priority``, ``restore``, ``condition``); the
supervision code sets behind ``condition`` are defined once, in ``conditions``, and
``supervision_condition(code_system, event_code)`` / ``MAINS_CODES`` / ``BATTERY_CODES``
are exported here for code that only has a stored code to go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from hardware.codecs.ademco685 import Ademco685Codec
from hardware.codecs.base import Codec, StreamCodec
from hardware.codecs.callerid_com import CallerIdComCodec
from hardware.codecs.callerid_hayes import HayesCallerIdCodec
from hardware.codecs.conditions import (
    BATTERY_CODES,
    MAINS_CODES,
    classify,
    condition_codes,
    supervision_condition,
)
from hardware.codecs.dc09 import Dc09Codec
from hardware.codecs.surgard import SurGardCodec

log = logging.getLogger(__name__)

CodecFactory = Callable[..., Codec]

CODECS: dict[str, CodecFactory] = {
    "callerid": HayesCallerIdCodec,
    "callerid-com": CallerIdComCodec,
    "surgard": SurGardCodec,
    "ademco685": Ademco685Codec,
    "dc09": Dc09Codec,
}

ENTRY_POINT_GROUP = "anxin.codecs"


def register_codec(name: str, factory: CodecFactory) -> None:
    if name in CODECS and CODECS[name] is not factory:
        raise ValueError(f"a codec named {name!r} is already registered")
    CODECS[name] = factory


def make_codec(name: str, **options: Any) -> Codec:
    try:
        factory = CODECS[name]
    except KeyError:
        raise ValueError(f"no codec for protocol {name!r}; known: {', '.join(CODECS)}") from None
    return factory(**options)


def load_entry_point_codecs() -> list[str]:
    """Register codecs that installed packages declare; returns the names added.

    A plugin that fails to load is logged and skipped: one bad plugin must not stop the
    gateway from reading the receivers it does know.
    """
    added = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            register_codec(ep.name, ep.load())
        except Exception:
            log.exception("codec plugin %s (%s) failed to load", ep.name, ep.value)
            continue
        added.append(ep.name)
    return added


__all__ = [
    "BATTERY_CODES",
    "CODECS",
    "MAINS_CODES",
    "Codec",
    "CodecFactory",
    "StreamCodec",
    "classify",
    "condition_codes",
    "load_entry_point_codecs",
    "make_codec",
    "register_codec",
    "supervision_condition",
]
