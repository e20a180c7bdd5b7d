"""Department staff's desk and task pages, the office's review queue, delays and periods.

Every view loads what it acts on through visible_to(user) (404 when the user may not see it),
then checks the action with task_access (403), validates with a form and calls one service.
HTMX requests get the changed fragment; plain form posts are redirected back.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from tasks import services
from tasks.access import task_access
from tasks.forms import (
    AttachmentForm,
    CommentForm,
    CooperationForm,
    DelayRequestForm,
    DeskFilterForm,
    ReceiptForm,
    ReportForm,
)
from tasks.models import Attachment, Cooperation, DelayRequest, ProgressReport, ReportingPeriod
from tasks.selectors import desk_for, task_timeline
from tasks.services.periods import reporting_period_for
from workplans.http import HtmxHttpRequest
from workplans.models import Target, Task, TaskUnit

TASK_PAGE = "tasks/task_detail.html"


def error_messages(error: ValidationError) -> tuple[str, dict]:
    """(message for the whole form, {field: message}) from a service's ValidationError."""
    if hasattr(error, "error_dict"):
        fields = {
            field: "；".join(e.messages[0] for e in errs)
            for field, errs in error.error_dict.items()
        }
        return "", fields
    return "；".join(error.messages), {}


# Desk ------------------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def my_tasks(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.is_unit_staff:
        raise PermissionDenied("“我的任务”供科室人员使用；请从“工作要点”查看全部任务。")
    form = DeskFilterForm(request.GET)
    if not form.is_valid():
        raise BadRequest("筛选条件无效")
    data = form.cleaned_data
    desk = desk_for(
        user=request.user,
        state=data["state"],
        section_id=data["section"],
        deadline_before=data["deadline_before"],
        query=data["q"],
    )
    form.show_sections(desk.sections)
    template = "tasks/my_tasks.html"
    if request.htmx:
        template += "#desk-table"
    return render(request, template, {"desk": desk, "filter_form": form})


# Task page -------------------------------------------------------------------------------


def load_task(request: HtmxHttpRequest, task_id: int) -> Task:
    queryset = Task.objects.visible_to(request.user).select_related("plan", "section", "parent")
    # Explicit orderings: the models' defaults would join and sort tasks and plans again.
    targets = Target.objects.order_by("order", "pk")
    assignments = TaskUnit.objects.select_related("unit").order_by("role", "unit__sort_order")
    queryset = queryset.prefetch_related(
        Prefetch("targets", queryset=targets), Prefetch("assignments", queryset=assignments)
    )
    return get_object_or_404(queryset, pk=task_id)


def _no_period_message(task: Task) -> str:
    last = task.plan.periods.order_by("-start").first()
    if last and last.status == ReportingPeriod.Status.CLOSED:
        return f"{last.label}已截止，不能再报送；请等待督查室开启下一期。"
    return "督查室尚未开启报送期，暂不能填报。"


def _task_context(request: HtmxHttpRequest, task: Task, **overrides) -> dict:
    access = task_access(request.user, task)
    today = timezone.localdate()
    period = reporting_period_for(task, today)
    targets = list(task.targets.all())
    report = cooperations = None
    if period:
        report = (
            ProgressReport.objects.filter(task=task, period=period)
            .select_related("author", "reviewer")
            .prefetch_related("actuals", "attachments")
            .first()
        )
        cooperations = Cooperation.objects.filter(task=task, period=period).select_related(
            "unit", "author"
        )
    own_units = request.user.unit_ids
    editable = report is None or report.status in ("draft", "returned")
    context = {
        "task": task,
        "access": access,
        "period": period,
        "report": report,
        "report_editable": bool(access.lead and period and editable),
        "report_form": ReportForm(
            initial=ReportForm.initial_from(report, targets, period), targets=targets
        ),
        "needs_explanation": services.task_needs_explanation(task, today),
        "cooperations": cooperations or [],
        "own_cooperation": next(
            (c.text for c in cooperations or [] if c.unit_id in request.user.unit_ids), ""
        ),
        "cooperation_form": CooperationForm(),
        "attachment_form": AttachmentForm(),
        "delay_form": DelayRequestForm(),
        "pending_delay": task.delay_requests.filter(status=DelayRequest.Status.PENDING).first(),
        "comment_form": CommentForm(),
        "comments": task.comments.select_related("author")[:10],
        "receipt": next(
            (
                a
                for a in task.assignments.all()
                if a.role == TaskUnit.Role.LEAD and a.unit_id in own_units
            ),
            None,
        ),
        "timeline": task_timeline(task=task),
        "escalations": task.escalations.select_related("unit", "period", "created_by")[:10],
        "subtasks": task.subtasks.visible_to(request.user).for_listing().order_by("order"),
        "error": "",
    }
    context.update(overrides)
    return context


