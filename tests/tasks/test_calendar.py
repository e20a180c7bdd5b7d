"""The bureau's working-day calendar: importing the national arrangement, the office's page,
the Django admin, and the command."""

import datetime as dt
from io import StringIO

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tasks import services
from tasks.models import CalendarDay
from tasks.services.calendar import (
    calendar_day_save,
    calendar_fill,
    calendar_years_missing,
    official_year_known,
    this_year,
)
from tasks.workdays import calendar_for
from tests.factories import PlanFactory
from tests.tasks.helpers import HX

D = dt.date
Kind = CalendarDay.Kind
Source = CalendarDay.Source
MISSING = "年的节假日安排尚未公布，催办的工作日计算只按周一至周五；公布后请点击导入，或手工添加。"
PAGE = reverse("tasks:calendar")
IMPORT = reverse("tasks:calendar-import")
SAVE = reverse("tasks:calendar-day-save")


def rows(bureau, year=None) -> dict[dt.date, tuple[str, str, str]]:
    days = CalendarDay.objects.filter(bureau=bureau)
    if year:
        days = days.filter(date__year=year)
    return {d.date: (d.kind, d.name, d.source) for d in days}


def delete_url(day: CalendarDay) -> str:
    return reverse("tasks:calendar-day-delete", args=[day.pk])


# Filling from chinese_calendar --------------------------------------------------------------


def test_fill_2024_writes_the_national_holidays_and_adjusted_workdays(world):
    counts = calendar_fill(bureau=world.bureau, year=2024)
    filled = rows(world.bureau, 2024)
    holidays = {d for d in chinese_calendar.holidays if d.year == 2024}
    workdays = {d for d in chinese_calendar.workdays if d.year == 2024}
    assert counts == {"created": len(holidays) + len(workdays), "updated": 0, "unchanged": 0,
                      "kept": 0, "removed": 0}  # fmt: skip
    assert {d for d, (kind, _, _) in filled.items() if kind == Kind.HOLIDAY} == holidays
    assert {d for d, (kind, _, _) in filled.items() if kind == Kind.WORKDAY} == workdays
    # The facts as the State Council published them for 2024.
    assert filled[D(2024, 10, 1)] == (Kind.HOLIDAY, "国庆节", Source.OFFICIAL)
    assert filled[D(2024, 10, 7)] == (Kind.HOLIDAY, "国庆节", Source.OFFICIAL)
    assert filled[D(2024, 10, 12)] == (Kind.WORKDAY, "国庆节调休", Source.OFFICIAL)
    assert filled[D(2024, 9, 29)] == (Kind.WORKDAY, "国庆节调休", Source.OFFICIAL)
    assert filled[D(2024, 2, 4)] == (Kind.WORKDAY, "春节调休", Source.OFFICIAL)
    assert filled[D(2024, 2, 12)] == (Kind.HOLIDAY, "春节", Source.OFFICIAL)
    assert filled[D(2024, 1, 1)] == (Kind.HOLIDAY, "元旦", Source.OFFICIAL)
    assert filled[D(2024, 6, 10)][:2] == (Kind.HOLIDAY, "端午节")
    assert D(2024, 10, 8) not in filled  # an ordinary Tuesday
    assert all(name for _, name, _ in filled.values())
    assert not CalendarDay.objects.filter(bureau=world.other_bureau).exists()


def test_fill_twice_changes_nothing(world):
    first = calendar_fill(bureau=world.bureau, year=2024)
    before = rows(world.bureau)
    history = CalendarDay.history.count()
    second = calendar_fill(bureau=world.bureau, year=2024)
    assert second == {"created": 0, "updated": 0, "unchanged": first["created"], "kept": 0,
                      "removed": 0}  # fmt: skip
    assert rows(world.bureau) == before
    assert CalendarDay.history.count() == history


