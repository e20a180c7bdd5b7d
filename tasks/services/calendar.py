"""The bureau's working-day calendar: the State Council's holiday arrangement (放假安排) imported
from the chinesecalendar package, and the days the office enters or changes by hand.

Imported rows are marked `official`; a row the office adds or edits becomes `manual` and no
import touches it again, so the office can always override the national arrangement locally.
"""

import datetime as dt
from collections.abc import Iterable

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tasks.models import CalendarDay
from workplans.models import Bureau
from workplans.validation import validate_fields

# chinese_calendar names its holidays in English (the values of its Holiday enum).
HOLIDAY_NAMES = {
    chinese_calendar.Holiday.new_years_day.value: "元旦",
    chinese_calendar.Holiday.spring_festival.value: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "清明节",
    chinese_calendar.Holiday.labour_day.value: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival.value: "端午节",
    chinese_calendar.Holiday.national_day.value: "国庆节",
    chinese_calendar.Holiday.mid_autumn_festival.value: "中秋节",
    chinese_calendar.Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}
OTHER_HOLIDAY = "法定节假日"  # a holiday a newer package names that this table does not know yet

Kind = CalendarDay.Kind
Source = CalendarDay.Source


def official_days(year: int) -> dict[dt.date, tuple[str, str]] | None:
    """{date: (kind, name)} of the national arrangement for `year`: the holidays and the weekend
    days worked in lieu (调休上班). None when the package has no data for that year yet."""
    if not official_year_known(year):
        return None
    days: dict[dt.date, tuple[str, str]] = {}
    for day, holiday in chinese_calendar.holidays.items():
        if day.year == year:
            days[day] = (Kind.HOLIDAY, HOLIDAY_NAMES.get(holiday, OTHER_HOLIDAY))
    for day, holiday in chinese_calendar.workdays.items():
        if day.year == year:
            days[day] = (Kind.WORKDAY, HOLIDAY_NAMES.get(holiday, OTHER_HOLIDAY) + "调休")
    return days


def official_year_known(year: int) -> bool:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return False
    try:
        # The package raises NotImplementedError for any date of a year it has no data for.
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@transaction.atomic
def calendar_fill(*, bureau: Bureau, year: int) -> dict:
    """Write the national arrangement for `year` into the bureau's calendar.

    Idempotent: a second run changes nothing. Rows the office entered or changed by hand are
    kept as they are; imported rows the package no longer lists (a corrected arrangement) are
    removed. Returns the counts: created, updated, unchanged, kept (hand-made), removed.
    """
    official = official_days(year)
    if official is None:
        raise ValidationError(
            f"{year}年的节假日安排尚未公布（或本系统尚未收录），暂时无法导入；"
            "请在工作日历中手工录入该年的节假日和调休上班日。"
        )
    # Two imports for one bureau at once would both try to create the same days.
    Bureau.objects.select_for_update().filter(pk=bureau.pk).exists()
    existing = {row.date: row for row in CalendarDay.objects.filter(bureau=bureau, date__year=year)}
    counts = dict.fromkeys(("created", "updated", "unchanged", "kept", "removed"), 0)
    new, changed = [], []
    for day, (kind, name) in sorted(official.items()):
        row = existing.get(day)
        if row is None:
            new.append(
                CalendarDay(bureau=bureau, date=day, kind=kind, name=name, source=Source.OFFICIAL)
            )
        elif row.source == Source.MANUAL:
            counts["kept"] += 1
        elif (row.kind, row.name) == (kind, name):
            counts["unchanged"] += 1
        else:
            row.kind, row.name = kind, name
            changed.append(row)
    for row in new + changed:
        validate_fields(row)  # one row per date by construction; the bureau is the caller's
    if new:
        bulk_create_with_history(new, CalendarDay)
    if changed:
        bulk_update_with_history(changed, CalendarDay, ["kind", "name"])
    stale = [
        row.pk
        for day, row in existing.items()
        if row.source == Source.OFFICIAL and day not in official
    ]
    if stale:
        CalendarDay.objects.filter(pk__in=stale).delete()
    counts.update(created=len(new), updated=len(changed), removed=len(stale))
    return counts


def fill_summary(counts: dict) -> str:
    """calendar_fill's counts in words, for the office."""
    text = f"新增 {counts['created']} 天"
    if counts["updated"]:
        text += f"，更新 {counts['updated']} 天"
    if counts["removed"]:
        text += f"，删除已取消的 {counts['removed']} 天"
    if counts["unchanged"]:
        text += f"，{counts['unchanged']} 天已是最新"
    if counts["kept"]:
        text += f"；手工录入或修改过的 {counts['kept']} 天保持不变"
    return text + "。"


def calendar_fill_if_empty(*, bureau: Bureau, years: Iterable[int]) -> list[int]:
    """Import the national arrangement for each of `years` the bureau has no rows for yet.

    A year the package does not know is skipped silently (the office's page warns about it).
    Returns the years filled.
    """
    years = sorted(set(years))
    entered = _years_with_rows(bureau, years)
    filled = []
    for year in years:
        if year not in entered and official_year_known(year):
            calendar_fill(bureau=bureau, year=year)
            filled.append(year)
    return filled


def calendar_years_missing(bureau: Bureau, years: Iterable[int]) -> list[int]:
    """The years among `years` with no official arrangement available and no rows entered: the
    working-day rules fall back to Monday–Friday for them."""
    years = sorted(set(years))
    entered = _years_with_rows(bureau, years)
    return [y for y in years if y not in entered and not official_year_known(y)]


def _years_with_rows(bureau: Bureau, years: list[int]) -> set[int]:
    rows = CalendarDay.objects.filter(bureau=bureau, date__year__in=years)
    return {day.year for day in rows.dates("date", "year")}


@transaction.atomic
def calendar_day_save(*, bureau: Bureau, date: dt.date, kind: str, name: str = "") -> CalendarDay:
    """Add the day to the bureau's calendar, or change the row it has for that date. The row is
    then the office's own (`manual`), and later imports leave it alone."""
    row = CalendarDay.objects.filter(bureau=bureau, date=date).first() or CalendarDay(
        bureau=bureau, date=date
    )
    row.kind, row.name, row.source = kind, name.strip(), Source.MANUAL
    row.full_clean()
    row.save()
    return row


def calendar_day_delete(*, day: CalendarDay) -> None:
    day.delete()


def this_year() -> int:
    return timezone.localdate().year
