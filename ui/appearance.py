"""Fonts, style and the few colours the console uses everywhere.

Operators read this screen for 8–12 hours: the body font is never below 11 pt,
focus is drawn as a thick blue frame, and an invalid field as a red one.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

BODY_POINT_SIZE = 11

# Fonts with full simplified-Chinese coverage, best first on each platform; whichever
# is installed joins the family list so Qt never falls back to boxes for CJK glyphs.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
)
LATIN_FAMILIES = ("Segoe UI", "Helvetica Neue", "DejaVu Sans", "Liberation Sans")

ERROR_RED = "#c62828"
OK_GREEN = "#2e7d32"
WARN_AMBER = "#ef6c00"
IDLE_GREY = "#757575"
FOCUS_BLUE = "#1565c0"

STYLE_SHEET = f"""
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox {{
    padding: 3px 4px;
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QTableView:focus, QListView:focus, QListWidget:focus {{
    border: 2px solid {FOCUS_BLUE};
}}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QSpinBox[invalid="true"], QListView[invalid="true"], QTableView[invalid="true"],
QGroupBox[invalid="true"] {{
    border: 2px solid {ERROR_RED};
    background: #fff5f5;
}}
QLineEdit[invalid="true"]:focus, QPlainTextEdit[invalid="true"]:focus,
QComboBox[invalid="true"]:focus, QSpinBox[invalid="true"]:focus,
QListView[invalid="true"]:focus, QTableView[invalid="true"]:focus {{
    border: 3px solid {ERROR_RED};
}}
QLabel[role="field-error"] {{
    color: {ERROR_RED};
}}
QLabel[role="error-summary"] {{
    color: {ERROR_RED};
    background: #fdecea;
    border: 1px solid {ERROR_RED};
    border-radius: 4px;
    padding: 6px 8px;
}}
QLabel[role="placeholder-title"] {{
    font-size: 16pt;
    font-weight: bold;
}}
QLabel[role="hint"] {{
    color: #555555;
}}
QListWidget#navigation {{
    font-size: 12pt;
    background: #f3f5f8;
    border: none;
    border-right: 1px solid #d0d5dc;
}}
QListWidget#navigation::item {{
    padding: 8px 10px;
}}
QListWidget#navigation::item:selected {{
    background: {FOCUS_BLUE};
    color: white;
}}
QTableView {{
    gridline-color: #e0e0e0;
    selection-background-color: #bbdefb;
    selection-color: black;
    alternate-background-color: #f7f9fb;
}}
QHeaderView::section {{
    padding: 4px 6px;
    font-weight: bold;
}}
"""


def pick_families(available: list[str]) -> list[str]:
    """Latin face first (Latin glyphs of CJK fonts are poor), then a CJK face."""
    have = set(available)
    latin = [f for f in LATIN_FAMILIES if f in have][:1]
    cjk = [f for f in CJK_FAMILIES if f in have][:2]
    return latin + cjk


def apply(app: QApplication) -> None:
    """Style, font and colours for the whole console; call once after QApplication."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    families = pick_families(QFontDatabase.families())
    if not any(f in families for f in CJK_FAMILIES):
        log.warning(
            "no Chinese font found (install e.g. fonts-wqy-microhei or fonts-noto-cjk): "
            "Chinese text may show as boxes"
        )
    if families:
        font.setFamilies(families)
    font.setPointSize(max(font.pointSize(), BODY_POINT_SIZE))
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def repolish(widget: QWidget) -> None:
    """Re-evaluate the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
