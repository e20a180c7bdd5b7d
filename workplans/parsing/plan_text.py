"""Free text of a 工作要点 → PlanOutline. No database: callers pass the bureau's unit names."""

import re
from dataclasses import dataclass

from workplans.parsing.deadlines import find_deadline, is_ongoing
from workplans.parsing.errors import PlanImportError
from workplans.parsing.metadata import (
    DATE_LINE,
    NOTICE_TITLE,
    clean_title,
    is_chrome,
    is_page_furniture,
    is_plan_title,
    is_summary_title,
    plan_title_in,
    read_metadata,
    signature_parts,
)
from workplans.parsing.outline import (
    MIXED,
    PLAN,
    SUMMARY,
    PlanOutline,
    SectionOutline,
    TaskOutline,
    line_number,
)
from workplans.parsing.structure import (
    Line,
    inline_items,
    inline_title,
    item_marker,
    lead_title,
    section_heading,
    split_lines,
)
from workplans.parsing.targets import find_figures, find_targets
from workplans.parsing.units import UnitMatcher, trailing_assignment

YEAR = re.compile(r"(20\d\d)\s*年")
YEAR_SPAN = re.compile(r"(20\d\d)\s*(?:年)?\s*[—–\-~～至到]\s*(20\d\d)\s*年")
TITLE_LINES = 5  # lines at the top where a document's own title may be
NOTICE_LOOKAHEAD = 12  # lines at the top where an issuing notice's title may be
NOTICE_LINE = re.compile(r"(?:印发|转发|下发|关于).{0,40}(?:的通知|通知)$")
ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*(?P<rest>.*)$")
ATTACHMENT_FILE = re.compile(r"\.(?:docx?|wps|pdf|xlsx?|et|ofd|zip|rar)\s*$", re.IGNORECASE)
SHORTEST_PLAN_PARAGRAPH = 80  # characters, when no figure to reach is named
ATTACHMENT_LIST = 4  # lines: a list of attachments' names, then the notice's signature
LONGEST_NOTICE = 3000  # characters: a notice's own paragraphs; a plan runs longer
# Words a plan's sentences commit with; a compilation or a bulletin reports instead.
PLAN_WORDS = re.compile(r"推进|加强|完善|落实|开展|提升|提高|建成|建立|健全|实现|达到|力争|确保")
NOT_A_PLAN = re.compile(r"汇编|经验交流|经验材料|政务信息|简报|典型案例|工作动态|信息专报|解读")
# A background section of a longer plan: what was achieved, not what is to be done.
BACKGROUND_TITLE = re.compile(
    r"^(?:[“\"]?[十][一二三四五六]五[”\"]?时期|过去[一二三四五六七八九十]年|\d{4}年度?|近年来|"
    r"上半年|下半年|全年|今年|本年度)?的?"
    r"(?:发展背景|发展基础|发展现状|发展成就|现状|基本情况|总体情况|工作回顾|回顾|主要成效|主要成绩|主要成就|"
    r"取得的(?:成效|成绩|成就)|(?:主要)?(?:工作)?(?:做法|成效)|"
    r"(?:主要)?(?:工作)?(?:完成|开展|进展|落实)情况|工作情况|(?:工作)?总结)"
)
# A summary's closing parts, once its results were reported: problems and what comes next.
PLAN_PART = re.compile(
    r"^(?:(?:20\d\d年度?|明年|下一步|下步|今后)的?(?:主要)?(?:工作|重点工作)?|(?:主要)?(?:工作|重点工作))"
    r"(?:计划|要点|安排|思路|打算|重点|任务)"
)
PLAN_PART_LONGEST = 20  # characters: a part's heading, not a sentence that starts alike
CLOSING_TITLE = re.compile(r"^(?:存在的?(?:主要)?(?:问题|不足)|问题和不足|困难和问题|下一步|下步)")
# A news report of a meeting or an event, pasted by mistake: none of it is a plan.
NEWS_CUES = (
    re.compile(r"\d{1,2}月\d{1,2}日[，,]?[^。\n]{0,40}?(?:召开|举行|举办|调研|督导|视察)"),
    re.compile(
        r"(?:会议|會議)(?:指出|强调|強調|要求|听取|聽取|通报|通報|认为|認為|提出)"
        r"|(?:讲话|講話)中(?:强调|強調|指出)|(?:出席|主持)(?:会议|會議)"
    ),
    re.compile(
        r"[（(](?:记者|記者|通讯员|通訊員|作者)|(?:记者|記者)\s*[\u4e00-\u9fa5]{2,3}\s*(?:报道|報道|摄|攝)"
    ),
    re.compile(r"相关新闻|责任编辑|编辑[:：]|来源[:：].{0,20}(?:日报|新闻|融媒|网)"),
    re.compile(
        r"本报讯|新华社|(?:网|社|报|台)\s*\d{4}-\d{1,2}-\d{1,2}\s*[号日]?\s*(?:报道|电)|报道[:：，,]"
    ),
)
# Where a page came from: fine around a plan with structure, but a paragraph of prose under it
# is a news item, not a plan pasted alone.
WEB_SOURCE = re.compile(r"来源[:：]|发表时间|发布时间|版权所有|责任编辑")
NEWS_CUE_COUNT = 2
# A news dateline (新华社北京1月13日电, 人民政協網北京1月24日電) is a news item by itself.
DATELINE = re.compile(r"[\u4e00-\u9fa5]{2,8}\d{1,2}月\d{1,2}日(?:电|電)")
NEWS_SCAN_CHARS = 3000
CHAPTER = re.compile(
    r"^[ \t\u3000]*第[一二三四五六七八九十]+[章篇]\s*(?P<title>\S.*)$", re.MULTILINE
)
# What frames a plan rather than assigns work: 总体要求 with its 指导思想 and 基本原则 (simplified
# and traditional forms); its 工作目标 stays, as the task holding the plan's goals.
PREAMBLE_TITLE = re.compile(
    r"^(?:总体要求|總體要求|指导思想|指導思想|基本原则|基本原則|总体思路|總體思路|工作原则|工作原則|"
    r"指导思想和基本原则|指導思想和基本原則)$"
)
GOALS_TITLE = re.compile(r"^(?:工作|主要|总体|總體|行动|行動|发展|發展)?目标|目標")
FIRST_LISTED_LEADS = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位)(?:者|的)?(?:为|是)牵头")
# Naming responsibility in so many words: a task saying this should have a unit read from it.
NAMED_RESPONSIBILITY = re.compile(
    r"(?:牵头|责任|主责)(?:单位|部门|科室|处室)\s*[:：]|由[^，。；]{2,20}牵头"
)
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
    """Parse a whole document. Raises PlanImportError only when nothing in it is plan-like; a
    notice without its plan, or a summary, comes back with no plan tasks and a warning."""
    units = units or UnitMatcher()
    lines = split_lines(text)
    titled = next((line.text for line in lines[:TITLE_LINES] if NOT_A_PLAN.search(line.text)), None)
    if titled and len(titled) <= 60 and not is_plan_title(titled):
        raise PlanImportError(
            f"这份文件是“{titled[:30]}”，看起来是经验交流材料、政务信息或简报的汇编，"
            "不是工作要点，没有导入。请上传工作要点正文或任务分工表。"
        )
    _refuse_news(text, lines)
    _refuse_interpretation(lines)
    layout = find_layout(lines)
    if layout.body_start is None and layout.summary_start is None and not layout.notice_only:
        raise PlanImportError(
            "未识别到工作要点的结构：没有找到“一、”这样的板块标题，也没有“（一）”“1.”这样的编号任务。"
            "请确认上传的是工作要点正文。"
        )
    first_body = min(
        i for i in (layout.body_start, layout.summary_start, len(lines)) if i is not None
    )
    head = [line for line in lines[:first_body] if line is not layout.title_line]
    body_start = layout.body_start if layout.body_start is not None else len(lines)
    meta = read_metadata(lines[:first_body] + _tail_lines(lines, body_start))
    if layout.title_line:
        title = clean_title(layout.title_line.text)
    else:  # no title line of its own: the 《…》 of the notice, else the file's name
        notice = next((found for line in head if (found := plan_title_in(line.text))), None)
        title = notice or fallback_title or "未命名工作要点"
    plan_year = (
        year
        or _plan_year(title)
        or _year_of(" ".join(x.text for x in head[:5]))
        or _issued_year(meta)  # no year in the title: the year it was issued
    )
    outline = PlanOutline(
        title=title,
        year=plan_year,
        issuer=meta["issuer"],
        doc_number=meta["doc_number"],
        issued_date=meta["issued_date"],
        summary_found=layout.summary_start is not None,
        source_text=text,
    )
    if layout.body_start is not None:
        body = _body_lines(lines, layout.body_start)
        outline.sections = _without_empty_parts(_sections(text, body))
        if layout.one_paragraph:
            outline.warn(
                line_number(text, body[0].start),
                "没有找到“一、”板块和“（一）”“1.”编号：整段作为一项任务，请核对是否需要拆分。",
            )
        elif outline.sections and not any(s.span for s in outline.sections):
            outline.warn(
                line_number(text, body[0].start),
                "没有找到“一、”这样的板块标题：所有任务归入“工作任务”一个板块。",
            )
    if layout.summary_start is not None:
        end = layout.summary_end if layout.summary_end is not None else len(lines)
        outline.summary = _sections(text, _body_lines(lines[:end], layout.summary_start))
        outline.warn(
            line_number(text, lines[layout.summary_start].start),
            "这一部分是工作总结：其中的数字作为已取得的成绩，不作为目标，也不导入为任务。",
        )
    _set_apart_backgrounds(outline)
    _drop_preamble(outline)
    if layout.notice_only:
        named = f"《{layout.notice_title}》" if layout.notice_title else "工作要点"
        outline.warn(
            0,
            f"这是印发{named}的通知，但粘贴的文字中没有{named}的正文（它在附件中）："
            "没有生成任务。请上传或粘贴附件本身。",
        )
    elif not any(section.tasks for section in outline.sections) and not outline.summary:
        raise PlanImportError(
            "未识别到工作要点的结构：只找到一个板块且没有任务。请确认上传的是工作要点正文。"
        )
    first_listed_leads = bool(FIRST_LISTED_LEADS.search(text))
    span = YEAR_SPAN.search(title)
    until = int(span.group(2)) if span else None  # a multi-year plan's last year
    for part, results_only in ((outline.sections, False), (outline.summary, True)):
        for section in part:
            for task in section.tasks:
                _annotate(
                    task,
                    text,
                    plan_year,
                    units,
                    depth=1,
                    results_only=results_only,
                    until=until,
                    first_listed_leads=first_listed_leads,
                )
    for task in outline.iter_tasks():
        _deadline_from_items(task)
    outline.kind = (
        MIXED if outline.summary and outline.sections else SUMMARY if outline.summary else PLAN
    )
    _warn_unassigned(outline, text)
    outline.unknown_units = list(units.unknown)
    return outline


