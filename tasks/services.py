"""Reporting work: periods, receipt, progress reports, review, delays, leaders' comments.

Views, jobs and commands call these; each owns its transaction and writes history through
django-simple-history (the models carry HistoricalRecords).
"""

import calendar
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tasks.evidence import attachment_validate
from tasks.models import (
    Attachment,
    Cooperation,
    DelayRequest,
    LeaderComment,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    Target,
    TargetActual,
    Task,
    TaskStatus,
    TaskUnit,
)
from tasks.notifications import notify
from workplans.models import Plan, Unit, User

QUARTER_NAMES = "一二三四"


# Periods ----------------------------------------------------------------------------------


def period_suggest_next(*, plan: Plan, due_day: int = 25) -> dict:
    """The next period after the plan's last one, by its cycle: dates and a label."""
    last = plan.periods.order_by("-start").first()
    start = last.end + dt.timedelta(days=1) if last else dt.date(plan.year, 1, 1)
    if plan.reporting_cycle == Plan.Cycle.QUARTERLY:
        quarter = (start.month - 1) // 3
        start = dt.date(start.year, quarter * 3 + 1, 1)
        end_month = quarter * 3 + 3
        label = f"{start.year}年第{QUARTER_NAMES[quarter]}季度"
    else:
        start = dt.date(start.year, start.month, 1)
        end_month = start.month
        label = f"{start.year}年{start.month}月"
    end = dt.date(start.year, end_month, calendar.monthrange(start.year, end_month)[1])
    due = dt.date(end.year, end.month, min(due_day, end.day))
    return {"label": label, "start": start, "end": end, "due_date": due}


@transaction.atomic
def period_open(
    *, plan: Plan, label: str, start: dt.date, end: dt.date, due_date: dt.date
) -> ReportingPeriod:
    if plan.status != Plan.Status.PUBLISHED:
        raise ValidationError("工作要点发布后才能开启报送期。")
    if end < start:
        raise ValidationError("结束日期不能早于开始日期。")
    if due_date < start:
        raise ValidationError("报送截止日不能早于开始日期。")
    if plan.periods.filter(start__lte=end, end__gte=start).exists():
        raise ValidationError("与已有报送期的日期重叠，请调整开始和结束日期。")
    period = ReportingPeriod(
        plan=plan, label=label.strip(), start=start, end=end, due_date=due_date
    )
    period.full_clean()
    period.save()
    return period


def period_close(*, period: ReportingPeriod) -> None:
    ReportingPeriod.objects.filter(pk=period.pk).update(status=ReportingPeriod.Status.CLOSED)


def period_current(periods: list[ReportingPeriod], today: dt.date) -> ReportingPeriod | None:
    """The open period being reported now: the latest one already started, else the next one
    the office has opened."""
    open_periods = sorted(
        (p for p in periods if p.status == ReportingPeriod.Status.OPEN), key=lambda p: p.start
    )
    started = [p for p in open_periods if p.start <= today]
    if started:
        return started[-1]
    return open_periods[0] if open_periods else None


# Receipt (签收) ----------------------------------------------------------------------------


def _lead_assignment(task: Task, user: User) -> TaskUnit:
    assignment = (
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD, unit__in=user.units.all())
        .select_related("unit")
        .first()
    )
    if assignment is None:
        raise ValidationError("只有牵头单位可以签收这项任务。")
    return assignment


@transaction.atomic
def receipt_confirm(*, task: Task, user: User) -> TaskUnit:
    assignment = _lead_assignment(task, user)
    assignment.receipt = TaskUnit.Receipt.CONFIRMED
    assignment.receipt_note = ""
    assignment.receipt_by = user
    assignment.receipt_at = timezone.now()
    assignment._history_user = user
    assignment.save()
    return assignment


@transaction.atomic
def receipt_request_adjustment(*, task: Task, user: User, reason: str) -> TaskUnit:
    if not reason.strip():
        raise ValidationError(
            "请写明需要调整的理由（如：责任单位不对、任务表述不清、时限无法完成）。"
        )
    assignment = _lead_assignment(task, user)
    assignment.receipt = TaskUnit.Receipt.ADJUST
    assignment.receipt_note = reason.strip()
    assignment.receipt_by = user
    assignment.receipt_at = timezone.now()
    assignment._history_user = user
    assignment.save()
    return assignment


