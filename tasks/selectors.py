from dataclasses import dataclass

from tasks.models import Task
from workplans.models import Plan


@dataclass
class PlanTaskGroup:
    plan: Plan
    tasks: list[Task]


def my_task_groups(*, user) -> list[PlanTaskGroup]:
    """The staff user's tasks, grouped by plan, newest plan first, in 4 queries."""
    tasks = Task.objects.visible_to(user).for_listing().order_by("-plan__year", "plan_id", "order")
    groups: dict[int, PlanTaskGroup] = {}
    for task in tasks:
        group = groups.setdefault(task.plan_id, PlanTaskGroup(plan=task.plan, tasks=[]))
        group.tasks.append(task)
    return list(groups.values())
