"""Pinyin initials for search: typing ``zs`` finds 张三."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Lower-case first letters of each character's pinyin; other characters kept as is."""
    parts = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: list(s))
    return "".join(p[:1] for p in parts).lower()