@transaction.atomic
def receipt_reopen(*, assignment: TaskUnit) -> TaskUnit:
    """The admin has adjusted the task: the unit is asked to confirm again."""
    if assignment.receipt != TaskUnit.Receipt.ADJUST:
        raise ValidationError("只有“待调整”的任务需要重新签收。")
    assignment.receipt = TaskUnit.Receipt.PENDING
    assignment.receipt_note = ""
    assignment.save()
    return assignment


# Progress reports ------------------------------------------------------------------------


def task_needs_explanation(task: Task, today: dt.date) -> bool:
    """滞后 or 逾期 tasks must say what the problem is and what comes next."""
    from tasks.status import past_deadline

    if task.status in (TaskStatus.BEHIND, TaskStatus.OVERDUE):
        return True
    # The stored status may predate today's recompute: the deadline is checked as well.
    return task.status != TaskStatus.DONE and past_deadline(task.deadline, today)


def report_unit_for(task: Task, user: User) -> Unit:
    own = user.unit_ids
    leads = TaskUnit.objects.filter(task_id__in=[task.pk, task.parent_id], role=TaskUnit.Role.LEAD)
    unit = next((a.unit for a in leads.select_related("unit") if a.unit_id in own), None)
    if unit is None:
        raise ValidationError("只有牵头单位可以填报这项任务的进展。")
    return unit


@transaction.atomic
def report_save(
    *,
    task: Task,
    period: ReportingPeriod,
    user: User,
    version: int | None,
    narrative: str,
    percent: int,
    problems: str,
    next_steps: str,
    actuals: dict[int, Decimal | None],
    submit: bool,
) -> ProgressReport:
    """Save the lead unit's report as a draft, or submit it.

    `version` is the version the user started from (None for a new report); a report saved by
    someone else since then is not overwritten: a ValidationError says who changed what.
    """
    if period.plan_id != task.plan_id:
        raise ValidationError("报送期不属于这项任务的工作要点。")
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValidationError(f"{period.label}已截止，不能再报送。")
    unit = report_unit_for(task, user)
    report = ProgressReport.objects.select_for_update().filter(task=task, period=period).first()
    if report is not None:
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ValidationError(f"本期进展{report.get_status_display()}，不能再修改。")
        if version != report.version:
            raise ValidationError(_conflict_message(report))
    elif version not in (None, 0):
        raise ValidationError("这份报送已被删除或尚未保存，请刷新页面后重新填写。")
    today = timezone.localdate()
    errors = {}
    if submit and not narrative.strip():
        errors["narrative"] = "请填写工作进展。"
    if not 0 <= percent <= 100:
        errors["percent"] = "完成进度应在 0 到 100 之间。"
    if submit and task_needs_explanation(task, today):
        if not problems.strip():
            errors["problems"] = "任务滞后或逾期，请填写存在问题。"
        if not next_steps.strip():
            errors["next_steps"] = "任务滞后或逾期，请填写下步计划。"
    if errors:
        raise ValidationError(errors)
    report = report or ProgressReport(task=task, period=period, version=0)
    report.unit = unit
    report.author = user
    report.narrative = narrative.strip()
    report.percent = percent
    report.problems = problems.strip()
    report.next_steps = next_steps.strip()
    report.version += 1
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.is_late = today > period.due_date
    elif report.status != ReportStatus.RETURNED:
        report.status = ReportStatus.DRAFT
    report._history_user = user  # history names the author even outside a web request
    report.save()
    _save_actuals(report, task, actuals)
    return report


def _conflict_message(report: ProgressReport) -> str:
    when = timezone.localtime(report.updated_at).strftime("%m-%d %H:%M")
    who = report.author.display_name if report.author_id else "其他人"
    return (
        f"{who} 在 {when} 已修改了这份报送（完成进度 {report.percent}%，"
        f"工作进展：“{report.narrative[:40]}”）。您的修改没有保存，请在最新内容上重新修改。"
    )


