"""Writing bureaus, units and plans. Views, jobs and commands call these, never raw saves."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from workplans.models import Bureau, Plan, Section, Target, Task, TaskUnit, Unit


class UnitResolver:
    """Maps the names a document uses (name or alias) to a bureau's units."""

    def __init__(self, bureau: Bureau) -> None:
        self.by_name: dict[str, Unit] = Unit.objects.known_in(bureau).by_name()

    def resolve(self, names: list[str]) -> list[Unit]:
        unknown = [n for n in names if n not in self.by_name]
        if unknown:
            raise ValidationError(
                f"以下单位在本机构中不存在：{'、'.join(unknown)}，请先在责任单位中添加。"
            )
        return [self.by_name[n] for n in names]


def _decimal(value, *, field: str, task_title: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"任务“{task_title}”的{field}“{value}”不是有效数字。") from exc
    if number < 0:
        raise ValidationError(f"任务“{task_title}”的{field}不能为负数。")
    return number


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _is_stretch(target: dict) -> bool:
    """力争 (a stretch) as the parser qualified the target; older outlines: from its words."""
    if target.get("qualifier"):
        return target["qualifier"] == "力争"
    return "力争" in target["text"]


@transaction.atomic
def plan_create_from_outline(
    *,
    bureau: Bureau,
    outline: dict,
    status: str = Plan.Status.DRAFT,
    use_demo_assignments: bool = False,
    default_deadline: dt.date | None = None,
) -> Plan:
    """Create a plan with its sections, tasks, unit assignments and targets from an outline.

    The outline has the shape `parse_plan` prints. With `use_demo_assignments`, tasks take their
    `demo_lead_units` / `demo_co_units` (a hand-made assignment for the demo) when present.
    Everything is inserted in bulk, and nothing is saved when any part is invalid. A task's
    achievements (results already reported) and the outline's summary part are not published;
    a range target (`1—2家`) is published as its floor (`value`, comparator `>=`).
    """
    plan = Plan(
        bureau=bureau,
        year=outline["year"],
        title=outline["title"],
        doc_number=outline.get("doc_number") or "",
        issuer=outline.get("issuer") or "",
        issued_date=_date(outline.get("issued_date")),
        status=status,
    )
    plan.full_clean()
    plan.save()

    resolver = UnitResolver(bureau)
    numbers = [section["number"] for section in outline["sections"]]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise ValidationError(f"板块序号重复：{'、'.join(repeated)}，请修改后再导入。")
    sections = []
    for position, section in enumerate(outline["sections"], start=1):
        sections.append(
            Section(plan=plan, number=section["number"], title=section["title"], order=position)
        )
        sections[-1].full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
    bulk_create_with_history(sections, Section)

    # Document order, depth first: a sub-item comes right after its parent task, not after
    # all of the section's tasks.
    positions: dict[int, int] = {}

    def number_depth_first(items: list[dict]) -> None:
        for item in items:
            positions[id(item)] = len(positions) + 1
            number_depth_first(item.get("subtasks") or [])

    for section_outline in outline["sections"]:
        number_depth_first(section_outline.get("tasks") or [])
    assignments: list[TaskUnit] = []
    targets: list[Target] = []

    def build_tasks(items: list[dict], section: Section, parent: Task | None) -> list[Task]:
        level: list[tuple[Task, dict]] = []
        for item in items:
            order = positions[id(item)]
            task = Task(
                plan=plan,
                section=section,
                parent=parent,
                number=item.get("number") or "",
                order=order,
                title=item["title"],
                text=item.get("text") or "",
                deadline=_date(item.get("deadline")) or default_deadline,
                deadline_text=item.get("deadline_text") or "",
            )
            task.full_clean(
                exclude=["plan", "section", "parent"],
                validate_unique=False,
                validate_constraints=False,
            )
            level.append((task, item))
        bulk_create_with_history([task for task, _ in level], Task)
        for task, item in level:
            lead = item.get("lead_units") or []
            co = item.get("co_units") or []
            if use_demo_assignments:
                lead = item.get("demo_lead_units") or lead
                co = item.get("demo_co_units") or co
            lead_units = resolver.resolve(lead)
            seen = {u.pk for u in lead_units}
            co_units = [u for u in resolver.resolve(co) if u.pk not in seen]
            assignments.extend(
                TaskUnit(task=task, unit=u, role=TaskUnit.Role.LEAD) for u in lead_units
            )
            assignments.extend(TaskUnit(task=task, unit=u, role=TaskUnit.Role.CO) for u in co_units)
            for position, target in enumerate(item.get("targets") or [], start=1):
                targets.append(
                    Target(
                        task=task,
                        text=target["text"],
                        indicator=target.get("indicator") or target["text"],
                        comparator=target.get("comparator"),
                        value=_decimal(target["value"], field="目标值", task_title=task.title),
                        unit=target.get("unit") or "",
                        is_stretch=_is_stretch(target),
                        order=position,
                    )
                )
            if item.get("subtasks"):
                build_tasks(item["subtasks"], section, task)
        return [task for task, _ in level]

    for section, section_outline in zip(sections, outline["sections"], strict=True):
        build_tasks(section_outline.get("tasks") or [], section, None)
    bulk_create_with_history(assignments, TaskUnit)
    bulk_create_with_history(targets, Target)
    return plan


def user_update_digest(*, user, daily_digest: bool) -> None:
    """A staff member's choice: one daily digest instead of one message per task."""
    type(user).objects.filter(pk=user.pk).update(daily_digest=daily_digest)
    user.daily_digest = daily_digest
