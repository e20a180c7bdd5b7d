"""A task table (分工表: 序号 · 重点任务 · 具体措施 · 牵头单位 · 配合单位 · 完成时限) → outline.

The header row is found wherever it is (title rows, or a page's metadata printed above it, are
common). Each header cell gets a role (number, section, title, text, lead, co, deadline, leader,
ignored); an admin may re-map them (`column_roles`). Merged cells arrive repeated in every row
they cover, so a section or task cell spanning several rows groups them: a 重点任务 spanning three
具体措施 rows is one task with three sub-items. A row numbered `3.1` right under task 3 is a
sub-item of it with its own units and deadline. A section row (`一、…` alone on its row, or `一`
in the 序号 column with its title) starts a section, even with no rows under it.

People (牵头领导, 分管领导 columns) are never units; 工作评价, 进展情况, 备注 columns are read past.
A progress (督办) table's headers may open with a year or a period (`2023年重点工作任务`,
`2024年1-3月份进度安排`, `一季度完成情况`): it is read past before the header word, and a period's
progress or plan is ignored. A 主体(责任)单位 column beside a 牵头单位 one holds co-units.
What the reader was unsure of goes to `TableReading.warnings`, at a character offset.
"""

import functools
import re
from dataclasses import dataclass, field

from workplans.parsing.deadlines import find_deadline, is_ongoing
from workplans.parsing.numbers import chinese_to_int
from workplans.parsing.outline import SectionOutline, TableColumn, TaskOutline
from workplans.parsing.structure import (
    CLAUSE_END,
    Line,
    inline_items,
    item_marker,
    lead_title,
    section_heading,
)
from workplans.parsing.targets import find_targets
from workplans.parsing.units import UNIT_SUFFIX, UnitMatcher

