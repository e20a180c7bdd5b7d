from dataclasses import dataclass, field

from tasks.models import Task
from workplans.models import Plan, Section, Unit


@dataclass
class SectionOutline:
    section: Section
    tasks: list[Task] = field(default_factory=list)


@dataclass
class PlanOutline:
    plan: Plan
    sections: list[SectionOutline]
    task_count: int
    target_count: int
    limited_to_own_units: bool


def plan_outline(*, plan: Plan, user, unit: Unit | None = None) -> PlanOutline:
    """Sections with the tasks the user may see (staff: their units' only), in 4 queries."""
    tasks = Task.objects.visible_to(user).filter(plan=plan).for_listing().order_by("order")
    if unit is not None:
        tasks = tasks.assigned_to_units([unit])
    by_section: dict[int, list[Task]] = {}
    for task in tasks:
        by_section.setdefault(task.section_id, []).append(task)
    sections = [
        SectionOutline(section=s, tasks=by_section.get(s.pk, []))
        for s in plan.sections.order_by("order")
    ]
    all_tasks = [t for s in sections for t in s.tasks]
    return PlanOutline(
        plan=plan,
        sections=sections,
        task_count=len(all_tasks),
        target_count=sum(len(t.targets.all()) for t in all_tasks),
        limited_to_own_units=user.is_unit_staff,
    )