def test_hand_edits_are_kept_and_stale_imported_rows_refreshed(world):
    calendar_fill(bureau=world.bureau, year=2024)
    # The office works on 7 October and adds a local day off; neither is the package's.
    calendar_day_save(bureau=world.bureau, date=D(2024, 10, 7), kind=Kind.WORKDAY, name="值班")
    calendar_day_save(bureau=world.bureau, date=D(2024, 12, 30), kind=Kind.HOLIDAY, name="局内")
    # An imported row the package no longer lists, and one whose name it has since corrected.
    CalendarDay.objects.create(bureau=world.bureau, date=D(2024, 3, 1), kind=Kind.HOLIDAY,
                               name="旧数据", source=Source.OFFICIAL)  # fmt: skip
    CalendarDay.objects.filter(bureau=world.bureau, date=D(2024, 10, 1)).update(name="国庆")

    counts = calendar_fill(bureau=world.bureau, year=2024)

    assert (counts["kept"], counts["removed"], counts["updated"]) == (1, 1, 1)
    filled = rows(world.bureau, 2024)
    assert filled[D(2024, 10, 7)] == (Kind.WORKDAY, "值班", Source.MANUAL)
    assert filled[D(2024, 12, 30)] == (Kind.HOLIDAY, "局内", Source.MANUAL)
    assert filled[D(2024, 10, 1)] == (Kind.HOLIDAY, "国庆节", Source.OFFICIAL)
    assert D(2024, 3, 1) not in filled


def test_unknown_year_gives_a_chinese_error_and_no_rows(world):
    with pytest.raises(ValidationError) as error:
        calendar_fill(bureau=world.bureau, year=2100)
    message = "；".join(error.value.messages)
    assert "2100年的节假日安排尚未公布" in message and "手工录入" in message
    assert not CalendarDay.objects.exists()


def test_years_missing_are_unknown_years_without_rows(world):
    calendar_day_save(bureau=world.bureau, date=D(2099, 1, 1), kind=Kind.HOLIDAY, name="元旦")
    assert calendar_years_missing(world.bureau, [2100, 2024, 2099, 2100]) == [2100]
    assert calendar_years_missing(world.other_bureau, [2099]) == [2099]


def test_work_calendar_counts_the_2024_national_day_week(world):
    calendar_fill(bureau=world.bureau, year=2024)
    calendar = calendar_for(world.bureau.pk)
    assert not calendar.is_workday(D(2024, 10, 1)) and calendar.is_workday(D(2024, 10, 12))
    assert calendar.on_or_after(D(2024, 10, 3)) == D(2024, 10, 8)
    assert calendar.add(D(2024, 9, 27), 1) == D(2024, 9, 29)  # the Sunday worked in lieu
    assert calendar.between(D(2024, 9, 30), D(2024, 10, 8)) == 1
    # 29 Sep (Sun), 30 Sep, 8–11 Oct and 12 Oct (Sat).
    assert calendar.between(D(2024, 9, 27), D(2024, 10, 12)) == 7
    span = [D(2024, 9, 27) + dt.timedelta(days=n) for n in range(1, 16)]
    assert calendar.between(D(2024, 9, 27), D(2024, 10, 12)) == sum(
        chinese_calendar.is_workday(day) for day in span
    )


# Where it runs --------------------------------------------------------------------------------


def open_period(plan, month: int):
    start = D(plan.year, month, 1)
    return services.period_open(plan=plan, label=f"{plan.year}年{month}月", start=start,
                                end=start + dt.timedelta(days=27), due_date=start)  # fmt: skip


def test_opening_the_first_period_fills_the_plans_year(world):
    open_period(world.plan, 3)
    filled = rows(world.bureau, 2026)
    assert filled[D(2026, 10, 1)][:2] == (Kind.HOLIDAY, "国庆节")
    assert not CalendarDay.objects.filter(bureau=world.other_bureau).exists()


def test_a_year_with_rows_is_not_filled_again_when_a_plan_opens(world):
    calendar_day_save(bureau=world.bureau, date=D(2026, 5, 6), kind=Kind.HOLIDAY, name="局内")
    open_period(world.plan, 3)
    assert list(rows(world.bureau)) == [D(2026, 5, 6)]


