"""The leader's figures: a plan's dashboard, a bureau's current plans and the oversight view of
the bureaus a commission oversees.

Everything is read from what the status engine wrote (Task.status, 未报送, progress, targets'
latest actuals), counted in SQL, in a fixed number of queries whatever the size of the plan. The
completion rate, the unit ranking and target achievement use the same rules as the 督办台账
(workplans.status.completion_rate, reports.rollups.rank_by_completion, workplans.status.target_met),
so the numbers agree with the export. The trend replays the engine's rules over the history of
approved reports, period by period.

A plan's figures are cached under a key holding the latest change to its tasks and periods (the
engine's writes and every approval touch Task.updated_at), so an approval or a recompute shows at
once, on every worker.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from reports.rollups import STATUS_ORDER, rank_by_completion
from tasks.models import (
    REPORT_SENT,
    LeaderComment,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    TargetActual,
)
from tasks.workdays import calendar_for
from workplans.models import Milestone, Plan, Section, Target, Task, TaskStatus, TaskUnit
from workplans.status import TargetFacts, TaskFacts, completion_rate, target_met, task_status

LATE = (TaskStatus.BEHIND, TaskStatus.OVERDUE)
LATE_LIST_SIZE = 30
# The drill-down's two statuses beyond the engine's own.
DRILL_LATE = "late"
DRILL_UNREPORTED = "unreported"
RANK_MARKED = 3  # top and bottom units marked on the 红黑榜
CACHE_SECONDS = 15 * 60


@dataclass
class StatusMix:
    """Status counts of top-level tasks (a sub-item is part of its task, as in the ledger)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TaskStatus.values, 0))
    unreported: int = 0
    weight: Decimal = Decimal(0)
    weighted_progress_sum: Decimal = Decimal(0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[TaskStatus.DONE]

    @property
    def late(self) -> int:
        return self.counts[TaskStatus.BEHIND] + self.counts[TaskStatus.OVERDUE]

    @property
    def completion_rate(self) -> float:
        return completion_rate(self.done, self.total)

    @property
    def weighted_progress(self) -> float:
        """加权进度: progress averaged with the tasks' weights, 0–100."""
        return float(self.weighted_progress_sum / self.weight) if self.weight else 0.0

    def merge(self, other: "StatusMix") -> None:
        for status, count in other.counts.items():
            self.counts[status] += count
        self.unreported += other.unreported
        self.weight += other.weight
        self.weighted_progress_sum += other.weighted_progress_sum

    def add(self, status: str, count: int, unreported: int, weight=0, weighted=0) -> None:
        self.counts[status] += count
        self.unreported += unreported
        self.weight += Decimal(weight or 0)
        self.weighted_progress_sum += Decimal(weighted or 0)

    def rows(self) -> list[tuple[str, str, int, float]]:
        """(status, label, count, share) in the order a leader reads them."""
        total = self.total
        return [
            (s.value, s.label, self.counts[s], self.counts[s] / total if total else 0.0)
            for s in STATUS_ORDER
        ]


def status_series(mixes: list[StatusMix]) -> list[dict]:
    """A stacked chart's series: one per status, a count per mix."""
    return [
        {"status": s.value, "name": s.label, "data": [mix.counts[s] for mix in mixes]}
        for s in STATUS_ORDER
    ]


def status_mixes(tasks, key: str) -> dict[int, StatusMix]:
    """Status counts, 未报送 and weighted progress of the top-level tasks among `tasks`, grouped
    by `key` (section_id, plan_id, plan__bureau_id…): one grouped query."""
    mixes: dict[int, StatusMix] = defaultdict(StatusMix)
    for group, status, *sums in (
        tasks.filter(parent__isnull=True)
        .order_by()
        .values_list(key, "status")
        .annotate(
            n=Count("pk"),
            u=Count("pk", filter=Q(unreported=True)),
            w=Sum("weight"),
            wp=Sum(F("weight") * F("progress")),
        )
    ):
        mixes[group].add(status, *sums)
    return mixes


def submitted_reports():
    """Reports submitted and not yet reviewed, reached through their period (a partial index
    holds just these by period)."""
    return ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).order_by()