@require_GET
def task_detail(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    template = TASK_PAGE + "#task-workspace" if request.htmx else TASK_PAGE
    return render(request, template, _task_context(request, task))


def workspace_response(
    request: HtmxHttpRequest, task: Task, *, ok: str = "", reload: bool = False, **overrides
) -> HttpResponse:
    """After an action: the refreshed workspace (htmx) or a redirect to the task page."""
    if request.htmx:
        if reload:  # the action changed the prefetched assignments (签收)
            task = load_task(request, task.pk)
        context = _task_context(request, task, notice=ok, **overrides)
        return render(request, TASK_PAGE + "#task-workspace", context)
    problem = overrides.get("error") or "；".join(overrides.get("field_errors", {}).values())
    if problem and ("report_form" in overrides or "delay_form" in overrides):
        # A plain form post keeps what was typed and shows each error beside its field.
        task = load_task(request, task.pk)
        return render(request, TASK_PAGE, _task_context(request, task, **overrides), status=400)
    if problem:
        messages.error(request, problem)
    elif ok:
        messages.success(request, ok)
    return redirect("tasks:task-detail", task.pk)


def form_problem(form) -> ValidationError:
    """A bound form's errors as one message naming each field, for the workspace's notice."""
    return ValidationError(
        "；".join(
            f"{form.fields[name].label}：{message}" if name in form.fields else message
            for name, messages_ in form.errors.items()
            for message in messages_
        )
    )


def refusal(
    request: HtmxHttpRequest, task: Task, error: ValidationError, **overrides
) -> HttpResponse:
    message, fields = error_messages(error)
    return workspace_response(request, task, error=message, field_errors=fields, **overrides)


def _save_report(request: HtmxHttpRequest, task: Task, *, submit: bool):
    """Save the posted report form; (report, None) or (None, an error response)."""
    targets = list(task.targets.all())
    form = ReportForm(request.POST, targets=targets)
    if not form.is_valid():
        return None, workspace_response(
            request, task, report_form=form, error="请按提示修改后再保存。"
        )
    data = form.cleaned_data
    if data["period"]:
        period = task.plan.periods.filter(pk=data["period"]).first()
        if period is None:
            return None, workspace_response(request, task, error="报送期不存在，请刷新页面。")
    else:
        period = reporting_period_for(task)
    if period is None:
        return None, workspace_response(request, task, error=_no_period_message(task))
    try:
        report = services.report_save(
            task=task,
            period=period,
            user=request.user,
            version=data["version"] or None,
            narrative=data["narrative"],
            percent=data["percent"],
            problems=data["problems"],
            next_steps=data["next_steps"],
            actuals=form.actuals(),
            submit=submit,
        )
    except ValidationError as exc:
        message, fields = error_messages(exc)
        for field, text in fields.items():
            if field in form.fields:
                form.add_error(field, text)
        if fields and not message:
            message = "请按提示修改后再保存。"
        return None, workspace_response(request, task, report_form=form, error=message)
    return report, None


@require_POST
def report_save(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以填报这项任务的进展。")
    submit = request.POST.get("action") == "submit"
    _, failed = _save_report(request, task, submit=submit)
    if failed:
        return failed
    return workspace_response(
        request, task, ok="已报送，等待督查室审核。" if submit else "草稿已保存。"
    )


@require_POST
def attachment_upload(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以上传佐证材料。")
    if "narrative" in request.POST:
        # The upload carries the report form too: what was typed is kept as a draft first.
        report, failed = _save_report(request, task, submit=False)
        if failed:
            return failed
    else:
        report = _current_report(task)
    if report is None:
        return workspace_response(
            request, task, error="请先填写工作进展并保存草稿，再上传佐证材料。"
        )
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return workspace_response(request, task, error="请选择要上传的文件。")
    try:
        services.attachment_add(report=report, user=request.user, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="材料已上传。")


def _current_report(task: Task) -> ProgressReport | None:
    period = reporting_period_for(task)
    return ProgressReport.objects.filter(task=task, period=period).first() if period else None


def _get_attachment(request: HtmxHttpRequest, attachment_id: int) -> Attachment:
    visible = Task.objects.visible_to(request.user)
    return get_object_or_404(
        Attachment.objects.select_related("report__task"),
        pk=attachment_id,
        report__task__in=visible,
    )


@require_GET
def attachment_download(request: HtmxHttpRequest, attachment_id: int) -> FileResponse:
    attachment = _get_attachment(request, attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@require_POST
def attachment_delete(request: HtmxHttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _get_attachment(request, attachment_id)
    task = attachment.report.task
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以删除佐证材料。")
    try:
        services.attachment_delete(attachment=attachment)
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="材料已删除。")


@require_POST
def cooperation_save(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).co:
        raise PermissionDenied("只有配合单位可以填写配合情况。")
    period = reporting_period_for(task)
    if period is None:
        return workspace_response(request, task, error=_no_period_message(task))
    form = CooperationForm(request.POST)
    if not form.is_valid():
        return refusal(request, task, form_problem(form))
    try:
        services.cooperation_save(
            task=task, period=period, user=request.user, text=form.cleaned_data.get("text", "")
        )
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="配合情况已保存，牵头单位填报时可以看到。")


@require_POST
def receipt(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以签收这项任务。")
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        raise BadRequest("签收操作无效")
    try:
        if form.cleaned_data["action"] == "confirm":
            services.receipt_confirm(task=task, user=request.user)
            ok = "已签收。"
        else:
            services.receipt_request_adjustment(
                task=task, user=request.user, reason=form.cleaned_data["reason"]
            )
            ok = "已提交调整申请，等待督查室处理。"
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok=ok, reload=True)


@require_POST
def delay_create(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).lead:
        raise PermissionDenied("只有牵头单位可以申请延期。")
    form = DelayRequestForm(request.POST)
    if not form.is_valid():
        return workspace_response(request, task, delay_form=form, error="请按提示修改延期申请。")
    try:
        services.delay_request(
            task=task,
            user=request.user,
            reason=form.cleaned_data["reason"],
            new_deadline=form.cleaned_data["new_deadline"],
        )
    except ValidationError as exc:
        message, fields = error_messages(exc)
        for field, text in fields.items():
            form.add_error(field if field in form.fields else None, text)
        return workspace_response(
            request, task, delay_form=form, error=message or "请按提示修改延期申请。"
        )
    return workspace_response(request, task, ok="延期申请已提交，等待督查室审批。")


@require_POST
def comment_add(request: HtmxHttpRequest, task_id: int) -> HttpResponse:
    task = load_task(request, task_id)
    if not task_access(request.user, task).leader:
        raise PermissionDenied("只有局领导可以批示。")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return refusal(request, task, form_problem(form))
    try:
        services.leader_comment_add(
            task=task, user=request.user, text=form.cleaned_data.get("text", "")
        )
    except ValidationError as exc:
        return refusal(request, task, exc)
    return workspace_response(request, task, ok="批示已发送，牵头单位在工作台上可以看到。")
