"""The status engine: the only code that writes Task.status.

It reads the facts the rules in workplans/status.py need (deadline, approved progress,
milestones, targets' latest actuals) with set-based queries and writes the statuses that change.
Approval, delay approval, publishing and admin edits call it inside their own transaction; the
nightly job calls it for every plan, because the calendar alone moves tasks into 滞后 and 逾期.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from workplans.models import Milestone, Plan, Target, Task, TaskStatus
from workplans.status import TargetFacts, TaskFacts, task_status

RECOMPUTE_CHUNK = 5_000


def update_in_chunks(ids: list[int], **values) -> None:
    """One UPDATE per chunk of ids (SQLite limits the number of parameters in a query)."""
    for start in range(0, len(ids), RECOMPUTE_CHUNK):
        Task.objects.filter(pk__in=ids[start : start + RECOMPUTE_CHUNK]).update(**values)


def published_tasks(*, task_ids=None, plan_ids=None):
    tasks = Task.objects.filter(plan__status=Plan.Status.PUBLISHED)
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    if plan_ids is not None:
        tasks = tasks.filter(plan_id__in=plan_ids)
    return tasks


def status_of(task: Task, today=None) -> str:
    """The status the rules give a task as it stands in memory (progress or deadline about to
    be saved), with its milestones and targets as stored. Callers save it with their own change,
    so the task's history shows both in one entry."""
    today = today or timezone.localdate()
    facts = TaskFacts(
        deadline=task.deadline,
        start=task.start_date or dt.date(task.plan.year, 1, 1),
        progress=task.progress,
        milestones=tuple(task.milestones.order_by().values_list("date", "percent")),
        targets=tuple(
            TargetFacts(*row)
            for row in task.targets.order_by().values_list(
                "comparator", "value", "latest_actual", "baseline", "is_stretch"
            )
        ),
    )
    return task_status(facts, today=today, tolerance=task.plan.status_tolerance)


def statuses_recompute(
    *, task_ids: list[int] | None = None, plan_ids: list[int] | None = None, today=None
) -> dict:
    """Recompute the statuses of published tasks (all, or those of the given tasks or plans).

    Three reads (tasks, milestones, targets) whatever the number of tasks, then one UPDATE per
    new status per chunk of ids; only rows whose status changes are written. Returns counts.
    """
    today = today or timezone.localdate()
    tasks = published_tasks(task_ids=task_ids, plan_ids=plan_ids)
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
            update_in_chunks(ids, status=status)
    return {"tasks": len(rows), "changed": sum(len(ids) for ids in changed.values()), **counts}
