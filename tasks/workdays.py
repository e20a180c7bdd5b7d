"""Working days: Monday to Friday, less the public holidays, plus the 调休 weekend working days
the admin enters for the year. Plain functions over a WorkCalendar (sets of dates)."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)  # weekend days worked

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def on_or_after(self, day: dt.date) -> dt.date:
        """A due date on a holiday or weekend moves to the next working day."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add(self, day: dt.date, count: int) -> dt.date:
        """`count` working days after (or, negative, before) `day`."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_workday(day):
                remaining -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end == start:
            return 0
        sign, low, high = (1, start, end) if end > start else (-1, end, start)
        count, day = 0, low
        while day < high:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return sign * count


def calendar_for(bureau_id: int) -> WorkCalendar:
    from tasks.models import CalendarDay

    holidays, workdays = set(), set()
    for day, kind in CalendarDay.objects.filter(bureau_id=bureau_id).values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
    return WorkCalendar(frozenset(holidays), frozenset(workdays))