def test_later_periods_and_unknown_years_fill_nothing(world):
    open_period(world.plan, 3)
    CalendarDay.objects.all().delete()
    open_period(world.plan, 4)
    assert not CalendarDay.objects.exists()
    future = PlanFactory(bureau=world.bureau, year=2100, title="2100年工作要点")
    open_period(future, 3)  # no error: the page warns instead
    assert not CalendarDay.objects.exists()


def test_fill_calendar_command(world):
    out = StringIO()
    call_command("fill_calendar", "--bureau", world.bureau.name, "--year", "2024", stdout=out)
    assert "新增" in out.getvalue()
    assert rows(world.bureau, 2024)[D(2024, 10, 1)][1] == "国庆节"
    call_command("fill_calendar", "--bureau", world.bureau.name, "--year", "2024", stdout=out)
    assert "已是最新" in out.getvalue()
    with pytest.raises(CommandError, match="2100年的节假日安排尚未公布"):
        call_command("fill_calendar", "--bureau", world.bureau.name, "--year", "2100")
    with pytest.raises(CommandError, match="没有名为"):
        call_command("fill_calendar", "--bureau", "不存在的局", "--year", "2024")


def test_seed_demo_fills_the_demo_years(db):
    from tasks.demo import DEMO_BUREAU

    call_command("seed_demo", stdout=StringIO())
    days = CalendarDay.objects.filter(bureau__name=DEMO_BUREAU)
    assert days.filter(date=D(2021, 10, 1), kind=Kind.HOLIDAY, name="国庆节").exists()
    # This year too, once the package has it (early in a year it may not yet).
    assert days.filter(date__year=this_year()).exists() == official_year_known(this_year())


# The office's page ----------------------------------------------------------------------------


def test_admin_sees_the_year_with_weekdays(world, bureau_admin, login):
    calendar_fill(bureau=world.bureau, year=2024)
    calendar_fill(bureau=world.other_bureau, year=2025)
    response = login(bureau_admin).get(PAGE, {"year": 2024})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<td>2024-10-01</td><td>星期二</td>" in body and "<td>国庆节调休</td>" in body
    assert "2024-02-04" in body and "国家公布" in body
    assert "2025-" not in body and MISSING not in body


def test_page_defaults_to_this_year(world, bureau_admin, login):
    body = login(bureau_admin).get(PAGE).content.decode()
    assert f"{this_year()}年" in body


def test_page_query_count_does_not_grow_with_rows(world, bureau_admin, login,
                                                  django_assert_num_queries):  # fmt: skip
    client = login(bureau_admin)
    calendar_day_save(bureau=world.bureau, date=D(2024, 10, 1), kind=Kind.HOLIDAY)
    client.get(PAGE, {"year": 2024})  # warm the session
    # Session, user (with its bureau), unread count, the days, the years with rows.
    with django_assert_num_queries(5) as few:
        client.get(PAGE, {"year": 2024})
    calendar_fill(bureau=world.bureau, year=2024)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(PAGE, {"year": 2024})


