"""Free text of a 工作要点 → PlanOutline. No database: callers pass the bureau's unit names."""

import re

from workplans.parsing.deadlines import find_deadline
from workplans.parsing.errors import PlanImportError
from workplans.parsing.metadata import (
    DATE_LINE,
    clean_title,
    is_chrome,
    is_plan_title,
    is_summary_title,
    plan_title_in,
    read_metadata,
    signature_parts,
)
from workplans.parsing.outline import PlanOutline, SectionOutline, TaskOutline
from workplans.parsing.structure import (
    Line,
    inline_items,
    inline_title,
    item_marker,
    lead_title,
    section_heading,
    split_lines,
)
from workplans.parsing.targets import find_targets
from workplans.parsing.units import UnitMatcher

YEAR = re.compile(r"(20\d\d)\s*年")
PLAN_TITLE_LOOKAHEAD = 25  # non-empty lines between a plan's title and its first section
MAX_DEPTH = 3  # task, sub-item, inline item: a deeper 一是…二是… list stays in its item's text
MAX_INLINE_ITEMS = 30  # an inline list longer than this is not a list of sub-items


def parse_text(
    text: str,
    *,
    units: UnitMatcher | None = None,
    year: int | None = None,
    fallback_title: str = "",
) -> PlanOutline:
    """Parse a whole document. Raises PlanImportError when it holds no recognisable plan."""
    units = units or UnitMatcher()
    lines = split_lines(text)
    body_start, title_line, summary_found = _find_plan(lines)
    if body_start is None:
        raise PlanImportError(
            "未识别到工作要点的结构：没有找到“一、”这样的板块标题，也没有“（一）”“1.”这样的编号任务。"
            "请确认上传的是工作要点正文。"
        )
    head = [line for line in lines[:body_start] if line is not title_line]
    meta = read_metadata(lines[:body_start] + _tail_lines(lines, body_start))
    if title_line:
        title = clean_title(title_line.text)
    else:  # no title line of its own: the 《…》 of the notice, else the file's name
        notice = next((found for line in head if (found := plan_title_in(line.text))), None)
        title = notice or fallback_title or "未命名工作要点"
    plan_year = year or _year_of(title) or _year_of(" ".join(x.text for x in head[:5]))
    outline = PlanOutline(
        title=title,
        year=plan_year,
        issuer=meta["issuer"],
        doc_number=meta["doc_number"],
        issued_date=meta["issued_date"],
        summary_found=summary_found,
        source_text=text,
    )
    outline.sections = _sections(text, _body_lines(lines, body_start))
    if not any(section.tasks for section in outline.sections) and len(outline.sections) < 2:
        raise PlanImportError(
            "未识别到工作要点的结构：只找到一个板块且没有任务。请确认上传的是工作要点正文。"
        )
    for section in outline.sections:
        for task in section.tasks:
            _annotate(task, text, plan_year, units, depth=1)
    outline.unknown_units = list(units.unknown)
    return outline


def _year_of(text: str) -> int | None:
    match = YEAR.search(text or "")
    return int(match.group(1)) if match else None


def _find_plan(lines: list[Line]) -> tuple[int | None, Line | None, bool]:
    """Where the plan's body starts (its first section), its title line, and whether a year-end
    summary came before it."""
    headings = [i for i, line in enumerate(lines) if section_heading(line)]
    titles = [i for i, line in enumerate(lines) if is_plan_title(line.text)]
    summaries = [i for i, line in enumerate(lines) if is_summary_title(line.text)]
    for t in reversed(titles):
        following = [h for h in headings if h > t]
        if following and following[0] - t <= PLAN_TITLE_LOOKAHEAD:
            summary = any(s < t for s in summaries)
            return following[0], lines[t], summary
    if headings:
        title = next((lines[t] for t in titles if t < headings[0]), None)
        return headings[0], title, bool(summaries and summaries[0] < headings[0])
    items = [i for i, line in enumerate(lines) if item_marker(line.text)]
    if len(items) >= 2:
        title = next((lines[t] for t in titles if t < items[0]), None)
        return items[0], title, False
    return None, None, False


def _tail_lines(lines: list[Line], start: int) -> list[Line]:
    """The wrapper after the body (signature, labelled chrome), for metadata."""
    body = _body_lines(lines, start)
    return lines[start + len(body) :]