def awaiting_review(plans, key: str) -> dict[int, int]:
    """Reports awaiting review on these plans, grouped by `key` (period__plan_id,
    period__plan__bureau_id)."""
    submitted = submitted_reports().filter(period__plan__in=plans)
    # COUNT(*), not COUNT(id): the partial index alone answers it (an index-only scan).
    return dict(submitted.values_list(key).annotate(n=Count("*")))


@dataclass
class TargetTally:
    """Quantified targets of top-level tasks: met, not met, no data yet; 力争 ones apart."""

    met: int = 0
    not_met: int = 0
    no_data: int = 0
    stretch_met: int = 0
    stretch_not_met: int = 0
    stretch_no_data: int = 0

    def add(self, met: bool | None, stretch: bool) -> None:
        name = "no_data" if met is None else "met" if met else "not_met"
        name = f"stretch_{name}" if stretch else name
        setattr(self, name, getattr(self, name) + 1)

    @property
    def committed(self) -> int:
        return self.met + self.not_met + self.no_data

    @property
    def stretch(self) -> int:
        return self.stretch_met + self.stretch_not_met + self.stretch_no_data


@dataclass
class SectionRow:
    section_id: int
    label: str
    mix: StatusMix


@dataclass
class UnitRow:
    unit_id: int
    name: str
    mix: StatusMix
    rank: int = 0
    mark: str = ""  # "top" / "bottom" on the 红黑榜


@dataclass
class TrendPoint:
    label: str
    period_id: int | None  # None for the 截至今日 point
    completion_rate: float
    late: int
    unreported: int | None  # None while the period is still open


@dataclass
class LateRow:
    task_id: int
    number: str
    title: str
    status: str
    status_label: str
    reason: str
    deadline: dt.date | None
    deadline_text: str
    progress: int
    lead_units: list[str]
    days_late: int | None  # working days past the deadline (逾期 only)
    summary: str
    summary_pending: bool  # the latest report still awaits review


@dataclass
class PlanDashboard:
    plan_id: int
    title: str
    year: int
    as_of: dt.date
    period_id: int | None
    period_label: str
    mix: StatusMix
    unreported_label: str
    targets: TargetTally
    sections: list[SectionRow]
    units: list[UnitRow]
    trend: list[TrendPoint]
    late: list[LateRow]
    late_total: int

    def charts(self) -> dict:
        """The numbers the page's charts draw (the tables beside them show the same)."""
        return {
            "sections": {
                "labels": [row.label for row in self.sections],
                "ids": [row.section_id for row in self.sections],
                "series": status_series([row.mix for row in self.sections]),
            },
            "trend": {
                "labels": [point.label for point in self.trend],
                "completion": [round(point.completion_rate * 100, 1) for point in self.trend],
                "late": [point.late for point in self.trend],
                "unreported": [point.unreported for point in self.trend],
            },
        }

    def section_mix(self, section_id: int) -> StatusMix | None:
        return next((row.mix for row in self.sections if row.section_id == section_id), None)


@dataclass(frozen=True)
class FiguresKey:
    """What a plan's cached figures depend on — the latest change to one of its tasks (the
    engine's writes, approvals, 未报送, edits through the services, all move Task.updated_at),
    the number of tasks, and its reporting periods (added, removed, closed) — and the reports
    awaiting review, which are read live."""

    tasks_changed: object
    tasks_count: int
    periods: int
    awaiting_review: int

    @property
    def text(self) -> str:
        changed = str(self.tasks_changed).replace(" ", "T")  # cache keys have no spaces
        return f"{changed}:{self.tasks_count}:{self.periods}"


FIGURES_KEY_FIELDS = ("figures_changed", "figures_tasks", "figures_periods", "figures_awaiting")


def with_figures_key(plans):
    """Plans with what FiguresKey needs, read in the same query as the plan (the dashboard's
    access check): correlated subqueries in plain SQL, which cost less to build than their ORM
    form on a page that runs them on every view."""
    plan, task, period, report = (
        model._meta.db_table for model in (Plan, Task, ReportingPeriod, ProgressReport)
    )
    outer = f"{plan}.id"
    return plans.annotate(
        figures_changed=RawSQL(f"SELECT MAX(updated_at) FROM {task} WHERE plan_id = {outer}", ()),
        figures_tasks=RawSQL(f"SELECT COUNT(*) FROM {task} WHERE plan_id = {outer}", ()),
        figures_periods=RawSQL(
            f"SELECT COALESCE(SUM(id), 0) + SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) "
            f"FROM {period} WHERE plan_id = {outer}",
            (),
        ),
        figures_awaiting=RawSQL(
            f"SELECT COUNT(*) FROM {report} r JOIN {period} p ON r.period_id = p.id "
            f"WHERE p.plan_id = {outer} AND r.status = %s",
            (ReportStatus.SUBMITTED,),
        ),
    )


