"""Deadline words in a task → a date in the plan's year, keeping the words as written.

`年内` / `年底前` → 12-31, `6月底前` → 06-30, `上半年` → 06-30, `三季度` → 09-30,
`2021年12月31日前` → that day. A span (`2024年8月—2025年9月`, `8月至10月`) ends on its last
day. When a task names several (6月底前完成招标，9月底前开工), the latest is its deadline; the
earlier ones are milestones. A date written with its year may fall in the years after the plan's
when it ends a span or follows 到 (`到2026年` → 2026-12-31); other dates are kept to the plan's
year and the next.

`长期推进` / `持续推进` / `长期坚持` given as the deadline (a 完成时限 cell, a trailing
`（长期推进）`) name no date by design: `is_ongoing` tells them apart from the same verbs opening a
task (`持续推进医共体建设` is a task, not a deadline).
"""

import calendar
import datetime as dt
import re

from workplans.parsing.numbers import to_number

MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
NOT_AFTER_NUMERAL = r"(?<![\d一二三四五六七八九十两几多])"
DASH = r"\s*(?:—{1,2}|–|－|-|~|～|至|到)\s*"
END = r"(?:底|末)?(?:前|之前|以前)?"

PATTERNS = [
    # Spans first, so that their ends are not read again alone; the date is the span's end.
    (
        "span",
        re.compile(
            rf"(?P<y1>20\d\d)\s*年\s*{MONTH}\s*月(?:{DAY}日)?{DASH}"
            rf"(?:(?P<y>20\d\d)\s*年\s*)?(?P<m>{MONTH})\s*月(?:(?P<d>{DAY})日)?{END}"
        ),
    ),
    (
        "span",
        re.compile(
            rf"(?<!每年){NOT_AFTER_NUMERAL}(?<!年){MONTH}\s*月?(?:{DAY}日)?{DASH}"
            rf"(?:(?P<y>20\d\d)\s*年\s*)?(?P<m>{MONTH})\s*月(?:份)?(?:(?P<d>{DAY})日)?{END}"
        ),
    ),
    # `到2026年` / `到2026年底` / `到2025年6月底`: the end of that year (or month).
    (
        "until",
        re.compile(
            rf"(?:(?<=到)|(?<=至)|(?<=截至)|(?<=截止))\s*(?P<y>20\d\d)\s*年"
            rf"(?:\s*(?P<m>{MONTH})\s*月(?:(?P<d>{DAY})日)?)?{END}"
        ),
    ),
    ("date", re.compile(rf"(?P<y>20\d\d)年(?P<m>{MONTH})月(?P<d>{DAY})日(?:前|之前|以前)?")),
    ("date", re.compile(rf"(?P<y>20\d\d)[-/.](?P<m>{MONTH})[-/.](?P<d>{DAY})(?!\d)")),
    ("yearend", re.compile(r"(?P<y>20\d\d)\s*年(?:底前|底|末前|末|内)")),
    ("month", re.compile(rf"(?P<y>20\d\d)年(?P<m>{MONTH})月(?:底|末)(?:前|之前)?")),
    ("month", re.compile(rf"(?P<y>20\d\d)年(?P<m>{MONTH})月(?:前|之前)")),
    ("date", re.compile(rf"{NOT_AFTER_NUMERAL}(?P<m>{MONTH})月(?P<d>{DAY})日(?:前|之前|以前)")),
    ("month", re.compile(rf"{NOT_AFTER_NUMERAL}(?<!年)(?P<m>{MONTH})月(?:底|末|份)(?:前|之前)?")),
    ("month", re.compile(rf"{NOT_AFTER_NUMERAL}(?<!年)(?P<m>{MONTH})月(?:前|之前)")),
    ("quarter", re.compile(r"(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?(?:前)?")),
    ("half1", re.compile(r"上半年")),
    ("half1", re.compile(r"年中(?:前)?")),
    ("yearend", re.compile(r"下半年")),
    ("yearend", re.compile(rf"{NOT_AFTER_NUMERAL}(?<!今)年(?:内|底前|底|末前|末)")),
    ("yearend", re.compile(r"(?:今年|本年度)(?:内|底前|底)|年度内")),
]
# In a deadline column the bare date is the deadline (`2024年12月`, `12月31日`, `2024.6`); in a
# task's text the same words are more often when something happens (`5月12日举办…`).
CELL_PATTERNS = [
    ("date", re.compile(rf"{NOT_AFTER_NUMERAL}(?P<m>{MONTH})月(?P<d>{DAY})日")),
    ("month", re.compile(rf"(?P<y>20\d\d)\s*年\s*(?P<m>{MONTH})\s*月")),
    ("month", re.compile(r"(?P<y>20\d\d)[.．/-](?P<m>1[0-2]|0?[1-9])(?![\d.．/-])")),
    ("month", re.compile(rf"^\s*(?P<m>{MONTH})\s*月(?:份)?\s*$")),
    ("yearend", re.compile(r"^\s*(?P<y>20\d\d)\s*年?\s*$")),
]
QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
# How far past the plan's year a written `到2026年` or span end may fall: a multi-year plan's
# year is its first (an action plan for 2024—2026 runs to 2026); a vision (`到2035年`) is no
# task's deadline.
LATER_YEARS = 3

