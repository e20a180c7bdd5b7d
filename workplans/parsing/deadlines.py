"""Deadline words in a task → a date in the plan's year, keeping the words as written.

`年内` / `年底前` → 12-31, `6月底前` → 06-30, `上半年` → 06-30, `三季度` → 09-30,
`2021年12月31日前` → that day. When a task names several (6月底前完成招标，9月底前开工), the
latest is its deadline; the earlier ones are milestones.
"""

import calendar
import datetime as dt
import re

from workplans.parsing.numbers import to_number

MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
NOT_AFTER_NUMERAL = r"(?<![\d一二三四五六七八九十两几多])"

PATTERNS = [
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
QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def _month(text: str) -> int:
    return int(to_number(text))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve(kind: str, match: re.Match, year: int) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups.get("y") or year)
    try:
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


def find_deadline(text: str, year: int | None) -> tuple[dt.date | None, str | None]:
    """The task's deadline and the words it came from, or (None, None)."""
    if not year:
        return None, None
    found: list[tuple[dt.date, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b or a < match.end() <= b for a, b in taken):
                continue
            # Claim the words even when the date is out of range, so that the month and day of
            # 2020年12月31日 are not read again as this year's.
            taken.append((match.start(), match.end()))
            date = _resolve(kind, match, year)
            if date is None or date.year < year or date.year > year + 1:
                continue
            found.append((date, match.start(), match.group(0)))
    if not found:
        return None, None
    date, _, words = max(found, key=lambda item: (item[0], -item[1]))
    return date, words