def test_import_by_plain_post(world, bureau_admin, login):
    client = login(bureau_admin)
    response = client.post(IMPORT, {"year": "2024"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{PAGE}?year=2024"
    body = response.content.decode()
    assert "已导入国家公布的2024年节假日安排" in body and "2024-10-12" in body
    assert rows(world.bureau, 2024)[D(2024, 10, 1)][1] == "国庆节"


def test_import_by_htmx_returns_the_fragment(world, bureau_admin, login):
    response = login(bureau_admin).post(IMPORT, {"year": "2024"}, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="calendar-days"' in body and "2024-10-01" in body and "新增" in body


def test_import_of_an_unknown_year_shows_the_error(world, bureau_admin, login):
    client = login(bureau_admin)
    page = client.post(IMPORT, {"year": "2100"}, follow=True).content.decode()
    assert "2100年的节假日安排尚未公布" in page and "2100" + MISSING in page
    fragment = client.post(IMPORT, {"year": "2100"}, headers=HX).content.decode()
    assert "<html" not in fragment and "2100年的节假日安排尚未公布（" in fragment
    assert not CalendarDay.objects.exists()


def test_missing_year_warning(world, bureau_admin, login):
    client = login(bureau_admin)
    assert "2100" + MISSING in client.get(PAGE, {"year": 2100}).content.decode()
    calendar_day_save(bureau=world.bureau, date=D(2100, 1, 1), kind=Kind.HOLIDAY, name="元旦")
    assert MISSING not in client.get(PAGE, {"year": 2100}).content.decode()
    # A year the package knows is not "missing", imported or not.
    assert MISSING not in client.get(PAGE, {"year": 2025}).content.decode()


def test_add_change_and_delete_by_plain_post(world, bureau_admin, login):
    calendar_fill(bureau=world.bureau, year=2024)
    client = login(bureau_admin)
    added = client.post(SAVE, {"date": "2024-12-30", "kind": "holiday", "name": "局内休息"})
    assert added.status_code == 302 and added.url == f"{PAGE}?year=2024"
    changed = client.post(SAVE, {"date": "2024-10-07", "kind": "workday", "name": "值班"})
    assert changed.status_code == 302
    filled = rows(world.bureau, 2024)
    assert filled[D(2024, 12, 30)] == (Kind.HOLIDAY, "局内休息", Source.MANUAL)
    assert filled[D(2024, 10, 7)] == (Kind.WORKDAY, "值班", Source.MANUAL)

    day = CalendarDay.objects.get(bureau=world.bureau, date=D(2024, 10, 12))
    edit = client.get(PAGE, {"edit": day.pk}).content.decode()
    assert 'value="2024-10-12"' in edit
    page = client.post(delete_url(day), follow=True).content.decode()
    assert "已删除2024年10月12日" in page
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_add_and_delete_by_htmx(world, bureau_admin, login):
    client = login(bureau_admin)
    response = client.post(SAVE, {"date": "2024-10-01", "kind": "holiday", "name": "国庆节",
                                  "year": "2024"}, headers=HX)  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "已保存2024年10月1日" in body and "2024-10-01" in body
    day = CalendarDay.objects.get(bureau=world.bureau, date=D(2024, 10, 1))
    response = client.post(delete_url(day), headers=HX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "已删除" in body
    assert not CalendarDay.objects.exists()


def test_invalid_day_shows_the_errors(world, bureau_admin, login):
    client = login(bureau_admin)
    plain = client.post(SAVE, {"date": "2024-13-40", "kind": "holiday", "year": "2024"})
    assert plain.status_code == 400 and "日期格式应为" in plain.content.decode()
    fragment = client.post(SAVE, {"date": "", "kind": "nap", "year": "2024"}, headers=HX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and "请填写日期" in body
    assert not CalendarDay.objects.exists()


def test_posts_need_the_csrf_token(world, bureau_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bureau_admin)
    assert client.post(IMPORT, {"year": "2024"}).status_code == 403
    page = client.get(PAGE, {"year": 2024})
    token = page.cookies["csrftoken"].value
    response = client.post(IMPORT, {"year": "2024"}, headers={**HX, "X-CSRFToken": token})
    assert response.status_code == 200 and CalendarDay.objects.exists()


@pytest.mark.parametrize("who", ["unit_staff", "leader"])
def test_staff_and_leaders_get_403(world, request, login, who):
    calendar_fill(bureau=world.bureau, year=2024)
    day = CalendarDay.objects.filter(bureau=world.bureau).first()
    before = rows(world.bureau)
    client = login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.post(IMPORT, {"year": "2025"}).status_code == 403
    assert client.post(SAVE, {"date": "2024-10-08", "kind": "holiday"}).status_code == 403
    assert client.post(delete_url(day)).status_code == 403
    assert rows(world.bureau) == before


def test_another_bureaus_admin_cannot_see_or_touch_our_days(world, other_bureau_admin, login):
    calendar_fill(bureau=world.bureau, year=2024)
    day = CalendarDay.objects.get(bureau=world.bureau, date=D(2024, 10, 1))
    before = rows(world.bureau)
    client = login(other_bureau_admin)
    page = client.get(PAGE, {"year": 2024}).content.decode()
    assert "<td>2024-10-01</td>" not in page and "<td>国庆节调休</td>" not in page
    assert client.get(PAGE, {"edit": day.pk}).status_code == 404
    assert client.post(delete_url(day)).status_code == 404
    assert client.post(delete_url(day), headers=HX).status_code == 404
    # Saving the same date makes the other bureau's own row; ours is untouched.
    client.post(SAVE, {"date": "2024-10-01", "kind": "workday", "name": "他局"})
    assert client.post(IMPORT, {"year": "2025"}).status_code == 302
    assert rows(world.bureau) == before
    assert rows(world.other_bureau, 2024) == {D(2024, 10, 1): (Kind.WORKDAY, "他局", "manual")}


def test_nav_links_to_the_calendar_for_admins_only(world, bureau_admin, unit_staff, login):
    assert PAGE in login(bureau_admin).get(reverse("tasks:review-list")).content.decode()
    assert PAGE not in login(unit_staff).get(reverse("tasks:my-tasks")).content.decode()


def test_plan_periods_page_warns_when_the_plans_year_is_missing(world, bureau_admin, login):
    client = login(bureau_admin)
    future = PlanFactory(bureau=world.bureau, year=2100, title="2100年工作要点")
    page = client.get(reverse("tasks:plan-periods", args=[future.pk])).content.decode()
    assert "2100" + MISSING in page and f"{PAGE}?year=2100" in page
    known = client.get(reverse("tasks:plan-periods", args=[world.plan.pk])).content.decode()
    assert MISSING not in known


# Django admin ---------------------------------------------------------------------------------


def test_admin_changelist_is_scoped_to_the_bureau(world, bureau_admin, login):
    calendar_fill(bureau=world.bureau, year=2024)
    calendar_day_save(bureau=world.other_bureau, date=D(2024, 5, 20), kind=Kind.HOLIDAY,
                      name="他局的假日")  # fmt: skip
    client = login(bureau_admin)
    listing = client.get(reverse("admin:tasks_calendarday_changelist"), {"date__year": 2024})
    body = listing.content.decode()
    assert listing.status_code == 200 and "国庆节调休" in body and "他局的假日" not in body
    theirs = CalendarDay.objects.get(bureau=world.other_bureau)
    change = reverse("admin:tasks_calendarday_change", args=[theirs.pk])
    assert client.get(change).status_code in (302, 404)  # Django redirects to the index


def test_admin_add_forces_the_bureau_and_marks_the_day_manual(world, bureau_admin, login):
    calendar_fill(bureau=world.bureau, year=2024)
    client = login(bureau_admin)
    add = reverse("admin:tasks_calendarday_add")
    form = client.get(add).content.decode()
    assert 'name="bureau"' not in form
    response = client.post(add, {"date": "2024-12-30", "kind": "holiday", "name": "局内"})
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=D(2024, 12, 30))
    assert (day.bureau_id, day.source) == (world.bureau.pk, Source.MANUAL)
    # A date the bureau has already is a form error, not a crash.
    duplicate = client.post(add, {"date": "2024-10-01", "kind": "workday", "name": ""})
    assert duplicate.status_code == 200 and "本机构已有这一天的记录" in duplicate.content.decode()
    official = CalendarDay.objects.get(bureau=world.bureau, date=D(2024, 10, 1))
    change = reverse("admin:tasks_calendarday_change", args=[official.pk])
    client.post(change, {"date": "2024-10-01", "kind": "holiday", "name": "国庆"})
    official.refresh_from_db()
    assert (official.name, official.source) == ("国庆", Source.MANUAL)
