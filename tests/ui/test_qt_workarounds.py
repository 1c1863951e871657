"""A console runs for a 12-hour shift: no count of calls into Qt may abort the process."""

from __future__ import annotations

import os
import subprocess
import sys

SHIFT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
from ui.qt_workarounds import protect_bool_singletons
app = QApplication([])
protect_bool_singletons()
label = QLabel()
# Far more than None's reference count in a fresh interpreter (a few thousand): with
# PySide6 6.12 on CPython 3.11 this aborts with "deallocating None" unless pinned.
for i in range(100_000):
    label.setText(str(i % 10))
    label.repaint()
    app.processEvents()
print(label.text())
"""


def test_a_shift_of_void_calls_into_qt_does_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SHIFT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "9"
