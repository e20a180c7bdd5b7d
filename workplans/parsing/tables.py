"""A task table (分工表: 序号 · 重点任务 · 具体措施 · 牵头单位 · 配合单位 · 完成时限) → outline.

The header row is found wherever it is (title rows above it are common). Merged cells arrive
repeated in every row they cover, so a section or task cell spanning several rows groups them:
a 重点任务 spanning three 具体措施 rows is one task with three sub-items.
A row numbered `3.1` right under task 3 is a sub-item of it with its own units and deadline.
"""

import re

from workplans.parsing.deadlines import find_deadline
from workplans.parsing.numbers import chinese_to_int
from workplans.parsing.outline import SectionOutline, TaskOutline
from workplans.parsing.structure import Line, item_marker, lead_title, section_heading
from workplans.parsing.targets import find_targets
from workplans.parsing.units import UnitMatcher

COLUMNS = {
    "number": ("序号", "编号"),
    "section": (
        "工作板块",
        "板块",
        "工作类别",
        "类别",
        "工作领域",
        "领域",
        "重点领域",
        "一级任务",
        "任务类别",
        "方面",
    ),
    "title": (
        "重点任务",
        "工作任务",
        "主要任务",
        "任务名称",
        "任务",
        "重点工作",
        "工作内容",
        "任务内容",
        "工作事项",
        "事项",
    ),
    "text": (
        "具体措施",
        "工作措施",
        "具体内容",
        "主要内容",
        "工作目标",
        "工作要求",
        "目标任务",
        "具体任务",
        "措施",
        "内容",
        "主要措施",
    ),
    "lead": (
        "牵头单位",
        "牵头部门",
        "牵头科室",
        "主责单位",
        "负责单位",
        "责任单位",
        "责任部门",
        "责任科室",
        "牵头股室",
    ),
    "co": ("配合单位", "配合部门", "配合科室", "协办单位", "参与单位", "协同单位", "配合股室"),
    "deadline": (
        "完成时限",
        "时间节点",
        "完成时间",
        "时限",
        "完成期限",
        "时间安排",
        "进度安排",
        "时限要求",
    ),
}
HEADER_SCAN_ROWS = 15


def _normal(cell: str) -> str:
    return re.sub(r"\s+", "", cell or "")


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(row index, {role: column}) of the first row naming at least a task and a unit column."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            name = _normal(cell)
            for role, words in COLUMNS.items():
                if name in words or (len(name) <= 8 and any(name.startswith(w) for w in words)):
                    if role == "lead" and "lead" in columns and name.startswith("责任"):
                        columns.setdefault("co", column)  # 牵头单位 + 责任单位: the rest assist
                    elif role == "title" and "title" in columns:
                        columns.setdefault("text", column)
                    else:
                        columns.setdefault(role, column)
                    break
        if ("title" in columns or "text" in columns) and len(columns) >= 2:
            if "title" not in columns:
                columns["title"] = columns.pop("text")
            return index, columns
    return None


def _cell(row: list[str], columns: dict[str, int], role: str) -> str:
    column = columns.get(role)
    return (row[column] if column is not None and column < len(row) else "").strip()


