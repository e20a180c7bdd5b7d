"""Chasing late reports: the escalation ladder 提醒 → 催办 → 督办单 → 通报, and rolling the
reporting calendar. Run daily by jobs; safe to run twice (each step is one row per task and
period, each notification one per user and key)."""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tasks.models import REPORT_SENT, Escalation, Notification, ProgressReport, ReportingPeriod
from tasks.services.notify import notify, notify_many
from tasks.services.periods import period_open, period_suggest_next, reporting_period_for
from tasks.workdays import WorkCalendar, calendar_for
from workplans.models import Plan, Task, TaskUnit, User
from workplans.validation import validate_fields


def effective_due(period: ReportingPeriod, calendar: WorkCalendar) -> dt.date:
    """A due date on a weekend or holiday moves to the next working day."""
    return calendar.on_or_after(period.due_date)


def step_for(*, today: dt.date, due: dt.date, plan: Plan, calendar: WorkCalendar):
    """(step, working days late) for a period's unsubmitted tasks today, or (None, 0)."""
    if today < due:
        ahead = calendar.between(today, due)
        if ahead <= plan.remind_days:
            return Escalation.Step.REMIND, 0
        return None, 0
    late = calendar.between(due, today)
    if late >= plan.notice_after_days:
        return Escalation.Step.NOTICE, late
    return Escalation.Step.URGE, late


def pending_lead_assignments(period: ReportingPeriod) -> list[TaskUnit]:
    """Lead assignments of the period's plan whose task has no submitted report yet."""
    reported = ProgressReport.objects.filter(
        period=period, status__in=REPORT_SENT, task_id=OuterRef("task_id")
    )
    # NOT EXISTS and no default ordering: a NOT IN over the reports table with TaskUnit's
    # ordering (which joins tasks and plans) took most of a second per period.
    return list(
        TaskUnit.objects.filter(
            task__plan_id=period.plan_id, task__parent__isnull=True, role=TaskUnit.Role.LEAD
        )
        .filter(~Exists(reported))
        .select_related("task", "unit")
        .order_by("task__order")
    )


def reminders_send(*, today: dt.date | None = None) -> dict:
    """Take today's step of the ladder for every open period, in batches: a few queries per
    period whatever the number of tasks and units.

    Each period's step is one transaction: its escalation rows, the notifications they send
    (and their queued e-mails) and the office's summary commit together or not at all. A run
    killed mid-way (the worker lost, the message redelivered) therefore leaves every period
    either done — the redo skips it, its escalations being recorded — or untouched, and the
    redo sends it; never an escalation whose notifications are missing."""
    today = today or timezone.localdate()
    sent: dict[str, int] = defaultdict(int)
    calendars: dict[int, WorkCalendar] = {}
    periods = ReportingPeriod.objects.open().filter(plan__status=Plan.Status.PUBLISHED)
    for period in periods.select_related("plan"):
        plan = period.plan
        calendar = calendars.setdefault(plan.bureau_id, calendar_for(plan.bureau_id))
        due = effective_due(period, calendar)
        step, late = step_for(today=today, due=due, plan=plan, calendar=calendar)
        if step is None:
            continue
        new = _period_step(period, step, late, due, today)
        if new:
            sent[step] += new
    return dict(sent)


