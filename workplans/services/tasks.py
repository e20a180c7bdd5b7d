"""Edits of a published plan's tasks made outside the reporting flow (Django admin): whatever is
changed, the task's 签收 and status follow, the same way they do in the portal."""

from django.db import transaction

from workplans.models import Task, TaskUnit, User
from workplans.services.statuses import verdict_apply


def assignments_snapshot(task: Task) -> dict[int, tuple[int, str]]:
    """The task's unit assignments as they stand, to compare with after an edit."""
    return {a.pk: (a.unit_id, a.role) for a in TaskUnit.objects.filter(task=task).order_by()}


@transaction.atomic
def task_edited(*, task: Task, user: User, assignments_before: dict[int, tuple[int, str]]) -> Task:
    """After an edit of a task, its assignments, targets or milestones.

    A unit that has just become a lead unit (a new row, a row switched to another unit, or a
    co-unit made lead) has not received the task yet: its 签收 starts again. The status and its
    reason are recomputed by the engine and saved with history.
    """
    for assignment in TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD):
        was = assignments_before.get(assignment.pk)
        newly_lead = was != (assignment.unit_id, TaskUnit.Role.LEAD)
        if newly_lead and assignment.receipt != TaskUnit.Receipt.PENDING:
            assignment.receipt = TaskUnit.Receipt.PENDING
            assignment.receipt_note = ""
            assignment.receipt_by = None
            assignment.receipt_at = None
            assignment._history_user = user
            assignment._change_reason = "牵头单位变更，需重新签收"
            assignment.save()
    task = Task.objects.select_related("plan").get(pk=task.pk)
    if verdict_apply(task):
        task._history_user = user
        task.save(update_fields=["status", "status_reason", "updated_at"])
    return task
