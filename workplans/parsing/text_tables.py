"""A task table pasted as text (from a web page, or typed into Word with tabs) → rows of cells,
each cell with where it starts in the text, for `tables.outline_from_rows`.

Tables reach a 工作要点's text in three ways:

* cells between `|` (markdown-like), with or without the outer pipes and a `---|---` rule;
* cells separated by runs of two or more spaces or by tabs (an HTML or Word table copied as text;
  the rows of a Word or Excel table joined by tabs read the same);
* one cell per line: the header's cells each on a line, then each row's cells.

Rows copied from Excel come with a cell holding line breaks in quotes; its lines are one row.
A page's information table (`索引号: | 113418… | 组配分类: | 规划计划 |`) is never a task table.
Task cards (`find_cards`, at the end of this module) are a fourth way: one task at a time, each
value under its label.

The table is found from its header alone: a line (or a run of lines, one cell each) whose cells
are header words — a task column (重点任务, 工作任务…) and at least one other role (序号, 牵头单位,
完成时限…). A plan in prose with a stray `|` does not have one, and stays prose.

Rows are not always whole lines. A cell broken over lines (several units, one a line) continues
its row; a row under a merged grouping cell (a 重点任务 spanning several 具体措施 rows) has fewer
cells than the header and takes the missing ones from the row above; one cell per line gives no
row ends at all. Each stretch of text between sure row starts (a 序号 in sequence — 81, 82, 85 —,
a line of full width, a section row `一、…`) is cut into rows and cells by a small dynamic
programme that scores how well each piece fits each column (a 序号 is a number, a 完成时限 reads as
a date, a 牵头单位 as unit names, people are not units) — linear in the length of the text.
"""

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from workplans.parsing.metadata import DATE_LINE, is_chrome, signature_parts
from workplans.parsing.numbers import chinese_to_int
from workplans.parsing.structure import Line, section_heading
from workplans.parsing.tables import (
    COLUMNS,
    EXTRA_UNIT_SUFFIX,
    METADATA_LABEL,
    TASK_ROLES,
    UNIT_SPLIT,
    header_name,
    header_role,
    looks_like_person,
    read_header,
)
from workplans.parsing.units import UNIT_SUFFIX

PIPE = re.compile(r"[|｜]")
RULE = re.compile(r"^[\s|｜:：+]*[-—–=]{3,}[\s|｜:：\-—–=+]*$")
GAP = re.compile(r"\t|[ \u3000\xa0]{2,}")
NUMBER = re.compile(r"^[（(]?(?P<n>\d{1,4})(?:[.．]\d{1,3})*[)）.．、]?$")
DEADLINE_HINT = re.compile(
    r"20\d\d|\d{1,2}\s*月|[一二三四1-4]季度|年底|年内|年中|年末|半年|长期|持续|常态|每月|每季|"
    r"每年|底前|月底"
)
DEADLINE_WORD = re.compile(r"全年|完成|即时|随时|定期|适时|按时|按要求|阶段|分批|逐步")
NUMERAL = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]?$")
JOINERS = ("、", "，", ",", "；", ";", "/", "和", "及")
MAX_HEADER_CELL = 12
MAX_HEADER_LINE = 300
MAX_JOIN = 12  # pieces one cell may be made of (a cell broken over lines)
NUMBER_GAP = 40  # how far a 序号 may jump (rows left out: 81, 82, 85)
NEG = float("-inf")

# Costs of the alignment (fits are in the same scale: a good fit is +2 to +4).
ROW_BREAK = 1.5
MERGED_SKIP = 0.5  # a leading column taken from the row above (a merged grouping cell)
FIRST_ROW_SKIP = 3.0  # a leading column missing with no row above
EXPLICIT_SKIP = 2.5  # a missing cell where empty cells are written (tabs, pipes)
MISSING = {  # a missing cell where empty cells vanish (spaces, one cell per line), by role
    "number": 1.5,
    "section": 0.8,
    "title": 1.0,
    "text": 1.5,
    "lead": 1.2,
    "co": 0.6,
    "deadline": 0.8,
    "leader": 0.6,
    "ignored": 0.2,
}
JOIN = {  # each extra piece joined into a cell, by role
    "number": 4.0,
    "section": 2.0,
    "title": 1.0,
    "text": 0.8,
    "lead": 0.5,
    "co": 0.3,
    "deadline": 4.0,
    "leader": 0.3,
    "ignored": 0.5,
}
MAX_PIECES = {"number": 1, "section": 1, "deadline": 2}  # else MAX_JOIN
SAME_LINE_JOIN = 1.0  # spaces style: two pieces of one line in one cell (a double space in it)
MAX_JOIN_COST = 5.0  # past this, joining more pieces cannot beat cutting the cell


@dataclass
class Piece:
    text: str
    start: int  # offset in the source text
    new_line: bool  # the first piece on its line


@dataclass
class TextTable:
    """A task table read from text: the header row first, then rows as wide as the header."""

    style: str  # pipe, spaces, cells
    roles: list[str]
    rows: list[list[str]]
    cell_offsets: list[list[int]]  # -1: a cell taken from the row above, or missing
    start: int  # where the header starts
    end: int  # where the last row ends
    cut_off_at: int | None = None  # the offset of a last row that seems cut off
    sections: int = 0

    @property
    def task_rows(self) -> int:
        return len(self.rows) - 1 - self.sections


