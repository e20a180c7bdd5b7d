"""The status engine: the only code that writes Task.status and Task.status_reason.

It reads the facts the rules in workplans/status.py need (deadline, approved progress,
milestones, targets' latest actuals) with set-based queries and writes the statuses, with the
reason the rules give (StatusReason as JSON), where either changes. Approval, delay approval,
publishing and admin edits call it inside their own transaction; the nightly job calls it for
every plan, because the calendar alone moves tasks into 滞后 and 逾期 (and moves the expected
progress a reason quotes).
"""

import datetime as dt
import json

from django.db import connection, transaction
from django.utils import timezone

from workplans.models import Milestone, Plan, Target, Task, TaskStatus
from workplans.status import TargetFacts, TaskFacts, Verdict, task_verdict

RECOMPUTE_CHUNK = 5_000
WRITE_CHUNK = 2_000  # rows of (id, status, reason) per UPDATE: 6,000 parameters
# What TargetFacts is built from, in its field order.
TARGET_FACTS = (
    "comparator",
    "value",
    "latest_actual",
    "baseline",
    "is_stretch",
    "indicator",
    "unit",
)


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


def verdict_of(task: Task, today=None) -> Verdict:
    """The status and reason the rules give a task as it stands in memory (progress or deadline
    about to be saved), with its milestones and targets as stored."""
    today = today or timezone.localdate()
    facts = TaskFacts(
        deadline=task.deadline,
        start=task.start_date or dt.date(task.plan.year, 1, 1),
        progress=task.progress,
        milestones=tuple(task.milestones.order_by().values_list("date", "percent")),
        targets=tuple(
            TargetFacts(*row)
            for row in task.targets.order_by("order", "pk").values_list(*TARGET_FACTS)
        ),
    )
    return task_verdict(facts, today=today, tolerance=task.plan.status_tolerance)


def verdict_apply(task: Task, today=None) -> bool:
    """Set the task's status and status_reason in memory from the rules; whether either
    changed. Callers save both with their own change (update_fields "status",
    "status_reason"), so the task's history shows them in one entry."""
    verdict = verdict_of(task, today)
    reason = verdict.reason.to_json()
    changed = (task.status, task.status_reason) != (verdict.status, reason)
    task.status, task.status_reason = verdict.status, reason
    return changed


def status_of(task: Task, today=None) -> str:
    """The status alone (see verdict_of)."""
    return verdict_of(task, today).status


def verdicts_write(rows: list[tuple[int, str, dict]]) -> None:
    """Write (id, status, reason) rows, Task.updated_at with them: on PostgreSQL and SQLite one
    UPDATE … FROM (VALUES …) per chunk of rows, which the database joins on the primary key
    (bulk_update's CASE WHEN per row costs far more on big chunks); bulk_update elsewhere."""
    now = timezone.now()
    if connection.vendor not in ("postgresql", "sqlite"):
        Task.objects.bulk_update(
            [
                Task(pk=pk, status=status, status_reason=reason, updated_at=now)
                for pk, status, reason in rows
            ],
            ["status", "status_reason", "updated_at"],
            batch_size=1000,
        )
        return
    table = connection.ops.quote_name(Task._meta.db_table)
    updated_at = Task._meta.get_field("updated_at").get_db_prep_save(now, connection)
    if connection.vendor == "postgresql":
        sql = (
            f"UPDATE {table} AS t SET status = v.status, status_reason = v.reason::jsonb, "
            "updated_at = %s FROM (VALUES {values}) AS v (id, status, reason) "
            "WHERE t.id = v.id"
        )
    else:  # SQLite names the columns of VALUES column1, column2, …
        sql = (
            f"UPDATE {table} SET status = v.column2, status_reason = v.column3, updated_at = %s "
            f"FROM (VALUES {{values}}) AS v WHERE {table}.id = v.column1"
        )
    dumped: dict[int, str] = {}  # rows often share one reason object (statuses_recompute)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            params: list = [updated_at]
            for pk, status, reason in chunk:
                text = dumped.get(id(reason))
                if text is None:
                    text = dumped[id(reason)] = json.dumps(reason)
                params += [pk, status, text]
            cursor.execute(sql.format(values=", ".join(["(%s, %s, %s)"] * len(chunk))), params)


def statuses_recompute(
    *, task_ids: list[int] | None = None, plan_ids: list[int] | None = None, today=None
) -> dict:
    """Recompute the statuses and status reasons of published tasks (all, or those of the given
    tasks or plans).

    Three reads (tasks, milestones, targets) whatever the number of tasks, then one UPDATE per
    chunk of rows whose status or reason changes (verdicts_write); the others are not written.
    The reason's figures are whole percents, so most tasks' reasons change every few days, not
    every night. Returns counts: tasks, changed (statuses), written (rows), and per status.
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
            "status_reason",
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
    # Explicit ordering: Target's default ("task", …) would join the tasks and plans again; the
    # reason names the first short target in the task's own order.
    target_rows = (
        Target.objects.filter(task__in=scope)
        .order_by("task_id", "order", "pk")
        .values_list("task_id", *TARGET_FACTS)
    )
    for task_id, *fields in target_rows:
        targets.setdefault(task_id, []).append(TargetFacts(*fields))
    writes: list[tuple[int, str, dict]] = []
    changed = 0
    counts = dict.fromkeys(TaskStatus.values, 0)
    # Tasks with the same facts (same dates, progress and tolerance, no targets: most of a
    # plan) get the same verdict: worked out once, its reason shared by every such row.
    verdicts: dict[tuple, tuple[str, dict]] = {}
    for pk, deadline, start, progress, old, old_reason, year, tolerance in rows:
        facts = TaskFacts(
            deadline=deadline,
            start=start or dt.date(year, 1, 1),
            progress=progress,
            milestones=tuple(milestones.get(pk, ())),
            targets=tuple(targets.get(pk, ())),
        )
        found = verdicts.get((facts, tolerance))
        if found is None:
            verdict = task_verdict(facts, today=today, tolerance=tolerance)
            found = verdicts[facts, tolerance] = (verdict.status, verdict.reason.to_json())
        new, reason = found
        counts[new] += 1
        changed += new != old
        if new != old or reason != old_reason:
            writes.append((pk, new.value, reason))
    with transaction.atomic():
        verdicts_write(writes)
    return {"tasks": len(rows), "changed": changed, "written": len(writes), **counts}
