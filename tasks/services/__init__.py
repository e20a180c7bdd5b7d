"""Carrying the plan out, by concern: periods, a unit's reports, the office's review, chasing
(the escalation ladder) and notifications. Views, jobs and commands call these."""

from tasks.services.chasing import (
    escalation_reply,
    periods_roll,
    receipt_remind,
    reminders_send,
    urge_by_hand,
    urge_unit,
)
from tasks.services.notify import mark_read, notify, notify_many
from tasks.services.periods import (
    period_close,
    period_open,
    period_suggest,
    period_suggest_next,
    reporting_period,
    statuses_and_unreported_recompute,
    unreported_recompute,
)
from tasks.services.reports import (
    attachment_add,
    attachment_delete,
    cooperation_save,
    receipt_confirm,
    receipt_reopen,
    receipt_request_adjustment,
    report_save,
    report_unit_for,
    task_needs_explanation,
    task_url,
)
from tasks.services.review import (
    delay_decide,
    delay_request,
    leader_comment_add,
    report_approve,
    report_return,
)

__all__ = [
    "attachment_add",
    "attachment_delete",
    "cooperation_save",
    "delay_decide",
    "delay_request",
    "escalation_reply",
    "leader_comment_add",
    "mark_read",
    "notify",
    "notify_many",
    "period_close",
    "period_open",
    "period_suggest",
    "period_suggest_next",
    "periods_roll",
    "receipt_confirm",
    "receipt_remind",
    "receipt_reopen",
    "receipt_request_adjustment",
    "reminders_send",
    "report_approve",
    "report_return",
    "report_save",
    "report_unit_for",
    "reporting_period",
    "statuses_and_unreported_recompute",
    "task_needs_explanation",
    "task_url",
    "unreported_recompute",
    "urge_by_hand",
    "urge_unit",
]