@transaction.atomic
def _period_step(period: ReportingPeriod, step, late: int, due: dt.date, today: dt.date) -> int:
    """One period's step, all or nothing; returns the number of newly chased assignments."""
    # Two runs at once (beat's and a redelivered one) take a period in turn: the second sees
    # the first's escalations once it gets the lock, and sends nothing again.
    ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
    plan = period.plan
    pending = pending_lead_assignments(period)
    if not pending:
        return 0  # nothing due: send nothing
    new = _record_step(pending, period, step, late)
    members = _members_by_unit({a.unit_id for a in new})
    messages: list[Notification] = []
    digests: dict[int, list[str]] = defaultdict(list)
    for assignment in new:
        line = _line(step, assignment.task, period, due, late)
        url = reverse("tasks:task-detail", args=[assignment.task_id])
        for user in members.get(assignment.unit_id, []):
            if user.daily_digest:
                digests[user.pk].append(line)
            else:
                key = f"{step}:{period.pk}:{assignment.task_id}"
                messages.append(Notification(user=user, key=key, title=line, url=url))
    users = {u.pk: u for group in members.values() for u in group}
    for user_id, lines in digests.items():
        messages.append(
            Notification(
                user=users[user_id],
                key=f"digest:{period.pk}:{today}:{step}",
                title=f"今日催办汇总：{len(lines)} 项任务待报送",
                body="\n".join(lines),
                url=reverse("tasks:my-tasks"),
            )
        )
    notify_many(messages)
    if step != Escalation.Step.REMIND:
        late_units: dict[str, int] = defaultdict(int)
        for assignment in pending:
            late_units[assignment.unit.name] += 1
        _tell_admins(plan, period, today, late_units)
    return len(new)


def _record_step(pending: list[TaskUnit], period, step, late: int) -> list[TaskUnit]:
    """Record the step for the assignments that have not had it yet; return those."""
    done = set(
        Escalation.objects.filter(period=period, step=step, manual=False).values_list(
            "task_id", "unit_id"
        )
    )
    new = [a for a in pending if (a.task_id, a.unit_id) not in done]
    Escalation.objects.bulk_create(
        [
            Escalation(
                task_id=a.task_id, period=period, unit_id=a.unit_id, step=step, days_late=late
            )
            for a in new
        ],
        ignore_conflicts=True,  # a concurrent run took the same step: the constraint keeps one
        batch_size=2000,
    )
    return new


def _members_by_unit(unit_ids: set[int]) -> dict[int, list[User]]:
    members: dict[int, list[User]] = defaultdict(list)
    through = User.units.through.objects.filter(unit_id__in=unit_ids).select_related("user")
    for link in through:
        if link.user.is_active:
            members[link.unit_id].append(link.user)
    return members


def _line(step, task: Task, period: ReportingPeriod, due: dt.date, late: int) -> str:
    if step == Escalation.Step.REMIND:
        return f"提醒：“{task.title}”{period.label}进展请于 {due:%m月%d日} 前报送"
    if step == Escalation.Step.URGE:
        return f"催办：“{task.title}”{period.label}进展已过截止日（{due:%m月%d日}），请尽快报送"
    return f"督办单：“{task.title}”{period.label}进展逾期 {late} 个工作日未报送，请在平台回复"


def _tell_admins(plan: Plan, period, today: dt.date, late_units: dict[str, int]) -> None:
    summary = "；".join(f"{name} {count} 项" for name, count in sorted(late_units.items()))
    for admin in User.objects.filter(
        bureau_id=plan.bureau_id, role=User.Role.ADMIN, is_active=True
    ):
        notify(
            user=admin,
            key=f"late-units:{period.pk}:{today}",
            title=f"{period.label}未按时报送：{len(late_units)} 个单位",
            body=summary,
            url=reverse("reports:period-bulletin", args=[period.pk]),
        )


@transaction.atomic
def urge_by_hand(*, task: Task, user: User, note: str) -> list[Escalation]:
    """An admin's 催办 for one task: every lead unit's staff are told at once."""
    period = reporting_period_for(task)
    if period is None:
        raise ValidationError("这份工作要点没有开启中的报送期，无法催办。")
    created = []
    assignments = TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).select_related("unit")
    members = _members_by_unit({a.unit_id for a in assignments})
    for assignment in assignments:
        escalation = Escalation.objects.create(
            task=task,
            period=period,
            unit=assignment.unit,
            step=Escalation.Step.URGE,
            manual=True,
            note=note.strip(),
            created_by=user,
        )
        created.append(escalation)
        for member in members.get(assignment.unit_id, []):
            notify(
                user=member,
                key=f"manual-urge:{escalation.pk}",
                title=f"催办：“{task.title}”",
                body=note.strip() or "请尽快报送进展。",
                url=reverse("tasks:task-detail", args=[task.pk]),
            )
    return created