ONGOING_WORDS = (
    r"(?:长期|持续|常态化|常年)(?:推进|坚持|开展|实施|落实|执行|抓好|进行)?"
    r"|长期性工作|持续性工作|常态化工作"
)
# The whole of a deadline cell, or a clause of its own: `（长期推进）`, `，持续开展。`,
# `完成时限：长期坚持`. Not the same verbs opening a task (`持续推进医共体建设`).
ONGOING_ALONE = re.compile(rf"^\s*(?:{ONGOING_WORDS})\s*[。.]?\s*$")
ONGOING_CLAUSE = re.compile(
    rf"(?:[（(]|(?:完成)?(?:时限|时间|期限)(?:要求)?\s*[:：]\s*)(?:{ONGOING_WORDS})\s*[）);；，,。\n]?"
    rf"|(?<=[，,；;。\n])\s*(?:(?:此项|该项|本项|上述|以上|各项)?工作)?(?:{ONGOING_WORDS})\s*(?=[。；;]|$)"
)


def _month(text: str) -> int:
    return int(to_number(text))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(kind: str, match: re.Match, year: int) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups.get("y") or groups.get("y1") or year)
    try:
        if kind == "until" and not groups.get("m"):
            return dt.date(year, 12, 31)
        if kind in ("span", "until"):
            month = _month(groups["m"])
            if groups.get("d"):
                return dt.date(year, month, int(groups["d"]))
            return _month_end(year, month)
        if kind == "date":
            return dt.date(year, _month(groups["m"]), int(groups["d"]))
        if kind == "month":
            return _month_end(year, _month(groups["m"]))
        if kind == "quarter":
            return _month_end(year, QUARTERS[groups["q"]])
        if kind == "half1":
            return dt.date(year, 6, 30)
        return dt.date(year, 12, 31)
    except (ValueError, TypeError, KeyError):
        return None


def find_deadline(
    text: str, year: int | None, *, cell: bool = False, until: int | None = None
) -> tuple[dt.date | None, str | None]:
    """The task's deadline and the words it came from, or (None, None).

    `cell`: the text is a deadline column's cell, where a bare date (`2024年12月`, `12月31日`,
    `2024.6`, `2024年`) is the deadline too. `until`: the last year of a multi-year plan
    (2019—2030年), up to which `到2030年` is a deadline."""
    if not year:
        return None, None
    found: list[tuple[dt.date, int, str]] = []
    taken = bytearray(len(text))  # characters already read as a date's words
    for kind, pattern in PATTERNS + (CELL_PATTERNS if cell else []):
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken[start] or taken[end - 1]:
                continue
            # Claim the words even when the date is out of range, so that the month and day of
            # 2020年12月31日 are not read again as this year's.
            taken[start:end] = b"\x01" * (end - start)
            date = _resolve(kind, match, year)
            written = kind in ("span", "until") and match.groupdict().get("y")
            last_year = max(year + (LATER_YEARS if written else 1), until or 0 if written else 0)
            if date is None or date.year < year or date.year > last_year:
                continue
            found.append((date, match.start(), match.group(0).strip()))
    if not found:
        return None, None
    date, _, words = max(found, key=lambda item: (item[0], -item[1]))
    return date, words


def is_ongoing(text: str) -> bool:
    """Whether the deadline given is `长期推进` / `持续推进` / `长期坚持` / `持续开展` and the like:
    the whole text (a deadline cell), or a clause of its own in a task's text."""
    if not text:
        return False
    return bool(ONGOING_ALONE.match(text) or ONGOING_CLAUSE.search(text))
