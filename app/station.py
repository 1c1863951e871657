"""This PC's own configuration: which gateway ports are plugged into it.

Ports belong to a PC, not to the centre: the receiver hangs off one dispatch PC's
COM3, and a shared PostgreSQL ``settings`` table would tell every seat to open it. So
they live in a small JSON file in the user's config folder, written in the same SPEC
form as ``anxin gateway --serial`` (``/dev/ttyUSB0,protocol=surgard,baud=9600``).
The console's Settings screen edits it; the console and ``anxin gateway`` read it.

The same file says which caller-ID lines ring at this seat: in a centre with several
seats sharing a multi-line box (CallerID.com units number their lines 01, 02 …), only the
seats answering a line should pop its caller's card.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

from app.config import APP_NAME

ENV_DIR = "ANXIN_CONFIG_DIR"
FILE_NAME = "station.json"
LINE_RE = re.compile(r"[0-9A-Za-z]{1,4}")


def line_key(line: str) -> str:
    """The form two line names are compared in: a box says "01" where a person types "1"."""
    return line.strip().upper().lstrip("0") or "0"


@dataclass
class StationConfig:
    serial: list[str] = field(default_factory=list)
    dc09: str = ""  # HOST:PORT, empty for none
    lines: list[str] = field(default_factory=list)  # caller-ID lines ringing here; empty: all

    @property
    def has_gateway(self) -> bool:
        return bool(self.serial or self.dc09)

    def rings_here(self, line: str | None) -> bool:
        """Whether a call on ``line`` should pop its card at this seat.

        A call without a line number comes from a box that cannot tell its lines apart,
        so it rings everywhere rather than nowhere. So does a file whose entries are all
        hand-edited into something that is not a line number: a typo must not silence
        this seat for every call.
        """
        if not line or not line.strip():
            return True
        mine = {line_key(x) for x in self.lines if LINE_RE.fullmatch(x.strip())}
        return not mine or line_key(line) in mine


def config_path() -> Path:
    folder = os.environ.get(ENV_DIR)
    return (Path(folder) if folder else user_config_path(APP_NAME, appauthor=False)) / FILE_NAME


def load(path: Path | None = None) -> StationConfig:
    """The saved configuration; a missing file is an empty one."""
    p = path or config_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return StationConfig()
    except (OSError, ValueError) as exc:
        raise StationConfigError(f"{p}: cannot be read ({exc}); fix or delete it") from None
    gw = data.get("gateway", {}) if isinstance(data, dict) else {}
    serial = [str(s) for s in gw.get("serial", []) if str(s).strip()]
    # Files from before seats had lines have no "callerid": every line rings here.
    cid = data.get("callerid", {}) if isinstance(data, dict) else {}
    raw_lines = cid.get("lines", []) if isinstance(cid, dict) else []
    if isinstance(raw_lines, str):  # hand-edited as "01, 02"
        raw_lines = split_lines(raw_lines)
    lines = [str(x).strip() for x in raw_lines if str(x).strip()]
    return StationConfig(serial=serial, dc09=str(gw.get("dc09") or ""), lines=lines)


def split_lines(text: str) -> list[str]:
    """Line numbers as typed: "01, 02" or "01 02" (a Chinese IME gives "01，02")."""
    return [part for part in re.split(r"[,，、;；\s]+", text) if part]


def save(config: StationConfig, path: Path | None = None) -> Path:
    """Write atomically: a crash mid-save must not leave half a file behind."""
    problems = validate(config)
    if problems:
        raise StationConfigError("; ".join(problems))
    p = path or config_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    body = {
        "gateway": {"serial": config.serial, "dc09": config.dc09 or None},
        "callerid": {"lines": config.lines},
    }
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, p)
    return p


class StationConfigError(ValueError):
    pass


def validate(config: StationConfig) -> list[str]:
    """Every problem, each naming its line (1-based), the DC-09 field or the lines field."""
    # Imported here, not at the top: the codecs take most of this module's import time,
    # and load() alone, which every console start calls, needs none of them.
    from hardware.codecs import CODECS
    from hardware.transport.spec import SpecError, parse_spec

    problems: list[str] = []
    protocols = set(CODECS) - {"dc09"}
    seen: dict[str, int] = {}
    for i, text in enumerate(config.serial, start=1):
        try:
            spec = parse_spec(text, known_protocols=protocols)
        except SpecError as exc:
            problems.append(f"line {i}: {exc}")
            continue
        if spec.label in seen:
            problems.append(f"line {i}: {spec.label} is already on line {seen[spec.label]}")
        seen.setdefault(spec.label, i)
    if config.dc09:
        _host, colon, port = config.dc09.rpartition(":")
        if not colon or not port.isdigit() or not 0 < int(port) <= 65535:
            problems.append(f"DC-09: {config.dc09!r} is not HOST:PORT, e.g. 0.0.0.0:9000")
    taken: dict[str, str] = {}
    for entry in config.lines:
        if not LINE_RE.fullmatch(entry.strip()):
            problems.append(f"lines: {entry!r} is not a line number (1 to 4 digits or letters)")
            continue
        key = line_key(entry)
        if key in taken:
            problems.append(f"lines: {entry!r} is the same line as {taken[key]!r}")
        taken.setdefault(key, entry)
    return problems