@transaction.atomic
def urge_unit(*, period: ReportingPeriod, unit, user: User, note: str) -> list[Escalation]:
    """An admin's 催办 for a unit: every task it has not reported this period, one message."""
    pending = [a for a in pending_lead_assignments(period) if a.unit_id == unit.pk]
    if not pending:
        raise ValidationError(f"{unit.name}本期的任务都已报送，无需催办。")
    escalations = Escalation.objects.bulk_create(
        [
            Escalation(
                task_id=a.task_id,
                period=period,
                unit=unit,
                step=Escalation.Step.URGE,
                manual=True,
                note=note.strip(),
                created_by=user,
            )
            for a in pending
        ]
    )
    titles = "\n".join(f"· {a.task.title}" for a in pending)
    for member in _members_by_unit({unit.pk}).get(unit.pk, []):
        notify(
            user=member,
            key=f"manual-urge-unit:{escalations[0].pk}",
            title=f"催办：{period.label}还有 {len(pending)} 项任务未报送",
            body=f"{note.strip()}\n{titles}".strip(),
            url=reverse("tasks:my-tasks"),
        )
    return escalations


@transaction.atomic
def escalation_reply(*, escalation: Escalation, user: User, text: str) -> Escalation:
    if not text.strip():
        raise ValidationError({"reply": "请填写回复内容。"})
    if not user.units.filter(pk=escalation.unit_id).exists():
        raise ValidationError("只有被催办的单位可以回复。")
    escalation.reply = text.strip()
    escalation.replied_by = user
    escalation.replied_at = timezone.now()
    validate_fields(escalation)
    escalation.save()
    if escalation.created_by:
        url = reverse("tasks:task-detail", args=[escalation.task_id])
        title = f"{escalation.unit.name}回复了{escalation.get_step_display()}"
        notify(
            user=escalation.created_by,
            key=f"reply:{escalation.pk}",
            title=title,
            body=escalation.reply,
            url=url,
        )
    return escalation


def periods_roll(*, today: dt.date | None = None) -> dict:
    """Open a plan's next period on its start date; close a period once the next one's due
    date has passed (late reports stay possible until then)."""
    today = today or timezone.localdate()
    opened = closed = 0
    for plan in Plan.objects.filter(status=Plan.Status.PUBLISHED).prefetch_related("periods"):
        if not plan.periods.all():
            continue  # the office opens the first period by hand
        for _ in range(12):  # catch up on every period whose start has come, within the year
            suggestion = period_suggest_next(plan=plan)
            if suggestion["start"] > today or suggestion["start"].year != plan.year:
                break
            period_open(plan=plan, **suggestion)
            opened += 1
        periods = list(plan.periods.order_by("start"))
        for current, following in zip(periods, periods[1:], strict=False):
            if current.status == ReportingPeriod.Status.OPEN and today > following.due_date:
                ReportingPeriod.objects.filter(pk=current.pk).update(
                    status=ReportingPeriod.Status.CLOSED
                )
                closed += 1
    return {"opened": opened, "closed": closed}


def receipt_remind(*, assignment: TaskUnit, user: User) -> int:
    """催签收: tell the lead unit's staff that a task is waiting for their receipt."""
    if assignment.receipt == TaskUnit.Receipt.CONFIRMED:
        raise ValidationError(f"{assignment.unit.name}已签收这项任务。")
    today = timezone.localdate()
    members = _members_by_unit({assignment.unit_id}).get(assignment.unit_id, [])
    for member in members:
        notify(
            user=member,
            key=f"receipt-remind:{assignment.pk}:{today}",
            title=f"请签收任务：“{assignment.task.title}”",
            body=f"{user.display_name}提醒：请在任务页签收，或申请调整。",
            url=reverse("tasks:task-detail", args=[assignment.task_id]),
        )
    return len(members)