@dataclass
class _Header:
    style: str
    cells: list[Piece]
    roles: list[str]
    next_line: int
    outer: bool = False  # pipe style with the outer pipes
    explicit: bool = False  # empty cells are written (pipes, tabs): a missing one is merged


@dataclass
class _Row:
    cells: list[str | None]
    offsets: list[int]
    first: int = 0  # the first column given in the row (those before it: merged above)
    last: int = -1  # the last column given
    section: bool = False


@dataclass
class _Chunk:
    pieces: list[Piece] = field(default_factory=list)
    section: bool = False
    numbered: bool = False  # starts with its 序号


def find_text_table(text: str) -> TextTable | None:
    """The first task table in the text, or None. Linear in the text's length."""
    lines = _join_quoted(_lines(text), text)
    for index, line in enumerate(lines):
        if len(line.text) > MAX_HEADER_LINE:
            continue
        header = _header_at(lines, index)
        if header is None:
            continue
        table = _read_body(lines, header)
        if table is not None and table.task_rows > 0:
            return table
    return None


# ---------------------------------------------------------------------------------------------
# Lines and cells


def _lines(text: str) -> list[Line]:
    lines, position = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\xa0\r")
        if stripped:
            start = position + raw.index(stripped[0])
            lines.append(Line(stripped, start, start + len(stripped)))
        position += len(raw) + 1
    return lines


def _join_quoted(lines: list[Line], text: str) -> list[Line]:
    """Rows copied from Excel: a cell holding line breaks comes quoted (`"县人民医院⏎县中医院"`),
    its lines one row of text. A tab-separated line whose last cell opens a quote is joined with
    the lines up to the one that closes it (lines in between hold no tab)."""
    joined: list[Line] = []
    j = 0
    while j < len(lines):
        line, k = lines[j], j
        while "\t" in line.text and _open_quote(line.text.rsplit("\t", 1)[-1]):
            close = _closing_line(lines, k + 1)
            if close is None:
                break
            k = close
            line = Line(text[line.start : lines[k].end], line.start, lines[k].end)
        joined.append(line)
        j = k + 1
    return joined


def _closing_line(lines: list[Line], start: int) -> int | None:
    """The line closing a quoted cell opened above: its part before the first tab has an odd
    number of quotes; the lines before it, none and no tab."""
    for k in range(start, min(len(lines), start + MAX_JOIN)):
        head = lines[k].text.split("\t", 1)[0]
        if head.count('"') % 2 == 1:
            return k
        if '"' in head or "\t" in lines[k].text:
            return None
    return None


def _open_quote(cell: str) -> bool:
    cell = cell.strip()
    return cell.startswith('"') and cell.count('"') % 2 == 1


def _unquote(piece: Piece) -> Piece:
    """An Excel cell in quotes: the quotes go (`""` inside is one quote)."""
    text = piece.text
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"' and "\n" in text:
        return Piece(text[1:-1].replace('""', '"').strip(), piece.start + 1, piece.new_line)
    return piece


def _split(line: Line, pattern: re.Pattern, *, drop_empty: bool) -> list[Piece]:
    pieces, position = [], 0
    for match in pattern.finditer(line.text):
        pieces.append(_piece(line, position, match.start()))
        position = match.end()
    pieces.append(_piece(line, position, len(line.text)))
    if drop_empty:
        pieces = [p for p in pieces if p.text]
    if pieces:
        pieces[0].new_line = True
    return pieces


def _piece(line: Line, a: int, b: int) -> Piece:
    raw = line.text[a:b]
    stripped = raw.strip(" \t\u3000\xa0")
    at = line.start + a + (raw.index(stripped[0]) if stripped else 0)
    return Piece(stripped, at, False)


def _pipe_cells(line: Line) -> list[Piece]:
    pieces = _split(line, PIPE, drop_empty=False)
    if line.text[0] in "|｜" and pieces and not pieces[0].text:
        pieces = pieces[1:]
    if line.text[-1] in "|｜" and pieces and not pieces[-1].text:
        pieces = pieces[:-1]
    if pieces:
        pieces[0].new_line = True
    return pieces


def _gap_cells(line: Line) -> list[Piece]:
    if "\t" in line.text:
        return [_unquote(p) for p in _split(line, re.compile(r"\t"), drop_empty=False)]
    return _split(line, GAP, drop_empty=True)


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------------------
# The header


def _header_at(lines: list[Line], index: int) -> _Header | None:
    line = lines[index]
    if PIPE.search(line.text):
        style, pieces = "pipe", _pipe_cells(line)
    elif GAP.search(line.text):
        style, pieces = "spaces", _gap_cells(line)
    else:
        return _cells_header(lines, index)
    names = [p.text for p in pieces]
    filled = [n for n in names if n]
    if len(filled) < 2 or any(len(header_name(n)) > MAX_HEADER_CELL for n in filled):
        return None
    if _info_table(filled):
        return None
    found = read_header(names)
    if not found:
        return None
    roles, unknown = found
    if 2 * len(unknown) > len(filled):
        return None
    outer = style == "pipe" and line.text[0] in "|｜"
    explicit = style == "pipe" or "\t" in line.text
    return _Header(style, pieces, roles, index + 1, outer, explicit)


