"""Work-arounds for bugs in the Qt binding we ship with, each checked before it is applied.

PySide6 6.12 (seen with 6.12.0 on CPython 3.11): ``SignalInstance.emit()`` returns
``True`` without taking a reference to it, so every emit from Python code lowers
the reference count of ``True`` by one. On CPython before 3.12 (where ``True`` is
not yet immortal) the count reaches zero after some thousands of emits and the
interpreter aborts with "Fatal Python error: bool_dealloc" — in a console that runs
for a 12-hour shift, a certainty. The fix here gives ``True`` and ``False`` a
reference count no run can exhaust, which is what CPython 3.12 itself does
(immortal objects); it is applied only when a probe shows the leak.

The same binding also returns ``None`` from every void method (``setText``, ``repaint``,
``processEvents`` ...) without a reference: each call lowers the count of ``None`` by one,
and a console repainting for an hour aborts with "deallocating None". ``None`` is pinned
the same way, after its own probe.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_PROBE_EMITS = 64
# Far more references than emits in any run, far less than the counter's range.
_BALLAST = 1 << 40
_applied = False


class _Probe(QObject):
    fired = Signal(int)


def emit_leaks_true() -> bool:
    """Whether ``emit()`` lowers the reference count of ``True`` in this binding."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for i in range(_PROBE_EMITS):
        probe.fired.emit(i)
    return sys.getrefcount(True) - before <= -_PROBE_EMITS // 2


def void_call_leaks_none() -> bool:
    """Whether calling a void method lowers the reference count of ``None``."""
    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_EMITS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before <= -_PROBE_EMITS // 2


def protect_bool_singletons() -> bool:
    """Apply the fixes this interpreter and binding need; True when any was applied.

    (Named for the first leak found; it pins ``None`` too when ``None`` leaks.)
    """
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    pinned: list[object] = []
    if emit_leaks_true():
        pinned += [True, False]
    if void_call_leaks_none():
        pinned.append(None)
    if not pinned:
        return False
    for singleton in pinned:
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BALLAST
    _applied = True
    log.info("PySide6 reference leaks detected: %s pinned", ", ".join(map(repr, pinned)))
    return True
