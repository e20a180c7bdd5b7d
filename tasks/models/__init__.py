"""What carrying the plan out records: reporting (periods, reports, review) and chasing."""

from tasks.models.chasing import (
    CalendarDay,
    Escalation,
    Notification,
    OutboxEmail,
    WorkerHeartbeat,
)
from tasks.models.reporting import (
    REPORT_SENT,
    REPORT_STATES,
    Attachment,
    Cooperation,
    DelayRequest,
    LeaderComment,
    PeriodQuerySet,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    TargetActual,
)

__all__ = [
    "Attachment",
    "CalendarDay",
    "Cooperation",
    "DelayRequest",
    "Escalation",
    "LeaderComment",
    "Notification",
    "OutboxEmail",
    "PeriodQuerySet",
    "ProgressReport",
    "REPORT_SENT",
    "REPORT_STATES",
    "ReportStatus",
    "ReportingPeriod",
    "TargetActual",
    "WorkerHeartbeat",
]
