"""Roll-ups of what the status engine wrote: the plan, its sections and lead units, and the
period's 通报. Nothing here computes a status; it counts them."""

from dataclasses import dataclass

from django.utils import timezone

from tasks.models import Escalation
from tasks.services.chasing import pending_lead_assignments
from tasks.workdays import calendar_for
from workplans.models import Target, Task, TaskUnit
from workplans.status import rollup, target_met


@dataclass
class BulletinRow:
    unit_id: int
    unit: str
    tasks: list[str]
    days_late: int
    notices: int


def bulletin_rows(*, period, today=None) -> list[BulletinRow]:
    """Units still without a report for the period's tasks, the latest first: working days
    late counted from the (holiday-shifted) due date today, and the 督办单 they have had."""
    today = today or timezone.localdate()
    calendar = calendar_for(period.plan.bureau_id)
    late_today = max(0, calendar.between(calendar.on_or_after(period.due_date), today))
    late = pending_lead_assignments(period)
    ladder: dict[tuple[int, int], list] = {}
    for escalation in Escalation.objects.filter(period=period, manual=False):
        ladder.setdefault((escalation.task_id, escalation.unit_id), []).append(escalation)
    by_unit: dict[str, BulletinRow] = {}
    for assignment in late:
        steps = ladder.get((assignment.task_id, assignment.unit_id), [])
        row = by_unit.setdefault(
            assignment.unit.name, BulletinRow(assignment.unit_id, assignment.unit.name, [], 0, 0)
        )
        row.tasks.append(assignment.task.title)
        row.days_late = max([row.days_late, late_today, *(s.days_late for s in steps)])
        row.notices += sum(1 for s in steps if s.step == Escalation.Step.NOTICE)
    return sorted(by_unit.values(), key=lambda r: (-r.days_late, -len(r.tasks), r.unit))


@dataclass
class PlanRollups:
    plan: object
    sections: dict  # section id → Rollup
    units: list  # (unit name, Rollup), most tasks first
    unreported: int = 0


def plan_rollups(*, plan) -> PlanRollups:
    """Status counts, completion and target rates for the plan, each section and each lead unit
    (top-level tasks; weights where set), in three queries."""
    rows = list(
        Task.objects.filter(plan=plan, parent__isnull=True)
        .order_by()
        .values_list("pk", "section_id", "status", "progress", "weight", "unreported")
    )
    met: dict[int, list] = {}
    for task_id, comparator, value, actual in (
        Target.objects.filter(task__plan=plan, task__parent__isnull=True)
        .order_by()
        .values_list("task_id", "comparator", "value", "latest_actual")
    ):
        met.setdefault(task_id, []).append(target_met(comparator, value, actual))
    leads: dict[str, list[int]] = {}
    for task_id, unit in (
        TaskUnit.objects.filter(task__plan=plan, task__parent__isnull=True, role=TaskUnit.Role.LEAD)
        .order_by()
        .values_list("task_id", "unit__name")
    ):
        leads.setdefault(unit, []).append(task_id)
    by_task = {pk: (status, progress, weight) for pk, _, status, progress, weight, _ in rows}
    by_section: dict[int, list] = {}
    for pk, section_id, *_ in rows:
        by_section.setdefault(section_id, []).append(pk)

    def roll(task_ids: list[int]):
        return rollup([by_task[t] for t in task_ids], [m for t in task_ids for m in met.get(t, [])])

    plan_rollup = roll(list(by_task))
    units = sorted(
        ((name, roll(ids)) for name, ids in leads.items()),
        key=lambda item: (-item[1].total, item[0]),
    )
    sections = {sid: roll(ids) for sid, ids in by_section.items()}
    unreported = sum(1 for row in rows if row[-1])
    return PlanRollups(plan=plan_rollup, sections=sections, units=units, unreported=unreported)