def _plan_year(title: str) -> int | None:
    """The plan's year from its title: a multi-year plan's first (（2024—2026年）); in
    2023年工作总结及2024年工作计划, the plan's (the last)."""
    span = YEAR_SPAN.search(title or "")
    if span:
        return int(span.group(1))
    if is_summary_title(title):
        years = YEAR.findall(title)
        return int(years[-1]) if years else None
    return _year_of(title)


def _refuse_news(text: str, lines: list[Line]) -> None:
    """A news report (a meeting held, what it stressed, the reporter) is not a plan, even when
    it lists 一是…二是…; a plan's own title line would say otherwise."""
    head = text[:NEWS_SCAN_CHARS]
    cues = sum(1 for cue in NEWS_CUES if cue.search(head))
    cues += NEWS_CUE_COUNT if DATELINE.search(head) else 0
    if cues >= NEWS_CUE_COUNT and not any(is_plan_title(line.text) for line in lines[:10]):
        raise PlanImportError(
            "这份文字看起来是新闻报道或会议消息（会议召开、会议强调、记者署名），不是工作要点，"
            "没有导入。请上传工作要点正文或任务分工表。"
        )


def _issued_year(meta: dict) -> int | None:
    if meta["issued_date"]:
        return meta["issued_date"].year
    number = re.search(r"[〔\[［【(（](20\d\d)[〕\]］】)）]", meta["doc_number"] or "")
    return int(number.group(1)) if number else None


