"""The installer's commands: clear refusals, a monitor that shows bytes, a simulator summary."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from app.cli import main
from app.serial_monitor import monitor, render
from app.simulate import run_cli
from tests.hardware.serial_pair import PtyPair, SocatPair


@pytest.mark.parametrize(
    "spec, message",
    [
        ("/dev/ttyUSB0,protocol=nope", "unknown protocol 'nope'"),
        ("/dev/ttyUSB0", "protocol= is required"),
        ("/dev/ttyUSB0,protocol=surgard,baud=fast", "invalid literal"),
    ],
)
def test_gateway_refuses_a_bad_spec_with_exit_2(
    spec: str, message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rc = main(["--db", f"sqlite:///{tmp_path}/x.db", "gateway", "--serial", spec])
    assert rc == 2 and message in capsys.readouterr().err


def test_gateway_needs_something_to_listen_to(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gateway"]) == 2
    assert "--serial" in capsys.readouterr().err


def test_gateway_without_ports_reads_the_consoles_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app import station

    # As an installer might leave it after editing the file by hand.
    path = station.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"gateway": {"serial": ["/dev/ttyUSB0,protocol=surgard,baud=fast"]}}')
    try:
        rc = main(["--db", f"sqlite:///{tmp_path}/x.db", "gateway"])
    finally:
        station.config_path().unlink()
    # The saved line is the one used: its bad baud is refused before anything opens.
    assert rc == 2 and "invalid literal" in capsys.readouterr().err


def test_render_shows_hex_and_named_control_bytes() -> None:
    line = render(b"5011 18\x14\x06", datetime(2026, 1, 1, 8, 30, 5, 123456))
    assert line == "08:30:05.123  35 30 31 31 20 31 38 14 06  |5011 18<DC4><ACK>|"


def test_serial_monitor_prints_what_arrives() -> None:
    pty = PtyPair()
    lines: list[str] = []
    stop = threading.Event()
    t = threading.Thread(
        target=monitor, args=(pty.device,), kwargs={"print_line": lines.append, "stop": stop.is_set}
    )
    t.start()
    time.sleep(0.3)
    pty.write(b"RING\r\n")
    deadline = time.monotonic() + 3
    while not text_of(lines).endswith("<LF>") and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    t.join(3)
    pty.close()
    # The first byte may come alone (the read returns as soon as one is there).
    assert text_of(lines) == "RING<CR><LF>" and lines[-1] == "6 bytes"


def text_of(lines: list[str]) -> str:
    return "".join(x.split("|")[1] for x in lines if x.count("|") == 2)


def test_simulate_reports_unacked_frames_when_nobody_answers(tmp_path: Path) -> None:
    pair = SocatPair(tmp_path)
    pair.up()
    out: list[str] = []
    try:
        rc = run_cli(
            pair.a, "surgard", "single", count=1, rate=None, accounts=None,
            baudrate=9600, ack_timeout=0.1, give_up_s=1.0, print_line=out.append,
        )  # fmt: skip
    finally:
        pair.down()
    assert rc == 1
    assert out[-1].startswith("sent 1, acked 0")


def test_simulate_refuses_an_unknown_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["simulate", "--port", "loop://", "--protocol", "x", "--scenario", "storm"])
    assert rc == 2 and "cannot simulate 'x'" in capsys.readouterr().err


def test_app_cli_alone_has_no_console_and_needs_a_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The console is added by ui.launcher; app.cli on its own is the headless tool set.
    for argv in ([], ["ui"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "COMMAND" in err and "invalid choice: 'ui'" in err


def test_python_m_app_cli_runs_the_headless_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "--db", url, "gateway", "--serial", "/dev/ttyUSB0"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "protocol= is required" in proc.stderr
