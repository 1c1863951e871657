"""Write the alarm tones: ``python -m resources.sounds.generate`` (16-bit mono, 22 050 Hz).

Short sine bursts with 5 ms fades, so the loop does not click where it restarts.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
FADE_S = 0.005


def tone_pairs(high: float, low: float, burst_s: float, gap_s: float, level: float) -> bytes:
    frames = bytearray()
    for freq in (high, low):
        n = int(burst_s * RATE)
        fade = int(FADE_S * RATE)
        for i in range(n):
            envelope = min(1.0, i / fade, (n - 1 - i) / fade)
            sample = level * envelope * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
        frames += b"\0\0" * int(gap_s * RATE)
    return bytes(frames)


def write(path: Path, frames: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main() -> None:
    here = Path(__file__).resolve().parent
    # 2 × (0.25 s tone + 0.05 s pause) = 0.6 s.
    write(here / "alarm.wav", tone_pairs(880, 660, 0.25, 0.05, 0.6))
    # 2 × (0.12 s + 0.03 s) = 0.3 s, near full scale.
    write(here / "alarm_urgent.wav", tone_pairs(1320, 990, 0.12, 0.03, 0.95))


if __name__ == "__main__":
    main()