def _header_word(text: str) -> bool:
    return len(header_name(text)) <= MAX_HEADER_CELL and header_role(text) is not None


def _info_table(cells: list[str]) -> bool:
    """A row of a page's information table (`索引号: | 113418… | 组配分类: | 规划计划 |`): labels
    each followed by its value, never a task table's header or row."""
    labels = [c for c in cells if _info_label(c)]
    return len(labels) >= 2 or (bool(labels) and _info_label(cells[0]) and len(cells) <= 4)


def _info_label(cell: str) -> bool:
    cell = cell.strip()
    return cell.endswith((":", "：")) or (len(cell) <= 6 and bool(METADATA_LABEL.match(cell)))


def _short_word(text: str) -> bool:
    """A header cell the reader does not know (进度, 责任人员…): short, no digits or stops."""
    return len(text) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff（）()/]+", text))


def _cells_header(lines: list[Line], index: int) -> _Header | None:
    """A run of lines, one header cell each (an unknown short cell allowed between known ones,
    and after them up to the first 序号)."""
    if not _header_word(lines[index].text):
        return None
    run = [index]
    j = index + 1
    while j < len(lines) and len(run) < 20:
        text = lines[j].text
        known = _header_word(text) and not NUMBER.match(text)
        between = (
            _short_word(text)
            and j + 1 < len(lines)
            and _header_word(lines[j + 1].text)
            and not NUMBER.match(lines[j + 1].text)
        )
        if known or between:
            run.append(j)
        else:
            break
        j += 1
    if len(run) < 2:
        return None
    roles = [header_role(lines[i].text) for i in run]
    if "number" in roles:  # unknown cells after the known ones, up to the first 序号
        extra = []
        k = j
        while (
            k < len(lines)
            and len(extra) < 3
            and _short_word(lines[k].text)
            and not NUMERAL.match(lines[k].text)
        ):
            extra.append(k)
            k += 1
        if extra and k < len(lines) and NUMBER.match(lines[k].text):
            run.extend(extra)
            j = k
    pieces = [Piece(lines[i].text, lines[i].start, True) for i in run]
    found = read_header([p.text for p in pieces])
    if not found:
        return None
    roles, unknown = found
    if 2 * len(unknown) > len(pieces):
        return None
    return _Header("cells", pieces, roles, j)


# ---------------------------------------------------------------------------------------------
# The body: lines → chunks between sure row starts → rows


def _read_body(lines: list[Line], header: _Header) -> TextTable | None:
    width = len(header.roles)
    header_names = [_normal(p.text) for p in header.cells]
    number_first = header.roles[0] == "number"
    chunks: list[_Chunk] = []
    previous_number: int | None = None
    rows_so_far = False  # a row (not only section rows) read yet
    last_line_text = ""
    j = header.next_line
    end = header.cells[-1].start + len(header.cells[-1].text)
    while j < len(lines):
        line = lines[j]
        text = line.text
        if header.style == "pipe" and RULE.match(text):
            j += 1
            continue
        if _ends_table(text):
            if rows_so_far:
                break
            j += 1
            continue
        current = chunks[-1] if chunks and not chunks[-1].section else None
        if rows_so_far and _signed(lines, j, current, width):
            break
        if header.style == "cells":
            repeated = _repeated_cells_header(lines, j, header_names)
            if repeated:
                j += repeated
                continue
            pieces = [Piece(text, line.start, True)]
        elif header.style == "pipe":
            pieces = _pipe_cells(line) if PIPE.search(text) else [Piece(text, line.start, True)]
        else:
            pieces = _gap_cells(line)
        names = [_normal(p.text) for p in pieces]
        if len(pieces) > 1 and names[: len(header_names)] == header_names:
            j += 1  # the header again
            continue
        filled = [p for p in pieces if p.text]
        if not filled:
            j += 1
            continue
        if len(filled) > 1 and _info_table([p.text for p in filled]):
            if rows_so_far:
                break  # the page's information table under the task table
            j += 1
            continue
        heading = _section_piece(filled)
        if heading is not None:
            chunks.append(_Chunk([heading], section=True))
            last_line_text = text
            end = line.end
            j += 1
            continue
        numeral = _numeral_section(filled, lines[j + 1] if j + 1 < len(lines) else None)
        if numeral is not None:  # 一 in the 序号 cell, the section's title beside it
            chunks.append(_Chunk(numeral, section=True))
            last_line_text = text
            end = numeral[-1].start + len(numeral[-1].text)
            j += 1 if len(filled) == 2 else 2
            continue
        first = filled[0].text
        number = NUMBER.match(first)
        starts = False
        if current is None:
            starts = True
        elif header.style == "cells":
            starts = number_first and number and _in_sequence(number, previous_number)
        else:
            numbered = number_first and number
            starts = bool(
                (numbered and (len(filled) > 1 or _in_sequence(number, previous_number)))
                or (header.outer and text[0] in "|｜")
                or len(pieces) >= width
            )
            if not starts and _table_ended(header, current, pieces, last_line_text, width):
                break
        if starts and number_first and number:
            previous_number = int(number.group("n"))
        kept = pieces if header.explicit else filled
        if starts:
            chunks.append(_Chunk(list(kept), numbered=bool(number_first and number)))
            rows_so_far = True
        else:
            current.pieces.extend(kept)
        last_line_text = text
        end = line.end
        j += 1
    return _assemble(header, chunks, end)


