"""What a user may do on one task. Reading is decided by Task.objects.visible_to(user); this
says which actions the page offers and the server accepts."""

from dataclasses import dataclass

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
    units = user.unit_ids
    roles = {
        role
        for task_id, unit_id, role in TaskUnit.objects.filter(
            task_id__in=[task.pk, task.parent_id]
        ).values_list("task_id", "unit_id", "role")
        if unit_id in units and (task_id == task.pk or role == TaskUnit.Role.LEAD)
    }
    return TaskAccess(lead=TaskUnit.Role.LEAD in roles, co=TaskUnit.Role.CO in roles)