def _save_actuals(report: ProgressReport, task: Task, actuals: dict[int, Decimal | None]) -> None:
    targets = {t.pk: t for t in task.targets.all()}
    for target_id, value in actuals.items():
        if target_id not in targets:
            raise ValidationError("指标不属于这项任务，请刷新页面。")
        if value is None:
            TargetActual.objects.filter(report=report, target_id=target_id).delete()
        elif value < 0:
            raise ValidationError({f"target_{target_id}": "实际值不能为负数。"})
        else:
            TargetActual.objects.update_or_create(
                report=report, target_id=target_id, defaults={"value": value}
            )


@transaction.atomic
def report_approve(*, report: ProgressReport, user: User, comment: str = "") -> ProgressReport:
    """Approve a submitted report: the task's progress and its targets' latest actuals follow."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(f"这份报送{report.get_status_display()}，不能审核。")
    report.status = ReportStatus.APPROVED
    report.reviewer = user
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.version += 1  # the row is locked above
    report._history_user = user
    report.save()
    task = report.task
    task.progress = report.percent
    if report.percent >= 100:
        task.status = TaskStatus.DONE
    task._history_user = user
    task.save()
    for actual in report.actuals.select_related("target"):
        target = actual.target
        target.latest_actual = actual.value
        target._history_user = user
        target.save()
    _recompute_after_commit(task.pk)
    notify(
        user=report.author,
        key=f"report-approved:{report.pk}:{report.version}",
        title=f"进展报送已通过：{task.title}",
        body=report.review_comment,
        url=task_url(task),
    )
    return report


def task_url(task: Task) -> str:
    return reverse("tasks:task-detail", args=[task.pk])


def _recompute_after_commit(task_id: int) -> None:
    from tasks import jobs

    transaction.on_commit(lambda: jobs.enqueue(jobs.recompute_task_status, task_id))


@transaction.atomic
def report_return(*, report: ProgressReport, user: User, comment: str) -> ProgressReport:
    if not comment.strip():
        raise ValidationError({"comment": "退回时请写明退回原因，方便科室修改。"})
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(f"这份报送{report.get_status_display()}，不能退回。")
    report.status = ReportStatus.RETURNED
    report.reviewer = user
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.version += 1  # the row is locked above
    report._history_user = user
    report.save()
    notify(
        user=report.author,
        key=f"report-returned:{report.pk}:{report.version}",
        title=f"进展报送被退回：{report.task.title}",
        body=f"退回意见：{report.review_comment}",
        url=task_url(report.task),
    )
    return report


@transaction.atomic
def attachment_add(*, report: ProgressReport, user: User, upload) -> Attachment:
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ValidationError("已报送的进展不能再添加材料。")
    content_type = attachment_validate(upload)
    attachment = Attachment(
        report=report,
        name=upload.name[:255],
        size=upload.size,
        content_type=content_type,
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # never keep a file without its row
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    if attachment.report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ValidationError("已报送的进展不能再删除材料。")
    attachment.delete()  # tasks.signals removes the file once the deletion is committed


# Cooperation, delays, comments -----------------------------------------------------------


@transaction.atomic
def cooperation_save(*, task: Task, period: ReportingPeriod, user: User, text: str) -> Cooperation:
    if not text.strip():
        raise ValidationError({"text": "请填写配合情况。"})
    own = user.units.all()
    assignment = (
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.CO, unit__in=own)
        .select_related("unit")
        .first()
    )
    if assignment is None:
        raise ValidationError("只有配合单位可以填写配合情况。")
    cooperation, _ = Cooperation.objects.update_or_create(
        task=task,
        period=period,
        unit=assignment.unit,
        defaults={"text": text.strip(), "author": user},
    )
    return cooperation


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
        task.save()
        _recompute_after_commit(task.pk)
    return delay


@transaction.atomic
def leader_comment_add(*, task: Task, user: User, text: str) -> LeaderComment:
    if not text.strip():
        raise ValidationError({"text": "请填写批示内容。"})
    comment = LeaderComment.objects.create(task=task, author=user, text=text.strip())
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


# Statuses --------------------------------------------------------------------------------

RECOMPUTE_CHUNK = 5_000


def statuses_recompute(
    *, task_ids: list[int] | None = None, plan_ids: list[int] | None = None, today=None
) -> dict:
    """Recompute task statuses from the rules in tasks/status.py, with set-based queries.

    Three reads (tasks, milestones, targets) whatever the number of tasks, then one UPDATE per
    new status per chunk of ids; only rows whose status changes are written. Returns counts.
    """
    from tasks.models import Milestone
    from tasks.status import TargetFacts, TaskFacts, task_status

    today = today or timezone.localdate()
    tasks = Task.objects.filter(plan__status=Plan.Status.PUBLISHED)
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    if plan_ids is not None:
        tasks = tasks.filter(plan_id__in=plan_ids)
    rows = list(
        tasks.values_list(
            "pk",
            "deadline",
            "start_date",
            "progress",
            "status",
            "plan__year",
            "plan__status_tolerance",
        )
    )
    scope = tasks.values("pk")
    milestones: dict[int, list] = {}
    for task_id, date, percent in Milestone.objects.filter(task__in=scope).values_list(
        "task_id", "date", "percent"
    ):
        milestones.setdefault(task_id, []).append((date, percent))
    targets: dict[int, list] = {}
    target_rows = Target.objects.filter(task__in=scope).values_list(
        "task_id", "comparator", "value", "latest_actual", "baseline", "is_stretch"
    )
    for task_id, comparator, value, actual, baseline, stretch in target_rows:
        targets.setdefault(task_id, []).append(
            TargetFacts(comparator, value, actual, baseline, stretch)
        )
    changed: dict[str, list[int]] = {}
    counts = dict.fromkeys(TaskStatus.values, 0)
    for pk, deadline, start, progress, old, year, tolerance in rows:
        facts = TaskFacts(
            deadline=deadline,
            start=start or dt.date(year, 1, 1),
            progress=progress,
            milestones=tuple(milestones.get(pk, ())),
            targets=tuple(targets.get(pk, ())),
        )
        new = task_status(facts, today=today, tolerance=tolerance)
        counts[new] += 1
        if new != old:
            changed.setdefault(new, []).append(pk)
    with transaction.atomic():
        for status, ids in changed.items():
            for start in range(0, len(ids), RECOMPUTE_CHUNK):
                Task.objects.filter(pk__in=ids[start : start + RECOMPUTE_CHUNK]).update(
                    status=status
                )
        unreported = _flag_unreported(tasks)
    return {
        "tasks": len(rows),
        "changed": sum(len(ids) for ids in changed.values()),
        "unreported": unreported,
        **counts,
    }


def _flag_unreported(tasks) -> int:
    """未报送: a top-level task with no submitted or approved report for its plan's latest
    closed period. Two reads and two set-based updates."""
    latest_closed: dict[int, int] = {}
    closed = ReportingPeriod.objects.filter(
        plan__in=tasks.values("plan_id"), status=ReportingPeriod.Status.CLOSED
    ).order_by("plan_id", "start")
    for plan_id, period_id in closed.values_list("plan_id", "pk"):
        latest_closed[plan_id] = period_id  # ordered by start: the last one wins
    reported = set(
        ProgressReport.objects.filter(
            period_id__in=latest_closed.values(),
            status__in=(ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        ).values_list("task_id", flat=True)
    )
    missing = [
        pk
        for pk, plan_id in tasks.filter(parent__isnull=True).values_list("pk", "plan_id")
        if plan_id in latest_closed and pk not in reported
    ]
    tasks.filter(unreported=True).update(unreported=False)
    for start in range(0, len(missing), RECOMPUTE_CHUNK):
        Task.objects.filter(pk__in=missing[start : start + RECOMPUTE_CHUNK]).update(unreported=True)
    return len(missing)