def _in_sequence(number: re.Match, previous: int | None) -> bool:
    value = int(number.group("n"))
    if previous is None:
        return True
    return previous <= value <= previous + NUMBER_GAP or value == 1


def _section_piece(filled: list[Piece]) -> Piece | None:
    """A section row: `一、…` alone on its line (or in every cell of it)."""
    if len({p.text for p in filled}) != 1:
        return None
    text = filled[0].text
    if len(text) > 40:
        return None
    heading = section_heading(Line(text, 0, len(text)))
    if heading and not heading[2]:
        return filled[0]
    return None


def _numeral_section(filled: list[Piece], following: Line | None) -> list[Piece] | None:
    """A section row written `一` (its 序号) and its title, on one line (two cells) or, one
    cell per line, on two."""
    if not NUMERAL.match(filled[0].text):
        return None
    if len(filled) == 2:
        title = filled[1]
    elif len(filled) == 1 and following is not None and not GAP.search(following.text):
        title = Piece(following.text, following.start, True)
    else:
        return None
    if len(title.text) > 40 or "。" in title.text or NUMBER.match(title.text):
        return None
    return [filled[0], title]


def _column(roles: list[str], role: str, default: int) -> int:
    return roles.index(role) if role in roles else default


def _ends_table(text: str) -> bool:
    """Below the table: a page's chrome, its metadata, an attachment's label."""
    if header_role(text) is not None:
        return False
    if METADATA_LABEL.match(text):
        return True
    return is_chrome(text) and not text.startswith(("内容", "标题"))


def _signed(lines: list[Line], j: int, current: "_Chunk | None", width: int) -> bool:
    """The signature and date under the table: an issuer's line followed by a date line, or a
    date line alone after a complete row (a 完成时限 cell may read as a date too)."""
    text = lines[j].text
    if DATE_LINE.match(text):
        return (
            current is not None
            and len(current.pieces) >= width
            and (j + 1 == len(lines) or not NUMBER.match(lines[j + 1].text))
        )
    names = signature_parts(text)
    if not names:
        return False
    if names[1]:
        return True
    return j + 1 < len(lines) and bool(DATE_LINE.match(lines[j + 1].text))


def _table_ended(header: _Header, current: _Chunk, pieces, last_text: str, width: int) -> bool:
    """A line with no cell separator after a complete row: prose under the table."""
    if len(pieces) > 1:
        return False
    if header.style == "pipe" and header.outer:
        return last_text[-1:] in "|｜"
    complete = len(current.pieces) >= width
    return complete and not last_text.endswith(JOINERS)


def _repeated_cells_header(lines: list[Line], j: int, names: list[str]) -> int:
    if _normal(lines[j].text) != names[0] or j + len(names) > len(lines):
        return 0
    if all(_normal(lines[j + k].text) == name for k, name in enumerate(names)):
        return len(names)
    return 0


def _assemble(header: _Header, chunks: list[_Chunk], end: int) -> TextTable | None:
    roles = header.roles
    width = len(roles)
    explicit = header.explicit
    rows: list[_Row] = []
    has_above = False
    for chunk in chunks:
        if chunk.section:
            cells: list[str | None] = [""] * width
            offsets = [-1] * width
            places = [0] if len(chunk.pieces) == 1 else [_column(roles, "number", 0),
                                                         _column(roles, "title", 1)]  # fmt: skip
            for place, piece in zip(places, chunk.pieces, strict=True):
                cells[place], offsets[place] = piece.text, piece.start
            rows.append(_Row(cells, offsets, section=True))
            has_above = False
            continue
        if _whole_row(chunk, roles, header.style):
            cells = [p.text for p in chunk.pieces]
            offsets = [p.start for p in chunk.pieces]
            rows.append(_Row(cells, offsets, 0, width - 1))
        else:
            rows.extend(
                _align(chunk.pieces, roles, explicit=explicit, spaces=header.style == "spaces",
                       has_above=has_above)
            )  # fmt: skip
        has_above = True
    if header.style == "cells" and _closing_prose(rows, roles):
        end = max(o for o in rows.pop().offsets if o >= 0)  # a paragraph under the table
    data = [r for r in rows if not r.section]
    if not data:
        return None
    cut_off_at = _fill(rows, roles, explicit)
    table_rows = [[p.text for p in header.cells]]
    table_offsets = [[p.start for p in header.cells]]
    for row in rows:
        table_rows.append([c or "" for c in row.cells])
        table_offsets.append(row.offsets)
    return TextTable(
        style=header.style,
        roles=list(roles),
        rows=table_rows,
        cell_offsets=table_offsets,
        start=header.cells[0].start,
        end=end,
        cut_off_at=cut_off_at,
        sections=sum(1 for r in rows if r.section),
    )


