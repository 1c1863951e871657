"""This PC's own configuration: which gateway ports are plugged into it.

Ports belong to a PC, not to the centre: the receiver hangs off one dispatch PC's
COM3, and a shared PostgreSQL ``settings`` table would tell every seat to open it. So
they live in a small JSON file in the user's config folder, written in the same SPEC
form as ``anxin gateway --serial`` (``/dev/ttyUSB0,protocol=surgard,baud=9600``).
The console's Settings screen edits it; the console and ``anxin gateway`` read it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path

from app.config import APP_NAME
from hardware.codecs import CODECS
from hardware.transport.spec import SpecError, parse_spec

ENV_DIR = "ANXIN_CONFIG_DIR"
FILE_NAME = "station.json"


@dataclass
class StationConfig:
    serial: list[str] = field(default_factory=list)
    dc09: str = ""  # HOST:PORT, empty for none

    @property
    def has_gateway(self) -> bool:
        return bool(self.serial or self.dc09)


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
    return StationConfig(serial=serial, dc09=str(gw.get("dc09") or ""))


def save(config: StationConfig, path: Path | None = None) -> Path:
    """Write atomically: a crash mid-save must not leave half a file behind."""
    problems = validate(config)
    if problems:
        raise StationConfigError("; ".join(problems))
    p = path or config_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    body = {"gateway": {"serial": config.serial, "dc09": config.dc09 or None}}
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, p)
    return p


class StationConfigError(ValueError):
    pass


def validate(config: StationConfig) -> list[str]:
    """Every problem, each naming its line (1-based) or the DC-09 field."""
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
    return problems
