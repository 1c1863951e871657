"""Prices on screen come from integer fen, exactly."""

from app.money import price, yuan


def test_price_and_yuan_are_exact_with_thousands_and_sign() -> None:
    assert price(1500) == "¥15.00"
    assert price(123456) == "¥1,234.56"
    assert price(-5) == "-¥0.05"
    assert yuan(100000001) == "1,000,000.01"
