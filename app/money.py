"""Money as staff read it. Amounts are integer fen everywhere; text is made only here."""

from __future__ import annotations


def yuan(fen: int) -> str:
    """``123456`` -> ``"1,234.56"``: exact, from integers, never through float."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def price(fen: int) -> str:
    """A price on screen: ``1500`` -> ``"¥15.00"``."""
    return ("-¥" if fen < 0 else "¥") + yuan(abs(fen))
