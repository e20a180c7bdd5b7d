"""Editing an imported plan's outline before it is published: pure functions over the draft's
JSON (sections → tasks → sub-items, each task with targets). Every node has an id (`s3`, `t12`,
`g7`) and the span of source text it came from; the services in imports.py save the result."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from workplans.models.tasks import Comparator
from workplans.parsing.outline import PlanOutline, TaskOutline
from workplans.parsing.structure import lead_title

SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")

# How a column of a task table may be read (TableColumn.role), in the admin's words.
COLUMN_ROLES = {
    "number": "序号",
    "section": "板块",
    "title": "任务名称",
    "text": "具体内容",
    "lead": "牵头单位",
    "co": "配合单位",
    "deadline": "完成时限",
    "leader": "责任领导（人名，不作单位）",
    "ignored": "忽略",
}


def draft_from_outline(outline: PlanOutline) -> dict:
    """The parsed outline as a draft: ids and spans on sections, tasks and targets. The parser's
    kind, warnings, table columns and a mixed document's summary part are kept as to_json gives
    them, and each task's achievements with their spans: shown on the review page, never
    published (plan_create_from_outline reads none of them)."""
    counter = 0  # one sequence for every kind, so ids never collide after edits

    def new_id(kind: str) -> str:
        nonlocal counter
        counter += 1
        return f"{kind}{counter}"

    def task_node(task: TaskOutline) -> dict:
        node = task.to_json()
        node["id"] = new_id("t")
        node["span"] = list(task.span) if task.span else None
        node["targets"] = [
            {
                **target.to_json(),
                "id": new_id("g"),
                "span": list(target.span) if target.span else None,
            }
            for target in task.targets
        ]
        # Results already reported: shown beside the targets, never published.
        node["achievements"] = [
            {**result.to_json(), "span": list(result.span) if result.span else None}
            for result in task.achievements
        ]
        node["subtasks"] = [task_node(sub) for sub in task.subtasks]
        return node

    draft = outline.to_json()
    draft["sections"] = [
        {
            "id": new_id("s"),
            "number": section.number,
            "title": section.title,
            "span": list(section.span) if section.span else None,
            "tasks": [task_node(task) for task in section.tasks],
        }
        for section in outline.sections
    ]
    draft["next_id"] = counter + 1
    return draft


def column_roles(draft: dict, chosen: dict[int, str]) -> dict[int, str]:
    """Every column of the draft's task table with its role, the admin's `chosen` roles over
    the ones the parser gave; raises ValidationError for a role or column that does not exist,
    or a reading without a task column."""
    columns = draft.get("columns") or []
    if not columns:
        raise ValidationError("这份草稿不是从任务分工表读出的，没有可以调整的列。")
    roles = {column["index"]: column["role"] for column in columns}
    for index, role in chosen.items():
        if index not in roles:
            raise ValidationError(f"表格中没有第 {index + 1} 列，请刷新页面后重试。")
        if role not in COLUMN_ROLES:
            raise ValidationError(f"第 {index + 1} 列的含义“{role}”无效，请从列表中选择。")
    roles.update(chosen)
    if not {"title", "text"} & set(roles.values()):
        raise ValidationError("至少要有一列读作“任务名称”或“具体内容”，否则读不出任务。")
    return roles


def keep_column_roles(draft: dict, previous: list[dict], roles: dict[int, str]) -> None:
    """Record in a re-parsed draft how its columns were read at the admin's request, so the
    review page shows the roles chosen (the parser's headers where it gave columns)."""
    columns = draft.get("columns") or [dict(column) for column in previous]
    draft["columns"] = [
        {**column, "role": roles.get(column["index"], column["role"])} for column in columns
    ]


def _next_id(draft: dict, kind: str) -> str:
    number = draft.get("next_id", 1)
    draft["next_id"] = number + 1
    return f"{kind}{number}"


def iter_tasks(draft: dict):
    for section in draft["sections"]:
        for task in section["tasks"]:
            yield section, section["tasks"], task
            for sub in task["subtasks"]:
                yield section, task["subtasks"], sub


def find_task(draft: dict, task_id: str) -> tuple[dict, list, dict]:
    for section, siblings, task in iter_tasks(draft):
        if task["id"] == task_id:
            return section, siblings, task
    raise ValidationError("该任务已不存在（可能已被合并或删除），请刷新页面。")


def find_section(draft: dict, section_id: str) -> dict:
    for section in draft["sections"]:
        if section["id"] == section_id:
            return section
    raise ValidationError("该板块已不存在，请刷新页面。")


def find_target(draft: dict, target_id: str) -> tuple[dict, dict]:
    for _, _, task in iter_tasks(draft):
        for target in task["targets"]:
            if target["id"] == target_id:
                return task, target
    raise ValidationError("该指标已不存在，请刷新页面。")


def edit_section(draft: dict, section_id: str, *, title: str) -> None:
    find_section(draft, section_id)["title"] = _required(title, "板块标题", 300)


def edit_task(
    draft: dict,
    task_id: str,
    *,
    title: str,
    deadline: str | None,
    deadline_text: str,
    lead_units: list[str],
    co_units: list[str],
) -> None:
    _, _, task = find_task(draft, task_id)
    task["title"] = _required(title, "任务名称", 300)
    task["deadline"] = deadline or None
    task["deadline_text"] = deadline_text.strip() or None
    overlap = set(lead_units) & set(co_units)
    if overlap:
        raise ValidationError(f"同一单位不能既牵头又配合：{'、'.join(sorted(overlap))}")
    task["lead_units"] = list(dict.fromkeys(lead_units))
    task["co_units"] = list(dict.fromkeys(co_units))


def merge_with_previous(draft: dict, task_id: str) -> None:
    """Append a task to the one before it (a paragraph the parser split in two)."""
    _, siblings, task = find_task(draft, task_id)
    index = siblings.index(task)
    if index == 0:
        raise ValidationError("这是本板块（或本任务）的第一项，前面没有可以合并的任务。")
    previous = siblings[index - 1]
    previous["text"] = f"{previous['text']}\n{task['text']}".strip()
    previous["targets"].extend(task["targets"])
    if task.get("achievements"):
        previous["achievements"] = previous.get("achievements", []) + task["achievements"]
    previous["subtasks"].extend(task["subtasks"])
    previous["lead_units"] = list(dict.fromkeys(previous["lead_units"] + task["lead_units"]))
    co = [u for u in previous["co_units"] + task["co_units"] if u not in previous["lead_units"]]
    previous["co_units"] = list(dict.fromkeys(co))
    previous["deadline"] = max(filter(None, [previous["deadline"], task["deadline"]]), default=None)
    if previous["span"] and task["span"]:
        previous["span"] = [previous["span"][0], max(previous["span"][1], task["span"][1])]
    siblings.remove(task)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def split_task(draft: dict, task_id: str, *, at_sentence: int) -> None:
    """Cut a task in two: its first `at_sentence` sentences stay, the rest become a new task."""
    _, siblings, task = find_task(draft, task_id)
    parts = sentences(task["text"])
    if not 1 <= at_sentence < len(parts):
        raise ValidationError("请选择从第几句开始拆分（不能是第一句，也不能超出任务原文）。")
    head, tail = "".join(parts[:at_sentence]).strip(), "".join(parts[at_sentence:]).strip()
    new = {
        "id": _next_id(draft, "t"),
        "number": f"{task['number']}之二" if task["number"] else "",
        "title": lead_title(tail),
        "text": tail,
        "lead_units": list(task["lead_units"]),
        "co_units": list(task["co_units"]),
        "deadline": task["deadline"],
        "deadline_text": task["deadline_text"],
        "targets": [t for t in task["targets"] if t["text"] and t["text"] in tail],
        "achievements": [
            a for a in task.get("achievements", []) if a["text"] and a["text"] in tail
        ],
        "subtasks": [],
        "span": None,
    }
    if task["span"]:
        cut = task["span"][0] + len(task["text"]) - len(tail)
        new["span"] = [cut, task["span"][1]]
        task["span"] = [task["span"][0], cut]
    task["text"] = head
    task["targets"] = [t for t in task["targets"] if t not in new["targets"]]
    if new["achievements"]:
        task["achievements"] = [a for a in task["achievements"] if a not in new["achievements"]]
    siblings.insert(siblings.index(task) + 1, new)


def move_task(draft: dict, task_id: str, *, section_id: str) -> None:
    section, siblings, task = find_task(draft, task_id)
    if siblings is not section["tasks"]:
        raise ValidationError("分项任务随其上级任务移动；请移动上级任务。")
    target_section = find_section(draft, section_id)
    if target_section is section:
        return
    siblings.remove(task)
    target_section["tasks"].append(task)


def delete_task(draft: dict, task_id: str) -> None:
    _, siblings, task = find_task(draft, task_id)
    siblings.remove(task)


def save_target(
    draft: dict,
    task_id: str,
    target_id: str | None,
    *,
    indicator: str,
    comparator: str | None,
    value: str,
    unit: str,
    text: str = "",
) -> None:
    _, _, task = find_task(draft, task_id)
    if comparator not in Comparator.values and comparator not in (None, ""):
        raise ValidationError("比较方式只能是 ≥、≤、=、> 或 <。")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError(f"目标值“{value}”不是数字。") from exc
    if not number.is_finite():
        raise ValidationError(f"目标值“{value}”不是数字。")
    if number < 0:
        raise ValidationError("目标值不能为负数。")
    fields = {
        "indicator": _required(indicator, "指标名称", 200),
        "comparator": comparator or None,
        "value": int(number) if number == number.to_integral_value() else float(number),
        "unit": unit.strip()[:20],
    }
    if target_id:
        owner, target = find_target(draft, target_id)
        if owner is not task:
            raise ValidationError("该指标不属于这项任务，请刷新页面。")
        target.update(fields)
        if text.strip():
            target["text"] = text.strip()
    else:
        task["targets"].append(
            {
                "id": _next_id(draft, "g"),
                "text": text.strip() or fields["indicator"],
                "span": None,
                **fields,
            }
        )


def delete_target(draft: dict, target_id: str) -> None:
    task, target = find_target(draft, target_id)
    task["targets"].remove(target)


def rename_unit(draft: dict, old: str, new: str) -> None:
    """Map a name the parser did not know to a unit (after the admin created or chose it)."""
    for _, _, task in iter_tasks(draft):
        for key in ("lead_units", "co_units"):
            task[key] = list(dict.fromkeys(new if name == old else name for name in task[key]))
    draft["unknown_units"] = [n for n in draft.get("unknown_units", []) if n != old]


def unit_names_used(draft: dict) -> set[str]:
    return {
        name
        for _, _, task in iter_tasks(draft)
        for key in ("lead_units", "co_units")
        for name in task[key]
    }


def _required(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"{label}不能为空。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 个字。")
    return value