def _refuse_interpretation(lines: list[Line]) -> None:
    """An article explaining policies (一、老年健康政策解读) is not a plan to carry out."""
    headings = [h for line in lines[:60] if (h := section_heading(line))][:2]
    if any(title.endswith("解读") for _, title, _ in headings):
        raise PlanImportError(
            "这份文字看起来是政策解读文章，不是工作要点，没有导入。请上传工作要点正文或任务分工表。"
        )


def _year_of(text: str) -> int | None:
    match = YEAR.search(text or "")
    return int(match.group(1)) if match else None


@dataclass
class Layout:
    """Where the parts of a document are, as indexes into its lines."""

    body_start: int | None = None  # the plan's first section or item
    title_line: Line | None = None
    summary_start: int | None = None  # a year-end summary (or a background) before the plan
    summary_end: int | None = None
    one_paragraph: bool = False  # no structure at all: the body is one task
    notice_only: bool = False  # a 通知 whose plan (its attachment) is not in the text
    notice_title: str | None = None


def find_layout(lines: list[Line]) -> Layout:
    """Find the plan in its wrapper: after an issuing notice, after a year-end summary, under
    its title; or find that the text is a summary, or a notice without its plan."""
    start = 0
    notice = _notice(lines)
    if notice is not None:
        notice_at, quoted = notice
        plan_at = _plan_after_notice(lines, notice_at, quoted)
        if plan_at is None:
            return Layout(notice_only=True, notice_title=quoted)
        start = plan_at
    layout = _find_plan(lines, start)
    layout.notice_title = notice[1] if notice else None
    return layout