def figures_key(plan: Plan) -> FiguresKey:
    """The key of a plan loaded through with_figures_key(), or read for it (one query)."""
    if not hasattr(plan, "figures_changed"):
        plan = with_figures_key(Plan.objects.filter(pk=plan.pk)).get()
    changed, count, periods, awaiting = (getattr(plan, name) for name in FIGURES_KEY_FIELDS)
    return FiguresKey(changed, count or 0, periods or 0, awaiting or 0)


def plan_dashboard(
    plan: Plan, *, period: ReportingPeriod | None = None, today=None, key: FiguresKey | None = None
):
    """The plan's dashboard figures as of `period` (default: now), cached until its tasks or
    periods change (`key`, read here unless the caller has it)."""
    today = today or timezone.localdate()
    key = key or figures_key(plan)
    key = f"dashboard:plan:{plan.pk}:{period.pk if period else 0}:{today}:{key.text}"
    figures = cache.get(key)
    if figures is None:
        figures = plan_dashboard_compute(plan, period=period, today=today)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def plan_dashboard_compute(plan: Plan, *, period: ReportingPeriod | None, today: dt.date):
    as_of = min(period.end, today) if period else today
    by_section = status_mixes(Task.objects.filter(plan=plan), "section_id")
    mix = StatusMix()
    for section_mix in by_section.values():
        mix.merge(section_mix)
    sections = [
        SectionRow(pk, f"{number}、{title}", by_section[pk])
        for pk, number, title in Section.objects.filter(plan=plan)
        .order_by("order")
        .values_list("pk", "number", "title")
        if pk in by_section
    ]

    units: dict[int, tuple[tuple, UnitRow]] = {}
    leads = TaskUnit.objects.filter(
        task__plan=plan, task__parent__isnull=True, role=TaskUnit.Role.LEAD
    ).order_by()
    for unit_id, name, order, status, count, flagged in leads.values_list(
        "unit_id", "unit__name", "unit__sort_order", "task__status"
    ).annotate(n=Count("task_id"), u=Count("task_id", filter=Q(task__unreported=True))):
        row = units.setdefault(unit_id, ((order, name), UnitRow(unit_id, name, StatusMix())))[1]
        row.mix.add(status, count, flagged)
    ranking = rank_by_completion(
        list(units.values()),
        done=lambda item: item[1].mix.done,
        total=lambda item: item[1].mix.total,
        order=lambda item: item[0],
    )
    unit_rows = []
    for rank, (_, row) in ranking:
        row.rank = rank
        unit_rows.append(row)
    mark_ends(unit_rows)

    top_ids = list(
        Task.objects.filter(plan=plan, parent__isnull=True).order_by().values_list("pk", flat=True)
    )
    tally = TargetTally()
    for comparator, value, actual, stretch in (
        Target.objects.filter(task_id__in=top_ids)
        .order_by()
        .values_list("comparator", "value", "latest_actual", "is_stretch")
    ):
        tally.add(target_met(comparator, value, actual), stretch)

    periods = list(
        ReportingPeriod.objects.filter(plan=plan, start__lte=as_of)
        .order_by("start")
        .values_list("pk", "label", "end", "status")
    )
    trend = trend_points(plan, periods, today=today, as_of=as_of, mix=mix, period=period)
    if period:
        point = next((p for p in trend if p.period_id == period.pk), None)
        unreported_label = f"{period.label}未报送"
        # 未报送 of the period asked for; the units' columns keep the latest closed period's,
        # as the ledger's 单位汇总 does.
        mix.unreported = (point.unreported or 0) if point else 0
    else:
        closed = [label for _, label, _, status in periods if status == "closed"]
        unreported_label = f"{closed[-1]}未报送" if closed else "未报送"

    late, late_total = late_rows(plan, as_of=as_of, today=today)
    return PlanDashboard(
        plan_id=plan.pk,
        title=plan.title,
        year=plan.year,
        as_of=as_of,
        period_id=period.pk if period else None,
        period_label=period.label if period else "",
        mix=mix,
        unreported_label=unreported_label,
        targets=tally,
        sections=sections,
        units=unit_rows,
        trend=trend,
        late=late,
        late_total=late_total,
    )


