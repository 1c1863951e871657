"""Codecs for boxes that print text lines (caller-ID modems and interfaces).

A line ends at CR or LF; CR LF therefore yields an empty line, which codecs ignore. At the
end of the input a last line without its terminator is still a line.
"""

from __future__ import annotations

from abc import abstractmethod

from hardware.codecs.base import StreamCodec
from hardware.events import Event


class LineCodec(StreamCodec):
    def _decode(self, buf: bytes, pos: int) -> tuple[int, list[Event]]:
        cr, lf = buf.find(b"\r", pos), buf.find(b"\n", pos)
        ends = [i for i in (cr, lf) if i >= 0]
        if not ends:
            return 0, []
        end = min(ends)
        return end + 1 - pos, self._line(buf[pos : end + 1])

    def _decode_final(self, rest: bytes) -> list[Event]:
        return self._line(rest) if rest.strip() else []

    @abstractmethod
    def _line(self, raw: bytes) -> list[Event]:
        """Events for one line; ``raw`` includes its terminator when it had one."""


def clean(text: str) -> str:
    """The line without control characters (modems sprinkle DLE and NUL) or edge spaces."""
    return "".join(ch for ch in text if ch >= " " or ch == "\t").strip()
