"""The follow-up screen's periodic job: callback sampling, then the check-ins now due.

Both parts are idempotent, so every seat runs it on opening the screen and on a timer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.followups.checkins import checkins_due
from app.followups.common import _now
from app.followups.sampling import SampleResult, sampling_sweep


def daily_sweep(session: Session, now: datetime | None = None) -> SampleResult:
    """What the follow-up screen runs on opening and refreshing: yesterday's and today's
    sampling (idempotent, so any seat may run it) and the check-ins now due."""
    at = _now(now)
    result = sampling_sweep(session, at)
    checkins_due(session, at)
    return result
