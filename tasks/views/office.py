"""The office's pages: the review queue, delay decisions, reporting periods and receipts."""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tasks import services
from tasks.forms import (
    DecisionForm,
    PeriodForm,
    ReviewForm,
)
from tasks.models import DelayRequest, ProgressReport, ReportingPeriod
from tasks.selectors import review_queue, with_cooperations
from tasks.services.calendar import calendar_years_missing
from tasks.services.chasing import receipt_remind
from tasks.views.workspace import error_messages
from workplans.http import HtmxHttpRequest
from workplans.models import Plan, TaskUnit

# The office: review, delays, periods, receipts --------------------------------------------


def _require_admin(request: HtmxHttpRequest) -> None:
    if not request.user.is_bureau_admin:
        raise PermissionDenied("只有督查室（管理员）可以进行这项操作。")


@require_GET
def review_list(request: HtmxHttpRequest) -> HttpResponse:
    _require_admin(request)
    reports = with_cooperations(list(review_queue(user=request.user)))
    delays = (
        DelayRequest.objects.filter(
            status=DelayRequest.Status.PENDING, task__plan__in=Plan.objects.managed_by(request.user)
        )
        .select_related("task", "unit", "requested_by")
        .order_by("created_at")
    )
    context = {"reports": reports, "delays": delays, "review_form": ReviewForm()}
    return render(request, "tasks/review_list.html", context)


@require_POST
def report_review(request: HtmxHttpRequest, report_id: int) -> HttpResponse:
    _require_admin(request)
    report = get_object_or_404(
        ProgressReport.objects.select_related("task__plan"),
        pk=report_id,
        task__plan__in=Plan.objects.managed_by(request.user),
    )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise BadRequest("审核操作无效")
    try:
        if form.cleaned_data["decision"] == "approve":
            services.report_approve(
                report=report, user=request.user, comment=form.cleaned_data["comment"]
            )
            ok = f"已通过“{report.task.title}”的报送。"
        else:
            services.report_return(
                report=report, user=request.user, comment=form.cleaned_data["comment"]
            )
            ok = f"已退回“{report.task.title}”的报送。"
    except ValidationError as exc:
        message, fields = error_messages(exc)
        error = message or "；".join(fields.values())
        if request.htmx:
            with_cooperations([report])
            context = {"report": report, "review_form": form, "error": error}
            return render(request, "tasks/_review_row.html", context)
        messages.error(request, error)
        return redirect("tasks:review-list")
    if request.htmx:
        remaining = review_queue(user=request.user).count()
        context = {"report": report, "notice": ok, "remaining": remaining}
        return render(request, "tasks/_review_done.html", context)
    messages.success(request, ok)
    return redirect("tasks:review-list")


@require_POST
def delay_decide(request: HtmxHttpRequest, delay_id: int) -> HttpResponse:
    _require_admin(request)
    delay = get_object_or_404(
        DelayRequest.objects.select_related("task"),
        pk=delay_id,
        task__plan__in=Plan.objects.managed_by(request.user),
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("审批操作无效")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.delay_decide(
            delay=delay, user=request.user, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        message, fields = error_messages(exc)
        messages.error(request, message or "；".join(fields.values()))
    else:
        verdict = "同意" if approve else "不同意"
        messages.success(request, f"已{verdict}“{delay.task.title}”延期至 {delay.new_deadline}。")
    return redirect("tasks:review-list")


def _managed_plan(request: HtmxHttpRequest, plan_id: int) -> Plan:
    _require_admin(request)
    return get_object_or_404(Plan.objects.managed_by(request.user), pk=plan_id)


@require_http_methods(["GET", "POST"])
def plan_periods(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                services.period_open(plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, f"已开启报送期“{form.cleaned_data['label']}”。")
                return redirect("tasks:plan-periods", plan.pk)
    else:
        form = PeriodForm(initial=services.period_suggest(plan=plan))
    periods = plan.periods.order_by("start")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "tasks/plan_periods.html",
        {
            "plan": plan,
            "periods": periods,
            "form": form,
            # No national arrangement yet and none entered: chasing counts Monday–Friday only.
            "calendar_missing": bool(calendar_years_missing(plan.bureau, [plan.year])),
        },
        status=status,
    )


@require_POST
def period_close(request: HtmxHttpRequest, period_id: int) -> HttpResponse:
    _require_admin(request)
    period = get_object_or_404(
        ReportingPeriod, pk=period_id, plan__in=Plan.objects.managed_by(request.user)
    )
    services.period_close(period=period)
    messages.success(request, f"“{period.label}”已截止。")
    return redirect("tasks:plan-periods", period.plan_id)


@require_GET
def plan_receipts(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    plan = _managed_plan(request, plan_id)
    assignments = (
        TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD)
        .select_related("task", "task__section", "unit", "receipt_by")
        .order_by("receipt", "unit__sort_order", "task__order")
    )
    counts = dict.fromkeys(TaskUnit.Receipt.values, 0)
    for assignment in assignments:
        counts[assignment.receipt] += 1
    return render(
        request,
        "tasks/plan_receipts.html",
        {"plan": plan, "assignments": assignments, "counts": counts},
    )


@require_POST
def receipt_reopen(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    _require_admin(request)
    managed = Plan.objects.managed_by(request.user)
    assignment = get_object_or_404(TaskUnit, pk=assignment_id, task__plan__in=managed)
    try:
        services.receipt_reopen(assignment=assignment)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, f"已通知{assignment.unit.name}重新签收“{assignment.task.title}”。"
        )
    return redirect("tasks:plan-receipts", assignment.task.plan_id)


@require_POST
def receipt_remind_view(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    _require_admin(request)
    managed = Plan.objects.managed_by(request.user)
    assignment = get_object_or_404(
        TaskUnit.objects.select_related("task", "unit"), pk=assignment_id, task__plan__in=managed
    )
    try:
        count = receipt_remind(assignment=assignment, user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if count:
            messages.success(request, f"已提醒{assignment.unit.name}（{count} 人）签收。")
        else:
            messages.error(request, f"{assignment.unit.name}还没有登记人员，请先在后台添加用户。")
    return redirect("tasks:plan-receipts", assignment.task.plan_id)
