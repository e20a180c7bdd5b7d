"""Shared read-side rules: the 红黑榜 ranking (the ledger and the dashboard rank units with it)
and the period's 通报. Nothing here computes a status; it counts them."""

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from django.utils import timezone

from tasks.models import Escalation
from tasks.services.chasing import pending_lead_assignments
from tasks.workdays import calendar_for
from workplans.models import TaskStatus

T = TypeVar("T")

# The order a leader reads statuses in: the ledger's columns, the dashboard's counts and charts.
STATUS_ORDER = [
    TaskStatus.DONE,
    TaskStatus.ON_TRACK,
    TaskStatus.BEHIND,
    TaskStatus.OVERDUE,
    TaskStatus.NOT_STARTED,
]


def rank_by_completion(
    rows: list[T], *, done: Callable[[T], int], total: Callable[[T], int], order: Callable
) -> list[tuple[int, T]]:
    """红黑榜 order, as the ledger and the dashboard rank units: highest 完成率 first (exact
    fractions, so 1/2 and 2/4 tie), then `order`; tied rates share a rank (1, 1, 3)."""

    def rate(row: T) -> Fraction:
        return Fraction(done(row), total(row)) if total(row) else Fraction(0)

    ranked: list[tuple[int, T]] = []
    for position, row in enumerate(sorted(rows, key=lambda r: (-rate(r), order(r)))):
        tied = ranked and rate(ranked[-1][1]) == rate(row)
        ranked.append((ranked[-1][0] if tied else position + 1, row))
    return ranked


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
