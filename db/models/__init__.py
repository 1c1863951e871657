"""Every table of Anxin; importing this package registers them all on ``Base.metadata``."""

from db.models.alarm import (
    ALARM_OUTCOMES,
    ALARM_STATUSES,
    ESCALATION_KINDS,
    STORM_STATUSES,
    Alarm,
    AlarmAction,
    AlarmEscalation,
    AlarmRepeat,
    AlarmStorm,
)
from db.models.area import AREA_LEVELS, Area
from db.models.assessment import Assessment, AssessmentScore
from db.models.base import Base, UTCDateTime, utcnow
from db.models.call import CALL_DIRECTIONS, CALL_DISPOSITIONS, Call
from db.models.catalogue import ItemPrice, ServiceCategory, ServiceItem
from db.models.elder import (
    CARE_LEVELS,
    ELDER_STATUSES,
    PHONE_KINDS,
    SEXES,
    SPECIAL_GROUPS,
    SUBSIDY_CATEGORIES,
    Device,
    Elder,
    ElderGroup,
    ElderPhone,
    EmergencyContact,
)
from db.models.feed import OutboxEntry, SchedulerLease
from db.models.firm import FIRM_STATUSES, Firm, FirmArea, FirmItem, Staff
from db.models.followup import (
    COMPLAINT_STATUSES,
    FOLLOWUP_RESULTS,
    CareCall,
    CheckinCall,
    Complaint,
    ComplaintStep,
    FollowUp,
)
from db.models.order import ORDER_STATUSES, OrderTransition, WorkOrder
from db.models.user import ROLES, AuditEntry, Setting, User

__all__ = [
    "ALARM_OUTCOMES",
    "ALARM_STATUSES",
    "AREA_LEVELS",
    "CALL_DIRECTIONS",
    "CALL_DISPOSITIONS",
    "CARE_LEVELS",
    "COMPLAINT_STATUSES",
    "ELDER_STATUSES",
    "ESCALATION_KINDS",
    "FIRM_STATUSES",
    "FOLLOWUP_RESULTS",
    "ORDER_STATUSES",
    "PHONE_KINDS",
    "ROLES",
    "SEXES",
    "SPECIAL_GROUPS",
    "STORM_STATUSES",
    "SUBSIDY_CATEGORIES",
    "Alarm",
    "AlarmAction",
    "AlarmEscalation",
    "AlarmRepeat",
    "AlarmStorm",
    "Area",
    "Assessment",
    "AssessmentScore",
    "AuditEntry",
    "Base",
    "Call",
    "CareCall",
    "CheckinCall",
    "Complaint",
    "ComplaintStep",
    "Device",
    "Elder",
    "ElderGroup",
    "ElderPhone",
    "EmergencyContact",
    "Firm",
    "FirmArea",
    "FirmItem",
    "FollowUp",
    "ItemPrice",
    "OrderTransition",
    "OutboxEntry",
    "SchedulerLease",
    "ServiceCategory",
    "ServiceItem",
    "Setting",
    "Staff",
    "UTCDateTime",
    "User",
    "WorkOrder",
    "utcnow",
]
