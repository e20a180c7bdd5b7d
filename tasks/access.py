"""What a user may do on one task. Reading is decided by Task.objects.visible_to(user); this
says which actions the page offers and the server accepts."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery, Value

from workplans.models import Task, TaskUnit


@dataclass(frozen=True)
class TaskAccess:
    lead: bool = False  # staff of a lead unit (of the task or of its parent task)
    co: bool = False  # staff of a co-unit
    leader: bool = False  # a leader of the task's own bureau
    admin: bool = False  # an admin of the task's own bureau

    @property
    def any_write(self) -> bool:
        return self.lead or self.co or self.leader or self.admin


def with_own_roles(tasks, user):
    """Tasks annotated with the staff user's part in each, so that task_access and the report
    services need no query of their own: the own unit leading the task or its parent task (the
    one report_unit_for picks) and whether an own unit assists."""
    if not (user.is_authenticated and user.is_unit_staff):
        return tasks
    own = TaskUnit.objects.filter(unit_id__in=user.unit_ids)
    leading = own.filter(
        Q(task=OuterRef("pk")) | Q(task=OuterRef("parent_id")), role=TaskUnit.Role.LEAD
    ).order_by("task__order", "unit__sort_order")
    return tasks.annotate(
        roles_user_id=Value(user.pk),
        own_lead_unit_id=Subquery(leading.values("unit_id")[:1]),
        own_co=Exists(own.filter(task=OuterRef("pk"), role=TaskUnit.Role.CO)),
    )


def own_roles(user, task: Task) -> tuple[int | None, bool]:
    """(the own unit that reports on the task, or None; whether an own unit is a co-unit)."""
    if getattr(task, "roles_user_id", None) == user.pk:
        return task.own_lead_unit_id, task.own_co
    units = user.unit_ids
    lead_unit_id, co = None, False
    rows = (
        TaskUnit.objects.filter(task_id__in=[task.pk, task.parent_id], unit_id__in=units)
        .order_by("task__order", "unit__sort_order")
        .values_list("task_id", "unit_id", "role")
    )
    for task_id, unit_id, role in rows:
        if role == TaskUnit.Role.LEAD and lead_unit_id is None:
            lead_unit_id = unit_id
        elif role == TaskUnit.Role.CO and task_id == task.pk:
            co = True
    return lead_unit_id, co


def task_access(user, task: Task) -> TaskAccess:
    if not user.is_authenticated:
        return TaskAccess()
    own_bureau = user.bureau_id == task.plan.bureau_id
    if user.is_superuser:
        return TaskAccess(admin=True)
    if not own_bureau:
        return TaskAccess()  # oversight bureaus read only
    if user.role == user.Role.ADMIN:
        return TaskAccess(admin=True)
    if user.role == user.Role.LEADER:
        return TaskAccess(leader=True)
    lead_unit_id, co = own_roles(user, task)
    return TaskAccess(lead=lead_unit_id is not None, co=co)
