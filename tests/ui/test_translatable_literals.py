"""Every string handed to the translator is a literal that lupdate can read.

A helper such as ``def _tr(text): return translate("Ctx", text)`` hides every string it
is called with from lupdate: the Chinese catalogue never gets them and the console shows
English in the middle of Chinese screens. This looks at the source, not the catalogue.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def _text_argument(call: ast.Call) -> ast.expr | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "translate" and len(call.args) >= 2:
        return call.args[1]
    if isinstance(func, ast.Attribute) and func.attr == "tr" and call.args:
        return call.args[0]
    return None


def test_translated_texts_are_literals() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            arg = _text_argument(node)
            if arg is None:
                continue
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if not literal:
                offenders.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert not offenders, f"texts lupdate cannot see: {offenders}"


def test_no_translation_inside_an_f_string() -> None:
    """lupdate does not look inside f-strings: ``f"{self.tr('x')}"`` is never translated."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _text_argument(inner) is not None:
                    offenders.append(f"{path.relative_to(UI.parent)}:{inner.lineno}")
    assert not offenders, f"translations inside f-strings: {sorted(set(offenders))}"
