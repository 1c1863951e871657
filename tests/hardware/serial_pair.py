"""Real pseudo-terminal pairs for transport tests: a raw pty, or socat with fixed names."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import tty
from pathlib import Path


class PtyPair:
    """``device`` is what the link opens; the test reads and writes ``master``."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(slave)
        self.device = os.ttyname(slave)
        # Keep the slave open so the pty survives between the link's open and close.
        self._slave = slave
        os.set_blocking(self.master, False)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def read(self, timeout: float = 2.0, until: bytes | None = None, size: int = 1) -> bytes:
        deadline = time.monotonic() + timeout
        got = b""
        while time.monotonic() < deadline:
            with contextlib.suppress(BlockingIOError):
                got += os.read(self.master, 4096)
            if (until is not None and until in got) or (until is None and len(got) >= size):
                return got
            time.sleep(0.01)
        return got

    def close(self) -> None:
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class SocatPair:
    """Two linked ptys under fixed names that can be torn down and brought back."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("socat") is None:
            raise RuntimeError("socat is not installed (make test installs it)")
        self.a = str(folder / "deviceA")
        self.b = str(folder / "deviceB")
        self.proc: subprocess.Popen[bytes] | None = None

    def up(self) -> None:
        self.proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.a}", f"pty,raw,echo=0,link={self.b}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while not (os.path.exists(self.a) and os.path.exists(self.b)):
            if time.monotonic() > deadline:
                raise RuntimeError("socat did not create the ptys")
            time.sleep(0.02)

    def down(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(5)
            self.proc = None
        deadline = time.monotonic() + 5
        while os.path.exists(self.a) and time.monotonic() < deadline:
            time.sleep(0.02)