def mark_ends(units: list[UnitRow]) -> None:
    """Mark the first and last RANK_MARKED places of the 红黑榜 (ties by rank, never a unit both
    ways; only when there are enough units to tell ends apart)."""
    if len(units) < 2 * RANK_MARKED:
        return
    top_rank = units[RANK_MARKED - 1].rank
    bottom_rank = units[-RANK_MARKED].rank
    if top_rank >= bottom_rank:  # all tied: no ends to mark
        return
    for row in units:
        if row.rank <= top_rank and row.mix.done:
            row.mark = "top"
        elif row.rank >= bottom_rank:
            row.mark = "bottom"


def trend_points(plan, periods, *, today, as_of, mix: StatusMix, period) -> list[TrendPoint]:
    """Completion rate, late count and 未报送 per reporting period, from the approved reports:
    each period's statuses are the engine's rules applied at the period's end to the progress
    and target actuals approved up to that period. A last point 截至今日 gives the statuses as
    the engine wrote them, unless a past period was asked for."""
    chosen = period.pk if period and period.end <= today else None
    past = [row for row in periods if row[2] < as_of or row[0] == chosen]
    points = []
    if past:
        points = history_points(plan, past)
    if not period or period.end > today:
        points.append(TrendPoint("截至今日", None, mix.completion_rate, mix.late, None))
    return points


def history_points(plan, periods) -> list[TrendPoint]:
    rows = list(
        Task.objects.filter(plan=plan, parent__isnull=True)
        .order_by()
        .values_list("pk", "deadline", "start_date")
    )
    scope = [pk for pk, *_ in rows]
    # Every read below goes by these ids (the tasks' and targets' own indexes), never through a
    # join back to the plan: on a large database that join scans the whole table.
    milestones: dict[int, list] = {}
    for task_id, date, percent in (
        Milestone.objects.filter(task_id__in=scope)
        .order_by()
        .values_list("task_id", "date", "percent")
    ):
        milestones.setdefault(task_id, []).append((date, percent))
    targets: dict[int, list] = {}
    for pk, task_id, comparator, value, baseline, stretch in (
        Target.objects.filter(task_id__in=scope)
        .order_by()
        .values_list("pk", "task_id", "comparator", "value", "baseline", "is_stretch")
    ):
        targets.setdefault(task_id, []).append((pk, comparator, value, baseline, stretch))
    target_ids = [target[0] for rows_of_task in targets.values() for target in rows_of_task]
    # (period start, task) → percent, and (period start, target) → value, in period order.
    progress_log = list(
        ProgressReport.objects.filter(task_id__in=scope, status=ReportStatus.APPROVED)
        .order_by("period__start")
        .values_list("period__start", "task_id", "percent")
    )
    actual_log = list(
        TargetActual.objects.filter(target_id__in=target_ids, report__status=ReportStatus.APPROVED)
        .order_by("report__period__start")
        .values_list("report__period__start", "target_id", "value")
    )
    sent = dict(
        ProgressReport.objects.filter(task_id__in=scope, status__in=REPORT_SENT)
        .order_by()
        .values_list("period_id")
        .annotate(n=Count("pk"))
    )
    starts = dict(
        ReportingPeriod.objects.filter(pk__in=[p[0] for p in periods]).values_list("pk", "start")
    )
    year_start = dt.date(plan.year, 1, 1)
    points = []
    progress: dict[int, int] = {}
    actuals: dict[int, object] = {}
    log_at = actual_at = 0
    for pk, label, end, status in sorted(periods, key=lambda p: starts[p[0]]):
        while log_at < len(progress_log) and progress_log[log_at][0] <= starts[pk]:
            progress[progress_log[log_at][1]] = progress_log[log_at][2]
            log_at += 1
        while actual_at < len(actual_log) and actual_log[actual_at][0] <= starts[pk]:
            actuals[actual_log[actual_at][1]] = actual_log[actual_at][2]
            actual_at += 1
        mix = StatusMix()
        for task_id, deadline, start in rows:
            facts = TaskFacts(
                deadline=deadline,
                start=start or year_start,
                progress=progress.get(task_id, 0),
                milestones=tuple(milestones.get(task_id, ())),
                targets=tuple(
                    TargetFacts(
                        comparator=comparator,
                        value=value,
                        actual=actuals.get(target_id),
                        baseline=baseline,
                        is_stretch=stretch,
                    )
                    for target_id, comparator, value, baseline, stretch in targets.get(task_id, ())
                ),
            )
            mix.add(task_status(facts, today=end, tolerance=plan.status_tolerance), 1, 0)
        unreported = len(scope) - sent.get(pk, 0) if status == "closed" else None
        points.append(TrendPoint(label, pk, mix.completion_rate, mix.late, unreported))
    return points


