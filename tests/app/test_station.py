"""This PC's gateway ports, saved in the SPEC form and checked line by line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import station


def test_round_trip_and_missing_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "station.json"
    assert station.load(path) == station.StationConfig()
    cfg = station.StationConfig(serial=["COM3,protocol=callerid"], dc09="0.0.0.0:9000")
    station.save(cfg, path)
    assert station.load(path) == cfg
    assert station.load(path).has_gateway


def test_every_bad_line_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "station.json"
    cfg = station.StationConfig(
        serial=[
            "/dev/ttyUSB0,protocol=surgard",
            "/dev/ttyUSB1,protocol=nosuch",
            "/dev/ttyUSB0,protocol=callerid",
            "COM4,protocol=surgard,parity=X",
        ],
        dc09="9000",
    )
    problems = station.validate(cfg)
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 4", "DC-09"]
    assert "unknown protocol 'nosuch'" in problems[0]
    assert "already on line 1" in problems[1]
    with pytest.raises(station.StationConfigError):
        station.save(cfg, path)
    assert not path.exists()


def test_unreadable_file_says_where_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "station.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(station.StationConfigError) as exc:
        station.load(path)
    assert str(path) in str(exc.value) and "fix or delete it" in str(exc.value)


def test_lines_round_trip_under_callerid(tmp_path: Path) -> None:
    path = tmp_path / "station.json"
    cfg = station.StationConfig(serial=["COM3,protocol=callerid-com"], lines=["01", "2", "B"])
    station.save(cfg, path)
    assert json.loads(path.read_text(encoding="utf-8"))["callerid"] == {"lines": ["01", "2", "B"]}
    assert station.load(path) == cfg


def test_a_file_from_before_lines_rings_every_line_here(tmp_path: Path) -> None:
    path = tmp_path / "station.json"
    path.write_text(
        json.dumps({"gateway": {"serial": ["COM3,protocol=callerid"], "dc09": None}}),
        encoding="utf-8",
    )
    loaded = station.load(path)
    assert loaded.serial == ["COM3,protocol=callerid"] and loaded.lines == []
    assert loaded.rings_here("01") and loaded.rings_here("7")


def test_bad_and_repeated_lines_are_named() -> None:
    cfg = station.StationConfig(lines=["01", "0x1?", "1", "12345", "A2", "a2"])
    assert station.validate(cfg) == [
        "lines: '0x1?' is not a line number (1 to 4 digits or letters)",
        "lines: '1' is the same line as '01'",
        "lines: '12345' is not a line number (1 to 4 digits or letters)",
        "lines: 'a2' is the same line as 'A2'",
    ]
    assert station.validate(station.StationConfig(lines=["01", "02", "0", "ABCD"])) == []


@pytest.mark.parametrize(
    ("lines", "line", "rings"),
    [
        ([], "01", True),
        (["01", "02"], "01", True),
        (["01", "02"], "1", True),
        (["1"], "001", True),
        (["01", "02"], "03", False),
        (["01"], "10", False),
        (["0"], "00", True),
        (["01"], None, True),
        (["01"], "", True),
        (["01"], " ", True),
        (["b1"], "B1", True),
        # Only typos left in a hand-edited file: ring rather than go silent.
        (["0x1?"], "03", True),
    ],
)
def test_rings_here(lines: list[str], line: str | None, rings: bool) -> None:
    assert station.StationConfig(lines=lines).rings_here(line) is rings


def test_lines_typed_with_commas_spaces_or_a_chinese_comma() -> None:
    assert station.split_lines(" 01, 02 03，04、05,, ") == ["01", "02", "03", "04", "05"]
    assert station.split_lines("") == []


def test_loading_at_start_up_does_not_import_the_codecs() -> None:
    # Every console start loads this file; the codecs are only needed to check a save.
    code = (
        "import sys; from app import station; station.load(); "
        "assert 'hardware.codecs' not in sys.modules, 'codecs imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
