"""The 督办台账 workbook: one row per task as the office prints it (A3, landscape), a summary per
lead unit and a sheet of the quantified targets.

`ledger_rows` reads what the status engine wrote (status and its reason, 未报送, progress) and
the latest report, targets and 批示 of each task, in a fixed number of queries; `ledger_workbook`
lays the rows out with openpyxl. Nothing here computes a task's status.
"""

import datetime as dt
import math
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from io import BytesIO
from weakref import WeakKeyDictionary

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.rollups import STATUS_ORDER, rank_by_completion
from tasks.models import Cooperation, LeaderComment, ProgressReport, ReportingPeriod, ReportStatus
from workplans.models import Comparator, Plan, Target, Task, TaskStatus, TaskUnit
from workplans.status import completion_rate, target_met

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LEDGER_HEADERS = [
    "序号",
    "工作板块",
    "重点任务",
    "量化指标",
    "牵头单位",
    "配合单位",
    "完成时限",
    "工作进展",
    "完成进度",
    "状态",
    "状态说明",
    "存在问题",
    "下步计划",
]
COMMENT_HEADER = "领导批示"
LEDGER_WIDTHS = [7, 14, 34, 30, 14, 16, 13, 46, 9, 11, 26, 28, 28]
COMMENT_WIDTH = 28
UNIT_HEADERS = [
    "牵头单位",
    "牵头任务数",
    "已完成",
    "正常推进",
    "滞后",
    "逾期",
    "未启动",
    "未报送",
    "完成率",
    "排名",
]
UNIT_WIDTHS = [22, 11, 9, 10, 8, 8, 8, 8, 10, 8]
TARGET_HEADERS = ["任务", "指标", "目标值", "当前值", "是否达标", "牵头单位"]
TARGET_WIDTHS = [40, 30, 14, 14, 10, 20]

# Fills a clerk would use: red 逾期, yellow 滞后, green 已完成, light blue 正常推进, grey 未启动;
# orange marks a task whose lead unit did not report last period, whatever its status.
STATUS_FILLS = {
    TaskStatus.OVERDUE: "FFC7CE",
    TaskStatus.BEHIND: "FFEB9C",
    TaskStatus.DONE: "C6EFCE",
    TaskStatus.ON_TRACK: "DDEBF7",
    TaskStatus.NOT_STARTED: "D9D9D9",
}
UNREPORTED_FILL = "F4B183"
UNREPORTED_TEXT = "未报送"
HEADER_FILL = "D9E1F2"
SECTION_FILL = "EDEDED"

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
FOOTER_TEXT = "第 &P 页，共 &N 页"


@dataclass
class LedgerOptions:
    """What to export: as of a date or a period (its end date), approved reports only or also
    submitted ones, with the co-units' 配合情况 in 工作进展 or not, and optional filters by
    section, unit (lead or co) and Task.status."""

    as_of: dt.date | ReportingPeriod | None = None
    include_submitted: bool = False
    include_cooperation: bool = False
    section_id: int | None = None
    unit_id: int | None = None
    status: str | None = None

    @property
    def as_of_date(self) -> dt.date:
        if isinstance(self.as_of, ReportingPeriod):
            return self.as_of.end
        return self.as_of or timezone.localdate()

    @property
    def filtered(self) -> bool:
        return any(v is not None for v in (self.section_id, self.unit_id, self.status))


@dataclass
class TargetLine:
    indicator: str
    comparator: str | None
    value: Decimal
    unit: str
    is_stretch: bool
    actual: Decimal | None

    @property
    def goal(self) -> str:
        """≥43%, ≤17/10万; 力争 marked."""
        sign = Comparator(self.comparator).sign if self.comparator else ""
        return f"{'力争' if self.is_stretch else ''}{sign}{number(self.value)}{self.unit}"

    @property
    def current(self) -> str:
        return "未填报" if self.actual is None else f"{number(self.actual)}{self.unit}"

    @property
    def met(self) -> str:
        met = target_met(self.comparator, self.value, self.actual)
        return "未填报" if met is None else ("是" if met else "否")

    @property
    def line(self) -> str:
        return f"{self.indicator} {self.goal}（当前 {self.current}）"