def _closing_prose(rows: list[_Row], roles: list[str]) -> bool:
    """One cell per line gives no table end: a last row made of one sentence alone, in the
    text column of a row merged with the one above, is the paragraph under the table."""
    data = [r for r in rows if not r.section]
    if len(data) < 2 or rows[-1].section:
        return False
    last = rows[-1]
    given = [c for c, cell in enumerate(last.cells) if cell is not None]
    if len(given) != 1 or last.first == 0 or roles[given[0]] not in ("title", "text"):
        return False
    text = last.cells[given[0]]
    return "\n" not in text and text.endswith(("。", "！", "!")) and len(text) >= 15


def _whole_row(chunk: _Chunk, roles: list[str], style: str) -> bool:
    """A chunk that is one row, a piece a cell: a line of full width, or (one cell per line) a
    numbered run of as many pieces as columns, each fitting its column."""
    if len(chunk.pieces) != len(roles):
        return False
    if style == "cells":
        return chunk.numbered and all(
            _fit(role, p.text) > 0 for role, p in zip(roles, chunk.pieces, strict=True)
        )
    return all(not p.new_line for p in chunk.pieces[1:])


def _fill(rows: list[_Row], roles: list[str], explicit: bool) -> int | None:
    """Missing cells: a leading one (and a grouping 重点任务 or 板块) is the merged cell of the
    row above; in tables that write empty cells, any missing cell is. Returns where a last row
    that seems cut off starts."""
    width = len(roles)
    grouping = {"section"} | ({"title"} if "text" in roles else set())
    data = [r for r in rows if not r.section]
    last = data[-1]
    cut_off_at = None
    previous: _Row | None = None
    for row in rows:
        if row.section:
            previous = None
            continue
        is_last = row is last
        filled_above: set[int] = set()
        has_text = any(row.cells[c] for c in range(width) if roles[c] == "text")
        for column in range(width):
            if row.cells[column] == "" and roles[column] in grouping and has_text:
                row.cells[column] = None  # an empty 重点任务 under a filled one: the same group
            if row.cells[column] is not None:
                continue
            leading = column < row.first
            trailing = column > row.last
            from_above = previous is not None and (
                leading or roles[column] in grouping or (explicit and not trailing)
            )
            if from_above and roles[column] != "number":
                row.cells[column] = previous.cells[column]
                filled_above.add(column)
            else:
                row.cells[column] = ""
            row.offsets[column] = -1
        number = roles.index("number") if "number" in roles else None
        if number is not None and row.offsets[number] < 0 and previous is not None:
            title = roles.index("title")
            if title in filled_above:  # the same task: its 序号 is the merged one above
                row.cells[number] = previous.cells[number]
        if is_last:
            missing = [
                c
                for c in range(row.last + 1, width)
                if roles[c] in ("title", "text", "lead", "co", "deadline")
            ]
            if missing and (explicit or len(missing) >= 2):
                cut_off_at = min(o for o in row.offsets if o >= 0)
        previous = row
    return cut_off_at


# ---------------------------------------------------------------------------------------------
# The alignment: pieces → rows of cells


def _align(
    pieces: list[Piece], roles: list[str], *, explicit: bool, spaces: bool, has_above: bool
) -> list[_Row]:
    """Cut a run of pieces into rows, each piece (or run of pieces) into a column, for the best
    total fit. States (piece, column, whether the row has a piece yet); a row breaks only at a
    line's start; a cell takes several pieces only across lines (or, with spaces, at a cost)."""
    n, m = len(pieces), len(roles)
    if n == 0:
        return []
    single = [[_fit(role, p.text) for role in roles] for p in pieces]
    # best[f][i][j]: best score with pieces[:i] used and column j next; f: the row has a piece
    best = [[[NEG] * (m + 1) for _ in range(n + 1)] for _ in range(2)]
    back: list[list[list[tuple | None]]] = [
        [[None] * (m + 1) for _ in range(n + 1)] for _ in range(2)
    ]
    best[0][0][0] = 0.0
    leading_cost = MERGED_SKIP if has_above else FIRST_ROW_SKIP

    def relax(f, i, j, value, origin):
        if value > best[f][i][j]:
            best[f][i][j] = value
            back[f][i][j] = origin

    def step(f, i, j):
        here = best[f][i][j]
        if here == NEG or j >= m:
            return
        role = roles[j]
        skip = leading_cost if f == 0 else (EXPLICIT_SKIP if explicit else MISSING[role])
        relax(f, i, j + 1, here - skip, (f, i, j, "skip", 0))
        if i == n:
            return
        relax(1, i + 1, j + 1, here + single[i][j], (f, i, j, "take", 1))
        for k, fit in joined(i, j):
            relax(1, i + k, j + 1, here + fit, (f, i, j, "take", k))

    @cache
    def joined(i: int, j: int) -> list[tuple[int, float]]:
        """(k, fit less the cost of joining) for pieces[i:i+k] in column j, k ≥ 2."""
        role = roles[j]
        found, cost, text = [], 0.0, pieces[i].text
        for k in range(2, min(MAX_PIECES.get(role, MAX_JOIN), n - i) + 1):
            piece = pieces[i + k - 1]
            if NUMBER.match(piece.text):
                break  # a 序号 starts a row; it is not a cell's continuation
            if not piece.new_line:
                if not spaces:
                    break
                cost += SAME_LINE_JOIN
            cost += JOIN[role]
            if cost > MAX_JOIN_COST:
                break
            text = f"{text}\n{piece.text}"
            found.append((k, _fit(role, text) - cost))
        return found

    for i in range(n + 1):
        for j in range(m):
            step(1, i, j)
        if i < n and pieces[i].new_line and best[1][i][m] > NEG:
            relax(0, i, 0, best[1][i][m] - ROW_BREAK, (1, i, m, "break", 0))
            leading_cost = MERGED_SKIP
        for j in range(m):
            step(0, i, j)
    if best[1][n][m] == NEG:
        return []
    # Walk back.
    rows: list[_Row] = []
    cells: list[str | None] = [None] * m
    offsets = [-1] * m
    f, i, j = 1, n, m

    def close():
        given = [c for c in range(m) if cells[c] is not None]
        rows.append(
            _Row(list(cells), list(offsets), given[0] if given else 0,
                 given[-1] if given else -1)
        )  # fmt: skip

    while back[f][i][j] is not None:
        pf, pi, pj, action, k = back[f][i][j]
        if action == "take":
            taken = pieces[pi : pi + k]
            cells[pj] = "\n".join(p.text for p in taken)
            offsets[pj] = taken[0].start
        elif action == "break":
            close()
            cells, offsets = [None] * m, [-1] * m
        f, i, j = pf, pi, pj
    close()
    rows.reverse()
    return rows


