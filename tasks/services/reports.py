"""A unit's work on a task: 签收, progress reports with their target actuals and evidence, and
co-units' 配合情况. Each service owns its transaction; history is written by simple-history,
except that report_save writes a report and its actuals in SQL built once and their
simple-history records itself (workplans.compiled), field for field the same."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tasks.access import own_roles
from tasks.evidence import attachment_validate
from tasks.models import (
    REPORT_SENT,
    Attachment,
    Cooperation,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    TargetActual,
)
from workplans.compiled import (
    CompiledQuery,
    attnames,
    history_insert,
    loaded,
    row_insert_unless_taken,
    row_update,
    rows_upsert,
)
from workplans.models import Task, TaskStatus, TaskUnit, Unit, User
from workplans.status import past_deadline
from workplans.validation import validate_fields


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
    validate_fields(assignment)
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


def task_needs_explanation(task: Task, today: dt.date) -> bool:
    """滞后 or 逾期 tasks must say what the problem is and what comes next."""

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
    only_if_changed: bool = False,
) -> ProgressReport:
    """Save the lead unit's report as a draft, or submit it.

    `version` is the version the user started from (None for a new report); a report saved by
    someone else since then is not overwritten: a ValidationError says who changed what.

    A version is a save of the report's content. `only_if_changed` (an evidence upload, which
    carries the form along) keeps a draft whose content is as posted as it is: no new version,
    no history record, so uploading files does not add versions nor timeline lines.

    The returned report also says what the page shows after the save, so that nothing is read
    again: `actual_values` ({target id: value} as saved), `has_attachments` and
    `previous_state` ((status, version) before this save, None for a new report).
    """
    if period.plan_id != task.plan_id:
        raise ValidationError("报送期不属于这项任务的工作要点。")
    if period.status != ReportingPeriod.Status.OPEN:
        raise ValidationError(f"{period.label}已截止，不能再报送。")
    unit_id, _ = own_roles(user, task)
    if unit_id is None:
        raise ValidationError("只有牵头单位可以填报这项任务的进展。")
    report, existing = _locked_report(task, period)
    if report is not None:
        if report.status in REPORT_SENT:
            raise ValidationError(f"本期进展{report.get_status_display()}，不能再修改。")
        if version != report.version:
            raise ValidationError(_conflict_message(report))
    elif version not in (None, 0):
        raise ValidationError("这份报送已被删除或尚未保存，请刷新页面后重新填写。")
    if only_if_changed and not submit and report is not None:
        saved = {target_id: value for target_id, (_, value) in existing.items()}
        posted = (narrative.strip(), percent, problems.strip(), next_steps.strip())
        stored = (report.narrative, report.percent, report.problems, report.next_steps)
        if posted == stored and all(saved.get(t) == value for t, value in actuals.items()):
            report.previous_state = (report.status, report.version)
            report.actual_values = saved
            return report
    now = timezone.now()
    today = timezone.localdate(now)
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
    _check_actuals(task, actuals)
    if report is None:
        report = ProgressReport(task=task, period=period, version=0)
        report.has_attachments, report.previous_state = False, None
    else:
        report.previous_state = (report.status, report.version)
    report.unit_id = unit_id
    report.author = user
    report.narrative = narrative.strip()
    report.percent = percent
    report.problems = problems.strip()
    report.next_steps = next_steps.strip()
    report.version += 1
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.is_late = today > period.due_date
    elif report.status != ReportStatus.RETURNED:
        report.status = ReportStatus.DRAFT
    report._history_date = now  # what the timeline line of this save shows
    validate_fields(report, exclude=("narrative",))  # a draft may have none yet (checked above)
    # Written in SQL built once (workplans.compiled), the history beside it: the deadline day's
    # submissions are this portal's busiest writes.
    if report.previous_state is None:
        _report_create(report)
    else:
        row_update(report)
    history_insert([(report, "~" if report.previous_state else "+")], user=user, when=now)
    report.actual_values = _save_actuals(report, existing, actuals, user=user, when=now)
    return report


def _report_create(report: ProgressReport) -> None:
    """Insert a first report. Two first saves at once both find no report (there is no row to
    lock yet); the second insert then meets one_report_per_task_period and writes nothing: it
    gets the conflict message, as a save on a stale version does."""
    if not row_insert_unless_taken(report):
        winner = (
            ProgressReport.objects.filter(task_id=report.task_id, period_id=report.period_id)
            .select_related("author")
            .first()
        )
        if winner is None:  # written and deleted again in the meantime
            raise ValidationError("这份报送刚被其他人改动过，请刷新页面后重新填写。")
        raise ValidationError(_conflict_message(winner))


def _report_locked_with_actuals(task_id: int, period_id: int):
    names = attnames(ProgressReport)
    return (
        ProgressReport.objects.filter(task_id=task_id, period_id=period_id)
        .select_for_update(of=("self",))
        .annotate(has_attachments=Exists(Attachment.objects.filter(report=OuterRef("pk"))))
        .order_by()
        .values_list(
            *names, "has_attachments", "actuals__pk", "actuals__target_id", "actuals__value"
        )
    )


# Each save runs it: compiled once (workplans.compiled).
REPORT_LOCKED_WITH_ACTUALS = CompiledQuery(
    _report_locked_with_actuals, "REPORT_LOCKED_WITH_ACTUALS"
)


def _locked_report(task: Task, period: ReportingPeriod) -> tuple[ProgressReport | None, dict]:
    """The task's report for the period, locked until the save commits, with its target actuals
    ({target id: (actual id, value)}) and `has_attachments`: one query, the actuals joined in.
    """
    names = attnames(ProgressReport)
    report, existing = None, {}
    for row in REPORT_LOCKED_WITH_ACTUALS.rows(task_id=task.pk, period_id=period.pk):
        if report is None:
            report = loaded(ProgressReport, names, row)
            report.has_attachments = row[len(names)]
        actual_id, target_id, value = row[-3:]
        if actual_id is not None:
            existing[target_id] = (actual_id, value)
    return report, existing


def _conflict_message(report: ProgressReport) -> str:
    when = timezone.localtime(report.updated_at).strftime("%m-%d %H:%M")
    who = report.author.display_name if report.author_id else "其他人"
    return (
        f"{who} 在 {when} 已修改了这份报送（完成进度 {report.percent}%，"
        f"工作进展：“{report.narrative[:40]}”）。您的修改没有保存，请在最新内容上重新修改。"
    )


def _check_actuals(task: Task, actuals: dict[int, Decimal | None]) -> None:
    targets = {t.pk for t in task.targets.all()}
    for target_id, value in actuals.items():
        if target_id not in targets:
            raise ValidationError("指标不属于这项任务，请刷新页面。")
        if value is not None and value < 0:
            raise ValidationError({f"target_{target_id}": "实际值不能为负数。"})


def _save_actuals(
    report: ProgressReport, existing: dict, actuals: dict[int, Decimal | None], *, user, when
) -> dict[int, Decimal]:
    """Write the report's target actuals: new and changed ones in one upsert and their history
    in one insert; a cleared value deletes its row. Returns {target id: value} as saved."""
    saved = {target_id: value for target_id, (_, value) in existing.items()}
    written, cleared = [], []
    for target_id, value in actuals.items():
        if value is None:
            if target_id in existing:
                cleared.append(existing[target_id][0])
                del saved[target_id]
        elif target_id not in existing or existing[target_id][1] != value:
            written.append(TargetActual(report=report, target_id=target_id, value=value))
            saved[target_id] = value
    if written:
        rows_upsert(written, unique=("report", "target"), update=("value",))
        # simple_history's bulk helpers write one history type per call; new and changed
        # actuals share this one insert instead.
        changes = [(a, "~" if a.target_id in existing else "+") for a in written]
        history_insert(changes, user=user, when=when)
    if cleared:
        TargetActual.objects.filter(pk__in=cleared).delete()  # one history row each
    return saved


@transaction.atomic
def attachment_add(*, report: ProgressReport, user: User, upload) -> Attachment:
    if report.status in REPORT_SENT:
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
    if attachment.report.status in REPORT_SENT:
        raise ValidationError("已报送的进展不能再删除材料。")
    attachment.delete()  # tasks.signals removes the file once the deletion is committed


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
    cooperation = (
        Cooperation.objects.select_for_update()
        .filter(task=task, period=period, unit=assignment.unit)
        .first()
    ) or Cooperation(task=task, period=period, unit=assignment.unit)
    cooperation.text = text.strip()
    cooperation.author = user
    validate_fields(cooperation)
    cooperation.save()
    return cooperation


def task_url(task: Task) -> str:
    return reverse("tasks:task-detail", args=[task.pk])