def late_rows(plan, *, as_of: dt.date, today: dt.date) -> tuple[list[LateRow], int]:
    """逾期 then 滞后 top-level tasks (the longest overdue first), with lead units, working days
    past the deadline and the latest report's summary up to the as-of date."""
    late = Task.objects.filter(plan=plan, parent__isnull=True, status__in=LATE)
    total = late.count()
    tasks = list(
        late.order_by("-status", "deadline", "order")[:LATE_LIST_SIZE].select_related("parent")
    )
    ids = [task.pk for task in tasks]
    leads: dict[int, list[str]] = {}
    for task_id, name in (
        TaskUnit.objects.filter(task_id__in=ids, role=TaskUnit.Role.LEAD)
        .order_by("unit__sort_order", "unit__name")
        .values_list("task_id", "unit__name")
    ):
        leads.setdefault(task_id, []).append(name)
    latest: dict[int, tuple[str, str]] = {}
    for task_id, narrative, status in (
        ProgressReport.objects.filter(
            task_id__in=ids, status__in=REPORT_SENT, period__start__lte=as_of
        )
        .order_by("task_id", "period__start")
        .values_list("task_id", "narrative", "status")
    ):
        latest[task_id] = (narrative, status)
    calendar = calendar_for(plan.bureau_id) if tasks else None
    rows = []
    for task in tasks:
        narrative, report_status = latest.get(task.pk, ("", ""))
        overdue = task.status == TaskStatus.OVERDUE and task.deadline
        rows.append(
            LateRow(
                task_id=task.pk,
                number=task.display_number,
                title=task.title,
                status=task.status,
                status_label=task.get_status_display(),
                reason=task.status_reason_text,
                deadline=task.deadline,
                deadline_text=task.deadline_text,
                progress=task.progress,
                lead_units=leads.get(task.pk, []),
                days_late=calendar.between(task.deadline, today) if overdue else None,
                summary=narrative,
                summary_pending=report_status == ReportStatus.SUBMITTED,
            )
        )
    return rows, total


DRILL_LIMIT = 200


@dataclass
class DrillList:
    tasks: list[Task]  # each with lead_names
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.tasks)


def drill_tasks(plan, *, section=None, unit=None, status: str = "") -> DrillList:
    """The top-level tasks behind a number on the dashboard: of a section, led by a unit, in a
    status (or 滞后+逾期, or 未报送), with their lead units; three queries."""
    tasks = Task.objects.filter(plan=plan, parent__isnull=True)
    if section is not None:
        tasks = tasks.filter(section=section)
    if unit is not None:
        led = TaskUnit.objects.filter(unit=unit, role=TaskUnit.Role.LEAD, task_id=OuterRef("pk"))
        tasks = tasks.filter(Exists(led))
    if status == DRILL_LATE:
        tasks = tasks.filter(status__in=LATE)
    elif status == DRILL_UNREPORTED:
        tasks = tasks.filter(unreported=True)
    elif status:
        tasks = tasks.filter(status=status)
    total = tasks.count()
    loaded = list(tasks.select_related("section").order_by("order")[:DRILL_LIMIT])
    leads: dict[int, list[str]] = {}
    for task_id, name in (
        TaskUnit.objects.filter(task__in=[t.pk for t in loaded], role=TaskUnit.Role.LEAD)
        .order_by("unit__sort_order", "unit__name")
        .values_list("task_id", "unit__name")
    ):
        leads.setdefault(task_id, []).append(name)
    for task in loaded:
        task.lead_names = leads.get(task.pk, [])
    return DrillList(loaded, total)


