"""The plan as a 任务分工表 (.xlsx) that the importer reads back as the same plan.

The layout is a plain 分工表 as workplans/parsing/tables.py reads one: a title row (the plan's
title + 任务分工表, from which the importer takes the title and year), a header row, then per
section a merged `一、…` row and per task a row. What each column carries back:

- 序号: the task's number; a sub-item's is its parent's number and its own (`3.1`, `三.2`), which
  the importer reads as a sub-item of the task above it;
- 重点任务: the title, taken as written;
- 具体内容: the task's own text (without its sub-items' text, which is on their rows), where
  the importer finds the same quantified targets again;
- 量化指标: the targets as read, for the reader (the importer ignores the column);
- 牵头单位 / 配合单位: unit names joined with 、;
- 完成时限: the deadline as written in the plan, else the date in words it parses (2021年6月底).
"""

import calendar
from io import BytesIO

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from reports.ledger import HEADING, SECTION_FILL, body_row, heading_rows, merged_row, number
from workplans.models import Comparator, Plan, Section, Target, Task, TaskUnit

TABLE_HEADERS = ["序号", "重点任务", "具体内容", "量化指标", "牵头单位", "配合单位", "完成时限"]
TABLE_WIDTHS = [8, 26, 60, 30, 18, 22, 16]
TITLE_SUFFIX = "任务分工表"


def deadline_words(task: Task) -> str:
    """The deadline as the plan wrote it, else the date in words the deadline parser reads."""
    if task.deadline_text:
        return task.deadline_text
    day = task.deadline
    if day is None:
        return ""
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{day.year}年{day.month}月底"
    return f"{day.year}年{day.month}月{day.day}日前"


def target_words(target: Target) -> str:
    """家庭医生签约服务率 ≥43%（力争）"""
    sign = Comparator(target.comparator).sign if target.comparator else ""
    stretch = "（力争）" if target.is_stretch else ""
    return f"{target.indicator} {sign}{number(target.value)}{target.unit}{stretch}"


def own_text(task: Task, children: list[Task]) -> str:
    """The task's text without its sub-items' text (they have rows of their own), one line per
    paragraph as the importer keeps it; the title when nothing else is left."""
    text = task.text or ""
    for child in children:
        if child.text:
            text = text.replace(child.text, "", 1)
    lines = (line.strip() for line in text.replace("\u3000", " ").splitlines())
    return "\n".join(line for line in lines if line) or task.title


def _cell_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _table_rows(plan: Plan) -> tuple[list[tuple[Section, list[tuple[Task, str, list[Task]]]]], int]:
    """Per section, its tasks depth first as (task, 序号, its sub-items), and the target count; four
    queries whatever the size of the plan."""
    sections = list(Section.objects.filter(plan=plan).order_by("order", "pk"))
    tasks = list(
        Task.objects.filter(plan=plan)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskUnit.objects.select_related("unit").order_by(
                    "unit__sort_order", "unit__name"
                ),
            ),
            Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
        )
    )
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    rows: dict[int, list[tuple[Task, str, list[Task]]]] = {section.pk: [] for section in sections}

    def walk(task: Task, prefix: str, position: int, section_id: int) -> None:
        # A sub-item goes under its parent's row, numbered 3.1, whatever section it was put in.
        own = task.number or str(position)
        label = f"{prefix}.{own}" if prefix else own
        kids = children.get(task.pk, [])
        rows[section_id].append((task, label, kids))
        for index, child in enumerate(kids, start=1):
            walk(child, label, index, section_id)

    tops: dict[int, int] = {}
    for task in children.get(None, []):
        tops[task.section_id] = tops.get(task.section_id, 0) + 1
        walk(task, "", tops[task.section_id], task.section_id)
    target_count = sum(len(task.targets.all()) for task in tasks)
    return [(section, rows[section.pk]) for section in sections], target_count


def _write_task(ws: Worksheet, row: int, task: Task, label: str, kids: list[Task]) -> None:
    lead = [a.unit.name for a in task.assignments.all() if a.role == TaskUnit.Role.LEAD]
    co = [a.unit.name for a in task.assignments.all() if a.role == TaskUnit.Role.CO]
    values = [
        label,
        task.title,
        own_text(task, kids),
        "\n".join(target_words(target) for target in task.targets.all()),
        "、".join(lead),
        "、".join(co),
        deadline_words(task),
    ]
    values = [_cell_text(value) for value in values]
    body_row(ws, row, values, TABLE_WIDTHS)
    for column, value in enumerate(values, start=1):
        if value.startswith("="):
            ws.cell(row=row, column=column).data_type = "s"  # text, not a formula


def plan_task_table(*, plan: Plan) -> bytes:
    """The plan's 任务分工表 as .xlsx bytes: importing it gives the same sections, tasks,
    sub-items, units, deadlines and targets; exporting that plan gives the same cells."""
    sections, target_count = _table_rows(plan)
    task_count = sum(len(rows) for _, rows in sections)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "任务分工表"
    heading_rows(
        ws,
        title=f"{plan.title}{TITLE_SUFFIX}",
        subtitle=f"共 {len(sections)} 个板块、{task_count} 项任务、{target_count} 个量化指标",
        headers=TABLE_HEADERS,
        widths=TABLE_WIDTHS,
    )
    row = 4
    columns = len(TABLE_HEADERS)
    for section, rows in sections:
        heading = _cell_text(f"{section.number}、{section.title}")
        merged_row(ws, row, columns, heading, font=HEADING, fill_rgb=SECTION_FILL)
        row += 1
        for task, label, kids in rows:
            _write_task(ws, row, task, label, kids)
            row += 1
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_task_table_filename(plan: Plan) -> str:
    # Slashes in a title would read as folders in some browsers' save dialogs.
    title = plan.title.replace("/", "-").replace("\\", "-")
    return f"{title}-{TITLE_SUFFIX}.xlsx"
