"""Contracted service firms (加盟企业), their coverage, items and staff."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, utcnow

FIRM_STATUSES = ("active", "suspended", "exited")


class Firm(Base):
    __tablename__ = "firms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_initials: Mapped[str] = mapped_column(String(80), index=True)
    licence_no: Mapped[str] = mapped_column(String(30), unique=True)
    legal_rep: Mapped[str] = mapped_column(String(40), default="")
    contact_name: Mapped[str] = mapped_column(String(40))
    contact_phone: Mapped[str] = mapped_column(String(40))
    contact_phone_norm: Mapped[str] = mapped_column(String(20), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    contract_start: Mapped[date] = mapped_column(Date)
    contract_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by every save: a stale save (opened before another seat's) is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    areas: Mapped[list[FirmArea]] = relationship(cascade="all, delete-orphan")
    items: Mapped[list[FirmItem]] = relationship(cascade="all, delete-orphan")
    staff: Mapped[list[Staff]] = relationship(back_populates="firm", order_by="Staff.id")


class FirmArea(Base):
    """A community the firm covers."""

    __tablename__ = "firm_areas"

    firm_id: Mapped[int] = mapped_column(
        ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True)

    # Routing asks "who covers this community", so index from the area side too.
    __table_args__ = (Index("ix_firm_areas_area", "area_id", "firm_id"),)


class FirmItem(Base):
    """A catalogue item the firm is contracted to deliver."""

    __tablename__ = "firm_items"

    firm_id: Mapped[int] = mapped_column(
        ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id"), primary_key=True)

    __table_args__ = (Index("ix_firm_items_item", "item_id", "firm_id"),)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    sex: Mapped[str] = mapped_column(String(1), default="F")
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_norm: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str | None] = mapped_column(String(18))
    role: Mapped[str] = mapped_column(String(20), default="")
    certificate: Mapped[str] = mapped_column(String(60), default="")
    certified_until: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    firm: Mapped[Firm] = relationship(back_populates="staff")
