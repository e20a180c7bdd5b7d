"""Choosing the parser for a document: a task table (Excel, a table inside Word, a table pasted
as text, or task cards pasted as label and value lines: see text_tables.py) or free text."""

import bisect
import re

from workplans.parsing.errors import PlanImportError
from workplans.parsing.metadata import plan_title_in, read_metadata
from workplans.parsing.outline import PlanOutline, line_number
from workplans.parsing.plan_text import parse_text
from workplans.parsing.structure import split_lines
from workplans.parsing.tables import TableReading, find_header, outline_from_rows
from workplans.parsing.text_tables import find_cards, find_text_table
from workplans.parsing.units import UnitMatcher

TABLE_TITLE_SUFFIX = re.compile(
    r"(?:重点)?(?:工作)?(?:任务)?(?:分工表|分工方案|分解表|责任分工|任务清单|清单|台账|一览表|"
    r"责任表|推进表|计划表|卡|分解)(?:[（(]续表?[）)])?$"
)
YEAR = re.compile(r"(20\d\d)\s*年")
MIN_TEXT_TABLE_ROWS = 2  # a text table with fewer task rows loses to the prose around it


# A year's 工作要点 runs to a few ten thousand characters (the samples here, at most 25,000); a
# five-year plan with its appendices to perhaps 200,000. Past this, parsing would keep a worker
# busy for seconds to no purpose: the file is refused with a message instead.
MAX_PLAN_CHARS = 500_000


def outline_from_document(
    document, *, units: UnitMatcher, year: int | None, column_roles: dict[int, str] | None = None
) -> PlanOutline:
    length = sum(len(block.text) for block in document.blocks if block.kind != "table") + sum(
        len(cell)
        for block in document.blocks
        if block.kind == "table"
        for row in block.rows
        for cell in row
    )
    if length > MAX_PLAN_CHARS:
        raise PlanImportError(
            f"文件的正文过长（约 {length // 10_000} 万字，上限 {MAX_PLAN_CHARS // 10_000} 万字）。"
            "一份工作要点通常只有几万字，请确认上传的是工作要点本身，而不是汇编或多份文件的合集。"
        )
    tables, offsets, paragraphs = [], [], []
    position = 0
    for block in document.blocks:
        if block.kind == "table":
            row_offsets = []
            for row in block.rows:
                row_offsets.append(position)
                position += len("\t".join(row)) + 1
            tables.append(block.rows)
            offsets.append(row_offsets)
        else:
            paragraphs.append(block.text)
            position += len(block.text) + 1
    text = document.text
    for rows, row_offsets in zip(tables, offsets, strict=True):
        if find_header(rows):
            return _from_table(
                document, rows, row_offsets, paragraphs, units=units, year=year,
                column_roles=column_roles,
            )  # fmt: skip
    # A task table pasted as text (or typed into Word with tabs): its rows, read from the lines.
    table = find_text_table(text)
    # Or one task at a time, each cell under its label (task cards).
    cards = find_cards(text)
    if cards is not None and (
        table is None
        or table.task_rows < MIN_TEXT_TABLE_ROWS
        or cards.start <= table.start < cards.end
    ):
        table = cards
    # A single card is enough: its labels say what each line is.
    if table is not None and (table.task_rows >= MIN_TEXT_TABLE_ROWS or table.style == "cards"):
        return _from_text_table(document, table, units=units, year=year, column_roles=column_roles)
    try:
        return parse_text(text, units=units, year=year, fallback_title=_stem(document.filename))
    except PlanImportError:
        if table is not None:
            return _from_text_table(
                document, table, units=units, year=year, column_roles=column_roles
            )
        raise  # parse_text said why (a compilation, news, no structure)


def _from_table(
    document, rows, row_offsets, paragraphs, *, units, year, column_roles=None
) -> PlanOutline:
    # A merged title row arrives as the same text in every cell.
    header = find_header(rows)
    title_rows = [" ".join(dict.fromkeys(c for c in row if c)) for row in rows[: header.row]]
    return _table_outline(
        document,
        rows,
        above=paragraphs + title_rows,
        meta_lines=split_lines("\n".join(paragraphs)),
        units=units,
        year=year,
        column_roles=column_roles,
        row_offsets=row_offsets,
    )


def _from_text_table(document, table, *, units, year, column_roles=None) -> PlanOutline:
    text = document.text
    before = text[: table.start]
    outside = split_lines(before) + split_lines(text[table.end :])
    outline = _table_outline(
        document,
        table.rows,
        # A merged title row of a spreadsheet, saved as text, repeats in every cell.
        above=[
            " ".join(dict.fromkeys(p.strip() for p in line.text.split("\t") if p.strip()))
            for line in split_lines(before)
        ],
        meta_lines=outside,
        units=units,
        year=year,
        column_roles=column_roles,
        row_offsets=[offsets[0] if offsets else 0 for offsets in table.cell_offsets],
        cell_offsets=table.cell_offsets,
    )
    if table.cut_off_at is not None:
        outline.warn(line_number(text, table.cut_off_at), "最后一行似乎不完整")
        outline.warnings.sort(key=lambda warning: warning.line)
    return outline


def _table_outline(
    document, rows, *, above, meta_lines, units, year, column_roles, row_offsets,
    cell_offsets=None,
) -> PlanOutline:  # fmt: skip
    # The plan's title nearest above the table (one naming its year first), else the table's
    # own title line (…重点任务台账, …任务分解表).
    candidates = [found for t in reversed(above) if (found := plan_title_in(t))]
    candidates.sort(key=lambda t: YEAR.search(t) is None)
    candidates += [t.strip() for t in reversed(above) if _table_title(t)]
    title = candidates[0] if candidates else _stem(document.filename)
    plan_title = TABLE_TITLE_SUFFIX.sub("", title) or title
    match = YEAR.search(title) or next(filter(None, (YEAR.search(t) for t in above[:8])), None)
    plan_year = year or (int(match.group(1)) if match else None)
    meta = read_metadata(meta_lines)
    reading = TableReading()
    sections = outline_from_rows(
        rows,
        year=plan_year,
        units=units,
        row_offsets=row_offsets,
        column_roles=column_roles,
        reading=reading,
        cell_offsets=cell_offsets,
    )
    if not sections or not any(s.tasks for s in sections):
        raise PlanImportError("任务分工表中没有找到任务行：表头下方是空的。")
    outline = PlanOutline(
        title=plan_title,
        year=plan_year,
        issuer=meta["issuer"],
        doc_number=meta["doc_number"],
        issued_date=meta["issued_date"],
        sections=sections,
        unknown_units=list(units.unknown),
        source_text=document.text,
        columns=reading.columns,
    )
    lines = _LineIndex(outline.source_text)
    for offset, message in reading.warnings:
        outline.warn(lines.number(offset), message)
    return outline


class _LineIndex:
    """Line numbers of offsets, without counting newlines again for each warning."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def number(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, max(0, offset))


def _table_title(text: str) -> bool:
    text = text.strip()
    return len(text) <= 60 and "。" not in text and bool(TABLE_TITLE_SUFFIX.search(text))


def _stem(filename: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]+$", "", filename or "").strip() or "未命名工作要点"