@lru_cache(maxsize=8192)
def _fit(role: str, text: str) -> float:
    """How well a cell's text fits a column's role (about -8 to +4)."""
    text = text.strip()
    if not text:
        return 0.0
    length = len(text)
    number = NUMBER.match(text) is not None
    if role == "number":
        if number:
            return 4.0
        numeral = re.sub(r"[、.．]", "", text)
        return 1.0 if len(numeral) <= 3 and chinese_to_int(numeral) else -8.0
    if number:
        return -6.0
    if role == "deadline":
        if "。" in text[:-1] or length > 40:
            return -5.0
        if DEADLINE_HINT.search(text) and length <= 25:
            return 3.0
        if DEADLINE_WORD.search(text) and length <= 12:
            return 2.0
        return -1.0 if length <= 10 else -5.0
    if role in ("lead", "co"):
        return _units_fit(text)
    if role == "leader":
        parts = [p for p in UNIT_SPLIT.split(text) if p]
        if parts and all(looks_like_person(p) for p in parts):
            return 3.0
        return 0.0 if length <= 20 else -4.0
    unit_like = length <= 12 and _units_fit(text) >= 2.0
    if role == "title":
        if unit_like:
            return 0.3
        return 1.5 if 2 <= length <= 60 else (0.5 if length > 60 else -1.0)
    if role == "text":
        if unit_like:
            return 0.0
        return 2.5 if length >= 10 else (1.0 if length >= 4 else 0.0)
    if role == "section":
        heading = section_heading(Line(text, 0, length))
        return 2.0 if heading else (0.3 if length <= 30 else -1.0)
    return 0.3


def _units_fit(text: str) -> float:
    if "。" in text or len(text) > 100:
        return -4.0
    parts = [p for p in UNIT_SPLIT.split(text) if p]
    if not parts:
        return 0.0
    people = sum(1 for p in parts if looks_like_person(p))
    if people:
        return -2.0 * people
    unitish = sum(1 for p in parts if UNIT_SUFFIX.search(p) or EXTRA_UNIT_SUFFIX.search(p))
    if unitish == len(parts):
        return 2.5
    if DEADLINE_HINT.search(text):
        return -3.0
    if unitish:
        return 1.0
    return 0.0 if len(text) <= 20 else -2.0


# ---------------------------------------------------------------------------------------------
# Task cards: a table pasted one task at a time, each cell under its label
#
#   任务一                      (a card's header: 任务一, 第一项, （一）, 一、… — optional)
#   具体任务                    (a label line: a header word alone)
#   为辖区65岁及以上老年人…      (its value, on the next line or lines)
#   责任单位：镇卫生院           (or label and value on one line)
#   完成时限
#   2024年9月底前
#
# Each card is one task row under a header made of the labels. A card starts at its header, or
# at a label the card being read already has. Cards are read only when at least two of them
# each give a task and its units or deadline (or a single card gives its task, units and
# deadline), and every card gives a task: a plan in prose with a `牵头单位：…` line, or
# headings such as 主要任务 and 保障措施, stays prose.

CARD_ROLES = ("lead", "co", "deadline")  # besides the task, a card gives at least one of these
MAX_LABEL = 12
MAX_CARD_TITLE = 40
MAX_CARD_TASK = 300  # 任务一：followed by the task itself
CARD_NUMERAL = r"[一二三四五六七八九十百]{1,4}|\d{1,3}"
CARD_HEADER = re.compile(
    rf"^[【\[]?(?:(?P<kind_task>任务|事项|项目)\s*(?P<a>{CARD_NUMERAL})"
    rf"|第\s*(?P<b>{CARD_NUMERAL})\s*(?:项|条|个|部分)"
    rf"|[（(]\s*(?P<c>{CARD_NUMERAL})\s*[）)]"
    rf"|(?P<d>{CARD_NUMERAL})\s*(?:、|[.．](?!\d)))"
    r"[】\]]?\s*[:：、.．]?\s*(?P<title>.*)$"
)
LABEL_WORD = re.compile(r"[\u4e00-\u9fff（）()]+")
COLON = re.compile(r"[:：]")
LABEL_SPLIT = re.compile(r"\s*[:：]\s*|\t+|[ \u3000\xa0]+")
SEPARATOR = re.compile(r"^[-—–=_*·…~\s]{3,}$")


