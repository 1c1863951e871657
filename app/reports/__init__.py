"""Printed reports: the monthly assessment, the settlement statement, the statistics."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

REPORTS = ("assessment", "settlement", "statistics")
FORMATS = ("pdf", "xlsx")


def write_report(
    session: Session, report: str, month: str, path: Path | str, fmt: str, now: datetime
) -> int:
    """Compute ``report`` for ``month`` and write it; returns the PDF's pages (0 for xlsx)."""
    from app.assessment.service import compute_month
    from app.assessment.settlement import settle_month
    from app.assessment.statistics import month_statistics
    from app.reports import pdf, xlsx

    if report not in REPORTS:
        raise ValueError(f"unknown report {report!r}: choose one of {', '.join(REPORTS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose pdf or xlsx")
    if report == "assessment":
        m = compute_month(session, month, now)
        if fmt == "xlsx":
            xlsx.assessment_xlsx(m, path)
            return 0
        return pdf.assessment_pdf(m, path)
    if report == "settlement":
        s = settle_month(session, month, now)
        if fmt == "xlsx":
            xlsx.settlement_xlsx(s, path)
            return 0
        return pdf.settlement_pdf(s, path)
    st = month_statistics(session, month, now)
    if fmt == "xlsx":
        xlsx.statistics_xlsx(st, path)
        return 0
    return pdf.statistics_pdf(st, path)
