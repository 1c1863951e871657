"""The service catalogue: categories, items and what each subsidy category pays."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base


class ServiceCategory(Base):
    __tablename__ = "service_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(40))


class ServiceItem(Base):
    __tablename__ = "service_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("service_categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    name_initials: Mapped[str] = mapped_column(String(60), index=True)
    unit: Mapped[str] = mapped_column(String(10))
    # Money is integer fen throughout.
    market_price_fen: Mapped[int] = mapped_column(Integer)
    time_limit_min: Mapped[int] = mapped_column(Integer)
    standard: Mapped[str] = mapped_column(Text, default="")
    # Call-mix group used by statistics (housekeeping, companionship, meal, urgent, ...).
    kind: Mapped[str] = mapped_column(String(20), default="other")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped by every save: a stale save (opened before another seat's) is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    prices: Mapped[list[ItemPrice]] = relationship(cascade="all, delete-orphan")


class ItemPrice(Base):
    """What an elder of one subsidy category pays, and what the government pays, per unit."""

    __tablename__ = "item_prices"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("service_items.id", ondelete="CASCADE"), primary_key=True
    )
    subsidy_category: Mapped[str] = mapped_column(String(1), primary_key=True)
    elder_pays_fen: Mapped[int] = mapped_column(Integer)
    government_pays_fen: Mapped[int] = mapped_column(Integer)