ROLES = ("number", "section", "title", "text", "lead", "co", "deadline", "leader", "ignored")
COLUMNS = {
    "number": ("序号", "编号", "序"),
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
        "工作要点",
        "重点工作任务",
        "主要工作任务",
        "工作项目",
        "项目名称",
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
        "细化分工",
        "细化任务",
        "具体举措",
        "工作举措",
        "主要举措",
        "推进措施",
        "具体工作",
        "目标要求",
        "工作标准",
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
        "牵头责任单位",
        "主要责任单位",
        "主体责任单位",
        "责任处室",
        "牵头处室",
        "责任股室",
        "主责科室",
        "主责部门",
        "承办单位",
        "承办科室",
    ),
    "co": (
        "配合单位",
        "配合部门",
        "配合科室",
        "协办单位",
        "参与单位",
        "协同单位",
        "配合股室",
        "协同配合单位",
        "配合责任单位",
        "配合处室",
        "协办科室",
        "协同部门",
        "协助单位",
    ),
    "deadline": (
        "完成时限",
        "时间节点",
        "完成时间",
        "时限",
        "完成期限",
        "时间安排",
        "进度安排",
        "时限要求",
        "时间进度",
        "完成时限要求",
    ),
    "leader": (
        "牵头领导",
        "分管领导",
        "责任领导",
        "牵头局领导",
        "分管局领导",
        "联系领导",
        "局领导",
        "责任人",
        "负责人",
        "包保领导",
    ),
    "ignored": (
        "工作评价",
        "进展情况",
        "备注",
        "完成情况",
        "推进情况",
        "落实情况",
        "工作进展",
        "评价",
        "考核分值",
        "分值",
    ),
}
HEADER_SCAN_ROWS = 60  # a page's metadata, printed twice, can stand above the header
TASK_ROLES = ("title", "text")
JOINED_ROLES = ("text", "lead", "co", "leader")  # several such columns: their cells joined
METADATA_LABEL = re.compile(
    r"^(?:索引号|发布机构|发文机关|发文日期|成文日期|发布日期|生成日期|主题分类|公开方式|公开范围|"
    r"文号|发文字号|组配分类|体裁分类|信息分类|有效性|所属机构|信息来源|主题词|公开时限)\s*[:：]?"
)
PERSON_TITLE = re.compile(
    r"(?:副?局长|副?主任|副?书记|副?院长|副?科长|副?处长|副?组长|调研员|党组成员|总会计师|"
    r"总工程师|同志|领导)$"
)
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
UNIT_SPLIT = re.compile(r"[、，,；;/／\n\s]+")
ALL_BY_DUTY = re.compile(r"(?:按|按照|根据)(?:各自)?职责")
NO_UNIT = re.compile(r"按职责|分工落实|分工负责|各自职责|职责分工|^等$|^无$|^/$|^—+$|^-+$")
EXTRA_UNIT_SUFFIX = re.compile(r"(?:组|单位|部门|科室|股室|处室|机关|协会|学会|集团|基地|团)$")
NUMERAL_OR_DIGITS = r"(?:[01]?\d|[一二三四五六七八九十]{1,2})"
PERIOD_PREFIX = re.compile(  # 2023年, 2024年度, 10-12月份, 第四季度, 一季度, 上半年, 截至6月底
    r"(?:(?:截至|截止)(?=[\d一二三四五六七八九十]))?(?:20\d\d(?:[-—–~至]20\d\d)?年度?)?"
    r"(?:第?[一二三四1-4]季度|[上下]半年|全年|(?:本|上|下一?)个?(?:季度|月|阶段|年度?)|下一?步|"
    rf"{NUMERAL_OR_DIGITS}(?:月份?)?(?:[-—–~至到]{NUMERAL_OR_DIGITS})?月(?:份|底|末)?)?"
)
PROGRESS = re.compile(r"进展|进度|情况|计划|打算|安排|成效")
PROGRESS_END = re.compile(r"(?:情况|进展|成效)$")
NEXT_PERIOD = re.compile(r"下一?步|下阶段|下一?个?(?:季度|月)")
HEADER_NOISE = re.compile(r"[（(][^）)]{0,12}[）)]|[\s*＊:：“”\"]")
# A row with no 完成时限 whose task opens `持续推进…` / `长期坚持…`: work with no end (in prose the
# same verbs open tasks that have their deadline elsewhere; in a row, nothing else gives one).
ONGOING_OPENING = re.compile(r"^\s*(?:长期|持续|常态化)(?:推进|坚持|开展|实施)")
# A lead cell naming two units joined by 会 / 会同 (宣传处会办公室, 医政科会同财务科).
JOINT_CELL = re.compile(
    r"^(?P<lead>[^、，,；;\s]{2,20}?[处科室局委办股站所院心])会同?(?P<co>[^、，,；;\s]{2,40})$"
)
MONTH_CELL = re.compile(r"(?:(?P<y>20\d\d)\s*年\s*)?(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?")
INLINE_NUMBERED = [  # inline item markers, tried in turn: （1）, ①, 1、 (after a stop)
    re.compile(r"[（(](?P<num>\d{1,2})[）)]"),
    re.compile(r"(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮])"),
    re.compile(r"(?:^|(?<=[。；;：:！？\n]))\s*(?P<num>\d{1,2})(?:、|[.．](?!\d))"),
]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"
MAX_INLINE_ITEMS = 30