def _notice(lines: list[Line]) -> tuple[int, str | None] | None:
    """(line, the plan's title it names) of an issuing notice at the top: 关于印发《…》的通知."""
    for index, line in enumerate(lines[:NOTICE_LOOKAHEAD]):
        if NOTICE_LINE.search(line.text.rstrip(" |｜")) and len(line.text) <= 80:
            quoted = NOTICE_TITLE.search(line.text)
            return index, quoted.group(1).strip() if quoted else None
    return None


def _plan_after_notice(lines: list[Line], notice_at: int, quoted: str | None) -> int | None:
    """Where the plan starts after its notice: its title again, or what follows an 附件 line;
    None when the text holds only the notice (its own 一、二、 are about carrying the plan out)."""
    wanted = _compact(quoted) if quoted else None
    for index in range(notice_at + 1, len(lines)):
        text = lines[index].text
        if wanted and _compact(clean_title(text)) == wanted:
            return index
        if ATTACHMENT_LINE.match(text) and not _lists_attachments(lines, index):
            following = index + 1
            if following < len(lines) and not is_chrome(lines[following].text):
                return following
    # No title and no attachment: the plan may follow the notice's few lines directly.
    signed = next(
        (i for i in range(notice_at + 1, len(lines)) if _ends_notice(lines[i].text)), None
    )
    if signed is None:
        return notice_at + 1
    if any(section_heading(line) for line in lines[signed + 1 :]):
        return signed + 1  # the notice signed, what it issued follows (its title, if any)
    between = sum(len(line.text) for line in lines[notice_at + 1 : signed])
    return notice_at + 1 if between > LONGEST_NOTICE else None


def _lists_attachments(lines: list[Line], index: int) -> bool:
    """附件：1.…  2.… above the signature names the attachments; it does not hold them."""
    if ATTACHMENT_FILE.search(lines[index].text):
        return True
    return any(_ends_notice(line.text) for line in lines[index + 1 : index + 1 + ATTACHMENT_LIST])


def _ends_notice(text: str) -> bool:
    return bool(DATE_LINE.match(text) or signature_parts(text))


def _compact(text: str) -> str:
    return re.sub(r"[\s《》“”\"]", "", text or "")


def _find_plan(lines: list[Line], start: int = 0) -> Layout:
    headings = [i for i in range(start, len(lines)) if section_heading(lines[i])]
    titles = [
        i
        for i in range(start, len(lines))
        if is_plan_title(lines[i].text) and not is_page_furniture(lines[i].text)
    ]
    summaries = [i for i in range(start, len(lines)) if is_summary_title(lines[i].text)]
    for t in reversed(titles):
        following = [h for h in headings if h > t]
        if following and following[0] - t <= PLAN_TITLE_LOOKAHEAD:
            if is_summary_title(lines[t].text):  # 2022年工作总结和2023年工作计划
                return _summary_then_plan(lines, t, following[0])
            return _with_summary(Layout(following[0], lines[t]), summaries, t)
    items = [i for i in range(start, len(lines)) if item_marker(lines[i].text)]
    title = next((lines[t] for t in titles), None)
    first_heading = headings[0] if headings else len(lines)
    plan_title_first = bool(titles) and (not summaries or titles[0] < summaries[0])
    if summaries and summaries[0] < first_heading and not plan_title_first:
        # The document is a summary; a plan inside it starts at a plan title further down.
        # A web page prints its title twice: the summary starts under the last copy.
        own = max(i for i in summaries if i < first_heading)
        for t in (t for t in titles if t > own):
            body = next((i for i in range(t + 1, len(lines)) if item_marker(lines[i].text)), None)
            if body is not None:
                return Layout(body, lines[t], own + 1, t)
        return Layout(summary_start=own + 1)
    if headings:
        title = next((lines[t] for t in titles if t < headings[0]), None)
        return _with_summary(Layout(headings[0], title), summaries, headings[0])
    if len(items) >= 2:
        title = next((lines[t] for t in titles if t < items[0]), None)
        return Layout(items[0], title)
    return _one_paragraph(lines, start, title)