@dataclass
class PlanSummary:
    plan: Plan
    mix: StatusMix
    awaiting_review: int = 0


def current_plans(bureau_id: int) -> list[Plan]:
    """A bureau's plans in force: published ones, the latest year first."""
    return list(
        Plan.objects.filter(bureau_id=bureau_id, status=Plan.Status.PUBLISHED).order_by(
            "-year", "title"
        )
    )


def plan_summaries(plans: list[Plan]) -> list[PlanSummary]:
    """Headline figures of several plans side by side: two grouped queries."""
    mixes = status_mixes(Task.objects.filter(plan__in=plans), "plan_id")
    awaiting = awaiting_review(plans, "period__plan_id")
    summaries = {
        plan.pk: PlanSummary(plan, mixes.get(plan.pk, StatusMix()), awaiting.get(plan.pk, 0))
        for plan in plans
    }
    return list(summaries.values())


def recent_activity(plans: list[Plan], *, limit: int = 8):
    """The latest 批示 and review decisions on these plans' tasks."""
    comments = list(
        LeaderComment.objects.filter(task__plan__in=plans)
        .select_related("task", "author")
        .order_by("-created_at")[:limit]
    )
    reviews = list(
        ProgressReport.objects.filter(
            task__plan__in=plans,
            status__in=[ReportStatus.APPROVED, ReportStatus.RETURNED],
            reviewed_at__isnull=False,
        )
        .select_related("task", "unit", "reviewer")
        .order_by("-reviewed_at")[:limit]
    )
    return comments, reviews


@dataclass
class BureauRow:
    bureau_id: int
    name: str
    plans: int
    mix: StatusMix
    awaiting_review: int = 0
    rank: int = 0


@dataclass
class Oversight:
    rows: list[BureauRow]
    key: str  # what the rendered table depends on: the figures' cache key and the live counts


def oversight_rows(bureaus, *, today=None) -> Oversight:
    """The same measures per bureau over its plans in force, ranked by completion rate.

    Three small reads (bureaus, their plans, the latest change to those plans' tasks) make the
    cache key; the grouped counts are computed on a change only; the 待审核 counts are live.
    Plans and tasks are reached by their ids, so the planner uses the plan index."""
    today = today or timezone.localdate()
    names = list(bureaus.order_by("name").values_list("pk", "name", "short_name"))
    plan_bureau = dict(
        Plan.objects.filter(
            bureau_id__in=[pk for pk, *_ in names], status=Plan.Status.PUBLISHED
        ).values_list("pk", "bureau_id")
    )
    tasks = Task.objects.filter(plan_id__in=list(plan_bureau))
    stamp = tasks.order_by().aggregate(at=Max("updated_at"), n=Count("*"))
    scope = repr((names, sorted(plan_bureau.items()), stamp, today)).encode()
    key = f"dashboard:oversight:{hashlib.sha256(scope).hexdigest()}"
    rows = cache.get(key)
    if rows is None:
        rows = oversight_rows_compute(names, plan_bureau, tasks)
        cache.set(key, rows, CACHE_SECONDS)
    awaiting = awaiting_review(list(plan_bureau), "period__plan__bureau_id")
    for row in rows:
        row.awaiting_review = awaiting.get(row.bureau_id, 0)
    return Oversight(rows, f"{key}:{sorted(awaiting.items())}")


def oversight_rows_compute(names, plan_bureau: dict[int, int], tasks) -> list[BureauRow]:
    rows = {pk: BureauRow(pk, short or name, 0, StatusMix()) for pk, name, short in names}
    for bureau_id in plan_bureau.values():
        rows[bureau_id].plans += 1
    for plan_id, mix in status_mixes(tasks, "plan_id").items():
        rows[plan_bureau[plan_id]].mix.merge(mix)
    ranked = rank_by_completion(
        list(rows.values()),
        done=lambda row: row.mix.done,
        total=lambda row: row.mix.total,
        order=lambda row: row.name,
    )
    for rank, row in ranked:
        row.rank = rank
    return [row for _, row in ranked]
