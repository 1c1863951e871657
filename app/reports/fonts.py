"""Finding and embedding a Chinese TrueType font for reportlab.

reportlab's built-in CID fonts (STSong-Light) are not embedded: a PC without them shows
blanks. So a TrueType CJK font is embedded in every report. Noto CJK does not load in
reportlab (CFF outlines), hence the list: WenQuanYi Micro Hei on Linux (Debian/Ubuntu
package ``fonts-wqy-microhei``), Microsoft YaHei or SimSun on Windows. ``ANXIN_CJK_FONT``
names another .ttf/.ttc to use first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "AnxinCJK"

_LINUX = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
)
_WINDOWS = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf")


class FontMissing(RuntimeError):
    """No usable Chinese font: the message says what to install."""


def candidates() -> list[Path]:
    out: list[Path] = []
    if env := os.environ.get("ANXIN_CJK_FONT"):
        out.append(Path(env))
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        out += [windir / n for n in _WINDOWS]
    out += [Path(p) for p in _LINUX]
    if sys.platform == "darwin":
        out.append(Path("/System/Library/Fonts/STHeiti Medium.ttc"))
    return out


def register_cjk_font() -> str:
    """Register the first usable font under ``FONT_NAME`` (once) and return the name."""
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    tried: list[str] = []
    for path in candidates():
        if not path.is_file():
            tried.append(f"{path} (not found)")
            continue
        try:
            kwargs = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), **kwargs))
            return FONT_NAME
        except Exception as exc:  # a CFF-outline or damaged font: try the next one
            tried.append(f"{path} ({exc})")
    raise FontMissing(
        "no Chinese TrueType font for the PDF reports. On Debian/Ubuntu install "
        "fonts-wqy-microhei (apt install fonts-wqy-microhei); on Windows Microsoft YaHei "
        "(msyh.ttc) or SimSun (simsun.ttc) must be in the Fonts folder; or set "
        "ANXIN_CJK_FONT to a .ttf/.ttc file. Tried: " + "; ".join(tried)
    )
