"""Callbacks on completed orders, complaints, care calls and daily check-ins (no Qt).

The centre checks the firms' work by calling elders back: fake service records are the
known fraud of this trade, so an elder who says "nobody came" puts the order in dispute
and holds it out of the firm's subsidy until a supervisor decides. Care calls reach the
special groups once a month; the daily check-in queues a welfare call for an elder who
opted in and has not been heard from by their hour.

Every function takes a Session and returns frozen dataclasses; changes check the actor's
permission, write the audit log and announce the change in the same transaction, then commit.

- ``sampling``: which completed orders get a callback (periodic: ``sampling_sweep``)
- ``callbacks``: the callback queue, tries and results, disputes and their decisions
- ``complaints``: complaints and their handling steps
- ``care_calls``: the monthly care-call list and coverage
- ``checkins``: daily welfare calls (periodic: ``checkins_due``)
- ``sweep``: ``daily_sweep``, both periodic jobs as the follow-up screen runs them
- ``common``: the centre's clock, phone numbers, audit and announcement helpers
"""

from app.followups.callbacks import (
    MAX_TRIES,
    RESULTS,
    FollowUpRow,
    decide_dispute,
    disputes_pending,
    followup_queue,
    get_followup,
    record_attempt,
)
from app.followups.care_calls import (
    CARE_GROUPS,
    CareCallRow,
    CareCoverage,
    care_call_list,
    care_coverage,
    record_care_call,
)
from app.followups.checkins import CheckinRow, checkin_list, checkins_due, record_checkin
from app.followups.common import month_of
from app.followups.complaints import (
    ComplaintStepView,
    ComplaintView,
    close_complaint,
    complaint_step,
    complaints,
    get_complaint,
    record_complaint,
    record_complaint_on_order,
)
from app.followups.sampling import SampleResult, sample_day, sampling_sweep
from app.followups.sweep import daily_sweep

__all__ = [
    "CARE_GROUPS",
    "MAX_TRIES",
    "RESULTS",
    "CareCallRow",
    "CareCoverage",
    "CheckinRow",
    "ComplaintStepView",
    "ComplaintView",
    "FollowUpRow",
    "SampleResult",
    "care_call_list",
    "care_coverage",
    "checkin_list",
    "checkins_due",
    "close_complaint",
    "complaint_step",
    "complaints",
    "daily_sweep",
    "decide_dispute",
    "disputes_pending",
    "followup_queue",
    "get_complaint",
    "get_followup",
    "month_of",
    "record_attempt",
    "record_care_call",
    "record_checkin",
    "record_complaint",
    "record_complaint_on_order",
    "sample_day",
    "sampling_sweep",
]
