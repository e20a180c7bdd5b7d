"""The office's working-day calendar: a year's holidays and 调休 working days, imported from the
national arrangement or entered by hand. Only the bureau's own rows are ever loaded.

HTMX requests get the #calendar-days fragment back; plain form posts are redirected to the
page with a message, so everything works without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from tasks.forms import CalendarDayForm, CalendarImportForm, CalendarYearForm
from tasks.models import CalendarDay
from tasks.services.calendar import (
    calendar_day_delete,
    calendar_day_save,
    calendar_fill,
    calendar_years_missing,
    fill_summary,
    official_year_known,
    this_year,
)
from workplans.http import HtmxHttpRequest

CALENDAR_PAGE = "tasks/calendar.html"
WEEKDAYS = "一二三四五六日"


def _require_admin(request: HtmxHttpRequest) -> None:
    if not request.user.is_bureau_admin:
        raise PermissionDenied("只有督查室（管理员）可以维护工作日历。")


def _page_url(year: int) -> str:
    return f"{reverse('tasks:calendar')}?year={year}"


def _posted_year(request: HtmxHttpRequest) -> int:
    form = CalendarYearForm(request.POST)
    return (form.is_valid() and form.cleaned_data["year"]) or this_year()


def _render(
    request: HtmxHttpRequest,
    year: int,
    day_form: CalendarDayForm | None = None,
    *,
    notice: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    bureau = request.user.bureau
    days = list(CalendarDay.objects.filter(bureau=bureau, date__year=year).order_by("date"))
    for day in days:
        day.weekday_name = "星期" + WEEKDAYS[day.date.weekday()]
    context = {
        "year": year,
        "days": days,
        "day_form": day_form or CalendarDayForm(initial={"kind": CalendarDay.Kind.HOLIDAY}),
        "year_missing": bool(calendar_years_missing(bureau, [year])),
        "official_known": official_year_known(year),
        "notice": notice,
        "error": error,
    }
    # A history restore after hx-push-url asks for the whole page.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = CALENDAR_PAGE + ("#calendar-days" if fragment else "")
    return render(request, template, context, status=status)


@require_GET
@vary_on_headers("HX-Request")
def calendar_page(request: HtmxHttpRequest) -> HttpResponse:
    _require_admin(request)
    form = CalendarYearForm(request.GET)
    if not form.is_valid():
        raise BadRequest("年度无效")
    year = form.cleaned_data["year"] or this_year()
    day_form = None
    if form.cleaned_data["edit"]:
        day = get_object_or_404(
            CalendarDay, pk=form.cleaned_data["edit"], bureau_id=request.user.bureau_id
        )
        year = day.date.year
        day_form = CalendarDayForm(initial={"date": day.date, "kind": day.kind, "name": day.name})
    return _render(request, year, day_form)


@require_POST
def calendar_import(request: HtmxHttpRequest) -> HttpResponse:
    _require_admin(request)
    form = CalendarImportForm(request.POST)
    if not form.is_valid():
        raise BadRequest("年度无效")
    year = form.cleaned_data["year"]
    notice = error = ""
    try:
        counts = calendar_fill(bureau=request.user.bureau, year=year)
    except ValidationError as exc:
        error = "；".join(exc.messages)
    else:
        notice = f"已导入国家公布的{year}年节假日安排：{fill_summary(counts)}"
    if request.htmx:
        return _render(request, year, notice=notice, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(_page_url(year))


@require_POST
def calendar_day_save_view(request: HtmxHttpRequest) -> HttpResponse:
    _require_admin(request)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            day = calendar_day_save(bureau=request.user.bureau, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            notice = f"已保存{_described(day)}。"
            if request.htmx:
                return _render(request, day.date.year, notice=notice)
            messages.success(request, notice)
            return redirect(_page_url(day.date.year))
    # An htmx form with errors is re-rendered in place (200); a plain post gets the page (400).
    year = _posted_year(request)
    return _render(request, year, form, status=200 if request.htmx else 400)


@require_POST
def calendar_day_delete_view(request: HtmxHttpRequest, day_id: int) -> HttpResponse:
    _require_admin(request)
    # Another bureau's row is simply not found.
    day = get_object_or_404(CalendarDay, pk=day_id, bureau_id=request.user.bureau_id)
    year = day.date.year
    notice = f"已删除{_described(day)}。"
    calendar_day_delete(day=day)
    if request.htmx:
        return _render(request, year, notice=notice)
    messages.success(request, notice)
    return redirect(_page_url(year))


def _described(day: CalendarDay) -> str:
    name = f"，{day.name}" if day.name else ""
    return f"{day.date.year}年{day.date.month}月{day.date.day}日：{day.get_kind_display()}{name}"
