"""Monthly firm assessments (考核) and their indicator scores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base


class Assessment(Base):
    """One firm's score for one month: four dimensions, a total, a grade and a rank."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"))
    month: Mapped[str] = mapped_column(String(7), index=True)
    total: Mapped[float] = mapped_column(default=0.0)
    grade: Mapped[str] = mapped_column(String(10), default="")
    rank: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    finalised_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    finalised_at: Mapped[datetime | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")

    scores: Mapped[list[AssessmentScore]] = relationship(
        order_by="AssessmentScore.id", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("firm_id", "month"),)


class AssessmentScore(Base):
    __tablename__ = "assessment_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(10), default="computed")
    value: Mapped[float | None] = mapped_column()
    score: Mapped[float] = mapped_column(default=0.0)
    max_score: Mapped[float] = mapped_column(default=0.0)
    comment: Mapped[str] = mapped_column(Text, default="")