def outline_from_rows(
    rows: list[list[str]], *, year: int | None, units: UnitMatcher, row_offsets: list[int]
) -> list[SectionOutline] | None:
    found = find_header(rows)
    if found is None:
        return None
    header, columns = found
    sections: list[SectionOutline] = []
    section_cells: list[str] = []  # the cell each section came from, to group merged rows
    current_task: TaskOutline | None = None
    for index in range(header + 1, len(rows)):
        row = rows[index]
        filled = [c for c in row if c.strip()]
        if not filled:
            continue
        title_cell = _cell(row, columns, "title")
        section_cell = _cell(row, columns, "section")
        # A section row: one merged line such as 一、深化医改, or a section column that changes.
        only = filled[0].strip() if len(set(filled)) == 1 else ""
        heading = section_heading(Line(only, 0, len(only))) if only else None
        if heading:
            sections.append(SectionOutline(number=heading[0], title=heading[1]))
            section_cells.append(only)
            current_task = None
            continue
        if section_cell and (not section_cells or section_cell != section_cells[-1]):
            sections.append(_section_from_cell(section_cell, len(sections) + 1))
            section_cells.append(section_cell)
            current_task = None
        if not sections:
            sections.append(SectionOutline(number="一", title="工作任务"))
        detail = _cell(row, columns, "text")
        if not title_cell and not detail:
            continue
        start = row_offsets[index] if index < len(row_offsets) else 0
        line = "\t".join(row)
        span = (start, start + len(line))
        detail_at = start + max(line.find(detail), 0) if detail else start
        lead = units.resolve(_cell(row, columns, "lead"))
        co = [u for u in units.resolve(_cell(row, columns, "co")) if u not in lead]
        deadline_cell = _cell(row, columns, "deadline")
        deadline, deadline_text = find_deadline(deadline_cell, year)
        if not deadline and deadline_cell:
            deadline_text = deadline_cell
        parent, sub_number = _parent_by_number(current_task, _cell(row, columns, "number"))
        same_task = (
            parent is None
            and current_task is not None
            and title_cell
            and _strip(title_cell) == current_task.title
        )
        if same_task and detail:
            # A 重点任务 merged over several 具体措施 rows: each row becomes a sub-item.
            if not current_task.subtasks:
                first = _copy_as_subtask(current_task, "1")
                current_task.targets = []
                current_task.subtasks.append(first)
            sub = _row_task(
                str(len(current_task.subtasks) + 1),
                lead_title(_strip(detail)),
                detail,
                span,
                detail_at,
            )
            sub.lead_units, sub.co_units = lead, co
            sub.deadline, sub.deadline_text = deadline, deadline_text
            current_task.subtasks.append(sub)
            current_task.text = f"{current_task.text}\n{detail}"
            current_task.span = (current_task.span[0], span[1])
            current_task.lead_units = list(dict.fromkeys(current_task.lead_units + lead))
            current_task.co_units = [
                u
                for u in dict.fromkeys(current_task.co_units + co)
                if u not in current_task.lead_units
            ]
            if deadline and (current_task.deadline is None or deadline > current_task.deadline):
                current_task.deadline, current_task.deadline_text = deadline, deadline_text
            continue
        number = sub_number or _cell(row, columns, "number") or str(len(sections[-1].tasks) + 1)
        title = _strip(title_cell) if title_cell else lead_title(_strip(detail))
        text = detail if detail else title_cell
        text_at = detail_at if detail else start + max(line.find(title_cell), 0)
        task = _row_task(number, title, text, span, text_at)
        task.lead_units, task.co_units = lead, co
        task.deadline, task.deadline_text = deadline, deadline_text
        if parent is not None:
            parent.subtasks.append(task)  # 序号 3.1 right under task 3: its sub-item
            continue
        current_task = task
        sections[-1].tasks.append(current_task)
    return sections


def _parent_by_number(task: TaskOutline | None, cell: str) -> tuple[TaskOutline | None, str]:
    """A hierarchical 序号 such as `3.1` (or `3.1.2`) right under task 3: the item it belongs to
    and the row's own number; (None, "") for any other 序号."""
    parts = [_number(part) for part in re.split(r"[.．]", cell.strip())]
    if task is None or len(parts) < 2 or not all(parts) or parts[0] != task.number:
        return None, ""
    parent = task
    for part in parts[1:-1]:
        parent = next((sub for sub in reversed(parent.subtasks) if sub.number == part), None)
        if parent is None:
            return None, ""
    return parent, parts[-1]


def _section_from_cell(cell: str, position: int) -> SectionOutline:
    heading = section_heading(Line(cell, 0, len(cell)))
    if heading:
        return SectionOutline(number=heading[0], title=heading[1])
    numerals = "一二三四五六七八九十"
    number = numerals[position - 1] if position <= 10 else str(position)
    return SectionOutline(number=number, title=cell)


def _strip(text: str) -> str:
    marker = item_marker(text)
    return (marker[2] if marker else text).strip().rstrip("。")


def _row_task(number: str, title: str, text: str, span, text_at: int) -> TaskOutline:
    task = TaskOutline(number=_number(number), title=title, text=text, span=span)
    task.targets = find_targets(text, offset=text_at)
    return task


def _copy_as_subtask(task: TaskOutline, number: str) -> TaskOutline:
    """The first row of a merged task, as its first sub-item, with its own units and dates."""
    return TaskOutline(
        number=number,
        title=lead_title(_strip(task.text)),
        text=task.text,
        lead_units=list(task.lead_units),
        co_units=list(task.co_units),
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        targets=list(task.targets),
        span=task.span,
    )


def _number(cell: str) -> str:
    cleaned = re.sub(r"[（()）、.．\s]", "", cell)
    if cleaned.isdigit() or chinese_to_int(cleaned) is not None:
        return cleaned
    return cell.strip()
