"""The period's 通报 as a Word file in the office's format (after GB/T 9704): a red head with the
bureau's name, the 文号 under a red rule, the title, the body, the table of late units and the
bureau's signature with the date. The rows come from `reports.rollups.bulletin_rows`."""

import datetime as dt
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.rollups import BulletinRow
from tasks.notices import REPORT_WITHIN_WORKDAYS

HEADERS = ["序号", "单位", "未报送任务", "逾期工作日", "已发督办单"]

RED = RGBColor(0xC0, 0x00, 0x00)
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
BODY_SIZE = Pt(16)  # 三号, the size of a 公文's body
TABLE_SIZE = Pt(12)  # 小四, so a row of task titles stays readable


def cn_date(day: dt.date) -> str:
    # Documents write dates without leading zeros: 2026年3月5日, not 2026年03月05日.
    return f"{day.year}年{day.month}月{day.day}日"


def bulletin_number(period, *, today: dt.date) -> str:
    """The 文号: the bureau's short name, 督, the year of issue and the period's place in the plan.
    A suggestion only; the office edits it in Word when its register numbers differently."""
    bureau = period.plan.bureau
    sequence = period.plan.periods.filter(start__lte=period.start).count()
    return f"{bureau.short_name or bureau.name}督〔{today.year}〕{sequence}号"


def bulletin_docx(period, rows: list[BulletinRow], *, today: dt.date) -> BytesIO:
    plan = period.plan
    bureau = plan.bureau
    document = Document()
    _page_setup(document)

    _line(document, bureau.name + "工作要点落实情况通报", TITLE_FONT, Pt(26), color=RED)
    number = _line(document, bulletin_number(period, today=today), BODY_FONT, BODY_SIZE)
    _red_rule(number)
    _line(document, f"关于{period.label}进展未按时报送情况的通报", TITLE_FONT, Pt(22))

    _paragraph(document, "各责任单位：", indent=False)
    due = (
        f"根据《{plan.title}》落实情况报送安排，"
        f"{period.label}进展报送截止日为{cn_date(period.due_date)}。"
    )
    if rows:
        units, tasks = len(rows), sum(len(row.tasks) for row in rows)
        _paragraph(
            document,
            f"{due}截至{cn_date(today)}，仍有{units}个单位的{tasks}项任务未在平台报送进展，"
            f"具体情况见下表。请上述单位于本通报印发之日起{REPORT_WITHIN_WORKDAYS}个工作日内"
            "在平台报送进展；逾期仍未报送的，将按规定进一步督办。",
        )
        _late_units_table(document, rows)
    else:
        _paragraph(
            document,
            f"{due}截至{cn_date(today)}，各单位均已在平台报送本期全部任务进展，无逾期未报送单位。",
        )

    _paragraph(document, "", indent=False)
    for text in (bureau.name, cn_date(today)):
        _paragraph(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def set_font(element, name: str) -> None:
    """Name a font for Latin and Chinese text alike: Word picks Chinese glyphs from the East
    Asian slot (w:rFonts/@w:eastAsia), which python-docx's `font.name` leaves unset."""
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(slot), name)


def _page_setup(document) -> None:
    # A4 with the 公文 margins; the body style is 仿宋 三号 so any paragraph added later in
    # Word matches.
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_font(normal.element, BODY_FONT)


def _run(paragraph, text: str, font: str, size, *, bold=False, color=None):
    run = paragraph.add_run(text)
    set_font(run._element, font)
    run.font.size, run.font.bold = size, bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _line(document, text: str, font: str, size, *, color=None):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, font, size, color=color)
    return paragraph


def _paragraph(document, text: str, *, indent: bool = True):
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
    if text:
        _run(paragraph, text, BODY_FONT, BODY_SIZE)
    return paragraph


def _red_rule(paragraph) -> None:
    # The red line under the 文号 that separates the head from the body: a bottom border.
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "6"), ("color", "C00000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _late_units_table(document, rows: list[BulletinRow]) -> None:
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        _cell(cell, [header], HEADING_FONT, center=True)
    # Repeat the header row on every printed page.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        _cell(cells[0], [str(number)], BODY_FONT, center=True)
        _cell(cells[1], [row.unit], BODY_FONT)
        tasks = [f"{i}. {title}" for i, title in enumerate(row.tasks, start=1)]
        _cell(cells[2], tasks, BODY_FONT)
        _cell(cells[3], [str(row.days_late)], BODY_FONT, center=True)
        _cell(cells[4], [str(row.notices)], BODY_FONT, center=True)
    for column, width in zip(table.columns, (1.4, 3.4, 7.8, 1.9, 1.9), strict=True):
        for cell in column.cells:
            cell.width = Cm(width)


def _cell(cell, lines: list[str], font: str, *, center: bool = False) -> None:
    # One paragraph per line, so each late task sits on its own line in the cell.
    for index, text in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, text, font, TABLE_SIZE)