def _summary_then_plan(lines: list[Line], title: int, first_heading: int) -> Layout:
    """Under a title naming both (2022年工作总结和2023年工作计划): the summary runs until the
    plan's part starts (二、2023年工作计划, 下一步工作打算); without one, it is all summary."""
    for index in range(first_heading + 1, len(lines)):
        text = lines[index].text
        heading = section_heading(lines[index])
        named = heading[1] if heading else text
        if len(named) <= PLAN_PART_LONGEST and PLAN_PART.match(named):
            body = index if heading else index + 1
            return Layout(body, lines[title], first_heading, index)
    return Layout(title_line=lines[title], summary_start=first_heading)


def _with_summary(layout: Layout, summaries: list[int], plan_at: int) -> Layout:
    before = [s for s in summaries if s < plan_at]
    if before:
        layout.summary_start, layout.summary_end = before[0] + 1, plan_at
    return layout


def _one_paragraph(lines: list[Line], start: int, title: Line | None) -> Layout:
    """A piece of a plan pasted alone (one paragraph, perhaps under one `（二）` heading): one
    task, so long as it reads like a plan (it commits to something) and not like a compilation."""
    body = [
        i
        for i in range(start, len(lines))
        if lines[i] is not title and not is_chrome(lines[i].text)
    ]
    if not body:
        return Layout()
    text = "".join(lines[i].text for i in body)
    if NOT_A_PLAN.search(text[:300]) or not PLAN_WORDS.search(text):
        return Layout()
    if any(WEB_SOURCE.search(lines[i].text) for i in range(start, min(len(lines), start + 8))):
        return Layout()  # a news page: its source and time above one paragraph
    committed = find_targets(text) or len(text) >= SHORTEST_PLAN_PARAGRAPH
    if not committed:
        return Layout()  # a sentence or two of intent is not a plan to import
    return Layout(body[0], title, one_paragraph=True)


def _tail_lines(lines: list[Line], start: int) -> list[Line]:
    """The wrapper after the body (signature, labelled chrome), for metadata."""
    body = _body_lines(lines, start)
    return lines[start + len(body) :]


def _body_lines(lines: list[Line], start: int) -> list[Line]:
    body = []
    for line in lines[start:]:
        if is_page_furniture(line.text):
            continue  # 第2页 / 共5页: a page break of the site the text was copied from
        if is_chrome(line.text):
            if body:
                break
            continue  # web-page chrome between a title and its body
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


def _without_empty_parts(sections: list[SectionOutline]) -> list[SectionOutline]:
    """A 第二部分 heading over 一、 sections holds no task itself: it is not a section."""
    return [
        section
        for position, section in enumerate(sections)
        if section.tasks or not section.number.startswith("第") or position == len(sections) - 1
    ]


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
    for task in tasks:
        for item in (task, *task.subtasks):
            _title_from_heading_line(text, item)
    return tasks


def _title_from_heading_line(text: str, item: TaskOutline) -> None:
    """An item whose first line is a heading of one sentence, its text going on below: that
    sentence is its title, commas and all (以X为重点，推进Y。)."""
    first_end = text.find("\n", item.span[0], item.span[1])
    if first_end == -1:
        return
    marker = item_marker(text[item.span[0] : first_end].strip())
    heading = marker[2] if marker else ""
    if heading and not re.search(r"[。；;！？!?]", heading.rstrip("。")):
        item.title = lead_title(heading, heading_line=True)


def _task(text: str, number: str, body: str, start: int, end: int) -> TaskOutline:
    return TaskOutline(
        number=number, title=lead_title(body), text=text[start:end], span=(start, end)
    )


