"""The layering rule, read from the source: ``ui → app → db``, ``app → hardware``.

Nothing below ui may import ui or a Qt binding, not even by name through importlib: the
headless gateway and the installer's commands run on servers without a display (or Qt's
libraries), and a service that reached up into a widget could not be tested or reused
without one. hardware stands alone (codecs and transports, no database); db knows only
its tables. Each violation is reported as ``file:line``, so the fix starts there.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Top-level module names of Qt and of libraries that load it on import.
QT = frozenset({"PySide6", "PySide2", "shiboken6", "shiboken2", "pyqtgraph", "qtpy"})

FORBIDDEN: dict[str, frozenset[str]] = {
    "app": frozenset({"ui"}),
    "db": frozenset({"ui", "app", "hardware"}),
    "hardware": frozenset({"ui", "app", "db"}),
}


def _is_qt(top: str) -> bool:
    return top in QT or top.startswith("PyQt")


def _module_of(rel: Path) -> str:
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name a ``from … import`` reads from (relative ones included)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # A module's own package is one level up; a package's __init__ is its package.
    keep = len(base) - node.level + (1 if is_package else 0)
    prefix = ".".join(base[: max(keep, 0)])
    return f"{prefix}.{node.module}" if node.module else prefix


def _dynamic_import(node: ast.Call) -> str | None:
    """The name given to ``importlib.import_module("…")`` or ``__import__("…")``."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def imported_modules(source: str, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in ``source``, static or by name."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, module, is_package)
            yield node.lineno, base
            if not node.module:
                # `from . import x` / `from pkg import x`: x may itself be a module.
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}" if base else alias.name
        elif isinstance(node, ast.Call):
            name = _dynamic_import(node)
            if name is not None:
                yield node.lineno, name


def violations_in(path: Path, layer: str, root: Path = ROOT) -> list[str]:
    rel = path.relative_to(root)
    found: list[str] = []
    source = path.read_text("utf-8")
    for line, name in imported_modules(source, _module_of(rel), path.name == "__init__.py"):
        top = name.split(".")[0]
        if top in FORBIDDEN[layer]:
            found.append(f"{rel}:{line}: {layer} imports {name}")
        elif _is_qt(top):
            found.append(f"{rel}:{line}: {layer} imports Qt ({name})")
    return found


def _sources(layer: str) -> list[Path]:
    return sorted(p for p in (ROOT / layer).rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    files = _sources(layer)
    assert files, f"no Python files under {layer}/"
    found = [v for path in files for v in violations_in(path, layer)]
    assert not found, "layering violations:\n" + "\n".join(found)


def test_the_checker_sees_every_form_of_import(tmp_path: Path) -> None:
    source = """
import os
import ui.launch
from ui import launch
from PySide6.QtCore import QTimer
import PyQt6
import shiboken6
import importlib
importlib.import_module("ui.launch")
__import__("ui")
from importlib import import_module
import_module("PySide6.QtWidgets")
from .. import db
from . import codecs
"""
    names = [name for _line, name in imported_modules(source, "hardware.transport.link", False)]
    for expected in (
        "ui.launch",
        "ui",
        "PySide6.QtCore",
        "PyQt6",
        "shiboken6",
        "PySide6.QtWidgets",
        "hardware.db",
        "hardware.transport.codecs",
    ):
        assert expected in names, expected
    # A package's __init__ is its own package: `from . import x` stays inside it.
    in_init = [name for _l, name in imported_modules("from . import x", "app.feed", True)]
    assert "app.feed.x" in in_init

    bad = tmp_path / "hardware" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("import os\nimport db.engine\nfrom ui import launch\n", "utf-8")
    assert violations_in(bad, "hardware", root=tmp_path) == [
        "hardware/bad.py:2: hardware imports db.engine",
        "hardware/bad.py:3: hardware imports ui",
    ]