@dataclass
class _Field:
    name: str  # the label, as a header cell
    label: Piece
    pieces: list[Piece] = field(default_factory=list)

    @property
    def value(self) -> str:
        return "\n".join(p.text for p in self.pieces).strip()


@dataclass
class _Card:
    start: int
    number: Piece | None = None
    title: Piece | None = None
    # its header: task (任务一, 第一项), item (（一）, 1.), top (一、: a card's own, or a section's
    # over several cards)
    kind: str = ""
    fields: list[_Field] = field(default_factory=list)

    def names(self) -> set[str]:
        return {f.name for f in self.fields}

    def role_values(self, roles: dict[str, str]) -> set[str]:
        return {roles.get(f.name) for f in self.fields if f.value}


def find_cards(text: str) -> TextTable | None:
    """Task cards pasted as label and value lines, as a table (style `cards`), or None."""
    lines = _lines(text)
    cards: list[_Card] = []
    current: _Card | None = None
    open_field: _Field | None = None
    j = 0
    while j < len(lines):
        line = lines[j]
        if SEPARATOR.match(line.text):
            j += 1  # a rule between cards
            continue
        header = _card_header(lines, j)
        if header is not None:
            current = header
            cards.append(current)
            open_field = None
            j += 1
            continue
        label = _card_label(line)
        if label is not None:
            name, role, label_piece, value = label
            if current is None and value is not None and role not in TASK_ROLES:
                j += 1  # 填报单位：… above the cards: the page's, not a card's
                continue
            if current is None or name in current.names():
                current = _Card(start=line.start)
                cards.append(current)
            open_field = _Field(name, label_piece, [value] if value is not None else [])
            current.fields.append(open_field)
            j += 1
            continue
        if current is None or open_field is None:
            j += 1  # above the cards
            continue
        if _ends_table(line.text) or _card_signed(lines, j, open_field):
            break
        open_field.pieces.append(Piece(line.text, line.start, True))
        j += 1
    return _cards_table(cards)


def _card_label(line: Line) -> tuple[str, str, Piece, Piece | None] | None:
    """(name, role, label, value) of a label line: a header word alone (`具体任务`, `完成时限：`),
    or a label and its value (`责任单位：卫健局`; a two-column card copied as text:
    `责任单位⇥卫健局`); None for any other line."""
    text = line.text
    split = LABEL_SPLIT.search(text)
    raw = text[: split.start()] if split else text
    opening = len(raw) - len(raw.lstrip("【[ "))
    raw = raw.strip("【】[] ")
    if not raw or len(raw) > MAX_LABEL or not LABEL_WORD.fullmatch(raw) or CARD_HEADER.match(raw):
        return None  # (任务一 is a card's header)
    name, role = header_name(raw), header_role(raw)
    if not name or role is None:
        return None
    value_text = text[split.end() :].strip() if split else ""
    if not _dictionary_word(name) and (not value_text or not COLON.match(split.group().strip())):
        return None  # a short line that only reads like a header (完成任务): a value
    label = Piece(raw, line.start + opening, True)
    if not value_text:
        return name, role, label, None
    at = line.start + text.index(value_text, split.end())
    return name, role, label, Piece(value_text, at, True)


def _dictionary_word(name: str) -> bool:
    return any(name in words or any(name.startswith(w) for w in words if len(w) >= 3)
               for words in COLUMNS.values())  # fmt: skip


def _card_header(lines: list[Line], j: int) -> _Card | None:
    """A card's header (任务一, 第一项, （一）, 一、title), right above a label line (or a section's
    heading `一、…` above a card's header). After 任务一 / 第一项 the title may be the task itself
    (`任务一：新建社区健身广场5个。`)."""
    line = lines[j]
    match = CARD_HEADER.match(line.text)
    if not match or j + 1 >= len(lines):
        return None
    if match.group("a") or match.group("b"):
        kind = "task"
    else:  # 一、 may head a section over cards; （一）, 1. head one card
        kind = "top" if match.group("d") and not match.group("d").isdigit() else "item"
    title = match.group("title").strip()
    sentence = len(title) > MAX_CARD_TITLE or "。" in (title if kind == "task" else title[:-1])
    if sentence and (kind != "task" or len(title) > MAX_CARD_TASK):
        return None
    following = lines[j + 1]
    if _card_label(following) is None and not (
        kind == "top" and CARD_HEADER.match(following.text) and j + 2 < len(lines)
        and _card_label(lines[j + 2]) is not None
    ):  # fmt: skip
        return None
    number = next(match.group(g) for g in "abcd" if match.group(g))
    card = _Card(start=line.start, kind=kind)
    card.number = Piece(number, line.start + line.text.index(number), True)
    if title:
        at_title = line.start + line.text.rindex(title)
        card.title = Piece(title if sentence else title.rstrip("。"), at_title, True)
    return card


