"""Reporting periods: opening them by the plan's cycle, closing them, the one rule for the period
a task is reported for (desk, task page and 催办 all ask it), and the 未报送 flag."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tasks.models import REPORT_SENT, ProgressReport, ReportingPeriod
from tasks.services.calendar import calendar_fill_if_empty
from workplans.compiled import CompiledQuery, attnames, loaded
from workplans.models import Plan, Task
from workplans.services.statuses import published_tasks, statuses_recompute, update_in_chunks

QUARTER_NAMES = "一二三四"


# Periods ----------------------------------------------------------------------------------


def period_suggest_next(*, plan: Plan, due_day: int = 25) -> dict:
    """The next period after the plan's last one, by its cycle: dates and a label (what the
    daily job opens once its start has come)."""
    last = plan.periods.order_by("-start").first()
    start = last.end + dt.timedelta(days=1) if last else dt.date(plan.year, 1, 1)
    return _cycle_period(plan, start, due_day)


def _cycle_period(plan: Plan, start: dt.date, due_day: int) -> dict:
    """The plan's cycle period (month or quarter) that `start` falls in: dates and a label."""
    if plan.reporting_cycle == Plan.Cycle.QUARTERLY:
        quarter = (start.month - 1) // 3
        first, last = quarter * 3 + 1, quarter * 3 + 3
        label = f"{start.year}年第{QUARTER_NAMES[quarter]}季度"
    else:
        first = last = start.month
        label = f"{start.year}年{start.month}月"
    end = dt.date(start.year, last, calendar.monthrange(start.year, last)[1])
    due = dt.date(end.year, end.month, min(due_day, end.day))
    return {"label": label, "start": dt.date(start.year, first, 1), "end": end, "due_date": due}


def period_suggest(*, plan: Plan, today: dt.date | None = None, due_day: int = 25) -> dict:
    """What the 开启报送期 form proposes: the period of the plan's cycle that holds today (the
    plan year's first one before the year, its last one after it), or the first later one of
    the year that does not overlap a period already opened; when the rest of the year is open
    already, the one after the plan's last period (period_suggest_next)."""
    today = today or timezone.localdate()
    day = min(max(today, dt.date(plan.year, 1, 1)), dt.date(plan.year, 12, 31))
    taken = list(plan.periods.values_list("start", "end"))
    while day.year == plan.year:
        period = _cycle_period(plan, day, due_day)
        if not any(start <= period["end"] and period["start"] <= end for start, end in taken):
            return period
        day = period["end"] + dt.timedelta(days=1)
    return period_suggest_next(plan=plan, due_day=due_day)


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
    first = not plan.periods.exists()
    period.full_clean()
    period.save()
    if first:
        # Chasing counts working days: bring in the year's national holiday arrangement now,
        # unless the office has entered that year already (an unknown year is skipped).
        calendar_fill_if_empty(bureau=plan.bureau, years=[plan.year])
    return period


def period_close(*, period: ReportingPeriod) -> None:
    ReportingPeriod.objects.filter(pk=period.pk).update(status=ReportingPeriod.Status.CLOSED)


def reported_periods(reports) -> frozenset[int]:
    """The periods among `reports` whose report has been sent (submitted or approved)."""
    return frozenset(r.period_id for r in reports if r.status in REPORT_SENT)


def reporting_period(
    periods: list[ReportingPeriod], today: dt.date, reported: frozenset[int] = frozenset()
) -> ReportingPeriod | None:
    """The one rule for the period a task is reported for on `today`.

    `reported` holds the ids of the periods this task already has a submitted or approved report
    for. The earliest open period already started that still waits for the report comes first
    (a late report is still owed: with March and April open on 5 April, March until it is
    sent); then the latest open period already started; else the next one the office opened.
    """
    open_periods = sorted(
        (p for p in periods if p.status == ReportingPeriod.Status.OPEN), key=lambda p: p.start
    )
    started = [p for p in open_periods if p.start <= today]
    owed = [p for p in started if p.pk not in reported]
    if owed:
        return owed[0]
    if started:
        return started[-1]
    return open_periods[0] if open_periods else None


def _periods_with_sent(task_id: int, plan_id: int):
    sent = ProgressReport.objects.filter(
        task_id=task_id, period=OuterRef("pk"), status__in=REPORT_SENT
    )
    periods = ReportingPeriod.objects.filter(plan_id=plan_id).annotate(sent=Exists(sent))
    return periods.order_by("start").values_list(*attnames(ReportingPeriod), "sent")


# Every task page and every report save asks it: compiled once (workplans.compiled).
PERIODS_WITH_SENT = CompiledQuery(_periods_with_sent, "PERIODS_WITH_SENT")


def task_periods(task: Task) -> list[ReportingPeriod]:
    """The plan's periods by start date, each with `sent`: whether this task's report for it
    has been submitted or approved (what the period rule needs), in one query."""
    fields = attnames(ReportingPeriod)
    periods = []
    for row in PERIODS_WITH_SENT.rows(task_id=task.pk, plan_id=task.plan_id):
        period = loaded(ReportingPeriod, fields, row)
        period.sent = row[-1]
        periods.append(period)
    return periods


def reporting_period_for(
    task: Task, today=None, *, periods: list[ReportingPeriod] | None = None
) -> ReportingPeriod | None:
    """The period one task is reported for today (the desk's rule); `periods` are its
    task_periods() when the caller has them already."""
    periods = task_periods(task) if periods is None else periods
    sent = frozenset(p.pk for p in periods if p.sent)
    return reporting_period(periods, today or timezone.localdate(), sent)


@transaction.atomic
def unreported_recompute(*, task_ids=None, plan_ids=None) -> int:
    """未报送: a top-level task with no submitted or approved report for its plan's latest
    closed period. Two reads and two set-based updates; returns how many tasks are flagged."""
    tasks = published_tasks(task_ids=task_ids, plan_ids=plan_ids)
    latest_closed: dict[int, int] = {}
    closed = ReportingPeriod.objects.filter(
        plan__in=tasks.values("plan_id"), status=ReportingPeriod.Status.CLOSED
    ).order_by("plan_id", "start")
    for plan_id, period_id in closed.values_list("plan_id", "pk"):
        latest_closed[plan_id] = period_id  # ordered by start: the last one wins
    reported = set(
        ProgressReport.objects.filter(
            period_id__in=latest_closed.values(),
            status__in=REPORT_SENT,
        ).values_list("task_id", flat=True)
    )
    missing = [
        pk
        for pk, plan_id in tasks.filter(parent__isnull=True).values_list("pk", "plan_id")
        if plan_id in latest_closed and pk not in reported
    ]
    # updated_at moves with the flag: the dashboards' cache keys follow it.
    now = timezone.now()
    tasks.filter(unreported=True).update(unreported=False, updated_at=now)
    update_in_chunks(missing, unreported=True, updated_at=now)
    return len(missing)


def statuses_and_unreported_recompute(*, task_ids=None, plan_ids=None, today=None) -> dict:
    """What the nightly job runs: the status engine, then the 未报送 flag."""
    counts = statuses_recompute(task_ids=task_ids, plan_ids=plan_ids, today=today)
    counts["unreported"] = unreported_recompute(task_ids=task_ids, plan_ids=plan_ids)
    return counts