def _body_lines(lines: list[Line], start: int) -> list[Line]:
    body = []
    for line in lines[start:]:
        if is_chrome(line.text):
            break
        if section_heading(line) or item_marker(line.text):
            body.append(line)
            continue
        if signature_parts(line.text) or DATE_LINE.match(line.text):
            break  # the signature, date or 版记 under the plan
        body.append(line)
    return body


def _sections(text: str, body: list[Line]) -> list[SectionOutline]:
    groups: list[tuple[SectionOutline, list[Line]]] = []
    for line in body:
        heading = section_heading(line)
        if heading:
            number, title, rest = heading
            section = SectionOutline(number=number, title=title, span=(line.start, line.end))
            groups.append((section, []))
            if rest:
                offset = line.end - len(rest)
                groups[-1][1].append(Line(rest, offset, line.end))
        elif groups:
            groups[-1][1].append(line)
        else:  # items before any 一、: one implicit section
            groups.append((SectionOutline(number="一", title="工作任务"), [line]))
    for section, lines in groups:
        section.tasks = _tasks(text, lines)
    return [section for section, _ in groups]


def _tasks(text: str, lines: list[Line]) -> list[TaskOutline]:
    ranks = [m[0] for m in (item_marker(line.text) for line in lines) if m]
    if not ranks:
        # Paragraph style: each paragraph is a task whose title is its lead sentence.
        tasks = []
        for position, line in enumerate(lines, start=1):
            tasks.append(_task(text, str(position), line.text, line.start, line.end))
        return tasks
    task_rank = min(ranks)
    sub_rank = min((r for r in ranks if r > task_rank), default=None)
    tasks: list[TaskOutline] = []
    current: TaskOutline | None = None
    current_sub: TaskOutline | None = None
    for line in lines:
        marker = item_marker(line.text)
        rank = marker[0] if marker else None
        if rank == task_rank:
            current = _task(text, marker[1], marker[2], line.start, line.end)
            current_sub = None
            tasks.append(current)
        elif current is None:
            continue  # a section's introduction before its first item
        elif rank is not None and rank == sub_rank:
            current_sub = _task(text, marker[1], marker[2], line.start, line.end)
            current.subtasks.append(current_sub)
            _extend(text, current, line.end)
        else:  # a continuation paragraph, or a deeper level folded into its item
            if current_sub is not None:
                _extend(text, current_sub, line.end)
            _extend(text, current, line.end)
    return tasks


def _task(text: str, number: str, body: str, start: int, end: int) -> TaskOutline:
    return TaskOutline(
        number=number, title=lead_title(body), text=text[start:end], span=(start, end)
    )


def _extend(text: str, task: TaskOutline, end: int) -> None:
    task.span = (task.span[0], end)
    task.text = text[task.span[0] : end]


def _annotate(
    task: TaskOutline, text: str, year: int | None, units: UnitMatcher, depth: int
) -> None:
    """Sub-items from an inline 一是…二是… list, then targets, deadline and units, each on the
    innermost item that holds it. A loop over a stack, not recursion: a pasted line can repeat
    一是…二是… thousands of times, and the outline keeps at most MAX_DEPTH levels (deeper lists
    stay in their item's text)."""
    stack = [(task, depth)]
    while stack:
        item, level = stack.pop()
        start, _ = item.span
        if not item.subtasks and level < MAX_DEPTH:
            for a, b, number in inline_items(item.text)[:MAX_INLINE_ITEMS]:
                piece = item.text[a:b].rstrip()
                item.subtasks.append(
                    TaskOutline(
                        number=number,
                        title=inline_title(piece),
                        text=piece,
                        span=(start + a, start + a + len(piece)),
                    )
                )
        stack.extend((sub, level + 1) for sub in item.subtasks)
        own_text = item.text
        for sub in item.subtasks:
            a, b = sub.span[0] - start, sub.span[1] - start
            own_text = own_text[:a] + " " * (b - a) + own_text[b:]
        item.targets = find_targets(own_text, offset=start)
        for target in item.targets:
            target.text = text[target.span[0] : target.span[1]].strip()
        item.deadline, item.deadline_text = find_deadline(own_text, year)
        item.lead_units, item.co_units = units.find(own_text)
