"""bench.seats in miniature: a real gateway process, two seats, SQLite, every alarm seen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"visible_p50_ms", "visible_p99_ms", "missed", "seats", "storm_ratio"}


def test_two_seats_see_every_alarm() -> None:
    args = ["--backend", "sqlite", "--seats", "2", "--rest", "5", "--rest-gap", "0.2"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.seats", *args, "--storm", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line.keys() >= KEYS
    assert line["missed"] == 0
    assert line["seats"] == 2
    # Each seat polls SQLite at most every 200 ms: seconds would mean a seat fell behind.
    assert 0 < line["visible_p99_ms"] < 5000
