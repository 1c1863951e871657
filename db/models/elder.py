"""Registered elders, their phones, special-group flags, emergency contacts and devices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, utcnow

SEXES = ("M", "F")
SUBSIDY_CATEGORIES = ("A", "B", "C", "D")
CARE_LEVELS = ("independent", "semi_dependent", "dependent")
ELDER_STATUSES = ("active", "suspended", "deceased", "moved")
PHONE_KINDS = ("landline", "mobile", "onekey")
SPECIAL_GROUPS = (
    "living_alone",  # 独居
    "empty_nest",  # 空巢
    "low_income",  # 低保
    "advanced_age",  # 高龄 (80+)
    "lost_only_child",  # 失独
    "family_planning",  # 计划生育特殊家庭
    "centenarian",  # 百岁
)


class Elder(Base):
    __tablename__ = "elders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    # Pinyin initials of the name ("zs" for 张三), so operators can type them.
    name_initials: Mapped[str] = mapped_column(String(40), index=True)
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    address: Mapped[str] = mapped_column(String(200))
    building: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    floor: Mapped[str] = mapped_column(String(10), default="")
    door: Mapped[str] = mapped_column(String(20), default="")
    subsidy_category: Mapped[str] = mapped_column(String(1))
    care_level: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    medical_notes: Mapped[str] = mapped_column(Text, default="")
    allergies: Mapped[str] = mapped_column(String(200), default="")
    medicines: Mapped[str] = mapped_column(String(400), default="")
    preferred_firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"))
    # Indexed: the check-in sweep reads the few who opted in out of 200,000.
    daily_checkin: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    checkin_hour: Mapped[int | None] = mapped_column(Integer)
    enrolled_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: two operators editing one elder must not overwrite each other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    phones: Mapped[list[ElderPhone]] = relationship(
        back_populates="elder", cascade="all, delete-orphan", order_by="ElderPhone.id"
    )
    groups: Mapped[list[ElderGroup]] = relationship(cascade="all, delete-orphan")
    contacts: Mapped[list[EmergencyContact]] = relationship(
        cascade="all, delete-orphan", order_by="EmergencyContact.position"
    )
    devices: Mapped[list[Device]] = relationship(back_populates="elder")

    __mapper_args__ = {"version_id_col": version}


class ElderPhone(Base):
    __tablename__ = "elder_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    number: Mapped[str] = mapped_column(String(40))
    # E.164 form, looked up on every ring; not unique (shared landlines exist).
    number_norm: Mapped[str] = mapped_column(String(20), index=True)

    elder: Mapped[Elder] = relationship(back_populates="phones")


class ElderGroup(Base):
    __tablename__ = "elder_groups"

    elder_id: Mapped[int] = mapped_column(
        ForeignKey("elders.id", ondelete="CASCADE"), primary_key=True
    )
    group: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (Index("ix_elder_groups_group", "group", "elder_id"),)


class EmergencyContact(Base):
    __tablename__ = "emergency_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(ForeignKey("elders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40))
    relation: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(40))
    phone_norm: Mapped[str] = mapped_column(String(20), index=True)


class Device(Base):
    """A one-key-call phone, SOS pendant or sensor that reports to the alarm receiver."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(16), unique=True)
    elder_id: Mapped[int | None] = mapped_column(ForeignKey("elders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(60), default="")
    serial_no: Mapped[str] = mapped_column(String(60), default="")
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id"), index=True)
    test_interval_h: Mapped[int] = mapped_column(Integer, default=24)
    installed_on: Mapped[date | None] = mapped_column(Date)
    last_test_at: Mapped[datetime | None] = mapped_column()
    last_event_at: Mapped[datetime | None] = mapped_column()
    battery_low: Mapped[bool] = mapped_column(Boolean, default=False)
    mains_lost: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="active")

    elder: Mapped[Elder | None] = relationship(back_populates="devices")
