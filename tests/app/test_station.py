"""This PC's gateway ports, saved in the SPEC form and checked line by line."""

from __future__ import annotations

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
