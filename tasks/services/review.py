"""The office's and the leaders' side of reporting: review of reports, delay requests and
leaders' comments (批示)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tasks.models import DelayRequest, LeaderComment, ProgressReport, ReportStatus
from tasks.services.notify import notify
from tasks.services.reports import report_unit_for, task_url
from workplans.models import Task, TaskUnit, User
from workplans.services.statuses import verdict_apply
from workplans.validation import validate_fields


def _review(report: ProgressReport, user: User, verdict: str, comment: str) -> ProgressReport:
    """Lock a submitted report and record the office's verdict on it."""
    report = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        action = "审核" if verdict == ReportStatus.APPROVED else "退回"
        raise ValidationError(f"这份报送{report.get_status_display()}，不能{action}。")
    report.status = verdict
    report.reviewer = user
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.version += 1  # the row is locked above
    report._history_user = user
    validate_fields(report)
    report.save()
    return report


@transaction.atomic
def report_approve(*, report: ProgressReport, user: User, comment: str = "") -> ProgressReport:
    """Approve a submitted report: the task's progress and its targets' latest actuals follow,
    and the engine gives the task its status and status reason in the same save."""
    report = _review(report, user, ReportStatus.APPROVED, comment)
    task = report.task
    for actual in report.actuals.select_related("target"):
        target = actual.target
        target.latest_actual = actual.value
        target._history_user = user
        target.save(update_fields=["latest_actual"])
    task.progress = report.percent
    verdict_apply(task)
    task._history_user = user
    task.save(update_fields=["progress", "status", "status_reason", "updated_at"])
    notify(
        user=report.author,
        key=f"report-approved:{report.pk}:{report.version}",
        title=f"进展报送已通过：{task.title}",
        body=report.review_comment,
        url=task_url(task),
    )
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, user: User, comment: str) -> ProgressReport:
    if not comment.strip():
        raise ValidationError({"comment": "退回时请写明退回原因，方便科室修改。"})
    report = _review(report, user, ReportStatus.RETURNED, comment)
    notify(
        user=report.author,
        key=f"report-returned:{report.pk}:{report.version}",
        title=f"进展报送被退回：{report.task.title}",
        body=f"退回意见：{report.review_comment}",
        url=task_url(report.task),
    )
    return report


@transaction.atomic
def delay_request(*, task: Task, user: User, new_deadline: dt.date, reason: str) -> DelayRequest:
    unit = report_unit_for(task, user)
    errors = {}
    if not reason.strip():
        errors["reason"] = "请写明延期理由。"
    if task.deadline and new_deadline <= task.deadline:
        errors["new_deadline"] = f"新的时限应晚于原时限（{task.deadline:%Y-%m-%d}）。"
    if errors:
        raise ValidationError(errors)
    if task.delay_requests.filter(status=DelayRequest.Status.PENDING).exists():
        raise ValidationError("这项任务已有一份待审批的延期申请。")
    delay = DelayRequest(
        task=task,
        unit=unit,
        requested_by=user,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    validate_fields(delay)
    delay.save()
    return delay


@transaction.atomic
def delay_decide(*, delay: DelayRequest, user: User, approve: bool, comment: str) -> DelayRequest:
    delay = DelayRequest.objects.select_for_update().select_related("task").get(pk=delay.pk)
    if delay.status != DelayRequest.Status.PENDING:
        raise ValidationError(f"这份延期申请{delay.get_status_display()}，不能重复审批。")
    if not approve and not comment.strip():
        raise ValidationError({"comment": "不同意延期时请写明理由。"})
    delay.status = DelayRequest.Status.APPROVED if approve else DelayRequest.Status.REFUSED
    delay.decided_by = user
    delay.decided_at = timezone.now()
    delay.decision_comment = comment.strip()
    delay._history_user = user
    validate_fields(delay)
    delay.save()
    verdict = "已同意" if approve else "未同意"
    notify(
        user=delay.requested_by,
        key=f"delay-decided:{delay.pk}",
        title=f"延期申请{verdict}：{delay.task.title}",
        body=delay.decision_comment,
        url=task_url(delay.task),
    )
    if approve:
        task = delay.task
        task.deadline = delay.new_deadline
        task._history_user = user
        task._change_reason = (
            f"延期申请获批：{delay.old_deadline or '未设定'} → {delay.new_deadline}"
        )
        verdict_apply(task)
        task.save(update_fields=["deadline", "status", "status_reason", "updated_at"])
    return delay


@transaction.atomic
def leader_comment_add(*, task: Task, user: User, text: str) -> LeaderComment:
    if not text.strip():
        raise ValidationError({"text": "请填写批示内容。"})
    comment = LeaderComment(task=task, author=user, text=text.strip())
    validate_fields(comment)
    comment.save()
    lead_units = TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).values("unit")
    for member in User.objects.filter(units__in=lead_units, is_active=True).distinct():
        notify(
            user=member,
            key=f"comment:{comment.pk}",
            title=f"领导批示：{task.title}",
            body=f"{user.display_name}：{comment.text}",
            url=task_url(task),
        )
    return comment