def _extend(text: str, task: TaskOutline, end: int) -> None:
    task.span = (task.span[0], end)
    task.text = text[task.span[0] : end]


def _annotate(
    task: TaskOutline,
    text: str,
    year: int | None,
    units: UnitMatcher,
    depth: int,
    results_only: bool = False,
    until: int | None = None,
    first_listed_leads: bool = False,
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
            found = inline_items(item.text)[:MAX_INLINE_ITEMS]
            for position, (a, b, number) in enumerate(found, start=1):
                piece = item.text[a:b].rstrip()
                aside = trailing_assignment(piece) if position == len(found) else None
                if aside:  # （牵头处室：…） closing the last item names the whole task's units
                    piece = piece[:aside].rstrip()
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
        item.targets, item.achievements = find_figures(
            own_text, offset=start, results_only=results_only
        )
        for figure in item.targets + item.achievements:
            figure.text = text[figure.span[0] : figure.span[1]].strip()
        item.deadline, item.deadline_text = find_deadline(own_text, year, until=until)
        item.ongoing = item.deadline is None and is_ongoing(own_text)
        item.lead_units, item.co_units = units.find(own_text, first_listed_leads=first_listed_leads)


def _deadline_from_items(task: TaskOutline) -> None:
    """A task that names no date of its own ends when its last dated sub-item does."""
    dated = [sub for sub in task.subtasks if sub.deadline]
    if task.deadline is None and dated:
        last = max(dated, key=lambda sub: sub.deadline)
        task.deadline, task.deadline_text = last.deadline, last.deadline_text


def _set_apart_backgrounds(outline: PlanOutline) -> None:
    """A five-year plan's 发展背景 and a plan's 2023年工作完成情况 (what was achieved) join the
    summary part: their figures are results, not targets, and their paragraphs are not tasks.
    A section is background by its own title or by its chapter's (第一章 发展背景)."""
    chapters = [
        (match.start(), bool(BACKGROUND_TITLE.match(match.group("title"))))
        for match in CHAPTER.finditer(outline.source_text)
    ]
    keep, reported = [], False
    for section in outline.sections:
        start = section.span[0] if section.span else None
        in_chapter = start is not None and next(
            (background for at, background in reversed(chapters) if at < start), False
        )
        background = bool(BACKGROUND_TITLE.match(section.title)) or in_chapter
        if background or (reported and CLOSING_TITLE.match(section.title)):
            reported = True
            outline.summary.append(section)
            if start is not None:
                outline.warn(
                    line_number(outline.source_text, start),
                    f"“{section.title}”是回顾与成绩：其中的数字作为已取得的成绩，不作为目标。",
                )
        else:
            keep.append(section)
    outline.sections = keep


def _drop_preamble(outline: PlanOutline) -> None:
    """总体要求, 指导思想, 基本原则 frame the plan; nobody is assigned them. A 总体要求 section
    keeps only its 工作目标 item; elsewhere a 指导思想 or 基本原则 item is left out."""
    dropped: list[str] = []
    kept = []
    for section in outline.sections:
        framing = bool(PREAMBLE_TITLE.match(section.title))
        tasks = [
            task
            for task in section.tasks
            if (GOALS_TITLE.match(task.title) if framing else not PREAMBLE_TITLE.match(task.title))
        ]
        dropped += [task.title for task in section.tasks if task not in tasks]
        section.tasks = tasks
        if framing and not tasks:
            dropped.append(section.title)
            continue
        kept.append(section)
    if dropped and kept:
        outline.sections = kept
        names = "、".join(dict.fromkeys(title[:12] for title in dropped))
        outline.warn(0, f"“{names}”是总体要求，不是可以分解落实的任务，没有导入。")


def _warn_unassigned(outline: PlanOutline, text: str) -> None:
    """A task that names responsibility (牵头, 责任单位…) whose units could not be read."""
    for section in outline.sections:
        for task in section.tasks:
            if task.lead_units or task.co_units or not task.span:
                continue
            if NAMED_RESPONSIBILITY.search(task.text) and not any(
                sub.lead_units for sub in task.subtasks
            ):
                outline.warn(
                    line_number(text, task.span[0]),
                    f"“{task.title[:20]}”提到了责任单位，但无法确定牵头单位，请手工指定。",
                )