def _card_signed(lines: list[Line], j: int, open_field: _Field | None) -> bool:
    """The date or signature under the last card (a date as a 完成时限 value is not)."""
    text = lines[j].text
    if DATE_LINE.match(text):
        return open_field is not None and bool(open_field.pieces)
    names = signature_parts(text)
    if not names:
        return False
    return bool(names[1]) or (j + 1 < len(lines) and bool(DATE_LINE.match(lines[j + 1].text)))


def _cards_table(cards: list[_Card]) -> TextTable | None:
    if not cards:
        return None
    cards = _sections_of_cards(cards)
    columns = _card_columns(cards)
    if columns is None:
        return None
    while cards and not (cards[-1].fields and _has_task(cards[-1], columns[2])):
        cards.pop()  # after the last card: a `责任单位：…` line of the text under it, a heading
    columns = _card_columns(cards)
    if columns is None:
        return None
    names, labels, roles, head, found = columns
    data = [c for c in cards if c.fields]
    tasks = [c for c in data if _has_task(c, roles)]
    full = [c for c in tasks if c.role_values(roles) & set(CARD_ROLES)]
    # One card alone is a card when it gives its task, its units and its deadline.
    single = len(data) == 1 and len(data[0].role_values(roles) & set(CARD_ROLES)) >= 2
    if (len(full) < 2 and not (single and full)) or len(tasks) < len(data):
        return None
    numbered, titled = "序号" in head, "重点任务" in head
    _trim_last(data[-1], roles)
    kept = data[-1].fields[-1].pieces or [data[-1].fields[-1].label]
    end = kept[-1].start + len(kept[-1].text)
    first = cards[0].start
    header_cells = [Piece(h, first, True) for h in head] + [labels[n] for n in names]
    width = len(header_cells)
    rows, offsets, sections = [], [], 0
    for card in cards:
        if not card.fields:  # a section's heading
            heading = f"{card.number.text}、{card.title.text if card.title else ''}"
            rows.append([heading] + [""] * (width - 1))
            offsets.append([card.start] + [-1] * (width - 1))
            sections += 1
            continue
        cells = [""] * width
        at = [-1] * width
        column = 0
        for piece, wanted in ((card.number, numbered), (card.title, titled)):
            if wanted:
                if piece is not None:
                    cells[column], at[column] = piece.text, piece.start
                column += 1
        for f in card.fields:
            index = len(head) + names.index(f.name)
            if f.value and not cells[index]:
                cells[index], at[index] = f.value, f.pieces[0].start
        rows.append(cells)
        offsets.append(at)
    return TextTable(
        style="cards",
        roles=found[0],
        rows=[[p.text for p in header_cells]] + rows,
        cell_offsets=[[p.start for p in header_cells]] + offsets,
        start=first,
        end=end,
        sections=sections,
    )


def _card_columns(
    cards: list[_Card],
) -> tuple[list[str], dict[str, Piece], dict[str, str], list[str], tuple] | None:
    """(label names, their first label, role by name, the columns before them, the header's
    reading) for the cards, or None when the labels name no task and units or deadline."""
    names: list[str] = []
    labels: dict[str, Piece] = {}
    for card in cards:
        for f in card.fields:
            if f.name not in labels:
                names.append(f.name)
                labels[f.name] = f.label
    data = [c for c in cards if c.fields]
    head = (["序号"] if any(c.number is not None for c in data) else []) + (
        ["重点任务"] if any(c.title is not None for c in data) else []
    )
    found = read_header(head + names)
    if not found:
        return None
    roles = dict(zip(names, found[0][len(head) :], strict=True))
    return names, labels, roles, head, found


def _has_task(card: _Card, roles: dict[str, str]) -> bool:
    """A card gives a task: a task label's value, or the task after 任务一："""
    return bool(card.role_values(roles) & set(TASK_ROLES)) or (
        card.kind == "task" and card.title is not None
    )


def _sections_of_cards(cards: list[_Card]) -> list[_Card]:
    """`一、…` headers are sections when cards without a header of their own follow them (or a
    card's header comes right under one); else each is its card's header."""
    sections = any(
        card.kind == "top"
        and (not card.fields or (k + 1 < len(cards) and cards[k + 1].number is None))
        for k, card in enumerate(cards)
    )
    if not sections:
        return cards
    out = []
    for card in cards:
        if card.kind == "top":
            out.append(_Card(start=card.start, number=card.number, title=card.title, kind="top"))
            if card.fields:
                out.append(_Card(start=card.fields[0].label.start, fields=card.fields))
        else:
            out.append(card)
    return out


def _trim_last(card: _Card, roles: dict[str, str]) -> None:
    """The last value of the last card runs to the end of the text: keep what reads as that
    value (one line of deadline, lines of units, a task's unfinished sentence)."""
    last = card.fields[-1]
    role = roles.get(last.name)
    kept: list[Piece] = []
    for piece in last.pieces:
        if kept:
            previous = kept[-1].text
            if role in ("deadline", "number"):
                break
            if role in ("lead", "co", "leader"):
                if _units_fit(piece.text) <= 0 or "。" in piece.text:
                    break
            elif previous.endswith(("。", "！", "!", "？", "?")):
                break
        kept.append(piece)
    last.pieces = kept