@dataclass
class LedgerRow:
    task_id: int
    number: str
    section: str
    title: str
    is_subtask: bool
    targets: list[TargetLine]
    lead_units: list[tuple[int, str, int]]  # (id, name, sort order)
    co_units: list[str]
    deadline: str
    progress: int
    status: str
    unreported: bool
    narrative: str = ""
    problems: str = ""
    next_steps: str = ""
    comment: str = ""
    status_reason: str = ""  # the engine's reason for the status (Task.status_reason_text)

    @property
    def status_text(self) -> str:
        label = TaskStatus(self.status).label
        return f"{label}（{UNREPORTED_TEXT}）" if self.unreported else label


@dataclass
class LedgerSection:
    title: str
    rows: list[LedgerRow] = field(default_factory=list)


@dataclass
class UnitSummaryRow:
    unit: str
    total: int
    counts: dict[str, int]
    unreported: int
    rank: int | None = None

    @property
    def rate(self) -> float:
        return completion_rate(self.counts[TaskStatus.DONE], self.total)


@dataclass
class Ledger:
    plan: Plan
    bureau: str
    as_of: dt.date
    options: LedgerOptions
    staff_only: bool
    sections: list[LedgerSection]
    # Staff see tasks their units co-lead too; the unit summary still counts only their units.
    own_unit_ids: frozenset[int] | None = None

    @property
    def rows(self) -> list[LedgerRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def has_comments(self) -> bool:
        return any(row.comment for row in self.rows)

    @property
    def empty_reason(self) -> str:
        if self.options.filtered:
            return "按所选条件没有任务"
        if self.staff_only:
            return "本单位在这份工作要点中没有牵头或配合的任务"
        return "这份工作要点还没有任务"

    def unit_summary(self) -> tuple[list[UnitSummaryRow], UnitSummaryRow]:
        """Per lead unit, top-level tasks only (as the plan's roll-ups count them), ranked by
        完成率 with ties sharing a rank (1, 1, 3); and the 合计 row."""
        by_unit: dict[int, tuple[int, str, list[LedgerRow]]] = {}
        own = self.own_unit_ids
        top = [
            row
            for row in self.rows
            if not row.is_subtask and (own is None or any(u[0] in own for u in row.lead_units))
        ]
        for row in top:
            for unit_id, name, order in row.lead_units:
                if own is None or unit_id in own:
                    by_unit.setdefault(unit_id, (order, name, []))[2].append(row)

        def summarise(name: str, rows: list[LedgerRow]) -> UnitSummaryRow:
            counts = dict.fromkeys(TaskStatus.values, 0)
            for row in rows:
                counts[row.status] += 1
            return UnitSummaryRow(name, len(rows), counts, sum(1 for r in rows if r.unreported))

        units = [(order, summarise(name, rows)) for order, name, rows in by_unit.values()]
        summary = []
        for rank, (_, unit) in rank_by_completion(
            units,
            done=lambda item: item[1].counts[TaskStatus.DONE],
            total=lambda item: item[1].total,
            order=lambda item: (item[0], item[1].unit),
        ):
            unit.rank = rank
            summary.append(unit)
        return summary, summarise("合计", top)

    def target_rows(self) -> list[tuple[LedgerRow, TargetLine]]:
        return [(row, target) for row in self.rows for target in row.targets]


def number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def ledger_rows(*, plan: Plan, user, options: LedgerOptions) -> Ledger:
    """The ledger's rows for what `user` may see of `plan`, in a fixed number of queries: the
    tasks (with section and parent), their units, their targets, the latest report per task up
    to the as-of date and the latest 批示 per task, whatever the number of tasks; one more for
    the co-units' 配合情况 when the options ask for them."""
    as_of = options.as_of_date
    tasks = Task.objects.visible_to(user).filter(plan=plan)
    if options.section_id is not None:
        tasks = tasks.filter(section_id=options.section_id)
    if options.unit_id is not None:
        tasks = tasks.assigned_to_units([options.unit_id])
    if options.status:
        tasks = tasks.filter(status=options.status)
    scope = tasks.values("pk")
    loaded = list(tasks.select_related("section", "parent").order_by("order"))
    # Units and targets as plain rows grouped here (one query each, as prefetch_related would
    # run): prefetching makes a queryset per task, most of the rows' time on a big plan.
    units_of: dict[int, list[tuple[str, int, str, int]]] = {}
    for task_id, role, unit_id, name, sort_order in (
        TaskUnit.objects.filter(task__in=scope)
        .order_by("task_id", "role", "unit__sort_order", "unit__name")
        .values_list("task_id", "role", "unit_id", "unit__name", "unit__sort_order")
    ):
        units_of.setdefault(task_id, []).append((role, unit_id, name, sort_order))
    # Explicit ordering: Target's default ("task", …) would join the tasks again.
    targets_of: dict[int, list[TargetLine]] = {}
    for task_id, *target in (
        Target.objects.filter(task__in=scope)
        .order_by("task_id", "order", "pk")
        .values_list(
            "task_id", "indicator", "comparator", "value", "unit", "is_stretch", "latest_actual"
        )
    ):
        targets_of.setdefault(task_id, []).append(TargetLine(*target))

    # The latest report per task whose period had started by the as-of date: ordered by the
    # period's start, the last one read wins.
    sent = [ReportStatus.APPROVED]
    if options.include_submitted:
        sent.append(ReportStatus.SUBMITTED)
    reports: dict[int, tuple] = {}
    for task_id, *rest in (
        ProgressReport.objects.filter(task__in=scope, status__in=sent, period__start__lte=as_of)
        .order_by("task_id", "period__start")
        .values_list("task_id", "narrative", "problems", "next_steps", "status", "period_id")
    ):
        reports[task_id] = tuple(rest)

    # 配合情况 (options.include_cooperation): the co-units' parts for the period of the report
    # shown, or for the latest period started by the as-of date when no report is shown;
    # {task id: {period id: ["【配合单位 单位】……", …]}}, periods in start order.
    cooperations: dict[int, dict[int, list[str]]] = {}
    if options.include_cooperation:
        for task_id, period_id, unit, text in (
            Cooperation.objects.filter(task__in=scope, period__start__lte=as_of)
            .order_by("task_id", "period__start", "unit__sort_order", "unit__name")
            .values_list("task_id", "period_id", "unit__name", "text")
        ):
            parts = cooperations.setdefault(task_id, {}).setdefault(period_id, [])
            parts.append(f"【配合单位 {unit}】{text}")

    # The latest 批示 per task made by the end of the as-of day (Asia/Shanghai).
    day_end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    comments: dict[int, str] = {}
    for task_id, text, created, full_name, username in (
        LeaderComment.objects.filter(task__in=scope, created_at__lt=day_end)
        .order_by("task_id", "created_at", "pk")
        .values_list("task_id", "text", "created_at", "author__full_name", "author__username")
    ):
        when = timezone.localtime(created)
        comments[task_id] = f"{full_name or username}（{when.month}月{when.day}日）：{text}"

    # Sub-items follow their task; a sub-item whose task is filtered out keeps its own place.
    position = {task.pk: task.order for task in loaded}

    def place(task: Task) -> tuple[int, int, int, int]:
        if task.parent_id in position:
            return (task.section.order, position[task.parent_id], 1, task.order)
        return (task.section.order, task.order, 0, 0)

    sections: dict[int, LedgerSection] = {}
    leads_of: dict[int, list] = {}
    for task in sorted(loaded, key=place):
        assignments = units_of.get(task.pk, [])
        leads = [
            (unit_id, name, order)
            for role, unit_id, name, order in assignments
            if role == TaskUnit.Role.LEAD
        ]
        # A sub-item without units of its own is its task's: show the task's lead units.
        leads = leads or leads_of.get(task.parent_id, [])
        leads_of[task.pk] = leads
        narrative, problems, next_steps, report_status, period_id = reports.get(
            task.pk, ("", "", "", "", None)
        )
        if report_status == ReportStatus.SUBMITTED and narrative:
            narrative = f"（已报送，待审核）{narrative}"
        if task.pk in cooperations:
            by_period = cooperations[task.pk]
            parts = by_period.get(period_id, []) if period_id else list(by_period.values())[-1]
            narrative = "\n".join([narrative, *parts] if narrative else parts)
        deadline = date_text(task.deadline) if task.deadline else task.deadline_text or "—"
        row = LedgerRow(
            task_id=task.pk,
            number=task.display_number,
            section=task.section.title,
            title=task.title,
            is_subtask=task.parent_id is not None,
            targets=targets_of.get(task.pk, []),
            lead_units=leads,
            co_units=[name for role, _, name, _ in assignments if role == TaskUnit.Role.CO],
            deadline=deadline,
            progress=task.progress,
            status=task.status,
            status_reason=task.status_reason_text,
            unreported=task.unreported,
            narrative=narrative,
            problems=problems,
            next_steps=next_steps,
            comment=comments.get(task.pk, ""),
        )
        section = task.section
        sections.setdefault(
            section.pk, LedgerSection(f"{section.number}、{section.title}")
        ).rows.append(row)
    return Ledger(
        plan=plan,
        bureau=plan.bureau.name,
        as_of=as_of,
        options=options,
        staff_only=user.is_unit_staff,
        sections=list(sections.values()),
        own_unit_ids=user.unit_ids if user.is_unit_staff else None,
    )


# Layout ------------------------------------------------------------------------------------

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
BODY = Font(name=BODY_FONT, size=10.5)
HEADING = Font(name=HEADING_FONT, size=11)
TITLE = Font(name=HEADING_FONT, size=16)
SUBTITLE = Font(name=BODY_FONT, size=11)
LINE_HEIGHT = 14.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit


@cache
def fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


class CellStyles:
    """A workbook's cell formats, each made once through openpyxl and then shared. Setting a
    Font, Border, Alignment or fill on a cell hashes the whole object to find it in the workbook's
    list, every time: most of the layout's time on a big plan. Here a change (say font=BODY) made
    to a cell of a given format is made through openpyxl the first time, and its result (the cell's
    style array, indices into the workbook's lists) copied onto every later cell with the same
    format and change. The cells, the workbook's lists and so the file are the same."""

    def __init__(self) -> None:
        self._after: dict[tuple, StyleArray] = {}
        self._keep: list = []

    def set(self, cell, **changes) -> None:
        """Set font, border, alignment, fill or number_format (in that order of the keywords);
        style objects are recognised by identity, so pass shared ones (BODY, fill(rgb), …)."""
        key = (
            None if cell._style is None else tuple(cell._style),
            *(
                (name, value if isinstance(value, str) else id(value))
                for name, value in changes.items()
            ),
        )
        found = self._after.get(key)
        if found is None:
            for name, value in changes.items():
                setattr(cell, name, value)
            # Keep the objects alive with the key: their ids must not be reused meanwhile.
            self._after[key] = found = copy(cell._style)
            self._keep.extend(changes.values())
        else:
            cell._style = copy(found)


_styles: WeakKeyDictionary[Workbook, CellStyles] = WeakKeyDictionary()


def styles_of(ws: Worksheet) -> CellStyles:
    """The shared formats of the worksheet's workbook (style indices belong to one workbook)."""
    workbook = ws.parent
    if workbook not in _styles:
        _styles[workbook] = CellStyles()
    return _styles[workbook]


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs: a CJK character is about two width units, ASCII one."""
    per_line = max(width - 1.5, 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        # Every character one unit, a non-ASCII one another (counted in C: big plans).
        units = 2 * len(paragraph) - len(paragraph.encode("ascii", "ignore"))
        lines += max(1, math.ceil(units / per_line))
    return lines


def fit_height(ws: Worksheet, row: int, values: list, widths: list[float]) -> None:
    lines = max(
        (text_lines(v, w) for v, w in zip(values, widths, strict=False) if isinstance(v, str)),
        default=1,
    )
    ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, max(20.0, lines * LINE_HEIGHT + 6))


def heading_rows(ws: Worksheet, *, title: str, subtitle: str, headers: list[str], widths) -> None:
    """Title (row 1) and subtitle (row 2) merged across, the header row (3) frozen under them and
    repeated on every printed page; A3 landscape, one page wide, page numbers in the footer."""
    last = get_column_letter(len(headers))
    for row, text, font, height in ((1, title, TITLE, 36), (2, subtitle, SUBTITLE, 22)):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = CENTRE if row == 1 else Alignment(vertical="center")
        ws.row_dimensions[row].height = height
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=3, column=column, value=header)
        cell.font = HEADING
        cell.alignment = CENTRE
        cell.fill = fill(HEADER_FILL)
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[3].height = 28
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = FOOTER_TEXT
    ws.oddFooter.center.font = BODY_FONT


def merged_row(ws: Worksheet, row: int, columns: int, text: str, *, font, fill_rgb=None) -> None:
    styles = styles_of(ws)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = ws.cell(row=row, column=1, value=text)
    if fill_rgb:
        styles.set(cell, font=font, alignment=WRAP, fill=fill(fill_rgb))
    else:
        styles.set(cell, font=font, alignment=WRAP)
    for column in range(1, columns + 1):
        styles.set(ws.cell(row=row, column=column), border=BORDER)
    ws.row_dimensions[row].height = 24


def body_row(ws: Worksheet, row: int, values: list, widths: list[float]) -> None:
    styles = styles_of(ws)
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        alignment = WRAP if isinstance(value, str) and len(value) > 8 else CENTRE
        styles.set(cell, font=BODY, border=BORDER, alignment=alignment)
    fit_height(ws, row, values, widths)


def scope_text(ledger: Ledger) -> str:
    parts = [f"单位：{ledger.bureau}", f"截至：{date_text(ledger.as_of)}"]
    parts.append("进展：含已报送待审核" if ledger.options.include_submitted else "进展：已审核通过")
    if ledger.options.include_cooperation:
        parts.append("进展含配合单位情况")
    if ledger.staff_only:
        parts.append("仅含本单位牵头或配合的任务")
    if ledger.options.filtered:
        parts.append("已按条件筛选")
    return "　　".join(parts)


def write_ledger_sheet(ws: Worksheet, ledger: Ledger) -> None:
    headers, widths = list(LEDGER_HEADERS), list(LEDGER_WIDTHS)
    has_comments = ledger.has_comments  # once: it reads every row
    if has_comments:
        headers.append(COMMENT_HEADER)
        widths.append(COMMENT_WIDTH)
    as_of = ledger.as_of
    heading_rows(
        ws,
        title=f"{ledger.plan.title}落实情况台账（截至{date_text(as_of)}）",
        subtitle=scope_text(ledger),
        headers=headers,
        widths=widths,
    )
    styles = styles_of(ws)
    status_column = headers.index("状态") + 1
    progress_column = headers.index("完成进度") + 1
    row_no = 4
    if not ledger.sections:
        merged_row(ws, row_no, len(headers), ledger.empty_reason, font=BODY)
        return
    for section in ledger.sections:
        merged_row(ws, row_no, len(headers), section.title, font=HEADING, fill_rgb=SECTION_FILL)
        row_no += 1
        for row in section.rows:
            values = [
                row.number,
                row.section,
                f"　{row.title}" if row.is_subtask else row.title,
                "\n".join(t.line for t in row.targets),
                "、".join(name for _, name, _ in row.lead_units),
                "、".join(row.co_units),
                row.deadline,
                row.narrative,
                row.progress / 100,
                row.status_text,
                row.status_reason,
                row.problems,
                row.next_steps,
            ]
            if has_comments:
                values.append(row.comment)
            body_row(ws, row_no, values, widths)
            styles.set(ws.cell(row=row_no, column=progress_column), number_format="0%")
            status = ws.cell(row=row_no, column=status_column)
            rgb = UNREPORTED_FILL if row.unreported else STATUS_FILLS[row.status]
            styles.set(status, fill=fill(rgb), alignment=CENTRE)
            row_no += 1


def write_unit_sheet(ws: Worksheet, ledger: Ledger) -> None:
    heading_rows(
        ws,
        title=f"{ledger.plan.title}牵头单位完成情况汇总（截至{date_text(ledger.as_of)}）",
        subtitle=scope_text(ledger),
        headers=UNIT_HEADERS,
        widths=UNIT_WIDTHS,
    )
    units, total = ledger.unit_summary()
    if not units:
        merged_row(ws, 4, len(UNIT_HEADERS), ledger.empty_reason, font=BODY)
        return
    rate_column = UNIT_HEADERS.index("完成率") + 1
    for row_no, unit in enumerate([*units, total], start=4):
        values = [
            unit.unit,
            unit.total,
            *(unit.counts[s] for s in STATUS_ORDER),
            unit.unreported,
            unit.rate,
            unit.rank,
        ]
        body_row(ws, row_no, values, UNIT_WIDTHS)
        styles_of(ws).set(ws.cell(row=row_no, column=rate_column), number_format="0.0%")
        if unit is total:
            for column in range(1, len(UNIT_HEADERS) + 1):
                ws.cell(row=row_no, column=column).font = HEADING


def write_target_sheet(ws: Worksheet, ledger: Ledger) -> None:
    heading_rows(
        ws,
        title=f"{ledger.plan.title}量化指标完成情况（截至{date_text(ledger.as_of)}）",
        subtitle=scope_text(ledger),
        headers=TARGET_HEADERS,
        widths=TARGET_WIDTHS,
    )
    rows = ledger.target_rows()
    if not rows:
        reason = ledger.empty_reason if not ledger.sections else "所列任务没有量化指标"
        merged_row(ws, 4, len(TARGET_HEADERS), reason, font=BODY)
        return
    for row_no, (row, target) in enumerate(rows, start=4):
        values = [
            f"{row.number} {row.title}",
            target.indicator,
            target.goal,
            target.current,
            target.met,
            "、".join(name for _, name, _ in row.lead_units),
        ]
        body_row(ws, row_no, values, TARGET_WIDTHS)


def ledger_workbook(
    *, plan: Plan, user, options: LedgerOptions, on_progress: Callable[[int], None] | None = None
) -> bytes:
    """The 督办台账 as .xlsx bytes: sheets 台账, 单位汇总 and 指标. `on_progress` hears the
    percent done after each step (an export job shows it as a progress bar)."""
    report = on_progress or (lambda percent: None)
    ledger = ledger_rows(plan=plan, user=user, options=options)
    report(30)
    # A normal (not write-only) workbook: the 台账 needs merged rows, frozen panes, print titles.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    write_ledger_sheet(sheet, ledger)
    report(60)
    write_unit_sheet(workbook.create_sheet("单位汇总"), ledger)
    write_target_sheet(workbook.create_sheet("指标"), ledger)
    report(80)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_filename(plan: Plan, options: LedgerOptions) -> str:
    # Slashes in a title would read as folders in some browsers' save dialogs.
    title = plan.title.replace("/", "-").replace("\\", "-")
    return f"{title}-督办台账-{options.as_of_date:%Y%m%d}.xlsx"