@dataclass
class TableHeader:
    row: int
    cells: list[str]
    roles: list[str]  # one per column; "ignored" for a header not recognised
    unknown: list[int] = field(default_factory=list)  # columns whose header was not recognised

    def all(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


@dataclass
class TableReading:
    """What the reader reports besides the outline: each column's reading, and warnings at a
    character offset of the source (the caller turns them into line numbers)."""

    columns: list[TableColumn] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    header_row: int = 0

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append((offset, message))


def _normal(cell: str) -> str:
    return re.sub(r"\s+", "", cell or "")


def header_name(cell: str) -> str:
    """A header cell's words: asides in brackets, stars and quotes dropped, and a leading year or
    period (`2023年`, `10-12月份`, `一季度`, `上半年`, `下一步`) as progress tables write them."""
    name = HEADER_NOISE.sub("", cell or "")
    period = PERIOD_PREFIX.match(name)
    if period and 0 < period.end() < len(name):
        return name[period.end() :].lstrip("的")
    return name


@functools.lru_cache(maxsize=8192)
def header_role(cell: str) -> str | None:
    """The role a header cell names (序号 → number, 牵头单位 → lead, …), or None. A header that
    names a period (`2023年10-12月份进展情况`, `2024年1-3月份进度安排`) and then progress or a plan
    for it is read past: only the tasks, units and deadlines are the plan's."""
    if re.search(r"[:：]\s*\S", cell or ""):
        return None  # 牵头单位：医政科 is a label and its value, not a header
    name = header_name(cell)
    role = _role_of(name)
    whole = HEADER_NOISE.sub("", cell or "")
    if name != whole and NEXT_PERIOD.match(whole):
        return "ignored"  # 下步措施, 下阶段工作安排: what will be done next
    if name != whole and role in (None, "deadline", "ignored") and PROGRESS.search(name):
        return "ignored"  # 2024年1-3月份进度安排: what will be done next quarter
    return role


def _role_of(name: str) -> str | None:
    if not name or len(name) > 12:
        return None
    for role, words in COLUMNS.items():
        if name in words:
            return role
    if PROGRESS_END.search(name):
        return "ignored"  # 任务完成情况, 工作任务推进情况: how the task went, not the task
    if len(name) <= 8:
        for role, words in COLUMNS.items():
            if any(name.startswith(w) for w in words if len(w) >= 2):
                return role
        return _role_by_keyword(name)
    return None


def _role_by_keyword(name: str) -> str | None:
    if re.search(r"领导|[^单]人$|人员$", name) and len(name) <= 5:
        return "leader"  # 督办人, 联系人, 责任人员: people
    if re.search(r"单位|部门|科室|处室|股室", name):
        return "co" if re.search(r"配合|协同|协办|协助|参与", name) else "lead"
    if re.search(r"备注|评价|进展|情况|说明|成效|分值|意见|佐证|材料|问题|困难|建议|进度", name):
        return "ignored"
    if re.search(r"时限|时间|期限|节点", name):
        return "deadline"
    if re.search(r"措施|举措|目标|要求", name):
        return "text"
    if re.search(r"任务|事项", name):
        return "title"
    return None


def read_header(cells: list[str]) -> tuple[list[str], list[int]] | None:
    """(role per column, columns not recognised) when the cells name at least a task column and
    one other role; else None."""
    roles: list[str] = []
    unknown: list[int] = []
    for index, cell in enumerate(cells):
        role = header_role(cell)
        if role is None:
            roles.append("ignored")
            if _normal(cell):
                unknown.append(index)
            continue
        name = _normal(cell)
        if role == "lead" and "lead" in roles and name.startswith("责任"):
            role = "co"  # 牵头单位 + 责任单位: the rest assist
        elif role == "title" and "title" in roles:
            role = "text"
        elif role in ("number", "section", "deadline") and role in roles:
            role = "ignored"
        roles.append(role)
    leads = [i for i, role in enumerate(roles) if role == "lead"]
    principal = [i for i in leads if header_name(cells[i]).startswith("主体")]
    if principal and len(principal) < len(leads):
        for index in principal:  # 牵头单位 + 主体(责任)单位: the bodies doing it assist the lead
            roles[index] = "co"
    if "title" not in roles and "text" in roles:
        roles[roles.index("text")] = "title"
    others = {r for r in roles if r not in ("title", "ignored")}
    if "title" not in roles or not others:
        return None
    return roles, unknown


def find_header(rows: list[list[str]]) -> TableHeader | None:
    """The first row naming at least a task column and one other role, in the first rows."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = read_header(row)
        if found:
            roles, unknown = found
            return TableHeader(index, [c.strip() for c in row], roles, unknown)
    return None


def apply_roles(header: TableHeader, column_roles: dict[int, str] | None) -> None:
    """An admin's re-mapping of columns ({index: role}) over the header's own reading."""
    for index, role in (column_roles or {}).items():
        index = int(index)
        if role not in ROLES or index < 0 or index > 200:
            continue
        while len(header.roles) <= index:
            header.roles.append("ignored")
            header.cells.append("")
        header.roles[index] = role
        if index in header.unknown:
            header.unknown.remove(index)
    if "title" not in header.roles and "text" in header.roles:
        header.roles[header.roles.index("text")] = "title"


def outline_from_rows(
    rows: list[list[str]],
    *,
    year: int | None,
    units: UnitMatcher,
    row_offsets: list[int],
    column_roles: dict[int, str] | None = None,
    reading: TableReading | None = None,
    cell_offsets: list[list[int]] | None = None,
) -> list[SectionOutline] | None:
    """Sections of a task table's rows, or None when no header row is found.

    `row_offsets` give where each row starts in the source text, its cells joined by tabs (Word,
    Excel); a table read from text gives `cell_offsets` instead (each cell's offset, -1 for a
    cell repeated from the row above)."""
    header = find_header(rows)
    if header is None:
        return None
    apply_roles(header, column_roles)
    return TableReader(rows, header, year, units, row_offsets, cell_offsets, reading).read()


class TableReader:
    def __init__(self, rows, header, year, units, row_offsets, cell_offsets, reading):
        self.rows = rows
        self.header = header
        self.year = year
        self.units = units
        self.row_offsets = row_offsets
        self.cell_offsets = cell_offsets
        self.reading = reading if reading is not None else TableReading()
        self.columns = {role: header.all(role) for role in ROLES}
        self.title_cells: dict[int, str] = {}  # a row's task → its 重点任务 cell as written
        self.groups: set[int] = set()  # tasks made of a merged 重点任务 cell
        self.first_numbers: dict[int, str] = {}  # a group → the 序号 of its first row

    # -- where things are in the source --------------------------------------------------------

    def _row_start(self, index: int) -> int:
        if self.cell_offsets and index < len(self.cell_offsets):
            found = [o for o in self.cell_offsets[index] if o >= 0]
            if found:
                return min(found)
        return self.row_offsets[index] if index < len(self.row_offsets) else 0

    def _cell_at(self, index: int, column: int) -> int:
        if self.cell_offsets and index < len(self.cell_offsets):
            offsets = self.cell_offsets[index]
            if column < len(offsets) and offsets[column] >= 0:
                return offsets[column]
            return self._row_start(index)
        start = self.row_offsets[index] if index < len(self.row_offsets) else 0
        row = self.rows[index]
        return start + sum(len(c) + 1 for c in row[: min(column, len(row))])

    def _row_span(self, index: int) -> tuple[int, int]:
        row = self.rows[index]
        start = self._row_start(index)
        if self.cell_offsets and index < len(self.cell_offsets):
            ends = [o + len(row[c]) for c, o in enumerate(self.cell_offsets[index]) if o >= 0] or [
                start
            ]
            return start, max(ends)
        return start, start + len("\t".join(row))

    # -- cells ----------------------------------------------------------------------------------

    def cell(self, row: list[str], role: str) -> str:
        found = [row[c].strip() for c in self.columns[role] if c < len(row) and row[c].strip()]
        if role in JOINED_ROLES:
            return "\n".join(dict.fromkeys(found))
        return found[0] if found else ""

    def _cell_column(self, row: list[str], role: str) -> int | None:
        return next((c for c in self.columns[role] if c < len(row) and row[c].strip()), None)

    # -- reading --------------------------------------------------------------------------------

    def read(self) -> list[SectionOutline]:
        header, reading = self.header, self.reading
        reading.header_row = header.row
        reading.columns = [
            TableColumn(index=i, header=header.cells[i] if i < len(header.cells) else "", role=r)
            for i, r in enumerate(header.roles)
        ]
        header_at = self._row_start(header.row)
        for column in header.unknown:
            reading.warn(header_at, f"表头“{_normal(header.cells[column])}”未识别，已忽略该列")
        if not self.columns["lead"]:
            reading.warn(header_at, "表头中没有牵头单位列，牵头单位只能从任务文字中查找")
        header_names = [_normal(c) for c in header.cells]
        sections: list[SectionOutline] = []
        section_cells: list[str] = []  # the cell each section came from, to group merged rows
        current_task: TaskOutline | None = None
        for index in range(header.row + 1, len(self.rows)):
            row = self.rows[index]
            filled = [c.strip() for c in row if c and c.strip()]
            if not filled:
                continue
            if [_normal(c) for c in row[: len(header_names)]] == header_names:
                continue  # the header again (a new page of the table)
            if self._header_like(row, filled):
                continue  # a second header row (牵头 · 配合 under a merged 责任单位)
            if METADATA_LABEL.match(filled[0]) or _labels_and_values(filled):
                continue  # 索引号, 发布机构… printed inside the table's text
            heading = self._section_row(row, filled)
            if heading:
                number, title = heading
                start, end = self._row_span(index)
                sections.append(SectionOutline(number=number, title=title, span=(start, end)))
                section_cells.append(filled[0])
                current_task = None
                continue
            section_cell = self.cell(row, "section")
            if section_cell and (not section_cells or section_cell != section_cells[-1]):
                sections.append(_section_from_cell(section_cell, len(sections) + 1))
                section_cells.append(section_cell)
                current_task = None
            if not sections:
                sections.append(SectionOutline(number="一", title="工作任务"))
            current_task = self._read_row(index, row, sections[-1], current_task)
        return sections

    def _header_like(self, row: list[str], filled: list[str]) -> bool:
        title = self.cell(row, "title")
        if not title or header_role(title) is None:
            return False
        known = sum(1 for cell in filled if header_role(cell) is not None)
        return known >= 2 and 2 * known >= len(filled)

    def _section_row(self, row: list[str], filled: list[str]) -> tuple[str, str] | None:
        """A section row: one merged line such as 一、深化医改, or 一 in the 序号 column and the
        section's title beside it with the rest of the row empty."""
        if len(set(filled)) == 1:
            only = filled[0]
            heading = section_heading(Line(only, 0, len(only))) if len(only) <= 60 else None
            if heading and not heading[2]:
                return heading[0], heading[1]
            return None
        number = self.cell(row, "number")
        numeral = re.sub(r"[、.．\s]", "", number)
        if len(filled) == 2 and numeral and chinese_to_int(numeral) and not numeral.isdigit():
            title = next(c for c in filled if c != number)
            if len(title) <= 40 and "。" not in title:
                return numeral, title.rstrip("。")
        return None

    def _read_row(
        self, index: int, row: list[str], section: SectionOutline, current: TaskOutline | None
    ) -> TaskOutline | None:
        """Add the row's task to the section (or to the task above it); the task to group the
        next rows under."""
        reading = self.reading
        title_cell = self.cell(row, "title")
        detail = self.cell(row, "text")
        if not title_cell and not detail:
            return current
        row_at = self._row_start(index)
        span = self._row_span(index)
        if detail:
            detail_column = self._cell_column(row, "text")
            text, text_at = detail, self._cell_at(index, detail_column)
        else:
            title_column = self._cell_column(row, "title")
            text, text_at = title_cell, self._cell_at(index, title_column)
        lead_cell, co_cell = self.cell(row, "lead"), self.cell(row, "co")
        joint = JOINT_CELL.match(lead_cell or "")
        if joint and not co_cell:  # 宣传处会办公室: the first leads, the other takes part
            lead_cell, co_cell = joint.group("lead"), joint.group("co")
        lead = self._units_in_cell(lead_cell)
        co = [u for u in self._units_in_cell(co_cell) if u not in lead]
        if not lead_cell and not co_cell:
            lead, co = self.units.find(text)
        if self.columns["lead"] and not lead:
            if lead_cell:
                reading.warn(row_at, f"无法确定牵头单位（“{lead_cell[:20]}”不像单位名称）")
            else:
                reading.warn(row_at, "无法确定牵头单位（该行牵头单位为空）")
        deadline, deadline_text, ongoing = self._deadline(row_at, self.cell(row, "deadline"), text)
        number_cell = self.cell(row, "number")
        parent, sub_number = _parent_by_number(current, number_cell)
        title_key = _strip(title_cell) if title_cell else ""
        same_task = (
            parent is None
            and current is not None
            and title_key
            and detail
            and title_key == current.title
        )
        row_number = _number(number_cell) if number_cell else ""
        if same_task:
            # A 重点任务 merged over several 具体措施 rows: the merged cell is the task, each row
            # one of its sub-items, with its own 序号 (or its place), units and deadline.
            group = self._group(section, current)
            sub = self._task(row_number, lead_title(_strip(detail)), detail)
            if not row_number or row_number == self.first_numbers.get(id(group)):
                sub.number = str(len(group.subtasks) + 1)
            sub.span = span
            self._annotate(sub, text_at)
            sub.lead_units, sub.co_units = lead, co
            sub.deadline, sub.deadline_text, sub.ongoing = deadline, deadline_text, ongoing
            group.subtasks.append(sub)
            group.span = (group.span[0], span[1])
            return group
        number = sub_number or number_cell or str(len(section.tasks) + 1)
        title = _strip(title_cell) if detail and title_cell else lead_title(_strip(text))
        task = self._task(number, title, text)
        task.span = span
        self._annotate(task, text_at)
        task.lead_units, task.co_units = lead, co
        task.deadline, task.deadline_text, task.ongoing = deadline, deadline_text, ongoing
        if parent is not None:
            parent.subtasks.append(task)  # 序号 3.1 right under task 3: its sub-item
            return current
        self.title_cells[id(task)] = title_cell
        section.tasks.append(task)
        return task

    def _group(self, section: SectionOutline, task: TaskOutline) -> TaskOutline:
        """The task a merged 重点任务 cell stands for, made from its first row's task when the
        second row under the cell comes: the cell as its text, that row as its first sub-item."""
        if id(task) in self.groups:
            return task
        cell = self.title_cells.get(id(task), task.title)
        marker = item_marker(cell)
        group = TaskOutline(
            number=_number(marker[1]) if marker else task.number,
            title=_strip(cell),
            text=cell,
            span=task.span,
        )
        self.first_numbers[id(group)] = task.number
        task.title = lead_title(_strip(task.text))
        task.number = task.number if marker else "1"
        group.subtasks.append(task)
        section.tasks[section.tasks.index(task)] = group
        self.groups.add(id(group))
        return group

    def _task(self, number: str, title: str, text: str) -> TaskOutline:
        return TaskOutline(number=_number(number), title=title, text=text)

    def _annotate(self, task: TaskOutline, text_at: int) -> None:
        """Targets, and the sub-items of an inline 一是…二是… (or （1）…（2）…) list in the
        cell, as for a task in prose. The row's units and deadline stay on the task."""
        items = inline_items(task.text) or _numbered_items(task.text)
        own = task.text
        for a, b, number in items[:MAX_INLINE_ITEMS]:
            piece = task.text[a:b].rstrip()
            at = text_at + a
            sub = TaskOutline(
                number=number,
                title=_item_title(piece),
                text=piece,
                span=(at, at + len(piece)),
                targets=find_targets(piece, offset=at),
            )
            task.subtasks.append(sub)
            own = own[:a] + " " * (b - a) + own[b:]
        task.targets = find_targets(own, offset=text_at)

    def _deadline(self, row_at: int, cell: str, text: str):
        """(date, words, ongoing) from the 完成时限 cell, else from the task's text."""
        if cell:
            if is_ongoing(cell):
                return None, None, True
            deadline, words = find_deadline(cell, self.year)
            if deadline is None:
                deadline, words = _month_cell(cell, self.year)
            if deadline is None:
                if self.year and not re.search(r"^(?:无|/|—+|-+)$", cell):
                    self.reading.warn(row_at, f"完成时限“{cell[:20]}”未能识别为日期")
                return None, cell, False
            return deadline, words, False
        deadline, words = find_deadline(text, self.year)
        ongoing = deadline is None and (is_ongoing(text) or bool(ONGOING_OPENING.match(text)))
        return deadline, words, ongoing

    def _units_in_cell(self, cell: str) -> list[str]:
        """The units a lead or co-unit cell names, as written (or the bureau's name for them):
        split at 、，；/ and line breaks; people and `按职责分工落实` are not units."""
        found: list[str] = []
        if ALL_BY_DUTY.search(cell or ""):
            return []  # 财务处、审计处等按职责分工落实: everyone, no unit in particular
        cell = re.sub(r"[（(]([^（）()]{1,20})[）)]", _person_aside, cell or "")
        for part in UNIT_SPLIT.split(cell):
            part = _strip_unit(part)
            part = re.sub(r"(?:牵头|负责|配合|参与|协助|协同)$", "", part)
            part = re.sub(r"(?:等|等单位|等部门|等科室)$", "", part)
            if len(part) < 2 or NO_UNIT.search(part) or looks_like_person(part):
                continue
            if part in self.units.canonical:
                found.append(self.units.canonical[part])
                continue
            known = []
            if self.units.canonical:
                scanned, _ = self.units._scan(part)
                known = [name for _, name, is_known in sorted(scanned) if is_known]
            if known:
                found.extend(known)
                continue
            if len(part) > 30:
                continue
            if self.units.canonical and part not in self.units.unknown:
                self.units.unknown.append(part)
            found.append(part)
        return list(dict.fromkeys(found))


def _strip_unit(part: str) -> str:
    """A unit's name without quotes, stops and stray brackets; a bracket it closes stays
    (各村（社区）)."""
    part = part.strip("“”\"'[]【】。.:：")
    inner = part[1:-1]
    wrapped = len(part) > 2 and part[0] in "(（" and part[-1] in ")）"
    if wrapped and not re.search(r"[()（）]", inner):
        part = inner  # （县医院）
    while part and part[-1] in ")）" and _brackets(part) < 0:
        part = part[:-1]
    while part and part[0] in "(（" and _brackets(part) > 0:
        part = part[1:]
    return part.strip("“”\"'[]【】。.:：")


def _brackets(text: str) -> int:
    """Opening brackets less closing ones."""
    return sum(text.count(c) for c in "(（") - sum(text.count(c) for c in ")）")


def _labels_and_values(cells: list[str]) -> bool:
    """A row of a page's information table: `组配分类: | 规划计划 | 生成日期: | 2024-02-01`."""
    return sum(1 for c in cells if c.endswith((":", "："))) >= 2


def _person_aside(match: re.Match) -> str:
    """`医政科（张三）`: the person in brackets goes; any other aside stays."""
    inside = match.group(1)
    parts = [p for p in UNIT_SPLIT.split(inside) if p]
    if parts and all(looks_like_person(p) for p in parts):
        return ""
    return match.group(0)


def looks_like_person(text: str) -> bool:
    """A person's name (张三, 王副局长, 李四同志), as 牵头领导 columns hold: not a unit."""
    name = re.sub(r"[\s·]", "", text)
    if UNIT_SUFFIX.search(name) and not PERSON_TITLE.search(name):
        return False
    if PERSON_TITLE.search(name) and len(name) <= 10:
        return True
    return (
        2 <= len(name) <= 3
        and name[0] in SURNAMES
        and not EXTRA_UNIT_SUFFIX.search(name)
        and all("\u4e00" <= ch <= "\u9fff" for ch in name)
    )


def _month_cell(cell: str, year: int | None):
    """A bare month (`2024年12月`, `12月`) or the last of several: that month's last day."""
    if not year:
        return None, None
    import calendar
    import datetime as dt

    matches = list(MONTH_CELL.finditer(cell))
    if not matches:
        return None, None
    match = matches[-1]
    the_year = int(match.group("y") or year)
    if the_year < year or the_year > year + 5:
        return None, None
    month = int(match.group("m"))
    day = calendar.monthrange(the_year, month)[1]
    return dt.date(the_year, month, day), match.group(0).strip()


def _numbered_items(text: str) -> list[tuple[int, int, str]]:
    """Spans of an inline （1）…（2）… (①…②…, or 1、…2、… after a stop) list inside a cell:
    [(start, end, number)], or []."""
    for pattern in INLINE_NUMBERED:
        found, expected = [], 1
        for match in pattern.finditer(text):
            number = match.groupdict().get("num")
            value = int(number) if number else CIRCLED.index(match.group("circled")) + 1
            if value == expected:
                found.append(match)
                expected += 1
        if len(found) >= 2:
            starts = [m.start() + len(m.group(0)) - len(m.group(0).lstrip()) for m in found]
            return [
                (start, starts[i + 1] if i + 1 < len(found) else len(text), str(i + 1))
                for i, start in enumerate(starts)
            ]
    return []


def _item_title(piece: str) -> str:
    body = re.sub(
        r"^(?:[一二三四五六七八九十]{1,2}是|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]|\d{1,2}[、.．])",
        "",
        piece,
    ).strip()
    clause = CLAUSE_END.search(body)
    return (body[: clause.start()] if clause else body)[:40] or body[:40]


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


def _number(cell: str) -> str:
    cleaned = re.sub(r"[（()）、.．\s]", "", cell)
    if cleaned.isdigit() or chinese_to_int(cleaned) is not None:
        return cleaned
    return cell.strip()
