import re
from dataclasses import dataclass, field

from workplans.models import Plan, Section, Task, Unit


@dataclass
class SectionOutline:
    section: Section
    tasks: list[Task] = field(default_factory=list)
    rollup: object | None = None  # the section's status counts, for leaders and the office


@dataclass
class PlanOutline:
    plan: Plan
    sections: list[SectionOutline]
    task_count: int
    target_count: int
    limited_to_own_units: bool


def plan_outline(*, plan: Plan, user, unit: Unit | None = None, annotate=None) -> PlanOutline:
    """Sections with the tasks the user may see (staff: their units' only), in 4 queries.
    `annotate` adds what the apps above show on a task row to the tasks' query (the tasks app's
    delays: tasks.selectors.with_deadline_history)."""
    tasks = Task.objects.visible_to(user).filter(plan=plan).for_listing().order_by("order")
    if annotate is not None:
        tasks = annotate(tasks)
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


def draft_warnings(*, source_text: str, outline: dict) -> list[dict]:
    """The parser's warnings on a draft ({line, message, anchor}), in line order. `anchor` is
    the id of the warning's marker in the source pane (draft_source_html), or "" for a warning
    about the whole document (line 0) or a line the source does not have."""
    lines = source_text.count("\n") + 1
    found = []
    for position, warning in enumerate(outline.get("warnings") or []):
        line = warning.get("line") or 0
        anchor = f"warn-{position}" if 1 <= line <= lines else ""
        found.append({"line": line, "message": warning.get("message") or "", "anchor": anchor})
    return sorted(found, key=lambda w: w["line"])


def draft_source_html(*, source_text: str, outline: dict) -> str:
    """The source text as HTML with each task, sub-item and target marked where it came from,
    and each of the parser's warnings noted at the end of its line.

    Marks carry ids (`src-t12`, `warn-3`), so a link in the parsed tree or in the list of
    warnings jumps to its source without JS. Spans that would cross another mark are left out
    rather than breaking the nesting; a warning's note is whole at one position, so it nests
    anywhere.
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from workplans.drafts import iter_tasks

    spans: list[tuple[int, int, str, str]] = []
    for _, _, task in iter_tasks(outline):
        if task.get("span"):
            spans.append((task["span"][0], task["span"][1], "src-task", task["id"]))
        for target in task["targets"]:
            if target.get("span"):
                spans.append((target["span"][0], target["span"][1], "src-target", target["id"]))
    spans.sort(key=lambda s: (s[0], -s[1]))
    accepted: list[tuple[int, int, str, str]] = []
    stack: list[tuple[int, int, str, str]] = []
    for span in spans:
        while stack and stack[-1][1] <= span[0]:
            stack.pop()
        if stack and span[1] > stack[-1][1]:
            continue  # crosses its parent
        accepted.append(span)
        stack.append(span)
    events: list[tuple[int, int, str]] = []
    for start, end, css, node_id in accepted:
        events.append((start, 2, f'<mark class="{css}" id="src-{node_id}">'))
        events.append((end, 0, "</mark>"))
    warnings = [w for w in draft_warnings(source_text=source_text, outline=outline) if w["anchor"]]
    line_ends = [m.start() for m in re.finditer("\n", source_text)] if warnings else []
    line_ends.append(len(source_text))
    for warning in warnings:
        message = escape(warning["message"])
        note = (
            f'<mark class="parse-warning" id="{warning["anchor"]}" title="{message}">'
            f"⚠ {message}</mark>"
        )
        # At the end of its line, after the marks closing there, before those opening.
        events.append((line_ends[warning["line"] - 1], 1, note))
    # At one position, close before opening; inner marks close before outer ones.
    events.sort(key=lambda e: (e[0], e[1]))
    html, position = [], 0
    for offset, _, tag in events:
        html.append(escape(source_text[position:offset]))
        html.append(tag)
        position = offset
    html.append(escape(source_text[position:]))
    return mark_safe("".join(html))
