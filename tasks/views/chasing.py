"""Notifications, 催办, 督办单 and 通报."""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tasks.access import task_access
from tasks.forms import (
    NotificationSettingsForm,
    ReplyForm,
    UrgeForm,
)
from tasks.models import Escalation, ReportingPeriod
from tasks.notices import DOCX, notice_docx
from tasks.services.chasing import escalation_reply, urge_by_hand, urge_unit
from tasks.services.notify import mark_read
from tasks.views.workspace import form_problem, load_task, refusal, workspace_response
from workplans.http import HtmxHttpRequest
from workplans.models import Plan, Task, Unit
from workplans.services.plans import user_update_digest

# Notifications, 催办, 督办单 and 通报 ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if not form.is_valid():
            raise BadRequest("操作无效")
        if form.cleaned_data["action"] == "read_all":
            mark_read(user=request.user)
            messages.success(request, "已全部标为已读。")
        else:
            user_update_digest(user=request.user, daily_digest=form.cleaned_data["daily_digest"])
            messages.success(request, "通知设置已保存。")
        return redirect("tasks:notification-list")
    items = request.user.notifications.all()[:100]
    return render(request, "tasks/notification_list.html", {"items": items})


@require_GET
def notification_open(request: HtmxHttpRequest, notification_id: int) -> HttpResponse:
    item = get_object_or_404(request.user.notifications, pk=notification_id)
    mark_read(user=request.user, notification_ids=[item.pk])
    return redirect(item.url or "tasks:notification-list")


@require_POST
def task_urge(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).admin:
        raise PermissionDenied("只有督查室可以催办。")
    form = UrgeForm(request.POST)
    if not form.is_valid():
        return refusal(request, task, form_problem(form))
    try:
        urge_by_hand(task=task, user=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="已催办，牵头单位会收到通知。")


def _get_escalation(request: HtmxHttpRequest, escalation_id: int) -> Escalation:
    visible = Task.objects.visible_to(request.user)
    return get_object_or_404(
        Escalation.objects.select_related("task__plan", "task__section", "unit", "period"),
        pk=escalation_id,
        task__in=visible,
    )


@require_POST
def escalation_reply_view(request: HtmxHttpRequest, escalation_id: int) -> HttpResponse:
    escalation = _get_escalation(request, escalation_id)
    task = escalation.task
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有被催办的牵头单位可以回复。")
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return refusal(request, task, form_problem(form))
    try:
        escalation_reply(
            escalation=escalation, user=request.user, text=form.cleaned_data.get("reply", "")
        )
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="回复已提交。")


@require_GET
def notice_page(request: HtmxHttpRequest, escalation_id: int) -> HttpResponse:
    """The 督办单: a printable page, or a Word file with ?format=docx."""
    escalation = _get_escalation(request, escalation_id)
    if request.GET.get("format") == "docx":
        buffer = notice_docx(escalation)
        name = f"督办单-{escalation.unit.name}-{escalation.task.title[:20]}.docx"
        return FileResponse(buffer, as_attachment=True, filename=name, content_type=DOCX)
    return render(request, "tasks/notice.html", {"escalation": escalation})


@require_POST
def unit_urge(request: HtmxHttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    if not request.user.is_bureau_admin:
        raise PermissionDenied("只有督查室可以催办。")
    managed = Plan.objects.managed_by(request.user)
    period = get_object_or_404(ReportingPeriod, pk=period_id, plan__in=managed)
    unit = get_object_or_404(Unit, pk=unit_id, bureau_id=period.plan.bureau_id)
    form = UrgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form_problem(form).messages))
        return redirect("reports:period-bulletin", period.pk)
    try:
        urge_unit(
            period=period, unit=unit, user=request.user, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已催办{unit.name}，该单位人员会收到通知。")
    return redirect("reports:period-bulletin", period.pk)
